/**
 * The assessment engine's contract: facts, schemes, the org snapshot a period is scored
 * against, and the score sheet `score()` returns. Everything here is plain JSON-shaped
 * data so schemes import/export as JSON and the web shares the same types.
 *
 * Numbers that must be exact travel as decimal strings (`"3"`, `"-1.5"`, `"0.85"`);
 * the engine computes in integer hundredths of a point (see `decimal.ts`) and money in
 * integer cents. Points have scale 2: every method's result is rounded half away from
 * zero to 0.01 once, at the indicator that produced it; sums are exact.
 */
import type { LocalText } from '../i18n.ts';
import type { SchemeWorkRules } from '../work/types.ts';

/** A decimal number written as a string, e.g. `"30"`, `"-3"`, `"0.85"`. At most 4 decimals. */
export type Decimal = string;

/** Name of anything shown to people, in both languages. */
export type Label = LocalText;

// ---------------------------------------------------------------- facts

/** Where a fact came from. */
export const factSources = ['manual', 'workflow', 'okr', 'rating', 'integration'] as const;
export type FactSource = (typeof factSources)[number];

/** Whom a fact is about. Unit facts can flow to the unit's members (dual track). */
export interface FactSubject {
  readonly kind: 'person' | 'unit';
  readonly id: string;
}

/** Evidence attached to a fact. */
export interface Evidence {
  readonly note?: string;
  readonly attachments?: readonly string[];
}

/**
 * One recorded fact. Append-only: a correction is a new fact whose `supersedes` names the
 * fact it replaces; the replaced fact then never counts.
 */
export interface Fact {
  readonly id: string;
  readonly periodId: string;
  readonly subject: FactSubject;
  /** Key of the indicator (leaf node) in the scheme this fact feeds. */
  readonly indicator: string;
  /** The measured value: a count, a rank, points, a metric, or null when `payload` says it all. */
  readonly value: Decimal | null;
  /**
   * Method-specific details, e.g. `{ item: 'late' }` for a deduction, `{ option: 'A' }` for a
   * graded choice, `{ group: 'leader', rater: '…' }` for a rating,
   * `{ taskForce: '…', part: 'base' | 'allocation' }` for a task force, `{ clause: '…' }`.
   */
  readonly payload: Readonly<Record<string, unknown>>;
  readonly source: FactSource;
  readonly evidence: Evidence;
  /** Person who recorded it; null for an integration or the system. */
  readonly recordedBy: string | null;
  /** ISO timestamp (UTC). Later facts win where a method takes "the latest". */
  readonly recordedAt: string;
  /** Id of the earlier fact this one corrects, or null. */
  readonly supersedes: string | null;
}

// ---------------------------------------------------------------- org snapshot

/** A unit as the scorer sees it. */
export interface OrgUnit {
  readonly id: string;
  readonly parentId: string | null;
  readonly kind: string;
  readonly name: string;
}

/** A person as of the period's end: unit, post (职务), rank (职级), lines and linked villages. */
export interface OrgPerson {
  readonly id: string;
  readonly name: string;
  readonly unitId: string;
  readonly post: string;
  readonly rank: string;
  readonly lines: readonly string[];
  readonly villageIds: readonly string[];
}

/** The organisation a period is scored against. */
export interface OrgSnapshot {
  readonly units: readonly OrgUnit[];
  readonly people: readonly OrgPerson[];
}

// ---------------------------------------------------------------- periods

export const periodKinds = ['week', 'month', 'quarter', 'year'] as const;
export type PeriodKind = (typeof periodKinds)[number];

/** Routine (平时), special (专项) or periodic (定期) assessment. */
export const assessmentKinds = ['routine', 'special', 'periodic'] as const;
export type AssessmentKind = (typeof assessmentKinds)[number];

export const periodStatuses = ['open', 'closed'] as const;
export type PeriodStatus = (typeof periodStatuses)[number];

/** A period as the scorer sees it. Dates are ISO `YYYY-MM-DD`, inclusive, tenant time zone. */
export interface Period {
  readonly id: string;
  readonly kind: PeriodKind;
  readonly assessment: AssessmentKind;
  readonly startsOn: string;
  readonly endsOn: string;
  readonly name: string;
}

