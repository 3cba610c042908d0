/**
 * Rankings: descending by value under a declared tie rule, within a person's assessment unit,
 * each business line they belong to, and the tenant.
 */
import { toPoints } from '../assessment/decimal.ts';
import type { OrgPerson, OrgSnapshot, ScoreSheet, TieRule } from '../assessment/types.ts';
import {
  TENANT_GROUP,
  type GroupRank,
  type PeriodRanking,
  type PersonRanks,
  type RankScope,
} from './types.ts';

/** A value to rank: larger is better. */
export interface RankEntry {
  readonly id: string;
  readonly value: bigint;
}

/** Where one entry stands in its group, whatever the tie rule. */
export interface Standing {
  readonly rank: number;
  readonly ahead: number;
  readonly tied: number;
  readonly last: boolean;
}

/** Compare ids by code unit, independent of locale. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Standings of a group: rank under `tieRule`, how many are strictly ahead, how many share the
 * value, and whether the entry is last (lowest value while someone is strictly higher).
 * @throws RangeError on a duplicate id.
 */
export function standings(entries: readonly RankEntry[], tieRule: TieRule): Map<string, Standing> {
  const sorted = [...entries].sort((a, b) => (a.value > b.value ? -1 : a.value < b.value ? 1 : 0));
  const result = new Map<string, Standing>();
  const lowest = sorted.at(-1)?.value;
  const highest = sorted[0]?.value;
  let start = 0;
  let dense = 0;
  while (start < sorted.length) {
    const value = sorted[start]!.value;
    let end = start;
    while (end < sorted.length && sorted[end]!.value === value) end += 1;
    dense += 1;
    const standing: Standing = {
      rank: tieRule === 'dense' ? dense : start + 1,
      ahead: start,
      tied: end - start,
      last: value === lowest && value !== highest,
    };
    for (let i = start; i < end; i += 1) {
      const { id } = sorted[i]!;
      if (result.has(id)) throw new RangeError(`duplicate id in ranking: ${id}`);
      result.set(id, standing);
    }
    start = end;
  }
  return result;
}

/**
 * Rank entries by value, descending: `competition` gives 1,2,2,4 (rank = 1 + count of strictly
 * greater values), `dense` gives 1,2,2,3 (rank = 1 + count of distinct greater values).
 * The result does not depend on the input order.
 * @throws RangeError on a duplicate id.
 */
export function rank(entries: readonly RankEntry[], tieRule: TieRule): Map<string, number> {
  const result = new Map<string, number>();
  for (const [id, standing] of standings(entries, tieRule)) result.set(id, standing.rank);
  return result;
}

/** Unit kinds that carry a quota and a bonus pool: the county's direct children. */
export const assessmentUnitKinds: readonly string[] = ['street', 'town', 'township', 'department'];

/**
 * A resolver from a unit id to its assessment unit: the nearest ancestor-or-self whose kind is
 * in `assessmentUnitKinds`; the unit itself when there is none (or the unit is unknown).
 */
export function assessmentUnitResolver(org: OrgSnapshot): (unitId: string) => string {
  const units = new Map(org.units.map((u) => [u.id, u]));
  const memo = new Map<string, string>();
  return (unitId) => {
    const known = memo.get(unitId);
    if (known !== undefined) return known;
    let found = unitId;
    const seen = new Set<string>();
    for (let u = units.get(unitId); u && !seen.has(u.id); u = units.get(u.parentId ?? '')) {
      seen.add(u.id);
      if (assessmentUnitKinds.includes(u.kind)) {
        found = u.id;
        break;
      }
      if (u.parentId === null) break;
    }
    memo.set(unitId, found);
    return found;
  };
}

/**
 * The person's assessment unit: the nearest ancestor-or-self unit of kind street, town,
 * township or department — the unit whose excellent quota and bonus pool apply. A person in a
 * section (股室/站所) is assessed with its town or department; a person directly under the county
 * (or a county task force) falls back to their own unit. Null when the person is unknown.
 */
