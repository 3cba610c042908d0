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
import {
  attachmentRefsIn,
  canonicalFact,
  canonicalJson,
  isDecimal,
  type Fact,
} from '@tianheng/core';
import type { Database } from '../schema.ts';
import { factColumns, factFromRow, isoFromPg, isoUtcSql, type FactRow } from './fact-row.ts';
import { StoreError } from './store-error.ts';
import { inTransaction } from './transaction.ts';
import { canonicalWorkEvent } from './work-events.ts';

/** Hash functions the ledger supports. */
export const ledgerAlgorithms = ['sha256', 'sm3'] as const;
/** A ledger hash function. */
export type LedgerAlgorithm = (typeof ledgerAlgorithms)[number];
/** What a ledger entry records. */
export type LedgerKind = 'fact' | 'scheme' | 'period' | 'work';

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
  // canonicalJson({ at, kind, ref, seq }) written out (keys already sorted): hashed per entry.
  const q = JSON.stringify;
  return `{"at":${q(createdAt)},"kind":${q(kind)},"ref":${q(refId)},"seq":${q(seq)}}\n${record}`;
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

export async function ledgerHead(
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
  kind: 'scheme' | 'period' | 'work',
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidOf(value: string, field: string, index: number): string {
  if (!UUID.test(value)) throw new StoreError('invalid-input', field, { index });
  return value.toLowerCase();
}

/**
 * The text PostgreSQL's `numeric` gives back for a decimal the engine accepts: the scale is
 * kept, leading zeros go, and zero has no sign (`"007.50"` → `"7.50"`, `"-0.0"` → `"0.0"`).
 */
export function numericText(value: string): string {
  const negative = value.startsWith('-');
  const [whole = '', fraction] = (negative ? value.slice(1) : value).split('.');
  const zero = /^0*$/.test(whole) && (fraction === undefined || /^0*$/.test(fraction));
  const digits = whole.replace(/^0+(?=\d)/, '');
  return `${negative && !zero ? '-' : ''}${digits}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** A JSON object as jsonb gives it back: through JSON text (key order does not matter to canonical bytes). */
function jsonObject(value: unknown, field: string, index: number): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(JSON.stringify(value ?? {}));
  } catch (error) {
    throw new StoreError('invalid-input', field, { index, cause: String(error) });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new StoreError('invalid-input', field, { index });
  return parsed as Record<string, unknown>;
}

/**
 * A new fact exactly as the store will read it back (ids lower-case, numeric text, JSON through
 * JSON, time as millisecond ISO UTC), so its canonical bytes can be hashed before the insert
 * without reading the rows back. A test appends random facts and verifies against the rows.
 */
export function normalise(f: NewFactRow, index: number, now: string): Fact {
  if (f.value !== null && !isDecimal(f.value))
    throw new StoreError('invalid-input', 'value', { index });
  let recordedAt = now;
  if (f.recordedAt !== undefined) {
    const at = typeof f.recordedAt === 'string' ? new Date(f.recordedAt) : f.recordedAt;
    if (Number.isNaN(at.getTime())) throw new StoreError('invalid-input', 'recordedAt', { index });
    recordedAt = at.toISOString();
  }
  return {
    id: f.id === undefined ? randomUUID() : uuidOf(f.id, 'id', index),
    periodId: uuidOf(f.periodId, 'periodId', index),
    subject: { kind: f.subject.kind, id: uuidOf(f.subject.id, 'subject.id', index) },
    indicator: f.indicator,
    value: f.value === null ? null : numericText(f.value),
    payload: jsonObject(f.payload, 'payload', index),
    source: f.source,
    evidence: jsonObject(f.evidence, 'evidence', index),
    recordedBy: f.recordedBy === null ? null : uuidOf(f.recordedBy, 'recordedBy', index),
    recordedAt,
    supersedes:
      f.supersedes === undefined || f.supersedes === null
        ? null
        : uuidOf(f.supersedes, 'supersedes', index),
  };
}

/**
 * Append facts and chain each into the tenant's ledger, in one transaction (the caller's when
 * `db` is one). Refuses, writing nothing, with a {@link StoreError}: an unknown or closed
 * period, a value that is not a decimal, a malformed id or time, a correction of a fact that
 * does not exist in the tenant, is about another period/subject/indicator, or was already
 * corrected. Returns the stored facts in ledger order, as the store reads them back.
 */
export async function appendFacts(
  db: Kysely<Database>,
  tenantId: string,
  inputs: readonly NewFactRow[],
): Promise<Fact[]> {
  if (inputs.length === 0) return [];
  const createdAt = new Date().toISOString();
  const facts = inputs.map((f, i) => normalise(f, i, createdAt));
  return inTransaction(db, async (trx) => {
    const algorithm = await lockLedger(trx, tenantId);
    await checkPeriodsOpen(trx, tenantId, [...new Set(facts.map((f) => f.periodId))]);
    await checkSupersedes(
      trx,
      tenantId,
      facts,
      facts.map((f) => f.id),
    );
    const head = await ledgerHead(trx, tenantId);
    let prev = head.hash;
    let seq = head.seq;
    // One statement per chunk writes the facts and their entries (JSON parameters: one string
    // each, parsed by the server). The next chunk is hashed while the previous one is written.
    let inflight: Promise<unknown> | null = null;
    for (let start = 0; start < facts.length; start += APPEND_CHUNK) {
      const part = facts.slice(start, start + APPEND_CHUNK);
      const factRows: unknown[] = [];
      const entries: unknown[] = [];
      for (const f of part) {
        seq += 1n;
        const s = seq.toString();
        const hash = chainHash(
          algorithm,
          prev,
          entryBytes(s, 'fact', f.id, createdAt, canonicalFact(f, tenantId)),
        );
        factRows.push({
          id: f.id,
          seq: s,
          period_id: f.periodId,
          subject_kind: f.subject.kind,
          subject_id: f.subject.id,
          indicator: f.indicator,
          value: f.value,
          payload: f.payload,
          source: f.source,
          evidence: f.evidence,
          recorded_by: f.recordedBy,
          recorded_at: f.recordedAt,
          supersedes: f.supersedes,
        });
        entries.push({ seq: s, ref: f.id, prev, hash });
        prev = hash;
      }
      if (inflight !== null) await inflight;
      inflight = sql`
        WITH stored AS (
          INSERT INTO fact (tenant_id, fact_id, seq, period_id, subject_kind, subject_id, indicator,
            value, payload, source, evidence, recorded_by, recorded_at, supersedes)
          SELECT ${tenantId}::uuid, t.id, t.seq, t.period_id, t.subject_kind, t.subject_id, t.indicator,
            t.value, t.payload, t.source, t.evidence, t.recorded_by, t.recorded_at, t.supersedes
          FROM json_to_recordset(${JSON.stringify(factRows)}::json) AS t(id uuid, seq bigint,
            period_id uuid, subject_kind text, subject_id uuid, indicator text, value numeric,
            payload jsonb, source text, evidence jsonb, recorded_by uuid, recorded_at timestamptz,
            supersedes uuid)
        )
        INSERT INTO ledger_entry (tenant_id, seq, kind, ref_id, body, prev_hash, hash, algorithm, created_at)
        SELECT ${tenantId}::uuid, t.seq, 'fact', t.ref, NULL, t.prev, t.hash, ${algorithm}, ${createdAt}::timestamptz
        FROM json_to_recordset(${JSON.stringify(entries)}::json) AS t(seq bigint, ref text, prev text, hash text)`.execute(
        trx,
      );
    }
    if (inflight !== null) await inflight;
    return facts;
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
  | 'unledgered-record'
  /** A scheme version's or work event's stored row no longer equals the one its entry ledgered. */
  | 'record-mismatch'
  /** A file the entry's record refers to (`att:<id>:<sha256>`) is gone or its bytes changed. */
  | 'attachment-mismatch';

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

interface VerifyRow {
  readonly seq: string;
  readonly kind: LedgerKind;
  readonly ref_id: string;
  readonly body: string | null;
  readonly prev_hash: string;
  readonly hash: string;
  readonly algorithm: string;
  readonly created_at: string;
}

function checkEntry(
  tenantId: string,
  row: VerifyRow,
  fact: FactRow | undefined,
  prevHash: string,
): LedgerBreak | null {
  if (row.prev_hash !== prevHash) return 'prev-mismatch';
  let record: string;
  if (row.kind === 'fact') {
    if (fact === undefined) return 'missing-record';
    // A fact entry's bytes come from the fact row; a body there is something added later.
    if (row.body !== null) return 'hash-mismatch';
    record = canonicalFact(factFromRow(fact), tenantId);
  } else {
    if (row.body === null) return 'hash-mismatch';
    record = row.body;
  }
  if (!(ledgerAlgorithms as readonly string[]).includes(row.algorithm)) return 'hash-mismatch';
  const bytes = entryBytes(row.seq, row.kind, row.ref_id, isoFromPg(row.created_at), record);
  const hash = chainHash(row.algorithm as LedgerAlgorithm, row.prev_hash, bytes);
  return hash === row.hash ? null : 'hash-mismatch';
}

/** Canonical JSON of the stored scheme versions that this window's scheme entries name. */
async function schemeBodies(
  db: Kysely<Database>,
  tenantId: string,
  rows: readonly VerifyRow[],
): Promise<Map<string, string>> {
  const refs = rows.filter((r) => r.kind === 'scheme').map((r) => r.ref_id);
  if (refs.length === 0) return new Map();
  const found = await db
    .selectFrom('scheme_version')
    .select([sql<string>`scheme_key || '@' || version`.as('ref'), 'body'])
    .where('tenant_id', '=', tenantId)
    .where(sql<boolean>`scheme_key || '@' || version = ANY(${refs}::text[])`)
    .execute();
  return new Map(found.map((r) => [r.ref, canonicalJson(r.body)]));
}

/** A scheme entry whose chain is intact must still match the stored version it names. */
function checkScheme(row: VerifyRow, schemes: ReadonlyMap<string, string>): LedgerBreak | null {
  if (row.kind !== 'scheme' || row.body === null) return null;
  const event = JSON.parse(row.body) as { scheme?: unknown };
  if (event.scheme === undefined) return null;
  const stored = schemes.get(row.ref_id);
  if (stored === undefined) return 'missing-record';
  return stored === canonicalJson(event.scheme) ? null : 'record-mismatch';
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Canonical bytes of the stored work events that this window's work entries name. */
async function workBodies(
  db: Kysely<Database>,
  tenantId: string,
  rows: readonly VerifyRow[],
): Promise<Map<string, string>> {
  // A ref that is not a uuid names no event (and would not cast): it is simply missing.
  const refs = rows
    .filter((r) => r.kind === 'work' && uuidPattern.test(r.ref_id))
    .map((r) => r.ref_id);
  if (refs.length === 0) return new Map();
  const found = await db
    .selectFrom('work_event')
    .select([
      'event_id',
      'kind',
      'task_id',
      'step_id',
      'actor_person_id',
      'actor_account_id',
      'at',
      'body',
    ])
    .where('tenant_id', '=', tenantId)
    .where(sql<boolean>`event_id = ANY(${refs}::uuid[])`)
    .execute();
  return new Map(
    found.map((e) => [
      e.event_id,
      canonicalWorkEvent({
        id: e.event_id,
        kind: e.kind,
        taskId: e.task_id,
        stepId: e.step_id,
        actorPersonId: e.actor_person_id,
        actorAccountId: e.actor_account_id,
        at: new Date(e.at).toISOString(),
        body: e.body,
      }),
    ]),
  );
}

/** The uploaded files a ledgered record refers to (ADR 0011), as id → SHA-256. */
function attachmentRefsOf(row: VerifyRow, fact: FactRow | undefined): Map<string, string> {
  if (row.kind === 'fact')
    return attachmentRefsIn(fact === undefined ? '' : JSON.stringify(fact.evidence));
  return attachmentRefsIn(row.body ?? '');
}

/** The SHA-256 of the stored bytes of these files, computed by the database. */
async function attachmentDigests(
  db: Kysely<Database>,
  tenantId: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await sql<{ id: string; digest: string }>`
    SELECT attachment_id AS id, encode(sha256(content), 'hex') AS digest FROM attachment
    WHERE tenant_id = ${tenantId} AND attachment_id = ANY(${[...new Set(ids)]}::uuid[])`.execute(
    db,
  );
  return new Map(rows.map((r) => [r.id, r.digest]));
}

/** Every file a record refers to must still be there with exactly the ledgered bytes. */
function checkAttachments(
  refs: ReadonlyMap<string, string>,
  digests: ReadonlyMap<string, string>,
): LedgerBreak | null {
  for (const [id, sha256] of refs) if (digests.get(id) !== sha256) return 'attachment-mismatch';
  return null;
}

/** A work entry whose chain is intact must still match the stored event it names. */
function checkWork(row: VerifyRow, works: ReadonlyMap<string, string>): LedgerBreak | null {
  if (row.kind !== 'work') return null;
  const stored = works.get(row.ref_id.toLowerCase());
  if (stored === undefined) return 'missing-record';
  return stored === row.body ? null : 'record-mismatch';
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
  const gap = (): LedgerVerification => ({
    ok: false,
    entries,
    firstBroken: { seq: Number(expected), kind: null, refId: null, reason: 'seq-gap' },
  });
  // Windows of seq numbers, so each query is a bounded range scan of a primary key whatever
  // the planner's statistics say; ledger entries and facts are matched by seq in memory.
  for (let from = 1n; ; from += BigInt(VERIFY_BATCH)) {
    const to = from + BigInt(VERIFY_BATCH);
    const { rows } = await sql<VerifyRow>`
      SELECT l.seq, l.kind, l.ref_id, l.body, l.prev_hash, l.hash, l.algorithm,
        ${isoUtcSql('l.created_at')} AS created_at
      FROM ledger_entry l
      WHERE l.tenant_id = ${tenantId} AND l.seq >= ${from.toString()} AND l.seq < ${to.toString()}
      ORDER BY l.seq`.execute(db);
    if (rows.length === 0) {
      const { rows: beyond } = await sql<{ seq: string | null }>`
        SELECT min(seq) AS seq FROM ledger_entry WHERE tenant_id = ${tenantId} AND seq >= ${to.toString()}`.execute(
        db,
      );
      if (beyond[0]?.seq != null) return gap();
      break;
    }
    const { rows: factRows } = await sql<FactRow>`
      SELECT ${factColumns('f')} FROM fact f
      WHERE f.tenant_id = ${tenantId} AND f.seq >= ${from.toString()} AND f.seq < ${to.toString()}`.execute(
      db,
    );
    const facts = new Map(factRows.map((f) => [f.seq, f]));
    const refs = new Map(rows.map((r) => [r.seq, attachmentRefsOf(r, facts.get(r.seq))]));
    const [schemes, works, digests] = await Promise.all([
      schemeBodies(db, tenantId, rows),
      workBodies(db, tenantId, rows),
      attachmentDigests(
        db,
        tenantId,
        [...refs.values()].flatMap((m) => [...m.keys()]),
      ),
    ]);
    for (const row of rows) {
      const seq = BigInt(row.seq);
      if (seq !== expected) return gap();
      const reason =
        checkEntry(tenantId, row, facts.get(row.seq), prevHash) ??
        checkScheme(row, schemes) ??
        checkWork(row, works) ??
        checkAttachments(refs.get(row.seq) ?? new Map(), digests);
      if (reason !== null)
        return {
          ok: false,
          entries,
          firstBroken: { seq: Number(seq), kind: row.kind, refId: row.ref_id, reason },
        };
      entries++;
      prevHash = row.hash;
      expected = seq + 1n;
    }
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
