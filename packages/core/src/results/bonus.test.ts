import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BonusRules } from '../assessment/types.ts';
import { allocateBonus, bonusTable, literalSeedFormula } from './bonus.ts';
import { person, sheetOf, testOrg } from './fixtures.ts';
import type { BonusEntry } from './types.ts';

/** Entries from [id, basis points, coefficient] with decimals as numbers of hundredths / ten-thousandths. */
const e = (id: string, basis: bigint, coefficient = 10000n): BonusEntry => ({
  id,
  basis,
  coefficient,
});

/** The worked example of docs/results.md: Σ basis 200 points, pool 48,000 yuan (240 yuan a point). */
const seedUnit: readonly BonusEntry[] = [
  e('A', 6000n, 20000n), // 正科级 2.0, 60 points
  e('B', 5000n, 17000n), // 副科级 1.7, 50 points
  e('C', 4000n, 14000n), // 正股级 1.4, 40 points
  e('D', 3000n, 10000n), // 普通干部 1.0, 30 points
  e('E', 2000n, 8500n), // 事业编 0.85, 20 points
];

const asObject = (m: ReadonlyMap<string, bigint>) => Object.fromEntries(m);

describe(allocateBonus, () => {
  it.each<[string, bigint, readonly BonusEntry[], Record<string, bigint>]>([
    ['pool of 0', 0n, [e('a', 100n), e('b', 300n)], { a: 0n, b: 0n }],
    ['one person takes the pool', 12345n, [e('a', 1n)], { a: 12345n }],
    ['no entries', 500n, [], {}],
    ['divisible pool', 1000n, [e('a', 100n), e('b', 300n)], { a: 250n, b: 750n }],
    [
      'pool not divisible: id breaks the tie',
      100n,
      [e('c', 1n), e('b', 1n), e('a', 1n)],
      { a: 34n, b: 33n, c: 33n },
    ],
    ['two leftover cents', 200n, [e('a', 1n), e('b', 1n), e('c', 1n)], { a: 67n, b: 67n, c: 66n }],
    ['larger remainder wins', 10n, [e('a', 1n), e('b', 2n)], { a: 3n, b: 7n }],
    [
      'equal remainders: larger weight wins over id',
      2n,
      [e('a', 1n), e('b', 3n)],
      { a: 0n, b: 2n },
    ],
    [
      'coefficient weighs the basis',
      300n,
      [e('a', 100n, 20000n), e('b', 100n, 10000n)],
      { a: 200n, b: 100n },
    ],
    ['negative basis counts as 0', 100n, [e('a', -500n), e('b', 100n)], { a: 0n, b: 100n }],
    ['zero coefficient gets nothing', 100n, [e('a', 100n, 0n), e('b', 100n)], { a: 0n, b: 100n }],
    [
      'nobody with a positive weight: nothing allocated',
      100n,
      [e('a', 0n), e('b', -1n)],
      { a: 0n, b: 0n },
    ],
    [
      'the seed example',
      4_800_000n,
      seedUnit,
      { A: 1_870_130n, B: 1_324_675n, C: 872_727n, D: 467_533n, E: 264_935n },
    ],
  ])('%s', (_, pool, entries, expected) => {
    expect(asObject(allocateBonus(pool, entries))).toEqual(expected);
  });

  it.each<[string, bigint, readonly BonusEntry[]]>([
    ['a negative pool', -1n, [e('a', 1n)]],
    ['a negative coefficient', 1n, [e('a', 1n, -1n)]],
    ['a duplicate id', 1n, [e('a', 1n), e('a', 2n)]],
  ])('refuses %s', (_, pool, entries) => {
    expect(() => allocateBonus(pool, entries)).toThrow(RangeError);
  });

  const entries = fc.uniqueArray(
    fc.record({
      id: fc.string({ maxLength: 3 }),
      basis: fc.bigInt({ min: -1000n, max: 100_000n }),
      coefficient: fc.constantFrom(8500n, 10000n, 12000n, 14000n, 17000n, 20000n, 0n, 3333n),
    }),
    { selector: (x) => x.id, maxLength: 25 },
  );
  const pools = fc.bigInt({ min: 0n, max: 10n ** 10n });

  it('sums exactly to the pool and each amount is within one cent of its exact share', () => {
    fc.assert(
      fc.property(pools, entries, (pool, list) => {
        const amounts = allocateBonus(pool, list);
        const weight = (x: BonusEntry) => (x.basis > 0n ? x.basis : 0n) * x.coefficient;
        const total = list.reduce((s, x) => s + weight(x), 0n);
        const sum = [...amounts.values()].reduce((s, x) => s + x, 0n);
        expect(sum).toBe(total === 0n ? 0n : pool);
        for (const x of list) {
          const amount = amounts.get(x.id)!;
          expect(amount >= 0n).toBe(true);
          if (total === 0n) continue;
          // |amount − pool·w/W| < 1  ⇔  |amount·W − pool·w| < W
          const gap = amount * total - pool * weight(x);
          expect(gap < total && gap > -total).toBe(true);
        }
      }),
    );
  });

  it('does not depend on the input order', () => {
    fc.assert(
      fc.property(
        pools,
        entries.chain((l) =>
          fc.tuple(fc.constant(l), fc.shuffledSubarray(l, { minLength: l.length })),
        ),
        (pool, [list, shuffled]) => {
          expect(asObject(allocateBonus(pool, shuffled))).toEqual(
            asObject(allocateBonus(pool, list)),
          );
        },
      ),
    );
  });
});

