/**
 * Bonus allocation. Each assessment unit has a pool in cents; each person's share is
 * proportional to weight = basis (points, negative counts as 0) × bonus coefficient. Amounts
 * are whole cents that sum exactly to the pool by the largest-remainder (Hamilton) method.
 * Beside it, the seed's literal formula (point value = pool / Σ basis) shows what paying
 * points × point value × coefficient would cost, and by how much it misses the pool.
 */
import {
  divRound,
  formatPoints,
  formatScaled,
  parseScaled,
  pow10,
  RATIO_SCALE,
} from '../assessment/decimal.ts';
import type { BonusRules, OrgSnapshot, ScoreSheet } from '../assessment/types.ts';
import { compareIds, groupBy, scoredPeople, type ScoredPerson } from './ranking.ts';
import type { BonusEntry, BonusRow, LiteralFormula, UnitBonus } from './types.ts';

function checkEntries(poolCents: bigint, entries: readonly BonusEntry[]): void {
  if (poolCents < 0n) throw new RangeError(`negative bonus pool: ${poolCents}`);
  const ids = new Set<string>();
  for (const e of entries) {
    if (ids.has(e.id)) throw new RangeError(`duplicate id in bonus entries: ${e.id}`);
    if (e.coefficient < 0n) throw new RangeError(`negative bonus coefficient for ${e.id}`);
    ids.add(e.id);
  }
}

const positive = (basis: bigint): bigint => (basis > 0n ? basis : 0n);

/**
 * Split `poolCents` in whole cents proportionally to w = max(basis, 0) × coefficient (basis at
 * points scale 2, coefficient at scale 4). Each person first gets floor(pool × w / Σw); the
 * cents left over go one each to the largest remainders, ties by larger w, then by id. The
 * amounts sum exactly to the pool and each lies within one cent of its exact share. When Σw is
 * 0 (nobody has a positive weight) every amount is 0 and the pool stays unallocated.
 * @throws RangeError on a negative pool, a negative coefficient or a duplicate id.
 */
export function allocateBonus(
  poolCents: bigint,
  entries: readonly BonusEntry[],
): Map<string, bigint> {
  checkEntries(poolCents, entries);
  const weights = entries.map((e) => positive(e.basis) * e.coefficient);
  const total = weights.reduce((sum, w) => sum + w, 0n);
  const amounts = new Map<string, bigint>();
  if (total === 0n) {
    for (const e of entries) amounts.set(e.id, 0n);
    return amounts;
  }
  let allocated = 0n;
  const shares = entries.map((e, i) => {
    const product = poolCents * weights[i]!;
    const floor = product / total;
    allocated += floor;
    return { id: e.id, weight: weights[i]!, floor, remainder: product % total };
  });
  const leftover = Number(poolCents - allocated);
  const order = [...shares].sort(
    (a, b) =>
      (a.remainder > b.remainder ? -1 : a.remainder < b.remainder ? 1 : 0) ||
      (a.weight > b.weight ? -1 : a.weight < b.weight ? 1 : 0) ||
      compareIds(a.id, b.id),
  );
  const bumped = new Set(order.slice(0, leftover).map((s) => s.id));
  for (const s of shares) amounts.set(s.id, s.floor + (bumped.has(s.id) ? 1n : 0n));
  return amounts;
}

/** Greatest common divisor of two bigints (non-negative). */
export function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/**
 * The seed's literal formula: point value = pool / Σ basis (coefficients left out), and each
 * person gets point value × basis × coefficient, rounded half away from zero to the cent from
 * the exact point value. Because the coefficients are not in the divisor the total usually
 * misses the pool; `differenceCents` = total − pool (positive = over-spend). Negative bases
 * count as 0 as in `allocateBonus`.
 * @throws RangeError on a negative pool, a negative coefficient or a duplicate id.
 */
