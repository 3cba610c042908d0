/**
 * One step of the work benchmark (issue 4), in a process of its own so memory and caches of one
 * step do not leak into the next:
 * - `build`: a fresh PGlite with the demo county's org and a generated work year of `tasks`
 *   tasks × `steps` steps (the demo's generator without history), bulk-loaded;
 * - `tick`: a plain read of the steps' columns the lights tick reads vs a full lights tick
 *   (`runLightTick`, the scheduler's) with the clock advanced one day, in the same process.
 *
 *   node --import tsx bench/scenarios/work-worker.ts <step> <dataDir> [tasks steps]
 *
 * Prints progress lines and, last, `RESULT <json>`.
 */
import {
  analyzeWorkTables,
  findTenantByCode,
  insertTenant,
  migrateToLatest,
  readStepColumnsPlain,
  workRowCounts,
} from '@tianheng/db';
import { importOrgAndPeople, runLightTick, systemContext } from '@tianheng/server';
import { generateDemoCounty, loadWorkYear, planWorkYear } from '@tianheng/cli';
import { openBenchDatabase } from './assessment-build.ts';

const log = (text: string): void => void process.stdout.write(`${text}\n`);
const result = (value: unknown): void => log(`RESULT ${JSON.stringify(value)}`);

/** The moment the bench pretends it is (the tick runs one day later). */
const NOW = new Date('2026-11-22T02:00:00.000Z');
const DAY_MS = 86_400_000;
const TENANT = { code: 'bench-work', name: '溪山县（工作基准）' };

async function build(dataDir: string, tasks: number, steps: number): Promise<void> {
  const { handle } = await openBenchDatabase(dataDir);
  try {
    await migrateToLatest(handle.db);
    const county = generateDemoCounty();
    const tenantId = (await insertTenant(handle.db, TENANT)).tenant_id;
    const ctx = systemContext(handle.db, tenantId, NOW, 'bench');
    await importOrgAndPeople(ctx, { units: county.units, people: county.people });
    let started = performance.now();
    const plan = planWorkYear(county, NOW, { tasks, stepsPerTask: steps, history: false });
    const planMs = performance.now() - started;
    log(
      `    planned ${plan.tasks.length} tasks, ${plan.steps.length} steps in ${(planMs / 1000).toFixed(1)} s`,
    );
    started = performance.now();
    await loadWorkYear(handle.db, tenantId, county, NOW, plan);
    await analyzeWorkTables(handle.db);
    const loadMs = performance.now() - started;
    const counts = await workRowCounts(handle.db, tenantId);
    log(
      `    loaded in ${(loadMs / 1000).toFixed(1)} s: ${counts.tables.task} tasks, ${counts.tables.step} steps, ${counts.tables.step_assignee} assignees; lights ${JSON.stringify(counts.lights)}`,
    );
    result({
      planMs,
      loadMs,
      tasks: counts.tables.task,
      steps: counts.tables.step,
      assignees: counts.tables.step_assignee,
      ...Object.fromEntries(Object.entries(counts.lights).map(([k, v]) => [`light_${k}`, v])),
    });
  } finally {
    await handle.close();
  }
}

async function tick(dataDir: string): Promise<void> {
  const { handle } = await openBenchDatabase(dataDir);
  try {
    const tenant = await findTenantByCode(handle.db, TENANT.code);
    if (!tenant)
      throw new Error(`no ${TENANT.code} tenant in ${dataDir}: run the build step first`);
    const tenantId = tenant.tenant_id;
    // Warm the caches once, then time the plain read three times (median).
    await readStepColumnsPlain(handle.db, tenantId);
    const reads: number[] = [];
    let rows = 0;
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      rows = await readStepColumnsPlain(handle.db, tenantId);
      reads.push(performance.now() - started);
    }
    reads.sort((a, b) => a - b);
    const readMs = reads[1] ?? 0;
    log(`    plain read of ${rows} steps' columns: ${readMs.toFixed(0)} ms (median of 3)`);
    const ctx = systemContext(handle.db, tenantId, new Date(NOW.getTime() + DAY_MS), 'bench');
    const started = performance.now();
    const ticked = await runLightTick(ctx);
    const tickMs = performance.now() - started;
    log(
      `    lights tick one day later: ${tickMs.toFixed(0)} ms, ${ticked.evaluated} evaluated, ${ticked.changed} changed`,
    );
    const again = performance.now();
    const idle = await runLightTick(ctx);
    const idleMs = performance.now() - again;
    log(
      `    the same tick again (nothing to change): ${idleMs.toFixed(0)} ms, ${idle.changed} changed`,
    );
    const usage = process.resourceUsage();
    result({
      rows,
      readMs,
      tickMs,
      ratio: tickMs / readMs,
      evaluated: ticked.evaluated,
      changed: ticked.changed,
      idleTickMs: idleMs,
      idleRatio: idleMs / readMs,
      maxRssBytes: usage.maxRSS * 1024,
    });
  } finally {
    await handle.close();
  }
}

const [step, dataDir, tasks, steps] = process.argv.slice(2);
if (dataDir === undefined)
  throw new Error('usage: work-worker.ts <build|tick> <dataDir> [tasks steps]');
if (step === 'build') await build(dataDir, Number(tasks ?? 20_000), Number(steps ?? 15));
else if (step === 'tick') await tick(dataDir);
else throw new Error(`unknown step ${step}`);
