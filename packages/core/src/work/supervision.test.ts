import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPoints, toPoints } from '../assessment/decimal.ts';
import { score } from '../assessment/score.ts';
import { hTownship2021Scheme } from '../assessment/templates.ts';
import type { Fact, OrgSnapshot, Period } from '../assessment/types.ts';
import { defaultWorkConfig } from './lights.ts';
import {
  countWindow,
  factChanges,
  superviseUnits,
  supervisionFacts,
  windowDays,
  windowLastInstant,
  windowStatus,
  type DesiredFact,
  type FactToAppend,
} from './supervision.ts';
import {
  lightColours,
  type LightColour,
  type LightInput,
  type SchemeWorkRules,
  type UnitWindowCounts,
  type WorkEvent,
} from './types.ts';

const rules = defaultWorkConfig.lights;
const work: SchemeWorkRules = {
  lightPoints: { white: '0', blue: '0.5', green: '0.2', yellow: '-0.5', red: '-1' },
  cardPoints: { green: '2', yellow: '-1', red: '-2' },
  unitIndicator: { key: 'supervision', value: 'rank' },
  workloadIndicator: 'workload',
  redLightIndicator: { key: 'red-lights', points: '-0.5' },
};

describe('window instants', () => {
  it('ends a window at its last millisecond, local time', () => {
    expect(windowLastInstant('2026-11-H2', 480)).toBe('2026-11-30T15:59:59.999Z');
    expect(windowLastInstant('2028-02-H2', 480)).toBe('2028-02-29T15:59:59.999Z');
    expect(windowDays('2026-02-H2')).toHaveLength(13);
    expect(windowDays('2026-11-H1')).toHaveLength(15);
  });
});

describe(windowStatus, () => {
  const base: LightInput = {
    state: 'active',
    plannedStart: '2026-11-10',
    plannedEnd: '2026-11-20',
    actualStart: null,
    actualEnd: null,
    flagged: false,
  };
  const ev = (id: string, kind: WorkEvent['kind'], at: string): WorkEvent => ({
    id,
    kind,
    taskId: 't',
    stepId: 's',
    actorPersonId: null,
    at,
    body: {},
  });
  const started = ev('e1', 'step-started', '2026-11-10T01:00:00Z');

  it.each<[string, LightInput, WorkEvent[], string, ReturnType<typeof windowStatus>]>([
    [
      'open, in time, first half',
      base,
      [started],
      '2026-11-H1',
      { counted: true, light: 'green', finished: false },
    ],
    [
      'open and late at the second half’s end',
      base,
      [started],
      '2026-11-H2',
      { counted: true, light: 'red', finished: false },
    ],
    [
      'still late a month on: red again',
      base,
      [started],
      '2026-12-H1',
      { counted: true, light: 'red', finished: false },
    ],
    [
      'planned after the window',
      { ...base, plannedStart: '2026-11-16' },
      [started],
      '2026-11-H1',
      { counted: false, light: 'white', finished: false },
    ],
    [
      'finished in the second half (done on the 16th local)',
      { ...base, state: 'done', actualEnd: '2026-11-15T16:00:00Z' },
      [started, ev('e2', 'step-completed', '2026-11-15T16:00:00Z')],
      '2026-11-H2',
      { counted: true, light: 'blue', finished: true },
    ],
    [
      'finished in the second half is not counted in the first (open then)',
      { ...base, state: 'done', actualEnd: '2026-11-15T16:00:00Z' },
      [started, ev('e2', 'step-completed', '2026-11-15T16:00:00Z')],
      '2026-11-H1',
      { counted: true, light: 'green', finished: false },
    ],
    [
      'finished before the window: not counted',
      { ...base, state: 'done', actualEnd: '2026-11-12T00:00:00Z' },
      [started, ev('e2', 'step-completed', '2026-11-12T00:00:00Z')],
      '2026-11-H2',
      { counted: false, light: 'blue', finished: false },
    ],
    [
      'cancelled: not counted',
      { ...base, state: 'cancelled' },
      [],
      '2026-11-H2',
      { counted: false, light: 'white', finished: false },
    ],
  ])('%s', (_, step, events, window, expected) => {
    expect(windowStatus(step, events, window, rules)).toEqual(expected);
  });
});

