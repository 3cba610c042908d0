/**
 * The annual result composed from the year's other periods (`Composition` of kind `weighted`):
 * per assessment kind the mean over the periods a person was scored in, then the weighted mean
 * of those means, computed as one exact fraction and rounded once to 0.01.
 */
import {
  divRound,
  formatPoints,
  formatScaled,
  parseScaled,
  RATIO_SCALE,
  toPoints,
} from '../assessment/decimal.ts';
import type {
  AssessmentKind,
  Composition,
  Decimal,
  PersonScore,
  ScoreSheet,
} from '../assessment/types.ts';
import { gcd } from './bonus.ts';
import { compareIds } from './ranking.ts';
import type { AnnualPart, AnnualPerson } from './types.ts';

type Measure = 'index' | 'total' | 'common' | 'individual';
const measures: readonly Measure[] = ['index', 'total', 'common', 'individual'];

interface KindSums {
  periods: number;
  sums: Record<Measure, bigint>;
}

interface Accumulator {
  unitId: string;
  coefficient: Decimal;
  byKind: Map<AssessmentKind, KindSums>;
}

/** Σ w_k × mean_k / Σ w_k over the present kinds, as one fraction rounded once to 0.01. */
function weightedMean(
  present: readonly { weight: bigint; kind: KindSums }[],
  measure: Measure,
): bigint {
  let common = 1n;
  for (const { kind } of present) {
    const c = BigInt(kind.periods);
    common = (common * c) / gcd(common, c);
  }
  let numerator = 0n;
  let weights = 0n;
  for (const { weight, kind } of present) {
    numerator += weight * kind.sums[measure] * (common / BigInt(kind.periods));
    weights += weight;
  }
  return divRound(numerator, common * weights);
}

/**
 * Compose the annual result from the year's scored periods (`parts`, in chronological order)
 * under a `weighted` composition. Per person and assessment kind: the mean over the kind's
 * periods the person was scored in. Then the weighted mean of those means. A person missing
 * from a kind (e.g. joined after the special assessment) has that kind's weight spread over the
 * kinds they do have (renormalised) and the kind listed in `missing`; people with no weighted
 * kind at all are left out. Kinds the composition does not list do not count. Index, total,
 * common and individual are composed alike; unit and coefficient come from the latest part.
 * @throws RangeError for a `facts` composition, a negative weight or a malformed decimal.
 */
export function composeAnnual(
  composition: Composition,
  parts: readonly { readonly assessment: AssessmentKind; readonly sheet: ScoreSheet }[],
): AnnualPerson[] {
  if (composition.kind !== 'weighted') {
    throw new RangeError('a facts composition scores the year directly: nothing to compose');
  }
  const weights = new Map<AssessmentKind, bigint>();
  for (const part of composition.parts) {
    const weight = parseScaled(part.weight, RATIO_SCALE);
    if (weight < 0n) throw new RangeError(`negative weight for ${part.assessment}`);
    weights.set(part.assessment, (weights.get(part.assessment) ?? 0n) + weight);
  }
  const people = new Map<string, Accumulator>();
  const add = (kind: AssessmentKind, score: PersonScore): void => {
    let acc = people.get(score.personId);
    if (!acc) {
      acc = { unitId: score.unitId, coefficient: score.coefficient, byKind: new Map() };
      people.set(score.personId, acc);
    }
    acc.unitId = score.unitId;
    acc.coefficient = score.coefficient;
    let sums = acc.byKind.get(kind);
    if (!sums) {
      sums = { periods: 0, sums: { index: 0n, total: 0n, common: 0n, individual: 0n } };
      acc.byKind.set(kind, sums);
    }
    sums.periods += 1;
    for (const m of measures) sums.sums[m] += toPoints(score[m]);
  };
  for (const { assessment, sheet } of parts) {
    if (!weights.has(assessment)) continue;
    for (const score of sheet.people) add(assessment, score);
  }
  const result: AnnualPerson[] = [];
  for (const [personId, acc] of people) {
    const present = [...weights]
      .filter(([kind, weight]) => weight > 0n && acc.byKind.has(kind))
      .map(([kind, weight]) => ({ assessment: kind, weight, kind: acc.byKind.get(kind)! }));
    if (present.length === 0) continue;
    const composed = (m: Measure): Decimal => formatPoints(weightedMean(present, m));
    const annualParts: AnnualPart[] = present.map(({ assessment, weight, kind }) => ({
      assessment,
      weight: formatScaled(weight, RATIO_SCALE),
      periods: kind.periods,
      meanIndex: formatPoints(divRound(kind.sums.index, BigInt(kind.periods))),
      meanTotal: formatPoints(divRound(kind.sums.total, BigInt(kind.periods))),
    }));
    result.push({
      personId,
      unitId: acc.unitId,
      index: composed('index'),
      total: composed('total'),
      common: composed('common'),
      individual: composed('individual'),
      coefficient: acc.coefficient,
      parts: annualParts,
      missing: [...weights]
        .filter(([kind, weight]) => weight > 0n && !acc.byKind.has(kind))
        .map(([kind]) => kind),
    });
  }
  return result.sort((a, b) => compareIds(a.personId, b.personId));
}

/**
 * A score sheet carrying the composed annual results, so rankings, grades, bonus and signals
 * run on the year exactly as on any period. Nodes are empty: the breakdown lives in the parts.
 */
export function annualScoreSheet(
  annual: readonly AnnualPerson[],
  meta: { readonly schemeKey: string; readonly schemeVersion: number; readonly periodId: string },
): ScoreSheet {
  return {
    ...meta,
    people: annual.map((p) => ({
      personId: p.personId,
      unitId: p.unitId,
      common: p.common,
      individual: p.individual,
      total: p.total,
      coefficient: p.coefficient,
      index: p.index,
      nodes: [],
    })),
    warnings: [],
  };
}
