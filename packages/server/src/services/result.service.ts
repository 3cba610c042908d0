import { visibility, type GradeCode, type SignalStatus, type Visibility } from '@tianheng/core';
import {
  decideSignal as decideStoredSignal,
  getPeriodResultSummary,
  listLines,
  listPeriodPools,
  listPeriodResults,
  listSignals as listStoredSignals,
  listUnits,
  loadPeopleDirectory,
  periodPoolMap,
  setPeriodPool,
  type SignalRecord,
} from '@tianheng/db';
import type { ServiceContext } from '../context.ts';
import { buildResultsWorkbook } from '../excel/assessment-workbook.ts';
import { inTransaction, recordAudit } from './audit.service.ts';
import { periodView, requirePeriod, type PeriodView } from './period.service.ts';
import { applyPools, flushPeriod, flushTenant, withWorkingSet } from './recompute.service.ts';
import {
  centsNumber,
  gradeText,
  resultRowView,
  unitSummaryView,
  type ResultRowView,
  type UnitSummaryView,
} from './result-rows.ts';

/** Filters of the results list (docs/api.md). */
export interface ResultFilter {
  unitId?: string;
  lineId?: string;
  grade?: GradeCode | 'undecided';
  q?: string;
  sort?: 'tenant' | 'unit' | 'index';
}

/** A unit's bonus pool, as the API shows it. */
export interface PoolView {
  unitId: string;
  unitName: string;
  amountCents: number;
}

/** A signal, as the API shows it. */
export interface SignalView {
  id: string;
  ruleKey: string;
  kind: 'promotion' | 'accountability';
  personId: string;
  personName: string;
  periodId: string;
  scope: string;
  groupId: string;
  proposes: Record<string, unknown>;
  reason: Record<string, unknown>;
  status: SignalStatus;
  decidedAt: string | null;
  decidedBy: string | null;
  note: string | null;
}

const unitVisible = (reach: Visibility, unitId: string, path: string): boolean =>
  reach.kind === 'all' ||
  (reach.kind === 'some' &&
    (reach.unitIds.includes(unitId) || reach.pathPrefixes.some((p) => path.startsWith(p))));

/**
 * Make sure an open period's stored results are current before reading them: rows a
 * working set has not written yet are flushed, a period never computed is computed (later
 * facts keep it current, ADR 0006), and a year is brought up to date with its periods.
 */
async function ensureComputed(ctx: ServiceContext, periodId: string): Promise<void> {
  const period = await requirePeriod(ctx, periodId);
  if (period.status === 'closed') return;
  if (period.kind === 'year') await flushTenant(ctx);
  await flushPeriod(ctx, periodId, period.computedAt === null || period.kind === 'year');
}

/**
 * A period's results for the people the caller may see (`result.read`), filtered and
 * paged, with the summaries of the assessment units the caller sees.
 */
export async function listResults(
  ctx: ServiceContext,
  periodId: string,
  filter: ResultFilter,
  page: { page: number; pageSize: number },
): Promise<{
  period: PeriodView;
  computedAt: string | null;
  items: ResultRowView[];
  total: number;
  units: UnitSummaryView[];
}> {
  await ensureComputed(ctx, periodId);
  const period = await requirePeriod(ctx, periodId);
  const reach = visibility(ctx.subject, 'result.read');
  const [{ items, total }, summary, lines, units] = await Promise.all([
    listPeriodResults(ctx.db, ctx.tenantId, periodId, { ...filter, visibility: reach, ...page }),
    getPeriodResultSummary(ctx.db, ctx.tenantId, periodId),
    listLines(ctx.db, ctx.tenantId),
    listUnits(ctx.db, ctx.tenantId, { kind: 'all' }),
  ]);
  const lineNames = new Map(lines.map((l) => [l.id, l.name]));
  const unitNames = new Map(units.map((u) => [u.unitId, u.name]));
  const unitPaths = new Map(units.map((u) => [u.unitId, u.path]));
  return {
    period: periodView(period),
    computedAt: summary?.computedAt.toISOString() ?? null,
    items: items.map((r) => resultRowView(r, lineNames)),
    total,
    units: (summary?.units ?? [])
      .filter((u) => unitVisible(reach, u.unitId, unitPaths.get(u.unitId) ?? ''))
      .filter((u) => filter.unitId === undefined || u.unitId === filter.unitId)
      .map((u) => unitSummaryView(u, unitNames)),
  };
}

