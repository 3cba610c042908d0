import { sql, type Kysely, type Transaction } from 'kysely';
import { canonicalFact, type Fact } from '@tianheng/core';
import { factColumns, factFromRow, type FactRow } from '../ledger/fact-row.ts';
import {
  appendFacts,
  chainHash,
  entryBytes,
  GENESIS_HASH,
  ledgerAlgorithms,
  normalise,
  type LedgerAlgorithm,
  type NewFactRow,
} from '../ledger/ledger.ts';
import { StoreError } from '../ledger/store-error.ts';
import type { Database } from '../schema.ts';
import { appendAudit, type NewAuditEntry } from './audit.repository.ts';

/** A fact with its place in the ledger and the fact that corrected it, if any. */
export interface StoredFact extends Fact {
  readonly seq: number;
  readonly supersededBy: string | null;
}

/** Filters of the fact browser; `periodId` is required, the rest optional. */
export interface FactFilters {
  readonly periodId: string;
  /** Facts about any of these people or units (a person page passes the person, their unit, villages). */
  readonly subjectIds?: readonly string[];
  readonly indicator?: string;
  /** Include facts that a later fact corrected (default false). */
  readonly includeSuperseded?: boolean;
  readonly page: number;
  readonly pageSize: number;
}

/**
 * Every fact of the given periods, superseded ones included (the scorer drops them), in
 * ledger order. One lean query; rows become core `Fact`s without intermediate objects.
 */
export async function listPeriodFacts(
  db: Kysely<Database>,
  tenantId: string,
  periodIds: readonly string[],
): Promise<Fact[]> {
  if (periodIds.length === 0) return [];
  const { rows } = await sql<FactRow>`
    SELECT ${factColumns('f')} FROM fact f
    WHERE f.tenant_id = ${tenantId} AND f.period_id = ANY(${[...periodIds]}::uuid[])
    ORDER BY f.seq`.execute(db);
  const facts = new Array<Fact>(rows.length);
  for (let i = 0; i < rows.length; i++) facts[i] = factFromRow(rows[i]!);
  return facts;
}

/**
 * Facts about one or more subjects (a person, their unit, their villages) in the given
 * periods, superseded ones included, in ledger order: what the incremental path and the
 * person score page read.
 */
export async function listSubjectFacts(
  db: Kysely<Database>,
  tenantId: string,
  subjectIds: readonly string[],
  periodIds: readonly string[],
): Promise<Fact[]> {
  if (subjectIds.length === 0 || periodIds.length === 0) return [];
  const { rows } = await sql<FactRow>`
    SELECT ${factColumns('f')} FROM fact f
    WHERE f.tenant_id = ${tenantId} AND f.subject_id = ANY(${[...subjectIds]}::uuid[])
      AND f.period_id = ANY(${[...periodIds]}::uuid[])
    ORDER BY f.seq`.execute(db);
  return rows.map(factFromRow);
}

/** Facts about one person (subject kind person) across the given periods, or all periods. */
export async function listPersonFacts(
  db: Kysely<Database>,
  tenantId: string,
  personId: string,
  periodIds?: readonly string[],
): Promise<Fact[]> {
  const { rows } = await sql<FactRow>`
    SELECT ${factColumns('f')} FROM fact f
    WHERE f.tenant_id = ${tenantId} AND f.subject_id = ${personId} AND f.subject_kind = 'person'
      ${periodIds === undefined ? sql`` : sql`AND f.period_id = ANY(${[...periodIds]}::uuid[])`}
    ORDER BY f.seq`.execute(db);
  return rows.map(factFromRow);
}

type StoredRow = FactRow & { superseded_by: string | null };

function storedFrom(row: StoredRow): StoredFact {
  return { ...factFromRow(row), seq: Number(row.seq), supersededBy: row.superseded_by };
}