// ---------------------------------------------------------------- scheme

/** Which people an indicator applies to: by layer (role-layered indicators) and/or unit kind. */
export interface AppliesTo {
  /** Layers from `Scheme.layers` (e.g. executor, manager, technical); absent = all. */
  readonly layers?: readonly string[];
  /** Unit kinds of the person's unit; absent = all. */
  readonly unitKinds?: readonly string[];
}

/**
 * How facts about a unit reach people (dual track): `person` = only facts about the person;
 * `unit` = facts about the person's unit count for every member; `person-or-unit` = both;
 * `assessment-unit` = facts about the person's assessment unit (the nearest street, town,
 * township or department above or at their unit) count for everyone in it, sections included —
 * e.g. the unit's half-month supervision rank.
 */
export type FactScope = 'person' | 'unit' | 'person-or-unit' | 'assessment-unit';

/** One row of a rank → points table; ranks `from`..`to` inclusive, 1-based. */
export interface RankRow {
  readonly from: number;
  readonly to: number;
  readonly points: Decimal;
}

/** One row of a metric → points threshold table: values in [min, below). */
export interface ThresholdRow {
  /** Lower bound, inclusive; absent = −∞. */
  readonly min?: Decimal;
  /** Upper bound, exclusive; absent = +∞. */
  readonly below?: Decimal;
  readonly points: Decimal;
}

/** A named amount used by deductions and clauses. */
export interface Item {
  readonly key: string;
  readonly label: Label;
  /** Points per occurrence; positive numbers. Deductions subtract, clauses add or subtract by sign. */
  readonly points: Decimal;
}

/**
 * Scoring methods. Each reads the (non-superseded) facts of its indicator for one person
 * and returns points, before the node's cap.
 */
export type Method =
  /** Start at `start` (default: the node's max) and subtract `item.points × count` per fact; floor 0. */
  | { readonly kind: 'deduction'; readonly start?: Decimal; readonly items: readonly Item[] }
  /** The latest fact's `payload.option` picks an option; `missing` when there is none. */
  | {
      readonly kind: 'graded-choice';
      readonly options: readonly {
        readonly key: string;
        readonly label: Label;
        readonly points: Decimal;
      }[];
      readonly missing:
        { readonly kind: 'zero' } | { readonly kind: 'option'; readonly option: string };
    }
  /**
   * The latest fact's value is a rank (1-based); `payload.tiedWith` (default 1) says how
   * many share it. `ties`: `best` = the tied group all get the points of the best rank;
   * `average` = mean of the points over the tied positions. `outOfTable`: what a rank
   * beyond every row earns.
   */
  | {
      readonly kind: 'rank-table';
      readonly rows: readonly RankRow[];
      readonly ties: 'best' | 'average';
      readonly outOfTable:
        | { readonly kind: 'zero' }
        | { readonly kind: 'last-row' }
        | { readonly kind: 'points'; readonly points: Decimal };
      readonly missing:
        { readonly kind: 'zero' } | { readonly kind: 'points'; readonly points: Decimal };
    }
  /**
   * External rank or grade of something the person is linked to (e.g. the red/black-list
   * rank of their villages): facts are about the linked units (`subject.kind = 'unit'`);
   * value = rank (use `ranks`) or `payload.grade` (use `grades`). Several linked units are
   * combined by `combine`.
   */
  | {
      readonly kind: 'external-lookup';
      readonly link: 'villages' | 'unit';
      readonly ranks?: readonly RankRow[];
      readonly grades?: readonly {
        readonly key: string;
        readonly label: Label;
        readonly points: Decimal;
      }[];
      readonly combine: 'mean' | 'best' | 'worst';
      readonly missing:
        { readonly kind: 'zero' } | { readonly kind: 'points'; readonly points: Decimal };
    }
  /**
   * Ratings on a 0..`scaleMax` scale from named rater groups (fact `payload.group`, value =
   * rating). Per group: mean of its raters. Then the weighted mean of the groups, scaled to
   * the node's max. `missingGroup`: `renormalise` = weights of present groups rescaled;
   * `zero` = the missing group counts as 0; `flag` = score 0 and report a warning.
   */
  | {
      readonly kind: 'rating-average';
      readonly scaleMax: Decimal;
      readonly groups: readonly {
        readonly key: string;
        readonly label: Label;
        readonly weight: Decimal;
      }[];
      readonly missingGroup: 'renormalise' | 'zero' | 'flag';
    }
  /**
   * Task force (专班): per task force (`payload.taskForce`), a base (`payload.part = 'base'`)
   * plus a second allocation (`'allocation'`) decided by the leaders' meeting; sums all.
   */
  | { readonly kind: 'task-force' }
  /** Bonus/penalty clauses: each fact names `payload.clause`; points × count (value, default 1). */
  | { readonly kind: 'clause'; readonly clauses: readonly Item[] }
  /** Discretionary adjustment: value = signed points, each fact must carry a reason (evidence.note). */
  | { readonly kind: 'discretionary'; readonly min?: Decimal; readonly max?: Decimal }
  /** A metric (e.g. hotline response minutes) aggregated over facts, then a threshold table. */
  | {
      readonly kind: 'threshold';
      readonly metric: string;
      readonly aggregate: 'mean' | 'sum' | 'latest' | 'min' | 'max';
      readonly rows: readonly ThresholdRow[];
      readonly missing:
        { readonly kind: 'zero' } | { readonly kind: 'points'; readonly points: Decimal };
    }
  /**
   * Extension points filled by later issues (work platform, OKR, KPI): the facts' values
   * from `source` are points already; summed and multiplied by `factor` (default 1).
   */
  | { readonly kind: 'workflow' | 'okr' | 'kpi'; readonly factor?: Decimal };

