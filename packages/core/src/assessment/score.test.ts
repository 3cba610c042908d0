import { describe, expect, it } from 'vitest';
import { effectiveFacts, score } from './score.ts';
import { fact, nodeOf, oneLeaf, orgOf, person, testPeriod } from './score-fixtures.ts';
import { hTownship2021Scheme } from './templates.ts';
import type { Fact, Method, OrgSnapshot, Scheme } from './types.ts';

const L = (zh: string, en = zh) => ({ 'zh-CN': zh, en });

/** Points of leaf `x` for p1. */
function pointsOf(scheme: Scheme, facts: readonly Fact[], org: OrgSnapshot = orgOf(person('p1'))) {
  const sheet = score(scheme, facts, org, testPeriod);
  return nodeOf(sheet, 'p1', 'x')?.points;
}

const deduction: Method = {
  kind: 'deduction',
  items: [
    { key: 'late', label: L('迟到', 'Late'), points: '3' },
    { key: 'study', label: L('缺学', 'Missed study'), points: '1' },
    { key: 'half', label: L('半分', 'Half'), points: '0.5' },
  ],
};

describe('score: deduction', () => {
  it.each<[string, Partial<Fact>[], string, Method?]>([
    ['no facts → the max', [], '20.00'],
    ['one occurrence', [{ payload: { item: 'late' } }], '17.00'],
    ['a count in the value', [{ payload: { item: 'late' }, value: '2' }], '14.00'],
    ['items add up', [{ payload: { item: 'late' } }, { payload: { item: 'study' } }], '16.00'],
    ['floored at 0', [{ payload: { item: 'late' }, value: '7' }], '0.00'],
    ['exactly to 0', [{ payload: { item: 'study' }, value: '20' }], '0.00'],
    ['fractional points', [{ payload: { item: 'half' }, value: '3' }], '18.50'],
    ['an unknown item is ignored', [{ payload: { item: 'nap' } }], '20.00'],
    ['an explicit start', [{ payload: { item: 'late' } }], '12.00', { ...deduction, start: '15' }],
  ])('%s', (_name, facts, expected, method = deduction) => {
    expect(pointsOf(oneLeaf(method, '20'), facts.map(fact))).toBe(expected);
  });

  it('explains start, each item and the floor', () => {
    const sheet = score(
      oneLeaf(deduction, '5'),
      [fact({ payload: { item: 'late' }, value: '2' })],
      orgOf(person('p1')),
      testPeriod,
    );
    const node = nodeOf(sheet, 'p1', 'x')!;
    expect(node.explain.map((l) => l.en)).toEqual(['Start at 5', 'Late ×2 -6', 'Floored at 0']);
    expect(node.explain[1]!['zh-CN']).toBe('迟到 ×2 -6');
  });

  it('warns about an ignored fact', () => {
    const f = fact({ payload: { item: 'nap' } });
    const sheet = score(oneLeaf(deduction, '20'), [f], orgOf(person('p1')), testPeriod);
    expect(sheet.warnings).toEqual([
      expect.objectContaining({ code: 'fact-ignored', personId: 'p1', indicator: 'x' }),
    ]);
    expect(nodeOf(sheet, 'p1', 'x')!.factIds).toEqual([]);
  });
});

const graded: Method = {
  kind: 'graded-choice',
  options: [
    { key: 'A', label: L('甲'), points: '10' },
    { key: 'B', label: L('乙'), points: '9' },
  ],
  missing: { kind: 'zero' },
};

