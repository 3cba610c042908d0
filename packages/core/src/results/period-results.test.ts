import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { score } from '../assessment/score.ts';
import { hTownship2021Scheme } from '../assessment/templates.ts';
import type { Fact, OrgPerson, Period, ResultRules, Scheme } from '../assessment/types.ts';
import { person, sheetOf, testOrg } from './fixtures.ts';
import { buildPeriodResults } from './period-results.ts';
import { rankings } from './ranking.ts';

const results: ResultRules = {
  tieRule: 'competition',
  grades: { excellentQuota: '0.2', basicBelow: '60' },
  bonus: {
    coefficients: {
      byRank: { zhengke: '2.0', fuke: '1.7', zhenggu: '1.4', shiye: '0.85' },
      default: '1',
    },
    basis: 'total',
    rounding: 'largest-remainder',
  },
  signals: [
    {
      key: 'top-20',
      label: { 'zh-CN': '前 20%', en: 'Top 20 %' },
      kind: 'promotion',
      when: { kind: 'top-share', share: '0.2', within: 'unit' },
      then: { promotionPoints: '1.5', seniorityMonths: 6 },
    },
    {
      key: 'last-twice',
      label: { 'zh-CN': '连续两期全县末位', en: 'Last in the county twice' },
      kind: 'accountability',
      when: { kind: 'last-place', within: 'tenant', consecutive: 2 },
      then: { action: 'withhold-annual-bonus' },
    },
  ],
};

const scheme: Scheme = {
  key: 'test',
  version: 1,
  name: { 'zh-CN': '测试', en: 'Test' },
  audience: 'township',
  commonCap: '100',
  dimensions: [],
  positionCoefficients: { byRank: {}, default: '1' },
  composition: { kind: 'facts' },
  results,
};

const org = testOrg([
  person('a', 'town-a', { rank: 'zhengke' }),
  person('b', 'town-a', { rank: 'fuke' }),
  person('c', 'section-a1', { rank: 'zhenggu' }),
  person('d', 'town-a'),
  person('e', 'town-a', { rank: 'shiye' }),
  person('x', 'dept-c'),
  person('y', 'dept-c'),
]);

const sheet = sheetOf(
  [
    ['a', 'town-a', '120.00', '60.00'],
    ['b', 'town-a', '90.00', '50.00'],
    ['c', 'section-a1', '90.00', '40.00'],
    ['d', 'town-a', '70.00', '30.00'],
    ['e', 'town-a', '55.00', '20.00'],
    ['x', 'dept-c', '80.00'],
    ['y', 'dept-c', '40.00'],
  ],
  'q2',
);

