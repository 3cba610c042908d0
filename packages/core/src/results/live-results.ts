/**
 * A period's results kept current one person at a time. `buildPeriodResults` ranks, grades and
 * allocates over the whole sheet; after one new fact only one person's index moved, and what
 * the caller needs at once is that person's row. `LiveResults` keeps every ranking group as a
 * sorted list of indices, so putting a new score in is a binary search and one splice, and a
 * person's row (ranks in unit, lines and tenant; grade and bonus of their assessment unit) is
 * read off those lists and off their unit's grade and bonus tables, which are rebuilt only when
 * a member of that unit changed. The row equals the one `buildPeriodResults` gives for the same
 * scores (a property test compares them after random updates). Signals and the full results
 * stay with `buildPeriodResults`, which the caller runs when it stores or lists everything.
 */
import { formatPoints } from '../assessment/decimal.ts';
import type { OrgSnapshot, PersonScore, ResultRules, TieRule } from '../assessment/types.ts';
import { bonusScored } from './bonus.ts';
import { gradeUnitScored } from './grades.ts';
import { compareIds, scoredPerson, type ScoredPerson } from './ranking.ts';
import {
  TENANT_GROUP,
  type BonusRow,
  type GroupRank,
  type PersonGrade,
  type PersonResult,
  type RankScope,
} from './types.ts';

/** A ranking group's indices, largest first (duplicates kept). */
type Ladder = bigint[];

