/**
 * View logic of the work pages, kept free of React so it can be tested: light bars, the
 * half-month windows a report offers, grouping a step's people by role, a template's draft,
 * and decimal sums for forms.
 */
import {
  cardColours,
  formatScaled,
  isDecimal,
  lightColours,
  parseScaled,
  POINT_SCALE,
  stepRoles,
  type CardColour,
  type Decimal,
  type LightColour,
  type StepAssignee,
  type StepRole,
} from '@tianheng/core';

/** Display colours of the five lights (white has a grey edge so it shows on white). */
export const lightHex: Record<LightColour, string> = {
  white: '#f0f0f0',
  blue: '#1677ff',
  green: '#52c41a',
  yellow: '#faad14',
  red: '#f5222d',
};

/** Display colours of the three cards. */
export const cardHex: Record<CardColour, string> = {
  green: '#52c41a',
  yellow: '#faad14',
  red: '#f5222d',
};

/** A segment of a stacked light bar: colour, count and width in percent (sums to 100). */
export interface BarSegment {
  colour: LightColour;
  count: number;
  percent: number;
}

/**
 * The non-empty segments of a light distribution in the fixed light order, widths in percent
 * summing to exactly 100 (largest remainder on tenths), or none when every count is zero.
 */
export function lightSegments(counts: Partial<Record<LightColour, number>>): BarSegment[] {
  const present = lightColours
    .map((colour) => ({ colour, count: Math.max(0, counts[colour] ?? 0) }))
    .filter((s) => s.count > 0);
  const total = present.reduce((sum, s) => sum + s.count, 0);
  if (total === 0) return [];
  // Work in tenths of a percent: 1000 units to hand out.
  const raw = present.map((s) => (s.count * 1000) / total);
  const floors = raw.map((r) => Math.floor(r));
  let left = 1000 - floors.reduce((a, b) => a + b, 0);
  const order = raw
    .map((r, i) => ({ i, rest: r - Math.floor(r) }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left === 0) break;
    floors[i] = (floors[i] ?? 0) + 1;
    left -= 1;
  }
  return present.map((s, i) => ({ ...s, percent: (floors[i] ?? 0) / 10 }));
}

/** Total of a light (or card) distribution. */
export function countTotal(counts: Partial<Record<string, number>>): number {
  return Object.values(counts).reduce<number>((sum, n) => sum + (n ?? 0), 0);
}

/** Zero counts of every card colour, filled from a partial record. */
export function cardCounts(
  counts: Partial<Record<CardColour, number>>,
): Record<CardColour, number> {
  return Object.fromEntries(cardColours.map((c) => [c, counts[c] ?? 0])) as Record<
    CardColour,
    number
  >;
}

/** A person on a step with a display name. */
export interface NamedAssignee extends StepAssignee {
  name: string;
}

/** A step's people grouped by role in the fixed role order; roles nobody holds are left out. */
export function peopleByRole(
  assignees: readonly NamedAssignee[],
): { role: StepRole; names: string[] }[] {
  return stepRoles
    .map((role) => ({
      role,
      names: assignees.filter((a) => a.role === role).map((a) => a.name),
    }))
    .filter((group) => group.names.length > 0);
}

/** Person ids per role → assignee list (role order, people in the given order, no repeats). */
export function assigneesFromRoles(
  byRole: Partial<Record<StepRole, readonly string[]>>,
): StepAssignee[] {
  const out: StepAssignee[] = [];
  for (const role of stepRoles) {
    const seen = new Set<string>();
    for (const personId of byRole[role] ?? []) {
      if (seen.has(personId)) continue;
      seen.add(personId);
      out.push({ role, personId });
    }
  }
  return out;
}

/** Assignee list → person ids per role. */
export function rolesFromAssignees(
  assignees: readonly StepAssignee[],
): Partial<Record<StepRole, string[]>> {
  const out: Partial<Record<StepRole, string[]>> = {};
  for (const a of assignees) (out[a.role] ??= []).push(a.personId);
  return out;
}

