import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** Outcome recorded with an audit entry. */
export type AuditResult = 'success' | 'failure' | 'denied';

/** What an audit entry says: who did what to which object, with what result. */
export interface NewAuditEntry {
  readonly tenantId: string;
  readonly at: Date;
  readonly actorAccountId: string | null;
  readonly actorUsername: string | null;
  readonly action: string;
  readonly objectType: string;
  readonly objectId: string | null;
  readonly result: AuditResult;
  readonly detail?: Readonly<Record<string, unknown>>;
  readonly ip: string | null;
}

/** Append an audit entry (the table refuses updates and deletes). */
export async function appendAudit(db: Kysely<Database>, entry: NewAuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      tenant_id: entry.tenantId,
      at: entry.at,
      actor_account_id: entry.actorAccountId,
      actor_username: entry.actorUsername,
      action: entry.action,
      object_type: entry.objectType,
      object_id: entry.objectId,
      result: entry.result,
      detail: JSON.stringify(entry.detail ?? {}),
      ip: entry.ip,
    })
    .execute();
}

/** Filters of the audit browser; every filter is optional. */
export interface AuditFilters {
  /** Entries at or after this instant. */
  readonly from?: Date;
  /** Entries at or before this instant. */
  readonly to?: Date;
  /** Part of the actor's username. */
  readonly actor?: string;
  /** Start of the action name, e.g. `account.` for every account action. */
  readonly action?: string;
  readonly objectType?: string;
  readonly result?: AuditResult;
  readonly page: number;
  readonly pageSize: number;
}

/** An audit entry as the browser shows it; `id` is the int8 identity as a string. */
export interface AuditRow {
  readonly id: string;
  readonly at: Date;
  readonly actorAccountId: string | null;
  readonly actorUsername: string | null;
  readonly action: string;
  readonly objectType: string;
  readonly objectId: string | null;
  readonly result: AuditResult;
  readonly detail: Record<string, unknown>;
  readonly ip: string | null;
}

/** Escape LIKE wildcards so user input matches literally. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * A tenant's audit entries matching the filters, newest first, one page at a time.
 * Reading is all there is: nothing here (or anywhere) updates or deletes an entry.
 */
export async function listAudit(
  db: Kysely<Database>,
  tenantId: string,
  filters: AuditFilters,
): Promise<{ items: AuditRow[]; total: number }> {
  let query = db.selectFrom('audit_log').where('tenant_id', '=', tenantId);
  if (filters.from) query = query.where('at', '>=', filters.from);
  if (filters.to) query = query.where('at', '<=', filters.to);
  if (filters.actor)
    query = query.where('actor_username', 'ilike', `%${escapeLike(filters.actor)}%`);
  if (filters.action) query = query.where('action', 'like', `${escapeLike(filters.action)}%`);
  if (filters.objectType) query = query.where('object_type', '=', filters.objectType);
  if (filters.result) query = query.where('result', '=', filters.result);
  const { total } = await query
    .select(sql<number>`count(*)::int`.as('total'))
    .executeTakeFirstOrThrow();
  const rows = await query
    .selectAll()
    .orderBy('at', 'desc')
    .orderBy('audit_id', 'desc')
    .limit(filters.pageSize)
    .offset((filters.page - 1) * filters.pageSize)
    .execute();
  return {
    total,
    items: rows.map((r) => ({
      id: String(r.audit_id),
      at: r.at,
      actorAccountId: r.actor_account_id,
      actorUsername: r.actor_username,
      action: r.action,
      objectType: r.object_type,
      objectId: r.object_id,
      result: r.result,
      detail: r.detail,
      ip: r.ip,
    })),
  };
}
