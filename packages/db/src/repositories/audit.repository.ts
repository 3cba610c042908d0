import type { Kysely } from 'kysely';
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
