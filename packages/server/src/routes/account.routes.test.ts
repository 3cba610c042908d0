import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '@tianheng/db';
import { testBackends } from '@tianheng/db/testing';
import { createAccount } from '../index.ts';
import { systemContext } from '../context.ts';
import { FIXTURE_PASSWORD, openTestApp, type TestApp } from '../testing.ts';

interface Summary {
  id: string;
  username: string;
  personId: string | null;
  personName: string | null;
  disabled: boolean;
  locked: boolean;
  lockedUntil: string | null;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  grants: { role: string; scope: string; unitId: string | null; unitPath: string | null }[];
}

describe.each(testBackends())('account administration on %s', (backend) => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await openTestApp(backend);
    admin = await t.login('system_admin');
  });
  afterAll(async () => {
    await t.close();
  });

  const call = (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    url: string,
    payload?: object,
    cookie = admin,
  ) =>
    t.app.inject({
      method,
      url,
      headers: { cookie },
      ...(payload === undefined ? {} : { payload }),
    });

  const loginRaw = (username: string, password: string, tenant = 't1') =>
    t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { tenant, username, password },
    });

  const auditActions = async (objectId: string) =>
    (await listAudit(t.handle.db, t.t1.tenantId, { page: 1, pageSize: 200 })).items
      .filter((e) => e.objectId === objectId)
      .map((e) => e.action)
      .reverse();

  it('lists accounts with person names, grants and lock state, filtered and paged', async () => {
    const res = await call('GET', '/api/accounts?pageSize=2&page=2');
    expect(res.statusCode).toBe(200);
    const body = res.json<{ items: Summary[]; total: number }>();
    expect(body.total).toBe(6);
    expect(body.items.map((a) => a.username)).toEqual(['leader', 'supervision_office']);
    expect(body.items[0]).toEqual({
      id: t.t1.accounts.leader,
      username: 'leader',
      personId: t.t1.people.leader,
      personName: '领导丙',
      disabled: false,
      locked: false,
      lockedUntil: null,
      mustChangePassword: false,
      lastLoginAt: null,
      grants: [
        {
          role: 'leader',
          scope: 'subtree',
          unitId: t.t1.units.town.id,
          unitPath: t.t1.units.town.path,
        },
      ],
    });
    const q = await call('GET', `/api/accounts?q=${encodeURIComponent('主任')}`);
    expect(q.json<{ items: Summary[] }>().items.map((a) => a.username)).toEqual(['unit_head']);
    const me = (await call('GET', '/api/accounts?q=system_admin')).json<{ items: Summary[] }>();
    expect(me.items[0]?.lastLoginAt).toBe(t.now().toISOString());
    expect((await call('GET', '/api/accounts?pageSize=500')).statusCode).toBe(400);
  });

  it('creates an account that must change its password at first login, audited', async () => {
    const res = await call('POST', '/api/accounts', {
      username: 'new.head',
      personId: t.t1.people.deptCadre,
      initialPassword: 'Initial-Pass-1',
      grants: [{ role: 'unit_head', scope: 'own_unit', unitId: t.t1.units.deptSection.id }],
    });
    expect(res.statusCode).toBe(201);
    const created = res.json<Summary>();
    expect(created).toMatchObject({
      username: 'new.head',
      personName: '干部己',
      mustChangePassword: true,
      disabled: false,
      grants: [
        {
          role: 'unit_head',
          scope: 'own_unit',
          unitId: t.t1.units.deptSection.id,
          unitPath: t.t1.units.deptSection.path,
        },
      ],
    });
    const login = await loginRaw('new.head', 'Initial-Pass-1');
    expect(login.statusCode).toBe(200);
    expect(login.json()).toMatchObject({ account: { mustChangePassword: true } });
    const cookie = `th_session=${login.cookies.find((c) => c.name === 'th_session')?.value}`;
    const blocked = await call('GET', '/api/accounts', undefined, cookie);
    expect(blocked.json()).toMatchObject({ code: 'password-change-required' });
    expect(await auditActions(created.id)).toEqual(['account.create', 'auth.login']);
    const entry = (
      await listAudit(t.handle.db, t.t1.tenantId, {
        action: 'account.create',
        page: 1,
        pageSize: 1,
      })
    ).items[0];
    expect(entry).toMatchObject({ actorUsername: 'system_admin', objectId: created.id });
    expect(JSON.stringify(entry?.detail)).not.toContain('Initial-Pass-1');
  });

  it('stores a tenant-wide grant without a unit', async () => {
    const res = await call('POST', '/api/accounts', {
      username: 'office2',
      initialPassword: 'Initial-Pass-1',
      grants: [{ role: 'assessment_office', scope: 'tenant', unitId: t.t1.units.town.id }],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json<Summary>()).toMatchObject({
      personId: null,
      grants: [{ role: 'assessment_office', scope: 'tenant', unitId: null, unitPath: null }],
    });
  });

  it.each([
    ['a taken username', { username: 'cadre' }, 409, { code: 'username-taken', field: 'username' }],
    [
      'a taken username with spaces around',
      { username: 'cadre ' },
      400,
      { code: 'invalid-input', field: 'username' },
    ],
    [
      'a short password',
      { initialPassword: 'Ab1!' },
      422,
      { code: 'password-too-short', field: 'initialPassword' },
    ],
    [
      'a weak password',
      { initialPassword: 'abcdefgh' },
      422,
      { code: 'password-too-weak', field: 'initialPassword' },
    ],
    [
      'a unit grant without a unit',
      { grants: [{ role: 'leader', scope: 'subtree', unitId: null }] },
      422,
      { code: 'grant-unit-required', field: 'grants.0.unitId' },
    ],
    [
      'a unit of another tenant',
      {
        grants: [
          { role: 'system_admin', scope: 'tenant', unitId: null },
          { role: 'leader', scope: 'subtree', unitId: 'T2_TOWN' },
        ],
      },
      404,
      { code: 'unit-not-found', field: 'grants.1.unitId' },
    ],
    [
      'a person of another tenant',
      { personId: 'T2_PERSON' },
      404,
      { code: 'person-not-found', field: 'personId' },
    ],
    ['an unknown role', { grants: [{ role: 'root', scope: 'tenant', unitId: null }] }, 400, {}],
    ['an extra field', { mustChangePassword: false }, 400, { code: 'invalid-input' }],
  ])('refuses %s', async (_label, override, status, body) => {
    const payload: Record<string, unknown> = {
      username: 'someone',
      initialPassword: 'Initial-Pass-1',
      grants: [],
      ...override,
    };
    const replaceIds = (value: unknown): unknown =>
      value === 'T2_TOWN'
        ? t.t2.units.town.id
        : value === 'T2_PERSON'
          ? t.t2.people.cadre
          : Array.isArray(value)
            ? value.map(replaceIds)
            : typeof value === 'object' && value !== null
              ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceIds(v)]))
              : value;
    const res = await call('POST', '/api/accounts', replaceIds(payload) as object);
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject(body);
    expect((await call('GET', '/api/accounts?q=someone')).json()).toMatchObject({ total: 0 });
  });

  it('lets the same username exist in another tenant', async () => {
    const res = await call('POST', '/api/accounts', {
      username: 'system_admin2',
      initialPassword: 'Initial-Pass-1',
      grants: [],
    });
    expect(res.statusCode).toBe(201);
    const t2admin = await t.login('system_admin', 't2');
    const again = await call(
      'POST',
      '/api/accounts',
      { username: 'system_admin2', initialPassword: 'Initial-Pass-1', grants: [] },
      t2admin,
    );
    expect(again.statusCode).toBe(201);
  });

  it('replaces grants of another account, audited with before and after, effective at once', async () => {
    const leader = await t.login('leader');
    const before = await call('GET', '/api/auth/me', undefined, leader);
    expect(before.json<{ grants: unknown[] }>().grants).toHaveLength(1);
    const res = await call('PUT', `/api/accounts/${t.t1.accounts.leader}/grants`, {
      grants: [
        { role: 'leader', scope: 'subtree', unitId: t.t1.units.town.id },
        { role: 'leader', scope: 'subtree', unitId: t.t1.units.dept.id },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(
      res
        .json<Summary>()
        .grants.map((g) => g.unitId)
        .sort(),
    ).toEqual([t.t1.units.town.id, t.t1.units.dept.id].sort());
    const me = await call('GET', '/api/auth/me', undefined, leader);
    expect(me.json<{ grants: unknown[] }>().grants).toHaveLength(2);
    const entry = (
      await listAudit(t.handle.db, t.t1.tenantId, {
        action: 'account.grants.replace',
        page: 1,
        pageSize: 1,
      })
    ).items[0];
    expect(entry?.detail).toEqual({
      before: [{ role: 'leader', scope: 'subtree', unitId: t.t1.units.town.id }],
      after: [
        { role: 'leader', scope: 'subtree', unitId: t.t1.units.town.id },
        { role: 'leader', scope: 'subtree', unitId: t.t1.units.dept.id },
      ],
    });
    // Put it back so other tests see the fixture.
    await call('PUT', `/api/accounts/${t.t1.accounts.leader}/grants`, {
      grants: [{ role: 'leader', scope: 'subtree', unitId: t.t1.units.town.id }],
    });
  });

  it('refuses to change one’s own grants and leaves them as they were', async () => {
    const res = await call('PUT', `/api/accounts/${t.t1.accounts.system_admin}/grants`, {
      grants: [],
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'cannot-change-own-grants' });
    const me = await call('GET', '/api/auth/me');
    expect(me.json<{ grants: unknown[] }>().grants).toHaveLength(1);
  });

  it('refuses bad grants and unknown accounts', async () => {
    const grants = [{ role: 'leader', scope: 'subtree', unitId: t.t2.units.town.id }];
    const foreign = await call('PUT', `/api/accounts/${t.t1.accounts.cadre}/grants`, { grants });
    expect(foreign.json()).toMatchObject({ code: 'unit-not-found', field: 'grants.0.unitId' });
    const other = await call('PUT', `/api/accounts/${t.t2.accounts.cadre}/grants`, { grants: [] });
    expect(other.statusCode).toBe(404);
    const bad = await call('PUT', `/api/accounts/not-a-uuid/grants`, { grants: [] });
    expect(bad.statusCode).toBe(400);
  });

  it('disables an account, ending its sessions, and enables it again', async () => {
    const cadre = await t.login('cadre');
    const res = await call('PATCH', `/api/accounts/${t.t1.accounts.cadre}`, { disabled: true });
    expect(res.statusCode).toBe(200);
    expect(res.json<Summary>().disabled).toBe(true);
    expect((await call('GET', '/api/auth/me', undefined, cadre)).statusCode).toBe(401);
    expect((await loginRaw('cadre', FIXTURE_PASSWORD)).json()).toMatchObject({
      code: 'account-disabled',
    });
    const enable = await call('PATCH', `/api/accounts/${t.t1.accounts.cadre}`, {
      disabled: false,
    });
    expect(enable.json<Summary>().disabled).toBe(false);
    expect((await loginRaw('cadre', FIXTURE_PASSWORD)).statusCode).toBe(200);
    const actions = await auditActions(t.t1.accounts.cadre);
    expect(actions).toEqual(
      expect.arrayContaining(['account.disable', 'account.enable', 'auth.login']),
    );
    expect(actions.indexOf('account.disable')).toBeLessThan(actions.indexOf('account.enable'));
  });

  it('refuses to let an administrator disable themselves', async () => {
    const res = await call('PATCH', `/api/accounts/${t.t1.accounts.system_admin}`, {
      disabled: true,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'cannot-disable-self', field: 'disabled' });
    expect((await call('GET', '/api/auth/me')).statusCode).toBe(200);
  });

  it('links and unlinks a person of the tenant only', async () => {
    const id = t.t1.accounts.supervision_office;
    const unlink = await call('PATCH', `/api/accounts/${id}`, { personId: null });
    expect(unlink.json<Summary>()).toMatchObject({ personId: null, personName: null });
    const link = await call('PATCH', `/api/accounts/${id}`, { personId: t.t1.people.supervisor });
    expect(link.json<Summary>()).toMatchObject({ personName: '督查室乙' });
    const foreign = await call('PATCH', `/api/accounts/${id}`, { personId: t.t2.people.cadre });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toMatchObject({ code: 'person-not-found', field: 'personId' });
    expect(await auditActions(id)).toEqual(['account.person.change', 'account.person.change']);
    expect((await call('PATCH', `/api/accounts/${t.t2.accounts.cadre}`, {})).statusCode).toBe(404);
  });

  it('resets a password: it must change at next login, old sessions end, a lock lifts', async () => {
    const start = t.now();
    const session = await t.login('unit_head');
    for (let i = 0; i < 5; i++) await loginRaw('unit_head', 'Wrong-pass-1');
    const locked = (await call('GET', '/api/accounts?q=unit_head')).json<{ items: Summary[] }>();
    expect(locked.items[0]).toMatchObject({ locked: true });
    expect(locked.items[0]?.lockedUntil).toBe(
      new Date(start.getTime() + 30 * 60_000).toISOString(),
    );
    const weak = await call('POST', `/api/accounts/${t.t1.accounts.unit_head}/reset-password`, {
      newPassword: 'weak',
    });
    expect(weak.json()).toMatchObject({ code: 'password-too-short', field: 'newPassword' });
    const res = await call('POST', `/api/accounts/${t.t1.accounts.unit_head}/reset-password`, {
      newPassword: 'Reset-Pass-9',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    expect((await call('GET', '/api/auth/me', undefined, session)).statusCode).toBe(401);
    expect((await loginRaw('unit_head', FIXTURE_PASSWORD)).statusCode).toBe(401);
    const fresh = await loginRaw('unit_head', 'Reset-Pass-9');
    expect(fresh.json()).toMatchObject({ account: { mustChangePassword: true } });
    expect(await auditActions(t.t1.accounts.unit_head)).toContain('account.password.reset');
    const other = await call('POST', `/api/accounts/${t.t2.accounts.cadre}/reset-password`, {
      newPassword: 'Reset-Pass-9',
    });
    expect(other.statusCode).toBe(404);
  });

  it('unlocks a locked account before the lock runs out', async () => {
    for (let i = 0; i < 5; i++) await loginRaw('assessment_office', 'Wrong-pass-1');
    expect((await loginRaw('assessment_office', FIXTURE_PASSWORD)).statusCode).toBe(423);
    const res = await call('POST', `/api/accounts/${t.t1.accounts.assessment_office}/unlock`);
    expect(res.json()).toEqual({ ok: true });
    expect((await loginRaw('assessment_office', FIXTURE_PASSWORD)).statusCode).toBe(200);
    const entry = (
      await listAudit(t.handle.db, t.t1.tenantId, {
        action: 'account.unlock',
        page: 1,
        pageSize: 1,
      })
    ).items[0];
    expect(entry).toMatchObject({
      objectId: t.t1.accounts.assessment_office,
      detail: { wasLocked: true },
    });
    expect(
      (await call('POST', `/api/accounts/${t.t2.accounts.assessment_office}/unlock`)).statusCode,
    ).toBe(404);
  });

  it('is for system administrators only; refusals are audited', async () => {
    const office = await t.login('assessment_office');
    for (const [method, url, payload] of [
      ['GET', '/api/accounts', undefined],
      [
        'POST',
        '/api/accounts',
        { username: 'sneaky', initialPassword: 'Initial-Pass-1', grants: [] },
      ],
      ['PATCH', `/api/accounts/${t.t1.accounts.cadre}`, { disabled: true }],
      ['PUT', `/api/accounts/${t.t1.accounts.assessment_office}/grants`, { grants: [] }],
      ['POST', `/api/accounts/${t.t1.accounts.cadre}/unlock`, undefined],
    ] as const) {
      const res = await call(method, url, payload, office);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
    const denied = await listAudit(t.handle.db, t.t1.tenantId, {
      actor: 'assessment_office',
      result: 'denied',
      page: 1,
      pageSize: 50,
    });
    expect(denied.total).toBe(5);
  });

  it('exports createAccount for the demo loader, with the password change optional', async () => {
    const ctx = systemContext(t.handle.db, t.t1.tenantId, t.now(), 'demo');
    const row = await createAccount(
      ctx,
      {
        username: 'demo.leader',
        initialPassword: 'Demo-Pass-1',
        grants: [{ role: 'leader', scope: 'subtree', unitId: t.t1.units.dept.id }],
      },
      { mustChangePassword: false },
    );
    expect(row).toMatchObject({ username: 'demo.leader', mustChangePassword: false });
    const login = await loginRaw('demo.leader', 'Demo-Pass-1');
    expect(login.json()).toMatchObject({ account: { mustChangePassword: false } });
    const entry = (
      await listAudit(t.handle.db, t.t1.tenantId, {
        actor: 'demo',
        action: 'account.create',
        page: 1,
        pageSize: 1,
      })
    ).items[0];
    expect(entry).toMatchObject({ actorAccountId: null, detail: { username: 'demo.leader' } });
  });
});
