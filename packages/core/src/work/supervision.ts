/**
 * Half-month supervision (半月督查): per window (`YYYY-MM-H1` = 1st–15th, `YYYY-MM-H2` =
 * 16th–last day) each unit's lights and cards are counted, converted to unit points by the
 * scheme's table (`Scheme.work`), the units ranked, and the results written as facts (source
 * `workflow`, `payload.window`) for the indicators that read them. Deterministic: the same
 * history gives the same counts, points, ranks and facts whenever it is run, and a re-run
 * appends nothing unless something changed.
 */
import { canonicalJson } from '../assessment/canonical.ts';
import { formatPoints, isDecimal, toPoints } from '../assessment/decimal.ts';
import type { Decimal, Fact, FactSubject, TieRule } from '../assessment/types.ts';
import { compareIds, rank, standings } from '../results/ranking.ts';
import { stepAsOf, stepLight } from './lights.ts';
import {
  addDays,
  compareDates,
  halfMonthEnd,
  instantMs,
  localDate,
  parseHalfMonth,
} from './time.ts';
import {
  cardColours,
  lightColours,
  type Card,
  type CardColour,
  type HalfMonthKey,
  type Instant,
  type LightColour,
  type LightInput,
  type LightRules,
  type SchemeWorkRules,
  type UnitSupervision,
  type UnitWindowCounts,
  type WorkEvent,
  type WorkloadShare,
} from './types.ts';

function windowRange(key: HalfMonthKey): { key: string; startsOn: string; endsOn: string } {
  const parsed = parseHalfMonth(key);
  if (!parsed) throw new RangeError(`not a half-month window: ${JSON.stringify(key)}`);
  return parsed;
}

/** The last instant of a window (one millisecond before its exclusive end). */
export function windowLastInstant(key: HalfMonthKey, utcOffsetMinutes: number): Instant {
  return new Date(instantMs(halfMonthEnd(key, utcOffsetMinutes)) - 1).toISOString();
}

/** How one step stands in a window. */
export interface WindowStepStatus {
  /** Whether the window counts the step's light (see `windowStatus`). */
  readonly counted: boolean;
  /** The step's light at the window's last instant. */
  readonly light: LightColour;
  /** Whether the step was done during the window (its workload falls in the window). */
  readonly finished: boolean;
}

/**
 * A step's standing in a window, rebuilt from its events as of the window's last instant
 * (`stepAsOf`), so a run gives the same answer whenever it happens:
 *
 * - a step done by then is counted (with its final light) in the window its local end day falls
 *   in, and only there — that is also the window its workload belongs to (`finished`);
 * - a step not done by then (waiting, active, submitted, returned) is counted when its planned
 *   start is on or before the window's last day, with its light at that instant — so an
 *   unfinished late step is counted red again in every window until it is done;
 * - a cancelled step, or one planned to start after the window, is not counted.
 */
export function windowStatus(
  step: LightInput,
  events: readonly WorkEvent[],
  key: HalfMonthKey,
  rules: LightRules,
): WindowStepStatus {
  const { startsOn, endsOn } = windowRange(key);
  const at = windowLastInstant(key, rules.utcOffsetMinutes);
  const then = stepAsOf(step, events, at);
  const light = stepLight(then, at, rules);
  switch (then.state) {
    case 'cancelled':
      return { counted: false, light, finished: false };
    case 'done': {
      const ended =
        then.actualEnd === null
          ? then.plannedEnd
          : localDate(then.actualEnd, rules.utcOffsetMinutes);
      const inside = compareDates(ended, startsOn) >= 0 && compareDates(ended, endsOn) <= 0;
      return { counted: inside, light, finished: inside };
    }
    case 'waiting':
    case 'active':
    case 'submitted':
    case 'returned':
      return { counted: compareDates(then.plannedStart, endsOn) <= 0, light, finished: false };
  }
}

function zeroLights(): Record<LightColour, number> {
  return Object.fromEntries(lightColours.map((c) => [c, 0])) as Record<LightColour, number>;
}

