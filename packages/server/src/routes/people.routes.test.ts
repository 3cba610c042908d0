import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '@tianheng/db/testing';
import { findOrCreateLines, listAssignments } from '@tianheng/db';
import { openTestApp, type TestApp } from '../testing.ts';

interface Summary {
  id: string;
  staffNo: string;
  name: string;
  unitId: string;
  rank: string;
  lines: { id: string; name: string }[];
  villages: { id: string; name: string }[];
}
interface Person extends Summary {
  birthDate: string | null;
  phone: string | null;
  history: { unitId: string; validFrom: string; validTo: string | null; reason: string | null }[];
}

describe.each(testBackends())('people routes on %s', (backend) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  let lineId = '';
  beforeAll(async () => {
    t = await openTestApp(backend);
    for (const role of ['assessment_office', 'leader', 'cadre', 'unit_head', 'system_admin'])
      cookies[role] = await t.login(role);
    lineId = (await findOrCreateLines(t.handle.db, t.t1.tenantId, ['安全生产'])).get(
      '安全生产',
    ) as string;
  });
  afterAll(async () => {
    await t.close();
  });

  const call = (
    role: string,
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: Record<string, unknown>,
  ) =>
    t.app.inject({
      method,
      url,
      headers: { cookie: cookies[role] ?? '' },
      ...(payload ? { payload } : {}),
    });
  const list = async (role: string, query = '') => {
    const res = await call(role, 'GET', `/api/people${query}`);
    expect(res.statusCode).toBe(200);
    return res.json<{ items: Summary[]; total: number }>();
  };

  it('creates people with lines and villages, audited, and refuses taken staff numbers', async () => {
    const created = await call('assessment_office', 'POST', '/api/people', {
      staffNo: 'N001',
      name: '孙七',
      gender: 'female',
      birthDate: '1990-02-03',
      phone: '13812345678',
      unitId: t.t1.units.townSection.id,
      post: '科员',
      rank: 'general',
      lineIds: [lineId],
      villageIds: [t.t1.units.village.id],
      validFrom: '2025-07-01',
    });
    expect(created.statusCode).toBe(201);
    const person = created.json<Person>();
    expect(person).toMatchObject({
      staffNo: 'N001',
      unitId: t.t1.units.townSection.id,
      birthDate: '1990-02-03',
      lines: [{ id: lineId, name: '安全生产' }],
      villages: [{ id: t.t1.units.village.id, name: '桃园村' }],
      history: [{ validFrom: '2025-07-01', validTo: null }],
    });
    const again = await call('assessment_office', 'POST', '/api/people', {
      staffNo: 'N001',
      name: '重号',
      gender: 'male',
      unitId: t.t1.units.town.id,
      post: '科员',
      rank: 'general',
      validFrom: '2025-07-01',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'staff-no-taken', field: 'staffNo' });
    const notVillage = await call('assessment_office', 'POST', '/api/people', {
      staffNo: 'N002',
      name: '周八',
      gender: 'male',
      unitId: t.t1.units.town.id,
      post: '科员',
      rank: 'general',
      villageIds: [t.t1.units.dept.id],
      validFrom: '2025-07-01',
    });
    expect(notVillage.statusCode).toBe(400);
    expect(notVillage.json()).toMatchObject({ code: 'invalid-input', field: 'villageIds' });
    const badDate = await call('assessment_office', 'POST', '/api/people', {
      staffNo: 'N003',
      name: '吴九',
      gender: 'male',
      unitId: t.t1.units.town.id,
      post: '科员',
      rank: 'general',
      validFrom: '2025-02-30',
    });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json()).toMatchObject({ field: 'validFrom' });
    const leader = await call('leader', 'POST', '/api/people', {
      staffNo: 'N004',
      name: '越权',
      gender: 'male',
      unitId: t.t1.units.town.id,
      post: '科员',
      rank: 'general',
      validFrom: '2025-07-01',
    });
    expect(leader.statusCode).toBe(403);
    const audit = await t.handle.db
      .selectFrom('audit_log')
      .select('object_id')
      .where('tenant_id', '=', t.t1.tenantId)
      .where('action', '=', 'person.create')
      .execute();
    expect(audit).toEqual([{ object_id: person.id }]);
  });

  it('filters by text, unit (with or without subtree), rank and line, and pages with a total', async () => {
    const all = await list('assessment_office');
    expect(all.total).toBe(8);
    expect((await list('assessment_office', '?q=孙')).items.map((p) => p.staffNo)).toEqual([
      'N001',
    ]);
    expect((await list('assessment_office', '?q=t000')).total).toBe(7);
    expect((await list('assessment_office', `?unitId=${t.t1.units.town.id}`)).total).toBe(4);
    expect(
      (await list('assessment_office', `?unitId=${t.t1.units.town.id}&subtree=false`)).total,
    ).toBe(1);
    expect((await list('assessment_office', '?rank=zhenggu')).total).toBe(2);
    expect((await list('assessment_office', `?lineId=${lineId}`)).items).toMatchObject([
      { staffNo: 'N001', lines: [{ name: '安全生产' }] },
    ]);
    const page = await list('assessment_office', '?page=3&pageSize=3');
    expect(page).toMatchObject({ total: 8 });
    expect(page.items.map((p) => p.staffNo)).toEqual(['T0006', 'T0007']);
    expect((await call('assessment_office', 'GET', '/api/people?pageSize=500')).statusCode).toBe(
      400,
    );
  });

  it('shows a leader their subtree, a unit head their unit and a cadre only themselves', async () => {
    const leader = await list('leader');
    expect(leader.items.map((p) => p.name).sort()).toEqual(
      ['领导丙', '主任丁', '干部戊', '孙七'].sort(),
    );
    expect((await list('unit_head')).total).toBe(3);
    const cadre = await list('cadre');
    expect(cadre.items.map((p) => p.id)).toEqual([t.t1.people.cadre]);
    // Filters cannot widen what a caller sees.
    expect((await list('cadre', `?unitId=${t.t1.units.county.id}`)).total).toBe(1);
    expect((await call('cadre', 'GET', `/api/people/${t.t1.people.cadre}`)).statusCode).toBe(200);
    expect((await call('cadre', 'GET', `/api/people/${t.t1.people.head}`)).statusCode).toBe(403);
    expect((await call('leader', 'GET', `/api/people/${t.t1.people.deptCadre}`)).statusCode).toBe(
      403,
    );
    expect((await call('leader', 'GET', `/api/people/${t.t1.people.head}`)).statusCode).toBe(200);
  });

  it('edits a person’s attributes and links', async () => {
    const res = await call('assessment_office', 'PATCH', `/api/people/${t.t1.people.head}`, {
      name: '主任丁丁',
      phone: '13911112222',
      lineIds: [lineId],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      name: '主任丁丁',
      phone: '13911112222',
      lines: [{ id: lineId }],
    });
    const clear = await call('assessment_office', 'PATCH', `/api/people/${t.t1.people.head}`, {
      phone: null,
      lineIds: [],
    });
    expect(clear.json()).toMatchObject({ phone: null, lines: [] });
  });

  it('moves a person, closing the current assignment the day before and keeping history', async () => {
    const url = `/api/people/${t.t1.people.deptCadre}/move`;
    const body = {
      unitId: t.t1.units.townSection.id,
      post: '副主任',
      rank: 'fugu',
      reason: '轮岗交流',
    };
    const early = await call('assessment_office', 'POST', url, {
      ...body,
      validFrom: '2024-01-01',
    });
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ code: 'effective-date-invalid', field: 'validFrom' });
    const moved = await call('assessment_office', 'POST', url, {
      ...body,
      validFrom: '2026-03-01',
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json<Person>()).toMatchObject({
      unitId: t.t1.units.townSection.id,
      post: '副主任',
      rank: 'fugu',
      history: [
        {
          unitId: t.t1.units.townSection.id,
          validFrom: '2026-03-01',
          validTo: null,
          reason: '轮岗交流',
        },
        { unitId: t.t1.units.deptSection.id, validFrom: '2024-01-01', validTo: '2026-02-28' },
      ],
    });
    // Now in the leader's subtree.
    expect((await call('leader', 'GET', `/api/people/${t.t1.people.deptCadre}`)).statusCode).toBe(
      200,
    );
    const sameDay = await call('assessment_office', 'POST', url, {
      ...body,
      validFrom: '2026-03-01',
    });
    expect(sameDay.json()).toMatchObject({ code: 'effective-date-invalid' });
    const audit = await t.handle.db
      .selectFrom('audit_log')
      .select(['object_id', 'detail'])
      .where('tenant_id', '=', t.t1.tenantId)
      .where('action', '=', 'person.move')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.detail).toMatchObject({ toUnitId: t.t1.units.townSection.id });
  });

  it('answers 404 for another tenant’s people and units and writes nothing', async () => {
    const foreignPerson = t.t2.people.cadre;
    expect(
      (await call('assessment_office', 'GET', `/api/people/${foreignPerson}`)).json(),
    ).toMatchObject({ code: 'person-not-found' });
    expect(
      (await call('assessment_office', 'PATCH', `/api/people/${foreignPerson}`, { name: 'x' }))
        .statusCode,
    ).toBe(404);
    const moveForeign = await call(
      'assessment_office',
      'POST',
      `/api/people/${foreignPerson}/move`,
      {
        unitId: t.t1.units.town.id,
        post: 'x',
        rank: 'general',
        validFrom: '2026-06-01',
      },
    );
    expect(moveForeign.statusCode).toBe(404);
    const moveInto = await call(
      'assessment_office',
      'POST',
      `/api/people/${t.t1.people.cadre}/move`,
      {
        unitId: t.t2.units.town.id,
        post: 'x',
        rank: 'general',
        validFrom: '2026-06-01',
      },
    );
    expect(moveInto.statusCode).toBe(404);
    const createInto = await call('assessment_office', 'POST', '/api/people', {
      staffNo: 'X001',
      name: '渗透',
      gender: 'male',
      unitId: t.t2.units.town.id,
      post: '科员',
      rank: 'general',
      validFrom: '2025-07-01',
    });
    expect(createInto.statusCode).toBe(404);
    const withForeignVillage = await call('assessment_office', 'POST', '/api/people', {
      staffNo: 'X002',
      name: '渗透',
      gender: 'male',
      unitId: t.t1.units.town.id,
      post: '科员',
      rank: 'general',
      villageIds: [t.t2.units.village.id],
      validFrom: '2025-07-01',
    });
    expect(withForeignVillage.statusCode).toBe(400);
    expect(await listAssignments(t.handle.db, t.t2.tenantId, foreignPerson)).toHaveLength(1);
    expect(await listAssignments(t.handle.db, t.t1.tenantId, t.t1.people.cadre)).toHaveLength(1);
    expect((await list('assessment_office', '?q=X00')).total).toBe(0);
  });
});
