import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '@tianheng/db/testing';
import { FIXTURE_PASSWORD, openTestApp, sessionCookie, type TestApp } from '../testing.ts';

describe.each(testBackends())('auth on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(backend);
  });
  afterAll(async () => {
    await t.close();
  });

  const login = (username: string, password: string, tenant = 't1') =>
    t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { tenant, username, password },
    });

  it('signs in, reports who I am with my actions, and signs out', async () => {
    const res = await login('cadre', FIXTURE_PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'th_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Strict');
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: sessionCookie(res) },
    });
    expect(me.json()).toMatchObject({
      account: { username: 'cadre', personName: '干部戊' },
      tenant: { code: 't1' },
    });
    expect(me.json<{ actions: string[] }>().actions).toEqual([
      'unit.read',
      'person.read',
      'period.read',
      'score.read',
      'work.read',
      'workload.read',
      'document.read',
    ]);
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: sessionCookie(res) },
    });
    expect(out.statusCode).toBe(200);
    const after = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: sessionCookie(res) },
    });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ code: 'unauthenticated' });
  });

  it('locks the account after five wrong passwords and refuses even the right one until 30 minutes pass', async () => {
    const start = new Date('2026-03-02T03:00:00Z');
    t.setNow(start);
    const codes: string[] = [];
    for (let i = 0; i < 5; i++)
      codes.push((await login('leader', 'Wrong-pass-1')).json<{ code: string }>().code);
    expect(codes).toEqual([
      'invalid-credentials',
      'invalid-credentials',
      'invalid-credentials',
      'invalid-credentials',
      'account-locked',
    ]);
    const sixth = await login('leader', FIXTURE_PASSWORD);
    expect(sixth.statusCode).toBe(423);
    expect(sixth.json()).toMatchObject({ code: 'account-locked' });
    t.setNow(new Date(start.getTime() + 29 * 60_000));
    expect((await login('leader', FIXTURE_PASSWORD)).statusCode).toBe(423);
    t.setNow(new Date(start.getTime() + 31 * 60_000));
    expect((await login('leader', FIXTURE_PASSWORD)).statusCode).toBe(200);
  });

  it('ends a session after 30 idle minutes', async () => {
    const start = new Date('2026-03-02T05:00:00Z');
    t.setNow(start);
    const cookie = await t.login('unit_head');
    t.setNow(new Date(start.getTime() + 29 * 60_000));
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode,
    ).toBe(200);
    t.setNow(new Date(start.getTime() + 29 * 60_000 + 30 * 60_000));
    const expired = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ code: 'session-expired' });
  });

  it('does not let one tenant’s password open another tenant’s account of the same name', async () => {
    const res = await login('cadre', 'Wrong-pass-1', 't2');
    expect(res.statusCode).toBe(401);
    expect((await login('cadre', FIXTURE_PASSWORD, 'nope')).json()).toMatchObject({
      code: 'invalid-credentials',
    });
  });

  it('answers in English when asked and names the missing field', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'accept-language': 'en-US,en;q=0.9' },
      payload: { tenant: 't1', username: 'cadre' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      code: 'invalid-input',
      message: 'The input is not valid',
      field: 'password',
    });
    const zh = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { tenant: 't1', username: 'cadre' },
    });
    expect(zh.json<{ message: string }>().message).toBe('输入不符合要求');
  });

  it('turns malformed and oversized bodies into 4xx errors, never 500', async () => {
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"tenant":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'invalid-input' });
    const huge = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        tenant: 't1',
        username: 'x',
        password: 'y'.repeat(2 * 1024 * 1024),
      }),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toMatchObject({ code: 'body-too-large' });
    const wrongType = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'text/plain' },
      payload: 'hi',
    });
    expect(wrongType.statusCode).toBe(415);
  });

  it('makes an initial password be changed before anything else, enforcing the policy', async () => {
    const cookie = await t.login('supervision_office');
    const change = (currentPassword: string, newPassword: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: { cookie },
        payload: { currentPassword, newPassword },
      });
    expect((await change('bad', 'Abcdefg1')).json()).toMatchObject({
      code: 'wrong-current-password',
      field: 'currentPassword',
    });
    expect((await change(FIXTURE_PASSWORD, 'Ab1')).json()).toMatchObject({
      code: 'password-too-short',
      field: 'newPassword',
    });
    expect((await change(FIXTURE_PASSWORD, 'abcdefgh1')).json()).toMatchObject({
      code: 'password-too-weak',
    });
    expect((await change(FIXTURE_PASSWORD, 'New-Pass-2')).statusCode).toBe(200);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { tenant: 't1', username: 'supervision_office', password: 'New-Pass-2' },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('serves OpenAPI and health', async () => {
    const spec = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(spec.json<{ openapi: string; paths: Record<string, unknown> }>().paths).toHaveProperty(
      '/api/auth/login',
    );
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).json()).toEqual({
      status: 'ok',
      database: backend,
    });
    expect((await t.app.inject({ method: 'GET', url: '/api/nothing-here' })).json()).toMatchObject({
      code: 'not-found',
    });
  });
});
