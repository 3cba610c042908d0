/**
 * Small builders for results tests: an org of a county with towns, sections and a department,
 * and score sheets from `[personId, unitId, index]` rows. Not exported from the package.
 */
import type { OrgPerson, OrgSnapshot, OrgUnit, ScoreSheet } from '../assessment/types.ts';

/** The test county: county → town-a (→ section-a1 → village-a1v), town-b, dept-c, county task force. */
export const testUnits: readonly OrgUnit[] = [
  { id: 'county', parentId: null, kind: 'county', name: 'S 县' },
  { id: 'town-a', parentId: 'county', kind: 'town', name: 'H 乡' },
  { id: 'section-a1', parentId: 'town-a', kind: 'section', name: '党政办' },
  { id: 'village-a1v', parentId: 'town-a', kind: 'village', name: '一村' },
  { id: 'town-b', parentId: 'county', kind: 'township', name: 'B 乡' },
  { id: 'dept-c', parentId: 'county', kind: 'department', name: '农业农村局' },
  { id: 'tf', parentId: 'county', kind: 'task_force', name: '县专班' },
];

/** A person row for the test org. */
export function person(
  id: string,
  unitId: string,
  extra: Partial<Pick<OrgPerson, 'rank' | 'lines'>> = {},
): OrgPerson {
  return {
    id,
    name: id,
    unitId,
    post: 'staff',
    rank: extra.rank ?? 'ordinary',
    lines: extra.lines ?? [],
    villageIds: [],
  };
}

/** An org snapshot of the test units and the given people. */
export function testOrg(people: readonly OrgPerson[]): OrgSnapshot {
  return { units: testUnits, people };
}

/** A score sheet from rows of person, unit, index and (optionally) total; total defaults to the index. */
export function sheetOf(
  rows: readonly (readonly [string, string, string, string?])[],
  periodId = 'p1',
): ScoreSheet {
  return {
    schemeKey: 'test',
    schemeVersion: 1,
    periodId,
    people: rows.map(([personId, unitId, index, total]) => ({
      personId,
      unitId,
      common: total ?? index,
      individual: '0.00',
      total: total ?? index,
      coefficient: '1',
      index,
      nodes: [],
    })),
    warnings: [],
  };
}

/** Deterministic shuffle (a seeded permutation) for order-independence checks. */
export function permute<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i -= 1) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
