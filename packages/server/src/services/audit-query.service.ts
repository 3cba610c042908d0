import { authorize } from '@tianheng/core';
import { listAudit, type AuditFilters, type AuditRow } from '@tianheng/db';
import type { ServiceContext } from '../context.ts';
import { AppError } from '../errors.ts';

/**
 * A page of the tenant's audit log, newest first. Reading is the only thing the product
 * does with the log: there is no service, route or repository function that edits it.
 */
export async function listAuditPage(
  ctx: ServiceContext,
  filters: AuditFilters,
): Promise<{ items: AuditRow[]; total: number }> {
  if (!authorize(ctx.subject, 'audit.read', { kind: 'tenant' }).ok) throw new AppError('forbidden');
  return listAudit(ctx.db, ctx.tenantId, filters);
}