/** First position whose value is ≤ `value` (= how many are strictly higher). */
function firstAtOrBelow(ladder: Ladder, value: bigint): number {
  let lo = 0;
  let hi = ladder.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ladder[mid]! > value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First position whose value is < `value`. */
function firstBelow(ladder: Ladder, value: bigint): number {
  let lo = 0;
  let hi = ladder.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ladder[mid]! >= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Where a value stands in a group, as `standings` computes it over the whole group. */
function groupRank(
  scope: RankScope,
  groupId: string,
  ladder: Ladder,
  value: bigint,
  tieRule: TieRule,
): GroupRank {
  const ahead = firstAtOrBelow(ladder, value);
  const tied = firstBelow(ladder, value) - ahead;
  let rank = ahead + 1;
  if (tieRule === 'dense') {
    // 1 + the number of distinct values above: a pass over those, cheap next to a re-rank.
    let distinct = 0;
    for (let i = 0; i < ahead; i += 1) if (i === 0 || ladder[i] !== ladder[i - 1]) distinct += 1;
    rank = distinct + 1;
  }
  return {
    scope,
    groupId,
    rank,
    ahead,
    tied,
    groupSize: ladder.length,
    last: value === ladder[ladder.length - 1] && value !== ladder[0],
  };
}

/** A unit's grades and bonus rows for its current members. */
interface UnitTables {
  readonly grades: ReadonlyMap<string, PersonGrade>;
  /** Null when the unit has no pool. */
  readonly bonus: ReadonlyMap<string, BonusRow> | null;
}

const unitKey = (id: string) => `u:${id}`;
const lineKey = (id: string) => `l:${id}`;
const tenantKey = 't';

/**
 * The results of one period, updated person by person. Pure state over its inputs: the same
 * scores (whatever the order of updates) give the same rows.
 */
export class LiveResults {
  private readonly rules: ResultRules;
  private readonly org: OrgSnapshot;
  private pools: ReadonlyMap<string, bigint>;
  private readonly people = new Map<string, ScoredPerson>();
  private readonly ladders = new Map<string, Ladder>();
  /** Members of each assessment unit. */
  private readonly members = new Map<string, Map<string, ScoredPerson>>();
  private readonly tables = new Map<string, UnitTables>();

  /**
   * @param rules the scheme's result rules
   * @param org the org snapshot the sheet was scored against
   * @param pools bonus pool in cents per assessment unit
   * @param scores every scored person
   * @throws RangeError on a duplicate person or a malformed decimal.
   */
  constructor(
    rules: ResultRules,
    org: OrgSnapshot,
    pools: ReadonlyMap<string, bigint>,
    scores: Iterable<PersonScore>,
  ) {
    this.rules = rules;
    this.org = org;
    this.pools = pools;
    const all: ScoredPerson[] = [];
    for (const score of scores) {
      if (this.people.has(score.personId))
        throw new RangeError(`duplicate person in sheet: ${score.personId}`);
      const p = scoredPerson(score, org);
      this.people.set(p.personId, p);
      all.push(p);
    }
    // Build each ladder once, sorted, rather than by repeated insertion.
    for (const p of all) {
      for (const key of this.keysOf(p)) {
        const ladder = this.ladders.get(key);
        if (ladder) ladder.push(p.index);
        else this.ladders.set(key, [p.index]);
      }
      this.memberMap(p.assessmentUnitId).set(p.personId, p);
    }
    for (const ladder of this.ladders.values()) ladder.sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
  }

  /** How many people are ranked. */
  get size(): number {
    return this.people.size;
  }

  /** Put a person's (new) score in. */
  set(score: PersonScore): void {
    this.remove(score.personId);
    const p = scoredPerson(score, this.org);
    this.people.set(p.personId, p);
    for (const key of this.keysOf(p)) {
      let ladder = this.ladders.get(key);
      if (!ladder) {
        ladder = [];
        this.ladders.set(key, ladder);
      }
      ladder.splice(firstBelow(ladder, p.index), 0, p.index);
    }
    this.memberMap(p.assessmentUnitId).set(p.personId, p);
    this.tables.delete(p.assessmentUnitId);
  }

  /** Take a person out (no longer scored); nothing happens for someone not in. */
  remove(personId: string): void {
    const p = this.people.get(personId);
    if (!p) return;
    this.people.delete(personId);
    for (const key of this.keysOf(p)) {
      const ladder = this.ladders.get(key)!;
      ladder.splice(firstAtOrBelow(ladder, p.index), 1);
      if (ladder.length === 0) this.ladders.delete(key);
    }
    const unit = this.members.get(p.assessmentUnitId)!;
    unit.delete(personId);
    if (unit.size === 0) this.members.delete(p.assessmentUnitId);
    this.tables.delete(p.assessmentUnitId);
  }

  /** Replace the bonus pools. */
  setPools(pools: ReadonlyMap<string, bigint>): void {
    this.pools = pools;
    this.tables.clear();
  }

  /** A person's results row as `buildPeriodResults` gives it for the current scores, or undefined. */
  personResult(personId: string): PersonResult | undefined {
    const p = this.people.get(personId);
    if (!p) return undefined;
    const tieRule = this.rules.tieRule;
    const rankIn = (scope: RankScope, groupId: string, key: string) =>
      groupRank(scope, groupId, this.ladders.get(key)!, p.index, tieRule);
    const lines = [...new Set(p.person?.lines ?? [])]
      .sort(compareIds)
      .map((line) => rankIn('line', line, lineKey(line)));
    const tables = this.tablesOf(p.assessmentUnitId);
    const grade = tables.grades.get(personId)!;
    const row = tables.bonus?.get(personId);
    return {
      personId,
      unitId: p.unitId,
      assessmentUnitId: p.assessmentUnitId,
      index: formatPoints(p.index),
      total: formatPoints(p.total),
      ranks: {
        personId,
        unit: rankIn('unit', p.assessmentUnitId, unitKey(p.assessmentUnitId)),
        lines,
        tenant: rankIn('tenant', TENANT_GROUP, tenantKey),
      },
      grade,
      boundaryTie: grade.boundaryTie,
      bonusCents: row ? row.cents : null,
      literalCents: row ? row.literalCents : null,
    };
  }

  private keysOf(p: ScoredPerson): string[] {
    return [
      unitKey(p.assessmentUnitId),
      ...[...new Set(p.person?.lines ?? [])].map(lineKey),
      tenantKey,
    ];
  }

  private memberMap(unitId: string): Map<string, ScoredPerson> {
    let unit = this.members.get(unitId);
    if (!unit) {
      unit = new Map();
      this.members.set(unitId, unit);
    }
    return unit;
  }

  /** The unit's grade and bonus tables, rebuilt after a member changed. */
  private tablesOf(unitId: string): UnitTables {
    let tables = this.tables.get(unitId);
    if (tables) return tables;
    const members = [...(this.members.get(unitId)?.values() ?? [])];
    const grades = gradeUnitScored(unitId, members, this.rules.grades).people;
    const pool = this.pools.get(unitId);
    let bonus: Map<string, BonusRow> | null = null;
    if (pool !== undefined) {
      const [table] = bonusScored(members, this.rules.bonus, new Map([[unitId, pool]]));
      bonus = new Map((table?.rows ?? []).map((r) => [r.personId, r]));
    }
    tables = { grades, bonus };
    this.tables.set(unitId, tables);
    return tables;
  }
}
