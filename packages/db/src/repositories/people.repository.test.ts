import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../connect.ts';
import { openTestDatabase, seedTestTenant, testBackends, type TestTenant } from '../testing.ts';
import {
  bulkInsertPeople,
  findLineIds,
  findOrCreateLines,
  findPerson,
  findPersonIdByStaffNo,
  findPersonPlacement,
  insertPerson,
  listAssignments,
  listLines,
  listPeople,
  listStaffNos,
  movePerson,
  setPersonLines,
  setPersonVillages,
  updatePerson,
} from './people.repository.ts';

describe.each(testBackends())('people repository on %s', (backend) => {
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
  const all = { kind: 'all' } as const;

  it('inserts a person with assignment, lines and villages and reads them back', async () => {
    const db = handle.db;
    const lines = await findOrCreateLines(db, t1.tenantId, ['农业', '安全生产', '农业']);
    expect(lines.size).toBe(2);
    // Finding again creates nothing new.
    expect(await findOrCreateLines(db, t1.tenantId, ['农业'])).toEqual(
      new Map([['农业', lines.get('农业')]]),
    );
    const personId = await insertPerson(
      db,
      t1.tenantId,
      { staffNo: 'P001', name: '李四', gender: 'female', birthDate: '1985-06-01', phone: null },
      {
        unitId: t1.units.town.id,
        post: '副镇长',
        rank: 'fuke',
        validFrom: '2025-01-01',
        reason: null,
      },
      { lineIds: [...lines.values()], villageIds: [t1.units.village.id] },
    );
    const person = await findPerson(db, t1.tenantId, personId);
    expect(person).toMatchObject({
      staffNo: 'P001',
      gender: 'female',
      birthDate: '1985-06-01',
      unitId: t1.units.town.id,
      unitName: '东城镇',
      rank: 'fuke',
      validFrom: '2025-01-01',
      villages: [{ id: t1.units.village.id, name: '桃园村', code: null }],
    });
    expect(person?.lines.map((l) => l.name).sort()).toEqual(['农业', '安全生产'].sort());
    expect(await findPerson(db, t2.tenantId, personId)).toBeUndefined();
    expect(await findPersonIdByStaffNo(db, t1.tenantId, 'P001')).toBe(personId);
    expect(await findPersonIdByStaffNo(db, t2.tenantId, 'P001')).toBeUndefined();
    expect((await listLines(db, t1.tenantId)).map((l) => l.name).sort()).toEqual(
      ['农业', '安全生产'].sort(),
    );
    expect(await listLines(db, t2.tenantId)).toEqual([]);
    expect(await findLineIds(db, t2.tenantId, [...lines.values()])).toEqual(new Set());

    await updatePerson(db, t1.tenantId, personId, { name: '李四四', phone: '13900000000' }, now);
    await setPersonLines(db, t1.tenantId, personId, [lines.get('农业') as string]);
    await setPersonVillages(db, t1.tenantId, personId, []);
    expect(await findPerson(db, t1.tenantId, personId)).toMatchObject({
      name: '李四四',
      phone: '13900000000',
      lines: [{ name: '农业' }],
      villages: [],
    });
  });

  it('moves a person by closing the current assignment the day before and keeps history', async () => {
    const db = handle.db;
    const personId = t1.people.deptCadre;
    await movePerson(db, t1.tenantId, personId, {
      unitId: t1.units.townSection.id,
      post: '副主任',
      rank: 'fugu',
      validFrom: '2026-03-01',
      reason: '交流',
    });
    const history = await listAssignments(db, t1.tenantId, personId);
    expect(history).toMatchObject([
      { unitId: t1.units.townSection.id, validFrom: '2026-03-01', validTo: null, reason: '交流' },
      { unitId: t1.units.deptSection.id, validFrom: '2024-01-01', validTo: '2026-02-28' },
    ]);
    expect(await findPersonPlacement(db, t1.tenantId, personId)).toEqual({
      unitId: t1.units.townSection.id,
      unitPath: t1.units.townSection.path,
      validFrom: '2026-03-01',
    });
    expect(await findPersonPlacement(db, t2.tenantId, personId)).toBeUndefined();
  });

  it('filters, pages and limits the list to a visibility', async () => {
    const db = handle.db;
    const tenant = await seedTestTenant(db, 'tp', 'x');
    const lineIds = await findOrCreateLines(db, tenant.tenantId, ['信访']);
    const people = Array.from({ length: 45 }, (_, i) => ({
      personId: crypto.randomUUID(),
      staffNo: `B${String(i).padStart(3, '0')}`,
      name: i % 2 === 0 ? `王${i}` : `赵${i}`,
      gender: 'male' as const,
      birthDate: null,
      phone: null,
      unitId: i < 30 ? tenant.units.townSection.id : tenant.units.deptSection.id,
      post: '科员',
      rank: i % 3 === 0 ? ('fugu' as const) : ('ordinary' as const),
      validFrom: '2024-01-01',
      reason: null,
      lineIds: i < 5 ? [lineIds.get('信访') as string] : [],
      villageIds: [],
    }));
    await bulkInsertPeople(db, tenant.tenantId, people);
    expect((await listStaffNos(db, tenant.tenantId)).size).toBe(52);

    const page2 = await listPeople(db, tenant.tenantId, {}, all, { page: 2, pageSize: 20 });
    expect(page2.total).toBe(52);
    expect(page2.items).toHaveLength(20);
    expect(page2.items[0]?.staffNo).toBe('B020');

    const byName = await listPeople(db, tenant.tenantId, { q: '王' }, all, null);
    expect(byName.total).toBe(23);
    const byStaff = await listPeople(db, tenant.tenantId, { q: 'b04' }, all, null);
    expect(byStaff.items.map((p) => p.staffNo)).toEqual(['B040', 'B041', 'B042', 'B043', 'B044']);
    expect((await listPeople(db, tenant.tenantId, { q: '%' }, all, null)).total).toBe(0);

    const town = await listPeople(db, tenant.tenantId, { unitId: tenant.units.town.id }, all, null);
    expect(town.total).toBe(30 + 3);
    const townOnly = await listPeople(
      db,
      tenant.tenantId,
      { unitId: tenant.units.town.id, subtree: false },
      all,
      null,
    );
    expect(townOnly.total).toBe(1);
    expect((await listPeople(db, tenant.tenantId, { rank: 'fugu' }, all, null)).total).toBe(15);
    const line = await listPeople(db, tenant.tenantId, { lineId: lineIds.get('信访') }, all, null);
    expect(line.total).toBe(5);
    expect(line.items[0]?.lines).toEqual([{ id: lineIds.get('信访'), name: '信访' }]);

    const leader = await listPeople(
      db,
      tenant.tenantId,
      {},
      { kind: 'some', pathPrefixes: [tenant.units.town.path], unitIds: [], personIds: [] },
      { page: 1, pageSize: 200 },
    );
    expect(leader.total).toBe(33);
    expect(leader.items.every((p) => p.unitId !== tenant.units.deptSection.id)).toBe(true);
    const self = await listPeople(
      db,
      tenant.tenantId,
      {},
      { kind: 'some', pathPrefixes: [], unitIds: [], personIds: [tenant.people.cadre] },
      null,
    );
    expect(self.items.map((p) => p.personId)).toEqual([tenant.people.cadre]);
    expect(await listPeople(db, tenant.tenantId, {}, { kind: 'none' }, null)).toEqual({
      items: [],
      total: 0,
    });
    // Another tenant sees none of these people.
    expect((await listPeople(db, t2.tenantId, { q: 'B0' }, all, null)).total).toBe(0);
  });
});
