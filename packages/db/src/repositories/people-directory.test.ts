import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filterPeople, ranks, type PeopleListFilter, type Visibility } from '@tianheng/core';
import { openTestDatabase, seedTestTenant, testBackends, type TestTenant } from '../testing.ts';
import type { DatabaseHandle } from '../connect.ts';
import {
  bulkInsertPeople,
  findOrCreateLines,
  listPeople,
  loadPeopleDirectory,
  type BulkPerson,
} from './people.repository.ts';

// Staff numbers and names that exercise case folding, LIKE wildcards and code-point order.
const staffNos = ['a1', 'A1', 'a-2', 'B_3', 'b%4', 'Zz', 'z9', '张1', 'x\\y', 'ä5', 'Ä6', '10'];
const names = ['王芳', '王小明', 'Anna', 'ANNE', 'li_lei', '李%雷', 'Émile', 'émilie', '赵四'];

describe.each(testBackends())('people directory on %s', (backend) => {
  let handle: DatabaseHandle;
  let tenant: TestTenant;
  let unitIds: string[];
  let lineIds: string[];
  let personIds: string[];

  beforeAll(async () => {
    handle = await openTestDatabase(backend);
    tenant = await seedTestTenant(handle.db, 'dir', 'x');
    unitIds = Object.values(tenant.units).map((u) => u.id);
    const lines = await findOrCreateLines(handle.db, tenant.tenantId, ['党建', '安全', '信访']);
    lineIds = [...lines.values()];
    const people: BulkPerson[] = [];
    for (let i = 0; i < 60; i++) {
      people.push({
        personId: crypto.randomUUID(),
        // Several people share a prefix so the person id breaks ties in the order.
        staffNo: `${staffNos[i % staffNos.length] as string}${i % 5 === 0 ? '' : `-${i}`}`,
        name: `${names[i % names.length] as string}${i % 3 === 0 ? '' : String(i)}`,
        gender: i % 2 === 0 ? 'male' : 'female',
        birthDate: null,
        phone: null,
        unitId: unitIds[i % unitIds.length] as string,
        post: '科员',
        rank: ranks[i % ranks.length] as (typeof ranks)[number],
        validFrom: '2025-01-01',
        reason: null,
        lineIds: lineIds.filter((_, k) => (i >> k) % 2 === 1),
        villageIds: i % 4 === 0 ? [tenant.units.village.id] : [],
      });
    }
    await bulkInsertPeople(handle.db, tenant.tenantId, people);
    personIds = [...Object.values(tenant.people), ...people.map((p) => p.personId)];
  });
  afterAll(async () => {
    await handle.close();
  });

  const filterArb = (): fc.Arbitrary<PeopleListFilter> =>
    fc.record(
      {
        q: fc.oneof(
          fc.constantFrom(
            'a',
            'A',
            'an',
            'ANN',
            '王',
            '1',
            '-',
            '_',
            '%',
            '\\',
            'ä',
            'É',
            ' ',
            ' a ',
          ),
          fc.string({ maxLength: 3 }),
        ),
        unitId: fc.oneof(fc.constantFrom(...unitIds), fc.uuid()),
        subtree: fc.boolean(),
        rank: fc.constantFrom(...ranks),
        lineId: fc.oneof(fc.constantFrom(...lineIds), fc.uuid()),
      },
      { requiredKeys: [] },
    );
  const visibilityArb = (): fc.Arbitrary<Visibility> =>
    fc.oneof(
      fc.constant<Visibility>({ kind: 'all' }),
      fc.constant<Visibility>({ kind: 'none' }),
      fc.record({
        kind: fc.constant('some' as const),
        pathPrefixes: fc.subarray(Object.values(tenant.units).map((u) => u.path)),
        unitIds: fc.subarray(unitIds, { maxLength: 2 }),
        personIds: fc.subarray(personIds, { maxLength: 3 }),
      }),
    );

  it('filters, orders, counts and pages in memory exactly as the SQL does', async () => {
    const directory = await loadPeopleDirectory(handle.db, tenant.tenantId);
    expect(directory.people).toHaveLength(67);
    await fc.assert(
      fc.asyncProperty(
        filterArb(),
        visibilityArb(),
        fc.option(
          fc.record({
            page: fc.integer({ min: 1, max: 4 }),
            pageSize: fc.integer({ min: 1, max: 30 }),
          }),
        ),
        async (filter, visibility, page) => {
          const sqlResult = await listPeople(handle.db, tenant.tenantId, filter, visibility, page);
          const memory = filterPeople(
            directory.people,
            directory.unitPaths,
            visibility,
            filter,
            page,
          );
          expect(memory.total).toBe(sqlResult.total);
          expect(memory.items.map(({ unitPath: _path, ...row }) => row)).toEqual(sqlResult.items);
        },
      ),
      { numRuns: backend === 'pglite' ? 150 : 100 },
    );
  });
});
