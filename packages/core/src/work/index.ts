/** The work platform's rules (issue 4): pure functions over the types in `types.ts`. */
export * from './types.ts';
export * from './errors.ts';
export * from './time.ts';
export * from './lights.ts';
export * from './workflow.ts';
export * from './workload.ts';
export * from './cards.ts';
export * from './supervision.ts';
export * from './taskforce.ts';
