import {
  audienceCovers,
  type AssessmentKind,
  type PeriodKind,
  type PeriodStatus,
} from '@tianheng/core';
import {
  listSchemes,
  orgSnapshotAt,
  closePeriod as closeStoredPeriod,
  createPeriod as createStoredPeriod,
  getPeriod as findPeriod,
  listPeriods as listStoredPeriods,
  reopenPeriod as reopenStoredPeriod,
  type PeriodRecord,
} from '@tianheng/db';
import type { ServiceContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { inTransaction, recordAudit } from './audit.service.ts';
import { dropWorkingSet, storeFullResults } from './recompute.service.ts';

/** A period as the API shows it. */
export interface PeriodView {
  id: string;
  name: string;
  kind: PeriodKind;
  assessment: AssessmentKind;
  startsOn: string;
  endsOn: string;
  schemeKey: string;
  schemeVersion: number;
  status: PeriodStatus;
  closedAt: string | null;
  reopenReason: string | null;
  computedAt: string | null;
  createdAt: string;
}

/** The API view of a stored period. */
export function periodView(p: PeriodRecord): PeriodView {
  return {
    id: p.id,
    name: p.name,
    kind: p.kind,
    assessment: p.assessment,
    startsOn: p.startsOn,
    endsOn: p.endsOn,
    schemeKey: p.schemeKey,
    schemeVersion: p.schemeVersion,
    status: p.status,
    closedAt: p.closedAt?.toISOString() ?? null,
    reopenReason: p.reopenReason,
    computedAt: p.computedAt?.toISOString() ?? null,
    createdAt: p.createdAt.toISOString(),
  };
}

/** A period of the caller's tenant, or `period-not-found` (also for another tenant's ids). */
export async function requirePeriod(ctx: ServiceContext, periodId: string): Promise<PeriodRecord> {
  const period = await findPeriod(ctx.db, ctx.tenantId, periodId);
  if (!period) throw new AppError('period-not-found');
  return period;
}

/** Periods, newest first. */
export async function listPeriods(
  ctx: ServiceContext,
  filter: { status?: PeriodStatus; kind?: PeriodKind; schemeKey?: string; personId?: string },
  page: { page: number; pageSize: number },
): Promise<{ items: PeriodView[]; total: number }> {
  const { personId, ...stored } = filter;
  if (personId !== undefined) {
    const keys = await schemesScoring(ctx, personId);
    const wanted =
      stored.schemeKey === undefined ? keys : keys.filter((k) => k === stored.schemeKey);
    if (wanted.length === 0) return { items: [], total: 0 };
    // One scheme covers most people; someone every scheme covers needs no scheme filter.
    if (wanted.length === 1) stored.schemeKey = wanted[0];
  }
  const { items, total } = await listStoredPeriods(ctx.db, ctx.tenantId, { ...stored, ...page });
  return { items: items.map(periodView), total };
}

/** Keys of the schemes whose audience (latest version) covers the person today. */
async function schemesScoring(ctx: ServiceContext, personId: string): Promise<string[]> {
  const [schemes, org] = await Promise.all([
    listSchemes(ctx.db, ctx.tenantId),
    orgSnapshotAt(ctx.db, ctx.tenantId, ctx.now.toISOString().slice(0, 10)),
  ]);
  return schemes.filter((s) => audienceCovers(s.audience, org, personId)).map((s) => s.key);
}

/** One period. */
export async function getPeriod(ctx: ServiceContext, periodId: string): Promise<PeriodView> {
  return periodView(await requirePeriod(ctx, periodId));
}

/** Create an open period (ledgered by the store), audited as `period.create`. */
export async function createPeriod(
  ctx: ServiceContext,
  input: {
    name: string;
    kind: PeriodKind;
    assessment: AssessmentKind;
    startsOn: string;
    endsOn: string;
    schemeKey: string;
    schemeVersion?: number;
  },
): Promise<PeriodView> {
  const period = await inTransaction(ctx, async (trx) => {
    const created = await createStoredPeriod(trx.db, trx.tenantId, {
      ...input,
      name: input.name.trim(),
      createdBy: ctx.actor.accountId,
    });
    await recordAudit(trx, {
      action: 'period.create',
      objectType: 'period',
      objectId: created.id,
      detail: {
        name: created.name,
        kind: created.kind,
        assessment: created.assessment,
        startsOn: created.startsOn,
        endsOn: created.endsOn,
        schemeKey: created.schemeKey,
        schemeVersion: created.schemeVersion,
      },
    });
    return created;
  });
  return periodView(period);
}

/**
 * Close a period: recompute it in full from the database, store the results, mark it closed
 * (the store ledgers the scheme version and a digest of the results), audited — one transaction.
 */
export async function closePeriod(ctx: ServiceContext, periodId: string): Promise<PeriodView> {
  await requirePeriod(ctx, periodId);
  const closed = await inTransaction(ctx, async (trx) => {
    const stored = await storeFullResults(trx, periodId, 'with-breakdowns');
    const record = await closeStoredPeriod(trx.db, trx.tenantId, periodId, ctx.actor.accountId);
    await recordAudit(trx, {
      action: 'period.close',
      objectType: 'period',
      objectId: periodId,
      detail: { schemeKey: record.schemeKey, schemeVersion: record.schemeVersion, people: stored },
    });
    return record;
  });
  dropWorkingSet(ctx.tenantId, periodId);
  return periodView(closed);
}

/** Reopen a closed period with a reason (ledgered by the store), audited as `period.reopen`. */
export async function reopenPeriod(
  ctx: ServiceContext,
  periodId: string,
  reason: string,
): Promise<PeriodView> {
  await requirePeriod(ctx, periodId);
  const reopened = await inTransaction(ctx, async (trx) => {
    const record = await reopenStoredPeriod(
      trx.db,
      trx.tenantId,
      periodId,
      ctx.actor.accountId,
      reason,
    );
    await recordAudit(trx, {
      action: 'period.reopen',
      objectType: 'period',
      objectId: periodId,
      detail: { reason: record.reopenReason },
    });
    return record;
  });
  dropWorkingSet(ctx.tenantId, periodId);
  return periodView(reopened);
}