export function assessmentUnitOf(org: OrgSnapshot, personId: string): string | null {
  const person = org.people.find((p) => p.id === personId);
  return person ? assessmentUnitResolver(org)(person.unitId) : null;
}

/** A scored person with what the results layer needs, parsed once. */
export interface ScoredPerson {
  readonly personId: string;
  readonly unitId: string;
  readonly assessmentUnitId: string;
  /** Index in points (scale 2). */
  readonly index: bigint;
  /** Total in points (scale 2). */
  readonly total: bigint;
  readonly person: OrgPerson | undefined;
}

/**
 * Parse a sheet against the org once: index and total as points, the assessment unit of the
 * scored unit (`PersonScore.unitId`), the org person (for lines and rank) when known.
 * @throws RangeError on a duplicate person or a malformed decimal.
 */
export function scoredPeople(sheet: ScoreSheet, org: OrgSnapshot): ScoredPerson[] {
  const people = new Map(org.people.map((p) => [p.id, p]));
  const resolve = assessmentUnitResolver(org);
  const seen = new Set<string>();
  return sheet.people.map((score) => {
    if (seen.has(score.personId))
      throw new RangeError(`duplicate person in sheet: ${score.personId}`);
    seen.add(score.personId);
    return {
      personId: score.personId,
      unitId: score.unitId,
      assessmentUnitId: resolve(score.unitId),
      index: toPoints(score.index),
      total: toPoints(score.total),
      person: people.get(score.personId),
    };
  });
}

/** Group items by a key, keeping input order within each group. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function rankGroups(
  scope: RankScope,
  groups: ReadonlyMap<string, readonly ScoredPerson[]>,
  tieRule: TieRule,
  into: Map<string, GroupRank[]>,
): void {
  for (const [groupId, members] of groups) {
    const table = standings(
      members.map((m) => ({ id: m.personId, value: m.index })),
      tieRule,
    );
    for (const [personId, s] of table) {
      const list = into.get(personId);
      const entry: GroupRank = { scope, groupId, ...s, groupSize: members.length };
      if (list) list.push(entry);
      else into.set(personId, [entry]);
    }
  }
}

/** Rankings of already parsed people (see `rankings`). */
export function rankScored(
  periodId: string,
  people: readonly ScoredPerson[],
  tieRule: TieRule,
): PeriodRanking {
  const byUnit = new Map<string, GroupRank[]>();
  const byLine = new Map<string, GroupRank[]>();
  const byTenant = new Map<string, GroupRank[]>();
  rankGroups(
    'unit',
    groupBy(people, (p) => p.assessmentUnitId),
    tieRule,
    byUnit,
  );
  const lineMembers = new Map<string, ScoredPerson[]>();
  for (const p of people) {
    for (const line of new Set(p.person?.lines ?? [])) {
      const members = lineMembers.get(line);
      if (members) members.push(p);
      else lineMembers.set(line, [p]);
    }
  }
  rankGroups('line', lineMembers, tieRule, byLine);
  rankGroups('tenant', new Map([[TENANT_GROUP, people]]), tieRule, byTenant);
  const ranked: PersonRanks[] = people.map((p) => ({
    personId: p.personId,
    unit: byUnit.get(p.personId)![0]!,
    lines: (byLine.get(p.personId) ?? []).sort((a, b) => compareIds(a.groupId, b.groupId)),
    tenant: byTenant.get(p.personId)![0]!,
  }));
  ranked.sort((a, b) => a.tenant.ahead - b.tenant.ahead || compareIds(a.personId, b.personId));
  return { periodId, tieRule, people: ranked };
}

/**
 * Every scored person's rank by index within their assessment unit, within each business line
 * they belong to (per the org snapshot), and within the tenant, each with the group size.
 * @throws RangeError on a duplicate person or a malformed decimal.
 */
export function rankings(sheet: ScoreSheet, org: OrgSnapshot, tieRule: TieRule): PeriodRanking {
  return rankScored(sheet.periodId, scoredPeople(sheet, org), tieRule);
}