describe(countWindow, () => {
  it('counts lights and cards per unit, including quiet units', () => {
    expect(
      countWindow({
        steps: [
          { unitId: 'b', light: 'red' },
          { unitId: 'a', light: 'green' },
          { unitId: 'b', light: 'red' },
        ],
        cards: [{ unitId: 'a', colour: 'green' }],
        unitIds: ['c'],
      }),
    ).toEqual([
      {
        unitId: 'a',
        lights: { white: 0, blue: 0, green: 1, yellow: 0, red: 0 },
        cards: { green: 1, yellow: 0, red: 0 },
      },
      {
        unitId: 'b',
        lights: { white: 0, blue: 0, green: 0, yellow: 0, red: 2 },
        cards: { green: 0, yellow: 0, red: 0 },
      },
      {
        unitId: 'c',
        lights: { white: 0, blue: 0, green: 0, yellow: 0, red: 0 },
        cards: { green: 0, yellow: 0, red: 0 },
      },
    ]);
  });
});

const counts = (
  unitId: string,
  l: Partial<Record<LightColour, number>>,
  c: Partial<Record<'green' | 'yellow' | 'red', number>> = {},
): UnitWindowCounts => ({
  unitId,
  lights: { white: 0, blue: 0, green: 0, yellow: 0, red: 0, ...l },
  cards: { green: 0, yellow: 0, red: 0, ...c },
});

describe(superviseUnits, () => {
  it('converts counts to points by the table and ranks them (competition)', () => {
    const result = superviseUnits(
      [
        counts('u1', { green: 5, red: 1 }), // 1 − 1 = 0.00
        counts('u2', { blue: 2, green: 1 }, { green: 1 }), // 1 + 0.2 + 2 = 3.20
        counts('u3', { yellow: 1, white: 7 }, { yellow: 1 }), // −0.5 − 1 = −1.50
        counts('u4', {}), // 0.00
        counts('u5', { red: 2 }, { red: 1 }), // −2 − 2 = −4.00
      ],
      work,
      'competition',
    );
    expect(result.map((u) => [u.unitId, u.points, u.rank])).toEqual([
      ['u2', '3.20', 1],
      ['u1', '0.00', 2],
      ['u4', '0.00', 2],
      ['u3', '-1.50', 4],
      ['u5', '-4.00', 5],
    ]);
  });

  const countsArb = fc
    .uniqueArray(
      fc.record({
        unitId: fc.string({ minLength: 1, maxLength: 3 }),
        l: fc.tuple(...lightColours.map(() => fc.nat(20))),
        c: fc.tuple(fc.nat(3), fc.nat(3), fc.nat(3)),
      }),
      { selector: (r) => r.unitId, maxLength: 15 },
    )
    .map((rows) =>
      rows.map((r) =>
        counts(r.unitId, Object.fromEntries(lightColours.map((k, i) => [k, r.l[i]!])), {
          green: r.c[0],
          yellow: r.c[1],
          red: r.c[2],
        }),
      ),
    );

  it('is exact, order-independent, and a competition ranking (property)', () => {
    fc.assert(
      fc.property(countsArb, (all) => {
        const result = superviseUnits(all, work, 'competition');
        const shuffled = superviseUnits([...all].reverse(), work, 'competition');
        expect(shuffled).toEqual(result);
        for (const u of result) {
          const expected =
            BigInt(u.lights.blue) * 50n +
            BigInt(u.lights.green) * 20n -
            BigInt(u.lights.yellow) * 50n -
            BigInt(u.lights.red) * 100n +
            BigInt(u.cards.green) * 200n -
            BigInt(u.cards.yellow) * 100n -
            BigInt(u.cards.red) * 200n;
          expect(u.points).toBe(formatPoints(expected));
          // rank = 1 + number of units with strictly more points
          const ahead = result.filter((v) => toPoints(v.points) > toPoints(u.points)).length;
          expect(u.rank).toBe(ahead + 1);
        }
      }),
    );
  });
});