describe('score: graded choice', () => {
  it.each<[string, Partial<Fact>[], string, Method?]>([
    ['no facts, missing zero', [], '0.00'],
    [
      'no facts, missing option',
      [],
      '9.00',
      { ...graded, missing: { kind: 'option', option: 'B' } },
    ],
    ['one grade', [{ payload: { option: 'B' } }], '9.00'],
    [
      'the latest grade wins',
      [{ payload: { option: 'B' } }, { payload: { option: 'A' } }],
      '10.00',
    ],
    [
      'an unknown latest option falls back',
      [{ payload: { option: 'A' } }, { payload: { option: 'Z' } }],
      '10.00',
    ],
  ])('%s', (_name, facts, expected, method = graded) => {
    expect(pointsOf(oneLeaf(method, '10'), facts.map(fact))).toBe(expected);
  });

  it('"latest" is by recording time, not input order', () => {
    const early = fact({ payload: { option: 'B' }, recordedAt: '2021-01-05T00:00:00.000Z' });
    const late = fact({ payload: { option: 'A' }, recordedAt: '2021-03-05T00:00:00.000Z' });
    expect(pointsOf(oneLeaf(graded, '10'), [late, early])).toBe('10.00');
    const sheet = score(oneLeaf(graded, '10'), [late, early], orgOf(person('p1')), testPeriod);
    expect(nodeOf(sheet, 'p1', 'x')!.factIds).toEqual([late.id]);
  });
});

const rankTable = (over: Partial<Extract<Method, { kind: 'rank-table' }>> = {}): Method => ({
  kind: 'rank-table',
  rows:
    hTownship2021Scheme.dimensions[1]!.children![1]!.method!.kind === 'rank-table'
      ? hTownship2021Scheme.dimensions[1]!.children![1]!.method.rows
      : [],
  ties: 'best',
  outOfTable: { kind: 'last-row' },
  missing: { kind: 'zero' },
  ...over,
});

describe('score: rank table (Table 1 模块实绩)', () => {
  it.each<
    [
      string,
      string,
      Record<string, unknown>,
      string,
      Partial<Extract<Method, { kind: 'rank-table' }>>?,
    ]
  >([
    ['rank 1', '1', {}, '30.00'],
    ['rank 3, row end', '3', {}, '30.00'],
    ['rank 4, row start', '4', {}, '28.00'],
    ['rank 10', '10', {}, '25.00'],
    ['rank 14', '14', {}, '22.00'],
    ['rank 17', '17', {}, '19.00'],
    ['rank 20, last row', '20', {}, '15.00'],
    ['rank 21, out of table → last row', '21', {}, '15.00'],
    ['out of table → zero', '25', {}, '0.00', { outOfTable: { kind: 'zero' } }],
    ['out of table → points', '25', {}, '12.00', { outOfTable: { kind: 'points', points: '12' } }],
    ['tie, best: 3 and 4 share 3rd', '3', { tiedWith: 2 }, '30.00'],
    ['tie, average: 3 and 4', '3', { tiedWith: 2 }, '29.00', { ties: 'average' }],
    ['tie, average over three rows', '3', { tiedWith: 3 }, '28.67', { ties: 'average' }],
    [
      'tie, average beyond the table',
      '20',
      { tiedWith: 2 },
      '7.50',
      { ties: 'average', outOfTable: { kind: 'zero' } },
    ],
  ])('%s', (_name, value, payload, expected, over = {}) => {
    expect(pointsOf(oneLeaf(rankTable(over), '30'), [fact({ value, payload })])).toBe(expected);
  });

  it.each<[string, Partial<Extract<Method, { kind: 'rank-table' }>>, string]>([
    ['missing → zero', {}, '0.00'],
    ['missing → points', { missing: { kind: 'points', points: '20' } }, '20.00'],
  ])('no facts: %s', (_name, over, expected) => {
    expect(pointsOf(oneLeaf(rankTable(over), '30'), [])).toBe(expected);
  });

  it('the latest valid rank counts', () => {
    const facts = [fact({ value: '18' }), fact({ value: '2' }), fact({ value: '0' })];
    expect(pointsOf(oneLeaf(rankTable(), '30'), facts)).toBe('30.00');
  });
});

