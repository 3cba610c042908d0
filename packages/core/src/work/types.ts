/**
 * The work platform's contract (issue 4): categories → tasks → steps with people by role,
 * the five-colour light of a step, the monthly three-colour card, half-month supervision
 * statistics, workload shares, task forces, documents and notifications. Plain JSON-shaped
 * data shared by core rules, db, server and web.
 *
 * Time: instants are ISO strings (UTC, `2026-11-22T08:00:00.000Z`); calendar days are local
 * dates `YYYY-MM-DD` in the tenant's zone, which is a fixed UTC offset (`utcOffsetMinutes`,
 * Asia/Shanghai = 480, no daylight saving). Core never reads a clock: `now` is passed in.
 * Points are decimal strings at scale 2, as in the assessment engine.
 */
import type { LocalText } from '../i18n.ts';
import type { Decimal } from '../assessment/types.ts';

/** An ISO-8601 instant in UTC. */
export type Instant = string;
/** A local calendar date `YYYY-MM-DD` in the tenant's zone. */
export type LocalDate = string;
/** A month `YYYY-MM`. */
export type MonthKey = string;
/** A half-month window `YYYY-MM-H1` (1st–15th) or `YYYY-MM-H2` (16th–end of month). */
export type HalfMonthKey = string;

// ---------------------------------------------------------------- configuration

/** The kinds of top-level category (专项行动, 重点工作, 重点项目, 重点指标, 领导交办); configurable labels. */
export const categoryKinds = [
  'campaign',
  'key-work',
  'key-project',
  'key-indicator',
  'assigned',
] as const;
export type CategoryKind = (typeof categoryKinds)[number];

/** A top-level category of a tenant's work. */
export interface WorkCategory {
  readonly id: string;
  readonly key: string;
  readonly name: LocalText;
  readonly kind: CategoryKind;
  readonly sortOrder: number;
  readonly archived: boolean;
}

/**
 * The roles a person can hold on a step: handler (经办人), section head (科室负责人), unit head
 * (单位负责人), project lead (项目负责人), reviewer (审核人), card issuer (发牌人), leader in
 * charge (分管领导).
 */
export const stepRoles = [
  'handler',
  'section-head',
  'unit-head',
  'project-lead',
  'reviewer',
  'card-issuer',
  'leader',
] as const;
export type StepRole = (typeof stepRoles)[number];

/** Share of a step's points per role; the shares of the roles in use sum to 1 after renormalising. */
export type RoleShares = Readonly<Record<StepRole, Decimal>>;

/** The five light colours (五色灯). */
export const lightColours = ['white', 'blue', 'green', 'yellow', 'red'] as const;
export type LightColour = (typeof lightColours)[number];

/** The three card colours (三色牌). */
export const cardColours = ['green', 'yellow', 'red'] as const;
export type CardColour = (typeof cardColours)[number];

/**
 * Thresholds of the light rules (documented in docs/work.md):
 * - `aheadDays`: a step finished at least this many local days before its planned end is
 *   blue (ahead of plan). Default 1.
 * - `graceDays`: days after the planned end before an unfinished step turns red. Default 0.
 * - `utcOffsetMinutes`: the tenant's zone (Asia/Shanghai 480).
 */
export interface LightRules {
  readonly aheadDays: number;
  readonly graceDays: number;
  readonly utcOffsetMinutes: number;
}

/** A tenant's work settings (one row per tenant; defaults in `defaultWorkConfig`). */
export interface WorkConfig {
  readonly roleShares: RoleShares;
  readonly lights: LightRules;
  /** Days before a step's planned end when "due soon" starts (My work). Default 3. */
  readonly dueSoonDays: number;
}

// ---------------------------------------------------------------- tasks and steps

export const taskPriorities = ['high', 'normal', 'low'] as const;
export type TaskPriority = (typeof taskPriorities)[number];

