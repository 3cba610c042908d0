import { sql, type Kysely } from 'kysely';
import type {
  CardColour,
  CategoryKind,
  DocumentKind,
  LightColour,
  LocalText,
  StepRole,
  StepState,
  TaskPriority,
  TemplateStep,
} from '@tianheng/core';
import type { Database } from '../schema.ts';

/**
 * Bulk writes of work rows with their ids chosen by the caller, many rows per statement
 * (`INSERT … SELECT … FROM json_to_recordset`): the demo county's year of work and the
 * benchmark's 300,000 steps load in seconds instead of minutes. Rows are written as given —
 * the caller (a loader that planned a consistent year) owns their meaning; constraints and
 * foreign keys still check them. Events are not written here: they go through
 * `appendWorkEvents`, which chains them into the ledger. Run inside the caller's transaction
 * so that a load cut off half-way leaves nothing.
 */

/** Rows per statement: large enough to amortise the round trip, small enough for one JSON text. */
const BULK_CHUNK = 5000;

/** Column name and SQL type as `json_to_recordset` reads it (constants of this module only). */
type Columns = readonly (readonly [name: string, type: string])[];

async function insertRecords(
  db: Kysely<Database>,
  tenantId: string,
  table: string,
  columns: Columns,
  rows: readonly Record<string, unknown>[],
): Promise<number> {
  const names = sql.raw(columns.map(([name]) => name).join(', '));
  const definitions = sql.raw(columns.map(([name, type]) => `${name} ${type}`).join(', '));
  for (let start = 0; start < rows.length; start += BULK_CHUNK) {
    const chunk = JSON.stringify(rows.slice(start, start + BULK_CHUNK));
    await sql`
      INSERT INTO ${sql.table(table)} (tenant_id, ${names})
      SELECT ${tenantId}::uuid, ${names}
      FROM json_to_recordset(${chunk}::json) AS r(${definitions})`.execute(db);
  }
  return rows.length;
}

export interface BulkCategory {
  readonly id: string;
  readonly key: string;
  readonly name: LocalText;
  readonly kind: CategoryKind;
  readonly sortOrder: number;
}

export function bulkInsertCategories(
  db: Kysely<Database>,
  tenantId: string,
  rows: readonly BulkCategory[],
): Promise<number> {
  return insertRecords(
    db,
    tenantId,
    'work_category',
    [
      ['category_id', 'uuid'],
      ['key', 'text'],
      ['name', 'jsonb'],
      ['kind', 'text'],
      ['sort_order', 'integer'],
    ],
    rows.map((r) => ({
      category_id: r.id,
      key: r.key,
      name: r.name,
      kind: r.kind,
      sort_order: r.sortOrder,
    })),
  );
}

export interface BulkTemplate {
  readonly id: string;
  readonly key: string;
  readonly name: LocalText;
  readonly categoryKind: CategoryKind | null;
  readonly steps: readonly TemplateStep[];
  readonly createdAt: string;
}

export function bulkInsertTemplates(
  db: Kysely<Database>,
  tenantId: string,
  rows: readonly BulkTemplate[],
): Promise<number> {
  return insertRecords(
    db,
    tenantId,
    'work_template',
    [
      ['template_id', 'uuid'],
      ['key', 'text'],
      ['name', 'jsonb'],
      ['category_kind', 'text'],
      ['steps', 'jsonb'],
      ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
    ],
    rows.map((r) => ({
      template_id: r.id,
      key: r.key,
      name: r.name,
      category_kind: r.categoryKind,
      steps: r.steps,
      created_at: r.createdAt,
      updated_at: r.createdAt,
    })),
  );
}

export interface BulkTaskForce {
  readonly id: string;
  readonly name: string;
  readonly leaderPersonId: string;
  readonly basePoints: string;
  readonly allocationPool: string;
  readonly memberIds: readonly string[];
  readonly createdAt: string;
}