describe('score: external lookup (linked villages)', () => {
  const lookup = (over: Partial<Extract<Method, { kind: 'external-lookup' }>> = {}): Method => ({
    kind: 'external-lookup',
    link: 'villages',
    ranks: [
      { from: 1, to: 10, points: '20' },
      { from: 11, to: 20, points: '18' },
      { from: 21, to: 30, points: '15' },
    ],
    grades: [
      { key: 'red', label: L('红榜'), points: '20' },
      { key: 'black', label: L('黑榜'), points: '10' },
    ],
    combine: 'mean',
    missing: { kind: 'zero' },
    ...over,
  });
  const village = (id: string, partial: Partial<Fact>) =>
    fact({ subject: { kind: 'unit', id }, ...partial });
  const linked = orgOf(
    person('p1', { villageIds: ['v1', 'v2'] }),
    person('p2', { villageIds: ['v3'] }),
  );
  const facts = [
    village('v1', { value: '5' }),
    village('v2', { value: '15' }),
    village('v3', { value: '40' }),
  ];

  it.each<[string, Partial<Extract<Method, { kind: 'external-lookup' }>>, string]>([
    ['mean of two villages', {}, '19.00'],
    ['best', { combine: 'best' }, '20.00'],
    ['worst', { combine: 'worst' }, '18.00'],
  ])('%s', (_name, over, expected) => {
    expect(pointsOf(oneLeaf(lookup(over), '20'), facts, linked)).toBe(expected);
  });

  it('explains each linked village by name, then the combination', () => {
    const sheet = score(oneLeaf(lookup(), '20'), facts, linked, testPeriod);
    expect(nodeOf(sheet, 'p1', 'x')!.explain.map((l) => l['zh-CN'])).toEqual([
      '一村：排名第 5，20 分',
      '二村：排名第 15，18 分',
      '2 个联系单位平均：19 分',
    ]);
  });

  it('a rank beyond the table earns 0; no linked facts earn "missing"', () => {
    const sheet = score(oneLeaf(lookup(), '20'), facts, linked, testPeriod);
    expect(nodeOf(sheet, 'p2', 'x')!.points).toBe('0.00');
    const none = score(
      oneLeaf(lookup({ missing: { kind: 'points', points: '12' } }), '20'),
      [],
      linked,
      testPeriod,
    );
    expect(nodeOf(none, 'p1', 'x')!.points).toBe('12.00');
  });

  it('grades by payload, and a villageless person gets "missing"', () => {
    const graded = [
      village('v1', { payload: { grade: 'red' } }),
      village('v2', { payload: { grade: 'black' } }),
    ];
    const org = orgOf(person('p1', { villageIds: ['v1', 'v2'] }), person('p3'));
    const sheet = score(oneLeaf(lookup(), '20'), graded, org, testPeriod);
    expect(nodeOf(sheet, 'p1', 'x')!.points).toBe('15.00');
    expect(nodeOf(sheet, 'p1', 'x')!.factIds).toEqual(graded.map((f) => f.id));
    expect(nodeOf(sheet, 'p3', 'x')!.points).toBe('0.00');
  });

  it('link "unit" reads the person’s own unit', () => {
    const sheet = score(
      oneLeaf(lookup({ link: 'unit' }), '20'),
      [fact({ subject: { kind: 'unit', id: 'u1' }, value: '12' })],
      orgOf(person('p1')),
      testPeriod,
    );
    expect(nodeOf(sheet, 'p1', 'x')!.points).toBe('18.00');
  });
});

