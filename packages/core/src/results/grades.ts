/**
 * Grades 优秀/称职/基本称职/不称职 per assessment unit: an excellent quota (a share of the
 * headcount, rounded down), an optional minimum index for excellent, and index thresholds for
 * the lower grades. A tie on index that straddles the quota boundary is never broken
 * automatically: the tied people are flagged for a human decision.
 */
import { formatPoints, parseScaled, RATIO_SCALE, toPoints } from '../assessment/decimal.ts';
import type { GradeRules, OrgSnapshot, ScoreSheet } from '../assessment/types.ts';
import type { LocalText } from '../i18n.ts';
import { compareIds, groupBy, scoredPeople, type ScoredPerson } from './ranking.ts';
import type { GradeCode, GradeReasonCode, PersonGrade, UnitGrades } from './types.ts';

/** Grades of every person and the counts per assessment unit. */
export interface GradeTable {
  readonly people: ReadonlyMap<string, PersonGrade>;
  /** Ordered by unit id. */
  readonly units: readonly UnitGrades[];
}

/**
 * The excellent quota of a unit: floor(share × headcount), e.g. 9 people × 0.2 → 1.
 * @throws RangeError when the share is not a decimal in [0, 1].
 */
export function excellentQuota(share: string, headcount: number): number {
  const scaled = parseScaled(share, RATIO_SCALE);
  const one = 10n ** BigInt(RATIO_SCALE);
  if (scaled < 0n || scaled > one) throw new RangeError(`excellent quota out of [0, 1]: ${share}`);
  return Number((scaled * BigInt(headcount)) / one);
}

interface Thresholds {
  readonly min: bigint | undefined;
  readonly basic: bigint | undefined;
  readonly incompetent: bigint | undefined;
}

function reasonText(
  code: GradeReasonCode,
  d: {
    index: string;
    position: number;
    headcount: number;
    quota: number;
    tied: number;
    placesLeft: number;
    bound: string;
  },
): LocalText {
  switch (code) {
    case 'within-quota':
      return {
        'zh-CN': `本单位第 ${d.position} 名（共 ${d.headcount} 人），在优秀名额 ${d.quota} 个之内`,
        en: `Position ${d.position} of ${d.headcount} in the unit, within the ${d.quota} excellent place(s)`,
      };
    case 'boundary-tie':
      return {
        'zh-CN': `指数 ${d.index} 与其他 ${d.tied - 1} 人并列第 ${d.position} 名，跨越优秀名额边界：剩余 ${d.placesLeft} 个名额由 ${d.tied} 人并列，需人工确定`,
        en: `Index ${d.index} tied at position ${d.position} with ${d.tied - 1} other(s) across the excellent quota boundary: ${d.placesLeft} place(s) left for ${d.tied} people, a human decides`,
      };
    case 'outside-quota':
      return {
        'zh-CN': `本单位第 ${d.position} 名（共 ${d.headcount} 人），在优秀名额 ${d.quota} 个之外`,
        en: `Position ${d.position} of ${d.headcount} in the unit, outside the ${d.quota} excellent place(s)`,
      };
    case 'below-excellent-min':
      return {
        'zh-CN': `指数 ${d.index} 低于评为优秀的最低指数 ${d.bound}`,
        en: `Index ${d.index} is below the minimum index ${d.bound} for excellent`,
      };
    case 'below-basic':
      return {
        'zh-CN': `指数 ${d.index} 低于称职线 ${d.bound}`,
        en: `Index ${d.index} is below the competent line ${d.bound}`,
      };
    case 'below-incompetent':
      return {
        'zh-CN': `指数 ${d.index} 低于基本称职线 ${d.bound}`,
        en: `Index ${d.index} is below the basically-competent line ${d.bound}`,
      };
  }
}