export function literalSeedFormula(
  poolCents: bigint,
  entries: readonly BonusEntry[],
): LiteralFormula {
  checkEntries(poolCents, entries);
  const basisSum = entries.reduce((sum, e) => sum + positive(e.basis), 0n);
  const amounts = new Map<string, bigint>();
  if (basisSum === 0n) {
    for (const e of entries) amounts.set(e.id, 0n);
    return {
      pointValue: null,
      pointValueCents: null,
      amounts,
      totalCents: 0n,
      differenceCents: -poolCents,
    };
  }
  // Basis is in hundredths of a point, so cents per point = pool × 100 / Σ basis.
  const numerator = poolCents * 100n;
  const divisor = gcd(numerator, basisSum) || 1n;
  const literalDivisor = basisSum * pow10(RATIO_SCALE);
  let totalCents = 0n;
  for (const e of entries) {
    const cents = divRound(poolCents * positive(e.basis) * e.coefficient, literalDivisor);
    amounts.set(e.id, cents);
    totalCents += cents;
  }
  return {
    pointValue: { numerator: numerator / divisor, denominator: basisSum / divisor },
    pointValueCents: formatScaled(divRound(numerator * 100n, basisSum), 2),
    amounts,
    totalCents,
    differenceCents: totalCents - poolCents,
  };
}

/** The bonus coefficient (scale 4) of a rank code under the rules. */
export function bonusCoefficient(rules: BonusRules, rankCode: string | undefined): bigint {
  const byRank = rules.coefficients.byRank;
  const text =
    rankCode !== undefined && Object.hasOwn(byRank, rankCode)
      ? byRank[rankCode]!
      : rules.coefficients.default;
  return parseScaled(text, RATIO_SCALE);
}

/** Bonus tables of already parsed people (see `bonusTable`). */
export function bonusScored(
  people: readonly ScoredPerson[],
  rules: BonusRules,
  pools: ReadonlyMap<string, bigint>,
): UnitBonus[] {
  const byUnit = groupBy(people, (p) => p.assessmentUnitId);
  const coefficients = new Map<string, bigint>();
  return [...pools]
    .sort(([a], [b]) => compareIds(a, b))
    .map(([unitId, poolCents]) => {
      const members = byUnit.get(unitId) ?? [];
      const entries: BonusEntry[] = members.map((p) => {
        const rankCode = p.person ? p.person.rank : '\u0000none';
        let coefficient = coefficients.get(rankCode);
        if (coefficient === undefined) {
          coefficient = bonusCoefficient(rules, p.person?.rank);
          coefficients.set(rankCode, coefficient);
        }
        return { id: p.personId, basis: rules.basis === 'index' ? p.index : p.total, coefficient };
      });
      const amounts = allocateBonus(poolCents, entries);
      const { amounts: literalAmounts, ...literal } = literalSeedFormula(poolCents, entries);
      const rows: BonusRow[] = entries.map((e) => ({
        personId: e.id,
        basis: formatPoints(positive(e.basis)),
        coefficient: formatScaled(e.coefficient, RATIO_SCALE),
        cents: amounts.get(e.id)!,
        literalCents: literalAmounts.get(e.id)!,
      }));
      rows.sort(
        (a, b) =>
          (a.cents > b.cents ? -1 : a.cents < b.cents ? 1 : 0) ||
          compareIds(a.personId, b.personId),
      );
      const allocatedCents = rows.reduce((sum, r) => sum + r.cents, 0n);
      return {
        unitId,
        poolCents,
        allocatedCents,
        unallocatedCents: poolCents - allocatedCents,
        literal,
        rows,
      };
    });
}

/**
 * One bonus table per pool (keyed by assessment unit id): the unit's scored people, their
 * basis (`rules.basis`: index or total), coefficient by rank code, largest-remainder amount and
 * the literal formula's amount, with the unit's totals. Units without a pool get no table.
 * @throws RangeError on a negative pool, a malformed decimal or a duplicate person.
 */
export function bonusTable(
  sheet: ScoreSheet,
  org: OrgSnapshot,
  rules: BonusRules,
  pools: ReadonlyMap<string, bigint>,
): UnitBonus[] {
  return bonusScored(scoredPeople(sheet, org), rules, pools);
}