describe('score: rating average', () => {
  const rating = (missingGroup: 'renormalise' | 'zero' | 'flag'): Method => ({
    kind: 'rating-average',
    scaleMax: '100',
    groups: [
      { key: 'leader', label: L('联系领导', 'Leader'), weight: '0.5' },
      { key: 'head', label: L('村主职干部', 'Village heads'), weight: '0.5' },
    ],
    missingGroup,
  });
  const r = (group: string, value: string) => fact({ payload: { group }, value });
  const both = [r('leader', '80'), r('leader', '90'), r('head', '70')];
  const leaderOnly = [r('leader', '80'), r('leader', '90')];

  it.each<[string, 'renormalise' | 'zero' | 'flag', Fact[], string, number]>([
    ['both groups: (85 + 70) / 2 of 10', 'renormalise', both, '7.75', 0],
    ['both groups under zero rule', 'zero', both, '7.75', 0],
    ['both groups under flag rule', 'flag', both, '7.75', 0],
    ['missing group renormalised', 'renormalise', leaderOnly, '8.50', 0],
    ['missing group counts 0', 'zero', leaderOnly, '4.25', 0],
    ['missing group flagged', 'flag', leaderOnly, '0.00', 1],
    ['no ratings, renormalise', 'renormalise', [], '0.00', 0],
    ['no ratings, flag warns per group', 'flag', [], '0.00', 2],
    [
      'a rating of one third rounds once',
      'zero',
      [r('leader', '100'), r('leader', '0'), r('leader', '0'), r('head', '0')],
      '1.67',
      0,
    ],
  ])('%s', (_name, rule, facts, expected, warnings) => {
    const sheet = score(oneLeaf(rating(rule), '10'), facts, orgOf(person('p1')), testPeriod);
    expect(nodeOf(sheet, 'p1', 'x')!.points).toBe(expected);
    expect(sheet.warnings.filter((w) => w.code === 'rater-group-missing')).toHaveLength(warnings);
  });
});

describe('score: task force, clauses, discretionary, extensions', () => {
  it('task force sums base and second allocation per task force', () => {
    const facts = [
      fact({ payload: { taskForce: 'flood', part: 'base' }, value: '5' }),
      fact({ payload: { taskForce: 'flood', part: 'allocation' }, value: '2' }),
      fact({ payload: { taskForce: 'roads', part: 'base' }, value: '3' }),
      fact({ payload: { taskForce: 'roads', part: 'allocation' }, value: '-1.5' }),
    ];
    const sheet = score(
      oneLeaf({ kind: 'task-force' }, null),
      facts,
      orgOf(person('p1')),
      testPeriod,
    );
    const node = nodeOf(sheet, 'p1', 'x')!;
    expect(node.points).toBe('8.50');
    expect(node.explain.map((l) => l.en)).toEqual([
      'Task force "flood": base 5, allocation +2',
      'Task force "roads": base 3, allocation -1.5',
    ]);
  });

  const clauses: Method = {
    kind: 'clause',
    clauses: [
      { key: 'national', label: L('国家级表彰'), points: '5' },
      { key: 'criticised', label: L('通报批评'), points: '-2' },
    ],
  };
  it.each<[string, Partial<Fact>[], string]>([
    ['none', [], '0.00'],
    ['one bonus', [{ payload: { clause: 'national' } }], '5.00'],
    [
      'bonus and penalties',
      [{ payload: { clause: 'national' } }, { payload: { clause: 'criticised' }, value: '2' }],
      '1.00',
    ],
    ['net negative', [{ payload: { clause: 'criticised' }, value: '3' }], '-6.00'],
  ])('clauses: %s', (_name, facts, expected) => {
    expect(pointsOf(oneLeaf(clauses, null), facts.map(fact))).toBe(expected);
  });

  const discretionary: Method = { kind: 'discretionary', min: '-10', max: '10' };
  it.each<[string, string[], string]>([
    ['none', [], '0.00'],
    ['signed values add', ['3', '-1'], '2.00'],
    ['the total is kept within max', ['8', '5'], '10.00'],
    ['the total is kept within min', ['-8', '-5'], '-10.00'],
  ])('discretionary: %s', (_name, values, expected) => {
    const facts = values.map((value) => fact({ value, evidence: { note: '防汛表现突出' } }));
    expect(pointsOf(oneLeaf(discretionary, null), facts)).toBe(expected);
  });

  it('discretionary explains each adjustment with its reason', () => {
    const sheet = score(
      oneLeaf(discretionary, null),
      [fact({ value: '2', evidence: { note: '抗台风' } })],
      orgOf(person('p1')),
      testPeriod,
    );
    expect(nodeOf(sheet, 'p1', 'x')!.explain).toEqual([L('+2：抗台风', '+2: 抗台风')]);
  });

  it.each<['workflow' | 'okr' | 'kpi', string | undefined, string[], string]>([
    ['workflow', '0.1', ['1.5', '2.25'], '0.38'],
    ['okr', undefined, ['1.5', '2.25'], '3.75'],
    ['kpi', '2', ['-1', '4'], '6.00'],
    ['kpi', '0.5', [], '0.00'],
  ])('%s × factor %s', (kind, factor, values, expected) => {
    const method: Method = factor === undefined ? { kind } : { kind, factor };
    const facts = values.map((value) => fact({ value, source: 'workflow' }));
    expect(pointsOf(oneLeaf(method, null), facts)).toBe(expected);
  });
});