/** A half-month window key with its dates. */
export interface WindowOption {
  key: string;
  month: string;
  half: 'H1' | 'H2';
  startsOn: string;
  endsOn: string;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The half-month windows a report offers, newest first: the window containing `today` (a local
 * date `YYYY-MM-DD`) and the `count − 1` before it.
 */
export function recentWindows(today: string, count: number): WindowOption[] {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  let year = y;
  let month = m;
  let half: 'H1' | 'H2' = d <= 15 ? 'H1' : 'H2';
  const out: WindowOption[] = [];
  for (let i = 0; i < count; i += 1) {
    const key = `${year}-${pad(month)}`;
    out.push({
      key: `${key}-${half}`,
      month: key,
      half,
      startsOn: `${key}-${half === 'H1' ? '01' : '16'}`,
      endsOn: `${key}-${half === 'H1' ? '15' : pad(lastDay(year, month))}`,
    });
    if (half === 'H2') half = 'H1';
    else {
      half = 'H2';
      month -= 1;
      if (month === 0) {
        month = 12;
        year -= 1;
      }
    }
  }
  return out;
}

/** The latest window that has ended on `today`: the previous half of the month. */
export function lastEndedWindow(today: string): string {
  return recentWindows(today, 2)[1]?.key ?? '';
}

/** Today's local date in a fixed UTC offset (minutes), from an instant. */
export function localToday(now: Date, utcOffsetMinutes: number): string {
  const shifted = new Date(now.getTime() + utcOffsetMinutes * 60_000);
  return `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`;
}

/** The month `YYYY-MM` of a local date, shifted by `delta` months. */
export function shiftMonth(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + delta;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;
}

/**
 * Sum of decimal strings at a scale (points by default; shares use the ratio scale), or null
 * when one of them is not a decimal (a form still being typed). Empty entries count as zero.
 */
export function sumDecimals(
  values: readonly (string | undefined)[],
  scale: number = POINT_SCALE,
): Decimal | null {
  let sum = 0n;
  for (const value of values) {
    const text = (value ?? '').trim();
    if (text === '') continue;
    if (!isDecimal(text)) return null;
    sum += parseScaled(text, scale);
  }
  return formatScaled(sum, scale);
}

/** Steps grouped by `seq` (parallel branches share one), in order. */
export function groupBySeq<T extends { seq: number }>(
  steps: readonly T[],
): { seq: number; steps: T[] }[] {
  const groups = new Map<number, T[]>();
  for (const step of [...steps].sort((a, b) => a.seq - b.seq)) {
    const list = groups.get(step.seq) ?? [];
    list.push(step);
    groups.set(step.seq, list);
  }
  return [...groups.entries()].map(([seq, list]) => ({ seq, steps: list }));
}

/** Whether a string names one of the five lights. */
export function isLightColour(text: string): text is LightColour {
  return (lightColours as readonly string[]).includes(text);
}

/** The tenant zone until the work settings have loaded (Asia/Shanghai). */
export const defaultOffset = 480;

/** The local date of an instant in the tenant's zone. */
export function dayOf(iso: string, utcOffsetMinutes: number): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : localToday(at, utcOffsetMinutes);
}

/** One unit's month: planned and finished steps, and the cards it received. */
export interface UnitMonth {
  id: string;
  unitName: string;
  planned: number;
  done: number;
  cards: Record<CardColour, number>;
}

/**
 * The month per unit, from the plan items (each counted for its doing unit) and the cards
 * (counted for the unit that received them); sorted by unit name, then id.
 */
export function unitMonths(
  plan: readonly { unitId: string; unitName: string; done: boolean }[],
  cards: readonly { unitId: string; unitName: string; colour: CardColour }[],
): UnitMonth[] {
  const byUnit = new Map<string, UnitMonth>();
  const row = (id: string, unitName: string): UnitMonth => {
    let found = byUnit.get(id);
    if (!found) {
      found = { id, unitName, planned: 0, done: 0, cards: cardCounts({}) };
      byUnit.set(id, found);
    }
    return found;
  };
  for (const item of plan) {
    const r = row(item.unitId, item.unitName);
    r.planned += 1;
    if (item.done) r.done += 1;
  }
  for (const card of cards) row(card.unitId, card.unitName).cards[card.colour] += 1;
  return [...byUnit.values()].sort(
    (a, b) => a.unitName.localeCompare(b.unitName, 'zh-CN') || (a.id < b.id ? -1 : 1),
  );
}

/**
 * Split validation problems by where they point: `steps[i]…` (or `steps.i…`) go to step i,
 * everything else to the task. Problems keep their order.
 */
export function problemsByStep<P extends { path: string }>(
  problems: readonly P[],
): { task: P[]; steps: Map<number, P[]> } {
  const task: P[] = [];
  const steps = new Map<number, P[]>();
  for (const problem of problems) {
    const match = /^steps(?:\[(\d+)\]|\.(\d+))/.exec(problem.path);
    const index = match ? Number(match[1] ?? match[2]) : NaN;
    if (Number.isInteger(index)) {
      const list = steps.get(index) ?? [];
      list.push(problem);
      steps.set(index, list);
    } else task.push(problem);
  }
  return { task, steps };
}

/** Whether a person can complete a listed step in one tap: they are its handler and it is in hand. */
export function completable(step: {
  readonly roles: readonly StepRole[];
  readonly state: string;
}): boolean {
  return step.roles.includes('handler') && (step.state === 'active' || step.state === 'returned');
}
