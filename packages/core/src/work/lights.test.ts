import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultWorkConfig, lightCarriers, stepAsOf, stepLight } from './lights.ts';
import { addDays, compareDates, localDate } from './time.ts';
import type { LightColour, LightInput, LightRules, StepAssignee, WorkEvent } from './types.ts';

const rules: LightRules = defaultWorkConfig.lights;
/** A step planned 2026-11-16 … 2026-11-30 (Asia/Shanghai). */
const step = (over: Partial<LightInput> = {}): LightInput => ({
  state: 'active',
  plannedStart: '2026-11-16',
  plannedEnd: '2026-11-30',
  actualStart: '2026-11-16T01:00:00Z',
  actualEnd: null,
  flagged: false,
  ...over,
});

describe(stepLight, () => {
  // Local midnight in Shanghai is 16:00Z the day before.
  it.each<[string, Partial<LightInput>, string, LightColour]>([
    ['cancelled is white even when late', { state: 'cancelled' }, '2026-12-10T00:00:00Z', 'white'],
    ['waiting before its start is white', { state: 'waiting' }, '2026-11-10T00:00:00Z', 'white'],
    ['waiting within its dates is white', { state: 'waiting' }, '2026-11-20T00:00:00Z', 'white'],
    ['waiting past its end is red', { state: 'waiting' }, '2026-11-30T16:00:00Z', 'red'],
    ['active before its start is white', {}, '2026-11-15T15:59:59Z', 'white'],
    ['active on its first local day is green', {}, '2026-11-15T16:00:00Z', 'green'],
    ['active on its last local day (last second) is green', {}, '2026-11-30T15:59:59Z', 'green'],
    ['active the local day after its end is red', {}, '2026-11-30T16:00:00Z', 'red'],
    ['submitted in time is green', { state: 'submitted' }, '2026-11-25T00:00:00Z', 'green'],
    ['submitted past its end is red', { state: 'submitted' }, '2026-12-01T00:00:00Z', 'red'],
    ['returned is yellow', { state: 'returned' }, '2026-11-25T00:00:00Z', 'yellow'],
    [
      'returned before its start is yellow',
      { state: 'returned' },
      '2026-11-01T00:00:00Z',
      'yellow',
    ],
    ['returned and late is red', { state: 'returned' }, '2026-12-01T00:00:00Z', 'red'],
    ['flagged is yellow', { flagged: true }, '2026-11-25T00:00:00Z', 'yellow'],
    [
      'flagged and waiting is yellow',
      { state: 'waiting', flagged: true },
      '2026-11-20T00:00:00Z',
      'yellow',
    ],
    ['flagged and late is red', { flagged: true }, '2026-12-02T00:00:00Z', 'red'],
    [
      'done on its last local day is green',
      { state: 'done', actualEnd: '2026-11-30T15:59:59Z' },
      '2027-01-01T00:00:00Z',
      'green',
    ],
    [
      'done one local day late is red',
      { state: 'done', actualEnd: '2026-11-30T16:00:00Z' },
      '2027-01-01T00:00:00Z',
      'red',
    ],
    [
      'done a day early (aheadDays 1) is blue',
      { state: 'done', actualEnd: '2026-11-29T15:59:59Z' },
      '2026-11-29T16:00:00Z',
      'blue',
    ],
    [
      'done just inside the last day is green, not blue',
      { state: 'done', actualEnd: '2026-11-29T16:00:00Z' },
      '2026-11-29T16:00:00Z',
      'green',
    ],
    [
      'done early even though flagged is blue (flags matter only while open)',
      { state: 'done', flagged: true, actualEnd: '2026-11-20T00:00:00Z' },
      '2026-12-20T00:00:00Z',
      'blue',
    ],
    [
      'done without a recorded end is green',
      { state: 'done', actualEnd: null },
      '2027-01-01T00:00:00Z',
      'green',
    ],
  ])('%s', (_, over, now, expected) => {
    expect(stepLight(step(over), now, rules)).toBe(expected);
  });

  it.each<[string, Partial<LightInput>, string, LightColour]>([
    // Month ends: 28-day February, leap February, 31-day month.
    [
      'Feb 28 end, last second of Feb 28',
      { plannedEnd: '2026-02-28', plannedStart: '2026-02-01' },
      '2026-02-28T15:59:59Z',
      'green',
    ],
    [
      'Feb 28 end, first second of Mar 1',
      { plannedEnd: '2026-02-28', plannedStart: '2026-02-01' },
      '2026-02-28T16:00:00Z',
      'red',
    ],
    [
      'Feb 29 end (leap), Feb 29 local',
      { plannedEnd: '2028-02-29', plannedStart: '2028-02-01' },
      '2028-02-29T15:00:00Z',
      'green',
    ],
    [
      'Feb 29 end (leap), Mar 1 local',
      { plannedEnd: '2028-02-29', plannedStart: '2028-02-01' },
      '2028-02-29T16:00:00Z',
      'red',
    ],
    [
      'Dec 31 end, Dec 31 local',
      { plannedEnd: '2026-12-31', plannedStart: '2026-12-01' },
      '2026-12-31T15:59:59Z',
      'green',
    ],
    [
      'Dec 31 end, Jan 1 local',
      { plannedEnd: '2026-12-31', plannedStart: '2026-12-01' },
      '2026-12-31T16:00:00Z',
      'red',
    ],
    // Half-month boundary: a step planned for the first half turns red on the 16th.
    [
      '15th end, 15th local',
      { plannedEnd: '2026-11-15', plannedStart: '2026-11-01' },
      '2026-11-15T15:59:59Z',
      'green',
    ],
    [
      '15th end, 16th local',
      { plannedEnd: '2026-11-15', plannedStart: '2026-11-01' },
      '2026-11-15T16:00:00Z',
      'red',
    ],
    [
      'start on the 16th, 15th local',
      { plannedStart: '2026-11-16' },
      '2026-11-15T15:59:59Z',
      'white',
    ],
    [
      'start on the 16th, 16th local',
      { plannedStart: '2026-11-16' },
      '2026-11-15T16:00:00Z',
      'green',
    ],
  ])('edge: %s', (_, over, now, expected) => {
    expect(stepLight(step(over), now, rules)).toBe(expected);
  });

  it('applies the grace and ahead thresholds', () => {
    const graceful: LightRules = { aheadDays: 3, graceDays: 2, utcOffsetMinutes: 480 };
    expect(stepLight(step(), '2026-12-02T15:59:59Z', graceful)).toBe('green');
    expect(stepLight(step(), '2026-12-02T16:00:00Z', graceful)).toBe('red');
    const done = (end: string) => step({ state: 'done', actualEnd: end });
    expect(stepLight(done('2026-11-27T15:59:59Z'), '2027-01-01T00:00:00Z', graceful)).toBe('blue');
    expect(stepLight(done('2026-11-27T16:00:00Z'), '2027-01-01T00:00:00Z', graceful)).toBe('green');
    expect(stepLight(done('2026-12-02T15:59:59Z'), '2027-01-01T00:00:00Z', graceful)).toBe('green');
    expect(stepLight(done('2026-12-02T16:00:00Z'), '2027-01-01T00:00:00Z', graceful)).toBe('red');
    // aheadDays 0: finishing on the planned end day itself counts as ahead.
    const eager: LightRules = { aheadDays: 0, graceDays: 0, utcOffsetMinutes: 480 };
    expect(stepLight(done('2026-11-30T10:00:00Z'), '2027-01-01T00:00:00Z', eager)).toBe('blue');
  });

  it('reads the day in the tenant zone, not UTC', () => {
    const utc: LightRules = { aheadDays: 1, graceDays: 0, utcOffsetMinutes: 0 };
    expect(stepLight(step(), '2026-11-30T16:00:00Z', utc)).toBe('green');
    expect(stepLight(step(), '2026-11-30T16:00:00Z', rules)).toBe('red');
  });

  it('a not-done step is never blue and a done step is never white or yellow (property)', () => {
    const states = fc.constantFrom(
      'waiting',
      'active',
      'submitted',
      'returned',
      'done',
      'cancelled' as const,
    );
    const ms = fc.integer({
      min: Date.parse('2026-10-01T00:00:00Z'),
      max: Date.parse('2027-01-31T00:00:00Z'),
    });
    fc.assert(
      fc.property(states, ms, ms, fc.boolean(), (state, end, now, flagged) => {
        const input = step({
          state,
          flagged,
          actualEnd: state === 'done' ? new Date(end).toISOString() : null,
        });
        const light = stepLight(input, new Date(now).toISOString(), rules);
        if (state === 'done') expect(['blue', 'green', 'red']).toContain(light);
        else if (state === 'cancelled') expect(light).toBe('white');
        else expect(light).not.toBe('blue');
      }),
    );
  });
});

