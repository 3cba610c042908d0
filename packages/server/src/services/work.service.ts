import { randomBytes } from 'node:crypto';
import {
  authorize,
  canComplete,
  canReview,
  completeOutcome,
  defaultWorkConfig,
  localDate,
  myWorkBuckets,
  stepLight,
  stepsToActivate,
  validateRoleShares,
  validateTaskInput,
  validateTemplate,
  visibility,
  type CategoryKind,
  type LightColour,
  type LightInput,
  type LocalText,
  type Step,
  type StepAssignee,
  type StepRole,
  type StepState,
  type TaskInput,
  type TaskPriority,
  type TaskStatus,
  type TemplateStep,
  type WorkCategory,
  type WorkConfig,
  type MyStep,
  type MyStepInput,
  type MyWork,
  type WorkProblem,
  type WorkTemplate,
} from '@tianheng/core';
import {
  appendWorkEvents,
  categoryCounts,
  findCategory,
  findStep,
  findTask,
  findTemplate,
  findUnit,
  getWorkConfig,
  insertCategory,
  insertTaskWithSteps,
  insertTemplate,
  listCategories,
  listMySteps,
  listTaskEvents,
  listTaskSteps,
  listTasks as listStoredTasks,
  listTemplates as listStoredTemplates,
  lockTask,
  personNames,
  putWorkConfig,
  replaceStepAssignees,
  taskVisible,
  unitNames,
  updateCategory as updateStoredCategory,
  updateStep as updateStoredStep,
  updateTask as updateStoredTask,
  updateTemplate as updateStoredTemplate,
  type MyStepRow,
  type NewWorkEvent,
  type StepChanges,
  type TaskReach,
  type WorkEventRow,
} from '@tianheng/db';
import { LoadingCache } from '../caches/loading-cache.ts';
import type { ReadCaches } from '../caches/read-caches.ts';
import type { ServiceContext } from '../context.ts';
import { requireAttachments } from './attachment.service.ts';
import { AppError } from '../errors.ts';
import { inTransaction, recordAudit } from './audit.service.ts';
import { notify, type NotificationMessage } from './notification.service.ts';
import {
  stepView,
  taskSummary,
  type StepView,
  type TaskDetail,
  type TaskSummary,
} from './work-views.ts';

// ---------------------------------------------------------------- read caches

/**
 * With the app's read caches (ADR 0005: one process owns the data), My work's rows per person
 * and each tenant's settings are served from memory until a write drops them. Every writer of
 * what they hold is in this file and commits before it calls `workChanged` (task creation and
 * edits, step edits and transitions) or drops the settings (`putConfig`); bulk loads run
 * before the app starts. The lights tick only writes stored lights, which My work does not
 * read: it computes each light at the request's time. So no TTL: a periodic reload would
 * stall every request queued behind it on the one embedded connection.
 */
interface WorkCaches {
  readonly mySteps: LoadingCache<string, MyStepRow[]>;
  readonly config: LoadingCache<string, WorkConfig>;
}
const workCaches = new WeakMap<ReadCaches, WorkCaches>();

function workCachesOf(ctx: ServiceContext): WorkCaches | null {
  if (!ctx.caches) return null;
  let caches = workCaches.get(ctx.caches);
  if (caches === undefined) {
    caches = {
      mySteps: new LoadingCache(Number.POSITIVE_INFINITY, 10_000),
      config: new LoadingCache(Number.POSITIVE_INFINITY, 1_000),
    };
    workCaches.set(ctx.caches, caches);
  }
  return caches;
}

/** Call after (not inside) a committed transaction that wrote the tenant's tasks or steps. */
export function workChanged(ctx: ServiceContext): void {
  const prefix = `${ctx.tenantId}:`;
  workCachesOf(ctx)?.mySteps.deleteWhere((key) => key.startsWith(prefix));
}

// ---------------------------------------------------------------- settings

/** The tenant's work settings (the defaults until somebody stores others). */
export async function workConfigOf(ctx: ServiceContext): Promise<WorkConfig> {
  const load = async () => (await getWorkConfig(ctx.db, ctx.tenantId)) ?? defaultWorkConfig;
  const caches = workCachesOf(ctx);
  if (caches === null) return load();
  return (await caches.config.get(ctx.tenantId, ctx.now.getTime(), load)) ?? defaultWorkConfig;
}

/** Replace the tenant's work settings; role shares must be valid (`work-shares-invalid`). */
export async function putConfig(ctx: ServiceContext, config: WorkConfig): Promise<WorkConfig> {
  const problems = validateRoleShares(config.roleShares);
  const first = problems[0];
  if (first !== undefined)
    throw new AppError('work-shares-invalid', `roleShares${suffix(first.path)}`);
  await inTransaction(ctx, async (trx) => {
    await putWorkConfig(trx.db, trx.tenantId, config, ctx.actor.accountId, ctx.now);
    await recordAudit(trx, {
      action: 'work.config',
      objectType: 'work-config',
      objectId: null,
      detail: { config },
    });
  });
  workCachesOf(ctx)?.config.delete(ctx.tenantId);
  return config;
}

