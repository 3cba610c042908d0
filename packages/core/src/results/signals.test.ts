import { describe, expect, it } from 'vitest';
import type { SignalRule, TieRule } from '../assessment/types.ts';
import { person, sheetOf, testOrg } from './fixtures.ts';
import { rankings } from './ranking.ts';
import { decideSignal, evaluateSignals } from './signals.ts';
import type { PeriodRanking } from './types.ts';

const top20: SignalRule = {
  key: 'top-20',
  label: { 'zh-CN': '前 20%', en: 'Top 20 %' },
  kind: 'promotion',
  when: { kind: 'top-share', share: '0.2', within: 'tenant' },
  then: { promotionPoints: '1.5', seniorityMonths: 6 },
};

const lastInCounty: SignalRule = {
  key: 'last',
  label: { 'zh-CN': '全县末位', en: 'Last in the county' },
  kind: 'accountability',
  when: { kind: 'last-place', within: 'tenant', consecutive: 1 },
  then: { action: 'interview-leader' },
};

const lastTwice: SignalRule = {
  key: 'last-twice',
  label: { 'zh-CN': '连续两期末位', en: 'Last two periods running' },
  kind: 'accountability',
  when: { kind: 'last-place', within: 'unit', consecutive: 2 },
  then: { action: 'withhold-annual-bonus' },
};

/** A ranking of people p0, p1, … in town-a with the given indices. */
function ranked(values: readonly string[], periodId = 'q2', tieRule: TieRule = 'competition') {
  const ids = values.map((_, i) => `p${i}`);
  const org = testOrg(ids.map((id) => person(id, 'town-a', { lines: ['agri'] })));
  return rankings(
    sheetOf(
      values.map((v, i) => [ids[i]!, 'town-a', v] as const),
      periodId,
    ),
    org,
    tieRule,
  );
}

const fired = (
  rules: readonly SignalRule[],
  current: PeriodRanking,
  history: PeriodRanking[] = [],
) => evaluateSignals(rules, current, history).map((s) => s.personId);

describe('evaluateSignals top-share', () => {
  it.each<[string, readonly string[], readonly string[]]>([
    [
      '10 people × 0.2 → the best two',
      ['9', '8', '7', '6', '5', '4', '3', '2', '1', '0'],
      ['p0', 'p1'],
    ],
    ['4 people × 0.2 → no place', ['9', '8', '7', '6'], []],
    ['5 people × 0.2 → one place', ['9', '8', '7', '6', '5'], ['p0']],
    [
      'a tie across the cut-off fires as a whole',
      ['9', '8', '8', '7', '6', '5', '4', '3', '2', '1'],
      ['p0', 'p1', 'p2'],
    ],
    [
      'a tie starting after the cut-off does not fire',
      ['9', '8', '7', '7', '6', '5', '4', '3', '2', '1'],
      ['p0', 'p1'],
    ],
    ['everyone tied fires for all', ['5', '5', '5', '5', '5'], ['p0', 'p1', 'p2', 'p3', 'p4']],
    ['an empty period', [], []],
  ])('%s', (_, values, expected) => {
    expect(fired([top20], ranked(values))).toEqual(expected);
  });

  it('marks the tied group at the cut-off and says why', () => {
    const signals = evaluateSignals(
      [top20],
      ranked(['9', '8', '8', '7', '6', '5', '4', '3', '2', '1']),
      [],
    );
    expect(signals.map((s) => s.reason.boundaryTie)).toEqual([false, true, true]);
    expect(signals[1]).toMatchObject({
      id: 'top-20:q2:p1:tenant:tenant',
      ruleKey: 'top-20',
      kind: 'promotion',
      periodId: 'q2',
      proposes: { promotionPoints: '1.5', seniorityMonths: 6 },
      reason: { rank: 2, groupSize: 10, share: '0.2000', places: 2, periods: ['q2'] },
    });
    expect(signals[1]!.reason.text['zh-CN']).toBe(
      '在全县10 人中排第 2 名，位于前 20%（2 个名额），与其他 1 人并列跨越名额边界',
    );
    expect(signals[0]!.reason.text.en).toBe(
      'Rank 1 of 10 in the county, within the top 20% (2 place(s))',
    );
  });

  it('uses positions, not dense ranks, for the cut-off', () => {
    // dense ranks 1,1,1,2,…: the fourth person has dense rank 2 but three people ahead.
    const current = ranked(['9', '9', '9', '8', '7', '6', '5', '4', '3', '2'], 'q2', 'dense');
    expect(fired([top20], current)).toEqual(['p0', 'p1', 'p2']);
  });

  it('fires once per line the person is in', () => {
    const rule: SignalRule = {
      ...top20,
      when: { kind: 'top-share', share: '0.5', within: 'line' },
    };
    const signals = evaluateSignals([rule], ranked(['9', '8']), []);
    expect(signals.map((s) => [s.personId, s.scope, s.groupId])).toEqual([['p0', 'line', 'agri']]);
  });

  it('refuses a share above 1', () => {
    const rule: SignalRule = {
      ...top20,
      when: { kind: 'top-share', share: '1.5', within: 'unit' },
    };
    expect(() => evaluateSignals([rule], ranked(['1']), [])).toThrow(RangeError);
  });
});

