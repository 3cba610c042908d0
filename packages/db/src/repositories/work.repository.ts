import { sql, type Kysely, type RawBuilder } from 'kysely';
import type {
  CategoryKind,
  Instant,
  LightColour,
  LocalText,
  Step,
  StepAssignee,
  StepRole,
  StepState,
  Task,
  TaskPriority,
  TaskStatus,
  TemplateStep,
  Visibility,
  WorkCategory,
  WorkConfig,
  WorkEvent,
  WorkEventKind,
  WorkTemplate,
} from '@tianheng/core';
import { StoreError } from '../ledger/store-error.ts';
import type { Database } from '../schema.ts';

/**
 * The work platform's store (issue 4): settings, categories, templates, tasks, steps with
 * their people, the reads behind the task list, the task page, My work and the lights tick.
 * History rows are appended by `appendWorkEvents` (ledger/work-events.ts).
 */

const iso = (d: Date | string | null): Instant | null =>
  d === null ? null : new Date(d).toISOString();

// ---------------------------------------------------------------- settings

/** The tenant's stored work settings, or null when it still uses the defaults. */
export async function getWorkConfig(
  db: Kysely<Database>,
  tenantId: string,
): Promise<WorkConfig | null> {
  const row = await db
    .selectFrom('work_config')
    .select('body')
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return row?.body ?? null;
}

/** Store the tenant's work settings (replacing earlier ones). */
export async function putWorkConfig(
  db: Kysely<Database>,
  tenantId: string,
  config: WorkConfig,
  updatedBy: string | null,
  at: Date,
): Promise<void> {
  const body = JSON.stringify(config);
  await db
    .insertInto('work_config')
    .values({ tenant_id: tenantId, body, updated_by: updatedBy, updated_at: at })
    .onConflict((oc) =>
      oc.column('tenant_id').doUpdateSet({ body, updated_by: updatedBy, updated_at: at }),
    )
    .execute();
}

// ---------------------------------------------------------------- categories

const categoryColumns = [
  'category_id as id',
  'key',
  'name',
  'kind',
  'sort_order as sortOrder',
  'archived',
] as const;

/** A tenant's categories in display order. */
export async function listCategories(
  db: Kysely<Database>,
  tenantId: string,
): Promise<WorkCategory[]> {
  return db
    .selectFrom('work_category')
    .select(categoryColumns)
    .where('tenant_id', '=', tenantId)
    .orderBy('sort_order')
    .orderBy('key')
    .execute();
}

/** One category of a tenant. */
export async function findCategory(
  db: Kysely<Database>,
  tenantId: string,
  categoryId: string,
): Promise<WorkCategory | undefined> {
  return db
    .selectFrom('work_category')
    .select(categoryColumns)
    .where('tenant_id', '=', tenantId)
    .where('category_id', '=', categoryId)
    .executeTakeFirst();
}

/** What a category is made of. */
export interface CategoryFields {
  readonly key: string;
  readonly name: LocalText;
  readonly kind: CategoryKind;
  readonly sortOrder: number;
  readonly archived: boolean;
}

/** Add a category; `category-key-taken` when the key is in use. */
export async function insertCategory(
  db: Kysely<Database>,
  tenantId: string,
  fields: CategoryFields,
): Promise<WorkCategory> {
  const row = await db
    .insertInto('work_category')
    .values({
      tenant_id: tenantId,
      key: fields.key,
      name: JSON.stringify(fields.name),
      kind: fields.kind,
      sort_order: fields.sortOrder,
      archived: fields.archived,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'key']).doNothing())
    .returning(categoryColumns)
    .executeTakeFirst();
  if (row === undefined) throw new StoreError('category-key-taken', 'key');
  return row;
}

/** Change a category; undefined when the tenant has no such category. */
export async function updateCategory(
  db: Kysely<Database>,
  tenantId: string,
  categoryId: string,
  fields: Partial<Omit<CategoryFields, 'key'>>,
): Promise<WorkCategory | undefined> {
  const set = {
    ...(fields.name === undefined ? {} : { name: JSON.stringify(fields.name) }),
    ...(fields.kind === undefined ? {} : { kind: fields.kind }),
    ...(fields.sortOrder === undefined ? {} : { sort_order: fields.sortOrder }),
    ...(fields.archived === undefined ? {} : { archived: fields.archived }),
  };
  if (Object.keys(set).length === 0) return findCategory(db, tenantId, categoryId);
  return db
    .updateTable('work_category')
    .set(set)
    .where('tenant_id', '=', tenantId)
    .where('category_id', '=', categoryId)
    .returning(categoryColumns)
    .executeTakeFirst();
}

// ---------------------------------------------------------------- templates

const templateColumns = [
  'template_id as id',
  'key',
  'name',
  'category_kind as categoryKind',
  'steps',
] as const;

/** A tenant's workflow templates by key. */
export async function listTemplates(
  db: Kysely<Database>,
  tenantId: string,
): Promise<WorkTemplate[]> {
  return db
    .selectFrom('work_template')
    .select(templateColumns)
    .where('tenant_id', '=', tenantId)
    .orderBy('key')
    .execute();
}