/** One fact of the tenant with the fact that corrected it, or undefined. */
export async function getFact(
  db: Kysely<Database>,
  tenantId: string,
  factId: string,
): Promise<StoredFact | undefined> {
  const { rows } = await sql<StoredRow>`
    SELECT ${factColumns('f')}, c.fact_id AS superseded_by FROM fact f
    LEFT JOIN fact c ON c.tenant_id = f.tenant_id AND c.supersedes = f.fact_id
    WHERE f.tenant_id = ${tenantId} AND f.fact_id = ${factId}`.execute(db);
  const row = rows[0];
  return row === undefined ? undefined : storedFrom(row);
}

/** A period's facts matching the filters, newest first, one page at a time, with the total. */
export async function listFacts(
  db: Kysely<Database>,
  tenantId: string,
  filters: FactFilters,
): Promise<{ items: StoredFact[]; total: number }> {
  const where = sql`f.tenant_id = ${tenantId} AND f.period_id = ${filters.periodId}
    ${filters.subjectIds === undefined ? sql`` : sql`AND f.subject_id = ANY(${[...filters.subjectIds]}::uuid[])`}
    ${filters.indicator === undefined ? sql`` : sql`AND f.indicator = ${filters.indicator}`}
    ${filters.includeSuperseded === true ? sql`` : sql`AND c.fact_id IS NULL`}`;
  const from = sql`fact f LEFT JOIN fact c ON c.tenant_id = f.tenant_id AND c.supersedes = f.fact_id`;
  const { rows: counted } = await sql<{ total: number }>`
    SELECT count(*)::int AS total FROM ${from} WHERE ${where}`.execute(db);
  const { rows } = await sql<StoredRow>`
    SELECT ${factColumns('f')}, c.fact_id AS superseded_by FROM ${from} WHERE ${where}
    ORDER BY f.seq DESC
    LIMIT ${filters.pageSize} OFFSET ${(filters.page - 1) * filters.pageSize}`.execute(db);
  return { items: rows.map(storedFrom), total: counted[0]?.total ?? 0 };
}

/** The last ledger entry this process appended for a tenant: a guess, checked on every use. */
const heads = new Map<string, { seq: bigint; hash: string }>();

/**
 * Record one fact with its ledger entry and its audit entry in the caller's transaction, in
 * two statements (ADR 0009): the first locks the period row (refusing an unknown or closed
 * period), then the tenant's ledger, and reads the hash algorithm; the second writes the
 * fact, its ledger entry and the audit entry at once, hashed against the ledger head this
 * process last wrote — and only if that still is the head (the statement checks it; another
 * writer, a rolled-back transaction or a fresh process make it read the head and hash again).
 * Same rows, same chain and same locks, in the same order, as `lockPeriod` + `appendFacts` +
 * `appendAudit`; a correction (`supersedes`) takes that longer path for its checks.
 * @throws StoreError period-not-found, period-closed, invalid-input (as `appendFacts`).
 */