const suffix = (path: string) => (path === '' ? '' : path.startsWith('[') ? path : `.${path}`);

// ---------------------------------------------------------------- who sees what

/** What the caller sees of the tasks: `work.read` over their units, or being assigned. */
export function reachOf(ctx: ServiceContext): TaskReach {
  // The system itself (CLI, demo loader, scheduler) sees everything.
  if (ctx.actor.accountId === null) return { visibility: { kind: 'all' }, personId: null };
  return { visibility: visibility(ctx.subject, 'work.read'), personId: ctx.subject.personId };
}

/** A task the caller may see, or `task-not-found` (also for another tenant's ids). */
async function requireVisibleTask(ctx: ServiceContext, taskId: string) {
  const task = await findTask(ctx.db, ctx.tenantId, taskId);
  if (task === undefined || !(await taskVisible(ctx.db, ctx.tenantId, taskId, reachOf(ctx))))
    throw new AppError('task-not-found');
  return task;
}

/** The caller's person, or `no-linked-person` (acting on steps needs one). */
function personOf(ctx: ServiceContext): string {
  const personId = ctx.subject.personId;
  if (personId === null) throw new AppError('no-linked-person');
  return personId;
}

// ---------------------------------------------------------------- categories

/** A category with its visible tasks and their steps' lights. */
export type CategoryView = WorkCategory & { tasks: number; lights: Record<LightColour, number> };

const noLights = (): Record<LightColour, number> => ({
  white: 0,
  blue: 0,
  green: 0,
  yellow: 0,
  red: 0,
});

/** Categories with counts over the tasks the caller sees. */
export async function listCategoryViews(ctx: ServiceContext): Promise<{ items: CategoryView[] }> {
  const [categories, counts] = await Promise.all([
    listCategories(ctx.db, ctx.tenantId),
    categoryCounts(ctx.db, ctx.tenantId, reachOf(ctx)),
  ]);
  return {
    items: categories.map((c) => {
      const count = counts.get(c.id);
      return { ...c, tasks: count?.tasks ?? 0, lights: count?.lights ?? noLights() };
    }),
  };
}

/** Add a category (audited). */
export async function createCategory(
  ctx: ServiceContext,
  input: { key: string; name: LocalText; kind: CategoryKind; sortOrder?: number },
): Promise<CategoryView> {
  const created = await inTransaction(ctx, async (trx) => {
    const category = await insertCategory(trx.db, trx.tenantId, {
      key: input.key,
      name: input.name,
      kind: input.kind,
      sortOrder: input.sortOrder ?? 0,
      archived: false,
    });
    await recordAudit(trx, {
      action: 'work.category.create',
      objectType: 'work-category',
      objectId: category.id,
      detail: { key: category.key, name: category.name, kind: category.kind },
    });
    return category;
  });
  return { ...created, tasks: 0, lights: noLights() };
}

/** Change a category's name, kind, order or archived flag (audited). */
export async function updateCategory(
  ctx: ServiceContext,
  categoryId: string,
  patch: { name?: LocalText; kind?: CategoryKind; sortOrder?: number; archived?: boolean },
): Promise<WorkCategory> {
  return inTransaction(ctx, async (trx) => {
    const updated = await updateStoredCategory(trx.db, trx.tenantId, categoryId, patch);
    if (updated === undefined) throw new AppError('category-not-found');
    await recordAudit(trx, {
      action: 'work.category.update',
      objectType: 'work-category',
      objectId: categoryId,
      detail: { ...patch },
    });
    return updated;
  });
}

// ---------------------------------------------------------------- templates

/** A tenant's workflow templates. */
export async function listTemplates(ctx: ServiceContext): Promise<{ items: WorkTemplate[] }> {
  return { items: await listStoredTemplates(ctx.db, ctx.tenantId) };
}

/** Add a workflow template (audited). */
export async function createTemplate(
  ctx: ServiceContext,
  input: { key: string; name: LocalText; categoryKind: CategoryKind | null; steps: TemplateStep[] },
): Promise<WorkTemplate> {
  const invalid = problemError(validateTemplate(input));
  if (invalid) throw invalid;
  return inTransaction(ctx, async (trx) => {
    const template = await insertTemplate(
      trx.db,
      trx.tenantId,
      input,
      ctx.actor.accountId,
      ctx.now,
    );
    await recordAudit(trx, {
      action: 'work.template.create',
      objectType: 'work-template',
      objectId: template.id,
      detail: { key: template.key, steps: template.steps.length },
    });
    return template;
  });
}

/** Replace a template's name, kind and steps (audited). */
export async function updateTemplate(
  ctx: ServiceContext,
  templateId: string,
  input: { name: LocalText; categoryKind: CategoryKind | null; steps: TemplateStep[] },
): Promise<WorkTemplate> {
  const invalid = problemError(validateTemplate({ key: 'unchanged', ...input }));
  if (invalid) throw invalid;
  return inTransaction(ctx, async (trx) => {
    const template = await updateStoredTemplate(trx.db, trx.tenantId, templateId, input, ctx.now);
    if (template === undefined) throw new AppError('template-not-found');
    await recordAudit(trx, {
      action: 'work.template.update',
      objectType: 'work-template',
      objectId: templateId,
      detail: { key: template.key, steps: template.steps.length },
    });
    return template;
  });
}