/** One template by id or key. */
export async function findTemplate(
  db: Kysely<Database>,
  tenantId: string,
  by: { readonly id: string } | { readonly key: string },
): Promise<WorkTemplate | undefined> {
  let query = db
    .selectFrom('work_template')
    .select(templateColumns)
    .where('tenant_id', '=', tenantId);
  query = 'id' in by ? query.where('template_id', '=', by.id) : query.where('key', '=', by.key);
  return query.executeTakeFirst();
}

/** What a template is made of. */
export interface TemplateFields {
  readonly key: string;
  readonly name: LocalText;
  readonly categoryKind: CategoryKind | null;
  readonly steps: readonly TemplateStep[];
}

/** Add a template; `template-invalid` on `key` when the key is in use. */
export async function insertTemplate(
  db: Kysely<Database>,
  tenantId: string,
  fields: TemplateFields,
  createdBy: string | null,
  at: Date,
): Promise<WorkTemplate> {
  const row = await db
    .insertInto('work_template')
    .values({
      tenant_id: tenantId,
      key: fields.key,
      name: JSON.stringify(fields.name),
      category_kind: fields.categoryKind,
      steps: JSON.stringify(fields.steps),
      created_by: createdBy,
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'key']).doNothing())
    .returning(templateColumns)
    .executeTakeFirst();
  if (row === undefined) throw new StoreError('template-invalid', 'key');
  return row;
}

/** Replace a template's name, kind and steps (the key stays); undefined when absent. */
export async function updateTemplate(
  db: Kysely<Database>,
  tenantId: string,
  templateId: string,
  fields: Omit<TemplateFields, 'key'>,
  at: Date,
): Promise<WorkTemplate | undefined> {
  return db
    .updateTable('work_template')
    .set({
      name: JSON.stringify(fields.name),
      category_kind: fields.categoryKind,
      steps: JSON.stringify(fields.steps),
      updated_at: at,
    })
    .where('tenant_id', '=', tenantId)
    .where('template_id', '=', templateId)
    .returning(templateColumns)
    .executeTakeFirst();
}

// ---------------------------------------------------------------- who sees a task

/**
 * Who is looking: the caller's `work.read` visibility over units and the caller's person
 * (a task is also visible to the people assigned to its steps and to its leader in charge).
 */
export interface TaskReach {
  readonly visibility: Visibility;
  readonly personId: string | null;
}

/** SQL condition on a task row aliased `t`: the reach covers it. */
function reachCondition(reach: TaskReach): RawBuilder<boolean> {
  const { visibility, personId } = reach;
  if (visibility.kind === 'all') return sql<boolean>`true`;
  const terms: RawBuilder<boolean>[] = [];
  if (visibility.kind === 'some') {
    const prefixes = visibility.pathPrefixes.map((p) => `${p}%`);
    if (prefixes.length + visibility.unitIds.length > 0)
      terms.push(sql<boolean>`EXISTS (
        SELECT 1 FROM unit u
        WHERE u.tenant_id = t.tenant_id
          AND (u.unit_id = t.responsible_unit_id OR u.unit_id = t.lead_unit_id
            OR u.unit_id = ANY(t.cooperating_unit_ids))
          AND (u.path LIKE ANY(${prefixes}::text[]) OR u.unit_id = ANY(${visibility.unitIds}::uuid[])))`);
    if (visibility.personIds.length > 0) terms.push(assignedCondition(visibility.personIds));
  }
  if (personId !== null) {
    terms.push(sql<boolean>`t.leader_person_id = ${personId}::uuid`);
    terms.push(assignedCondition([personId]));
  }
  if (terms.length === 0) return sql<boolean>`false`;
  return sql<boolean>`(${sql.join(terms, sql` OR `)})`;
}

function assignedCondition(personIds: readonly string[]): RawBuilder<boolean> {
  return sql<boolean>`EXISTS (
    SELECT 1 FROM step_assignee a
    JOIN step s ON s.tenant_id = a.tenant_id AND s.step_id = a.step_id
    WHERE a.tenant_id = t.tenant_id AND a.person_id = ANY(${personIds}::uuid[])
      AND s.task_id = t.task_id)`;
}

/** Whether a reach covers a task of the tenant. */
export async function taskVisible(
  db: Kysely<Database>,
  tenantId: string,
  taskId: string,
  reach: TaskReach,
): Promise<boolean> {
  const { rows } = await sql<{ one: number }>`
    SELECT 1 AS one FROM task t
    WHERE t.tenant_id = ${tenantId} AND t.task_id = ${taskId} AND ${reachCondition(reach)}`.execute(
    db,
  );
  return rows.length > 0;
}

// ---------------------------------------------------------------- tasks

interface TaskRow {
  task_id: string;
  category_id: string;
  title: string;
  description: string;
  responsible_unit_id: string;
  lead_unit_id: string | null;
  cooperating_unit_ids: string[];
  leader_person_id: string | null;
  starts_on: string;
  due_on: string;
  priority: TaskPriority;
  attachments: string[];
  template_key: string | null;
  task_force_id: string | null;
  status: TaskStatus;
  created_at: Date | string;
}

