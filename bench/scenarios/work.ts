/**
 * The work platform's goals (issue 4): (a) a scheduler lights tick over 20,000 tasks / 300,000
 * steps vs a plain read of the same steps' columns (own processes, `work-worker.ts`); (b) "My
 * work" of a busy person (≈ 50 open steps) on the real demo server under 100 connections: p99
 * and throughput as a ratio to a bare Fastify route measured in the same run, and the server's
 * peak memory.
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD, DEMO_TENANT_CODE } from '@tianheng/cli';
import { freePort, spawnNode, waitForOk, type ChildRun } from '@tianheng/cli/testing';
import { measureStart } from './cold-start.ts';
import { load, signIn, type LoadResult } from './throughput.ts';

/** Sizes of the run; the by default, smaller through the environment for quick runs. */
export interface WorkSizes {
  readonly tasks: number;
  readonly stepsPerTask: number;
  /** Open steps the busy person of (b) has. */
  readonly busySteps: number;
  readonly connections: number;
  readonly seconds: number;
}

/** Sizes from `BENCH_WORK_TASKS`, `BENCH_WORK_STEPS`, `BENCH_WORK_BUSY`, `BENCH_CONNECTIONS`, `BENCH_SECONDS`. */
export function workSizesFromEnv(env: NodeJS.ProcessEnv): WorkSizes {
  const n = (name: string, fallback: number): number => {
    const value = Number(env[name] ?? fallback);
    if (!Number.isInteger(value) || value <= 0)
      throw new Error(`${name} must be a positive integer`);
    return value;
  };
  return {
    tasks: n('BENCH_WORK_TASKS', 20_000),
    stepsPerTask: n('BENCH_WORK_STEPS', 15),
    busySteps: n('BENCH_WORK_BUSY', 50),
    connections: n('BENCH_CONNECTIONS', 100),
    seconds: n('BENCH_SECONDS', 10),
  };
}

/** The goals (bench/README.md). */
export const workGoals = { tickRatio: 2, myWorkP99Ms: 20 } as const;

export interface WorkCheck {
  readonly name: string;
  readonly value: string;
  readonly goal: string;
  readonly pass: boolean;
}

export interface WorkReport {
  readonly sizes: WorkSizes;
  readonly build: Record<string, number>;
  readonly tick: Record<string, number>;
  readonly myWork: {
    readonly openSteps: number;
    readonly added: number;
    readonly bare: LoadResult;
    readonly myWork: LoadResult;
    readonly ratio: number;
    /** Peak over the server's life (`VmHWM`): the demo load and the closing of periods included. */
    readonly serverPeakRssBytes: number;
    /** Resident memory right after the My work load (`VmRSS`). */
    readonly serverRssBytes: number;
    /** First start of the demo server (migrate, load the county and its year of work, listen). */
    readonly firstStartMs: number;
  };
  readonly checks: readonly WorkCheck[];
}