describe(literalSeedFormula, () => {
  it('pays 240 yuan a point times the coefficient and over-spends the seed pool', () => {
    const literal = literalSeedFormula(4_800_000n, seedUnit);
    expect(literal.pointValue).toEqual({ numerator: 24000n, denominator: 1n });
    expect(literal.pointValueCents).toBe('24000.00');
    expect(asObject(literal.amounts)).toEqual({
      A: 2_880_000n,
      B: 2_040_000n,
      C: 1_344_000n,
      D: 720_000n,
      E: 408_000n,
    });
    expect(literal.totalCents).toBe(7_392_000n);
    expect(literal.differenceCents).toBe(2_592_000n);
  });

  it('keeps the point value exact and rounds each amount half away from zero', () => {
    const literal = literalSeedFormula(100n, [e('a', 100n), e('b', 100n), e('c', 100n, 15000n)]);
    expect(literal.pointValue).toEqual({ numerator: 100n, denominator: 3n });
    expect(literal.pointValueCents).toBe('33.33');
    // 33.33… × 1 → 33; 33.33… × 1.5 = 50 exactly.
    expect(asObject(literal.amounts)).toEqual({ a: 33n, b: 33n, c: 50n });
    expect(literal.totalCents).toBe(116n);
    expect(literal.differenceCents).toBe(16n);
  });

  it('under-spends when the coefficients are below 1', () => {
    const literal = literalSeedFormula(1000n, [e('a', 100n, 8500n), e('b', 100n, 8500n)]);
    expect(literal.totalCents).toBe(850n);
    expect(literal.differenceCents).toBe(-150n);
  });

  it('has no point value when Σ basis is 0', () => {
    const literal = literalSeedFormula(500n, [e('a', 0n), e('b', -100n)]);
    expect(literal).toMatchObject({ pointValue: null, pointValueCents: null, totalCents: 0n });
    expect(literal.differenceCents).toBe(-500n);
    expect(asObject(literal.amounts)).toEqual({ a: 0n, b: 0n });
  });

  it('with every coefficient 1 misses the pool by rounding only', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        fc.array(fc.bigInt({ min: 1n, max: 10n ** 5n }), { minLength: 1, maxLength: 20 }),
        (pool, bases) => {
          const literal = literalSeedFormula(
            pool,
            bases.map((b, i) => e(`p${i}`, b)),
          );
          // Each amount is rounded on its own: at most half a cent off per person.
          const diff =
            literal.differenceCents < 0n ? -literal.differenceCents : literal.differenceCents;
          expect(2n * diff <= BigInt(bases.length)).toBe(true);
        },
      ),
    );
  });
});

describe(bonusTable, () => {
  const rules: BonusRules = {
    coefficients: { byRank: { zhengke: '2.0', shiye: '0.85' }, default: '1' },
    basis: 'total',
    rounding: 'largest-remainder',
  };
  const org = testOrg([
    person('a', 'town-a', { rank: 'zhengke' }),
    person('b', 'section-a1', { rank: 'shiye' }),
    person('c', 'town-a'),
    person('d', 'dept-c'),
  ]);
  const sheet = sheetOf([
    ['a', 'town-a', '120.00', '60.00'],
    ['b', 'section-a1', '20.00', '20.00'],
    ['c', 'town-a', '25.00', '20.00'],
    ['d', 'dept-c', '10.00', '10.00'],
    ['x', 'town-b', '50.00', '50.00'],
  ]);

  it('splits each unit pool by basis × coefficient with the literal formula beside it', () => {
    const tables = bonusTable(sheet, org, rules, new Map([['town-a', 1_000_000n]]));
    expect(tables).toHaveLength(1);
    const [town] = tables;
    // weights a 60 × 2 = 120, c 20 × 1 = 20, b 20 × 0.85 = 17 → Σ 157; c has the largest remainder.
    expect(town!.rows).toEqual([
      {
        personId: 'a',
        basis: '60.00',
        coefficient: '2.0000',
        cents: 764_331n,
        literalCents: 1_200_000n,
      },
      {
        personId: 'c',
        basis: '20.00',
        coefficient: '1.0000',
        cents: 127_389n,
        literalCents: 200_000n,
      },
      {
        personId: 'b',
        basis: '20.00',
        coefficient: '0.8500',
        cents: 108_280n,
        literalCents: 170_000n,
      },
    ]);
    expect(town).toMatchObject({
      unitId: 'town-a',
      poolCents: 1_000_000n,
      allocatedCents: 1_000_000n,
      unallocatedCents: 0n,
      literal: { pointValueCents: '10000.00', totalCents: 1_570_000n, differenceCents: 570_000n },
    });
  });

  it('uses the index as basis when the rules say so', () => {
    const [town] = bonusTable(
      sheet,
      org,
      { ...rules, basis: 'index' },
      new Map([['town-a', 1650n]]),
    );
    // weights: a 120 × 2 = 240, b 20 × 0.85 = 17, c 25 × 1 = 25 → Σ 282
    expect(Object.fromEntries(town!.rows.map((r) => [r.personId, r.cents]))).toEqual({
      a: 1404n,
      b: 100n,
      c: 146n,
    });
  });

  it('reports a pool with nobody to pay as unallocated, and skips units without a pool', () => {
    const tables = bonusTable(
      sheet,
      org,
      rules,
      new Map([
        ['county', 700n],
        ['dept-c', 0n],
      ]),
    );
    expect(tables.map((t) => [t.unitId, t.allocatedCents, t.unallocatedCents])).toEqual([
      ['county', 0n, 700n],
      ['dept-c', 0n, 0n],
    ]);
  });

  it('uses the default coefficient for a person missing from the org', () => {
    const [b] = bonusTable(sheet, org, rules, new Map([['town-b', 100n]]));
    expect(b!.rows).toEqual([
      { personId: 'x', basis: '50.00', coefficient: '1.0000', cents: 100n, literalCents: 100n },
    ]);
  });
});
