import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '@tianheng/db/testing';
import { openTestApp, type TestApp } from '../testing.ts';

interface Entry {
  id: string;
  at: string;
  actorAccountId: string | null;
  actorUsername: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  result: string;
  detail: Record<string, unknown>;
  ip: string | null;
}

describe.each(testBackends())('audit browser on %s', (backend) => {
  let t: TestApp;
  let admin: string;
  const t0 = new Date('2026-03-02T02:00:00Z');
  const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

  beforeAll(async () => {
    t = await openTestApp(backend);
    // A small history in t1 at known times, and noise in t2.
    t.setNow(at(0));
    admin = await t.login('system_admin');
    t.setNow(at(1));
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { tenant: 't1', username: 'cadre', password: 'Wrong-pass-1' },
    });
    t.setNow(at(2));
    const office = await t.login('assessment_office');
    await t.app.inject({ method: 'GET', url: '/api/audit', headers: { cookie: office } });
    t.setNow(at(3));
    await t.app.inject({
      method: 'POST',
      url: `/api/accounts/${t.t1.accounts.leader}/unlock`,
      headers: { cookie: admin },
    });
    await t.login('system_admin', 't2');
    t.setNow(at(4));
  });
  afterAll(async () => {
    await t.close();
  });

  const get = async (query = '', cookie = admin) => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/audit${query}`,
      headers: { cookie },
    });
    return { res, body: res.json<{ items: Entry[]; total: number }>() };
  };

  it('lists the tenant’s entries newest first, with who, what, when and from where', async () => {
    const { res, body } = await get();
    expect(res.statusCode).toBe(200);
    expect(body.items.map((e) => `${e.action}:${e.actorUsername}:${e.result}`)).toEqual([
      'account.unlock:system_admin:success',
      'audit.read:assessment_office:denied',
      'auth.login:assessment_office:success',
      'auth.login:cadre:failure',
      'auth.login:system_admin:success',
    ]);
    expect(body.total).toBe(5);
    expect(body.items[0]).toMatchObject({
      at: at(3).toISOString(),
      actorAccountId: t.t1.accounts.system_admin,
      objectType: 'account',
      objectId: t.t1.accounts.leader,
      ip: '127.0.0.1',
    });
    expect(body.items[1]?.detail).toEqual({ method: 'GET', path: '/api/audit' });
    expect(body.items[3]?.detail).toEqual({ reason: 'wrong-password' });
    expect(typeof body.items[0]?.id).toBe('string');
  });

  it.each([
    ['?action=auth.', ['auth.login', 'auth.login', 'auth.login']],
    ['?actor=OFFICE', ['audit.read', 'auth.login']],
    ['?result=denied', ['audit.read']],
    ['?objectType=endpoint', ['audit.read']],
    [`?from=${at(2).toISOString()}`, ['account.unlock', 'audit.read', 'auth.login']],
    [`?to=${at(1).toISOString()}`, ['auth.login', 'auth.login']],
    [
      `?from=${encodeURIComponent('2026-03-02T10:01:00+08:00')}&to=${at(2).toISOString()}`,
      ['audit.read', 'auth.login', 'auth.login'],
    ],
    ['?actor=cadre&result=success', []],
  ])('filters %s', async (query, expected) => {
    const { res, body } = await get(query);
    expect(res.statusCode).toBe(200);
    expect(body.items.map((e) => e.action)).toEqual(expected);
    expect(body.total).toBe(expected.length);
  });

  it('pages', async () => {
    const { body } = await get('?page=2&pageSize=2');
    expect(body.total).toBe(5);
    expect(body.items.map((e) => e.actorUsername)).toEqual(['assessment_office', 'cadre']);
  });

  it.each([['?from=yesterday'], ['?result=maybe'], ['?pageSize=201'], ['?page=0'], ['?id=1']])(
    'refuses a malformed query %s',
    async (query) => {
      const { res } = await get(query);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'invalid-input' });
    },
  );

  it('is for system administrators only', async () => {
    for (const role of [
      'assessment_office',
      'supervision_office',
      'leader',
      'unit_head',
      'cadre',
    ] as const) {
      const { res } = await get('', await t.login(role));
      expect(res.statusCode, role).toBe(403);
    }
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/audit' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('shows another tenant only its own log', async () => {
    const { body } = await get('?pageSize=200', await t.login('system_admin', 't2'));
    expect(
      body.items.every(
        (e) => e.actorAccountId === null || e.actorAccountId === t.t2.accounts.system_admin,
      ),
    ).toBe(true);
    expect(body.items.some((e) => e.objectId === t.t1.accounts.leader)).toBe(false);
  });

  it.each(['PUT', 'PATCH', 'DELETE', 'POST'] as const)(
    'has no route to %s the log or an entry',
    async (method) => {
      const { body } = await get('?pageSize=1');
      const id = body.items[0]?.id ?? '1';
      for (const url of ['/api/audit', `/api/audit/${id}`]) {
        const res = await t.app.inject({
          method,
          url,
          headers: { cookie: admin },
          payload: { action: 'forged' },
        });
        expect([404, 405], `${method} ${url}`).toContain(res.statusCode);
      }
      expect((await get('?action=forged')).body.total).toBe(0);
    },
  );
});
