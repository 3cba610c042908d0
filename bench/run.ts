/**
 * `npm run bench`: the performance goals, measured on this machine. Foundation: (a) the
 * people list of the demo county against a bare Fastify route, (b) cold starts. Assessment
 * engine (scenarios/assessment-engine.ts): recompute, single fact, ingestion, memory on a
 * generated county-year. Work platform (scenarios/work.ts): lights tick vs plain read, My work
 * under load. `BENCH_ONLY=foundation|assessment|work` runs one part. Results are
 * printed as a table and written to bench/results/latest.json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD, DEMO_TENANT_CODE } from '@tianheng/cli';
import { freePort, repoRoot, spawnNode, waitForOk, type ChildRun } from '@tianheng/cli/testing';
import { runAssessmentBench, sizesFromEnv } from './scenarios/assessment-engine.ts';
import { measureStart } from './scenarios/cold-start.ts';
import { load, signIn, type LoadResult } from './scenarios/throughput.ts';
import { runWorkBench, workSizesFromEnv } from './scenarios/work.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 100);
const warmupSeconds = Math.min(3, seconds);

/** The goals (see bench/README.md). */
const goals = { throughputRatio: 0.5, p99Ms: 20, startMs: 10_000 } as const;

interface Check {
  readonly name: string;
  readonly value: string;
  readonly goal: string;
  readonly pass: boolean;
}