function zeroCards(): Record<CardColour, number> {
  return Object.fromEntries(cardColours.map((c) => [c, 0])) as Record<CardColour, number>;
}

/**
 * Light and card counts per unit: every counted step's light to its unit, every card to its
 * unit. Units in `unitIds` appear even with nothing counted (all zero), so every unit under
 * supervision is ranked. Ordered by unit id.
 */
export function countWindow(input: {
  readonly steps: readonly { readonly unitId: string; readonly light: LightColour }[];
  readonly cards: readonly Pick<Card, 'unitId' | 'colour'>[];
  readonly unitIds?: readonly string[];
}): UnitWindowCounts[] {
  const units = new Map<
    string,
    { lights: Record<LightColour, number>; cards: Record<CardColour, number> }
  >();
  const unit = (id: string) => {
    let counts = units.get(id);
    if (!counts) units.set(id, (counts = { lights: zeroLights(), cards: zeroCards() }));
    return counts;
  };
  for (const id of input.unitIds ?? []) unit(id);
  for (const s of input.steps) unit(s.unitId).lights[s.light] += 1;
  for (const c of input.cards) unit(c.unitId).cards[c.colour] += 1;
  return [...units.keys()].sort(compareIds).map((unitId) => ({ unitId, ...units.get(unitId)! }));
}

/**
 * Each unit's points and rank: points = Σ count × `lightPoints[colour]` + Σ count ×
 * `cardPoints[colour]`, exact to the hundredth; ranks by points, highest first, under the tie
 * rule (`competition`: 1, 2, 2, 4). Ordered by rank, then unit id.
 * @throws RangeError when a table entry is not a decimal (validate the scheme first).
 */
export function superviseUnits(
  counts: readonly UnitWindowCounts[],
  rules: Pick<SchemeWorkRules, 'lightPoints' | 'cardPoints'>,
  tieRule: TieRule,
): UnitSupervision[] {
  const lightPoints = lightColours.map((c) => toPoints(rules.lightPoints[c]));
  const cardPoints = cardColours.map((c) => toPoints(rules.cardPoints[c]));
  const points = counts.map(
    (u) =>
      lightColours.reduce((sum, c, i) => sum + BigInt(u.lights[c]) * lightPoints[i]!, 0n) +
      cardColours.reduce((sum, c, i) => sum + BigInt(u.cards[c]) * cardPoints[i]!, 0n),
  );
  const ranks = rank(
    counts.map((u, i) => ({ id: u.unitId, value: points[i]! })),
    tieRule,
  );
  return counts
    .map((u, i) => ({
      unitId: u.unitId,
      lights: { ...u.lights },
      cards: { ...u.cards },
      points: formatPoints(points[i]!),
      rank: ranks.get(u.unitId)!,
    }))
    .sort((a, b) => a.rank - b.rank || compareIds(a.unitId, b.unitId));
}

/** What a supervision fact records (`payload.kind`). */
export const supervisionFactKinds = ['unit-rank', 'unit-points', 'workload', 'red-lights'] as const;
export type SupervisionFactKind = (typeof supervisionFactKinds)[number];

/** A fact a supervision run wants to exist (the caller adds id, recorder and time). */
export interface DesiredFact {
  readonly periodId: string;
  readonly subject: FactSubject;
  readonly indicator: string;
  readonly value: Decimal | null;
  readonly payload: Readonly<Record<string, unknown>> & {
    readonly window: HalfMonthKey;
    readonly kind: SupervisionFactKind;
  };
  readonly source: 'workflow';
  readonly evidence: Readonly<Record<string, never>>;
}

/** A fact to append: a desired fact, or a retraction, superseding the current one if any. */
export interface FactToAppend extends DesiredFact {
  readonly supersedes: string | null;
}