export type MethodKind = Method['kind'];

/**
 * A node of the indicator tree. A node has either `children` (a dimension or indicator
 * grouping sub-indicators: its points are the sum of its children's) or a `method` (a leaf
 * that reads facts). `max` caps the node's points; null = uncapped. `min` floors (default
 * none for groups; methods floor on their own).
 */
export interface SchemeNode {
  readonly key: string;
  readonly label: Label;
  readonly max: Decimal | null;
  readonly description?: Label;
  readonly appliesTo?: AppliesTo;
  /** Leaves only: how facts about units reach people. Default `person`. */
  readonly factScope?: FactScope;
  readonly method?: Method;
  readonly children?: readonly SchemeNode[];
}

/** Top-level split of the index: common (共性, capped) and individual (个性, uncapped). */
export interface SchemeDimension extends SchemeNode {
  readonly part: 'common' | 'individual';
}

/** How the annual (year) period's scores are composed from the others. */
export type Composition =
  /** The year is scored directly over every fact of every period inside it. */
  | { readonly kind: 'facts' }
  /** Weighted mean of the indices of contained periods, by assessment kind (weights sum to 1). */
  | {
      readonly kind: 'weighted';
      readonly parts: readonly { readonly assessment: AssessmentKind; readonly weight: Decimal }[];
    };

/** A versioned assessment scheme (考核办法). */
export interface Scheme {
  /** Stable key, e.g. `h-township-2021`. */
  readonly key: string;
  readonly version: number;
  readonly name: Label;
  /** Which units it is meant for (township, department, …); informative. */
  readonly audience: 'township' | 'department' | 'other';
  /** Cap of the common part (default "100"). */
  readonly commonCap: Decimal;
  readonly dimensions: readonly SchemeDimension[];
  /** Position coefficient (岗位系数) by rank code; `default` for ranks not listed. */
  readonly positionCoefficients: {
    readonly byRank: Readonly<Record<string, Decimal>>;
    readonly default: Decimal;
  };
  /** Role layers (executor/manager/technical…) by rank code; people whose rank is not listed get `default`. */
  readonly layers?: { readonly byRank: Readonly<Record<string, string>>; readonly default: string };
  readonly composition: Composition;
  /** Result rules (ranking, grades, bonus, signals), see `results/types.ts`. */
  readonly results: ResultRules;
  /** Work-platform rules: half-month light and card points and the indicators they feed (issue 4). */
  readonly work?: SchemeWorkRules;
}

