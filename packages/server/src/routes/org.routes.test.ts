import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '@tianheng/db/testing';
import { findUnit } from '@tianheng/db';
import { openTestApp, type TestApp } from '../testing.ts';

interface UnitBody {
  id: string;
  parentId: string | null;
  kind: string;
  name: string;
  code: string | null;
  sortOrder: number;
  path: string;
  peopleCount: number;
}

describe.each(testBackends())('org tree routes on %s', (backend) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  beforeAll(async () => {
    t = await openTestApp(backend);
    for (const role of ['assessment_office', 'leader', 'cadre', 'unit_head', 'system_admin'])
      cookies[role] = await t.login(role);
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

  const auditActions = async (action: string) =>
    (
      await t.handle.db
        .selectFrom('audit_log')
        .select(['action', 'object_id', 'result'])
        .where('tenant_id', '=', t.t1.tenantId)
        .where('action', '=', action)
        .execute()
    ).map((r) => ({ objectId: r.object_id, result: r.result }));

  it('lists the whole tree to the assessment office in tree order with people counts', async () => {
    const res = await call('assessment_office', 'GET', '/api/units');
    expect(res.statusCode).toBe(200);
    const units = res.json<UnitBody[]>();
    expect(units).toHaveLength(6);
    expect(units[0]).toMatchObject({ id: t.t1.units.county.id, parentId: null, peopleCount: 3 });
    const seen = new Set<string>();
    for (const u of units) {
      if (u.parentId !== null) expect(seen.has(u.parentId)).toBe(true);
      seen.add(u.id);
    }
  });

  it('shows a leader their subtree and a cadre their unit, each with the ancestors that connect it', async () => {
    const leader = (await call('leader', 'GET', '/api/units')).json<UnitBody[]>();
    expect(leader.map((u) => u.id).sort()).toEqual(
      [
        t.t1.units.county.id,
        t.t1.units.town.id,
        t.t1.units.townSection.id,
        t.t1.units.village.id,
      ].sort(),
    );
    const cadre = (await call('cadre', 'GET', '/api/units')).json<UnitBody[]>();
    expect(cadre.map((u) => u.id)).toEqual([
      t.t1.units.county.id,
      t.t1.units.town.id,
      t.t1.units.townSection.id,
    ]);
    expect((await call('leader', 'GET', `/api/units/${t.t1.units.village.id}`)).statusCode).toBe(
      200,
    );
    expect((await call('leader', 'GET', `/api/units/${t.t1.units.dept.id}`)).statusCode).toBe(403);
  });

  it('creates a unit under a parent that admits its kind, audited, and refuses others', async () => {
    const created = await call('assessment_office', 'POST', '/api/units', {
      parentId: t.t1.units.town.id,
      kind: 'village',
      name: '李庄村',
      code: 'V-LZ',
    });
    expect(created.statusCode).toBe(201);
    const unit = created.json<UnitBody>();
    expect(unit).toMatchObject({
      parentId: t.t1.units.town.id,
      kind: 'village',
      code: 'V-LZ',
      path: `${t.t1.units.town.path}${unit.id}/`,
      peopleCount: 0,
    });
    expect(await auditActions('unit.create')).toEqual([{ objectId: unit.id, result: 'success' }]);

    const badKind = await call('assessment_office', 'POST', '/api/units', {
      parentId: t.t1.units.county.id,
      kind: 'village',
      name: '错位村',
    });
    expect(badKind.statusCode).toBe(422);
    expect(badKind.json()).toMatchObject({ code: 'unit-parent-kind-invalid', field: 'kind' });

    const taken = await call('assessment_office', 'POST', '/api/units', {
      parentId: t.t1.units.town.id,
      kind: 'village',
      name: '重码村',
      code: 'V-LZ',
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'code-taken', field: 'code' });

    const leader = await call('leader', 'POST', '/api/units', {
      parentId: t.t1.units.town.id,
      kind: 'village',
      name: '越权村',
    });
    expect(leader.statusCode).toBe(403);
    const invalid = await call('assessment_office', 'POST', '/api/units', {
      parentId: t.t1.units.town.id,
      kind: 'province',
      name: 'x',
    });
    expect(invalid.statusCode).toBe(400);
  });

  it('renames a unit and changes its code and sort order', async () => {
    const res = await call(
      'assessment_office',
      'PATCH',
      `/api/units/${t.t1.units.deptSection.id}`,
      {
        name: '局办公室',
        code: 'D-OFF',
        sortOrder: 5,
      },
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: '局办公室', code: 'D-OFF', sortOrder: 5 });
    const clash = await call('assessment_office', 'PATCH', `/api/units/${t.t1.units.dept.id}`, {
      code: 'D-OFF',
    });
    expect(clash.json()).toMatchObject({ code: 'code-taken' });
    // Setting a unit's own code again is not a clash.
    const same = await call(
      'assessment_office',
      'PATCH',
      `/api/units/${t.t1.units.deptSection.id}`,
      {
        code: 'D-OFF',
      },
    );
    expect(same.statusCode).toBe(200);
    expect((await auditActions('unit.update')).length).toBe(2);
  });

  it('moves a unit, rebasing its path, and refuses cycles and kinds that cannot nest', async () => {
    const moved = await call(
      'assessment_office',
      'POST',
      `/api/units/${t.t1.units.deptSection.id}/move`,
      {
        parentId: t.t1.units.town.id,
      },
    );
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({
      parentId: t.t1.units.town.id,
      path: `${t.t1.units.town.path}${t.t1.units.deptSection.id}/`,
    });
    expect(await auditActions('unit.move')).toHaveLength(1);

    const cycle = await call(
      'assessment_office',
      'POST',
      `/api/units/${t.t1.units.county.id}/move`,
      {
        parentId: t.t1.units.town.id,
      },
    );
    expect(cycle.statusCode).toBe(422);
    expect(cycle.json()).toMatchObject({ code: 'unit-move-cycle', field: 'parentId' });
    const self = await call('assessment_office', 'POST', `/api/units/${t.t1.units.town.id}/move`, {
      parentId: t.t1.units.town.id,
    });
    expect(self.json()).toMatchObject({ code: 'unit-move-cycle' });
    const kind = await call(
      'assessment_office',
      'POST',
      `/api/units/${t.t1.units.village.id}/move`,
      {
        parentId: t.t1.units.dept.id,
      },
    );
    expect(kind.statusCode).toBe(422);
    expect(kind.json()).toMatchObject({ code: 'unit-parent-kind-invalid' });
    expect(await auditActions('unit.move')).toHaveLength(1);
  });

  it('answers 404 for another tenant’s units and writes nothing there', async () => {
    const foreign = t.t2.units;
    expect(
      (await call('assessment_office', 'GET', `/api/units/${foreign.town.id}`)).json(),
    ).toMatchObject({
      code: 'unit-not-found',
    });
    const patch = await call('assessment_office', 'PATCH', `/api/units/${foreign.town.id}`, {
      name: '被改名',
    });
    expect(patch.statusCode).toBe(404);
    const create = await call('assessment_office', 'POST', '/api/units', {
      parentId: foreign.town.id,
      kind: 'village',
      name: '渗透村',
    });
    expect(create.statusCode).toBe(404);
    const moveInto = await call(
      'assessment_office',
      'POST',
      `/api/units/${t.t1.units.village.id}/move`,
      {
        parentId: foreign.town.id,
      },
    );
    expect(moveInto.statusCode).toBe(404);
    const moveOut = await call(
      'assessment_office',
      'POST',
      `/api/units/${foreign.village.id}/move`,
      {
        parentId: t.t1.units.town.id,
      },
    );
    expect(moveOut.statusCode).toBe(404);
    expect(await findUnit(t.handle.db, t.t2.tenantId, foreign.town.id)).toMatchObject({
      name: '东城镇',
    });
    expect(await findUnit(t.handle.db, t.t2.tenantId, foreign.village.id)).toMatchObject({
      parentId: foreign.town.id,
    });
    expect(await findUnit(t.handle.db, t.t1.tenantId, t.t1.units.village.id)).toMatchObject({
      parentId: t.t1.units.town.id,
    });
  });

  it('serves lookups with labels in both languages', async () => {
    const res = await call('cadre', 'GET', '/api/lookups');
    expect(res.statusCode).toBe(200);
    const body = res.json<{ unitKinds: { code: string; label: Record<string, string> }[] }>();
    expect(body.unitKinds).toContainEqual({
      code: 'village',
      label: { 'zh-CN': '村/社区', en: 'Village' },
    });
    expect(res.json()).toMatchObject({ lines: [] });
    expect((await t.app.inject({ method: 'GET', url: '/api/lookups' })).statusCode).toBe(401);
  });
});