/**
 * The facts a window's supervision should leave in `periodId`, by the scheme's work rules:
 *
 * - `unitIndicator` → per unit, a unit fact: value = its rank (`payload.tiedWith` = how many
 *   share it, for the rank table's tie rule) or its points;
 * - `workloadIndicator` → per person, value = the sum of their shares of steps finished in the
 *   window (people with 0.00 get no fact);
 * - `redLightIndicator` → per person carrying at least one counted red light, value = number of
 *   red lights × `points` (`payload.count`, `payload.steps`).
 *
 * Ordered by indicator, subject, so that equal input gives equal output.
 */
export function supervisionFacts(input: {
  readonly periodId: string;
  readonly window: HalfMonthKey;
  readonly rules: SchemeWorkRules;
  readonly units: readonly UnitSupervision[];
  /** Shares of the steps finished in the window (`splitStepPoints`). */
  readonly workload: readonly WorkloadShare[];
  /** Counted red steps of the window and who carries each (`lightCarriers`). */
  readonly redLights: readonly { readonly stepId: string; readonly carriers: readonly string[] }[];
}): DesiredFact[] {
  const { periodId, rules } = input;
  const windowKey = windowRange(input.window).key;
  const facts: DesiredFact[] = [];
  const fact = (
    subject: FactSubject,
    indicator: string,
    value: Decimal | null,
    kind: SupervisionFactKind,
    extra: Record<string, unknown> = {},
  ) =>
    facts.push({
      periodId,
      subject,
      indicator,
      value,
      payload: { window: windowKey, kind, ...extra },
      source: 'workflow',
      evidence: {},
    });

  if (rules.unitIndicator) {
    const { key, value } = rules.unitIndicator;
    const table = standings(
      input.units.map((u) => ({ id: u.unitId, value: toPoints(u.points) })),
      'competition',
    );
    for (const u of input.units) {
      const subject: FactSubject = { kind: 'unit', id: u.unitId };
      if (value === 'rank') {
        fact(subject, key, String(u.rank), 'unit-rank', {
          tiedWith: table.get(u.unitId)!.tied,
          points: u.points,
        });
      } else {
        fact(subject, key, u.points, 'unit-points', { rank: u.rank });
      }
    }
  }

  if (rules.workloadIndicator) {
    const sums = new Map<string, { points: bigint; steps: Set<string> }>();
    for (const share of input.workload) {
      const sum = sums.get(share.personId) ?? { points: 0n, steps: new Set<string>() };
      sum.points += toPoints(share.points);
      sum.steps.add(share.stepId);
      sums.set(share.personId, sum);
    }
    for (const [personId, sum] of sums) {
      if (sum.points === 0n) continue;
      fact(
        { kind: 'person', id: personId },
        rules.workloadIndicator,
        formatPoints(sum.points),
        'workload',
        {
          steps: sum.steps.size,
        },
      );
    }
  }

  if (rules.redLightIndicator) {
    const each = toPoints(rules.redLightIndicator.points);
    const carried = new Map<string, Set<string>>();
    for (const red of input.redLights) {
      for (const personId of new Set(red.carriers)) {
        const steps = carried.get(personId) ?? new Set<string>();
        steps.add(red.stepId);
        carried.set(personId, steps);
      }
    }
    for (const [personId, steps] of carried) {
      fact(
        { kind: 'person', id: personId },
        rules.redLightIndicator.key,
        formatPoints(each * BigInt(steps.size)),
        'red-lights',
        { count: steps.size, steps: [...steps].sort(compareIds) },
      );
    }
  }
  return facts.sort(compareDesired);
}

function factKey(f: Pick<Fact, 'periodId' | 'indicator' | 'subject' | 'payload'>): string {
  return [
    f.periodId,
    f.indicator,
    f.subject.kind,
    f.subject.id,
    f.payload.window,
    f.payload.kind,
  ].join('\u0000');
}

function compareDesired(a: DesiredFact, b: DesiredFact): number {
  return compareIds(factKey(a), factKey(b));
}

