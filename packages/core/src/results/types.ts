/**
 * Types of the results layer: rankings, grades, bonus, signals and the annual composition,
 * computed purely from a `ScoreSheet`, an `OrgSnapshot` and the scheme's `ResultRules`.
 *
 * Everything a period stores for later periods (`PeriodRanking`) is plain JSON. Money is in
 * integer cents as `bigint` (the server serialises it); points travel as decimal strings.
 */
import type { LocalText } from '../i18n.ts';
import type { AssessmentKind, Decimal, SignalRule, TieRule } from '../assessment/types.ts';

// ---------------------------------------------------------------- rankings

/** The groups a person is ranked in: their assessment unit, each business line, the tenant. */
export const rankScopes = ['unit', 'line', 'tenant'] as const;
/** A ranking scope. */
export type RankScope = (typeof rankScopes)[number];

/** Group id used for the tenant-wide ranking. */
export const TENANT_GROUP = 'tenant';

/** A person's place in one group. */
export interface GroupRank {
  readonly scope: RankScope;
  /** Assessment unit id, line id, or `TENANT_GROUP`. */
  readonly groupId: string;
  /** Rank under the declared tie rule (1 = best). */
  readonly rank: number;
  /** How many people in the group score strictly higher (competition rank − 1, whatever the tie rule). */
  readonly ahead: number;
  /** How many people share this person's value, the person included. */
  readonly tied: number;
  readonly groupSize: number;
  /** Last place: tied at the group's lowest value while someone in the group scored strictly higher. */
  readonly last: boolean;
}

/** One person's ranks in a period. */
export interface PersonRanks {
  readonly personId: string;
  readonly unit: GroupRank;
  /** One rank per business line the person belongs to, ordered by line id. */
  readonly lines: readonly GroupRank[];
  readonly tenant: GroupRank;
}

/** Every person's ranks in one period; stored so later periods can evaluate streaks. */
export interface PeriodRanking {
  readonly periodId: string;
  readonly tieRule: TieRule;
  /** Ordered by tenant rank, then person id. */
  readonly people: readonly PersonRanks[];
}

// ---------------------------------------------------------------- grades

/** Grade codes: 优秀, 称职, 基本称职, 不称职. */
export const gradeCodes = ['excellent', 'competent', 'basic', 'incompetent'] as const;
/** A grade. */
export type GradeCode = (typeof gradeCodes)[number];

/** Display names of grades. */
export const gradeLabels: Readonly<Record<GradeCode | 'undecided', LocalText>> = {
  excellent: { 'zh-CN': '优秀', en: 'Excellent' },
  competent: { 'zh-CN': '称职', en: 'Competent' },
  basic: { 'zh-CN': '基本称职', en: 'Basically competent' },
  incompetent: { 'zh-CN': '不称职', en: 'Incompetent' },
  undecided: { 'zh-CN': '待定（名额边界并列）', en: 'Undecided (tie at the quota boundary)' },
};

/** Why a person got their grade. */
export type GradeReasonCode =
  /** Within the excellent quota of the unit. */
  | 'within-quota'
  /** Tied on index across the quota boundary: a human decides. */
  | 'boundary-tie'
  /** Outside the excellent quota (or the quota is 0). */
  | 'outside-quota'
  /** Would be within the quota but the index is below the minimum for excellent. */
  | 'below-excellent-min'
  /** Index below `basicBelow`. */
  | 'below-basic'
  /** Index below `incompetentBelow`. */
  | 'below-incompetent';

/** One person's grade with the reason, structured and in words. */
export interface PersonGrade {
  readonly personId: string;
  readonly unitId: string;
  readonly grade: GradeCode | 'undecided';
  /** True when tied across the quota boundary; `grade` is then `undecided`. */
  readonly boundaryTie: boolean;
  /** Excellent places left for the tied group (boundary ties only, else 0). */
  readonly placesLeft: number;
  readonly reason: {
    readonly code: GradeReasonCode;
    readonly index: Decimal;
    /** Competition rank among the unit's people (1 + people with a strictly higher index). */
    readonly position: number;
    readonly headcount: number;
    /** floor(quota share × headcount). */
    readonly quota: number;
    readonly text: LocalText;
  };
}

/** Grade counts of one assessment unit. */
export interface UnitGrades {
  readonly unitId: string;
  readonly headcount: number;
  readonly quota: number;
  readonly excellent: number;
  readonly competent: number;
  readonly basic: number;
  readonly incompetent: number;
  /** People flagged as a boundary tie. */
  readonly undecided: number;
  /** Excellent places the boundary tie leaves for a human to fill. */
  readonly placesLeft: number;
}

// ---------------------------------------------------------------- bonus

/** One person's input to a bonus allocation: basis in points (scale 2), coefficient at scale 4. */
export interface BonusEntry {
  readonly id: string;
  readonly basis: bigint;
  readonly coefficient: bigint;
}

/** What the seed's literal formula (point value = pool / Σ basis) would pay. */
export interface LiteralFormula {
  /** Cents per point as an exact fraction (null when Σ basis is 0). */
  readonly pointValue: { readonly numerator: bigint; readonly denominator: bigint } | null;
  /** Cents per point, rounded to 2 decimals for display (e.g. `"24000.00"` = 240 yuan); null when Σ basis is 0. */
  readonly pointValueCents: Decimal | null;
  /** Each amount, rounded half away from zero to the cent. */
  readonly amounts: ReadonlyMap<string, bigint>;
  readonly totalCents: bigint;
  /** total − pool: positive = over-spends the pool, negative = under-spends. */
  readonly differenceCents: bigint;
}