// ---------------------------------------------------------------- results rules (data)

/** Tie rule for rankings: `competition` = 1,2,2,4; `dense` = 1,2,2,3. */
export type TieRule = 'competition' | 'dense';

export interface GradeRules {
  /** Share of a unit that may be excellent, default "0.2"; the count is rounded down. */
  readonly excellentQuota: Decimal;
  /** Minimum index to be excellent at all (optional). */
  readonly excellentMinIndex?: Decimal;
  /** Below this index → 基本称职 (optional). */
  readonly basicBelow?: Decimal;
  /** Below this index → 不称职 (optional). */
  readonly incompetentBelow?: Decimal;
}

export interface BonusRules {
  /** Bonus coefficient by rank code (seed: shiye 0.85 … zhengke 2.0); `default` otherwise. */
  readonly coefficients: {
    readonly byRank: Readonly<Record<string, Decimal>>;
    readonly default: Decimal;
  };
  /** What each person's share is proportional to, before the coefficient. */
  readonly basis: 'index' | 'total';
  /** Declared rounding: largest remainder (Hamilton), ties by higher basis then person id. */
  readonly rounding: 'largest-remainder';
}

/** A declarative signal rule: when the condition holds for a person, a signal fires. */
export interface SignalRule {
  readonly key: string;
  readonly label: Label;
  readonly kind: 'promotion' | 'accountability';
  readonly when:
    | {
        readonly kind: 'top-share';
        readonly share: Decimal;
        readonly within: 'unit' | 'line' | 'tenant';
      }
    | {
        readonly kind: 'last-place';
        readonly within: 'unit' | 'line' | 'tenant';
        /** Fires only when last in this many consecutive periods of the same kind (default 1). */
        readonly consecutive: number;
      };
  /** What the signal proposes; a human confirms before anything happens. */
  readonly then: {
    readonly promotionPoints?: Decimal;
    readonly seniorityMonths?: number;
    readonly action?: 'interview-leader' | 'withhold-annual-bonus' | 'note';
  };
}

export interface ResultRules {
  readonly tieRule: TieRule;
  readonly grades: GradeRules;
  readonly bonus: BonusRules;
  readonly signals: readonly SignalRule[];
}

// ---------------------------------------------------------------- score sheet

/** A warning the scorer raises without failing (e.g. a rater group missing under `flag`). */
export interface ScoreWarning {
  readonly code: string;
  readonly personId: string;
  readonly indicator: string;
  readonly message: Label;
}

/** Points of one node for one person, with the facts behind them. */
export interface NodeScore {
  readonly key: string;
  /** Points after the cap, decimal string with 2 places. */
  readonly points: Decimal;
  /** Points before the cap (equal to `points` when no cap bit). */
  readonly raw: Decimal;
  readonly capped: boolean;
  /** Ids of the facts that produced the points (leaves only; groups: empty). */
  readonly factIds: readonly string[];
  /** One line per contribution, e.g. "迟到 ×2 −6". */
  readonly explain: readonly Label[];
  readonly children: readonly NodeScore[];
}

/** One person's result for a period. */
export interface PersonScore {
  readonly personId: string;
  readonly unitId: string;
  /** Common part after `commonCap`. */
  readonly common: Decimal;
  /** Common part before `commonCap` (optional: sheets stored before it existed lack it). */
  readonly commonRaw?: Decimal;
  readonly individual: Decimal;
  /** common (capped) + individual. */
  readonly total: Decimal;
  readonly coefficient: Decimal;
  /** total × coefficient, 2 places. */
  readonly index: Decimal;
  readonly nodes: readonly NodeScore[];
}

/** What `score()` returns. */
export interface ScoreSheet {
  readonly schemeKey: string;
  readonly schemeVersion: number;
  readonly periodId: string;
  readonly people: readonly PersonScore[];
  readonly warnings: readonly ScoreWarning[];
}
