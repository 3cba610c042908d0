export * from './types.ts';
export * from './decimal.ts';
export * from './validate.ts';
export { schemeJsonSchema } from './json-schema.ts';
export { compareFacts, effectiveFacts, rankOf, score, showPoints } from './score.ts';
export type { ScoreOptions } from './score.ts';
export * from './recording.ts';
export * from './templates.ts';
