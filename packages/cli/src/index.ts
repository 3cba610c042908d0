export { createProgram } from './program.ts';
export { startServer, type RunningServer, type ServeOptions } from './commands/serve.ts';
export {
  generateDemoCounty,
  DEMO_PASSWORD,
  DEMO_TENANT_CODE,
  type DemoCounty,
  type DemoAccount,
  type DemoPastPost,
} from './demo/demo-county.ts';
export { ensureDemoCounty, loadDemoCounty } from './demo/load-demo.ts';
export { mulberry32, type Prng } from './demo/prng.ts';
export { planWorkYear, type DemoWorkYear, type WorkYearOptions } from './demo/work-year.ts';
export { loadWorkYear, type WorkLoadSummary } from './demo/work-load.ts';
export {
  leafApplies,
  personLeafFacts,
  methodLeaves,
  villageFacts,
  type FactDraft,
  type FactPeriod,
  type FactPerson,
  type GenerateOptions,
} from './demo/assessment-facts.ts';