describe(buildPeriodResults, () => {
  const previous = rankings(
    sheetOf(
      [
        ['a', 'town-a', '10.00'],
        ['y', 'dept-c', '1.00'],
      ],
      'q1',
    ),
    org,
    'competition',
  );
  const built = buildPeriodResults(scheme, sheet, org, {
    pools: new Map([['town-a', 4_800_000n]]),
    history: [previous],
  });

  it('ranks, grades and pays every person', () => {
    expect(
      built.people.map((p) => [
        p.personId,
        p.assessmentUnitId,
        p.ranks.tenant.rank,
        p.ranks.unit.rank,
        p.grade.grade,
        p.bonusCents,
        p.literalCents,
      ]),
    ).toEqual([
      ['a', 'town-a', 1, 1, 'excellent', 1_870_130n, 2_880_000n],
      ['b', 'town-a', 2, 2, 'competent', 1_324_675n, 2_040_000n],
      ['c', 'town-a', 2, 2, 'competent', 872_727n, 1_344_000n],
      ['x', 'dept-c', 4, 1, 'competent', null, null],
      ['d', 'town-a', 5, 4, 'competent', 467_533n, 720_000n],
      ['e', 'town-a', 6, 5, 'basic', 264_935n, 408_000n],
      ['y', 'dept-c', 7, 2, 'basic', null, null],
    ]);
    expect(built).toMatchObject({ periodId: 'q2', schemeKey: 'test', schemeVersion: 1 });
  });

  it('summarises each unit with the pool beside the literal formula', () => {
    expect(
      built.units.map((u) => [u.unitId, u.headcount, u.grades.quota, u.grades.excellent]),
    ).toEqual([
      ['dept-c', 2, 0, 0],
      ['town-a', 5, 1, 1],
    ]);
    expect(built.units[0]!.bonus).toBeNull();
    expect(built.units[1]!.bonus).toEqual({
      unitId: 'town-a',
      poolCents: 4_800_000n,
      allocatedCents: 4_800_000n,
      unallocatedCents: 0n,
      literal: {
        pointValue: { numerator: 24000n, denominator: 1n },
        pointValueCents: '24000.00',
        totalCents: 7_392_000n,
        differenceCents: 2_592_000n,
      },
    });
  });

  it('fires signals from the rules and the history', () => {
    expect(built.signals.map((s) => [s.ruleKey, s.personId, s.reason.periods])).toEqual([
      ['last-twice', 'y', ['q2', 'q1']],
      ['top-20', 'a', ['q2']],
    ]);
    expect(built.ranking).toEqual(rankings(sheet, org, 'competition'));
  });

  it('lists a pool for a unit without scored people', () => {
    const withEmpty = buildPeriodResults(scheme, sheet, org, {
      pools: new Map([['town-b', 100n]]),
      history: [],
    });
    expect(withEmpty.units.find((u) => u.unitId === 'town-b')).toMatchObject({
      headcount: 0,
      grades: { quota: 0, excellent: 0 },
      bonus: { allocatedCents: 0n, unallocatedCents: 100n },
    });
  });

  it('reads the org snapshot it is given, also for a sheet seen before', () => {
    const again = buildPeriodResults(scheme, sheet, org, { pools: new Map(), history: [] });
    const moved = testOrg([
      ...org.people.filter((p) => p.id !== 'x'),
      person('x', 'dept-c', { lines: ['agri'] }),
    ]);
    const after = buildPeriodResults(scheme, sheet, moved, { pools: new Map(), history: [] });
    const x = (r: typeof again) => r.people.find((p) => p.personId === 'x')!.ranks.lines;
    expect(x(again)).toEqual([]);
    expect(x(after)).toEqual([expect.objectContaining({ groupId: 'agri', rank: 1, groupSize: 1 })]);
  });

  it('gives identical results for shuffled input', () => {
    const rows = fc
      .uniqueArray(
        fc.tuple(
          fc.integer({ min: 0, max: 60 }),
          fc.constantFrom('town-a', 'section-a1', 'town-b', 'dept-c'),
          fc.integer({ min: -5, max: 30 }),
        ),
        { selector: ([id]) => id, maxLength: 30 },
      )
      .map((list) => list.map(([id, unit, v]) => [`p${id}`, unit, `${v}.50`] as const));
    fc.assert(
      fc.property(
        rows.chain((list) =>
          fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length })),
        ),
        ([list, shuffled]) => {
          const people = list.map(([id, unit]) => person(id, unit, { lines: ['l1'] }));
          const options = {
            pools: new Map([
              ['town-a', 100_001n],
              ['dept-c', 7n],
            ]),
            history: [],
          };
          const a = buildPeriodResults(scheme, sheetOf(list), testOrg(people), options);
          const b = buildPeriodResults(
            scheme,
            sheetOf(shuffled),
            testOrg([...people].reverse()),
            options,
          );
          expect(b).toEqual(a);
        },
      ),
    );
  });

  it('allocates every pool exactly on a county-sized sheet', () => {
    const units = ['town-a', 'section-a1', 'town-b', 'dept-c'];
    const ranks = ['zhengke', 'fuke', 'ordinary', 'shiye'];
    const people: OrgPerson[] = [];
    const rows: (readonly [string, string, string, string])[] = [];
    for (let i = 0; i < 3000; i += 1) {
      const unit = units[i % 4]!;
      people.push(person(`p${i}`, unit, { rank: ranks[i % 3]!, lines: [`line${i % 7}`] }));
      const index = (i * 7919) % 25000;
      rows.push([
        `p${i}`,
        unit,
        `${Math.floor(index / 100)}.${String(index % 100).padStart(2, '0')}`,
        '80.00',
      ]);
    }
    const pools = new Map([
      ['town-a', 123_456_789n],
      ['town-b', 98_765_431n],
      ['dept-c', 1n],
    ]);
    const big = buildPeriodResults(scheme, sheetOf(rows), testOrg(people), { pools, history: [] });
    expect(big.people).toHaveLength(3000);
    for (const [unitId, pool] of pools) {
      const paid = big.people
        .filter((p) => p.assessmentUnitId === unitId)
        .reduce((sum, p) => sum + (p.bonusCents ?? 0n), 0n);
      expect(paid).toBe(pool);
    }
    const townA = big.units.find((u) => u.unitId === 'town-a')!;
    expect(townA.grades).toMatchObject({ headcount: 1500, quota: 300 });
    expect(townA.grades.excellent + townA.grades.placesLeft).toBeLessThanOrEqual(300);
  });
});

describe('buildPeriodResults on the seed template', () => {
  const period: Period = {
    id: 'q1',
    kind: 'quarter',
    assessment: 'routine',
    startsOn: '2021-01-01',
    endsOn: '2021-03-31',
    name: '2021 Q1',
  };
  const people = [
    person('a', 'town-a', { rank: 'zhengke' }),
    person('b', 'section-a1', { rank: 'fuke' }),
    person('c', 'town-a', { rank: 'zhenggu' }),
    person('d', 'town-a'),
    person('e', 'town-a', { rank: 'shiye' }),
  ];
  const graded = (id: string, personId: string, option: 'A' | 'B'): Fact => ({
    id,
    periodId: 'q1',
    subject: { kind: 'person', id: personId },
    indicator: 'post-score',
    value: null,
    payload: { option },
    source: 'manual',
    evidence: {},
    recordedBy: 'office',
    recordedAt: '2021-03-31T08:00:00Z',
    supersedes: null,
  });

  it('grades, pays and signals a township scored by score()', () => {
    const facts = [graded('f1', 'a', 'A'), graded('f2', 'b', 'B'), graded('f3', 'c', 'B')];
    const sheet = score(hTownship2021Scheme, facts, testOrg(people), period);
    const built = buildPeriodResults(hTownship2021Scheme, sheet, testOrg(people), {
      pools: new Map([['town-a', 1_000_000n]]),
      history: [],
    });
    const byId = new Map(built.people.map((p) => [p.personId, p]));
    expect(byId.get('a')!.ranks.unit.rank).toBe(1);
    // 5 people × 0.2 → 1 excellent place, taken by the only 10-point post score.
    expect(byId.get('a')!.grade.grade).toBe('excellent');
    expect(built.units[0]!.bonus!.allocatedCents).toBe(1_000_000n);
    expect(built.signals.map((s) => [s.ruleKey, s.personId])).toContainEqual([
      'top-20-percent',
      'a',
    ]);
    // d and e share the lowest index: both last in the county.
    expect(
      built.signals.filter((s) => s.ruleKey === 'last-in-county').map((s) => s.personId),
    ).toEqual(['d', 'e']);
  });
});
