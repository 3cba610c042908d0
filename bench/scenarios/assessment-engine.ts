/**
 * The assessment engine's goals (issue 3) on a generated county-year in embedded PGlite:
 * (a) full recompute vs a plain read of the same facts, (b) one new fact → index and rank,
 * p99, (c) ingestion through the ledgered store vs a raw COPY of the same rows, (d) peak
 * memory of the recompute. Each step runs in its own process (`assessment-worker.ts`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnNode } from '@tianheng/cli/testing';

/** Sizes of the run; the by default, smaller through the environment for quick runs. */
export interface AssessmentSizes {
  readonly people: number;
  readonly facts: number;
  readonly chunk: number;
  readonly writes: number;
}

/** Sizes from `BENCH_PEOPLE`, `BENCH_FACTS`, `BENCH_CHUNK`, `BENCH_WRITES`. */
export function sizesFromEnv(env: NodeJS.ProcessEnv): AssessmentSizes {
  const n = (name: string, fallback: number): number => {
    const value = Number(env[name] ?? fallback);
    if (!Number.isInteger(value) || value <= 0)
      throw new Error(`${name} must be a positive integer`);
    return value;
  };
  return {
    people: n('BENCH_PEOPLE', 3000),
    facts: n('BENCH_FACTS', 1_000_000),
    chunk: n('BENCH_CHUNK', 10_000),
    writes: n('BENCH_WRITES', 200),
  };
}

/** The goals (bench/README.md). */
export const assessmentGoals = {
  recomputeRatio: 1.5,
  incrementalP99Ms: 20,
  ingestShare: 0.25,
} as const;

/** One goal's outcome, as the bench's table shows it. */
export interface AssessmentCheck {
  readonly name: string;
  readonly value: string;
  readonly goal: string;
  readonly pass: boolean;
}

/** Everything the steps reported. */
export interface AssessmentReport {
  readonly sizes: AssessmentSizes;
  readonly ingest: Record<string, number>;
  readonly recompute: Record<string, number>;
  readonly memory: Record<string, number>;
  readonly incremental: Record<string, number>;
  readonly checks: readonly AssessmentCheck[];
}

async function step(
  name: string,
  dataDir: string,
  sizes: AssessmentSizes,
  log: (text: string) => void,
): Promise<Record<string, number>> {
  const run = spawnNode(
    'bench/scenarios/assessment-worker.ts',
    [
      name,
      dataDir,
      String(sizes.people),
      String(sizes.facts),
      String(sizes.chunk),
      String(sizes.writes),
    ],
    {
      ...process.env,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=8192`.trim(),
    },
  );
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
    throw new Error(`assessment step ${name} failed (exit ${code}):\n${run.stderr()}`);
  return JSON.parse(last.slice('RESULT '.length)) as Record<string, number>;
}

const mb = (bytes: number | undefined): string => `${((bytes ?? 0) / 1024 / 1024).toFixed(0)} MB`;

/** Build the county-year in a fresh data directory and run every step. */
export async function runAssessmentBench(
  sizes: AssessmentSizes,
  log: (text: string) => void,
): Promise<AssessmentReport> {
  const dir = await mkdtemp(join(tmpdir(), 'tianheng-bench-assessment-'));
  const dataDir = join(dir, 'data');
  try {
    log(
      `(c) county-year: ${sizes.people} people, ${sizes.facts} facts; appendFacts vs COPY, chunks of ${sizes.chunk} …`,
    );
    const ingest = await step('build', dataDir, sizes, log);
    log('(a) plain read vs full recompute of every period …');
    const recompute = await step('recompute', dataDir, sizes, log);
    log('(d) peak memory of a full recompute (own process) …');
    const memory = await step('memory', dataDir, sizes, log);
    log(`(b) ${sizes.writes} single facts through the service, each updating index and rank …`);
    const incremental = await step('incremental', dataDir, sizes, log);
    const checks: AssessmentCheck[] = [
      {
        name: 'full recompute vs plain read of the same facts',
        value: `${(recompute.ratio ?? 0).toFixed(2)}× (${((recompute.recomputeMs ?? 0) / 1000).toFixed(1)} s vs ${((recompute.readMs ?? 0) / 1000).toFixed(1)} s)`,
        goal: `≤ ${assessmentGoals.recomputeRatio}×`,
        pass: (recompute.ratio ?? Infinity) <= assessmentGoals.recomputeRatio,
      },
      {
        name: 'one new fact → index and rank, p99',
        value: `${(incremental.p99Ms ?? 0).toFixed(1)} ms (p50 ${(incremental.p50Ms ?? 0).toFixed(1)})`,
        goal: `≤ ${assessmentGoals.incrementalP99Ms} ms`,
        pass:
          (incremental.p99Ms ?? Infinity) <= assessmentGoals.incrementalP99Ms &&
          incremental.withResult === incremental.writes,
      },
      {
        name: 'ingestion with ledger vs raw COPY into a fact-shaped table',
        value: `${((ingest.ratio ?? 0) * 100).toFixed(1)} % (${(ingest.appendRowsPerSecond ?? 0).toFixed(0)} vs ${(ingest.copyRowsPerSecond ?? 0).toFixed(0)} rows/s; ${((ingest.plainRatio ?? 0) * 100).toFixed(1)} % of COPY into an unindexed table)`,
        goal: `≥ ${assessmentGoals.ingestShare * 100} %`,
        pass: (ingest.ratio ?? 0) >= assessmentGoals.ingestShare,
      },
      {
        name: 'peak memory of the recompute (RSS / heap)',
        value: `${mb(memory.maxRssBytes)} / ${mb(memory.heapPeakBytes)}`,
        goal: 'reported',
        pass: true,
      },
    ];
    return { sizes, ingest, recompute, memory, incremental, checks };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
