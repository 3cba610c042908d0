export { buildApp, registerRouteModule, JSON_BODY_LIMIT, UPLOAD_LIMIT } from './app.ts';
export type { AppDeps, AccessRule, ServiceContext, Auth } from './context.ts';
export { systemContext } from './context.ts';
export { AppError, statusOf } from './errors.ts';
export { hashPassword, verifyPassword } from './security/password-hash.ts';
export { createAccount } from './services/account.service.ts';
export { transferPerson } from './services/people.service.ts';
export {
  importOrgAndPeople,
  importWorkbook,
  parseImportWorkbook,
  buildImportTemplate,
  buildPeopleExport,
} from './services/import.service.ts';
export { createScheme, createSchemeFromTemplate } from './services/scheme.service.ts';
export { createPeriod, closePeriod, reopenPeriod } from './services/period.service.ts';
export { recordFact, importFactWorkbook } from './services/fact.service.ts';
export { recomputePeriod, dropWorkingSet } from './services/recompute.service.ts';
export { setPool } from './services/result.service.ts';
export { createScheduler, runTenantTick, type Scheduler } from './services/scheduler.ts';
export { createDevClock, devClockRequested, type DevClock } from './routes/dev.routes.ts';
export { runLightTick, type LightTickResult } from './services/light-tick.service.ts';
export { listWindows, runSupervision } from './services/supervision.service.ts';
