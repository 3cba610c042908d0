import { sql, type Kysely } from 'kysely';
import type { Signal, SignalStatus } from '@tianheng/core';
import { StoreError } from '../ledger/store-error.ts';
import { inTransaction } from '../ledger/transaction.ts';
import type { Database } from '../schema.ts';

/** A stored signal with its decision. */
export interface SignalRecord extends Signal {
  readonly personName: string;
  readonly status: SignalStatus;
  readonly decidedBy: string | null;
  readonly decidedAt: Date | null;
  readonly note: string | null;
}

/** Filters of the signal list; every filter is optional. */
export interface SignalFilters {
  readonly periodId?: string;
  readonly status?: SignalStatus;
  /** Only signals about these people (the caller's visibility). */
  readonly personIds?: readonly string[];
}

const CHUNK = 5000;

/**
 * Replace a period's pending signals with a fresh evaluation: pending ones are dropped and
 * re-proposed; decided ones (same deterministic id) keep their decision and are not touched.
 */
export async function replacePendingSignals(
  db: Kysely<Database>,
  tenantId: string,
  periodId: string,
  signals: readonly Signal[],
): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx
      .deleteFrom('signal')
      .where('tenant_id', '=', tenantId)
      .where('period_id', '=', periodId)
      .where('status', '=', 'pending')
      .execute();
    for (const s of signals)
      if (s.periodId !== periodId)
        throw new StoreError('invalid-input', 'periodId', { signalId: s.id });
    // One JSON parameter per chunk, parsed by the server: binding ten values per signal (a
    // few hundred signals a period) cost more than the insert itself (ADR 0009).
    for (let i = 0; i < signals.length; i += CHUNK) {
      const rows = signals.slice(i, i + CHUNK).map((s) => ({
        signal_id: s.id,
        person_id: s.personId,
        rule_key: s.ruleKey,
        kind: s.kind,
        scope: s.scope,
        group_id: s.groupId,
        proposes: s.proposes,
        reason: s.reason,
      }));
      await sql`
        INSERT INTO signal (tenant_id, signal_id, period_id, person_id, rule_key, kind, scope,
          group_id, proposes, reason)
        SELECT ${tenantId}::uuid, t.signal_id, ${periodId}::uuid, t.person_id, t.rule_key, t.kind,
          t.scope, t.group_id, t.proposes, t.reason
        FROM json_to_recordset(${JSON.stringify(rows)}::json) AS t(signal_id text, person_id uuid,
          rule_key text, kind text, scope text, group_id text, proposes jsonb, reason jsonb)
        ON CONFLICT (tenant_id, signal_id) DO NOTHING`.execute(trx);
    }
  });
}

function query(db: Kysely<Database>, tenantId: string) {
  return db
    .selectFrom('signal as s')
    .innerJoin('person as p', (j) =>
      j.onRef('p.tenant_id', '=', 's.tenant_id').onRef('p.person_id', '=', 's.person_id'),
    )
    .select([
      's.signal_id',
      's.rule_key',
      's.kind',
      's.person_id',
      'p.name',
      's.period_id',
      's.scope',
      's.group_id',
      's.proposes',
      's.reason',
      's.status',
      's.decided_by',
      's.decided_at',
      's.decision_note',
    ])
    .where('s.tenant_id', '=', tenantId);
}

type Row = Awaited<ReturnType<ReturnType<typeof query>['executeTakeFirstOrThrow']>>;

function recordOf(r: Row): SignalRecord {
  return {
    id: r.signal_id,
    ruleKey: r.rule_key,
    kind: r.kind,
    personId: r.person_id,
    personName: r.name,
    periodId: r.period_id,
    scope: r.scope,
    groupId: r.group_id,
    proposes: r.proposes,
    reason: r.reason,
    status: r.status,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    note: r.decision_note,
  };
}

/** Signals matching the filters: by period, then rule, group and person. */
export async function listSignals(
  db: Kysely<Database>,
  tenantId: string,
  filters: SignalFilters,
): Promise<SignalRecord[]> {
  let q = query(db, tenantId);
  if (filters.periodId !== undefined) q = q.where('s.period_id', '=', filters.periodId);
  if (filters.status !== undefined) q = q.where('s.status', '=', filters.status);
  if (filters.personIds !== undefined) {
    if (filters.personIds.length === 0) return [];
    q = q.where('s.person_id', 'in', filters.personIds);
  }
  const rows = await q
    .orderBy('s.period_id')
    .orderBy('s.rule_key')
    .orderBy('s.group_id')
    .orderBy('s.person_id')
    .execute();
  return rows.map(recordOf);
}

/** One signal of the tenant, or undefined. */
export async function getSignal(
  db: Kysely<Database>,
  tenantId: string,
  signalId: string,
): Promise<SignalRecord | undefined> {
  const row = await query(db, tenantId).where('s.signal_id', '=', signalId).executeTakeFirst();
  return row === undefined ? undefined : recordOf(row);
}

/**
 * Record a human decision on a pending signal. Refuses a blank note (`invalid-input`, field
 * `note`), an unknown signal and one already decided.
 */
export async function decideSignal(
  db: Kysely<Database>,
  tenantId: string,
  signalId: string,
  decision: Exclude<SignalStatus, 'pending'>,
  by: string | null,
  note: string,
): Promise<SignalRecord> {
  const why = note.trim();
  if (why === '') throw new StoreError('invalid-input', 'note');
  return inTransaction(db, async (trx) => {
    const current = await trx
      .selectFrom('signal')
      .select('status')
      .where('tenant_id', '=', tenantId)
      .where('signal_id', '=', signalId)
      .forUpdate()
      .executeTakeFirst();
    if (current === undefined) throw new StoreError('signal-not-found', 'signalId');
    if (current.status !== 'pending') throw new StoreError('signal-decided', 'signalId');
    await trx
      .updateTable('signal')
      .set({ status: decision, decided_by: by, decided_at: sql`now()`, decision_note: why })
      .where('tenant_id', '=', tenantId)
      .where('signal_id', '=', signalId)
      .execute();
    const row = await query(trx, tenantId)
      .where('s.signal_id', '=', signalId)
      .executeTakeFirstOrThrow();
    return recordOf(row);
  });
}
