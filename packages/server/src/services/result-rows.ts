/**
 * Result rows: what the store keeps per person (with a digest, so the incremental path
 * writes only rows that changed) and how the API shows a stored row.
 */
import {
  gradeLabels,
  type LocalText,
  type PersonRanks,
  type PersonResult,
  type PersonScore,
} from '@tianheng/core';
import {
  periodResultsInput,
  type PeriodResultsInput,
  type PersonResultInput,
  type PersonResultRecord,
  type StoredUnitResult,
} from '@tianheng/db';
import type { WorkingSet } from './working-set.ts';

/** A row to store and its digest. */
export interface DigestedRow {
  readonly personId: string;
  readonly row: PersonResultInput;
  readonly digest: string;
}

const json = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

const groupKey = (g: PersonRanks['unit']): string =>
  `${g.groupId}:${g.rank}:${g.ahead}:${g.tied}:${g.groupSize}:${g.last ? 1 : 0}`;

/**
 * What identifies a stored row's content apart from the breakdown tree: numbers, every rank,
 * the grade with its reason, bonus. Built by concatenation, not JSON, because it runs for
 * every person on every fact (ADR 0006); only re-scored people's trees change, and the caller
 * treats those as changed anyway.
 */
function rowDigest(r: PersonResult, s: PersonScore): string {
  const g = r.grade.reason;
  return [
    r.unitId,
    r.assessmentUnitId,
    s.common,
    s.individual,
    s.total,
    s.coefficient,
    r.index,
    groupKey(r.ranks.unit),
    groupKey(r.ranks.tenant),
    r.ranks.lines.map(groupKey).join(','),
    r.grade.grade,
    r.boundaryTie ? 1 : 0,
    `${g.code}:${g.position}:${g.headcount}:${g.quota}:${g.index}`,
    String(r.bonusCents),
    String(r.literalCents),
  ].join('|');
}

/**
 * What to store for the set's current results: the rows of the people `wanted` says (all
 * when it is omitted) with every person's digest, the unit summary and the signals' digest.
 */
export function digestedResults(
  set: WorkingSet,
  computedAt: Date,
  wanted?: (personId: string, digest: string) => boolean,
): {
  input: PeriodResultsInput;
  digests: Map<string, string>;
  signalsDigest: string;
} {
  const { results, sheet } = set;
  const digests = new Map<string, string>();
  const people: PersonResult[] = [];
  for (const r of results.people) {
    const s = set.scoreOf(r.personId);
    if (s === undefined) throw new Error(`person ${r.personId} has results but no score`);
    const digest = rowDigest(r, s);
    digests.set(r.personId, digest);
    if (wanted === undefined || wanted(r.personId, digest)) people.push(r);
  }
  return {
    input: periodResultsInput(sheet, { ...results, people }, computedAt),
    digests,
    signalsDigest: results.signals.map((x) => x.id).join('\n'),
  };
}

/** Digest of the stored unit summary and warnings. */
export function summaryDigest(input: { units: unknown; warnings: unknown }): string {
  return json({ units: input.units, warnings: input.warnings });
}

/** A rank within one group, as the API shows it. */
export interface RankView {
  rank: number;
  groupSize: number;
  tied: number;
}

/** One person's result, as the API shows it (docs/api.md `ResultRow`). */
export interface ResultRowView {
  personId: string;
  name: string;
  staffNo: string;
  unitId: string;
  unitName: string;
  assessmentUnitId: string;
  assessmentUnitName: string;
  post: string;
  rank: string;
  common: string;
  individual: string;
  total: string;
  coefficient: string;
  index: string;
  ranks: {
    unit: RankView;
    tenant: RankView;
    lines: (RankView & { lineId: string; lineName: string })[];
  };
  grade: PersonResultRecord['grade'];
  boundaryTie: boolean;
  gradeReason: LocalText;
  bonusCents: number | null;
  literalCents: number | null;
}

/** One unit's grade counts and bonus totals, as the API shows it (`UnitSummary`). */
export interface UnitSummaryView {
  unitId: string;
  unitName: string;
  headcount: number;
  quota: number;
  excellent: number;
  competent: number;
  basic: number;
  incompetent: number;
  undecided: number;
  placesLeft: number;
  bonus: null | {
    poolCents: number;
    allocatedCents: number;
    unallocatedCents: number;
    literalTotalCents: number;
    literalDifferenceCents: number;
    pointValueCents: string | null;
  };
}

