import { appendAudit, type AuditResult } from '@tianheng/db';
import type { ServiceContext } from '../context.ts';

/** Record what the caller did, in the caller's transaction (so a rolled-back change leaves no record of success). */
export async function recordAudit(
  ctx: ServiceContext,
  entry: {
    action: string;
    objectType: string;
    objectId: string | null;
    result?: AuditResult;
    detail?: Record<string, unknown>;
  },
): Promise<void> {
  await appendAudit(ctx.db, {
    tenantId: ctx.tenantId,
    at: ctx.now,
    actorAccountId: ctx.actor.accountId,
    actorUsername: ctx.actor.username,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId,
    result: entry.result ?? 'success',
    ...(entry.detail ? { detail: entry.detail } : {}),
    ip: ctx.ip,
  });
}

/** Run `work` in one transaction with a context bound to it: all of it lands or none of it does. */
export function inTransaction<T>(
  ctx: ServiceContext,
  work: (trx: ServiceContext) => Promise<T>,
): Promise<T> {
  return ctx.db.transaction().execute((trx) => work({ ...ctx, db: trx }));
}
