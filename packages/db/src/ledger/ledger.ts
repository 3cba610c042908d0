/**
 * The per-tenant hash-chained ledger. Entry n stores
 *
 *     hash_n = H(prev_hash_n ‖ bytes_n),  prev_hash_n = hash_(n-1),  prev_hash_1 = 32 zero bytes
 *
 * where H is SHA-256 or SM3 (per tenant, `tenant.settings.ledgerHash`, default SHA-256), hashes
 * are stored as lower-case hex and `bytes_n` is the UTF-8 of
 *
 *     canonicalJson({ at, kind, ref, seq }) + "\n" + record
 *
 * `record` is `canonicalFact(fact, tenantId)` re-derived from the fact row for fact entries, or
 * the stored `body` (canonical JSON of the event) for scheme and period events. So every stored
 * column of a fact and of its ledger entry is covered: a changed byte anywhere breaks the hash of
 * exactly that entry. Appends are serialised per tenant by a transaction-scoped advisory lock, so
 * concurrent writers never fork the chain. Verification cannot see entries removed from the end:
 * keep the head hash it reports somewhere else if that matters.
 */
import { createHash, randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { canonicalFact, canonicalJson, isDecimal, type Fact } from '@tianheng/core';
import type { Database } from '../schema.ts';
import { factColumns, factFromRow, isoFromPg, isoUtcSql, type FactRow } from './fact-row.ts';
import { StoreError } from './store-error.ts';
import { inTransaction } from './transaction.ts';

/** Hash functions the ledger supports. */
export const ledgerAlgorithms = ['sha256', 'sm3'] as const;
/** A ledger hash function. */
export type LedgerAlgorithm = (typeof ledgerAlgorithms)[number];
/** What a ledger entry records. */
export type LedgerKind = 'fact' | 'scheme' | 'period';

/** prev_hash of a tenant's first entry: 32 zero bytes, hex. */
export const GENESIS_HASH = '0'.repeat(64);

/** Rows per INSERT when appending facts (one statement of arrays, so no bind-parameter limit). */
const APPEND_CHUNK = 5000;
/** Entries read per round trip while verifying. */
const VERIFY_BATCH = 5000;

/** H(prev ‖ bytes) as lower-case hex. */
export function chainHash(algorithm: LedgerAlgorithm, prevHex: string, bytes: string): string {
  return createHash(algorithm)
    .update(Buffer.from(prevHex, 'hex'))
    .update(bytes, 'utf8')
    .digest('hex');
}

/** The bytes an entry's hash covers: its envelope (seq, kind, ref, time) and the record. */
export function entryBytes(
  seq: string,
  kind: LedgerKind,
  refId: string,
  createdAt: string,
  record: string,
): string {
  return `${canonicalJson({ at: createdAt, kind, ref: refId, seq })}\n${record}`;
}

/**
 * Take the tenant's ledger lock for the rest of the transaction and read its hash algorithm.
 * Every ledger append and every write that must not interleave with one (closing a period)
 * calls this first.
 */
export async function lockLedger(
  trx: Transaction<Database>,
  tenantId: string,
): Promise<LedgerAlgorithm> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`tianheng.ledger:${tenantId}`}, 0))`.execute(
    trx,
  );
  const row = await trx
    .selectFrom('tenant')
    .select(sql<string | null>`settings->>'ledgerHash'`.as('algorithm'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (row === undefined) throw new StoreError('not-found', 'tenantId');
  const algorithm = row.algorithm ?? 'sha256';
  if (!(ledgerAlgorithms as readonly string[]).includes(algorithm))
    throw new Error(`tenant ${tenantId}: unknown ledger hash ${JSON.stringify(algorithm)}`);
  return algorithm as LedgerAlgorithm;
}

async function ledgerHead(
  trx: Transaction<Database>,
  tenantId: string,
): Promise<{ seq: bigint; hash: string }> {
  const row = await trx
    .selectFrom('ledger_entry')
    .select(['seq', 'hash'])
    .where('tenant_id', '=', tenantId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { seq: BigInt(row.seq), hash: row.hash } : { seq: 0n, hash: GENESIS_HASH };
}

/** Where an appended entry sits in the chain. */
export interface LedgerPosition {
  readonly seq: number;
  readonly hash: string;
}

/**
 * Append a scheme or period event (a scheme version saved, a period created, closed or
 * reopened) to the tenant's ledger. Call it inside the transaction that makes the change;
 * `body` is stored as canonical JSON and is what the entry's hash covers.
 */
export async function appendLedgerEvent(
  db: Kysely<Database>,
  tenantId: string,
  kind: 'scheme' | 'period',
  refId: string,
  body: unknown,
): Promise<LedgerPosition> {
  return inTransaction(db, async (trx) => {
    const algorithm = await lockLedger(trx, tenantId);
    const head = await ledgerHead(trx, tenantId);
    const seq = (head.seq + 1n).toString();
    const createdAt = new Date().toISOString();
    const text = canonicalJson(body);
    const hash = chainHash(algorithm, head.hash, entryBytes(seq, kind, refId, createdAt, text));
    await trx
      .insertInto('ledger_entry')
      .values({
        tenant_id: tenantId,
        seq,
        kind,
        ref_id: refId,
        body: text,
        prev_hash: head.hash,
        hash,
        algorithm,
        created_at: createdAt,
      })
      .execute();
    return { seq: Number(seq), hash };
  });
}

/** A fact to append; the store assigns `id` (unless given), `seq` and `recordedAt` (unless given). */
export interface NewFactRow {
  readonly id?: string;
  readonly periodId: string;
  readonly subject: Fact['subject'];
  readonly indicator: string;
  readonly value: string | null;
  readonly payload?: Readonly<Record<string, unknown>>;
  readonly source: Fact['source'];
  readonly evidence?: Fact['evidence'];
  readonly recordedBy: string | null;
  /** ISO timestamp or Date; default: now. */
  readonly recordedAt?: string | Date;
  readonly supersedes?: string | null;
}

async function checkPeriodsOpen(
  trx: Transaction<Database>,
  tenantId: string,
  periodIds: readonly string[],
): Promise<void> {
  const rows = await trx
    .selectFrom('period')
    .select(['period_id', 'status'])
    .where('tenant_id', '=', tenantId)
    .where('period_id', 'in', periodIds)
    .execute();
  const status = new Map(rows.map((r) => [r.period_id, r.status]));
  for (const id of periodIds) {
    const s = status.get(id);
    if (s === undefined) throw new StoreError('period-not-found', 'periodId', { periodId: id });
    if (s === 'closed') throw new StoreError('period-closed', 'periodId', { periodId: id });
  }
}

/**
 * A correction must name an existing fact of the tenant (earlier in the store or earlier in
 * this batch) about the same period, subject and indicator, and that fact must not have been
 * corrected already.
 */
async function checkSupersedes(
  trx: Transaction<Database>,
  tenantId: string,
  inputs: readonly NewFactRow[],
  ids: readonly string[],
): Promise<void> {
  const targets = new Map<string, number>();
  inputs.forEach((f, i) => {
    if (f.supersedes === undefined || f.supersedes === null) return;
    if (targets.has(f.supersedes))
      throw new StoreError('fact-superseded', 'supersedes', { factId: f.supersedes });
    targets.set(f.supersedes, i);
  });
  if (targets.size === 0) return;
  const inBatch = new Map(ids.map((id, i) => [id, i]));
  const fromStore = [...targets.keys()].filter((id) => !inBatch.has(id));
  const stored = new Map<
    string,
    { period: string; kind: string; subject: string; indicator: string }
  >();
  if (fromStore.length > 0) {
    const rows = await trx
      .selectFrom('fact')
      .select(['fact_id', 'period_id', 'subject_kind', 'subject_id', 'indicator'])
      .where('tenant_id', '=', tenantId)
      .where('fact_id', 'in', fromStore)
      .execute();
    for (const r of rows)
      stored.set(r.fact_id, {
        period: r.period_id,
        kind: r.subject_kind,
        subject: r.subject_id,
        indicator: r.indicator,
      });
    const already = await trx
      .selectFrom('fact')
      .select('supersedes')
      .where('tenant_id', '=', tenantId)
      .where('supersedes', 'in', fromStore)
      .executeTakeFirst();
    if (already?.supersedes)
      throw new StoreError('fact-superseded', 'supersedes', { factId: already.supersedes });
  }
  for (const [target, i] of targets) {
    const f = inputs[i]!;
    const j = inBatch.get(target);
    if (j !== undefined && j >= i)
      throw new StoreError('fact-not-found', 'supersedes', { factId: target });
    const t =
      j !== undefined
        ? {
            period: inputs[j]!.periodId,
            kind: inputs[j]!.subject.kind,
            subject: inputs[j]!.subject.id,
            indicator: inputs[j]!.indicator,
          }
        : stored.get(target);
    if (t === undefined) throw new StoreError('fact-not-found', 'supersedes', { factId: target });
    if (
      t.period !== f.periodId ||
      t.kind !== f.subject.kind ||
      t.subject !== f.subject.id ||
      t.indicator !== f.indicator
    )
      throw new StoreError('invalid-input', 'supersedes', { factId: target });
  }
}

function jsonText(value: unknown, field: string): string {
  try {
    return JSON.stringify(value ?? {});
  } catch (error) {
    throw new StoreError('invalid-input', field, { cause: String(error) });
  }
}

/**
 * Append facts and chain each into the tenant's ledger, in one transaction (the caller's when
 * `db` is one). Refuses, writing nothing, with a {@link StoreError}: an unknown or closed
 * period, a value that is not a decimal, a correction of a fact that does not exist in the
 * tenant, is about another period/subject/indicator, or was already corrected. Returns the
 * stored facts in ledger order, as the store reads them back.
 */
export async function appendFacts(
  db: Kysely<Database>,
  tenantId: string,
  inputs: readonly NewFactRow[],
): Promise<Fact[]> {
  if (inputs.length === 0) return [];
  inputs.forEach((f, i) => {
    if (f.value !== null && !isDecimal(f.value))
      throw new StoreError('invalid-input', 'value', { index: i });
  });
  return inTransaction(db, async (trx) => {
    const algorithm = await lockLedger(trx, tenantId);
    await checkPeriodsOpen(trx, tenantId, [...new Set(inputs.map((f) => f.periodId))]);
    const ids = inputs.map((f) => f.id ?? randomUUID());
    await checkSupersedes(trx, tenantId, inputs, ids);
    const head = await ledgerHead(trx, tenantId);
    let prev = head.hash;
    let seq = head.seq;
    const now = new Date();
    const createdAt = now.toISOString();
    const out: Fact[] = [];
    for (let start = 0; start < inputs.length; start += APPEND_CHUNK) {
      const part = inputs.slice(start, start + APPEND_CHUNK);
      const partIds = ids.slice(start, start + APPEND_CHUNK);
      const seqs = part.map((_, i) => (seq + BigInt(i + 1)).toString());
      const at = (f: NewFactRow) =>
        f.recordedAt === undefined
          ? createdAt
          : typeof f.recordedAt === 'string'
            ? f.recordedAt
            : f.recordedAt.toISOString();
      const { rows } = await sql<FactRow>`
        INSERT INTO fact AS f (tenant_id, fact_id, seq, period_id, subject_kind, subject_id, indicator,
          value, payload, source, evidence, recorded_by, recorded_at, supersedes)
        SELECT ${tenantId}::uuid, t.id, t.seq, t.period_id, t.subject_kind, t.subject_id, t.indicator,
          t.value, t.payload::jsonb, t.source, t.evidence::jsonb, t.recorded_by, t.recorded_at, t.supersedes
        FROM unnest(${partIds}::uuid[], ${seqs}::bigint[], ${part.map((f) => f.periodId)}::uuid[],
          ${part.map((f) => f.subject.kind)}::text[], ${part.map((f) => f.subject.id)}::uuid[],
          ${part.map((f) => f.indicator)}::text[], ${part.map((f) => f.value)}::numeric[],
          ${part.map((f, i) => jsonText(f.payload, `payload[${start + i}]`))}::text[],
          ${part.map((f) => f.source)}::text[],
          ${part.map((f, i) => jsonText(f.evidence, `evidence[${start + i}]`))}::text[],
          ${part.map((f) => f.recordedBy)}::uuid[], ${part.map(at)}::timestamptz[],
          ${part.map((f) => f.supersedes ?? null)}::uuid[])
          AS t(id, seq, period_id, subject_kind, subject_id, indicator, value, payload, source,
            evidence, recorded_by, recorded_at, supersedes)
        RETURNING ${factColumns('f')}`.execute(trx);
      const byId = new Map(rows.map((r) => [r.id, r]));
      const hashes: string[] = [];
      const prevs: string[] = [];
      for (let i = 0; i < part.length; i++) {
        const row = byId.get(partIds[i]!);
        if (row === undefined) throw new Error(`fact ${partIds[i]} was not returned by INSERT`);
        const fact = factFromRow(row);
        out.push(fact);
        const bytes = entryBytes(
          seqs[i]!,
          'fact',
          fact.id,
          createdAt,
          canonicalFact(fact, tenantId),
        );
        prevs.push(prev);
        prev = chainHash(algorithm, prev, bytes);
        hashes.push(prev);
      }
      await sql`
        INSERT INTO ledger_entry (tenant_id, seq, kind, ref_id, body, prev_hash, hash, algorithm, created_at)
        SELECT ${tenantId}::uuid, t.seq, 'fact', t.ref_id, NULL, t.prev_hash, t.hash, ${algorithm}, ${createdAt}::timestamptz
        FROM unnest(${seqs}::bigint[], ${partIds}::text[], ${prevs}::text[], ${hashes}::text[])
          AS t(seq, ref_id, prev_hash, hash)`.execute(trx);
      seq += BigInt(part.length);
    }
    return out;
  });
}

/** Why verification stopped at an entry. */
export type LedgerBreak =
  /** The entry's hash is not H(prev ‖ bytes) of what is stored now. */
  | 'hash-mismatch'
  /** The entry's prev_hash is not the previous entry's hash. */
  | 'prev-mismatch'
  /** The fact the entry chains is gone (or no longer at the entry's seq). */
  | 'missing-record'
  /** An entry is missing: `seq` names the first missing number. */
  | 'seq-gap'
  /** A stored fact has no ledger entry (inserted around the ledger); `seq` is the fact's. */
  | 'unledgered-record';

/** The first broken place of a chain; kind and refId are null for a missing entry. */
export interface LedgerBrokenEntry {
  readonly seq: number;
  readonly kind: LedgerKind | null;
  readonly refId: string | null;
  readonly reason: LedgerBreak;
}

/** What `verifyLedger` finds. */
export type LedgerVerification =
  | { readonly ok: true; readonly entries: number; readonly head: string }
  | { readonly ok: false; readonly entries: number; readonly firstBroken: LedgerBrokenEntry };

interface VerifyRow extends Partial<FactRow> {
  readonly l_seq: string;
  readonly l_kind: LedgerKind;
  readonly l_ref_id: string;
  readonly l_body: string | null;
  readonly l_prev_hash: string;
  readonly l_hash: string;
  readonly l_algorithm: string;
  readonly l_created_at: string;
  readonly f_present: boolean;
}

function checkEntry(tenantId: string, row: VerifyRow, prevHash: string): LedgerBreak | null {
  if (row.l_prev_hash !== prevHash) return 'prev-mismatch';
  let record: string;
  if (row.l_kind === 'fact') {
    if (!row.f_present) return 'missing-record';
    // A fact entry's bytes come from the fact row; a body there is something added later.
    if (row.l_body !== null) return 'hash-mismatch';
    record = canonicalFact(factFromRow(row as VerifyRow & FactRow), tenantId);
  } else {
    if (row.l_body === null) return 'hash-mismatch';
    record = row.l_body;
  }
  if (!(ledgerAlgorithms as readonly string[]).includes(row.l_algorithm)) return 'hash-mismatch';
  const bytes = entryBytes(
    row.l_seq,
    row.l_kind,
    row.l_ref_id,
    isoFromPg(row.l_created_at),
    record,
  );
  const hash = chainHash(row.l_algorithm as LedgerAlgorithm, row.l_prev_hash, bytes);
  return hash === row.l_hash ? null : 'hash-mismatch';
}

/**
 * Walk a tenant's ledger in seq order, a batch at a time, recomputing every hash from what is
 * stored now; then look for facts that have no entry. Returns the number of entries checked
 * and the head hash, or the first broken entry and why.
 */
export async function verifyLedger(
  db: Kysely<Database>,
  tenantId: string,
): Promise<LedgerVerification> {
  let expected = 1n;
  let prevHash = GENESIS_HASH;
  let entries = 0;
  for (;;) {
    const { rows } = await sql<VerifyRow>`
      SELECT l.seq AS l_seq, l.kind AS l_kind, l.ref_id AS l_ref_id, l.body AS l_body,
        l.prev_hash AS l_prev_hash, l.hash AS l_hash, l.algorithm AS l_algorithm,
        ${isoUtcSql('l.created_at')} AS l_created_at, (f.fact_id IS NOT NULL) AS f_present,
        ${factColumns('f')}
      FROM ledger_entry l
      LEFT JOIN fact f ON l.kind = 'fact' AND f.tenant_id = l.tenant_id AND f.seq = l.seq
      WHERE l.tenant_id = ${tenantId} AND l.seq >= ${expected.toString()}
      ORDER BY l.seq
      LIMIT ${VERIFY_BATCH}`.execute(db);
    if (rows.length === 0) break;
    for (const row of rows) {
      const seq = BigInt(row.l_seq);
      if (seq !== expected)
        return {
          ok: false,
          entries,
          firstBroken: { seq: Number(expected), kind: null, refId: null, reason: 'seq-gap' },
        };
      const reason = checkEntry(tenantId, row, prevHash);
      if (reason !== null)
        return {
          ok: false,
          entries,
          firstBroken: { seq: Number(seq), kind: row.l_kind, refId: row.l_ref_id, reason },
        };
      entries++;
      prevHash = row.l_hash;
      expected = seq + 1n;
    }
    if (rows.length < VERIFY_BATCH) break;
  }
  const stray = await sql<{ seq: string; fact_id: string }>`
    SELECT f.seq, f.fact_id FROM fact f
    WHERE f.tenant_id = ${tenantId} AND NOT EXISTS (
      SELECT 1 FROM ledger_entry l
      WHERE l.tenant_id = f.tenant_id AND l.seq = f.seq AND l.kind = 'fact' AND l.ref_id = f.fact_id::text)
    ORDER BY f.seq LIMIT 1`.execute(db);
  const first = stray.rows[0];
  if (first !== undefined)
    return {
      ok: false,
      entries,
      firstBroken: {
        seq: Number(first.seq),
        kind: 'fact',
        refId: first.fact_id,
        reason: 'unledgered-record',
      },
    };
  return { ok: true, entries, head: prevHash };
}