export async function appendFactAudited(
  trx: Transaction<Database>,
  tenantId: string,
  input: NewFactRow,
  audit: (fact: Fact) => NewAuditEntry,
): Promise<Fact> {
  const { rows: locked } = await sql<{ status: string; algorithm: string | null }>`
    SELECT p.status, t.settings ->> 'ledgerHash' AS algorithm,
      pg_advisory_xact_lock(hashtextextended(${`tianheng.ledger:${tenantId}`}, 0)) AS locked
    FROM (SELECT status FROM period WHERE tenant_id = ${tenantId} AND period_id = ${input.periodId}
      FOR UPDATE) p
    CROSS JOIN tenant t WHERE t.tenant_id = ${tenantId}`.execute(trx);
  const row = locked[0];
  if (row === undefined) throw new StoreError('period-not-found', 'periodId');
  if (row.status === 'closed') throw new StoreError('period-closed', 'periodId');
  if (input.supersedes !== undefined && input.supersedes !== null) {
    const [fact] = await appendFacts(trx, tenantId, [input]);
    heads.delete(tenantId);
    await appendAudit(trx, audit(fact!));
    return fact!;
  }
  const algorithm = row.algorithm ?? 'sha256';
  if (!(ledgerAlgorithms as readonly string[]).includes(algorithm))
    throw new Error(`tenant ${tenantId}: unknown ledger hash ${JSON.stringify(algorithm)}`);
  const createdAt = new Date().toISOString();
  const fact = normalise(input, 0, createdAt);
  const record = canonicalFact(fact, tenantId);
  const entry = audit(fact);
  let head = heads.get(tenantId);
  for (let attempt = 0; attempt < 2; attempt++) {
    if (head === undefined || attempt > 0) head = await readHead(trx, tenantId);
    const seq = (head.seq + 1n).toString();
    const hash = chainHash(
      algorithm as LedgerAlgorithm,
      head.hash,
      entryBytes(seq, 'fact', fact.id, createdAt, record),
    );
    // The head check: the entry we hashed against is there and nothing follows it.
    const current =
      head.seq === 0n
        ? sql`NOT EXISTS (SELECT 1 FROM ledger_entry WHERE tenant_id = ${tenantId})`
        : sql`EXISTS (SELECT 1 FROM ledger_entry WHERE tenant_id = ${tenantId}
            AND seq = ${head.seq.toString()}::bigint AND hash = ${head.hash})
          AND NOT EXISTS (SELECT 1 FROM ledger_entry WHERE tenant_id = ${tenantId}
            AND seq > ${head.seq.toString()}::bigint)`;
    const { rows } = await sql<{ written: number }>`
      WITH head AS (SELECT 1 WHERE ${current}),
      stored AS (
        INSERT INTO fact (tenant_id, fact_id, seq, period_id, subject_kind, subject_id, indicator,
          value, payload, source, evidence, recorded_by, recorded_at, supersedes)
        SELECT ${tenantId}::uuid, ${fact.id}::uuid, ${seq}::bigint, ${fact.periodId}::uuid,
          ${fact.subject.kind}, ${fact.subject.id}::uuid, ${fact.indicator}, ${fact.value}::numeric,
          ${JSON.stringify(fact.payload)}::jsonb, ${fact.source}, ${JSON.stringify(fact.evidence)}::jsonb,
          ${fact.recordedBy}::uuid, ${fact.recordedAt}::timestamptz, NULL
        FROM head RETURNING 1),
      chained AS (
        INSERT INTO ledger_entry (tenant_id, seq, kind, ref_id, body, prev_hash, hash, algorithm,
          created_at)
        SELECT ${tenantId}::uuid, ${seq}::bigint, 'fact', ${fact.id}, NULL, ${head.hash}, ${hash},
          ${algorithm}, ${createdAt}::timestamptz
        FROM head RETURNING 1),
      audited AS (
        INSERT INTO audit_log (tenant_id, at, actor_account_id, actor_username, action,
          object_type, object_id, result, detail, ip)
        SELECT ${entry.tenantId}::uuid, ${entry.at.toISOString()}::timestamptz,
          ${entry.actorAccountId}::uuid, ${entry.actorUsername}, ${entry.action}, ${entry.objectType},
          ${entry.objectId}, ${entry.result}, ${JSON.stringify(entry.detail ?? {})}::jsonb, ${entry.ip}
        FROM head RETURNING 1)
      SELECT (SELECT count(*) FROM stored)::int AS written`.execute(trx);
    if (rows[0]?.written === 1) {
      heads.set(tenantId, { seq: head.seq + 1n, hash });
      return fact;
    }
  }
  throw new Error(`tenant ${tenantId}: the ledger head moved under the ledger lock`);
}

async function readHead(
  trx: Transaction<Database>,
  tenantId: string,
): Promise<{ seq: bigint; hash: string }> {
  const { rows } = await sql<{ seq: string; hash: string }>`
    SELECT seq, hash FROM ledger_entry WHERE tenant_id = ${tenantId}
    ORDER BY seq DESC LIMIT 1`.execute(trx);
  const row = rows[0];
  return row ? { seq: BigInt(row.seq), hash: row.hash } : { seq: 0n, hash: GENESIS_HASH };
}
