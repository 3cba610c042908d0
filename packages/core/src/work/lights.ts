/**
 * The five-colour light of a step (五色灯) and who carries a red one. Exact definitions (also in
 * docs/work.md); `today` is the local date of `now` in the tenant's zone:
 *
 * - cancelled → white.
 * - done → red when the local day it ended is after `plannedEnd + graceDays`; blue when it ended
 *   on or before `plannedEnd − aheadDays`; green otherwise.
 * - not done (waiting, active, submitted, returned) → red when `today > plannedEnd + graceDays`;
 *   else yellow when flagged or returned; else white when waiting or `today < plannedStart`;
 *   else green.
 *
 * Lateness wins over everything, a problem (flag or return) over timing, and a step nobody can
 * work on yet is white.
 */
import { compareIds } from '../results/ranking.ts';
import { compareInstants, dayNumberOf, localDayNumber } from './time.ts';
import type {
  Instant,
  LightColour,
  LightInput,
  LightRules,
  StepAssignee,
  StepState,
  WorkConfig,
  WorkEvent,
} from './types.ts';

/** A tenant's work settings before anybody changes them. */
export const defaultWorkConfig: WorkConfig = {
  roleShares: {
    handler: '0.5',
    'section-head': '0.15',
    'unit-head': '0.1',
    'project-lead': '0.1',
    reviewer: '0.05',
    'card-issuer': '0.05',
    leader: '0.05',
  },
  lights: { aheadDays: 1, graceDays: 0, utcOffsetMinutes: 480 },
  dueSoonDays: 3,
};

/** The last `now` seen and its local day (a tick evaluates every step at one instant). */
let lastNow: { now: Instant; offset: number; day: number } | null = null;

function todayOf(now: Instant, offset: number): number {
  if (lastNow === null || lastNow.now !== now || lastNow.offset !== offset) {
    lastNow = { now, offset, day: localDayNumber(now, offset) };
  }
  return lastNow.day;
}

/** The light of a step at `now` under `rules` (see the module comment for the definition). */
export function stepLight(step: LightInput, now: Instant, rules: LightRules): LightColour {
  const offset = rules.utcOffsetMinutes;
  switch (step.state) {
    case 'cancelled':
      return 'white';
    case 'done': {
      // A done step without a recorded end has nothing to be late or early by.
      if (step.actualEnd === null) return 'green';
      const ended = localDayNumber(step.actualEnd, offset);
      const end = dayNumberOf(step.plannedEnd);
      if (ended > end + rules.graceDays) return 'red';
      if (ended <= end - rules.aheadDays) return 'blue';
      return 'green';
    }
    case 'waiting':
    case 'active':
    case 'submitted':
    case 'returned': {
      const today = todayOf(now, offset);
      if (today > dayNumberOf(step.plannedEnd) + rules.graceDays) return 'red';
      if (step.flagged || step.state === 'returned') return 'yellow';
      if (step.state === 'waiting' || today < dayNumberOf(step.plannedStart)) return 'white';
      return 'green';
    }
  }
}

/**
 * Who carries a step's red light: its handler(s) and section head(s); when the step has no
 * section head, its unit head(s). Nobody else (reviewers, leaders and cooperating units do
 * not). Distinct person ids in id order.
 */
export function lightCarriers(assignees: readonly StepAssignee[]): string[] {
  const hasSectionHead = assignees.some((a) => a.role === 'section-head');
  const carrying = new Set<string>();
  for (const a of assignees) {
    if (
      a.role === 'handler' ||
      (hasSectionHead ? a.role === 'section-head' : a.role === 'unit-head')
    ) {
      carrying.add(a.personId);
    }
  }
  return [...carrying].sort(compareIds);
}

/** Planned dates a `step-updated` body may carry in `from` / `to`. */
type PlanField = 'plannedStart' | 'plannedEnd';
const planFields: readonly PlanField[] = ['plannedStart', 'plannedEnd'];

