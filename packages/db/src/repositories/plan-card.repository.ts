import { sql, type Kysely } from 'kysely';
import type { Card, CardColour, MonthPlanItem } from '@tianheng/core';
import type { Database } from '../schema.ts';

/**
 * Monthly plans and three-colour cards (issue 4). A month's plan is the steps whose planned
 * end falls in the month, snapshotted into `month_plan_item`: rows are added once and never
 * removed, so moving a step's dates later cannot take it out of a plan. Each plan item is
 * filed under its task's responsible unit (the unit that carries the card) and the task's
 * lead unit. Cards are written once per (month, task, unit, as): re-issuing adds nothing.
 */

/**
 * Add to a month's plan every step of a live task (not cancelled) whose planned end falls in
 * `[startsOn, endsOn]` and that is not in the plan yet. Returns how many items were added.
 */
export async function snapshotMonthPlan(
  db: Kysely<Database>,
  tenantId: string,
  month: string,
  startsOn: string,
  endsOn: string,
  at: Date | string,
): Promise<number> {
  const result = await sql`
    INSERT INTO month_plan_item (tenant_id, month, step_id, task_id, unit_id, lead_unit_id,
      planned_end, added_at)
    SELECT s.tenant_id, ${month}, s.step_id, s.task_id, t.responsible_unit_id, t.lead_unit_id,
      s.planned_end, ${new Date(at).toISOString()}::timestamptz
    FROM step s
    JOIN task t ON t.tenant_id = s.tenant_id AND t.task_id = s.task_id
    WHERE s.tenant_id = ${tenantId} AND s.planned_end BETWEEN ${startsOn}::date AND ${endsOn}::date
      AND s.state <> 'cancelled' AND t.status <> 'cancelled'
    ON CONFLICT (tenant_id, month, step_id) DO NOTHING`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/** A plan item with what the cards page shows and what the card rule reads. */
export interface PlanItemRow extends MonthPlanItem {
  readonly taskTitle: string;
  readonly stepName: string;
  readonly unitName: string;
  /** The step's state and actual end now. */
  readonly state: string;
  readonly actualEnd: Date | null;
}

/** A month's plan items (optionally of some units only: responsible or lead), by task then step. */
export async function listMonthPlan(
  db: Kysely<Database>,
  tenantId: string,
  month: string,
  unitIds?: readonly string[],
): Promise<PlanItemRow[]> {
  let query = db
    .selectFrom('month_plan_item as m')
    .innerJoin('step as s', (j) =>
      j.onRef('s.tenant_id', '=', 'm.tenant_id').onRef('s.step_id', '=', 'm.step_id'),
    )
    .innerJoin('task as t', (j) =>
      j.onRef('t.tenant_id', '=', 'm.tenant_id').onRef('t.task_id', '=', 'm.task_id'),
    )
    .innerJoin('unit as u', (j) =>
      j.onRef('u.tenant_id', '=', 'm.tenant_id').onRef('u.unit_id', '=', 'm.unit_id'),
    )
    .select([
      'm.month',
      'm.step_id as stepId',
      'm.task_id as taskId',
      'm.unit_id as unitId',
      'm.lead_unit_id as leadUnitId',
      'm.planned_end as plannedEnd',
      't.title as taskTitle',
      's.name as stepName',
      'u.name as unitName',
      's.state',
      's.actual_end as actualEnd',
    ])
    .where('m.tenant_id', '=', tenantId)
    .where('m.month', '=', month);
  if (unitIds !== undefined) {
    if (unitIds.length === 0) return [];
    const ids = [...unitIds];
    query = query.where((eb) =>
      eb.or([eb('m.unit_id', 'in', ids), eb('m.lead_unit_id', 'in', ids)]),
    );
  }
  return query.orderBy('t.title').orderBy('m.task_id').orderBy('s.seq').orderBy('s.name').execute();
}

/**
 * Months before `beforeMonth` (`YYYY-MM`) that have a plan but no card yet, oldest first: what
 * the card tick still has to issue. A month's cards are issued in one transaction, so a month
 * with any card is done.
 */
export async function monthsAwaitingCards(
  db: Kysely<Database>,
  tenantId: string,
  beforeMonth: string,
): Promise<string[]> {
  const { rows } = await sql<{ month: string }>`
    SELECT p.month FROM (SELECT DISTINCT month FROM month_plan_item
      WHERE tenant_id = ${tenantId} AND month < ${beforeMonth}) p
    WHERE NOT EXISTS (SELECT 1 FROM work_card c WHERE c.tenant_id = ${tenantId}
      AND c.month = p.month)
    ORDER BY p.month`.execute(db);
  return rows.map((r) => r.month);
}

/** Store cards; those already issued are left alone. Returns the cards actually written. */
export async function insertCards(
  db: Kysely<Database>,
  tenantId: string,
  cards: readonly Card[],
  issuedAt: Date | string,
): Promise<Card[]> {
  if (cards.length === 0) return [];
  const at = new Date(issuedAt).toISOString();
  const rows = await db
    .insertInto('work_card')
    .values(
      cards.map((c) => ({
        tenant_id: tenantId,
        month: c.month,
        task_id: c.taskId,
        unit_id: c.unitId,
        card_as: c.as,
        colour: c.colour,
        planned: c.planned,
        done: c.done,
        issued_at: at,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'month', 'task_id', 'unit_id', 'card_as']).doNothing(),
    )
    .returning(['month', 'task_id', 'unit_id', 'card_as', 'colour', 'planned', 'done'])
    .execute();
  return rows.map(cardOf);
}

function cardOf(r: {
  month: string;
  task_id: string;
  unit_id: string;
  card_as: 'responsible' | 'lead';
  colour: CardColour;
  planned: number;
  done: number;
}): Card {
  return {
    month: r.month,
    taskId: r.task_id,
    unitId: r.unit_id,
    as: r.card_as,
    colour: r.colour,
    planned: r.planned,
    done: r.done,
  };
}

/** A card with the names the cards page shows. */
export interface CardRow extends Card {
  readonly taskTitle: string;
  readonly unitName: string;
  readonly issuedAt: Date;
}

/** A month's cards (optionally of some units only), by unit name, task title. */
export async function listCards(
  db: Kysely<Database>,
  tenantId: string,
  month: string,
  unitIds?: readonly string[],
): Promise<CardRow[]> {
  let query = db
    .selectFrom('work_card as c')
    .innerJoin('task as t', (j) =>
      j.onRef('t.tenant_id', '=', 'c.tenant_id').onRef('t.task_id', '=', 'c.task_id'),
    )
    .innerJoin('unit as u', (j) =>
      j.onRef('u.tenant_id', '=', 'c.tenant_id').onRef('u.unit_id', '=', 'c.unit_id'),
    )
    .select([
      'c.month',
      'c.task_id',
      'c.unit_id',
      'c.card_as',
      'c.colour',
      'c.planned',
      'c.done',
      'c.issued_at as issuedAt',
      't.title as taskTitle',
      'u.name as unitName',
    ])
    .where('c.tenant_id', '=', tenantId)
    .where('c.month', '=', month);
  if (unitIds !== undefined) {
    if (unitIds.length === 0) return [];
    query = query.where('c.unit_id', 'in', [...unitIds]);
  }
  const rows = await query
    .orderBy('u.name')
    .orderBy('c.unit_id')
    .orderBy('t.title')
    .orderBy('c.task_id')
    .orderBy('c.card_as')
    .execute();
  return rows.map((r) => ({
    ...cardOf(r),
    taskTitle: r.taskTitle,
    unitName: r.unitName,
    issuedAt: r.issuedAt,
  }));
}

/**
 * The heads of units, to notify about their cards: people whose account holds the
 * `unit_head` role anchored at the unit, and people named unit head on the unit's steps.
 */
export async function unitHeadsOf(
  db: Kysely<Database>,
  tenantId: string,
  unitIds: readonly string[],
): Promise<{ unitId: string; personId: string }[]> {
  if (unitIds.length === 0) return [];
  const ids = [...unitIds];
  const { rows } = await sql<{ unitId: string; personId: string }>`
    SELECT g.unit_id AS "unitId", a.person_id AS "personId"
    FROM role_grant g
    JOIN account a ON a.tenant_id = g.tenant_id AND a.account_id = g.account_id
    WHERE g.tenant_id = ${tenantId} AND g.role = 'unit_head' AND a.person_id IS NOT NULL
      AND NOT a.disabled AND g.unit_id = ANY(${ids}::uuid[])
    UNION
    SELECT s.unit_id, sa.person_id
    FROM step_assignee sa
    JOIN step s ON s.tenant_id = sa.tenant_id AND s.step_id = sa.step_id
    WHERE sa.tenant_id = ${tenantId} AND sa.role = 'unit-head' AND s.unit_id = ANY(${ids}::uuid[])
    ORDER BY 1, 2`.execute(db);
  return rows;
}
