export * from './types.ts';
export {
  assessmentUnitKinds,
  assessmentUnitOf,
  rank,
  rankings,
  standings,
  type RankEntry,
  type Standing,
} from './ranking.ts';
export { audienceCovers, audienceUnitKinds, orgForScheme } from './audience.ts';
export { assignGrades, excellentQuota, type GradeTable } from './grades.ts';
export { allocateBonus, bonusCoefficient, bonusTable, literalSeedFormula } from './bonus.ts';
export { decideSignal, evaluateSignals } from './signals.ts';
export { annualScoreSheet, composeAnnual } from './annual.ts';
export { buildPeriodResults, type PeriodResultsOptions } from './period-results.ts';
export { LiveResults } from './live-results.ts';