function sameValue(a: Decimal | null, b: Decimal | null): boolean {
  if (a === null || b === null) return a === b;
  return isDecimal(a) && isDecimal(b) ? toPoints(a) === toPoints(b) : a === b;
}

function isSupervisionFact(f: Fact): boolean {
  return (
    f.source === 'workflow' &&
    typeof f.payload.window === 'string' &&
    (supervisionFactKinds as readonly unknown[]).includes(f.payload.kind)
  );
}

/**
 * What to append so that the facts of the window(s) become `desired`, given the `existing`
 * facts (any facts: only current — not superseded — supervision facts of the windows in scope
 * are looked at; scope = `window` when given, else the windows of `desired`):
 *
 * - a desired fact equal (value and payload) to the current one of the same period, indicator,
 *   subject, window and kind → nothing;
 * - different, or none → append it, superseding the current one (if any);
 * - a current fact nobody desires any more → append a retraction superseding it (value `0`, or
 *   null for a rank, `payload.retracted = true`); retractions count as absent, so running again
 *   appends nothing.
 *
 * Two current facts with the same key (an interrupted run) keep the latest; the other is
 * retracted. Idempotent: `factChanges(desired, existing ∪ appended)` is empty.
 */
export function factChanges(
  desired: readonly DesiredFact[],
  existing: readonly Fact[],
  window?: HalfMonthKey,
): FactToAppend[] {
  const scope = new Set(window !== undefined ? [window] : desired.map((d) => d.payload.window));
  const superseded = new Set(
    existing.flatMap((f) => (f.supersedes === null ? [] : [f.supersedes])),
  );
  const current = new Map<string, Fact[]>();
  for (const f of existing) {
    if (superseded.has(f.id) || !isSupervisionFact(f) || !scope.has(f.payload.window as string))
      continue;
    const key = factKey(f);
    current.set(key, [...(current.get(key) ?? []), f]);
  }
  for (const list of current.values()) {
    list.sort((a, b) => compareIds(a.recordedAt, b.recordedAt) || compareIds(a.id, b.id));
  }
  const retract = (f: Fact): FactToAppend => ({
    periodId: f.periodId,
    subject: f.subject,
    indicator: f.indicator,
    value: f.payload.kind === 'unit-rank' ? null : '0.00',
    payload: {
      window: f.payload.window as HalfMonthKey,
      kind: f.payload.kind as SupervisionFactKind,
      retracted: true,
    },
    source: 'workflow',
    evidence: {},
    supersedes: f.id,
  });
  const append: FactToAppend[] = [];
  const wanted = new Set<string>();
  for (const d of [...desired].sort(compareDesired)) {
    const key = factKey(d);
    if (wanted.has(key)) {
      throw new RangeError(`duplicate desired fact: ${key.replaceAll('\u0000', '/')}`);
    }
    wanted.add(key);
    const list = current.get(key) ?? [];
    const live = list.filter((f) => f.payload.retracted !== true).at(-1);
    if (
      live &&
      sameValue(live.value, d.value) &&
      canonicalJson(live.payload) === canonicalJson(d.payload)
    ) {
      continue;
    }
    append.push({ ...d, supersedes: (live ?? list.at(-1))?.id ?? null });
  }
  for (const [key, list] of [...current].sort(([a], [b]) => compareIds(a, b))) {
    const live = list.filter((f) => f.payload.retracted !== true);
    // Older duplicates go whatever happens; the latest goes unless still desired (the new
    // value superseded it above when it changed).
    for (const f of live.slice(0, -1)) append.push(retract(f));
    const latest = live.at(-1);
    if (latest && !wanted.has(key)) append.push(retract(latest));
  }
  return append;
}

/** Local days of a window, for reports (`2026-02-H2` → 16 … 28). */
export function windowDays(key: HalfMonthKey): string[] {
  const { startsOn, endsOn } = windowRange(key);
  const days: string[] = [];
  for (let d = startsOn; compareDates(d, endsOn) <= 0; d = addDays(d, 1)) days.push(d);
  return days;
}