/** Cents as a JSON number: exact below 2^53 cents (90 trillion yuan). */
export const centsNumber = (cents: bigint): number => Number(cents);
const centsOrNull = (cents: bigint | null): number | null =>
  cents === null ? null : centsNumber(cents);

const rankView = (g: PersonRanks['unit']): RankView => ({
  rank: g.rank,
  groupSize: g.groupSize,
  tied: g.tied,
});

/** Names a result row shows that the org snapshot does not carry. */
export interface RowNames {
  readonly staffNo: ReadonlyMap<string, string>;
  readonly lines: ReadonlyMap<string, string>;
}

/**
 * A person's current result row straight from a working set (what `POST /api/facts` returns
 * without reading the row back); undefined when the person is not scored.
 */
export function liveResultRow(
  set: WorkingSet,
  names: RowNames,
  personId: string,
): ResultRowView | undefined {
  const r = set.resultOf(personId);
  const s = set.scoreOf(personId);
  const person = set.person(personId);
  if (!r || !s || !person) return undefined;
  const unitName = (id: string) => set.unitName(id);
  return resultRowView(
    {
      personId,
      name: person.name,
      staffNo: names.staffNo.get(personId) ?? '',
      unitId: r.unitId,
      unitName: unitName(r.unitId),
      assessmentUnitId: r.assessmentUnitId,
      assessmentUnitName: unitName(r.assessmentUnitId),
      post: person.post,
      rank: person.rank,
      schemeKey: set.scheme.key,
      schemeVersion: set.scheme.version,
      common: s.common,
      individual: s.individual,
      total: s.total,
      coefficient: s.coefficient,
      index: r.index,
      ranks: r.ranks,
      grade: r.grade.grade,
      gradeReason: r.grade.reason,
      boundaryTie: r.boundaryTie,
      bonusCents: r.bonusCents,
      literalCents: r.literalCents,
      computedAt: new Date(0),
    },
    names.lines,
  );
}

/** The API view of a stored result; `lineNames` maps line ids to names. */
export function resultRowView(
  r: PersonResultRecord,
  lineNames: ReadonlyMap<string, string>,
): ResultRowView {
  return {
    personId: r.personId,
    name: r.name,
    staffNo: r.staffNo,
    unitId: r.unitId,
    unitName: r.unitName,
    assessmentUnitId: r.assessmentUnitId,
    assessmentUnitName: r.assessmentUnitName,
    post: r.post ?? '',
    rank: r.rank ?? '',
    common: r.common,
    individual: r.individual,
    total: r.total,
    coefficient: r.coefficient,
    index: r.index,
    ranks: {
      unit: rankView(r.ranks.unit),
      tenant: rankView(r.ranks.tenant),
      lines: r.ranks.lines.map((l) => ({
        ...rankView(l),
        lineId: l.groupId,
        lineName: lineNames.get(l.groupId) ?? l.groupId,
      })),
    },
    grade: r.grade,
    boundaryTie: r.boundaryTie,
    gradeReason: r.gradeReason.text,
    bonusCents: centsOrNull(r.bonusCents),
    literalCents: centsOrNull(r.literalCents),
  };
}

/** The API view of a stored unit summary. */
export function unitSummaryView(
  u: StoredUnitResult,
  unitNames: ReadonlyMap<string, string>,
): UnitSummaryView {
  return {
    unitId: u.unitId,
    unitName: unitNames.get(u.unitId) ?? '',
    headcount: u.headcount,
    quota: u.quota,
    excellent: u.excellent,
    competent: u.competent,
    basic: u.basic,
    incompetent: u.incompetent,
    undecided: u.undecided,
    placesLeft: u.placesLeft,
    bonus:
      u.bonus === null
        ? null
        : {
            poolCents: centsNumber(u.bonus.poolCents),
            allocatedCents: centsNumber(u.bonus.allocatedCents),
            unallocatedCents: centsNumber(u.bonus.unallocatedCents),
            literalTotalCents: centsNumber(u.bonus.literalTotalCents),
            literalDifferenceCents: centsNumber(u.bonus.literalDifferenceCents),
            pointValueCents: u.bonus.pointValueCents,
          },
  };
}

/** A grade in words, in Chinese (exports). */
export function gradeText(grade: PersonResultRecord['grade']): string {
  return gradeLabels[grade]['zh-CN'];
}
