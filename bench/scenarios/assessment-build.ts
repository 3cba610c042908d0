/**
 * Build the county-year in an embedded database and measure (c) fact ingestion: every chunk
 * goes through `appendFacts` (the store: checks, insert, SHA-256 ledger chain, one
 * transaction) and the same rows are then loaded with a raw `COPY` into a table shaped like
 * `fact` (same keys, indexes and checks; no ledger, no store) — the goal's baseline, so the
 * ratio measures what the ledger and the store add — and into a plain table of the same columns
 * (no keys, no indexes), reported beside it. All rates come from the same run and rows.
 */
import type { PGlite } from '@electric-sql/pglite';
import { hTownship2021Scheme, type Period } from '@tianheng/core';
import {
  analyzeTables,
  appendFacts,
  createPeriod,
  createPGlite,
  fromPGlite,
  insertTenant,
  migrateToLatest,
  orgSnapshotAt,
  saveSchemeVersion,
  type DatabaseHandle,
} from '@tianheng/db';
import { importOrgAndPeople, systemContext } from '@tianheng/server';
import { countyYearFacts, generateBenchCounty, type BenchFact } from '../county-year.ts';

/** The year's periods as the bench creates them. */
export interface BenchPeriod extends Period {
  readonly kind: Period['kind'];
}

/** What the build measured. */
export interface IngestResult {
  readonly people: number;
  readonly facts: number;
  readonly chunk: number;
  /** appendFacts: total ms and rows per second. */
  readonly appendMs: number;
  readonly appendRowsPerSecond: number;
  /**
   * COPY of the same rows into a table shaped like `fact` (`LIKE fact INCLUDING ALL`: the same
   * keys, indexes and checks, no ledger): total ms (CSV encoding included) and rows per second.
   */
  readonly copyMs: number;
  readonly copyRowsPerSecond: number;
  /** appendFacts rate as a share of that COPY's: what the ledger and the store add. */
  readonly ratio: number;
  /** COPY into a plain table without any index, and appendFacts' share of it. */
  readonly plainCopyRowsPerSecond: number;
  readonly plainRatio: number;
  readonly buildMs: number;
}

/** Open (or create) a PGlite data directory, keeping the raw instance for COPY. */
export async function openBenchDatabase(
  dataDir: string,
): Promise<{ handle: DatabaseHandle; pglite: PGlite }> {
  const pglite = await createPGlite(dataDir);
  return { handle: fromPGlite(pglite, dataDir), pglite };
}

const COPY_TABLE = 'bench_fact_copy';
const PLAIN_COPY_TABLE = 'bench_fact_plain_copy';
const copyColumns =
  'tenant_id, fact_id, seq, period_id, subject_kind, subject_id, indicator, value, payload, source, evidence, recorded_by, recorded_at, supersedes';

const csvField = (value: string | null): string =>
  value === null ? '' : `"${value.replaceAll('"', '""')}"`;

/** The rows as CSV, the way a bulk loader would send them. */
function toCsv(tenantId: string, rows: readonly BenchFact[], seqFrom: number): string {
  let out = '';
  rows.forEach((f, i) => {
    out += `${[
      tenantId,
      f.id,
      String(seqFrom + i),
      f.periodId,
      f.subject.kind,
      f.subject.id,
      csvField(f.indicator),
      f.value ?? '',
      csvField(JSON.stringify(f.payload ?? {})),
      f.source,
      csvField(JSON.stringify(f.evidence ?? {})),
      f.recordedBy ?? '',
      f.recordedAt,
      f.supersedes ?? '',
    ].join(',')}\n`;
  });
  return out;
}

/** The 12 months, 4 quarters and the year 2026 (as `Period`s with the ids the store gave them). */
async function createYear(
  handle: DatabaseHandle,
  tenantId: string,
  schemeKey: string,
): Promise<BenchPeriod[]> {
  const pad = (n: number) => String(n).padStart(2, '0');
  const last = (m: number) => new Date(Date.UTC(2026, m, 0)).getUTCDate();
  const plans: Omit<Period, 'id'>[] = [];
  for (let m = 1; m <= 12; m++)
    plans.push({
      name: `2026年${m}月`,
      kind: 'month',
      assessment: 'routine',
      startsOn: `2026-${pad(m)}-01`,
      endsOn: `2026-${pad(m)}-${last(m)}`,
    });
  for (let q = 1; q <= 4; q++)
    plans.push({
      name: `2026年Q${q}`,
      kind: 'quarter',
      assessment: 'periodic',
      startsOn: `2026-${pad(q * 3 - 2)}-01`,
      endsOn: `2026-${pad(q * 3)}-${last(q * 3)}`,
    });
  plans.push({
    name: '2026年度',
    kind: 'year',
    assessment: 'periodic',
    startsOn: '2026-01-01',
    endsOn: '2026-12-31',
  });
  const periods: BenchPeriod[] = [];
  for (const plan of plans) {
    const record = await createPeriod(handle.db, tenantId, { ...plan, schemeKey, createdBy: null });
    periods.push({ ...plan, id: record.id });
  }
  return periods;
}

