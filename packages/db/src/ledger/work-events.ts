import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { canonicalJson, type WorkEventKind } from '@tianheng/core';
import type { Database } from '../schema.ts';
import { chainHash, entryBytes, ledgerHead, lockLedger } from './ledger.ts';
import { inTransaction } from './transaction.ts';

/** A work event to append (transition, light change, card, supervision run, …). */
export interface NewWorkEvent {
  readonly id?: string;
  readonly kind: WorkEventKind;
  readonly taskId: string | null;
  readonly stepId: string | null;
  readonly actorPersonId: string | null;
  readonly actorAccountId: string | null;
  /** ISO instant the event happened (the service's clock). */
  readonly at: string;
  readonly body: Readonly<Record<string, unknown>>;
}

/** An appended event with its id and ledger place. */
export interface StoredWorkEvent extends NewWorkEvent {
  readonly id: string;
  readonly seq: number;
}

/** Rows per statement when appending many events (a scheduler tick can change thousands of lights). */
const WORK_EVENT_CHUNK = 2000;

/**
 * The bytes a work event's ledger entry covers: canonical JSON of the whole event. The
 * ledger entry stores them as its body (kind `work`, ref = event id), so verification can
 * compare them with the stored `work_event` row.
 */
export function canonicalWorkEvent(event: NewWorkEvent & { readonly id: string }): string {
  return canonicalJson({
    id: event.id,
    kind: event.kind,
    taskId: event.taskId,
    stepId: event.stepId,
    actorPersonId: event.actorPersonId,
    actorAccountId: event.actorAccountId,
    at: new Date(event.at).toISOString(),
    body: event.body,
  });
}

/**
 * Append work events and chain each into the tenant's ledger in the same transaction (the
 * caller's when `db` is one). Returns the events with their ids and ledger seq, in order.
 */
export async function appendWorkEvents(
  db: Kysely<Database>,
  tenantId: string,
  events: readonly NewWorkEvent[],
): Promise<StoredWorkEvent[]> {
  if (events.length === 0) return [];
  const createdAt = new Date().toISOString();
  return inTransaction(db, async (trx) => {
    const algorithm = await lockLedger(trx, tenantId);
    const head = await ledgerHead(trx, tenantId);
    let prev = head.hash;
    let seq = head.seq;
    const stored: StoredWorkEvent[] = [];
    for (let start = 0; start < events.length; start += WORK_EVENT_CHUNK) {
      const rows: unknown[] = [];
      const entries: unknown[] = [];
      for (const e of events.slice(start, start + WORK_EVENT_CHUNK)) {
        const id = e.id ?? randomUUID();
        const at = new Date(e.at).toISOString();
        const event = { ...e, id, at };
        const body = canonicalWorkEvent(event);
        seq += 1n;
        const s = seq.toString();
        const hash = chainHash(algorithm, prev, entryBytes(s, 'work', id, createdAt, body));
        rows.push({
          id,
          kind: e.kind,
          task_id: e.taskId,
          step_id: e.stepId,
          actor_person_id: e.actorPersonId,
          actor_account_id: e.actorAccountId,
          at,
          body: e.body,
        });
        entries.push({ seq: s, ref: id, body, prev, hash });
        stored.push({ ...event, seq: Number(s) });
        prev = hash;
      }
      await sql`
        WITH stored AS (
          INSERT INTO work_event (tenant_id, event_id, kind, task_id, step_id, actor_person_id,
            actor_account_id, at, body)
          SELECT ${tenantId}::uuid, t.id, t.kind, t.task_id, t.step_id, t.actor_person_id,
            t.actor_account_id, t.at, t.body
          FROM json_to_recordset(${JSON.stringify(rows)}::json) AS t(id uuid, kind text,
            task_id uuid, step_id uuid, actor_person_id uuid, actor_account_id uuid,
            at timestamptz, body jsonb)
        )
        INSERT INTO ledger_entry (tenant_id, seq, kind, ref_id, body, prev_hash, hash, algorithm, created_at)
        SELECT ${tenantId}::uuid, t.seq, 'work', t.ref, t.body, t.prev, t.hash, ${algorithm}, ${createdAt}::timestamptz
        FROM json_to_recordset(${JSON.stringify(entries)}::json) AS t(seq bigint, ref text, body text, prev text, hash text)`.execute(
        trx,
      );
    }
    return stored;
  });
}