const taskColumnsSql = sql`t.task_id, t.category_id, t.title, t.description,
  t.responsible_unit_id, t.lead_unit_id, t.cooperating_unit_ids, t.leader_person_id,
  t.starts_on, t.due_on, t.priority, t.attachments, t.template_key, t.task_force_id, t.status,
  t.created_at`;

function toTask(row: TaskRow): Task {
  return {
    id: row.task_id,
    categoryId: row.category_id,
    title: row.title,
    description: row.description,
    responsibleUnitId: row.responsible_unit_id,
    leadUnitId: row.lead_unit_id,
    cooperatingUnitIds: row.cooperating_unit_ids,
    leaderPersonId: row.leader_person_id,
    startsOn: row.starts_on,
    dueOn: row.due_on,
    priority: row.priority,
    attachments: row.attachments,
    templateKey: row.template_key,
    taskForceId: row.task_force_id,
    status: row.status,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** A task of the tenant. */
export async function findTask(
  db: Kysely<Database>,
  tenantId: string,
  taskId: string,
): Promise<Task | undefined> {
  const { rows } = await sql<TaskRow>`
    SELECT ${taskColumnsSql} FROM task t
    WHERE t.tenant_id = ${tenantId} AND t.task_id = ${taskId}`.execute(db);
  return rows[0] && toTask(rows[0]);
}

/**
 * Lock a task's row for the rest of the caller's transaction: transitions of one task's steps
 * run one after another, so a hand-off sees every step its parallel branches finished.
 */
export async function lockTask(
  db: Kysely<Database>,
  tenantId: string,
  taskId: string,
): Promise<boolean> {
  const { rows } = await sql<{ one: number }>`
    SELECT 1 AS one FROM task WHERE tenant_id = ${tenantId} AND task_id = ${taskId} FOR UPDATE`.execute(
    db,
  );
  return rows.length > 0;
}

/** What a new task is made of. */
export interface NewTask {
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
  readonly attachments: readonly string[];
  readonly templateKey: string | null;
  readonly taskForceId: string | null;
  readonly createdBy: string | null;
  readonly createdAt: Date;
}

/** What a new step is made of. */
export interface NewStep {
  readonly seq: number;
  readonly name: string;
  readonly unitId: string;
  readonly plannedStart: string;
  readonly plannedEnd: string;
  readonly points: string;
  readonly tags: readonly string[];
  readonly reviewRequired: boolean;
  readonly assignees: readonly StepAssignee[];
}

/**
 * Store a task with its steps (state `waiting`, light white) and their people, in the
 * caller's transaction. Returns the task and its steps in `seq` order.
 */
export async function insertTaskWithSteps(
  db: Kysely<Database>,
  tenantId: string,
  task: NewTask,
  steps: readonly NewStep[],
): Promise<{ task: Task; steps: Step[] }> {
  const taskId = crypto.randomUUID();
  await db
    .insertInto('task')
    .values({
      tenant_id: tenantId,
      task_id: taskId,
      category_id: task.categoryId,
      title: task.title,
      description: task.description,
      responsible_unit_id: task.responsibleUnitId,
      lead_unit_id: task.leadUnitId,
      cooperating_unit_ids: [...task.cooperatingUnitIds],
      leader_person_id: task.leaderPersonId,
      starts_on: task.startsOn,
      due_on: task.dueOn,
      priority: task.priority,
      attachments: JSON.stringify(task.attachments),
      template_key: task.templateKey,
      task_force_id: task.taskForceId,
      created_by: task.createdBy,
      created_at: task.createdAt,
      updated_at: task.createdAt,
    })
    .execute();
  await insertSteps(db, tenantId, taskId, steps, task.createdAt);
  const stored = await findTask(db, tenantId, taskId);
  if (stored === undefined) throw new Error(`task ${taskId} vanished inside its transaction`);
  return { task: stored, steps: await listTaskSteps(db, tenantId, taskId) };
}

/** Store steps of a task (and their people) in one statement each. */
export async function insertSteps(
  db: Kysely<Database>,
  tenantId: string,
  taskId: string,
  steps: readonly NewStep[],
  at: Date,
): Promise<string[]> {
  if (steps.length === 0) return [];
  const ids = steps.map(() => crypto.randomUUID());
  const rows = steps.map((s, i) => ({
    step_id: ids[i],
    seq: s.seq,
    name: s.name,
    unit_id: s.unitId,
    planned_start: s.plannedStart,
    planned_end: s.plannedEnd,
    points: s.points,
    tags: s.tags,
    review_required: s.reviewRequired,
  }));
  await sql`
    INSERT INTO step (tenant_id, step_id, task_id, seq, name, unit_id, planned_start, planned_end,
      points, tags, review_required, updated_at)
    SELECT ${tenantId}::uuid, r.step_id, ${taskId}::uuid, r.seq, r.name, r.unit_id,
      r.planned_start, r.planned_end, r.points, ARRAY(SELECT json_array_elements_text(r.tags)),
      r.review_required, ${at.toISOString()}::timestamptz
    FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(step_id uuid, seq integer,
      name text, unit_id uuid, planned_start date, planned_end date, points numeric,
      tags json, review_required boolean)`.execute(db);
  await insertAssignees(
    db,
    tenantId,
    steps.flatMap((s, i) => s.assignees.map((a) => ({ stepId: ids[i] ?? '', ...a }))),
  );
  return ids;
}

async function insertAssignees(
  db: Kysely<Database>,
  tenantId: string,
  rows: readonly { stepId: string; role: StepRole; personId: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    INSERT INTO step_assignee (tenant_id, step_id, role, person_id)
    SELECT DISTINCT ${tenantId}::uuid, r."stepId", r.role, r."personId"
    FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r("stepId" uuid, role text, "personId" uuid)`.execute(
    db,
  );
}

/** Replace the people of a step. */
export async function replaceStepAssignees(
  db: Kysely<Database>,
  tenantId: string,
  stepId: string,
  assignees: readonly StepAssignee[],
): Promise<void> {
  await db
    .deleteFrom('step_assignee')
    .where('tenant_id', '=', tenantId)
    .where('step_id', '=', stepId)
    .execute();
  await insertAssignees(
    db,
    tenantId,
    assignees.map((a) => ({ stepId, ...a })),
  );
}

/** Fields of a task that can change after it is created. */
export interface TaskChanges {
  readonly title?: string;
  readonly description?: string;
  readonly startsOn?: string;
  readonly dueOn?: string;
  readonly priority?: TaskPriority;
  readonly status?: TaskStatus;
  readonly leadUnitId?: string | null;
  readonly cooperatingUnitIds?: readonly string[];
  readonly leaderPersonId?: string | null;
}

/** Change a task's fields. */
export async function updateTask(
  db: Kysely<Database>,
  tenantId: string,
  taskId: string,
  changes: TaskChanges,
  at: Date,
): Promise<void> {
  await db
    .updateTable('task')
    .set({
      ...(changes.title === undefined ? {} : { title: changes.title }),
      ...(changes.description === undefined ? {} : { description: changes.description }),
      ...(changes.startsOn === undefined ? {} : { starts_on: changes.startsOn }),
      ...(changes.dueOn === undefined ? {} : { due_on: changes.dueOn }),
      ...(changes.priority === undefined ? {} : { priority: changes.priority }),
      ...(changes.status === undefined ? {} : { status: changes.status }),
      ...(changes.leadUnitId === undefined ? {} : { lead_unit_id: changes.leadUnitId }),
      ...(changes.cooperatingUnitIds === undefined
        ? {}
        : { cooperating_unit_ids: [...changes.cooperatingUnitIds] }),
      ...(changes.leaderPersonId === undefined ? {} : { leader_person_id: changes.leaderPersonId }),
      updated_at: at,
    })
    .where('tenant_id', '=', tenantId)
    .where('task_id', '=', taskId)
    .execute();
}

// ---------------------------------------------------------------- steps

interface StepRow {
  step_id: string;
  task_id: string;
  seq: number;
  name: string;
  unit_id: string;
  planned_start: string;
  planned_end: string;
  actual_start: Date | string | null;
  actual_end: Date | string | null;
  points: string;
  tags: string[];
  review_required: boolean;
  state: StepState;
  flagged: boolean;
  light: LightColour;
  assignees: StepAssignee[] | null;
}

const stepSelect = sql`s.step_id, s.task_id, s.seq, s.name, s.unit_id, s.planned_start,
  s.planned_end, s.actual_start, s.actual_end, s.points, s.tags, s.review_required, s.state,
  s.flagged, s.light,
  (SELECT json_agg(json_build_object('role', a.role, 'personId', a.person_id)
     ORDER BY a.role, a.person_id)
   FROM step_assignee a WHERE a.tenant_id = s.tenant_id AND a.step_id = s.step_id) AS assignees`;

function toStep(row: StepRow): Step {
  return {
    id: row.step_id,
    taskId: row.task_id,
    seq: row.seq,
    name: row.name,
    unitId: row.unit_id,
    plannedStart: row.planned_start,
    plannedEnd: row.planned_end,
    actualStart: iso(row.actual_start),
    actualEnd: iso(row.actual_end),
    points: row.points,
    tags: row.tags,
    reviewRequired: row.review_required,
    state: row.state,
    flagged: row.flagged,
    assignees: row.assignees ?? [],
    light: row.light,
  };
}

/** A task's steps with their people, in `seq` order. */
export async function listTaskSteps(
  db: Kysely<Database>,
  tenantId: string,
  taskId: string,
): Promise<Step[]> {
  const { rows } = await sql<StepRow>`
    SELECT ${stepSelect} FROM step s
    WHERE s.tenant_id = ${tenantId} AND s.task_id = ${taskId}
    ORDER BY s.seq, s.name, s.step_id`.execute(db);
  return rows.map(toStep);
}

/** One step with its people; `forUpdate` locks its row for a transition. */
export async function findStep(
  db: Kysely<Database>,
  tenantId: string,
  stepId: string,
  forUpdate = false,
): Promise<Step | undefined> {
  const { rows } = await sql<StepRow>`
    SELECT ${stepSelect} FROM step s
    WHERE s.tenant_id = ${tenantId} AND s.step_id = ${stepId}
    ${forUpdate ? sql`FOR UPDATE OF s` : sql``}`.execute(db);
  return rows[0] && toStep(rows[0]);
}

/** What a transition or an edit changes on a step (absent = unchanged). */
export interface StepChanges {
  readonly name?: string;
  readonly plannedStart?: string;
  readonly plannedEnd?: string;
  readonly points?: string;
  readonly tags?: readonly string[];
  readonly reviewRequired?: boolean;
  readonly state?: StepState;
  readonly actualStart?: Instant | null;
  readonly actualEnd?: Instant | null;
  readonly flagged?: boolean;
  readonly flagNote?: string | null;
  readonly light?: LightColour;
}

/** Change a step; the light, when given, is stamped with `at`. */
export async function updateStep(
  db: Kysely<Database>,
  tenantId: string,
  stepId: string,
  changes: StepChanges,
  at: Date,
): Promise<void> {
  await db
    .updateTable('step')
    .set({
      ...(changes.name === undefined ? {} : { name: changes.name }),
      ...(changes.plannedStart === undefined ? {} : { planned_start: changes.plannedStart }),
      ...(changes.plannedEnd === undefined ? {} : { planned_end: changes.plannedEnd }),
      ...(changes.points === undefined ? {} : { points: changes.points }),
      ...(changes.tags === undefined ? {} : { tags: [...changes.tags] }),
      ...(changes.reviewRequired === undefined ? {} : { review_required: changes.reviewRequired }),
      ...(changes.state === undefined ? {} : { state: changes.state }),
      ...(changes.actualStart === undefined ? {} : { actual_start: changes.actualStart }),
      ...(changes.actualEnd === undefined ? {} : { actual_end: changes.actualEnd }),
      ...(changes.flagged === undefined ? {} : { flagged: changes.flagged }),
      ...(changes.flagNote === undefined ? {} : { flag_note: changes.flagNote }),
      ...(changes.light === undefined ? {} : { light: changes.light, light_at: at }),
      updated_at: at,
    })
    .where('tenant_id', '=', tenantId)
    .where('step_id', '=', stepId)
    .execute();
}

// ---------------------------------------------------------------- task list and counts

/** Filters of the task list. */
export interface TaskFilters {
  /** One task (the task page's summary). */
  readonly taskId?: string;
  readonly categoryId?: string;
  /** Tasks where the unit is responsible, lead or cooperating. */
  readonly unitId?: string;
  readonly status?: TaskStatus;
  /** Tasks with at least one (not cancelled) step of this light. */
  readonly light?: LightColour;
  /** Words in the title. */
  readonly q?: string;
  readonly limit: number;
  readonly offset: number;
}

/** A task of the list with the names it shows and the states and lights of its steps. */
export interface TaskListRow {
  readonly task: Task;
  readonly categoryName: LocalText;
  readonly responsibleUnitName: string;
  readonly leadUnitName: string | null;
  readonly leaderName: string | null;
  /** State and light of every step, for the core's progress and light counts. */
  readonly steps: readonly { readonly state: StepState; readonly light: LightColour }[];
}

interface TaskListSqlRow extends TaskRow {
  category_name: LocalText;
  responsible_unit_name: string;
  lead_unit_name: string | null;
  leader_name: string | null;
  steps: { state: StepState; light: LightColour }[] | null;
  total: string;
}

function taskFilterConditions(tenantId: string, filters: Omit<TaskFilters, 'limit' | 'offset'>) {
  const terms: RawBuilder<unknown>[] = [sql`t.tenant_id = ${tenantId}`];
  if (filters.taskId !== undefined) terms.push(sql`t.task_id = ${filters.taskId}`);
  if (filters.categoryId !== undefined) terms.push(sql`t.category_id = ${filters.categoryId}`);
  if (filters.status !== undefined) terms.push(sql`t.status = ${filters.status}`);
  if (filters.unitId !== undefined)
    terms.push(sql`(t.responsible_unit_id = ${filters.unitId}::uuid
      OR t.lead_unit_id = ${filters.unitId}::uuid
      OR ${filters.unitId}::uuid = ANY(t.cooperating_unit_ids))`);
  if (filters.q !== undefined && filters.q.trim() !== '')
    terms.push(sql`t.title ILIKE ${`%${filters.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  if (filters.light !== undefined)
    terms.push(sql`EXISTS (SELECT 1 FROM step s WHERE s.tenant_id = t.tenant_id
      AND s.task_id = t.task_id AND s.light = ${filters.light} AND s.state <> 'cancelled')`);
  return terms;
}

/** A page of the tasks a reach covers, by due date, with the total. */
export async function listTasks(
  db: Kysely<Database>,
  tenantId: string,
  filters: TaskFilters,
  reach: TaskReach,
): Promise<{ items: TaskListRow[]; total: number }> {
  const where = sql.join(
    [...taskFilterConditions(tenantId, filters), reachCondition(reach)],
    sql` AND `,
  );
  const { rows } = await sql<TaskListSqlRow>`
    WITH page AS (
      SELECT ${taskColumnsSql}, count(*) OVER () AS total
      FROM task t
      WHERE ${where}
      ORDER BY t.due_on, t.created_at, t.task_id
      LIMIT ${filters.limit} OFFSET ${filters.offset}
    )
    SELECT p.*, c.name AS category_name, ru.name AS responsible_unit_name,
      lu.name AS lead_unit_name, lp.name AS leader_name,
      (SELECT json_agg(json_build_object('state', s.state, 'light', s.light))
       FROM step s WHERE s.tenant_id = ${tenantId} AND s.task_id = p.task_id) AS steps
    FROM page p
    JOIN work_category c ON c.tenant_id = ${tenantId} AND c.category_id = p.category_id
    JOIN unit ru ON ru.tenant_id = ${tenantId} AND ru.unit_id = p.responsible_unit_id
    LEFT JOIN unit lu ON lu.tenant_id = ${tenantId} AND lu.unit_id = p.lead_unit_id
    LEFT JOIN person lp ON lp.tenant_id = ${tenantId} AND lp.person_id = p.leader_person_id
    ORDER BY p.due_on, p.created_at, p.task_id`.execute(db);
  let total = Number(rows[0]?.total ?? 0);
  if (rows.length === 0 && filters.offset > 0) {
    const { rows: counted } = await sql<{ n: string }>`
      SELECT count(*) AS n FROM task t WHERE ${where}`.execute(db);
    total = Number(counted[0]?.n ?? 0);
  }
  return {
    items: rows.map((r) => ({
      task: toTask(r),
      categoryName: r.category_name,
      responsibleUnitName: r.responsible_unit_name,
      leadUnitName: r.lead_unit_name,
      leaderName: r.leader_name,
      steps: r.steps ?? [],
    })),
    total,
  };
}

/** Per category: the number of visible (not cancelled) tasks and their steps' lights. */
export async function categoryCounts(
  db: Kysely<Database>,
  tenantId: string,
  reach: TaskReach,
): Promise<Map<string, { tasks: number; lights: Record<LightColour, number> }>> {
  const { rows } = await sql<{
    category_id: string;
    tasks: string;
    white: string;
    blue: string;
    green: string;
    yellow: string;
    red: string;
  }>`
    WITH visible AS (
      SELECT t.task_id, t.category_id FROM task t
      WHERE t.tenant_id = ${tenantId} AND t.status <> 'cancelled' AND ${reachCondition(reach)}
    ),
    lights AS (
      SELECT v.category_id,
        count(*) FILTER (WHERE s.light = 'white') AS white,
        count(*) FILTER (WHERE s.light = 'blue') AS blue,
        count(*) FILTER (WHERE s.light = 'green') AS green,
        count(*) FILTER (WHERE s.light = 'yellow') AS yellow,
        count(*) FILTER (WHERE s.light = 'red') AS red
      FROM visible v
      JOIN step s ON s.tenant_id = ${tenantId} AND s.task_id = v.task_id AND s.state <> 'cancelled'
      GROUP BY v.category_id
    )
    SELECT t.category_id, count(*) AS tasks, coalesce(l.white, 0) AS white,
      coalesce(l.blue, 0) AS blue, coalesce(l.green, 0) AS green,
      coalesce(l.yellow, 0) AS yellow, coalesce(l.red, 0) AS red
    FROM visible t LEFT JOIN lights l ON l.category_id = t.category_id
    GROUP BY t.category_id, l.white, l.blue, l.green, l.yellow, l.red`.execute(db);
  return new Map(
    rows.map((r) => [
      r.category_id,
      {
        tasks: Number(r.tasks),
        lights: {
          white: Number(r.white),
          blue: Number(r.blue),
          green: Number(r.green),
          yellow: Number(r.yellow),
          red: Number(r.red),
        },
      },
    ]),
  );
}

// ---------------------------------------------------------------- names and history

/** Names of people of the tenant by id (unknown ids are absent). */
export async function personNames(
  db: Kysely<Database>,
  tenantId: string,
  personIds: readonly string[],
): Promise<Map<string, string>> {
  if (personIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('person')
    .select(['person_id', 'name'])
    .where('tenant_id', '=', tenantId)
    .where('person_id', 'in', [...new Set(personIds)])
    .execute();
  return new Map(rows.map((r) => [r.person_id, r.name]));
}

/** Names of units of the tenant by id (unknown ids are absent). */
export async function unitNames(
  db: Kysely<Database>,
  tenantId: string,
  unitIds: readonly string[],
): Promise<Map<string, string>> {
  if (unitIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('unit')
    .select(['unit_id', 'name'])
    .where('tenant_id', '=', tenantId)
    .where('unit_id', 'in', [...new Set(unitIds)])
    .execute();
  return new Map(rows.map((r) => [r.unit_id, r.name]));
}

/** Of the given people, those not in the tenant (for a `field` error). */
export async function missingPeople(
  db: Kysely<Database>,
  tenantId: string,
  personIds: readonly string[],
): Promise<string[]> {
  const found = await personNames(db, tenantId, personIds);
  return [...new Set(personIds)].filter((id) => !found.has(id));
}

/** A recorded work event with the acting person's name. */
export interface WorkEventRow extends WorkEvent {
  readonly actorName: string | null;
}

/** A task's history, oldest first (its own events and its steps'). */
export async function listTaskEvents(
  db: Kysely<Database>,
  tenantId: string,
  taskId: string,
): Promise<WorkEventRow[]> {
  const { rows } = await sql<{
    event_id: string;
    kind: WorkEventKind;
    task_id: string | null;
    step_id: string | null;
    actor_person_id: string | null;
    at: Date | string;
    body: Record<string, unknown>;
    actor_name: string | null;
  }>`
    SELECT e.event_id, e.kind, e.task_id, e.step_id, e.actor_person_id, e.at, e.body,
      p.name AS actor_name
    FROM work_event e
    LEFT JOIN person p ON p.tenant_id = e.tenant_id AND p.person_id = e.actor_person_id
    WHERE e.tenant_id = ${tenantId} AND e.task_id = ${taskId}
    ORDER BY e.at, e.event_id`.execute(db);
  return rows.map((r) => ({
    id: r.event_id,
    kind: r.kind,
    taskId: r.task_id,
    stepId: r.step_id,
    actorPersonId: r.actor_person_id,
    at: new Date(r.at).toISOString(),
    body: r.body,
    actorName: r.actor_name,
  }));
}

// ---------------------------------------------------------------- My work

/** One open step a person holds a role on, with what My work shows. */
export interface MyStepRow {
  readonly stepId: string;
  readonly taskId: string;
  readonly taskTitle: string;
  readonly name: string;
  readonly plannedStart: string;
  readonly plannedEnd: string;
  readonly actualStart: Instant | null;
  readonly actualEnd: Instant | null;
  readonly light: LightColour;
  readonly state: StepState;
  readonly flagged: boolean;
  readonly roles: StepRole[];
  readonly points: string;
}

/**
 * The open steps (active, submitted, returned) a person handles or reviews, with all the
 * roles they hold on each — what My work can list (holding only other roles lists nothing):
 * one query from step_assignee(person) to step and task, by planned end.
 */
export async function listMySteps(
  db: Kysely<Database>,
  tenantId: string,
  personId: string,
): Promise<MyStepRow[]> {
  const { rows } = await sql<{
    step_id: string;
    task_id: string;
    task_title: string;
    name: string;
    planned_start: string;
    planned_end: string;
    actual_start: Date | string | null;
    actual_end: Date | string | null;
    light: LightColour;
    state: StepState;
    flagged: boolean;
    roles: StepRole[];
    points: string;
  }>`
    SELECT s.step_id, s.task_id, t.title AS task_title, s.name, s.planned_start, s.planned_end,
      s.actual_start, s.actual_end, s.light, s.state, s.flagged, s.points,
      ARRAY(SELECT r.role FROM step_assignee r
        WHERE r.tenant_id = ${tenantId} AND r.step_id = s.step_id AND r.person_id = ${personId}
        ORDER BY r.role) AS roles
    FROM (
      SELECT DISTINCT a.step_id FROM step_assignee a
      WHERE a.tenant_id = ${tenantId} AND a.person_id = ${personId}
        AND a.role IN ('handler', 'reviewer')
    ) m
    JOIN step s ON s.tenant_id = ${tenantId} AND s.step_id = m.step_id
    JOIN task t ON t.tenant_id = ${tenantId} AND t.task_id = s.task_id
    WHERE s.state IN ('active', 'submitted', 'returned') AND t.status = 'active'
    ORDER BY s.planned_end, s.step_id`.execute(db);
  return rows.map((r) => ({
    stepId: r.step_id,
    taskId: r.task_id,
    taskTitle: r.task_title,
    name: r.name,
    plannedStart: r.planned_start,
    plannedEnd: r.planned_end,
    actualStart: iso(r.actual_start),
    actualEnd: iso(r.actual_end),
    light: r.light,
    state: r.state,
    flagged: r.flagged,
    roles: r.roles,
    points: r.points,
  }));
}

// ---------------------------------------------------------------- the lights tick

/**
 * What the lights tick reads of the steps to evaluate, column by column (no per-row
 * objects): every open step, plus closed steps whose light was never stamped or predates
 * their last change. Instants are ISO strings (null when unset).
 */
export interface TickSteps {
  readonly count: number;
  readonly stepId: string[];
  readonly taskId: string[];
  readonly state: StepState[];
  readonly plannedStart: string[];
  readonly plannedEnd: string[];
  readonly actualStart: (string | null)[];
  readonly actualEnd: (string | null)[];
  readonly flagged: boolean[];
  readonly light: LightColour[];
}

/** Read the steps the lights tick evaluates (only the columns it needs). */
export async function readTickSteps(db: Kysely<Database>, tenantId: string): Promise<TickSteps> {
  const { rows } = await sql<{
    i: string;
    t: string;
    s: StepState;
    ps: string;
    pe: string;
    as: string | null;
    ae: string | null;
    f: boolean;
    l: LightColour;
  }>`
    SELECT s.step_id AS i, s.task_id AS t, s.state AS s, s.planned_start AS ps,
      s.planned_end AS pe,
      to_char(s.actual_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS as,
      to_char(s.actual_end AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ae,
      s.flagged AS f, s.light AS l
    FROM step s
    WHERE s.tenant_id = ${tenantId}
      AND (s.state NOT IN ('done', 'cancelled') OR s.light_at IS NULL OR s.light_at < s.updated_at)`.execute(
    db,
  );
  const n = rows.length;
  const out: TickSteps = {
    count: n,
    stepId: new Array<string>(n),
    taskId: new Array<string>(n),
    state: new Array<StepState>(n),
    plannedStart: new Array<string>(n),
    plannedEnd: new Array<string>(n),
    actualStart: new Array<string | null>(n),
    actualEnd: new Array<string | null>(n),
    flagged: new Array<boolean>(n),
    light: new Array<LightColour>(n),
  };
  for (let k = 0; k < n; k++) {
    const r = rows[k];
    if (r === undefined) continue;
    out.stepId[k] = r.i;
    out.taskId[k] = r.t;
    out.state[k] = r.s;
    out.plannedStart[k] = r.ps;
    out.plannedEnd[k] = r.pe;
    out.actualStart[k] = r.as;
    out.actualEnd[k] = r.ae;
    out.flagged[k] = r.f;
    out.light[k] = r.l;
  }
  return out;
}

/** One light the tick writes: the colour it read (`from`) and the one it computed (`to`). */
export interface LightWrite {
  readonly stepId: string;
  readonly from: LightColour;
  readonly to: LightColour;
}

/** Rows per UPDATE … FROM json_to_recordset statement. */
const LIGHT_CHUNK = 5000;

/**
 * Store lights computed by the tick, stamping `light_at`. A step whose light changed since
 * the tick read it (a transition in between) is left alone. Returns the ids written.
 */
export async function writeStepLights(
  db: Kysely<Database>,
  tenantId: string,
  writes: readonly LightWrite[],
  at: Date,
): Promise<Set<string>> {
  const written = new Set<string>();
  for (let start = 0; start < writes.length; start += LIGHT_CHUNK) {
    const chunk = writes.slice(start, start + LIGHT_CHUNK).map((w) => ({
      i: w.stepId,
      f: w.from,
      t: w.to,
    }));
    const { rows } = await sql<{ step_id: string }>`
      UPDATE step s SET light = w.t, light_at = ${at.toISOString()}::timestamptz
      FROM json_to_recordset(${JSON.stringify(chunk)}::json) AS w(i uuid, f text, t text)
      WHERE s.tenant_id = ${tenantId} AND s.step_id = w.i AND s.light = w.f
      RETURNING s.step_id`.execute(db);
    for (const r of rows) written.add(r.step_id);
  }
  return written;
}

/** The people of some steps (for red-light carriers and notifications). */
export async function stepAssignees(
  db: Kysely<Database>,
  tenantId: string,
  stepIds: readonly string[],
): Promise<Map<string, StepAssignee[]>> {
  const out = new Map<string, StepAssignee[]>();
  if (stepIds.length === 0) return out;
  const { rows } = await sql<{ step_id: string; role: StepRole; person_id: string }>`
    SELECT a.step_id, a.role, a.person_id FROM step_assignee a
    WHERE a.tenant_id = ${tenantId} AND a.step_id = ANY(${[...stepIds]}::uuid[])
    ORDER BY a.step_id, a.role, a.person_id`.execute(db);
  for (const r of rows) {
    const list = out.get(r.step_id) ?? [];
    list.push({ role: r.role, personId: r.person_id });
    out.set(r.step_id, list);
  }
  return out;
}

/** Names of steps and titles of their tasks, for notification texts. */
export async function stepTitles(
  db: Kysely<Database>,
  tenantId: string,
  stepIds: readonly string[],
): Promise<Map<string, { stepName: string; taskId: string; taskTitle: string }>> {
  if (stepIds.length === 0) return new Map();
  const { rows } = await sql<{ step_id: string; name: string; task_id: string; title: string }>`
    SELECT s.step_id, s.name, s.task_id, t.title FROM step s
    JOIN task t ON t.tenant_id = s.tenant_id AND t.task_id = s.task_id
    WHERE s.tenant_id = ${tenantId} AND s.step_id = ANY(${[...stepIds]}::uuid[])`.execute(db);
  return new Map(
    rows.map((r) => [r.step_id, { stepName: r.name, taskId: r.task_id, taskTitle: r.title }]),
  );
}
