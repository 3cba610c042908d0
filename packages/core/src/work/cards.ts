/**
 * The monthly three-colour card (三色牌). Each unit's monthly plan lists the steps it must
 * finish in the month, frozen once planned. At month end, per task and unit of the plan:
 * green to the unit when every planned step was done by the month's last day (met or
 * exceeded), else red to the unit (responsible) and yellow to the task's lead unit when it has
 * one that is not the same unit.
 */
import { compareIds } from '../results/ranking.ts';
import { compareDates, monthRange, parseHalfMonth } from './time.ts';
import type { Card, HalfMonthKey, LocalDate, MonthKey, MonthPlanItem } from './types.ts';

/**
 * The cards of `month` from its plan items (items of other months are ignored) and the local
 * day each planned step finished (null or absent = not finished):
 *
 * - per (task, unit) of the plan: `planned` = its items, `done` = those finished on or before
 *   the month's last day; `green` as `responsible` when done = planned, else `red`;
 * - per task with at least one red card and a lead unit: one `yellow` card as `lead` to the
 *   lead unit, counting every item of the task's plan, unless the lead unit is the only unit
 *   carrying red for the task (a unit is not both red and yellow for the same miss).
 *
 * Ordered by task id, then unit id, then responsible before lead; the same input in any order
 * gives the same cards.
 */
export function monthCards(
  items: readonly MonthPlanItem[],
  finishedOn: ReadonlyMap<string, LocalDate | null>,
  month: MonthKey,
): Card[] {
  const { endsOn } = monthRange(month);
  const byTaskUnit = new Map<
    string,
    { taskId: string; unitId: string; planned: number; done: number }
  >();
  const byTask = new Map<string, { leadUnitIds: Set<string>; planned: number; done: number }>();
  const seen = new Set<string>();
  for (const item of items) {
    if (item.month !== month || seen.has(item.stepId)) continue;
    seen.add(item.stepId);
    const finished = finishedOn.get(item.stepId) ?? null;
    const done = finished !== null && compareDates(finished, endsOn) <= 0 ? 1 : 0;
    const key = `${item.taskId}\u0000${item.unitId}`;
    const group = byTaskUnit.get(key) ?? {
      taskId: item.taskId,
      unitId: item.unitId,
      planned: 0,
      done: 0,
    };
    group.planned += 1;
    group.done += done;
    byTaskUnit.set(key, group);
    const task = byTask.get(item.taskId) ?? { leadUnitIds: new Set<string>(), planned: 0, done: 0 };
    if (item.leadUnitId !== null) task.leadUnitIds.add(item.leadUnitId);
    task.planned += 1;
    task.done += done;
    byTask.set(item.taskId, task);
  }
  const cards: Card[] = [];
  for (const g of byTaskUnit.values()) {
    cards.push({
      month,
      taskId: g.taskId,
      unitId: g.unitId,
      as: 'responsible',
      colour: g.done >= g.planned ? 'green' : 'red',
      planned: g.planned,
      done: g.done,
    });
  }
  for (const [taskId, task] of byTask) {
    const red = cards.filter((c) => c.taskId === taskId && c.colour === 'red').map((c) => c.unitId);
    if (red.length === 0) continue;
    for (const leadUnitId of task.leadUnitIds) {
      if (red.length === 1 && red[0] === leadUnitId) continue;
      cards.push({
        month,
        taskId,
        unitId: leadUnitId,
        as: 'lead',
        colour: 'yellow',
        planned: task.planned,
        done: task.done,
      });
    }
  }
  return cards.sort(compareCards);
}

/** Card order: task, unit, responsible before lead. */
export function compareCards(a: Card, b: Card): number {
  return (
    compareIds(a.month, b.month) ||
    compareIds(a.taskId, b.taskId) ||
    compareIds(a.unitId, b.unitId) ||
    (a.as === b.as ? 0 : a.as === 'responsible' ? -1 : 1)
  );
}

/**
 * The cards a half-month window counts: a month's cards are issued when the month ends, so
 * they count in its second half (`YYYY-MM-H2`); the first half counts none.
 * @throws RangeError on a malformed window.
 */
export function windowCards(cards: readonly Card[], window: HalfMonthKey): Card[] {
  const parsed = parseHalfMonth(window);
  if (!parsed) throw new RangeError(`not a half-month window: ${JSON.stringify(window)}`);
  if (window.endsWith('-H1')) return [];
  const month = window.slice(0, 7);
  return cards.filter((c) => c.month === month).sort(compareCards);
}