describe('supervision facts', () => {
  const units = superviseUnits(
    [counts('u1', { green: 2 }), counts('u2', { green: 2 }), counts('u3', { red: 1 })],
    work,
    'competition',
  );
  const input = {
    periodId: 'p-2026-11',
    window: '2026-11-H2',
    rules: work,
    units,
    workload: [
      { stepId: 's1', personId: 'h', role: 'handler' as const, points: '5.00' },
      { stepId: 's2', personId: 'h', role: 'handler' as const, points: '2.50' },
      { stepId: 's1', personId: 'k', role: 'section-head' as const, points: '1.50' },
      { stepId: 's1', personId: 'z', role: 'leader' as const, points: '0.00' },
    ],
    redLights: [
      { stepId: 's3', carriers: ['h', 'k'] },
      { stepId: 's4', carriers: ['h'] },
    ],
  };
  const desired = supervisionFacts(input);

  it('turns a window into unit, workload and red-light facts', () => {
    expect(
      desired.map((f) => [f.indicator, f.subject.kind, f.subject.id, f.value, f.payload]),
    ).toEqual([
      [
        'red-lights',
        'person',
        'h',
        '-1.00',
        { window: '2026-11-H2', kind: 'red-lights', count: 2, steps: ['s3', 's4'] },
      ],
      [
        'red-lights',
        'person',
        'k',
        '-0.50',
        { window: '2026-11-H2', kind: 'red-lights', count: 1, steps: ['s3'] },
      ],
      [
        'supervision',
        'unit',
        'u1',
        '1',
        { window: '2026-11-H2', kind: 'unit-rank', tiedWith: 2, points: '0.40' },
      ],
      [
        'supervision',
        'unit',
        'u2',
        '1',
        { window: '2026-11-H2', kind: 'unit-rank', tiedWith: 2, points: '0.40' },
      ],
      [
        'supervision',
        'unit',
        'u3',
        '3',
        { window: '2026-11-H2', kind: 'unit-rank', tiedWith: 1, points: '-1.00' },
      ],
      ['workload', 'person', 'h', '7.50', { window: '2026-11-H2', kind: 'workload', steps: 2 }],
      ['workload', 'person', 'k', '1.50', { window: '2026-11-H2', kind: 'workload', steps: 1 }],
    ]);
    expect(desired.every((f) => f.source === 'workflow' && f.periodId === 'p-2026-11')).toBe(true);
  });

  it('writes unit points instead of ranks when the scheme says so', () => {
    const facts = supervisionFacts({
      ...input,
      rules: { ...work, unitIndicator: { key: 'sv', value: 'points' } },
    });
    expect(facts.filter((f) => f.indicator === 'sv').map((f) => f.value)).toEqual([
      '0.40',
      '0.40',
      '-1.00',
    ]);
  });

  it('is order-independent (property)', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(input.workload, { minLength: 4 }),
        fc.shuffledSubarray(input.redLights, { minLength: 2 }),
        fc.shuffledSubarray(units, { minLength: 3 }),
        (workload, redLights, us) => {
          expect(supervisionFacts({ ...input, workload, redLights, units: us })).toEqual(desired);
        },
      ),
    );
  });

  let n = 0;
  const store = (facts: readonly FactToAppend[], at = '2026-12-01T00:00:00Z'): Fact[] =>
    facts.map((f) => ({
      ...f,
      id: `f${String((n += 1)).padStart(4, '0')}`,
      recordedBy: null,
      recordedAt: at,
    }));

  it('appends everything the first time and nothing on an unchanged re-run (idempotent)', () => {
    const first = factChanges(desired, []);
    expect(first).toHaveLength(desired.length);
    expect(first.every((f) => f.supersedes === null)).toBe(true);
    const existing = store(first);
    expect(factChanges(desired, existing)).toEqual([]);
    expect(factChanges(supervisionFacts(input), existing, '2026-11-H2')).toEqual([]);
  });

  it('supersedes what changed and retracts what is no longer there', () => {
    const existing = store(factChanges(desired, []));
    const changed = supervisionFacts({ ...input, redLights: [{ stepId: 's3', carriers: ['h'] }] });
    const appended = factChanges(changed, existing);
    const hFact = existing.find((f) => f.indicator === 'red-lights' && f.subject.id === 'h')!;
    const kFact = existing.find((f) => f.indicator === 'red-lights' && f.subject.id === 'k')!;
    expect(appended).toEqual([
      expect.objectContaining({
        subject: { kind: 'person', id: 'h' },
        value: '-0.50',
        supersedes: hFact.id,
      }),
      expect.objectContaining({
        subject: { kind: 'person', id: 'k' },
        value: '0.00',
        supersedes: kFact.id,
        payload: { window: '2026-11-H2', kind: 'red-lights', retracted: true },
      }),
    ]);
    const after = [...existing, ...store(appended, '2026-12-02T00:00:00Z')];
    expect(factChanges(changed, after)).toEqual([]);
    // The retracted fact comes back if it is desired again, superseding its retraction.
    const back = factChanges(desired, after);
    expect(back.map((f) => [f.subject.id, f.value])).toEqual([
      ['h', '-1.00'],
      ['k', '-0.50'],
    ]);
    expect(factChanges(desired, [...after, ...store(back, '2026-12-03T00:00:00Z')])).toEqual([]);
  });

  it('leaves other windows, other sources and superseded facts alone', () => {
    const h1 = supervisionFacts({ ...input, window: '2026-11-H1' });
    const existing = store([...factChanges(h1, []), ...factChanges(desired, [])]);
    const manual: Fact = { ...existing[0]!, id: 'manual', source: 'manual' };
    expect(factChanges(desired, [...existing, manual])).toEqual([]);
    // An empty H2 run retracts only H2 facts.
    const retracted = factChanges([], existing, '2026-11-H2');
    expect(retracted).toHaveLength(desired.length);
    expect(
      retracted.every((f) => f.payload.window === '2026-11-H2' && f.payload.retracted === true),
    ).toBe(true);
    expect(
      retracted.filter((f) => f.indicator === 'supervision').every((f) => f.value === null),
    ).toBe(true);
  });

  it('retracts an older duplicate left by an interrupted run', () => {
    const once = store(factChanges(desired, []), '2026-12-01T00:00:00Z');
    const twice = store(factChanges(desired, []), '2026-12-01T00:00:01Z');
    const appended = factChanges(desired, [...once, ...twice]);
    expect(appended.map((f) => f.supersedes).sort()).toEqual(once.map((f) => f.id).sort());
    expect(factChanges(desired, [...once, ...twice, ...store(appended)])).toEqual([]);
  });

  it('re-running on any permutation of the stored facts appends nothing (property)', () => {
    const existing = store(factChanges(desired, []));
    fc.assert(
      fc.property(
        fc.shuffledSubarray(existing, { minLength: existing.length }),
        fc.shuffledSubarray([...desired], { minLength: desired.length }),
        (facts, wanted: DesiredFact[]) => {
          expect(factChanges(wanted, facts)).toEqual([]);
        },
      ),
    );
  });
});

