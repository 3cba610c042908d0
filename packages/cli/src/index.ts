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