/** The results the caller may see as .xlsx (结果 and 奖金); audited as `result.export`. */
export async function buildResultsExport(
  ctx: ServiceContext,
  periodId: string,
  filter: ResultFilter,
): Promise<Buffer> {
  const { items, units } = await listResults(ctx, periodId, filter, {
    page: 1,
    pageSize: 1_000_000,
  });
  const buffer = await buildResultsWorkbook(
    items.map((r) => ({
      tenantRank: r.ranks.tenant.rank,
      unitRank: r.ranks.unit.rank,
      staffNo: r.staffNo,
      name: r.name,
      unitName: r.unitName,
      assessmentUnitName: r.assessmentUnitName,
      post: r.post,
      common: r.common,
      individual: r.individual,
      total: r.total,
      coefficient: r.coefficient,
      index: r.index,
      grade: gradeText(r.grade),
      boundaryTie: r.boundaryTie,
      bonusCents: r.bonusCents,
      literalCents: r.literalCents,
    })),
    units.flatMap((u) =>
      u.bonus === null
        ? []
        : [
            {
              unitName: u.unitName,
              headcount: u.headcount,
              poolCents: u.bonus.poolCents,
              allocatedCents: u.bonus.allocatedCents,
              literalTotalCents: u.bonus.literalTotalCents,
              literalDifferenceCents: u.bonus.literalDifferenceCents,
            },
          ],
    ),
  );
  await recordAudit(ctx, {
    action: 'result.export',
    objectType: 'period',
    objectId: periodId,
    detail: { people: items.length, filter: { ...filter } },
  });
  return buffer;
}

/** The bonus pools of a period. */
export async function listPools(ctx: ServiceContext, periodId: string): Promise<PoolView[]> {
  await requirePeriod(ctx, periodId);
  const pools = await listPeriodPools(ctx.db, ctx.tenantId, periodId);
  return pools.map((p) => ({ ...p, amountCents: centsNumber(p.amountCents) }));
}

/**
 * Set an assessment unit's bonus pool of an open period and update the results (bonus
 * tables) in the same transaction; audited as `pool.set`.
 */
export async function setPool(
  ctx: ServiceContext,
  periodId: string,
  unitId: string,
  amountCents: number,
): Promise<PoolView> {
  await requirePeriod(ctx, periodId);
  return withWorkingSet(ctx, periodId, async (loaded) => {
    let undo: (() => void) | undefined;
    try {
      return await inTransaction(ctx, async (trx) => {
        const pool = await setPeriodPool(
          trx.db,
          trx.tenantId,
          periodId,
          unitId,
          BigInt(amountCents),
        );
        await recordAudit(trx, {
          action: 'pool.set',
          objectType: 'period',
          objectId: periodId,
          detail: { unitId, amountCents },
        });
        undo = await applyPools(trx, loaded, await periodPoolMap(trx.db, trx.tenantId, periodId));
        return { ...pool, amountCents: centsNumber(pool.amountCents) };
      });
    } catch (error) {
      undo?.();
      throw error;
    }
  });
}

function signalView(s: SignalRecord): SignalView {
  return {
    id: s.id,
    ruleKey: s.ruleKey,
    kind: s.kind,
    personId: s.personId,
    personName: s.personName,
    periodId: s.periodId,
    scope: s.scope,
    groupId: s.groupId,
    proposes: { ...s.proposes },
    reason: { ...s.reason },
    status: s.status,
    decidedAt: s.decidedAt?.toISOString() ?? null,
    decidedBy: s.decidedBy,
    note: s.note,
  };
}

/** The signals of a period about the people the caller may see. */
export async function listSignals(
  ctx: ServiceContext,
  periodId: string,
  status: SignalStatus | undefined,
): Promise<SignalView[]> {
  await ensureComputed(ctx, periodId);
  const reach = visibility(ctx.subject, 'result.read');
  let personIds: string[] | undefined;
  if (reach.kind !== 'all') {
    const directory = await loadPeopleDirectory(ctx.db, ctx.tenantId);
    personIds = directory.people
      .filter(
        (p) =>
          unitVisible(reach, p.unitId, p.unitPath) ||
          (reach.kind === 'some' && reach.personIds.includes(p.personId)),
      )
      .map((p) => p.personId);
  }
  const signals = await listStoredSignals(ctx.db, ctx.tenantId, {
    periodId,
    ...(status === undefined ? {} : { status }),
    ...(personIds === undefined ? {} : { personIds }),
  });
  return signals.map(signalView);
}

/** A human's decision on a pending signal, with a note; audited as `signal.decide`. */
export async function decideSignal(
  ctx: ServiceContext,
  signalId: string,
  input: { decision: 'confirmed' | 'dismissed'; note: string },
): Promise<SignalView> {
  const decided = await inTransaction(ctx, async (trx) => {
    const record = await decideStoredSignal(
      trx.db,
      trx.tenantId,
      signalId,
      input.decision,
      ctx.actor.accountId,
      input.note,
    );
    await recordAudit(trx, {
      action: 'signal.decide',
      objectType: 'signal',
      objectId: signalId,
      detail: { decision: input.decision, note: record.note, personId: record.personId },
    });
    return record;
  });
  return signalView(decided);
}