/** The definition of docs/work.md, written plainly on local date strings. */
function referenceLight(step: LightInput, now: string, rules: LightRules): LightColour {
  const lastOnTime = addDays(step.plannedEnd, rules.graceDays);
  if (step.state === 'cancelled') return 'white';
  if (step.state === 'done') {
    if (step.actualEnd === null) return 'green';
    const ended = localDate(step.actualEnd, rules.utcOffsetMinutes);
    if (compareDates(ended, lastOnTime) > 0) return 'red';
    if (compareDates(ended, addDays(step.plannedEnd, -rules.aheadDays)) <= 0) return 'blue';
    return 'green';
  }
  const today = localDate(now, rules.utcOffsetMinutes);
  if (compareDates(today, lastOnTime) > 0) return 'red';
  if (step.flagged || step.state === 'returned') return 'yellow';
  if (step.state === 'waiting' || compareDates(today, step.plannedStart) < 0) return 'white';
  return 'green';
}

describe('stepLight matches its written definition', () => {
  it('for any step, time, zone and thresholds (property)', () => {
    const day = fc.integer({ min: 20_400, max: 20_900 }).map((n) => addDays('1970-01-01', n));
    const instant = fc
      .integer({ min: Date.parse('2025-11-01T00:00:00Z'), max: Date.parse('2027-03-01T00:00:00Z') })
      .map((ms) => new Date(ms).toISOString());
    const input = fc.record({
      state: fc.constantFrom(
        'waiting',
        'active',
        'submitted',
        'returned',
        'done',
        'cancelled' as const,
      ),
      plannedStart: day,
      span: fc.integer({ min: 0, max: 40 }),
      actualEnd: fc.option(instant),
      flagged: fc.boolean(),
    });
    const rulesArb = fc.record({
      aheadDays: fc.integer({ min: 0, max: 5 }),
      graceDays: fc.integer({ min: 0, max: 5 }),
      utcOffsetMinutes: fc.constantFrom(480, 0, -300, 345, 840, -720),
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(input, instant, rulesArb), { maxLength: 20 }), (cases) => {
        for (const [s, now, r] of cases) {
          const step: LightInput = {
            state: s.state,
            plannedStart: s.plannedStart,
            plannedEnd: addDays(s.plannedStart, s.span),
            actualStart: null,
            actualEnd: s.actualEnd,
            flagged: s.flagged,
          };
          expect(stepLight(step, now, r)).toBe(referenceLight(step, now, r));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe(lightCarriers, () => {
  const a = (role: StepAssignee['role'], personId: string): StepAssignee => ({ role, personId });

  it('names the handlers and section heads, nobody else', () => {
    expect(
      lightCarriers([
        a('leader', 'p9'),
        a('handler', 'p2'),
        a('reviewer', 'p3'),
        a('section-head', 'p4'),
        a('unit-head', 'p5'),
        a('handler', 'p1'),
        a('card-issuer', 'p6'),
        a('project-lead', 'p7'),
      ]),
    ).toEqual(['p1', 'p2', 'p4']);
  });

  it('falls back to the unit head when the step has no section head', () => {
    expect(lightCarriers([a('handler', 'p2'), a('unit-head', 'p5'), a('leader', 'p9')])).toEqual([
      'p2',
      'p5',
    ]);
  });

  it('names a person once even with two carrying roles', () => {
    expect(lightCarriers([a('handler', 'p1'), a('section-head', 'p1')])).toEqual(['p1']);
    expect(lightCarriers([])).toEqual([]);
  });
});

describe(stepAsOf, () => {
  let seq = 0;
  const ev = (
    kind: WorkEvent['kind'],
    at: string,
    body: Record<string, unknown> = {},
  ): WorkEvent => ({
    id: `e${String((seq += 1)).padStart(3, '0')}`,
    kind,
    taskId: 't1',
    stepId: 's1',
    actorPersonId: null,
    at,
    body,
  });
  const current = step({
    state: 'done',
    plannedEnd: '2026-12-05',
    actualStart: '2026-11-16T01:00:00Z',
    actualEnd: '2026-12-03T02:00:00Z',
  });
  const events = [
    ev('step-started', '2026-11-16T01:00:00Z'),
    ev('step-flagged', '2026-11-20T01:00:00Z', { note: 'blocked' }),
    ev('light-changed', '2026-11-20T01:00:01Z', { from: 'green', to: 'yellow' }),
    ev('step-unflagged', '2026-11-22T01:00:00Z'),
    ev('step-submitted', '2026-11-25T01:00:00Z'),
    ev('step-returned', '2026-11-26T01:00:00Z', { note: 'incomplete' }),
    ev('step-updated', '2026-11-28T01:00:00Z', {
      from: { plannedEnd: '2026-11-30' },
      to: { plannedEnd: '2026-12-05' },
    }),
    ev('step-submitted', '2026-12-02T01:00:00Z'),
    ev('step-approved', '2026-12-03T02:00:00Z'),
  ];

  it.each<[string, Partial<LightInput>]>([
    ['2026-11-10T00:00:00Z', { state: 'waiting', actualStart: null, plannedEnd: '2026-11-30' }],
    ['2026-11-16T01:00:00Z', { state: 'active', plannedEnd: '2026-11-30' }],
    ['2026-11-21T00:00:00Z', { state: 'active', flagged: true, plannedEnd: '2026-11-30' }],
    ['2026-11-23T00:00:00Z', { state: 'active', plannedEnd: '2026-11-30' }],
    ['2026-11-25T12:00:00Z', { state: 'submitted', plannedEnd: '2026-11-30' }],
    ['2026-11-27T00:00:00Z', { state: 'returned', plannedEnd: '2026-11-30' }],
    ['2026-11-29T00:00:00Z', { state: 'returned', plannedEnd: '2026-12-05' }],
    ['2026-12-02T12:00:00Z', { state: 'submitted', plannedEnd: '2026-12-05' }],
    [
      '2026-12-03T02:00:00Z',
      { state: 'done', plannedEnd: '2026-12-05', actualEnd: '2026-12-03T02:00:00Z' },
    ],
  ])('at %s', (at, expected) => {
    expect(stepAsOf(current, events, at)).toEqual({
      ...step({ actualStart: '2026-11-16T01:00:00Z', actualEnd: null, flagged: false }),
      ...expected,
    });
  });

  it('gives the light the step had then', () => {
    const at = '2026-11-21T00:00:00Z';
    expect(stepLight(stepAsOf(current, events, at), at, rules)).toBe('yellow');
    // Returned, with the end moved to Dec 5 on Nov 28: yellow, not red, on Dec 1.
    const late = '2026-12-01T00:00:00Z';
    expect(stepLight(stepAsOf(current, events, late), late, rules)).toBe('yellow');
    // Approved Dec 3, two days before the moved end: ahead of plan.
    expect(stepLight(current, '2027-01-01T00:00:00Z', rules)).toBe('blue');
  });

  it('does not depend on the order of the events (property)', () => {
    const at = fc.constantFrom(
      ...events.map((e) => e.at),
      '2026-11-24T00:00:00Z',
      '2027-01-01T00:00:00Z',
    );
    fc.assert(
      fc.property(
        fc.shuffledSubarray(events, { minLength: events.length }),
        at,
        (shuffled, when) => {
          expect(stepAsOf(current, shuffled, when)).toEqual(stepAsOf(current, events, when));
        },
      ),
    );
  });

  it('falls back to the row when events say nothing of a transition', () => {
    const row = step({
      state: 'done',
      actualStart: '2026-11-16T01:00:00Z',
      actualEnd: '2026-11-20T01:00:00Z',
    });
    expect(stepAsOf(row, [], '2026-11-10T00:00:00Z').state).toBe('waiting');
    expect(stepAsOf(row, [], '2026-11-18T00:00:00Z')).toMatchObject({
      state: 'active',
      actualEnd: null,
    });
    expect(stepAsOf(row, [], '2026-11-21T00:00:00Z')).toMatchObject({
      state: 'done',
      actualEnd: '2026-11-20T01:00:00Z',
    });
    expect(stepAsOf(step({ state: 'cancelled' }), [], '2026-11-21T00:00:00Z').state).toBe(
      'cancelled',
    );
  });

  it('a cancelling update cancels from its instant on', () => {
    const cancel = [
      ev('step-started', '2026-11-16T01:00:00Z'),
      ev('step-updated', '2026-11-20T00:00:00Z', {
        from: { state: 'active' },
        to: { state: 'cancelled' },
      }),
    ];
    const row = step({ state: 'cancelled' });
    expect(stepAsOf(row, cancel, '2026-11-19T00:00:00Z').state).toBe('active');
    expect(stepAsOf(row, cancel, '2026-11-20T00:00:00Z').state).toBe('cancelled');
  });
});