function bodyPart(event: WorkEvent, part: 'from' | 'to'): Record<string, unknown> {
  const value = event.body[part];
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** Events in time order; equal instants by id, so the fold does not depend on input order. */
function chronological(events: readonly WorkEvent[]): WorkEvent[] {
  return [...events].sort((a, b) => compareInstants(a.at, b.at) || compareIds(a.id, b.id));
}

/**
 * The step as it was at `at`, rebuilt from its own events (pass only this step's events, in
 * any order), so that statistics of a past window do not depend on when they are computed:
 *
 * - planned dates: per field, the `to` of the last `step-updated` at or before `at`, else the
 *   `from` of the first one after `at`, else the step's current value;
 * - state, folded over the events at or before `at`, starting `waiting`: `step-started` →
 *   active (actual start = its instant), `step-submitted` → submitted, `step-returned` →
 *   returned, `step-completed` / `step-approved` → done (actual end = its instant),
 *   `step-updated` with `to.state = 'cancelled'` → cancelled; `step-flagged` / `step-unflagged`
 *   set the flag. Other kinds are ignored.
 * - where the events say nothing at all about a transition (no `step-started`, or no
 *   `step-completed`/`step-approved`), the row's recorded instants fill in: started at or before
 *   `at` → active since then; a done row that ended at or before `at` → done then. A cancelled
 *   row with no cancelling event counts as cancelled throughout.
 */
export function stepAsOf(step: LightInput, events: readonly WorkEvent[], at: Instant): LightInput {
  const ordered = chronological(events);
  const before = ordered.filter((e) => compareInstants(e.at, at) <= 0);
  const after = ordered.filter((e) => compareInstants(e.at, at) > 0);

  const plan: Record<PlanField, string> = {
    plannedStart: step.plannedStart,
    plannedEnd: step.plannedEnd,
  };
  for (const field of planFields) {
    const lastBefore = before
      .filter((e) => e.kind === 'step-updated' && typeof bodyPart(e, 'to')[field] === 'string')
      .at(-1);
    const firstAfter = after.find(
      (e) => e.kind === 'step-updated' && typeof bodyPart(e, 'from')[field] === 'string',
    );
    if (lastBefore) plan[field] = bodyPart(lastBefore, 'to')[field] as string;
    else if (firstAfter) plan[field] = bodyPart(firstAfter, 'from')[field] as string;
  }

  let state: StepState = 'waiting';
  let actualStart: Instant | null = null;
  let actualEnd: Instant | null = null;
  let flagged = false;
  let cancelledByEvent = false;
  for (const e of before) {
    switch (e.kind) {
      case 'step-started':
        state = 'active';
        actualStart ??= e.at;
        actualEnd = null;
        break;
      case 'step-submitted':
        state = 'submitted';
        actualStart ??= e.at;
        break;
      case 'step-returned':
        state = 'returned';
        actualEnd = null;
        break;
      case 'step-completed':
      case 'step-approved':
        state = 'done';
        actualStart ??= e.at;
        actualEnd = e.at;
        break;
      case 'step-flagged':
        flagged = true;
        break;
      case 'step-unflagged':
        flagged = false;
        break;
      case 'step-updated':
        if (bodyPart(e, 'to').state === 'cancelled') {
          state = 'cancelled';
          cancelledByEvent = true;
        }
        break;
      case 'task-created':
      case 'task-updated':
      case 'light-changed':
      case 'card-issued':
      case 'supervision-run':
      case 'task-force-formed':
      case 'task-force-allocated':
      case 'document-published':
        break;
    }
  }
  const has = (...kinds: WorkEvent['kind'][]) => ordered.some((e) => kinds.includes(e.kind));
  const cancelledEver = ordered.some(
    (e) => e.kind === 'step-updated' && bodyPart(e, 'to').state === 'cancelled',
  );
  if (step.state === 'cancelled' && !cancelledEver) {
    state = 'cancelled';
  } else if (!cancelledByEvent) {
    const startedRow = step.actualStart !== null && compareInstants(step.actualStart, at) <= 0;
    if (state === 'waiting' && startedRow && !has('step-started')) {
      state = 'active';
      actualStart = step.actualStart;
    }
    const endedRow =
      step.state === 'done' && step.actualEnd !== null && compareInstants(step.actualEnd, at) <= 0;
    if (state !== 'done' && endedRow && !has('step-completed', 'step-approved')) {
      state = 'done';
      actualStart ??= step.actualStart;
      actualEnd = step.actualEnd;
    }
  }
  return { state, ...plan, actualStart, actualEnd, flagged };
}