function log(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Build the web app once if it is missing: `npm start` serves it, so the start includes it. */
function ensureWebBuilt(): boolean {
  if (existsSync(join(repoRoot, 'packages/web/dist/index.html'))) return true;
  log('packages/web/dist is missing: running npm run build:web …');
  const build = spawnSync('npm', ['run', 'build:web'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) log('web build failed: measuring with the API only');
  return build.status === 0;
}

/** Wait until a child prints `text` on stdout; returns the milliseconds waited. */
async function waitForOutput(run: ChildRun, text: string, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (!run.stdout().includes(text)) {
    if (run.child.exitCode !== null) throw new Error(`server exited: ${run.stderr()}`);
    if (performance.now() - started > timeoutMs)
      throw new Error(`no "${text}" within ${timeoutMs} ms:\n${run.stdout()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return performance.now() - started;
}

function printTable(rows: readonly (readonly string[])[]): void {
  const width = (s: string) =>
    [...s].reduce((w, ch) => w + (/\p{Script=Han}/u.test(ch) ? 2 : 1), 0);
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => width(r[i] ?? '')))) ?? [];
  for (const [n, row] of rows.entries()) {
    log(row.map((cell, i) => cell + ' '.repeat((widths[i] ?? 0) - width(cell))).join('  │  '));
    if (n === 0) log(widths.map((w) => '─'.repeat(w)).join('──┼──'));
  }
}

/** The foundation's scenarios: what they measured and their checks (tables already printed). */
interface Part {
  readonly report: Record<string, unknown>;
  readonly checks: readonly Check[];
}

async function foundation(): Promise<Part> {
  const webBuilt = ensureWebBuilt();
  const dataDir = await mkdtemp(join(tmpdir(), 'tianheng-bench-'));
  const barePort = await freePort();
  const bare = spawnNode('bench/scenarios/bare-server.ts', [String(barePort)], process.env);
  try {
    log('(b) first start on an empty data directory (migrate + load the demo county) …');
    const first = await measureStart(dataDir);
    // The demo year's past periods are closed in the background after the start; let that
    // finish here so it does not run under the load measurements of the second server.
    log('    waiting for the demo year’s past periods to close …');
    const closingMs = await waitForOutput(first.run, 'past periods', 300_000);
    log(`    closed ${(closingMs / 1000).toFixed(1)} s after the server answered`);
    const firstExit = await first.run.stop();
    if (firstExit !== 0)
      throw new Error(`first server exited with ${firstExit}: ${first.run.stderr()}`);

    log('(b) cold start on the existing demo data directory …');
    const warm = await measureStart(dataDir);
    try {
      const bareUrl = `http://127.0.0.1:${barePort}/hello`;
      await waitForOk(bareUrl, bare, 30_000);
      const cookie = await signIn(warm.baseUrl, {
        tenant: DEMO_TENANT_CODE,
        username: 'kaohe',
        password: DEMO_PASSWORD,
      });
      const peopleUrl = `${warm.baseUrl}/api/people?page=1&pageSize=20`;
      const probe = await fetch(peopleUrl, { headers: { cookie } });
      const body = (await probe.json()) as { total?: number; items?: unknown[] };
      if (!probe.ok || !body.items || body.items.length !== 20)
        throw new Error(
          `people list does not answer as expected: ${probe.status} ${JSON.stringify(body)}`,
        );
      const peopleTotal = body.total ?? 0;

      const headers = { cookie };
      log(`(a) warming up both servers for ${warmupSeconds} s …`);
      await load(bareUrl, { connections, seconds: warmupSeconds });
      await load(peopleUrl, { connections, seconds: warmupSeconds, headers });
      log(`(a) bare Fastify route, ${connections} connections, ${seconds} s …`);
      const bareResult = await load(bareUrl, { connections, seconds });
      log(
        `(a) GET /api/people (demo county, ${peopleTotal} people), ${connections} connections, ${seconds} s …`,
      );
      const peopleResult = await load(peopleUrl, { connections, seconds, headers });
      const warmExit = await warm.run.stop();
      if (warmExit !== 0) throw new Error(`server exited with ${warmExit}: ${warm.run.stderr()}`);

      const ratio = peopleResult.requestsPerSecond / bareResult.requestsPerSecond;
      const clean = (r: LoadResult) => r.errors === 0 && r.non2xx === 0;
      const checks: Check[] = [
        {
          name: 'people list throughput vs bare Fastify',
          value: `${(ratio * 100).toFixed(1)} %`,
          goal: `≥ ${goals.throughputRatio * 100} %`,
          pass: ratio >= goals.throughputRatio && clean(peopleResult),
        },
        {
          name: 'people list p99 latency',
          value: `${peopleResult.p99Ms} ms`,
          goal: `≤ ${goals.p99Ms} ms`,
          pass: peopleResult.p99Ms <= goals.p99Ms && clean(peopleResult),
        },
        {
          name: 'cold start, existing demo data',
          value: `${(warm.ms / 1000).toFixed(2)} s`,
          goal: `≤ ${goals.startMs / 1000} s`,
          pass: warm.ms <= goals.startMs,
        },
        {
          name: 'first start, empty data dir + demo load',
          value: `${(first.ms / 1000).toFixed(2)} s`,
          goal: `≤ ${goals.startMs / 1000} s`,
          pass: first.ms <= goals.startMs,
        },
      ];

      log('');
      printTable([
        ['load', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'errors', 'non-2xx'],
        ...(
          [
            ['bare Fastify {hello}', bareResult],
            ['GET /api/people', peopleResult],
          ] as const
        ).map(([name, r]) => [
          name,
          r.requestsPerSecond.toFixed(0),
          String(r.p50Ms),
          String(r.p99Ms),
          String(r.total),
          String(r.errors),
          String(r.non2xx),
        ]),
      ]);
      return {
        report: {
          settings: { connections, seconds, warmupSeconds, database: 'pglite', webBuilt },
          peopleTotal,
          bare: bareResult,
          people: peopleResult,
          throughputRatio: ratio,
          start: { firstMs: first.ms, existingMs: warm.ms, demoClosingMs: closingMs },
        },
        checks,
      };
    } finally {
      await warm.run.stop();
    }
  } finally {
    await bare.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY;
  if (only !== undefined && !['foundation', 'assessment', 'work'].includes(only))
    throw new Error(`BENCH_ONLY must be foundation, assessment or work, not ${only}`);
  const checks: Check[] = [];
  const report: Record<string, unknown> = {
    at: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
  };
  if (only === undefined || only === 'foundation') {
    const part = await foundation();
    Object.assign(report, part.report);
    checks.push(...part.checks);
  }
  if (only === undefined || only === 'assessment') {
    const assessment = await runAssessmentBench(sizesFromEnv(process.env), log);
    report.assessment = assessment;
    checks.push(...assessment.checks);
  }
  if (only === undefined || only === 'work') {
    const work = await runWorkBench(workSizesFromEnv(process.env), log);
    report.work = work;
    checks.push(...work.checks);
  }
  report.checks = checks;
  log('');
  printTable([
    ['goal', 'measured', 'target', 'result'],
    ...checks.map((c) => [c.name, c.value, c.goal, c.pass ? 'PASS' : 'FAIL']),
  ]);
  const resultsDir = join(repoRoot, 'bench/results');
  await mkdir(resultsDir, { recursive: true });
  await writeFile(join(resultsDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  log('\nwritten to bench/results/latest.json');
  if (process.env.BENCH_STRICT === 'true' && checks.some((c) => !c.pass)) process.exitCode = 1;
}

await main();
