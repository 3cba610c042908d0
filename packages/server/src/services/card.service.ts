/**
 * Monthly plans and three-colour cards (issue 4). Every scheduler tick snapshots the current
 * month's plan (steps whose planned end falls in the month; added once, never removed) and
 * issues the cards of every ended month that has none yet; issuing is idempotent.
 */
import {
  allowedActions,
  defaultWorkConfig,
  isMonthKey,
  localDate,
  monthCards,
  monthEnd,
  monthOf,
  monthRange,
  visibility,
  type Action,
  type Card,
  type CardColour,
  type LocalDate,
  type LocalText,
  type MonthPlanItem,
  type WorkConfig,
} from '@tianheng/core';
import {
  appendWorkEvents,
  getWorkConfig,
  insertCards,
  insertNotifications,
  listCards,
  listMonthPlan,
  monthsAwaitingCards,
  snapshotMonthPlan,
  unitDirectory,
  unitHeadsOf,
  type NewNotification,
} from '@tianheng/db';
import type { ServiceContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { inTransaction, recordAudit } from './audit.service.ts';

/** The tenant's work settings, or the defaults when it has none. */
export async function workConfigOf(ctx: ServiceContext): Promise<WorkConfig> {
  return (await getWorkConfig(ctx.db, ctx.tenantId)) ?? defaultWorkConfig;
}

/** Refuse a caller whose grants give the action nowhere (routes that filter rows themselves). */
export function requireActionSomewhere(ctx: ServiceContext, action: Action): void {
  if (!allowedActions(ctx.subject.grants).includes(action)) throw new AppError('forbidden');
}

/**
 * Which units the caller may see for an action: null = every unit, else a test by unit id
 * (own units and subtrees of the caller's grants).
 */
export async function unitFilter(
  ctx: ServiceContext,
  action: Action,
): Promise<((unitId: string) => boolean) | null> {
  const reach = visibility(ctx.subject, action);
  if (reach.kind === 'all') return null;
  if (reach.kind === 'none') return () => false;
  const units = await unitDirectory(ctx.db, ctx.tenantId);
  return (unitId) => {
    if (reach.unitIds.includes(unitId)) return true;
    const path = units.get(unitId)?.path;
    return path !== undefined && reach.pathPrefixes.some((p) => path.startsWith(p));
  };
}

const colourName: Readonly<Record<CardColour, LocalText>> = {
  green: { 'zh-CN': '绿牌', en: 'green card' },
  yellow: { 'zh-CN': '黄牌', en: 'yellow card' },
  red: { 'zh-CN': '红牌', en: 'red card' },
};

/** The local date a plan item's step was finished, or null when it is not done. */
function finishedOn(
  item: { state: string; actualEnd: Date | null },
  utcOffsetMinutes: number,
): LocalDate | null {
  return item.state === 'done' && item.actualEnd !== null
    ? localDate(item.actualEnd, utcOffsetMinutes)
    : null;
}

/**
 * Issue a month's cards in the caller's transaction: snapshot the month's plan first when it
 * has no cards yet (a month the scheduler never saw), then write the cards the rule gives
 * that are not written yet, record `card-issued` events and notify the units' heads.
 * Returns the cards written now.
 */
async function issueMonth(trx: ServiceContext, month: string, config: WorkConfig): Promise<Card[]> {
  const offset = config.lights.utcOffsetMinutes;
  const existing = await listCards(trx.db, trx.tenantId, month);
  if (existing.length === 0) {
    const { startsOn, endsOn } = monthRange(month);
    await snapshotMonthPlan(trx.db, trx.tenantId, month, startsOn, endsOn, trx.now);
  }
  const plan = await listMonthPlan(trx.db, trx.tenantId, month);
  if (plan.length === 0) return [];
  const items: MonthPlanItem[] = plan.map((p) => ({
    month: p.month,
    stepId: p.stepId,
    taskId: p.taskId,
    unitId: p.unitId,
    leadUnitId: p.leadUnitId,
    plannedEnd: p.plannedEnd,
  }));
  const finished = new Map(plan.map((p) => [p.stepId, finishedOn(p, offset)]));
  const written = await insertCards(
    trx.db,
    trx.tenantId,
    monthCards(items, finished, month),
    trx.now,
  );
  if (written.length === 0) return [];
  await appendWorkEvents(
    trx.db,
    trx.tenantId,
    written.map((c) => ({
      kind: 'card-issued' as const,
      taskId: c.taskId,
      stepId: null,
      actorPersonId: trx.subject.personId,
      actorAccountId: trx.actor.accountId,
      at: trx.now.toISOString(),
      body: {
        month: c.month,
        unitId: c.unitId,
        as: c.as,
        colour: c.colour,
        planned: c.planned,
        done: c.done,
      },
    })),
  );
  const titles = new Map(plan.map((p) => [p.taskId, p.taskTitle]));
  const heads = await unitHeadsOf(trx.db, trx.tenantId, [...new Set(written.map((c) => c.unitId))]);
  const notifications: NewNotification[] = [];
  for (const card of written) {
    const title = titles.get(card.taskId) ?? '';
    for (const head of heads.filter((h) => h.unitId === card.unitId))
      notifications.push({
        personId: head.personId,
        kind: 'card-issued',
        title: {
          'zh-CN': `${month} 月工作${colourName[card.colour]['zh-CN']}：${title}`,
          en: `${month} ${colourName[card.colour].en}: ${title}`,
        },
        body: {
          'zh-CN': `计划 ${card.planned} 项，完成 ${card.done} 项`,
          en: `${card.done} of ${card.planned} planned steps done`,
        },
        link: `/work/cards?month=${month}&unit=${card.unitId}`,
        createdAt: trx.now,
      });
  }
  await insertNotifications(trx.db, trx.tenantId, notifications);
  return written;
}

/**
 * The scheduler's card work (called every tick, after the lights): snapshot the current
 * month's plan and issue the cards of every ended month still without them. Idempotent.
 */
export async function cardTick(
  ctx: ServiceContext,
): Promise<{ planned: number; issued: number; months: string[] }> {
  const config = await workConfigOf(ctx);
  const month = monthOf(localDate(ctx.now, config.lights.utcOffsetMinutes));
  return inTransaction(ctx, async (trx) => {
    const { startsOn, endsOn } = monthRange(month);
    const planned = await snapshotMonthPlan(trx.db, trx.tenantId, month, startsOn, endsOn, trx.now);
    const months = await monthsAwaitingCards(trx.db, trx.tenantId, month);
    let issued = 0;
    for (const m of months) issued += (await issueMonth(trx, m, config)).length;
    return { planned, issued, months };
  });
}

/**
 * Issue a month's cards on demand (POST /api/work/cards/issue): refuses a month that has not
 * ended (`supervision-window-open`); re-issuing writes nothing. Audited as `card.issue`.
 */
export async function issueCards(ctx: ServiceContext, month: string): Promise<{ issued: number }> {
  if (!isMonthKey(month)) throw new AppError('invalid-input', 'month');
  const config = await workConfigOf(ctx);
  if (ctx.now.getTime() < Date.parse(monthEnd(month, config.lights.utcOffsetMinutes)))
    throw new AppError('supervision-window-open', 'month');
  return inTransaction(ctx, async (trx) => {
    const written = await issueMonth(trx, month, config);
    await recordAudit(trx, {
      action: 'card.issue',
      objectType: 'month',
      objectId: null,
      detail: { month, issued: written.length },
    });
    return { issued: written.length };
  });
}

/** The cards page: a month's plan (with done flags) and cards, within the caller's units. */
export interface CardsView {
  month: string;
  plan: (MonthPlanItem & {
    taskTitle: string;
    stepName: string;
    unitName: string;
    done: boolean;
  })[];
  cards: (Card & { taskTitle: string; unitName: string })[];
}

/**
 * A month's plan and cards (optionally one unit's), filtered to the units the caller may see
 * for `supervision.read`. A plan item is done when its step was finished by the month's end.
 */
export async function getCards(
  ctx: ServiceContext,
  month: string,
  unitId?: string,
): Promise<CardsView> {
  if (!isMonthKey(month)) throw new AppError('invalid-input', 'month');
  const config = await workConfigOf(ctx);
  const visible = await unitFilter(ctx, 'supervision.read');
  const only = unitId === undefined ? undefined : [unitId];
  const [plan, cards] = await Promise.all([
    listMonthPlan(ctx.db, ctx.tenantId, month, only),
    listCards(ctx.db, ctx.tenantId, month, only),
  ]);
  const sees = (...ids: (string | null)[]) =>
    visible === null || ids.some((id) => id !== null && visible(id));
  const { endsOn } = monthRange(month);
  return {
    month,
    plan: plan
      .filter((p) => sees(p.unitId, p.leadUnitId))
      .map((p) => {
        const finished = finishedOn(p, config.lights.utcOffsetMinutes);
        return {
          month: p.month,
          stepId: p.stepId,
          taskId: p.taskId,
          unitId: p.unitId,
          leadUnitId: p.leadUnitId,
          plannedEnd: p.plannedEnd,
          taskTitle: p.taskTitle,
          stepName: p.stepName,
          unitName: p.unitName,
          done: finished !== null && finished <= endsOn,
        };
      }),
    cards: cards
      .filter((c) => sees(c.unitId))
      .map((c) => ({
        month: c.month,
        taskId: c.taskId,
        unitId: c.unitId,
        as: c.as,
        colour: c.colour,
        planned: c.planned,
        done: c.done,
        taskTitle: c.taskTitle,
        unitName: c.unitName,
      })),
  };
}