describe('score: threshold', () => {
  const threshold = (aggregate: 'mean' | 'sum' | 'latest' | 'min' | 'max'): Method => ({
    kind: 'threshold',
    metric: 'minutes',
    aggregate,
    rows: [
      { below: '30', points: '15' },
      { min: '30', below: '60', points: '12' },
      { min: '60', below: '120', points: '8' },
    ],
    missing: { kind: 'points', points: '5' },
  });
  it.each<[string, 'mean' | 'sum' | 'latest' | 'min' | 'max', string[], string]>([
    ['no facts → missing', 'mean', [], '5.00'],
    ['mean 35', 'mean', ['20', '50'], '12.00'],
    ['exactly the lower bound is inside', 'mean', ['30'], '12.00'],
    ['just below the bound', 'mean', ['29.9999'], '15.00'],
    ['a mean of 59.9999… stays below 60', 'mean', ['59.9999', '60', '59.9999'], '12.00'],
    ['a mean of exactly 60 is in the next row', 'mean', ['59.5', '60.5'], '8.00'],
    ['sum', 'sum', ['20', '20'], '12.00'],
    ['latest', 'latest', ['100', '10'], '15.00'],
    ['min', 'min', ['100', '45', '70'], '12.00'],
    ['max', 'max', ['100', '45', '70'], '8.00'],
    ['in no row → 0', 'max', ['500'], '0.00'],
  ])('%s', (_name, aggregate, values, expected) => {
    const facts = values.map((value) => fact({ value }));
    expect(pointsOf(oneLeaf(threshold(aggregate), '15'), facts)).toBe(expected);
  });
});