// ---------------------------------------------------------------- tasks

/** Filters of the task list. */
export interface TaskListQuery {
  categoryId?: string;
  unitId?: string;
  status?: TaskStatus;
  light?: LightColour;
  q?: string;
  limit?: number;
  offset?: number;
}

/** A page of the tasks the caller sees, by due date. */
export async function listTasks(
  ctx: ServiceContext,
  query: TaskListQuery,
): Promise<{ items: TaskSummary[]; total: number }> {
  const { items, total } = await listStoredTasks(
    ctx.db,
    ctx.tenantId,
    { ...query, limit: query.limit ?? 50, offset: query.offset ?? 0 },
    reachOf(ctx),
  );
  return { items: items.map(taskSummary), total };
}

/** The summary of one task (a one-row list). */
async function summaryOf(ctx: ServiceContext, taskId: string): Promise<TaskSummary> {
  const { items } = await listStoredTasks(
    ctx.db,
    ctx.tenantId,
    { taskId, limit: 1, offset: 0 },
    { visibility: { kind: 'all' }, personId: null },
  );
  const row = items.find((r) => r.task.id === taskId);
  if (row === undefined) throw new AppError('task-not-found');
  return taskSummary(row);
}

/** The task page: summary, steps with people and what the caller may do, history. */
export async function getTaskDetail(ctx: ServiceContext, taskId: string): Promise<TaskDetail> {
  await requireVisibleTask(ctx, taskId);
  return taskDetail(ctx, taskId);
}

async function taskDetail(ctx: ServiceContext, taskId: string): Promise<TaskDetail> {
  const [task, steps, events] = await Promise.all([
    summaryOf(ctx, taskId),
    listTaskSteps(ctx.db, ctx.tenantId, taskId),
    listTaskEvents(ctx.db, ctx.tenantId, taskId),
  ]);
  const names = await namesFor(ctx, steps, events);
  return {
    task,
    steps: steps.map((s) => stepView(s, names, ctx.subject.personId)),
    events,
  };
}

async function namesFor(
  ctx: ServiceContext,
  steps: readonly Step[],
  events: readonly WorkEventRow[] = [],
) {
  const [units, people] = await Promise.all([
    unitNames(
      ctx.db,
      ctx.tenantId,
      steps.map((s) => s.unitId),
    ),
    personNames(ctx.db, ctx.tenantId, [
      ...steps.flatMap((s) => s.assignees.map((a) => a.personId)),
      ...events.flatMap((e) => (e.actorPersonId === null ? [] : [e.actorPersonId])),
    ]),
  ]);
  return { units, people };
}

/** What creating a task takes: the task's fields and its steps (from a template or by hand). */
export type CreateTaskInput = TaskInput;

/** An AppError for the first problem the core rules found. */
function problemError(problems: readonly WorkProblem[]): AppError | null {
  const first = problems[0];
  if (first === undefined) return null;
  return new AppError(first.code, first.path, { problems });
}

/** Ids the input names must exist in the tenant: units and people (422 with the field). */
async function checkReferences(ctx: ServiceContext, input: CreateTaskInput): Promise<void> {
  const unitRefs: [string, string][] = [];
  if (input.leadUnitId != null) unitRefs.push(['leadUnitId', input.leadUnitId]);
  (input.cooperatingUnitIds ?? []).forEach((id, i) =>
    unitRefs.push([`cooperatingUnitIds[${i}]`, id]),
  );
  input.steps.forEach((s, i) => {
    if (s.unitId != null) unitRefs.push([`steps[${i}].unitId`, s.unitId]);
  });
  const personRefs: [string, string][] = [];
  if (input.leaderPersonId != null) personRefs.push(['leaderPersonId', input.leaderPersonId]);
  input.steps.forEach((s, i) =>
    s.assignees.forEach((a, j) =>
      personRefs.push([`steps[${i}].assignees[${j}].personId`, a.personId]),
    ),
  );
  const [units, people] = await Promise.all([
    unitNames(
      ctx.db,
      ctx.tenantId,
      unitRefs.map(([, id]) => id),
    ),
    personNames(
      ctx.db,
      ctx.tenantId,
      personRefs.map(([, id]) => id),
    ),
  ]);
  const badUnit = unitRefs.find(([, id]) => !units.has(id));
  if (badUnit) throw new AppError('task-invalid', badUnit[0]);
  const badPerson = personRefs.find(([, id]) => !people.has(id));
  if (badPerson) throw new AppError('task-invalid', badPerson[0]);
}

/** Events and notifications a batch of transitions produces, written together at the end. */
interface Effects {
  readonly events: NewWorkEvent[];
  readonly messages: NotificationMessage[];
}

let lastIdMs = 0;
let idCounter = 0;

/**
 * A time-ordered event id (UUID version 7 with a counter): events recorded at the same
 * instant list in the order they were made (history is ordered by instant, then id).
 */
