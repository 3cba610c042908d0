/**
 * One entry point for a period's results: rankings, grades, bonus and signals from the score
 * sheet, the org snapshot and the scheme's result rules.
 */
import { formatPoints } from '../assessment/decimal.ts';
import type { OrgSnapshot, Scheme, ScoreSheet } from '../assessment/types.ts';
import { bonusScored } from './bonus.ts';
import { gradeScored } from './grades.ts';
import { compareIds, groupBy, rankScored, scoredPeople } from './ranking.ts';
import { evaluateSignals } from './signals.ts';
import type { BonusRow, PeriodRanking, PeriodResults, PersonResult, UnitResult } from './types.ts';

/** What the caller supplies beyond the scheme, sheet and org. */
export interface PeriodResultsOptions {
  /** Bonus pool in cents per assessment unit id; units without one get no bonus. */
  readonly pools: ReadonlyMap<string, bigint>;
  /** Rankings of earlier periods of the same kind, newest first (for streak rules). */
  readonly history: readonly PeriodRanking[];
}

/**
 * Rankings (by index, under the scheme's tie rule), grades, bonus (largest remainder beside the
 * seed's literal formula) and signals for one period, ready to show and to store. Pure; the
 * returned `ranking` is what later periods pass back as history.
 * @throws RangeError on a duplicate person, a malformed decimal, a negative pool or an invalid rule.
 */
export function buildPeriodResults(
  scheme: Scheme,
  sheet: ScoreSheet,
  org: OrgSnapshot,
  options: PeriodResultsOptions,
): PeriodResults {
  const rules = scheme.results;
  const people = scoredPeople(sheet, org);
  const ranking = rankScored(sheet.periodId, people, rules.tieRule);
  const grades = gradeScored(people, rules.grades);
  const bonus = bonusScored(people, rules.bonus, options.pools);
  const signals = evaluateSignals(rules.signals, ranking, options.history);

  const rows = new Map<string, BonusRow>();
  for (const unit of bonus) for (const row of unit.rows) rows.set(row.personId, row);
  const byId = new Map(people.map((p) => [p.personId, p]));
  const personResults: PersonResult[] = ranking.people.map((ranks) => {
    const p = byId.get(ranks.personId)!;
    const grade = grades.people.get(p.personId)!;
    const row = rows.get(p.personId);
    return {
      personId: p.personId,
      unitId: p.unitId,
      assessmentUnitId: p.assessmentUnitId,
      index: formatPoints(p.index),
      total: formatPoints(p.total),
      ranks,
      grade,
      boundaryTie: grade.boundaryTie,
      bonusCents: row ? row.cents : null,
      literalCents: row ? row.literalCents : null,
    };
  });

  const bonusByUnit = new Map(bonus.map((b) => [b.unitId, b]));
  const gradesByUnit = new Map(grades.units.map((g) => [g.unitId, g]));
  const headcounts = groupBy(people, (p) => p.assessmentUnitId);
  const unitIds = [...new Set([...gradesByUnit.keys(), ...bonusByUnit.keys()])].sort(compareIds);
  const units: UnitResult[] = unitIds.map((unitId) => {
    const headcount = headcounts.get(unitId)?.length ?? 0;
    const unitBonus = bonusByUnit.get(unitId);
    return {
      unitId,
      headcount,
      grades: gradesByUnit.get(unitId) ?? {
        unitId,
        headcount,
        quota: 0,
        excellent: 0,
        competent: 0,
        basic: 0,
        incompetent: 0,
        undecided: 0,
        placesLeft: 0,
      },
      bonus: unitBonus
        ? {
            unitId,
            poolCents: unitBonus.poolCents,
            allocatedCents: unitBonus.allocatedCents,
            unallocatedCents: unitBonus.unallocatedCents,
            literal: unitBonus.literal,
          }
        : null,
    };
  });

  return {
    periodId: sheet.periodId,
    schemeKey: sheet.schemeKey,
    schemeVersion: sheet.schemeVersion,
    tieRule: rules.tieRule,
    people: personResults,
    units,
    signals,
    ranking,
  };
}