describe('the worked examples of docs/work.md', () => {
  it('ranks town-a … town-d as documented', () => {
    const steps = [
      ...Array.from({ length: 6 }, () => ({ unitId: 'town-a', light: 'green' as const })),
      ...Array.from({ length: 2 }, () => ({ unitId: 'town-a', light: 'blue' as const })),
      { unitId: 'town-a', light: 'red' as const },
      ...Array.from({ length: 4 }, () => ({ unitId: 'town-b', light: 'green' as const })),
      { unitId: 'town-b', light: 'yellow' as const },
      ...Array.from({ length: 3 }, () => ({ unitId: 'town-c', light: 'green' as const })),
      { unitId: 'town-c', light: 'blue' as const },
      { unitId: 'town-c', light: 'yellow' as const },
    ];
    const cards = [
      { unitId: 'town-a', colour: 'green' as const },
      { unitId: 'town-b', colour: 'red' as const },
      { unitId: 'town-c', colour: 'yellow' as const },
      { unitId: 'town-c', colour: 'green' as const },
    ];
    const units = superviseUnits(
      countWindow({ steps, cards, unitIds: ['town-d'] }),
      hTownship2021Scheme.work!,
      'competition',
    );
    expect(units.map((u) => [u.unitId, u.points, u.rank])).toEqual([
      ['town-a', '1.00', 1],
      ['town-c', '0.00', 2],
      ['town-d', '0.00', 2],
      ['town-b', '-2.50', 4],
    ]);
  });

  it('feeds the H-township scheme: unit rank to members, workload and red lights to people', () => {
    const scheme = hTownship2021Scheme;
    const period: Period = {
      id: 'm-2026-11',
      kind: 'month',
      assessment: 'routine',
      startsOn: '2026-11-01',
      endsOn: '2026-11-30',
      name: '2026-11',
    };
    const org: OrgSnapshot = {
      units: [
        { id: 'county', parentId: null, kind: 'county', name: '县' },
        { id: 'town-a', parentId: 'county', kind: 'township', name: 'A 乡' },
        { id: 'town-b', parentId: 'county', kind: 'township', name: 'B 乡' },
      ],
      people: [
        {
          id: 'h',
          name: '经办人',
          unitId: 'town-a',
          post: '',
          rank: 'general',
          lines: [],
          villageIds: [],
        },
        {
          id: 'k',
          name: '科室负责人',
          unitId: 'town-b',
          post: '',
          rank: 'general',
          lines: [],
          villageIds: [],
        },
      ],
    };
    const units = superviseUnits(
      countWindow({
        steps: [
          { unitId: 'town-a', light: 'blue' },
          { unitId: 'town-b', light: 'red' },
        ],
        cards: [],
      }),
      scheme.work!,
      'competition',
    );
    const desired = supervisionFacts({
      periodId: period.id,
      window: '2026-11-H2',
      rules: scheme.work!,
      units,
      workload: [
        { stepId: 's1', personId: 'h', role: 'handler', points: '20.00' },
        { stepId: 's1', personId: 'k', role: 'section-head', points: '6.00' },
      ],
      redLights: [{ stepId: 's2', carriers: ['k'] }],
    });
    const facts: Fact[] = factChanges(desired, []).map((f, i) => ({
      ...f,
      id: `w${i}`,
      recordedBy: null,
      recordedAt: '2026-12-01T00:00:00Z',
    }));
    const sheet = score(scheme, facts, org, period);
    const node = (personId: string, key: string) => {
      const find = (
        nodes: readonly { key: string; points: string; children: readonly unknown[] }[],
      ): string | undefined => {
        for (const n of nodes) {
          if (n.key === key) return n.points;
          const inner = find(n.children as typeof nodes);
          if (inner !== undefined) return inner;
        }
        return undefined;
      };
      return find(sheet.people.find((p) => p.personId === personId)!.nodes);
    };
    // town-a ranks 1 (→ 3 points), town-b 2 (→ 3 points: rows 1–3).
    expect(node('h', 'supervision-rank')).toBe('3.00');
    expect(node('h', 'workload')).toBe('2.00');
    expect(node('h', 'red-lights')).toBe('0.00');
    expect(node('k', 'workload')).toBe('0.60');
    expect(node('k', 'red-lights')).toBe('-0.50');
    expect(sheet.people.find((p) => p.personId === 'h')?.individual).toBe('5.00');
  });
});