export const taskStatuses = ['active', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

/** A task (事项) inside a category. */
export interface Task {
  readonly id: string;
  readonly categoryId: string;
  readonly title: string;
  readonly description: string;
  /** 责任单位: carries red cards. */
  readonly responsibleUnitId: string;
  /** 牵头单位: carries yellow cards when the plan is not met; null = same as responsible. */
  readonly leadUnitId: string | null;
  readonly cooperatingUnitIds: readonly string[];
  /** 分管领导 (a person). */
  readonly leaderPersonId: string | null;
  readonly startsOn: LocalDate;
  readonly dueOn: LocalDate;
  readonly priority: TaskPriority;
  readonly attachments: readonly string[];
  readonly templateKey: string | null;
  readonly taskForceId: string | null;
  readonly status: TaskStatus;
  readonly createdAt: Instant;
}

/**
 * Where a step is in its workflow:
 * - `waiting`: earlier steps are not done yet;
 * - `active`: handed to its people (started);
 * - `submitted`: the handler completed it and a reviewer must approve;
 * - `returned`: the reviewer sent it back (active again, with a problem);
 * - `done`: completed (and approved when review is required);
 * - `cancelled`.
 */
export const stepStates = [
  'waiting',
  'active',
  'submitted',
  'returned',
  'done',
  'cancelled',
] as const;
export type StepState = (typeof stepStates)[number];

/** A person holding a role on a step. */
export interface StepAssignee {
  readonly role: StepRole;
  readonly personId: string;
}

/**
 * A granular step (环节). Steps of a task run in `seq` order; steps sharing a `seq` are
 * parallel branches, and the next `seq` starts when all of them are done.
 */
export interface Step {
  readonly id: string;
  readonly taskId: string;
  readonly seq: number;
  readonly name: string;
  /** The unit doing the step (lights are counted for it); default the task's responsible unit. */
  readonly unitId: string;
  readonly plannedStart: LocalDate;
  readonly plannedEnd: LocalDate;
  readonly actualStart: Instant | null;
  readonly actualEnd: Instant | null;
  readonly points: Decimal;
  readonly tags: readonly string[];
  readonly reviewRequired: boolean;
  readonly state: StepState;
  /** A problem flagged on the step (yellow until cleared). */
  readonly flagged: boolean;
  readonly assignees: readonly StepAssignee[];
  /** The light last recorded for the step (by a transition or a scheduler tick). */
  readonly light: LightColour;
}

/** What the light rules need of a step (a subset of `Step`, also rebuilt from history). */
export interface LightInput {
  readonly state: StepState;
  readonly plannedStart: LocalDate;
  readonly plannedEnd: LocalDate;
  readonly actualStart: Instant | null;
  readonly actualEnd: Instant | null;
  readonly flagged: boolean;
}

/** One step of a workflow template; dates are offsets in days from the task's start. */
export interface TemplateStep {
  readonly seq: number;
  readonly name: string;
  readonly startOffsetDays: number;
  readonly durationDays: number;
  readonly points: Decimal;
  readonly tags: readonly string[];
  readonly reviewRequired: boolean;
  /** Roles this step expects to be filled when a task is created from the template. */
  readonly roles: readonly StepRole[];
}

/** A workflow template per kind of work. */
export interface WorkTemplate {
  readonly id: string;
  readonly key: string;
  readonly name: LocalText;
  readonly categoryKind: CategoryKind | null;
  readonly steps: readonly TemplateStep[];
}

/** One step of a new task (POST /api/work/tasks); checked by `validateTaskInput`. */
export interface StepInput {
  readonly seq: number;
  readonly name: string;
  /** The unit doing the step; absent or null = the task's responsible unit. */
  readonly unitId?: string | null;
  readonly plannedStart: LocalDate;
  readonly plannedEnd: LocalDate;
  readonly points: Decimal;
  readonly tags: readonly string[];
  readonly reviewRequired: boolean;
  readonly assignees: readonly StepAssignee[];
}

/** A new task with its steps; checked by `validateTaskInput`. */
export interface TaskInput {
  readonly categoryId: string;
  readonly title: string;
  readonly description?: string;
  readonly responsibleUnitId: string;
  readonly leadUnitId?: string | null;
  readonly cooperatingUnitIds?: readonly string[];
  readonly leaderPersonId?: string | null;
  readonly startsOn: LocalDate;
  readonly dueOn: LocalDate;
  readonly priority?: TaskPriority;
  readonly attachments?: readonly string[];
  readonly templateKey?: string | null;
  readonly steps: readonly StepInput[];
}

/** What "My work" needs of a step: its light inputs, names and people. */
export interface MyStepInput extends LightInput {
  readonly stepId: string;
  readonly taskId: string;
  readonly taskTitle: string;
  readonly name: string;
  readonly points: Decimal;
  readonly assignees: readonly StepAssignee[];
}

/** A step as "My work" lists it, with its light now and the person's roles on it. */
export interface MyStep {
  readonly stepId: string;
  readonly taskId: string;
  readonly taskTitle: string;
  readonly name: string;
  readonly plannedStart: LocalDate;
  readonly plannedEnd: LocalDate;
  readonly light: LightColour;
  readonly state: StepState;
  readonly roles: readonly StepRole[];
  readonly points: Decimal;
}

/**
 * A person's work now (disjoint lists): `overdue` (to complete, past the planned end),
 * `dueSoon` (to complete, planned end within `dueSoonDays`), `todo` (the rest to complete) and
 * `review` (submitted steps waiting for their review).
 */
export interface MyWork {
  readonly todo: readonly MyStep[];
  readonly dueSoon: readonly MyStep[];
  readonly overdue: readonly MyStep[];
  readonly review: readonly MyStep[];
}

// ---------------------------------------------------------------- history

/** Kinds of work event; each is append-only and chained into the tenant ledger (kind `work`). */
export const workEventKinds = [
  'task-created',
  'task-updated',
  'step-started',
  'step-completed',
  'step-submitted',
  'step-approved',
  'step-returned',
  'step-flagged',
  'step-unflagged',
  'step-updated',
  'light-changed',
  'card-issued',
  'supervision-run',
  'task-force-formed',
  'task-force-allocated',
  'document-published',
] as const;
export type WorkEventKind = (typeof workEventKinds)[number];

/** One recorded work event: who did what, when (body is kind-specific). */
export interface WorkEvent {
  readonly id: string;
  readonly kind: WorkEventKind;
  readonly taskId: string | null;
  readonly stepId: string | null;
  /** Acting person (null for the scheduler or an account without a person). */
  readonly actorPersonId: string | null;
  readonly at: Instant;
  readonly body: Readonly<Record<string, unknown>>;
}

// ---------------------------------------------------------------- cards and supervision

/** One item of a unit's monthly plan: a step due in the month, frozen once planned. */
export interface MonthPlanItem {
  readonly month: MonthKey;
  readonly stepId: string;
  readonly taskId: string;
  readonly unitId: string;
  readonly leadUnitId: string | null;
  readonly plannedEnd: LocalDate;
}

/** A card issued at month end for one task's planned steps to one unit. */
export interface Card {
  readonly month: MonthKey;
  readonly taskId: string;
  readonly unitId: string;
  /** Why this unit got it: the responsible unit (green or red) or the lead unit (yellow). */
  readonly as: 'responsible' | 'lead';
  readonly colour: CardColour;
  readonly planned: number;
  readonly done: number;
}

/** Light and card counts of one unit in a half-month window. */
export interface UnitWindowCounts {
  readonly unitId: string;
  readonly lights: Readonly<Record<LightColour, number>>;
  readonly cards: Readonly<Record<CardColour, number>>;
}

/** A unit's supervision result in a window: counts, points by the scheme's table, rank. */
export interface UnitSupervision extends UnitWindowCounts {
  readonly points: Decimal;
  readonly rank: number;
}

/**
 * The scheme's work rules (optional `work` section of a Scheme): how lights and cards of a
 * half-month window become unit points, and which indicators the supervision run feeds.
 * Facts written by a run have source `workflow` and carry `payload.window`.
 */
export interface SchemeWorkRules {
  /** Points per light counted in the window (e.g. red "-1", yellow "-0.5", blue "0.5"). */
  readonly lightPoints: Readonly<Record<LightColour, Decimal>>;
  /** Points per card issued in the window (cards are issued in the month's second half). */
  readonly cardPoints: Readonly<Record<CardColour, Decimal>>;
  /**
   * Unit result → indicator (a unit fact; dual track flows it to members):
   * `rank` writes the unit's rank (for a rank-table leaf), `points` its points (workflow leaf).
   */
  readonly unitIndicator?: { readonly key: string; readonly value: 'rank' | 'points' };
  /** Each person's workload points of the window → this `workflow` leaf. */
  readonly workloadIndicator?: string;
  /** Each red light a person carries in the window → `redLightPoints` (negative) on this leaf. */
  readonly redLightIndicator?: { readonly key: string; readonly points: Decimal };
}

// ---------------------------------------------------------------- workload, task forces, documents

/** One person's share of one step's points. */
export interface WorkloadShare {
  readonly stepId: string;
  readonly personId: string;
  readonly role: StepRole;
  readonly points: Decimal;
}

/** A task force (专班) formed by a leader. */
export interface TaskForce {
  readonly id: string;
  readonly name: string;
  readonly leaderPersonId: string;
  /** Base points every member receives (set by the leaders' joint meeting). */
  readonly basePoints: Decimal;
  /** Points the leader distributes among members in the second allocation. */
  readonly allocationPool: Decimal;
  readonly memberIds: readonly string[];
  readonly status: 'active' | 'closed';
}

export const documentKinds = ['instruction', 'policy'] as const;
export type DocumentKind = (typeof documentKinds)[number];

/** An instruction or policy document pushed to units or people, with read receipts. */
export interface WorkDocument {
  readonly id: string;
  readonly kind: DocumentKind;
  readonly title: string;
  readonly body: string;
  readonly attachments: readonly string[];
  /** Read by this instant, or null for no deadline; unread after it = overdue. */
  readonly readBy: Instant | null;
  readonly publishedBy: string | null;
  readonly publishedAt: Instant;
}

/** An in-app notification for one person. */
export interface Notification {
  readonly id: string;
  readonly kind: string;
  readonly title: LocalText;
  readonly body: LocalText | null;
  /** Web path to open, e.g. `/work/tasks/<id>`. */
  readonly link: string | null;
  readonly createdAt: Instant;
  readonly readAt: Instant | null;
}
