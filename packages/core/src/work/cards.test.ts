import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { monthCards, windowCards } from './cards.ts';
import type { MonthPlanItem } from './types.ts';

const item = (
  stepId: string,
  taskId: string,
  unitId: string,
  leadUnitId: string | null = null,
): MonthPlanItem => ({
  month: '2026-11',
  stepId,
  taskId,
  unitId,
  leadUnitId,
  plannedEnd: '2026-11-20',
});

describe(monthCards, () => {
  const items = [
    item('s1', 't1', 'u1', 'lead'),
    item('s2', 't1', 'u1', 'lead'),
    item('s3', 't2', 'u2', 'u2'),
    item('s4', 't3', 'u3', null),
    item('s5', 't4', 'u4', 'lead'),
    item('s6', 't4', 'u5', 'lead'),
    { ...item('s9', 't1', 'u1', 'lead'), month: '2026-12' },
  ];
  const finished = new Map<string, string | null>([
    ['s1', '2026-11-10'],
    ['s2', '2026-12-01'], // after the month: not done in November
    ['s3', null],
    ['s4', '2026-11-30'], // last day counts
    ['s5', '2026-11-30'],
    ['s6', '2026-11-01'],
  ]);

  it('issues green, red and yellow cards by the rules', () => {
    expect(monthCards(items, finished, '2026-11')).toEqual([
      {
        month: '2026-11',
        taskId: 't1',
        unitId: 'lead',
        as: 'lead',
        colour: 'yellow',
        planned: 2,
        done: 1,
      },
      {
        month: '2026-11',
        taskId: 't1',
        unitId: 'u1',
        as: 'responsible',
        colour: 'red',
        planned: 2,
        done: 1,
      },
      // The lead unit is the unit that missed: red only, no yellow on top.
      {
        month: '2026-11',
        taskId: 't2',
        unitId: 'u2',
        as: 'responsible',
        colour: 'red',
        planned: 1,
        done: 0,
      },
      {
        month: '2026-11',
        taskId: 't3',
        unitId: 'u3',
        as: 'responsible',
        colour: 'green',
        planned: 1,
        done: 1,
      },
      {
        month: '2026-11',
        taskId: 't4',
        unitId: 'u4',
        as: 'responsible',
        colour: 'green',
        planned: 1,
        done: 1,
      },
      {
        month: '2026-11',
        taskId: 't4',
        unitId: 'u5',
        as: 'responsible',
        colour: 'green',
        planned: 1,
        done: 1,
      },
    ]);
  });

  it('gives no cards for a month without a plan', () => {
    expect(monthCards(items, finished, '2026-10')).toEqual([]);
  });

  it('is deterministic and order-independent (property)', () => {
    const expected = monthCards(items, finished, '2026-11');
    fc.assert(
      fc.property(fc.shuffledSubarray(items, { minLength: items.length }), (shuffled) => {
        const map = new Map([...finished].reverse());
        expect(monthCards(shuffled, map, '2026-11')).toEqual(expected);
      }),
    );
  });

  it('is green exactly when every planned step of the unit was done by month end (property)', () => {
    const plan = fc.array(
      fc.record({
        step: fc.integer({ min: 0, max: 30 }),
        task: fc.constantFrom('a', 'b', 'c'),
        unit: fc.constantFrom('x', 'y'),
        lead: fc.constantFrom(null, 'x', 'z'),
        day: fc.option(fc.integer({ min: 1, max: 40 })),
      }),
    );
    fc.assert(
      fc.property(plan, (rows) => {
        const byStep = new Map(rows.map((r) => [r.step, r]));
        const planItems = [...byStep.values()].map((r) =>
          item(`s${r.step}`, r.task, r.unit, r.lead),
        );
        const done = new Map(
          [...byStep.values()].map((r) => [
            `s${r.step}`,
            r.day === null
              ? null
              : r.day <= 30
                ? `2026-11-${String(r.day).padStart(2, '0')}`
                : '2026-12-01',
          ]),
        );
        const cards = monthCards(planItems, done, '2026-11');
        for (const card of cards.filter((c) => c.as === 'responsible')) {
          const mine = planItems.filter(
            (p) => p.taskId === card.taskId && p.unitId === card.unitId,
          );
          const finishedInMonth = mine.filter(
            (p) => (done.get(p.stepId) ?? '2099') <= '2026-11-30',
          ).length;
          expect(card.planned).toBe(mine.length);
          expect(card.done).toBe(finishedInMonth);
          expect(card.colour).toBe(finishedInMonth === mine.length ? 'green' : 'red');
        }
        for (const card of cards.filter((c) => c.as === 'lead')) {
          expect(card.colour).toBe('yellow');
          expect(cards.some((c) => c.taskId === card.taskId && c.colour === 'red')).toBe(true);
        }
        const keys = cards.map((c) => `${c.taskId}/${c.unitId}/${c.as}`);
        expect(new Set(keys).size).toBe(keys.length);
      }),
    );
  });
});

describe(windowCards, () => {
  it('counts a month’s cards in its second half only', () => {
    const cards = monthCards([item('s1', 't1', 'u1')], new Map([['s1', '2026-11-02']]), '2026-11');
    expect(windowCards(cards, '2026-11-H1')).toEqual([]);
    expect(windowCards(cards, '2026-11-H2')).toEqual(cards);
    expect(windowCards(cards, '2026-12-H2')).toEqual([]);
    expect(() => windowCards(cards, '2026-11')).toThrow(RangeError);
  });
});