async function step(
  name: string,
  args: readonly string[],
  log: (text: string) => void,
): Promise<Record<string, number>> {
  const run = spawnNode('bench/scenarios/work-worker.ts', [name, ...args], {
    ...process.env,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=8192`.trim(),
  });
  let shown = 0;
  const timer = setInterval(() => {
    const lines = run.stdout().split('\n');
    for (const line of lines.slice(shown, -1)) if (!line.startsWith('RESULT ')) log(line);
    shown = Math.max(shown, lines.length - 1);
  }, 500);
  const code = await run.exited.finally(() => clearInterval(timer));
  const lines = run.stdout().split('\n');
  for (const line of lines.slice(shown)) if (line !== '' && !line.startsWith('RESULT ')) log(line);
  const last = lines.find((l) => l.startsWith('RESULT '));
  if (code !== 0 || !last)
    throw new Error(`work step ${name} failed (exit ${code}):\n${run.stderr()}`);
  return JSON.parse(last.slice('RESULT '.length)) as Record<string, number>;
}

/** Wait until a child prints `text` on stdout. */
async function waitForOutput(run: ChildRun, text: string, timeoutMs: number): Promise<void> {
  const started = performance.now();
  while (!run.stdout().includes(text)) {
    if (run.child.exitCode !== null) throw new Error(`server exited: ${run.stderr()}`);
    if (performance.now() - started > timeoutMs)
      throw new Error(`no "${text}" within ${timeoutMs} ms:\n${run.stdout()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Resident memory of a process from Linux `/proc/<pid>/status`: `VmHWM` (the peak over its
 * whole life) or `VmRSS` (now), in bytes.
 */
async function rss(pid: number | undefined, field: 'VmHWM' | 'VmRSS'): Promise<number> {
  if (pid === undefined) throw new Error('the server has no pid');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1];
  if (kb === undefined) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(kb) * 1024;
}

interface MyWork {
  todo: { stepId: string; taskId: string }[];
  dueSoon: { stepId: string; taskId: string }[];
  overdue: { stepId: string; taskId: string }[];
  review: { stepId: string; taskId: string }[];
}

async function getJson<T>(url: string, cookie: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(url, {
    ...init,
    headers: { cookie, 'content-type': 'application/json', ...(init.headers ?? {}) },
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

const openCount = (w: MyWork): number =>
  w.todo.length + w.dueSoon.length + w.overdue.length + w.review.length;

/**
 * Make the demo cadre (`ganbu`) a busy person: the town's leader (`lingdao`) hands them one-step
 * tasks through the API until their My work holds `target` open steps.
 */
async function makeBusy(
  baseUrl: string,
  ganbu: string,
  lingdao: string,
  target: number,
): Promise<{ openSteps: number; added: number }> {
  const mine = await getJson<MyWork>(`${baseUrl}/api/work/my`, ganbu);
  const sample = [...mine.todo, ...mine.dueSoon, ...mine.overdue][0];
  if (!sample) throw new Error('the demo cadre has no open step to start from');
  const detail = await getJson<{
    task: { categoryId: string; responsibleUnitId: string };
    steps: { id: string; assignees: { role: string; personId: string }[] }[];
  }>(`${baseUrl}/api/work/tasks/${sample.taskId}`, lingdao);
  const personId = detail.steps
    .find((s) => s.id === sample.stepId)
    ?.assignees.find((a) => a.role === 'handler')?.personId;
  if (!personId) throw new Error('no handler on the cadre’s step');
  const day = (offset: number) =>
    new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
  const missing = Math.max(0, target - openCount(mine));
  for (let i = 0; i < missing; i++) {
    const end = day((i % 24) - 4);
    await getJson(`${baseUrl}/api/work/tasks`, lingdao, {
      method: 'POST',
      body: JSON.stringify({
        categoryId: detail.task.categoryId,
        title: `群众来信办理（基准 ${i + 1}）`,
        responsibleUnitId: detail.task.responsibleUnitId,
        startsOn: day(-6),
        dueOn: day(30),
        steps: [
          {
            seq: 1,
            name: '研究办理',
            plannedStart: day(-6),
            plannedEnd: end < day(-6) ? day(-6) : end,
            points: '2.00',
            tags: [],
            reviewRequired: false,
            assignees: [{ role: 'handler', personId }],
          },
        ],
      }),
    });
  }
  const after = await getJson<MyWork>(`${baseUrl}/api/work/my`, ganbu);
  return { openSteps: openCount(after), added: missing };
}

/** (b): the real demo server, the busy cadre's My work vs the bare route. */
async function myWorkLoad(
  sizes: WorkSizes,
  log: (text: string) => void,
): Promise<WorkReport['myWork']> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tianheng-bench-work-'));
  const barePort = await freePort();
  const bare = spawnNode('bench/scenarios/bare-server.ts', [String(barePort)], process.env);
  try {
    log('(b) starting the demo server (first start) and waiting for its background work …');
    const server = await measureStart(dataDir);
    log(
      `    first start (demo county with its work year) answered after ${(server.ms / 1000).toFixed(1)} s`,
    );
    try {
      await waitForOutput(server.run, 'past periods', 600_000);
      const bareUrl = `http://127.0.0.1:${barePort}/hello`;
      await waitForOk(bareUrl, bare, 30_000);
      const credentials = (username: string) => ({
        tenant: DEMO_TENANT_CODE,
        username,
        password: DEMO_PASSWORD,
      });
      const ganbu = await signIn(server.baseUrl, credentials('ganbu'));
      const lingdao = await signIn(server.baseUrl, credentials('lingdao'));
      const busy = await makeBusy(server.baseUrl, ganbu, lingdao, sizes.busySteps);
      log(`    the cadre has ${busy.openSteps} open steps in My work (${busy.added} added)`);
      const myUrl = `${server.baseUrl}/api/work/my`;
      const headers = { cookie: ganbu };
      const warm = Math.min(3, sizes.seconds);
      log(`(b) warming up both servers for ${warm} s …`);
      await load(bareUrl, { connections: sizes.connections, seconds: warm });
      await load(myUrl, { connections: sizes.connections, seconds: warm, headers });
      log(`(b) bare Fastify route, ${sizes.connections} connections, ${sizes.seconds} s …`);
      const bareResult = await load(bareUrl, {
        connections: sizes.connections,
        seconds: sizes.seconds,
      });
      log(`(b) GET /api/work/my, ${sizes.connections} connections, ${sizes.seconds} s …`);
      const myResult = await load(myUrl, {
        connections: sizes.connections,
        seconds: sizes.seconds,
        headers,
      });
      const serverPeakRssBytes = await rss(server.run.child.pid, 'VmHWM');
      const serverRssBytes = await rss(server.run.child.pid, 'VmRSS');
      log(
        `    bare ${bareResult.requestsPerSecond.toFixed(0)} req/s p99 ${bareResult.p99Ms} ms; my work ${myResult.requestsPerSecond.toFixed(0)} req/s p50 ${myResult.p50Ms} ms p99 ${myResult.p99Ms} ms; server RSS ${(serverRssBytes / 1024 / 1024).toFixed(0)} MB after the load, peak ${(serverPeakRssBytes / 1024 / 1024).toFixed(0)} MB over its life (demo load and closing included)`,
      );
      return {
        ...busy,
        bare: bareResult,
        myWork: myResult,
        ratio: myResult.requestsPerSecond / bareResult.requestsPerSecond,
        serverPeakRssBytes,
        serverRssBytes,
        firstStartMs: server.ms,
      };
    } finally {
      await server.run.stop();
    }
  } finally {
    await bare.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const mb = (bytes: number | undefined): string => `${((bytes ?? 0) / 1024 / 1024).toFixed(0)} MB`;

/** Run (a) and (b). */
export async function runWorkBench(
  sizes: WorkSizes,
  log: (text: string) => void,
): Promise<WorkReport> {
  const dir = await mkdtemp(join(tmpdir(), 'tianheng-bench-work-tick-'));
  const dataDir = join(dir, 'data');
  let build: Record<string, number>;
  let tick: Record<string, number>;
  try {
    log(
      `(a) work year: ${sizes.tasks} tasks × ${sizes.stepsPerTask} steps generated into a fresh PGlite …`,
    );
    build = await step('build', [dataDir, String(sizes.tasks), String(sizes.stepsPerTask)], log);
    log('(a) plain read of the steps vs a full lights tick one day later …');
    tick = await step('tick', [dataDir], log);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const myWork = await myWorkLoad(sizes, log);
  const clean = myWork.myWork.errors === 0 && myWork.myWork.non2xx === 0;
  const checks: WorkCheck[] = [
    {
      name: 'lights tick vs plain read of the same steps',
      value: `${(tick.ratio ?? 0).toFixed(2)}× (${((tick.tickMs ?? 0) / 1000).toFixed(2)} s vs ${((tick.readMs ?? 0) / 1000).toFixed(2)} s; ${tick.evaluated ?? 0} evaluated of ${build.steps ?? 0}, ${tick.changed ?? 0} changed)`,
      goal: `≤ ${workGoals.tickRatio}×`,
      pass: (tick.ratio ?? Infinity) <= workGoals.tickRatio,
    },
    {
      name: `My work (${myWork.openSteps} open steps) p99`,
      value: `${myWork.myWork.p99Ms} ms (p50 ${myWork.myWork.p50Ms})`,
      goal: `≤ ${workGoals.myWorkP99Ms} ms`,
      pass: myWork.myWork.p99Ms <= workGoals.myWorkP99Ms && clean,
    },
    {
      name: 'My work throughput vs bare Fastify',
      value: `${(myWork.ratio * 100).toFixed(1)} % (${myWork.myWork.requestsPerSecond.toFixed(0)} vs ${myWork.bare.requestsPerSecond.toFixed(0)} req/s)`,
      goal: 'reported',
      pass: clean,
    },
    {
      name: 'memory: server after the My work load (peak over its life) / tick process peak',
      value: `${mb(myWork.serverRssBytes)} (${mb(myWork.serverPeakRssBytes)}) / ${mb(tick.maxRssBytes)}`,
      goal: 'reported',
      pass: true,
    },
  ];
  return { sizes, build, tick, myWork, checks };
}