function gradeUnit(
  unitId: string,
  members: readonly ScoredPerson[],
  rules: GradeRules,
  limits: Thresholds,
  into: Map<string, PersonGrade>,
): UnitGrades {
  const headcount = members.length;
  const quota = excellentQuota(rules.excellentQuota, headcount);
  const sorted = [...members].sort((a, b) =>
    a.index > b.index ? -1 : a.index < b.index ? 1 : compareIds(a.personId, b.personId),
  );
  const counts = { excellent: 0, competent: 0, basic: 0, incompetent: 0, undecided: 0 };
  let boundaryPlaces = 0;
  let placesLeft = quota;
  let start = 0;
  while (start < sorted.length) {
    const value = sorted[start]!.index;
    let end = start;
    while (end < sorted.length && sorted[end]!.index === value) end += 1;
    const tied = end - start;
    let grade: GradeCode | 'undecided';
    let code: GradeReasonCode;
    let bound = '';
    let groupPlaces = 0;
    if (limits.incompetent !== undefined && value < limits.incompetent) {
      [grade, code, bound] = ['incompetent', 'below-incompetent', formatPoints(limits.incompetent)];
    } else if (limits.basic !== undefined && value < limits.basic) {
      [grade, code, bound] = ['basic', 'below-basic', formatPoints(limits.basic)];
    } else if (start >= quota || placesLeft === 0) {
      [grade, code] = ['competent', 'outside-quota'];
    } else if (limits.min !== undefined && value < limits.min) {
      [grade, code, bound] = ['competent', 'below-excellent-min', formatPoints(limits.min)];
    } else if (tied <= placesLeft) {
      [grade, code] = ['excellent', 'within-quota'];
      placesLeft -= tied;
    } else {
      [grade, code] = ['undecided', 'boundary-tie'];
      groupPlaces = placesLeft;
      boundaryPlaces = placesLeft;
      placesLeft = 0;
    }
    const index = formatPoints(value);
    const text = reasonText(code, {
      index,
      position: start + 1,
      headcount,
      quota,
      tied,
      placesLeft: groupPlaces,
      bound,
    });
    for (let i = start; i < end; i += 1) {
      const p = sorted[i]!;
      counts[grade] += 1;
      into.set(p.personId, {
        personId: p.personId,
        unitId,
        grade,
        boundaryTie: grade === 'undecided',
        placesLeft: groupPlaces,
        reason: { code, index, position: start + 1, headcount, quota, text },
      });
    }
    start = end;
  }
  return { unitId, headcount, quota, ...counts, placesLeft: boundaryPlaces };
}

function thresholds(rules: GradeRules): Thresholds {
  return {
    min: rules.excellentMinIndex === undefined ? undefined : toPoints(rules.excellentMinIndex),
    basic: rules.basicBelow === undefined ? undefined : toPoints(rules.basicBelow),
    incompetent:
      rules.incompetentBelow === undefined ? undefined : toPoints(rules.incompetentBelow),
  };
}

/**
 * Grades of one assessment unit's already parsed members (what `gradeScored` gives that unit),
 * for callers that keep results current unit by unit.
 */
export function gradeUnitScored(
  unitId: string,
  members: readonly ScoredPerson[],
  rules: GradeRules,
): { people: Map<string, PersonGrade>; unit: UnitGrades } {
  const people = new Map<string, PersonGrade>();
  const unit = gradeUnit(unitId, members, rules, thresholds(rules), people);
  return { people, unit };
}

/** Grades of already parsed people (see `assignGrades`). */
export function gradeScored(people: readonly ScoredPerson[], rules: GradeRules): GradeTable {
  const limits = thresholds(rules);
  const result = new Map<string, PersonGrade>();
  const units = [...groupBy(people, (p) => p.assessmentUnitId)]
    .sort(([a], [b]) => compareIds(a, b))
    .map(([unitId, members]) => gradeUnit(unitId, members, rules, limits, result));
  return { people: result, units };
}

/**
 * Grade every scored person within their assessment unit. In order: index below
 * `incompetentBelow` → 不称职; below `basicBelow` → 基本称职; otherwise the best people, walked by
 * descending index, take the floor(quota × headcount) excellent places as long as they reach
 * `excellentMinIndex`. A group tied on index that does not fit in the places left is flagged
 * `boundaryTie` with grade `undecided` and `placesLeft`; everyone else is 称职.
 * @throws RangeError on a malformed decimal or a quota share outside [0, 1].
 */
export function assignGrades(sheet: ScoreSheet, org: OrgSnapshot, rules: GradeRules): GradeTable {
  return gradeScored(scoredPeople(sheet, org), rules);
}