describe('score: caps, parts, layers and dual track', () => {
  it.each<[string, string, string, string, boolean]>([
    ['under the cap', '9.99', '9.99', '9.99', false],
    ['exactly the cap', '10', '10.00', '10.00', false],
    ['over the cap', '10.01', '10.00', '10.01', true],
  ])('a leaf %s', (_name, value, points, raw, capped) => {
    const sheet = score(
      oneLeaf({ kind: 'kpi' }, '10'),
      [fact({ value })],
      orgOf(person('p1')),
      testPeriod,
    );
    expect(nodeOf(sheet, 'p1', 'x')).toMatchObject({ points, raw, capped });
  });

  const twoLeaves = (groupMax: string | null, commonCap = '100'): Scheme => ({
    ...hTownship2021Scheme,
    commonCap,
    dimensions: [
      {
        key: 'd',
        label: L('维度'),
        max: groupMax,
        part: 'common',
        children: [
          { key: 'a', label: L('甲'), max: null, method: { kind: 'kpi' } },
          { key: 'b', label: L('乙'), max: null, method: { kind: 'kpi' } },
        ],
      },
      {
        key: 'i',
        label: L('个性'),
        max: null,
        part: 'individual',
        children: [{ key: 'c', label: L('丙'), max: null, method: { kind: 'okr' } }],
      },
    ],
  });
  const abc = [
    fact({ indicator: 'a', value: '70' }),
    fact({ indicator: 'b', value: '50' }),
    fact({ indicator: 'c', value: '180' }),
  ];

  it('a group caps the sum of its children; commonCap caps the common part; individual is uncapped', () => {
    const sheet = score(
      twoLeaves('110'),
      abc,
      orgOf(person('p1', { rank: 'middle_head' })),
      testPeriod,
    );
    const p = sheet.people[0]!;
    expect(nodeOf(sheet, 'p1', 'd')).toMatchObject({
      raw: '120.00',
      points: '110.00',
      capped: true,
    });
    expect(p).toMatchObject({
      commonRaw: '110.00',
      common: '100.00',
      individual: '180.00',
      total: '280.00',
      coefficient: '1.4',
      index: '392.00',
    });
  });

  it('index = total × coefficient, rounded half away from zero once', () => {
    const scheme = { ...twoLeaves(null), positionCoefficients: { byRank: {}, default: '1.25' } };
    const sheet = score(
      scheme,
      [fact({ indicator: 'c', value: '10.02' })],
      orgOf(person('p1')),
      testPeriod,
    );
    expect(sheet.people[0]).toMatchObject({ total: '10.02', index: '12.53' });
    const negative = score(
      scheme,
      [fact({ indicator: 'c', value: '-10.02' })],
      orgOf(person('p1')),
      testPeriod,
    );
    expect(negative.people[0]).toMatchObject({ total: '-10.02', index: '-12.53' });
  });

  it('a rank not in the table gets the default coefficient', () => {
    const sheet = score(twoLeaves(null), [], orgOf(person('p1', { rank: 'shiye' })), testPeriod);
    expect(sheet.people[0]!.coefficient).toBe('1');
  });

  it('appliesTo by layer and unit kind omits what does not apply', () => {
    const scheme: Scheme = {
      ...twoLeaves(null),
      layers: { byRank: { middle_head: 'manager' }, default: 'executor' },
      dimensions: [
        {
          key: 'd',
          label: L('维度'),
          max: null,
          part: 'common',
          children: [
            {
              key: 'm',
              label: L('管理'),
              max: null,
              appliesTo: { layers: ['manager'] },
              method: { kind: 'kpi' },
            },
            {
              key: 'e',
              label: L('执行'),
              max: null,
              appliesTo: { layers: ['executor'] },
              method: { kind: 'kpi' },
            },
            {
              key: 't',
              label: L('乡镇'),
              max: null,
              appliesTo: { unitKinds: ['township'] },
              method: { kind: 'kpi' },
            },
          ],
        },
      ],
    };
    const facts = ['m', 'e', 't'].flatMap((indicator) =>
      ['boss', 'staff', 'dept'].map((id) =>
        fact({ indicator, subject: { kind: 'person', id }, value: '1' }),
      ),
    );
    const org = orgOf(
      person('boss', { rank: 'middle_head' }),
      person('staff'),
      person('dept', { unitId: 'u2' }),
    );
    const sheet = score(scheme, facts, org, testPeriod);
    const keys = (id: string) =>
      sheet.people.find((p) => p.personId === id)!.nodes[0]!.children.map((c) => c.key);
    expect(keys('boss')).toEqual(['m', 't']);
    expect(keys('staff')).toEqual(['e', 't']);
    expect(keys('dept')).toEqual(['e']);
    expect(sheet.people.find((p) => p.personId === 'dept')!.total).toBe('1.00');
  });

  it('a dimension with nothing applicable is omitted', () => {
    const scheme = oneLeaf({ kind: 'kpi' }, null, { appliesTo: { unitKinds: ['department'] } });
    const sheet = score(scheme, [fact({ value: '5' })], orgOf(person('p1')), testPeriod);
    expect(sheet.people[0]).toMatchObject({ nodes: [], total: '0.00' });
  });

  it.each<['person' | 'unit' | 'person-or-unit', string, string]>([
    ['person', '2.00', '0.00'],
    ['unit', '3.00', '3.00'],
    ['person-or-unit', '5.00', '3.00'],
  ])('factScope %s: unit facts flow to members', (factScope, p1, p2) => {
    const facts = [
      fact({ value: '2' }),
      fact({ subject: { kind: 'unit', id: 'u1' }, value: '3' }),
      fact({ subject: { kind: 'unit', id: 'u2' }, value: '7' }),
    ];
    const sheet = score(
      oneLeaf({ kind: 'kpi' }, null, { factScope }),
      facts,
      orgOf(person('p1'), person('p2')),
      testPeriod,
    );
    expect(nodeOf(sheet, 'p1', 'x')!.points).toBe(p1);
    expect(nodeOf(sheet, 'p2', 'x')!.points).toBe(p2);
  });

  it('factScope assessment-unit: the town’s facts reach its sections’ people, not their own', () => {
    const org = orgOf(person('p1'), person('p2', { unitId: 's1' }), person('p3', { unitId: 'u2' }));
    const withSection: OrgSnapshot = {
      ...org,
      units: [...org.units, { id: 's1', parentId: 'u1', kind: 'section', name: '党政办' }],
    };
    const facts = [
      fact({ subject: { kind: 'unit', id: 'u1' }, value: '3' }),
      fact({ subject: { kind: 'unit', id: 's1' }, value: '7' }),
      fact({ value: '2' }),
    ];
    const sheet = score(
      oneLeaf({ kind: 'kpi' }, null, { factScope: 'assessment-unit' }),
      facts,
      withSection,
      testPeriod,
    );
    expect(nodeOf(sheet, 'p1', 'x')!.points).toBe('3.00');
    expect(nodeOf(sheet, 'p2', 'x')!.points).toBe('3.00');
    expect(nodeOf(sheet, 'p3', 'x')!.points).toBe('0.00');
  });
});

