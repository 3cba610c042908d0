import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../connect.ts';
import { openTestDatabase, seedTestTenant, testBackends, type TestTenant } from '../testing.ts';
import {
  bulkInsertUnits,
  findUnit,
  findUnitIdByCode,
  insertUnit,
  listUnits,
  loadUnitBaseline,
  moveUnit,
  nextSortOrders,
  updateUnit,
} from './org.repository.ts';

describe.each(testBackends())('org repository on %s', (backend) => {
  let handle: DatabaseHandle;
  let t1: TestTenant;
  let t2: TestTenant;
  const now = new Date('2026-03-02T02:00:00Z');
  beforeAll(async () => {
    handle = await openTestDatabase(backend);
    t1 = await seedTestTenant(handle.db, 't1', 'x');
    t2 = await seedTestTenant(handle.db, 't2', 'x');
  });
  afterAll(async () => {
    await handle.close();
  });

  it('lists all units with direct people counts, parents before children', async () => {
    const units = await listUnits(handle.db, t1.tenantId, { kind: 'all' });
    expect(units).toHaveLength(6);
    expect(units[0]?.unitId).toBe(t1.units.county.id);
    const count = (id: string) => units.find((u) => u.unitId === id)?.peopleCount;
    expect(count(t1.units.county.id)).toBe(3);
    expect(count(t1.units.townSection.id)).toBe(2);
    expect(count(t1.units.village.id)).toBe(0);
  });

  it('limits the list to a visibility and keeps the ancestors that connect the tree', async () => {
    const subtree = await listUnits(handle.db, t1.tenantId, {
      kind: 'some',
      pathPrefixes: [t1.units.town.path],
      unitIds: [],
      personIds: [],
    });
    expect(subtree.map((u) => u.unitId).sort()).toEqual(
      [t1.units.county.id, t1.units.town.id, t1.units.townSection.id, t1.units.village.id].sort(),
    );
    const single = await listUnits(handle.db, t1.tenantId, {
      kind: 'some',
      pathPrefixes: [],
      unitIds: [t1.units.deptSection.id],
      personIds: [],
    });
    expect(single.map((u) => u.unitId)).toEqual([
      t1.units.county.id,
      t1.units.dept.id,
      t1.units.deptSection.id,
    ]);
    const self = await listUnits(handle.db, t1.tenantId, {
      kind: 'some',
      pathPrefixes: [],
      unitIds: [],
      personIds: [t1.people.cadre],
    });
    expect(self.map((u) => u.unitId)).toEqual([
      t1.units.county.id,
      t1.units.town.id,
      t1.units.townSection.id,
    ]);
    expect(await listUnits(handle.db, t1.tenantId, { kind: 'none' })).toEqual([]);
    // Another tenant's unit id in a visibility reveals nothing.
    const foreign = await listUnits(handle.db, t1.tenantId, {
      kind: 'some',
      pathPrefixes: [],
      unitIds: [t2.units.town.id],
      personIds: [],
    });
    expect(foreign).toEqual([]);
  });

  it('finds a unit only in its own tenant', async () => {
    expect(await findUnit(handle.db, t1.tenantId, t1.units.town.id)).toMatchObject({
      kind: 'town',
      peopleCount: 1,
    });
    expect(await findUnit(handle.db, t2.tenantId, t1.units.town.id)).toBeUndefined();
  });

  it('inserts units last among siblings and updates them', async () => {
    const a = await insertUnit(handle.db, t1.tenantId, {
      parentId: t1.units.town.id,
      parentPath: t1.units.town.path,
      kind: 'section',
      name: '新股室',
      code: 'NEW-1',
    });
    const unit = await findUnit(handle.db, t1.tenantId, a);
    expect(unit).toMatchObject({
      parentId: t1.units.town.id,
      path: `${t1.units.town.path}${a}/`,
      sortOrder: 1,
      code: 'NEW-1',
    });
    await updateUnit(handle.db, t1.tenantId, a, { name: '改名股室', sortOrder: 9 }, now);
    expect(await findUnit(handle.db, t1.tenantId, a)).toMatchObject({
      name: '改名股室',
      sortOrder: 9,
      code: 'NEW-1',
    });
    expect(await findUnitIdByCode(handle.db, t1.tenantId, 'NEW-1')).toBe(a);
    expect(await findUnitIdByCode(handle.db, t2.tenantId, 'NEW-1')).toBeUndefined();
    expect((await nextSortOrders(handle.db, t1.tenantId)).get(t1.units.town.id)).toBe(10);
  });

  it('moves a subtree in one statement, rebasing every descendant path', async () => {
    const db = handle.db;
    const tf = await insertUnit(db, t2.tenantId, {
      parentId: t2.units.dept.id,
      parentPath: t2.units.dept.path,
      kind: 'task_force',
      name: '专班',
      code: null,
    });
    const dept = t2.units.dept;
    const newPath = `${t2.units.county.path}${t2.units.town.id}/${dept.id}/`;
    const updated = await moveUnit(
      db,
      t2.tenantId,
      { unitId: dept.id, newParentId: t2.units.town.id, oldPath: dept.path, newPath },
      now,
    );
    expect(updated).toBe(3);
    expect(await findUnit(db, t2.tenantId, dept.id)).toMatchObject({
      parentId: t2.units.town.id,
      path: newPath,
    });
    expect(await findUnit(db, t2.tenantId, t2.units.deptSection.id)).toMatchObject({
      parentId: dept.id,
      path: `${newPath}${t2.units.deptSection.id}/`,
    });
    expect((await findUnit(db, t2.tenantId, tf))?.path).toBe(`${newPath}${tf}/`);
    // The other tenant's tree is untouched.
    expect((await findUnit(db, t1.tenantId, t1.units.deptSection.id))?.path).toBe(
      t1.units.deptSection.path,
    );
  });

  it('bulk-inserts units in chunks and reports the baseline an import checks against', async () => {
    const db = handle.db;
    const tenant = await seedTestTenant(db, 't3', 'x');
    const parentPath = tenant.units.town.path;
    const units = Array.from({ length: 1500 }, (_, i) => {
      const unitId = crypto.randomUUID();
      return {
        unitId,
        parentId: tenant.units.town.id,
        kind: 'village' as const,
        name: `村${i}`,
        code: `V${i}`,
        path: `${parentPath}${unitId}/`,
        sortOrder: i,
      };
    });
    const chunks: number[] = [];
    await bulkInsertUnits(db, tenant.tenantId, units, (n) => chunks.push(n));
    expect(chunks).toEqual([1000, 500]);
    const baseline = await loadUnitBaseline(db, tenant.tenantId);
    expect(baseline.hasRoot).toBe(true);
    expect(baseline.byCode.size).toBe(1500);
    expect(baseline.byCode.get('V7')).toMatchObject({ kind: 'village', unitId: units[7]?.unitId });
  });
});