/** One person's row of a unit's bonus table. */
export interface BonusRow {
  readonly personId: string;
  /** Basis in points (scale 2), negative bases count as 0. */
  readonly basis: Decimal;
  /** Bonus coefficient by the person's rank code. */
  readonly coefficient: Decimal;
  /** Largest-remainder amount (sums exactly to the pool). */
  readonly cents: bigint;
  /** What the seed's literal formula would pay. */
  readonly literalCents: bigint;
}

/** The bonus table of one assessment unit. */
export interface UnitBonus {
  readonly unitId: string;
  readonly poolCents: bigint;
  /** Σ of the allocated amounts: the pool, or 0 when nobody has a positive weight. */
  readonly allocatedCents: bigint;
  /** pool − allocated (non-zero only when nobody has a positive weight). */
  readonly unallocatedCents: bigint;
  readonly literal: Omit<LiteralFormula, 'amounts'>;
  /** Ordered by amount descending, then person id. */
  readonly rows: readonly BonusRow[];
}

// ---------------------------------------------------------------- signals

/** A fired signal: what a rule proposes for a person, and why. Nothing happens until a human confirms. */
export interface Signal {
  /** Deterministic id: rule, period, person and group. */
  readonly id: string;
  readonly ruleKey: string;
  readonly kind: SignalRule['kind'];
  readonly personId: string;
  readonly periodId: string;
  readonly scope: RankScope;
  readonly groupId: string;
  readonly proposes: SignalRule['then'];
  readonly reason: {
    readonly text: LocalText;
    readonly rank: number;
    readonly groupSize: number;
    /** top-share: the share and the number of places it gives (floor(share × groupSize)). */
    readonly share?: Decimal;
    readonly places?: number;
    /** top-share: true when the person is in a tied group that straddles the cut-off. */
    readonly boundaryTie?: boolean;
    /** Period ids that make up the streak, newest first (last-place; just the current one otherwise). */
    readonly periods: readonly string[];
  };
}

/** Where a signal stands: proposed, confirmed by a human, or dismissed by a human. */
export const signalStatuses = ['pending', 'confirmed', 'dismissed'] as const;
/** A signal status. */
export type SignalStatus = (typeof signalStatuses)[number];

/** Display names of signal statuses. */
export const signalStatusLabels: Readonly<Record<SignalStatus, LocalText>> = {
  pending: { 'zh-CN': '待确认', en: 'Pending' },
  confirmed: { 'zh-CN': '已确认', en: 'Confirmed' },
  dismissed: { 'zh-CN': '已驳回', en: 'Dismissed' },
};

// ---------------------------------------------------------------- annual composition

/** One assessment kind's part of a person's annual result. */
export interface AnnualPart {
  readonly assessment: AssessmentKind;
  /** Weight from the composition (scale 4 decimal). */
  readonly weight: Decimal;
  /** Number of the kind's periods the person was scored in. */
  readonly periods: number;
  /** Mean index over those periods, rounded to 2 places for display (the composition uses the exact mean). */
  readonly meanIndex: Decimal;
  readonly meanTotal: Decimal;
}

/** One person's composed annual result. */
export interface AnnualPerson {
  readonly personId: string;
  readonly unitId: string;
  /** Weighted mean of the per-kind mean indices, weights renormalised over the kinds present. */
  readonly index: Decimal;
  /** Same composition over totals (the bonus basis may be `total`). */
  readonly total: Decimal;
  readonly common: Decimal;
  readonly individual: Decimal;
  /** Position coefficient in the person's latest part (informative: the index is composed, not total × coefficient). */
  readonly coefficient: Decimal;
  readonly parts: readonly AnnualPart[];
  /** Weighted kinds the person has no score in (their weight is spread over the others). */
  readonly missing: readonly AssessmentKind[];
}

// ---------------------------------------------------------------- period results

/** One person's results in a period. */
export interface PersonResult {
  readonly personId: string;
  /** The person's own unit. */
  readonly unitId: string;
  /** The unit whose quota and bonus pool apply (see `assessmentUnitOf`). */
  readonly assessmentUnitId: string;
  readonly index: Decimal;
  readonly total: Decimal;
  readonly ranks: PersonRanks;
  readonly grade: PersonGrade;
  readonly boundaryTie: boolean;
  /** Largest-remainder bonus; null when the unit has no pool. */
  readonly bonusCents: bigint | null;
  /** The seed's literal formula; null when the unit has no pool. */
  readonly literalCents: bigint | null;
}

/** One assessment unit's summary. */
export interface UnitResult {
  readonly unitId: string;
  readonly headcount: number;
  readonly grades: UnitGrades;
  /** Null when no pool was given for the unit. */
  readonly bonus: Omit<UnitBonus, 'rows'> | null;
}

/** Everything the results page shows for one period, from `buildPeriodResults`. */
export interface PeriodResults {
  readonly periodId: string;
  readonly schemeKey: string;
  readonly schemeVersion: number;
  readonly tieRule: TieRule;
  /** Ordered by tenant rank, then person id. */
  readonly people: readonly PersonResult[];
  /** Ordered by unit id. */
  readonly units: readonly UnitResult[];
  /** Ordered by rule key, then group, then person id. */
  readonly signals: readonly Signal[];
  /** Store this: later periods' streak rules read it as history. */
  readonly ranking: PeriodRanking;
}