export function nextEventId(): string {
  const ms = Math.max(Date.now(), lastIdMs);
  idCounter = ms === lastIdMs ? idCounter + 1 : 0;
  lastIdMs = ms;
  if (idCounter > 0xfff) {
    lastIdMs += 1;
    idCounter = 0;
  }
  const hex = lastIdMs.toString(16).padStart(12, '0');
  const counter = (0x7000 | idCounter).toString(16);
  const rand = randomBytes(8);
  rand[0] = ((rand[0] ?? 0) & 0x3f) | 0x80;
  const tail = rand.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8)}-${counter}-${tail.slice(0, 4)}-${tail.slice(4)}`;
}

function eventOf(
  ctx: ServiceContext,
  kind: NewWorkEvent['kind'],
  step: { id: string; taskId: string } | null,
  taskId: string,
  body: Record<string, unknown>,
): NewWorkEvent {
  return {
    id: nextEventId(),
    kind,
    taskId,
    stepId: step?.id ?? null,
    actorPersonId: ctx.subject.personId,
    actorAccountId: ctx.actor.accountId,
    at: ctx.now.toISOString(),
    body,
  };
}

const lightInput = (step: Step): LightInput => ({
  state: step.state,
  plannedStart: step.plannedStart,
  plannedEnd: step.plannedEnd,
  actualStart: step.actualStart,
  actualEnd: step.actualEnd,
  flagged: step.flagged,
});

/**
 * Store a change of a step: re-evaluate its light at `ctx.now` and store it with the change;
 * a `light-changed` event when the colour moves (the transition's own event is the caller's).
 */
async function changeStep(
  ctx: ServiceContext,
  config: WorkConfig,
  step: Step,
  changes: StepChanges,
  effects: Effects,
): Promise<Step> {
  const next: Step = {
    ...step,
    ...(changes.name === undefined ? {} : { name: changes.name }),
    ...(changes.plannedStart === undefined ? {} : { plannedStart: changes.plannedStart }),
    ...(changes.plannedEnd === undefined ? {} : { plannedEnd: changes.plannedEnd }),
    ...(changes.points === undefined ? {} : { points: changes.points }),
    ...(changes.tags === undefined ? {} : { tags: changes.tags }),
    ...(changes.reviewRequired === undefined ? {} : { reviewRequired: changes.reviewRequired }),
    ...(changes.state === undefined ? {} : { state: changes.state }),
    ...(changes.actualStart === undefined ? {} : { actualStart: changes.actualStart }),
    ...(changes.actualEnd === undefined ? {} : { actualEnd: changes.actualEnd }),
    ...(changes.flagged === undefined ? {} : { flagged: changes.flagged }),
  };
  const light = stepLight(lightInput(next), ctx.now.toISOString(), config.lights);
  if (light !== step.light)
    effects.events.push(
      eventOf(ctx, 'light-changed', step, step.taskId, { from: step.light, to: light }),
    );
  await updateStoredStep(ctx.db, ctx.tenantId, step.id, { ...changes, light }, ctx.now);
  return { ...next, light };
}

const taskLink = (taskId: string) => `/work/tasks/${taskId}`;

/** Tell a step's people (all roles, or the given ones) something about it. */
function tellStep(
  effects: Effects,
  step: Step,
  taskTitle: string,
  kind: string,
  title: LocalText,
  roles: readonly StepRole[] | 'all',
  except: string | null = null,
): void {
  for (const a of step.assignees) {
    if (roles !== 'all' && !roles.includes(a.role)) continue;
    if (a.personId === except) continue;
    effects.messages.push({
      personId: a.personId,
      kind,
      title,
      body: { 'zh-CN': `${taskTitle} · ${step.name}`, en: `${taskTitle} · ${step.name}` },
      link: taskLink(step.taskId),
    });
  }
}

/**
 * Start every waiting step whose earlier steps are all done (hand-off): `step-started`, its
 * light, and a notification to its people. When every step is done or cancelled the task
 * is done.
 */
async function handOff(
  ctx: ServiceContext,
  config: WorkConfig,
  taskId: string,
  taskTitle: string,
  effects: Effects,
): Promise<void> {
  const steps = await listTaskSteps(ctx.db, ctx.tenantId, taskId);
  const starting = new Set(stepsToActivate(steps));
  for (const step of steps) {
    if (!starting.has(step.id)) continue;
    const started = await changeStep(
      ctx,
      config,
      step,
      { state: 'active', actualStart: ctx.now.toISOString() },
      effects,
    );
    effects.events.push(eventOf(ctx, 'step-started', started, taskId, {}));
    tellStep(
      effects,
      started,
      taskTitle,
      'step-started',
      { 'zh-CN': `轮到您办理：${started.name}`, en: `Your turn: ${started.name}` },
      'all',
    );
  }
  if (
    starting.size === 0 &&
    steps.length > 0 &&
    steps.every((s) => s.state === 'done' || s.state === 'cancelled')
  ) {
    await updateStoredTask(ctx.db, ctx.tenantId, taskId, { status: 'done' }, ctx.now);
    effects.events.push(
      eventOf(ctx, 'task-updated', null, taskId, {
        from: { status: 'active' },
        to: { status: 'done' },
      }),
    );
  }
}

async function flush(ctx: ServiceContext, effects: Effects): Promise<void> {
  await appendWorkEvents(ctx.db, ctx.tenantId, effects.events);
  await notify(ctx, effects.messages);
}

/**
 * Create a task from its input (a template's steps adjusted, or steps by hand): validated by
 * the core rules (422 `task-invalid`/`step-invalid` with the field), stored with its steps and
 * people and a `task-created` event in one transaction; the first steps start and their people
 * are notified.
 */
export async function createTask(ctx: ServiceContext, input: CreateTaskInput): Promise<TaskDetail> {
  const invalid = problemError(validateTaskInput(input));
  if (invalid) throw invalid;
  if ((await findCategory(ctx.db, ctx.tenantId, input.categoryId)) === undefined)
    throw new AppError('category-not-found', 'categoryId');
  if (
    input.templateKey != null &&
    (await findTemplate(ctx.db, ctx.tenantId, { key: input.templateKey })) === undefined
  )
    throw new AppError('template-not-found', 'templateKey');
  await checkReferences(ctx, input);
  await requireAttachments(ctx, input.attachments, 'attachments');
  const config = await workConfigOf(ctx);
  const taskId = await inTransaction(ctx, async (trx) => {
    const { task, steps } = await insertTaskWithSteps(
      trx.db,
      trx.tenantId,
      {
        categoryId: input.categoryId,
        title: input.title.trim(),
        description: input.description ?? '',
        responsibleUnitId: input.responsibleUnitId,
        leadUnitId: input.leadUnitId ?? null,
        cooperatingUnitIds: input.cooperatingUnitIds ?? [],
        leaderPersonId: input.leaderPersonId ?? null,
        startsOn: input.startsOn,
        dueOn: input.dueOn,
        priority: input.priority ?? 'normal',
        attachments: input.attachments ?? [],
        templateKey: input.templateKey ?? null,
        taskForceId: null,
        createdBy: ctx.actor.accountId,
        createdAt: ctx.now,
      },
      input.steps.map((s) => ({
        seq: s.seq,
        name: s.name.trim(),
        unitId: s.unitId ?? input.responsibleUnitId,
        plannedStart: s.plannedStart,
        plannedEnd: s.plannedEnd,
        points: s.points,
        tags: s.tags,
        reviewRequired: s.reviewRequired,
        assignees: s.assignees,
      })),
    );
    const effects: Effects = { events: [], messages: [] };
    effects.events.push(
      eventOf(trx, 'task-created', null, task.id, {
        title: task.title,
        categoryId: task.categoryId,
        templateKey: task.templateKey,
        steps: steps.map((s) => ({ id: s.id, seq: s.seq, name: s.name })),
        // Ledgered with the task, so `ledger verify` can hold the files to these bytes.
        ...(task.attachments.length > 0 ? { attachments: [...task.attachments] } : {}),
      }),
    );
    await handOff(trx, config, task.id, task.title, effects);
    await flush(trx, effects);
    return task.id;
  });
  workChanged(ctx);
  return taskDetail(ctx, taskId);
}

/** What PATCH /api/work/tasks/:id may change. */
export interface TaskPatch {
  title?: string;
  description?: string;
  startsOn?: string;
  dueOn?: string;
  priority?: TaskPriority;
  status?: TaskStatus;
  leadUnitId?: string | null;
  cooperatingUnitIds?: string[];
  leaderPersonId?: string | null;
}

/**
 * Change a task (a `task-updated` event with what changed). Cancelling a task cancels its
 * unfinished steps (each with a `step-updated` event), so their lights stop.
 */
export async function updateTask(
  ctx: ServiceContext,
  taskId: string,
  patch: TaskPatch,
): Promise<TaskDetail> {
  const task = await requireVisibleTask(ctx, taskId);
  const startsOn = patch.startsOn ?? task.startsOn;
  const dueOn = patch.dueOn ?? task.dueOn;
  if (dueOn < startsOn)
    throw new AppError('task-invalid', patch.dueOn === undefined ? 'startsOn' : 'dueOn');
  const units = [
    ...(patch.leadUnitId ? [['leadUnitId', patch.leadUnitId]] : []),
    ...(patch.cooperatingUnitIds ?? []).map((id, i) => [`cooperatingUnitIds[${i}]`, id]),
  ] as [string, string][];
  const found = await unitNames(
    ctx.db,
    ctx.tenantId,
    units.map(([, id]) => id),
  );
  const badUnit = units.find(([, id]) => !found.has(id));
  if (badUnit) throw new AppError('task-invalid', badUnit[0]);
  if (patch.leaderPersonId) {
    const people = await personNames(ctx.db, ctx.tenantId, [patch.leaderPersonId]);
    if (!people.has(patch.leaderPersonId)) throw new AppError('task-invalid', 'leaderPersonId');
  }
  const from: Record<string, unknown> = {};
  const to: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    const before = (task as unknown as Record<string, unknown>)[key];
    if (JSON.stringify(before) === JSON.stringify(value)) continue;
    from[key] = before;
    to[key] = value;
  }
  if (Object.keys(to).length > 0) {
    const config = await workConfigOf(ctx);
    await inTransaction(ctx, async (trx) => {
      await lockTask(trx.db, trx.tenantId, taskId);
      await updateStoredTask(trx.db, trx.tenantId, taskId, patch, ctx.now);
      const effects: Effects = {
        events: [eventOf(trx, 'task-updated', null, taskId, { from, to })],
        messages: [],
      };
      if (patch.status === 'cancelled') {
        for (const step of await listTaskSteps(trx.db, trx.tenantId, taskId)) {
          if (step.state === 'done' || step.state === 'cancelled') continue;
          await changeStep(trx, config, step, { state: 'cancelled' }, effects);
          effects.events.push(
            eventOf(trx, 'step-updated', step, taskId, {
              from: { state: step.state },
              to: { state: 'cancelled' },
            }),
          );
        }
      }
      await flush(trx, effects);
    });
    workChanged(ctx);
  }
  return taskDetail(ctx, taskId);
}

// ---------------------------------------------------------------- steps

/** A step of the caller's tenant (locked when `forUpdate`), or `step-not-found`. */
async function requireStep(ctx: ServiceContext, stepId: string, forUpdate = false): Promise<Step> {
  const step = await findStep(ctx.db, ctx.tenantId, stepId, forUpdate);
  if (step === undefined) throw new AppError('step-not-found');
  return step;
}

/** The responsible unit of a step's task (for `work.write` checks). */
export async function stepTaskUnit(ctx: ServiceContext, stepId: string): Promise<string> {
  const step = await requireStep(ctx, stepId);
  const task = await findTask(ctx.db, ctx.tenantId, step.taskId);
  if (task === undefined) throw new AppError('step-not-found');
  return task.responsibleUnitId;
}

/** The responsible unit of a task (for `work.write` checks). */
export async function taskUnit(ctx: ServiceContext, taskId: string): Promise<string> {
  const task = await findTask(ctx.db, ctx.tenantId, taskId);
  if (task === undefined) throw new AppError('task-not-found');
  return task.responsibleUnitId;
}

/** The step as the caller sees it now. */
async function viewOf(ctx: ServiceContext, stepId: string): Promise<StepView> {
  const step = await requireStep(ctx, stepId);
  return stepView(step, await namesFor(ctx, [step]), ctx.subject.personId);
}

/** Run a transition on a locked step with the task's title and the settings at hand. */
async function transition(
  ctx: ServiceContext,
  stepId: string,
  act: (
    trx: ServiceContext,
    step: Step,
    task: { title: string; status: TaskStatus },
    config: WorkConfig,
    effects: Effects,
  ) => Promise<void>,
): Promise<StepView> {
  const config = await workConfigOf(ctx);
  await inTransaction(ctx, async (trx) => {
    // Serialise the transitions of one task (parallel branches finishing at once hand off once).
    const { taskId } = await requireStep(trx, stepId);
    await lockTask(trx.db, trx.tenantId, taskId);
    const step = await requireStep(trx, stepId, true);
    const task = await findTask(trx.db, trx.tenantId, step.taskId);
    if (task === undefined) throw new AppError('step-not-found');
    if (task.status !== 'active') throw new AppError('step-state-invalid');
    const effects: Effects = { events: [], messages: [] };
    await act(trx, step, task, config, effects);
    await flush(trx, effects);
  });
  workChanged(ctx);
  return viewOf(ctx, stepId);
}

const holds = (step: Step, personId: string, roles: readonly StepRole[]) =>
  step.assignees.some((a) => a.personId === personId && roles.includes(a.role));

/**
 * Complete a step (only an assigned handler): with review required it is submitted and the
 * reviewers are notified; otherwise it is done and the next steps start (hand-off).
 */
export async function completeStep(
  ctx: ServiceContext,
  stepId: string,
  input: { note?: string; attachments?: string[] },
): Promise<StepView> {
  const personId = personOf(ctx);
  await requireAttachments(ctx, input.attachments, 'attachments');
  return transition(ctx, stepId, async (trx, step, task, config, effects) => {
    if (!canComplete(step, personId)) {
      if (!holds(step, personId, ['handler'])) throw new AppError('step-not-assigned');
      throw new AppError('step-state-invalid');
    }
    const note = input.note?.trim() ? { note: input.note.trim() } : {};
    // The evidence goes with the step into review and with its completion.
    const evidence = {
      ...note,
      ...(input.attachments && input.attachments.length > 0
        ? { attachments: input.attachments }
        : {}),
    };
    if (completeOutcome(step) === 'submitted') {
      const submitted = await changeStep(trx, config, step, { state: 'submitted' }, effects);
      effects.events.push(eventOf(trx, 'step-submitted', step, step.taskId, evidence));
      tellStep(
        effects,
        submitted,
        task.title,
        'step-submitted',
        { 'zh-CN': `待您审核：${step.name}`, en: `Waiting for your review: ${step.name}` },
        ['reviewer'],
      );
      return;
    }
    await changeStep(
      trx,
      config,
      step,
      { state: 'done', actualEnd: ctx.now.toISOString() },
      effects,
    );
    effects.events.push(eventOf(trx, 'step-completed', step, step.taskId, evidence));
    await handOff(trx, config, step.taskId, task.title, effects);
  });
}

/** Check the caller may review the step: an assigned reviewer, step submitted. */
function checkReviewer(step: Step, personId: string): void {
  if (canReview(step, personId)) return;
  if (!holds(step, personId, ['reviewer'])) throw new AppError('step-not-reviewer');
  throw new AppError('step-state-invalid');
}

/** Approve a submitted step (only its reviewer): done, and the next steps start. */
export async function approveStep(
  ctx: ServiceContext,
  stepId: string,
  input: { note?: string },
): Promise<StepView> {
  const personId = personOf(ctx);
  return transition(ctx, stepId, async (trx, step, task, config, effects) => {
    checkReviewer(step, personId);
    await changeStep(
      trx,
      config,
      step,
      { state: 'done', actualEnd: ctx.now.toISOString() },
      effects,
    );
    effects.events.push(
      eventOf(
        trx,
        'step-approved',
        step,
        step.taskId,
        input.note?.trim() ? { note: input.note.trim() } : {},
      ),
    );
    await handOff(trx, config, step.taskId, task.title, effects);
  });
}

/** Return a submitted step with a note (only its reviewer): its handlers are told. */
export async function returnStep(
  ctx: ServiceContext,
  stepId: string,
  input: { note: string },
): Promise<StepView> {
  const personId = personOf(ctx);
  const note = input.note.trim();
  return transition(ctx, stepId, async (trx, step, task, config, effects) => {
    checkReviewer(step, personId);
    if (note === '') throw new AppError('step-invalid', 'note');
    const returned = await changeStep(
      trx,
      config,
      step,
      { state: 'returned', actualEnd: null },
      effects,
    );
    effects.events.push(eventOf(trx, 'step-returned', step, step.taskId, { note }));
    tellStep(
      effects,
      returned,
      task.title,
      'step-returned',
      { 'zh-CN': `环节被退回：${step.name}`, en: `Step returned: ${step.name}` },
      ['handler'],
    );
  });
}

const openStates: readonly StepState[] = ['waiting', 'active', 'submitted', 'returned'];

/**
 * Whether the caller may flag or clear a problem on a step: its handler, section head, unit
 * head or project lead, or anybody with `work.write` over the task's responsible unit.
 */
async function mayFlag(ctx: ServiceContext, step: Step): Promise<boolean> {
  const personId = ctx.subject.personId;
  if (
    personId !== null &&
    holds(step, personId, ['handler', 'section-head', 'unit-head', 'project-lead'])
  )
    return true;
  const task = await findTask(ctx.db, ctx.tenantId, step.taskId);
  if (task === undefined) return false;
  const unit = await findUnit(ctx.db, ctx.tenantId, task.responsibleUnitId);
  if (unit === undefined) return false;
  return authorize(ctx.subject, 'work.write', {
    kind: 'unit',
    unitId: unit.unitId,
    unitPath: unit.path,
  }).ok;
}

/** Flag a problem on an open step (yellow until cleared) with a note. */
export async function flagStep(
  ctx: ServiceContext,
  stepId: string,
  input: { note: string },
): Promise<StepView> {
  const note = input.note.trim();
  return transition(ctx, stepId, async (trx, step, task, config, effects) => {
    if (!(await mayFlag(trx, step))) throw new AppError('forbidden');
    if (note === '') throw new AppError('step-invalid', 'note');
    if (!openStates.includes(step.state)) throw new AppError('step-state-invalid');
    const flagged = await changeStep(trx, config, step, { flagged: true, flagNote: note }, effects);
    effects.events.push(eventOf(trx, 'step-flagged', step, step.taskId, { note }));
    tellStep(
      effects,
      flagged,
      task.title,
      'step-flagged',
      { 'zh-CN': `环节有问题：${step.name}`, en: `Problem flagged: ${step.name}` },
      ['handler', 'section-head', 'unit-head'],
      trx.subject.personId,
    );
  });
}

/** Clear a step's flag. */
export async function unflagStep(ctx: ServiceContext, stepId: string): Promise<StepView> {
  return transition(ctx, stepId, async (trx, step, _task, config, effects) => {
    if (!(await mayFlag(trx, step))) throw new AppError('forbidden');
    if (!step.flagged) throw new AppError('step-state-invalid');
    await changeStep(trx, config, step, { flagged: false, flagNote: null }, effects);
    effects.events.push(eventOf(trx, 'step-unflagged', step, step.taskId, {}));
  });
}

/** What PATCH /api/work/steps/:id may change. */
export interface StepPatch {
  name?: string;
  plannedStart?: string;
  plannedEnd?: string;
  points?: string;
  tags?: string[];
  reviewRequired?: boolean;
  assignees?: StepAssignee[];
}

/**
 * Change a step's plan or people (a `step-updated` event with what changed, its light
 * re-evaluated). People newly added to a started step are notified.
 */
export async function updateStep(
  ctx: ServiceContext,
  stepId: string,
  patch: StepPatch,
): Promise<StepView> {
  const current = await requireStep(ctx, stepId);
  await requireVisibleTask(ctx, current.taskId);
  const plannedStart = patch.plannedStart ?? current.plannedStart;
  const plannedEnd = patch.plannedEnd ?? current.plannedEnd;
  if (plannedEnd < plannedStart)
    throw new AppError(
      'step-invalid',
      patch.plannedEnd === undefined ? 'plannedStart' : 'plannedEnd',
    );
  const assignees = patch.assignees ?? current.assignees;
  if (!assignees.some((a) => a.role === 'handler')) throw new AppError('step-invalid', 'assignees');
  if (
    (patch.reviewRequired ?? current.reviewRequired) &&
    !assignees.some((a) => a.role === 'reviewer')
  )
    throw new AppError(
      'step-invalid',
      patch.assignees === undefined ? 'reviewRequired' : 'assignees',
    );
  if (patch.assignees !== undefined) {
    const people = await personNames(
      ctx.db,
      ctx.tenantId,
      patch.assignees.map((a) => a.personId),
    );
    const bad = patch.assignees.findIndex((a) => !people.has(a.personId));
    if (bad >= 0) throw new AppError('step-invalid', `assignees[${bad}].personId`);
  }
  return transition(ctx, stepId, async (trx, step, task, config, effects) => {
    if (
      !openStates.includes(step.state) &&
      (patch.plannedStart || patch.plannedEnd || patch.assignees)
    )
      throw new AppError('step-state-invalid');
    const from: Record<string, unknown> = {};
    const to: Record<string, unknown> = {};
    const { assignees: newPeople, ...fields } = patch;
    for (const [key, value] of Object.entries(fields)) {
      const before = (step as unknown as Record<string, unknown>)[key];
      if (JSON.stringify(before) === JSON.stringify(value)) continue;
      from[key] = before;
      to[key] = value;
    }
    if (newPeople !== undefined) {
      const key = (a: StepAssignee) => `${a.role}:${a.personId}`;
      const sorted = (list: readonly StepAssignee[]) => list.map(key).sort();
      if (JSON.stringify(sorted(step.assignees)) !== JSON.stringify(sorted(newPeople))) {
        from.assignees = step.assignees;
        to.assignees = newPeople;
        await replaceStepAssignees(trx.db, trx.tenantId, stepId, newPeople);
        if (step.state !== 'waiting') {
          const before = new Set(step.assignees.map((a) => a.personId));
          tellStep(
            effects,
            { ...step, assignees: newPeople.filter((a) => !before.has(a.personId)) },
            task.title,
            'step-assigned',
            { 'zh-CN': `您被安排办理：${step.name}`, en: `You were assigned: ${step.name}` },
            'all',
          );
        }
      }
    }
    if (Object.keys(to).length === 0) return;
    await changeStep(trx, config, step, fields, effects);
    effects.events.push(eventOf(trx, 'step-updated', step, step.taskId, { from, to }));
  });
}

// ---------------------------------------------------------------- My work

/**
 * The caller's open steps in buckets (to do, due soon, overdue, to review), lights as of now:
 * one indexed query from the caller's person through step_assignee.
 */
export async function myWork(ctx: ServiceContext): Promise<MyWork> {
  const personId = personOf(ctx);
  const caches = workCachesOf(ctx);
  const load = () => listMySteps(ctx.db, ctx.tenantId, personId);
  const [rows, config] = await Promise.all([
    caches === null
      ? load()
      : caches.mySteps.get(`${ctx.tenantId}:${personId}`, ctx.now.getTime(), load),
    workConfigOf(ctx),
  ]);
  const list = rows ?? [];
  // Lights and buckets depend on the local day only (docs/work.md), so one answer serves every
  // request of that day until a write reloads the rows or the settings change.
  const day = localDate(ctx.now, config.lights.utcOffsetMinutes);
  const memo = myWorkMemo.get(list);
  if (memo !== undefined && memo.day === day && memo.config === config) return memo.result;
  const steps: MyStepInput[] = list.map((r) => ({
    ...r,
    assignees: r.roles.map((role) => ({ role, personId })),
  }));
  const result = myWorkBuckets(steps, personId, ctx.now.toISOString(), config);
  if (caches !== null && rows !== undefined) myWorkMemo.set(list, { day, config, result });
  return result;
}

/**
 * My work as JSON text, written once per answer: with the read caches the same answer serves
 * every request of the day, so its bytes are reused too (the route sends them as they are).
 */
export async function myWorkJson(ctx: ServiceContext): Promise<string> {
  const result = await myWork(ctx);
  let json = myWorkJsonMemo.get(result);
  if (json === undefined) {
    json = JSON.stringify(result);
    myWorkJsonMemo.set(result, json);
  }
  return json;
}
const myWorkJsonMemo = new WeakMap<MyWork, string>();

/** My work answers per cached row list (dropped with the list): valid for one local day. */
const myWorkMemo = new WeakMap<
  readonly MyStepRow[],
  { readonly day: string; readonly config: WorkConfig; readonly result: MyWork }
>();

export type { MyStep };