describe('effectiveFacts and superseded facts', () => {
  it('a chain A ← B ← C counts only C', () => {
    const a = fact({ value: '1' });
    const b = fact({ value: '2', supersedes: a.id });
    const c = fact({ value: '4', supersedes: b.id });
    expect(effectiveFacts([c, a, b])).toEqual([c]);
    const sheet = score(oneLeaf({ kind: 'kpi' }, null), [a, b, c], orgOf(person('p1')), testPeriod);
    expect(nodeOf(sheet, 'p1', 'x')).toMatchObject({ points: '4.00', factIds: [c.id] });
  });

  it('a correction moved to another indicator or subject is one fact', () => {
    const wrong = fact({ value: '5', indicator: 'x' });
    const moved = fact({ value: '5', subject: { kind: 'person', id: 'p2' }, supersedes: wrong.id });
    const sheet = score(
      oneLeaf({ kind: 'kpi' }, null),
      [wrong, moved],
      orgOf(person('p1'), person('p2')),
      testPeriod,
    );
    expect(nodeOf(sheet, 'p1', 'x')!.points).toBe('0.00');
    expect(nodeOf(sheet, 'p2', 'x')).toMatchObject({ points: '5.00', factIds: [moved.id] });
  });

  it('two corrections of the same fact both count (each is a fact of its own)', () => {
    const a = fact({ value: '1' });
    const b = fact({ value: '2', supersedes: a.id });
    const c = fact({ value: '3', supersedes: a.id });
    expect(effectiveFacts([a, b, c])).toEqual([b, c]);
  });

  it('facts about other indicators, groups or people outside the org are ignored', () => {
    const facts = [
      fact({ indicator: 'nope', value: '9' }),
      fact({ indicator: 'd', value: '9' }),
      fact({ subject: { kind: 'person', id: 'stranger' }, value: '9' }),
      fact({ value: '1' }),
    ];
    const sheet = score(oneLeaf({ kind: 'kpi' }, null), facts, orgOf(person('p1')), testPeriod);
    expect(sheet.people.map((p) => [p.personId, p.total])).toEqual([['p1', '1.00']]);
    expect(sheet.warnings).toEqual([]);
  });

  it('no facts: every person still gets a sheet', () => {
    const sheet = score(hTownship2021Scheme, [], orgOf(person('p2'), person('p1')), testPeriod);
    expect(sheet.people.map((p) => p.personId)).toEqual(['p1', 'p2']);
    expect(sheet.people[0]).toMatchObject({ common: '20.00', individual: '0.00', total: '20.00' });
  });
});
