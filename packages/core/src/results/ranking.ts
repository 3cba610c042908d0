/**
 * Rankings: descending by value under a declared tie rule, within a person's assessment unit,
 * each business line they belong to, and the tenant.
 */
import { toPoints } from '../assessment/decimal.ts';
import type {
  OrgPerson,
  OrgSnapshot,
  PersonScore,
  ScoreSheet,
  TieRule,
} from '../assessment/types.ts';
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

const maxSafe = BigInt(Number.MAX_SAFE_INTEGER);

/** Order bigints from largest to smallest. */
export function compareDescending(a: bigint, b: bigint): number {
  return a > b ? -1 : a < b ? 1 : 0;
}

/** Standings of `values` (larger is better), one per input position. */
function standingsAt(values: readonly bigint[], tieRule: TieRule): Standing[] {
  // Points fit a double exactly (≤ 15 digits); fall back to bigint comparison beyond 2^53.
  const safe = values.every((v) => v <= maxSafe && v >= -maxSafe);
  const order = values.map((_, i) => i);
  if (safe) {
    const keys = values.map(Number);
    order.sort((a, b) => keys[b]! - keys[a]!);
  } else {
    order.sort((a, b) => compareDescending(values[a]!, values[b]!));
  }
  const result = new Array<Standing>(values.length);
  const lowest = values[order.at(-1) ?? 0];
  const highest = values[order[0] ?? 0];
  let start = 0;
  let dense = 0;
  while (start < order.length) {
    const value = values[order[start]!]!;
    let end = start;
    while (end < order.length && values[order[end]!] === value) end += 1;
    dense += 1;
    const standing: Standing = {
      rank: tieRule === 'dense' ? dense : start + 1,
      ahead: start,
      tied: end - start,
      last: value === lowest && value !== highest,
    };
    for (let i = start; i < end; i += 1) result[order[i]!] = standing;
    start = end;
  }
  return result;
}

/**
 * Standings of a group: rank under `tieRule`, how many are strictly ahead, how many share the
 * value, and whether the entry is last (lowest value while someone is strictly higher).
 * @throws RangeError on a duplicate id.
 */
export function standings(entries: readonly RankEntry[], tieRule: TieRule): Map<string, Standing> {
  const table = standingsAt(
    entries.map((e) => e.value),
    tieRule,
  );
  const result = new Map<string, Standing>();
  entries.forEach((e, i) => {
    if (result.has(e.id)) throw new RangeError(`duplicate id in ranking: ${e.id}`);
    result.set(e.id, table[i]!);
  });
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

// Memos keyed by object identity. Sheets and snapshots are immutable values, so a result is
// the same with or without them; they let a caller that rebuilds results after each new fact
// (most people's scores unchanged) skip re-parsing and re-indexing what did not change.
const parsedScores = new WeakMap<PersonScore, { index: bigint; total: bigint }>();
const orgIndexes = new WeakMap<
  OrgSnapshot,
  { people: Map<string, OrgPerson>; resolve: (unitId: string) => string }
>();

function orgIndex(org: OrgSnapshot) {
  let index = orgIndexes.get(org);
  if (!index) {
    index = {
      people: new Map(org.people.map((p) => [p.id, p])),
      resolve: assessmentUnitResolver(org),
    };
    orgIndexes.set(org, index);
  }
  return index;
}

function parsed(score: PersonScore): { index: bigint; total: bigint } {
  let points = parsedScores.get(score);
  if (!points) {
    points = { index: toPoints(score.index), total: toPoints(score.total) };
    parsedScores.set(score, points);
  }
  return points;
}

/** One score parsed against the org (see `scoredPeople`), memoised like it. */
export function scoredPerson(score: PersonScore, org: OrgSnapshot): ScoredPerson {
  const { people, resolve } = orgIndex(org);
  const { index, total } = parsed(score);
  return {
    personId: score.personId,
    unitId: score.unitId,
    assessmentUnitId: resolve(score.unitId),
    index,
    total,
    person: people.get(score.personId),
  };
}

/**
 * Parse a sheet against the org once: index and total as points, the assessment unit of the
 * scored unit (`PersonScore.unitId`), the org person (for lines and rank) when known.
 * @throws RangeError on a duplicate person or a malformed decimal.
 */
export function scoredPeople(sheet: ScoreSheet, org: OrgSnapshot): ScoredPerson[] {
  const seen = new Set<string>();
  return sheet.people.map((score) => {
    if (seen.has(score.personId)) {
      throw new RangeError(`duplicate person in sheet: ${score.personId}`);
    }
    seen.add(score.personId);
    return scoredPerson(score, org);
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

/** Rank each group (lists of positions in `people`) and hand every member its `GroupRank`. */
function rankGroups(
  scope: RankScope,
  groups: ReadonlyMap<string, readonly number[]>,
  people: readonly ScoredPerson[],
  tieRule: TieRule,
  emit: (position: number, rank: GroupRank) => void,
): void {
  for (const [groupId, members] of groups) {
    const table = standingsAt(
      members.map((m) => people[m]!.index),
      tieRule,
    );
    const groupSize = members.length;
    members.forEach((m, i) => {
      const s = table[i]!;
      emit(m, {
        scope,
        groupId,
        rank: s.rank,
        ahead: s.ahead,
        tied: s.tied,
        groupSize,
        last: s.last,
      });
    });
  }
}

/** Rankings of already parsed people (see `rankings`). */
export function rankScored(
  periodId: string,
  people: readonly ScoredPerson[],
  tieRule: TieRule,
): PeriodRanking {
  const n = people.length;
  const positions = people.map((_, i) => i);
  const unit = new Array<GroupRank>(n);
  const tenant = new Array<GroupRank>(n);
  const lines = people.map((): GroupRank[] => []);
  const units = groupBy(positions, (i) => people[i]!.assessmentUnitId);
  rankGroups('unit', units, people, tieRule, (i, r) => (unit[i] = r));
  const lineMembers = new Map<string, number[]>();
  people.forEach((p, i) => {
    for (const line of new Set(p.person?.lines ?? [])) {
      const members = lineMembers.get(line);
      if (members) members.push(i);
      else lineMembers.set(line, [i]);
    }
  });
  rankGroups('line', lineMembers, people, tieRule, (i, r) => lines[i]!.push(r));
  rankGroups('tenant', new Map([[TENANT_GROUP, positions]]), people, tieRule, (i, r) => {
    tenant[i] = r;
  });
  const ranked: PersonRanks[] = people.map((p, i) => ({
    personId: p.personId,
    unit: unit[i]!,
    lines: lines[i]!.sort((a, b) => compareIds(a.groupId, b.groupId)),
    tenant: tenant[i]!,
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