describe('evaluateSignals last-place', () => {
  it.each<[string, readonly string[], readonly string[]]>([
    ['a single last', ['9', '8', '1'], ['p2']],
    ['ties at the bottom all count', ['9', '1', '1'], ['p1', 'p2']],
    ['a group of one has no last place', ['9'], []],
    ['everyone tied: nobody is last', ['5', '5', '5'], []],
  ])('%s', (_, values, expected) => {
    expect(fired([lastInCounty], ranked(values))).toEqual(expected);
  });

  it.each<[string, readonly (readonly string[])[], readonly string[]]>([
    ['last now and in the previous period', [['9', '1']], ['p1']],
    ['last now only', [['1', '9']], []],
    ['no history yet', [], []],
    ['tied last before counts', [['9', '1', '1']], ['p1']],
    ['everyone tied before is no last place', [['1', '1']], []],
  ])('two periods running: %s', (_, history, expected) => {
    const earlier = history.map((values, i) => ranked(values, `q${1 - i}`));
    expect(fired([lastTwice], ranked(['9', '1']), earlier)).toEqual(expected);
  });

  it('reads only the newest history periods, newest first', () => {
    const current = ranked(['9', '1'], 'q3');
    const q2 = ranked(['1', '9'], 'q2');
    const q1 = ranked(['9', '1'], 'q1');
    expect(fired([lastTwice], current, [q2, q1])).toEqual([]);
    expect(fired([lastTwice], current, [q1, q2])).toEqual(['p1']);
  });

  it('records the streak and proposes the rule’s action', () => {
    const rule: SignalRule = {
      ...lastTwice,
      when: { kind: 'last-place', within: 'unit', consecutive: 3 },
    };
    const [signal] = evaluateSignals([rule], ranked(['9', '1'], 'q3'), [
      ranked(['9', '1'], 'q2'),
      ranked(['9', '1'], 'q1'),
    ]);
    expect(signal).toMatchObject({
      personId: 'p1',
      scope: 'unit',
      groupId: 'town-a',
      proposes: { action: 'withhold-annual-bonus' },
      reason: { rank: 2, groupSize: 2, periods: ['q3', 'q2', 'q1'] },
    });
    expect(signal!.reason.text['zh-CN']).toBe('在本单位2 人中排名末位（第 2 名），已连续 3 期末位');
    expect(signal!.reason.text.en).toBe('Last in the unit (rank 2 of 2), 3 periods running');
  });

  it('breaks the streak when the person moved to another unit or was not ranked', () => {
    const moved = rankings(
      sheetOf([
        ['p0', 'dept-c', '9'],
        ['p1', 'dept-c', '1'],
      ]),
      testOrg([person('p0', 'dept-c'), person('p1', 'dept-c')]),
      'competition',
    );
    expect(fired([lastTwice], ranked(['9', '1']), [moved])).toEqual([]);
    const absent = ranked(['9', '1', '0']);
    const before = { ...absent, people: absent.people.filter((p) => p.personId !== 'p2') };
    expect(fired([lastTwice], absent, [before])).toEqual([]);
  });

  it('refuses consecutive below 1', () => {
    const rule: SignalRule = {
      ...lastTwice,
      when: { kind: 'last-place', within: 'unit', consecutive: 0 },
    };
    expect(() => evaluateSignals([rule], ranked(['1', '2']), [])).toThrow(RangeError);
  });

  it('orders signals by rule, group and person', () => {
    const signals = evaluateSignals([top20, lastInCounty], ranked(['1', '1', '9', '8', '7']), []);
    expect(signals.map((s) => `${s.ruleKey}/${s.personId}`)).toEqual([
      'last/p0',
      'last/p1',
      'top-20/p2',
    ]);
  });
});

describe(decideSignal, () => {
  it.each([
    ['pending', 'confirmed', { ok: true, value: 'confirmed' }],
    ['pending', 'dismissed', { ok: true, value: 'dismissed' }],
    ['confirmed', 'dismissed', { ok: false, reason: 'signal-decided', field: 'status' }],
    ['dismissed', 'confirmed', { ok: false, reason: 'signal-decided', field: 'status' }],
  ] as const)('%s → %s', (from, to, expected) => {
    expect(decideSignal(from, to)).toEqual(expected);
  });
});