/**
 * Create the tenant, org, scheme and periods, then ingest `facts` facts chunk by chunk,
 * timing `appendFacts` and a `COPY` of the same rows. Leaves the database open for the caller.
 */
export async function buildCountyYear(
  dataDir: string,
  sizes: { readonly people: number; readonly facts: number; readonly chunk: number },
  log: (text: string) => void,
): Promise<IngestResult> {
  const started = performance.now();
  const { handle, pglite } = await openBenchDatabase(dataDir);
  try {
    await migrateToLatest(handle.db);
    const tenant = await insertTenant(handle.db, { code: 'bench', name: '基准县' });
    const tenantId = tenant.tenant_id;
    const county = generateBenchCounty(sizes.people);
    const ctx = systemContext(handle.db, tenantId, new Date('2026-11-22T00:00:00Z'), 'bench');
    await importOrgAndPeople(ctx, { units: county.units, people: county.people });
    // Every generated person is scored by the one scheme (audience `other`), so the benchmark
    // scores all of them, departments included.
    await saveSchemeVersion(handle.db, tenantId, {
      scheme: { ...hTownship2021Scheme, audience: 'other' },
      createdBy: null,
    });
    const periods = await createYear(handle, tenantId, hTownship2021Scheme.key);
    const org = await orgSnapshotAt(handle.db, tenantId, '2026-12-31');
    const recorder = org.people[0]?.id ?? '';
    log(
      `  county: ${org.people.length} people, ${org.units.length} units; ingesting ${sizes.facts} facts …`,
    );

    await pglite.exec(`CREATE TABLE ${COPY_TABLE} (LIKE fact INCLUDING ALL)`);
    await pglite.exec(
      `CREATE TABLE ${PLAIN_COPY_TABLE} (tenant_id uuid, fact_id uuid, seq bigint, period_id uuid, subject_kind text, subject_id uuid, indicator text, value numeric, payload jsonb, source text, evidence jsonb, recorded_by uuid, recorded_at timestamptz, supersedes uuid)`,
    );
    const factPeriods = periods.filter((p) => p.kind !== 'year');
    let appendMs = 0;
    let copyMs = 0;
    let plainCopyMs = 0;
    let done = 0;
    let nextReport = 0;
    for (const chunk of countyYearFacts(org, hTownship2021Scheme, factPeriods, sizes.facts, {
      chunk: sizes.chunk,
      recorder,
    })) {
      const a = performance.now();
      await appendFacts(handle.db, tenantId, chunk);
      appendMs += performance.now() - a;
      const copy = async (table: string): Promise<number> => {
        const c = performance.now();
        const csv = toCsv(tenantId, chunk, done + 1);
        await pglite.query(
          `COPY ${table} (${copyColumns}) FROM '/dev/blob' WITH (FORMAT csv)`,
          [],
          { blob: new Blob([csv]) },
        );
        return performance.now() - c;
      };
      copyMs += await copy(COPY_TABLE);
      plainCopyMs += await copy(PLAIN_COPY_TABLE);
      done += chunk.length;
      if (done >= nextReport) {
        log(
          `  ${done} facts (append ${(done / (appendMs / 1000)).toFixed(0)} rows/s, COPY ${(done / (copyMs / 1000)).toFixed(0)} rows/s)`,
        );
        nextReport += Math.max(sizes.chunk, Math.floor(sizes.facts / 10));
      }
    }
    await pglite.exec(`DROP TABLE ${COPY_TABLE}; DROP TABLE ${PLAIN_COPY_TABLE}`);
    await analyzeTables(handle.db);
    const appendRowsPerSecond = done / (appendMs / 1000);
    const copyRowsPerSecond = done / (copyMs / 1000);
    const plainCopyRowsPerSecond = done / (plainCopyMs / 1000);
    return {
      people: org.people.length,
      facts: done,
      chunk: sizes.chunk,
      appendMs,
      appendRowsPerSecond,
      copyMs,
      copyRowsPerSecond,
      ratio: appendRowsPerSecond / copyRowsPerSecond,
      plainCopyRowsPerSecond,
      plainRatio: appendRowsPerSecond / plainCopyRowsPerSecond,
      buildMs: performance.now() - started,
    };
  } finally {
    await handle.close();
  }
}