/** Task forces and their members (joined when the force was formed). */
export async function bulkInsertTaskForces(
  db: Kysely<Database>,
  tenantId: string,
  rows: readonly BulkTaskForce[],
): Promise<number> {
  await insertRecords(
    db,
    tenantId,
    'task_force',
    [
      ['task_force_id', 'uuid'],
      ['name', 'text'],
      ['leader_person_id', 'uuid'],
      ['base_points', 'numeric'],
      ['allocation_pool', 'numeric'],
      ['created_at', 'timestamptz'],
    ],
    rows.map((r) => ({
      task_force_id: r.id,
      name: r.name,
      leader_person_id: r.leaderPersonId,
      base_points: r.basePoints,
      allocation_pool: r.allocationPool,
      created_at: r.createdAt,
    })),
  );
  await insertRecords(
    db,
    tenantId,
    'task_force_member',
    [
      ['task_force_id', 'uuid'],
      ['person_id', 'uuid'],
      ['joined_at', 'timestamptz'],
    ],
    rows.flatMap((r) =>
      [...new Set(r.memberIds)].map((personId) => ({
        task_force_id: r.id,
        person_id: personId,
        joined_at: r.createdAt,
      })),
    ),
  );
  return rows.length;
}

export interface BulkTask {
  readonly id: string;
  readonly categoryId: string;
  readonly title: string;
  readonly description: string;
  readonly responsibleUnitId: string;
  readonly leadUnitId: string | null;
  readonly cooperatingUnitIds: readonly string[];
  readonly leaderPersonId: string | null;
  readonly startsOn: string;
  readonly dueOn: string;
  readonly priority: TaskPriority;
  readonly templateKey: string | null;
  readonly taskForceId: string | null;
  readonly status: 'active' | 'done' | 'cancelled';
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function bulkInsertTasks(
  db: Kysely<Database>,
  tenantId: string,
  rows: readonly BulkTask[],
): Promise<number> {
  return insertRecords(
    db,
    tenantId,
    'task',
    [
      ['task_id', 'uuid'],
      ['category_id', 'uuid'],
      ['title', 'text'],
      ['description', 'text'],
      ['responsible_unit_id', 'uuid'],
      ['lead_unit_id', 'uuid'],
      ['cooperating_unit_ids', 'uuid[]'],
      ['leader_person_id', 'uuid'],
      ['starts_on', 'date'],
      ['due_on', 'date'],
      ['priority', 'text'],
      ['template_key', 'text'],
      ['task_force_id', 'uuid'],
      ['status', 'text'],
      ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
    ],
    rows.map((r) => ({
      task_id: r.id,
      category_id: r.categoryId,
      title: r.title,
      description: r.description,
      responsible_unit_id: r.responsibleUnitId,
      lead_unit_id: r.leadUnitId,
      cooperating_unit_ids: r.cooperatingUnitIds,
      leader_person_id: r.leaderPersonId,
      starts_on: r.startsOn,
      due_on: r.dueOn,
      priority: r.priority,
      template_key: r.templateKey,
      task_force_id: r.taskForceId,
      status: r.status,
      created_at: r.createdAt,
      updated_at: r.updatedAt,
    })),
  );
}

export interface BulkStep {
  readonly id: string;
  readonly taskId: string;
  readonly seq: number;
  readonly name: string;
  readonly unitId: string;
  readonly plannedStart: string;
  readonly plannedEnd: string;
  readonly actualStart: string | null;
  readonly actualEnd: string | null;
  readonly points: string;
  readonly tags: readonly string[];
  readonly reviewRequired: boolean;
  readonly state: StepState;
  readonly flagged: boolean;
  readonly flagNote: string | null;
  readonly light: LightColour;
  /** When the light was last evaluated; not before `updatedAt` (else the tick re-reads it). */
  readonly lightAt: string | null;
  readonly updatedAt: string;
  readonly assignees: readonly { readonly role: StepRole; readonly personId: string }[];
}

/** Steps and their people by role. */
export async function bulkInsertSteps(
  db: Kysely<Database>,
  tenantId: string,
  rows: readonly BulkStep[],
): Promise<number> {
  await insertRecords(
    db,
    tenantId,
    'step',
    [
      ['step_id', 'uuid'],
      ['task_id', 'uuid'],
      ['seq', 'integer'],
      ['name', 'text'],
      ['unit_id', 'uuid'],
      ['planned_start', 'date'],
      ['planned_end', 'date'],
      ['actual_start', 'timestamptz'],
      ['actual_end', 'timestamptz'],
      ['points', 'numeric'],
      ['tags', 'text[]'],
      ['review_required', 'boolean'],
      ['state', 'text'],
      ['flagged', 'boolean'],
      ['flag_note', 'text'],
      ['light', 'text'],
      ['light_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
    ],
    rows.map((r) => ({
      step_id: r.id,
      task_id: r.taskId,
      seq: r.seq,
      name: r.name,
      unit_id: r.unitId,
      planned_start: r.plannedStart,
      planned_end: r.plannedEnd,
      actual_start: r.actualStart,
      actual_end: r.actualEnd,
      points: r.points,
      tags: r.tags,
      review_required: r.reviewRequired,
      state: r.state,
      flagged: r.flagged,
      flag_note: r.flagNote,
      light: r.light,
      light_at: r.lightAt,
      updated_at: r.updatedAt,
    })),
  );
  await insertRecords(
    db,
    tenantId,
    'step_assignee',
    [
      ['step_id', 'uuid'],
      ['role', 'text'],
      ['person_id', 'uuid'],
    ],
    rows.flatMap((r) =>
      r.assignees.map((a) => ({ step_id: r.id, role: a.role, person_id: a.personId })),
    ),
  );
  return rows.length;
}

export interface BulkPlanItem {
  readonly month: string;
  readonly stepId: string;
  readonly taskId: string;
  readonly unitId: string;
  readonly leadUnitId: string | null;
  readonly plannedEnd: string;
  readonly addedAt: string;
}

export function bulkInsertPlanItems(
  db: Kysely<Database>,
  tenantId: string,
  rows: readonly BulkPlanItem[],
): Promise<number> {
  return insertRecords(
    db,
    tenantId,
    'month_plan_item',
    [
      ['month', 'text'],
      ['step_id', 'uuid'],
      ['task_id', 'uuid'],
      ['unit_id', 'uuid'],
      ['lead_unit_id', 'uuid'],
      ['planned_end', 'date'],
      ['added_at', 'timestamptz'],
    ],
    rows.map((r) => ({
      month: r.month,
      step_id: r.stepId,
      task_id: r.taskId,
      unit_id: r.unitId,
      lead_unit_id: r.leadUnitId,
      planned_end: r.plannedEnd,
      added_at: r.addedAt,
    })),
  );
}

export interface BulkCard {
  readonly month: string;
  readonly taskId: string;
  readonly unitId: string;
  readonly as: 'responsible' | 'lead';
  readonly colour: CardColour;
  readonly planned: number;
  readonly done: number;
  readonly issuedAt: string;
}

export function bulkInsertCards(
  db: Kysely<Database>,
  tenantId: string,
  rows: readonly BulkCard[],
): Promise<number> {
  return insertRecords(
    db,
    tenantId,
    'work_card',
    [
      ['month', 'text'],
      ['task_id', 'uuid'],
      ['unit_id', 'uuid'],
      ['card_as', 'text'],
      ['colour', 'text'],
      ['planned', 'integer'],
      ['done', 'integer'],
      ['issued_at', 'timestamptz'],
    ],
    rows.map((r) => ({
      month: r.month,
      task_id: r.taskId,
      unit_id: r.unitId,
      card_as: r.as,
      colour: r.colour,
      planned: r.planned,
      done: r.done,
      issued_at: r.issuedAt,
    })),
  );
}

export interface BulkDocument {
  readonly id: string;
  readonly kind: DocumentKind;
  readonly title: string;
  readonly body: string;
  readonly readBy: string | null;
  readonly publishedBy: string | null;
  readonly publishedAt: string;
  readonly recipients: readonly {
    readonly personId: string;
    readonly viaUnitId: string | null;
    readonly readAt: string | null;
  }[];
}

/** Documents and their recipients with read receipts. */
export async function bulkInsertDocuments(
  db: Kysely<Database>,
  tenantId: string,
  rows: readonly BulkDocument[],
): Promise<number> {
  await insertRecords(
    db,
    tenantId,
    'work_document',
    [
      ['document_id', 'uuid'],
      ['kind', 'text'],
      ['title', 'text'],
      ['body', 'text'],
      ['read_by', 'timestamptz'],
      ['published_by', 'uuid'],
      ['published_at', 'timestamptz'],
    ],
    rows.map((r) => ({
      document_id: r.id,
      kind: r.kind,
      title: r.title,
      body: r.body,
      read_by: r.readBy,
      published_by: r.publishedBy,
      published_at: r.publishedAt,
    })),
  );
  await insertRecords(
    db,
    tenantId,
    'document_recipient',
    [
      ['document_id', 'uuid'],
      ['person_id', 'uuid'],
      ['via_unit_id', 'uuid'],
      ['read_at', 'timestamptz'],
    ],
    rows.flatMap((r) => {
      // One receipt per person, the first unit they were reached through.
      const seen = new Set<string>();
      return r.recipients.flatMap((x) => {
        if (seen.has(x.personId)) return [];
        seen.add(x.personId);
        return [
          { document_id: r.id, person_id: x.personId, via_unit_id: x.viaUnitId, read_at: x.readAt },
        ];
      });
    }),
  );
  return rows.length;
}

export interface BulkNotification {
  readonly personId: string;
  readonly kind: string;
  readonly title: LocalText;
  readonly body: LocalText | null;
  readonly link: string | null;
  readonly createdAt: string;
  readonly readAt: string | null;
}

export function bulkInsertNotifications(
  db: Kysely<Database>,
  tenantId: string,
  rows: readonly BulkNotification[],
): Promise<number> {
  return insertRecords(
    db,
    tenantId,
    'notification',
    [
      ['person_id', 'uuid'],
      ['kind', 'text'],
      ['title', 'jsonb'],
      ['body', 'jsonb'],
      ['link', 'text'],
      ['created_at', 'timestamptz'],
      ['read_at', 'timestamptz'],
    ],
    rows.map((r) => ({
      person_id: r.personId,
      kind: r.kind,
      title: r.title,
      body: r.body,
      link: r.link,
      created_at: r.createdAt,
      read_at: r.readAt,
    })),
  );
}

/** How many work rows a tenant holds, with its steps by light and cards by colour. */
export interface WorkRowCounts {
  readonly tables: Readonly<Record<(typeof countedTables)[number], number>>;
  readonly lights: Readonly<Partial<Record<LightColour, number>>>;
  readonly cards: Readonly<Partial<Record<CardColour, number>>>;
}

const countedTables = [
  'work_category',
  'work_template',
  'task_force',
  'task_force_member',
  'task',
  'step',
  'step_assignee',
  'work_event',
  'month_plan_item',
  'work_card',
  'work_document',
  'document_recipient',
  'notification',
] as const;

/** Count a tenant's work rows (what a load wrote; the bench reports it). */
export async function workRowCounts(
  db: Kysely<Database>,
  tenantId: string,
): Promise<WorkRowCounts> {
  const counts = sql.join(
    countedTables.map(
      (table) =>
        sql`SELECT ${table}::text AS k, count(*)::int AS n FROM ${sql.table(table)} WHERE tenant_id = ${tenantId}`,
    ),
    sql` UNION ALL `,
  );
  const { rows } = await sql<{ k: string; n: number }>`${counts}`.execute(db);
  const tables = Object.fromEntries(countedTables.map((t) => [t, 0])) as Record<
    (typeof countedTables)[number],
    number
  >;
  for (const r of rows) tables[r.k as (typeof countedTables)[number]] = r.n;
  const lights = await sql<{ k: LightColour; n: number }>`
    SELECT light AS k, count(*)::int AS n FROM step WHERE tenant_id = ${tenantId} GROUP BY light`.execute(
    db,
  );
  const cards = await sql<{ k: CardColour; n: number }>`
    SELECT colour AS k, count(*)::int AS n FROM work_card WHERE tenant_id = ${tenantId} GROUP BY colour`.execute(
    db,
  );
  return {
    tables,
    lights: Object.fromEntries(lights.rows.map((r) => [r.k, r.n])),
    cards: Object.fromEntries(cards.rows.map((r) => [r.k, r.n])),
  };
}

/** The work tables My work, the task lists and the lights tick read. */
const workReadTables = ['task', 'step', 'step_assignee', 'work_event', 'notification'] as const;

/**
 * Refresh the planner statistics of the work tables after a bulk load (PGlite has no
 * autovacuum: without them the planner guesses, e.g. nested loops over every step).
 */
export async function analyzeWorkTables(db: Kysely<Database>): Promise<void> {
  await sql`ANALYZE ${sql.raw(workReadTables.join(', '))}`.execute(db);
}

/**
 * A plain read of the rows and columns the lights tick reads (`readTickSteps`), without any
 * conversion: the benchmark's baseline. Returns how many rows came back.
 */
export async function readStepColumnsPlain(
  db: Kysely<Database>,
  tenantId: string,
): Promise<number> {
  const { rows } = await sql`
    SELECT s.step_id, s.task_id, s.state, s.planned_start, s.planned_end, s.actual_start,
      s.actual_end, s.flagged, s.light
    FROM step s
    WHERE s.tenant_id = ${tenantId}
      AND (s.state NOT IN ('done', 'cancelled') OR s.light_at IS NULL OR s.light_at < s.updated_at)`.execute(
    db,
  );
  return rows.length;
}
