import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '@tianheng/db/testing';
import { buildDataWorkbook } from '../excel/import-workbook.ts';
import { FIXTURE_PASSWORD, openTestApp, sessionCookie, type TestApp } from '../testing.ts';

interface Summary {
  id: string;
  staffNo: string;
  name: string;
  unitId: string;
  unitName: string;
  rank: string;
}

/** A multipart/form-data body with one .xlsx file. */
function multipart(file: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----tianheng-cache-test';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="import.xlsx"\r\n` +
      'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n',
  );
  return {
    payload: Buffer.concat([head, file, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

// The caches are forced on for PostgreSQL too: the rules must hold wherever they are used.
describe.each(testBackends())('read caches never serve stale data on %s', (backend) => {
  let t: TestApp;
  let office = '';
  beforeAll(async () => {
    t = await openTestApp(backend, { readCaches: true });
    office = await t.login('assessment_office');
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (cookie: string, url: string) =>
    t.app.inject({ method: 'GET', url, headers: { cookie } });
  const send = (
    cookie: string,
    method: 'POST' | 'PATCH' | 'PUT',
    url: string,
    payload: Record<string, unknown>,
  ) => t.app.inject({ method, url, headers: { cookie }, payload });
  const list = async (query = '') => {
    const res = await get(office, `/api/people${query}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    return res.json<{ items: Summary[]; total: number }>();
  };
  const accountId = (role: 'cadre' | 'unit_head' | 'leader') => t.t1.accounts[role];

  it('serves the people list from memory until a write, then shows the write', async () => {
    const before = await list('?pageSize=200');
    expect(t.app.readCaches?.people.size).toBe(1);

    const created = await send(office, 'POST', '/api/people', {
      staffNo: 'C001',
      name: '缓存新人',
      gender: 'female',
      unitId: t.t1.units.townSection.id,
      post: '科员',
      rank: 'general',
      validFrom: '2025-07-01',
    });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;
    const afterCreate = await list('?pageSize=200');
    expect(afterCreate.total).toBe(before.total + 1);
    expect(afterCreate.items.map((p) => p.id)).toContain(id);

    const moved = await send(office, 'POST', `/api/people/${id}/move`, {
      unitId: t.t1.units.deptSection.id,
      post: '副主任',
      rank: 'fugu',
      validFrom: '2025-09-01',
    });
    expect(moved.statusCode).toBe(200);
    const inDept = await list(`?unitId=${t.t1.units.dept.id}&q=缓存`);
    expect(inDept.items).toMatchObject([{ id, unitId: t.t1.units.deptSection.id, rank: 'fugu' }]);
    expect((await list(`?unitId=${t.t1.units.town.id}&q=缓存`)).total).toBe(0);

    const renamed = await send(office, 'PATCH', `/api/people/${id}`, { name: '缓存改名' });
    expect(renamed.statusCode).toBe(200);
    expect((await list('?q=缓存改名')).items).toMatchObject([{ id, name: '缓存改名' }]);

    const unit = await send(office, 'PATCH', `/api/units/${t.t1.units.deptSection.id}`, {
      name: '改名后的办公室',
    });
    expect(unit.statusCode).toBe(200);
    expect((await list('?q=缓存改名')).items).toMatchObject([{ unitName: '改名后的办公室' }]);

    // A new unit is filterable at once (the directory knows every unit's path).
    const newUnit = await send(office, 'POST', '/api/units', {
      parentId: t.t1.units.county.id,
      kind: 'department',
      name: '新设局',
    });
    expect(newUnit.statusCode).toBe(201);
    const newUnitId = newUnit.json<{ id: string }>().id;
    expect((await list(`?unitId=${newUnitId}`)).total).toBe(0);
    const movedUnit = await send(office, 'POST', `/api/units/${t.t1.units.deptSection.id}/move`, {
      parentId: newUnitId,
    });
    expect(movedUnit.statusCode).toBe(200);
    expect((await list(`?unitId=${newUnitId}&q=缓存`)).items).toMatchObject([{ id }]);
  });

  it('shows the people of an import at once', async () => {
    await list();
    const unitCode = await send(office, 'PATCH', `/api/units/${t.t1.units.town.id}`, {
      code: 'T001',
    });
    expect(unitCode.statusCode).toBe(200);
    const file = await buildDataWorkbook({
      units: [],
      people: [
        {
          staffNo: 'IMP1',
          name: '导入甲',
          gender: '男',
          birthDate: '',
          phone: '',
          unitCode: 'T001',
          post: '科员',
          rank: '一般干部',
          lines: '',
          villageCodes: '',
          validFrom: '2024-02-01',
        },
      ],
    });
    const body = multipart(file);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/import',
      headers: { cookie: office, ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(200);
    expect((await list('?q=导入甲')).items).toMatchObject([{ staffNo: 'IMP1' }]);
  });

  it('ends access at once on logout', async () => {
    const cookie = await t.login('cadre');
    expect((await get(cookie, '/api/auth/me')).statusCode).toBe(200);
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } }))
        .statusCode,
    ).toBe(200);
    expect((await get(cookie, '/api/auth/me')).statusCode).toBe(401);
  });

  it('ends access at once when the account is disabled or its password reset', async () => {
    const admin = await t.login('system_admin');
    const cadre = await t.login('cadre');
    expect((await get(cadre, '/api/people')).statusCode).toBe(200);
    const disabled = await send(admin, 'PATCH', `/api/accounts/${accountId('cadre')}`, {
      disabled: true,
    });
    expect(disabled.statusCode).toBe(200);
    expect((await get(cadre, '/api/people')).statusCode).toBe(401);
    expect(
      (await send(admin, 'PATCH', `/api/accounts/${accountId('cadre')}`, { disabled: false }))
        .statusCode,
    ).toBe(200);

    const head = await t.login('unit_head');
    expect((await get(head, '/api/people')).statusCode).toBe(200);
    const reset = await send(
      admin,
      'POST',
      `/api/accounts/${accountId('unit_head')}/reset-password`,
      {
        newPassword: 'Reset-Pass-2',
      },
    );
    expect(reset.statusCode).toBe(200);
    expect((await get(head, '/api/people')).statusCode).toBe(401);
  });

  it('applies a grant change to the next request and a password change to other sessions', async () => {
    const admin = await t.login('system_admin');
    const leader = await t.login('leader');
    const mine = async () =>
      (await get(leader, '/api/people?pageSize=200')).json<{ total: number }>().total;
    const before = await mine();
    const widened = await send(admin, 'PUT', `/api/accounts/${accountId('leader')}/grants`, {
      grants: [{ role: 'leader', scope: 'tenant', unitId: null }],
    });
    expect(widened.statusCode).toBe(200);
    const everyone = (await list('?pageSize=200')).total;
    expect(before).toBeLessThan(everyone);
    expect(await mine()).toBe(everyone);

    const other = await t.login('leader');
    const changed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie: leader },
      payload: { currentPassword: FIXTURE_PASSWORD, newPassword: 'Changed-Pass-3' },
    });
    expect(changed.statusCode).toBe(200);
    expect((await get(other, '/api/auth/me')).statusCode).toBe(401);
    expect((await get(leader, '/api/auth/me')).statusCode).toBe(200);
  });

  it('still ends an idle session after exactly 30 minutes by the injected clock', async () => {
    const start = new Date('2026-03-05T08:00:00Z');
    t.setNow(start);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { tenant: 't1', username: 'supervision_office', password: FIXTURE_PASSWORD },
    });
    const cookie = sessionCookie(res);
    const at = (ms: number) => t.setNow(new Date(start.getTime() + ms));
    // Within a minute of the last touch the request is served without writing last_seen_at,
    // so the idle clock still runs from the login.
    at(30_000);
    expect((await get(cookie, '/api/auth/me')).statusCode).toBe(200);
    at(30 * 60_000 - 1);
    expect((await get(cookie, '/api/auth/me')).statusCode).toBe(200);
    // That request was more than a minute after the login, so it moved last_seen_at.
    const touched = start.getTime() + 30 * 60_000 - 1;
    t.setNow(new Date(touched + 30 * 60_000 - 1));
    expect((await get(cookie, '/api/auth/me')).statusCode).toBe(200);
    const lastTouch = touched + 30 * 60_000 - 1;
    t.setNow(new Date(lastTouch + 30 * 60_000));
    const expired = await get(cookie, '/api/auth/me');
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ code: 'session-expired' });
    // And it stays ended, also when the clock goes back within the cache's lifetime.
    t.setNow(new Date(lastTouch + 1000));
    expect((await get(cookie, '/api/auth/me')).statusCode).toBe(401);
  });
});
