/**
 * Task forces (专班, issue 4): a leader forms one with base points and an allocation pool,
 * picks members and assigns tasks; the base (every member) and the leader's second allocation
 * (summing exactly to the pool) are recorded as facts of the period scheme's `task-force`
 * indicator (payload `{ taskForce, part }`) through the assessment engine.
 */
import {
  checkAllocation,
  taskForceFacts,
  schemeLeaves,
  toPoints,
  visibility,
  type Decimal,
  type Fact,
  type TaskForce,
} from '@tianheng/core';
import {
  addTaskForceMembers,
  appendWorkEvents,
  assignTasksToForce,
  findTaskForce,
  insertNotifications,
  insertTaskForce,
  listTaskForceFacts,
  listTaskForceMembers,
  listTaskForces as listStoredTaskForces,
  listTaskForceTasks,
  missingPeople,
  personNames,
  type NewFactRow,
  type TaskForceRecord,
} from '@tianheng/db';
import type { ServiceContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { inTransaction, recordAudit } from './audit.service.ts';
import { notInPeriod } from './fact.service.ts';
import { requirePeriod } from './period.service.ts';
import { storeWorkFacts, withWorkingSets } from './supervision.service.ts';

/** A task force as the API shows it. */
export type TaskForceView = TaskForce & { leaderName: string; createdAt: string };

function view(record: TaskForceRecord): TaskForceView {
  const { createdAt, ...rest } = record;
  return { ...rest, createdAt: createdAt.toISOString() };
}

/** One recorded part (base or allocation) for a member in a period. */
export interface TaskForceAllocation {
  periodId: string;
  personId: string;
  name: string;
  part: 'base' | 'allocation';
  points: Decimal;
  factId: string;
  recordedAt: string;
}

function allocationsOf(
  facts: readonly Fact[],
  names: ReadonlyMap<string, string>,
): TaskForceAllocation[] {
  return facts.flatMap((f) => {
    const part = f.payload.part;
    if ((part !== 'base' && part !== 'allocation') || f.subject.kind !== 'person') return [];
    return [
      {
        periodId: f.periodId,
        personId: f.subject.id,
        name: names.get(f.subject.id) ?? '',
        part,
        points: f.value ?? '0',
        factId: f.id,
        recordedAt: f.recordedAt,
      },
    ];
  });
}

function callerPerson(ctx: ServiceContext): string {
  if (ctx.subject.personId === null) throw new AppError('no-linked-person');
  return ctx.subject.personId;
}

async function requireTaskForce(ctx: ServiceContext, id: string): Promise<TaskForceRecord> {
  const found = await findTaskForce(ctx.db, ctx.tenantId, id);
  if (!found) throw new AppError('task-force-not-found');
  return found;
}

function requireLeader(ctx: ServiceContext, force: TaskForceRecord): string {
  const personId = callerPerson(ctx);
  if (force.leaderPersonId !== personId) throw new AppError('task-force-not-leader');
  return personId;
}

async function requirePeople(
  ctx: ServiceContext,
  personIds: readonly string[],
  field: string,
): Promise<void> {
  const missing = await missingPeople(ctx.db, ctx.tenantId, personIds);
  if (missing.length > 0) throw new AppError('person-not-found', field, { missing });
}

/**
 * Task forces the caller may see: every one for a tenant-wide `work.read`, else those the
 * caller leads or belongs to.
 */
export async function listTaskForces(ctx: ServiceContext): Promise<{ items: TaskForceView[] }> {
  const all = visibility(ctx.subject, 'work.read').kind === 'all';
  if (!all && ctx.subject.personId === null) return { items: [] };
  const rows = await listStoredTaskForces(
    ctx.db,
    ctx.tenantId,
    all ? undefined : (ctx.subject.personId ?? undefined),
  );
  return { items: rows.map(view) };
}

/** A task force with members, tasks and what was recorded for it. */
export interface TaskForceDetail {
  taskForce: TaskForceView;
  members: { personId: string; name: string; unitName: string | null }[];
  tasks: {
    id: string;
    title: string;
    responsibleUnitName: string;
    status: string;
    dueOn: string;
    progress: { done: number; total: number };
  }[];
  allocations: TaskForceAllocation[];
}

/** One task force in detail. */
export async function getTaskForce(ctx: ServiceContext, id: string): Promise<TaskForceDetail> {
  const force = await requireTaskForce(ctx, id);
  const [members, tasks, facts] = await Promise.all([
    listTaskForceMembers(ctx.db, ctx.tenantId, id),
    listTaskForceTasks(ctx.db, ctx.tenantId, id),
    listTaskForceFacts(ctx.db, ctx.tenantId, id, force.memberIds),
  ]);
  const names = await personNames(
    ctx.db,
    ctx.tenantId,
    facts.map((f) => f.subject.id),
  );
  return {
    taskForce: view(force),
    members,
    tasks: tasks.map((t) => ({
      id: t.id,
      title: t.title,
      responsibleUnitName: t.responsibleUnitName,
      status: t.status,
      dueOn: t.dueOn,
      progress: { done: t.done, total: t.total },
    })),
    allocations: allocationsOf(facts, names),
  };
}

/**
 * Form a task force led by the caller's person (who is also a member) and return it; records a
 * `task-force-formed` event, notifies the members, audited as `taskforce.create`.
 */
export async function createTaskForce(
  ctx: ServiceContext,
  input: { name: string; basePoints: Decimal; allocationPool: Decimal; memberIds: string[] },
): Promise<TaskForceView> {
  const leader = callerPerson(ctx);
  const name = input.name.trim();
  if (name === '') throw new AppError('task-force-invalid', 'name');
  if (toPoints(input.allocationPool) < 0n)
    throw new AppError('task-force-invalid', 'allocationPool');
  await requirePeople(ctx, input.memberIds, 'memberIds');
  const id = await inTransaction(ctx, async (trx) => {
    const created = await insertTaskForce(trx.db, trx.tenantId, {
      name,
      leaderPersonId: leader,
      basePoints: input.basePoints,
      allocationPool: input.allocationPool,
      memberIds: input.memberIds,
      createdBy: ctx.actor.accountId,
      at: ctx.now,
    });
    const members = [...new Set([leader, ...input.memberIds])].sort();
    await appendWorkEvents(trx.db, trx.tenantId, [
      {
        kind: 'task-force-formed',
        taskId: null,
        stepId: null,
        actorPersonId: leader,
        actorAccountId: ctx.actor.accountId,
        at: ctx.now.toISOString(),
        body: {
          taskForce: created,
          name,
          basePoints: input.basePoints,
          allocationPool: input.allocationPool,
          members,
        },
      },
    ]);
    await notifyMembers(
      trx,
      created,
      name,
      members.filter((m) => m !== leader),
    );
    await recordAudit(trx, {
      action: 'taskforce.create',
      objectType: 'task_force',
      objectId: created,
      detail: { name, basePoints: input.basePoints, allocationPool: input.allocationPool, members },
    });
    return created;
  });
  return view((await findTaskForce(ctx.db, ctx.tenantId, id))!);
}

async function notifyMembers(
  trx: ServiceContext,
  taskForceId: string,
  name: string,
  personIds: readonly string[],
): Promise<void> {
  await insertNotifications(
    trx.db,
    trx.tenantId,
    personIds.map((personId) => ({
      personId,
      kind: 'task-force-member',
      title: { 'zh-CN': `你已加入工作专班：${name}`, en: `You joined the task force ${name}` },
      body: null,
      link: `/work/task-forces?open=${taskForceId}`,
      createdAt: trx.now,
    })),
  );
}

/** Add members (leader only); they are notified. */
export async function addMembers(
  ctx: ServiceContext,
  id: string,
  personIds: string[],
): Promise<TaskForceDetail> {
  const force = await requireTaskForce(ctx, id);
  requireLeader(ctx, force);
  await requirePeople(ctx, personIds, 'personIds');
  await inTransaction(ctx, async (trx) => {
    const before = new Set(force.memberIds);
    await addTaskForceMembers(trx.db, trx.tenantId, id, personIds, ctx.now);
    const joined = [...new Set(personIds)].filter((p) => !before.has(p)).sort();
    await notifyMembers(trx, id, force.name, joined);
    await recordAudit(trx, {
      action: 'taskforce.members',
      objectType: 'task_force',
      objectId: id,
      detail: { added: joined },
    });
  });
  return getTaskForce(ctx, id);
}

/** Assign tasks to the task force (leader only); unknown task ids → `task-not-found`. */
export async function assignTasks(
  ctx: ServiceContext,
  id: string,
  taskIds: string[],
): Promise<TaskForceDetail> {
  const force = await requireTaskForce(ctx, id);
  requireLeader(ctx, force);
  await inTransaction(ctx, async (trx) => {
    const assigned = await assignTasksToForce(trx.db, trx.tenantId, id, taskIds, ctx.now);
    const missing = [...new Set(taskIds)].filter((t) => !assigned.includes(t));
    if (missing.length > 0) throw new AppError('task-not-found', 'taskIds', { missing });
    await recordAudit(trx, {
      action: 'taskforce.tasks',
      objectType: 'task_force',
      objectId: id,
      detail: { taskIds: [...assigned].sort() },
    });
  });
  return getTaskForce(ctx, id);
}

/**
 * Record the base and the second allocation for a period (leader only). The allocations must
 * be members' and add up to the pool exactly (`task-force-allocation-mismatch`, field
 * `allocations`). Every member the period scores gets a base fact of `basePoints`; each
 * allocation a fact of its points; both on the scheme's `task-force` leaf with payload
 * `{ taskForce, part }`. A repeated call supersedes only what changed. Records a
 * `task-force-allocated` event; audited as `taskforce.allocate`.
 */
export async function allocate(
  ctx: ServiceContext,
  id: string,
  input: { periodId: string; allocations: { personId: string; points: Decimal }[] },
): Promise<TaskForceDetail> {
  const force = await requireTaskForce(ctx, id);
  const leader = requireLeader(ctx, force);
  const [problem] = checkAllocation(force.allocationPool, input.allocations, force.memberIds);
  if (problem) throw new AppError(problem.code, problem.path);
  await requirePeriod(ctx, input.periodId);
  await withWorkingSets(ctx, [input.periodId], async (loaded) => {
    const set = loaded.get(input.periodId)!;
    if (set.period.status === 'closed') throw new AppError('period-closed', 'periodId');
    const leaf = [...schemeLeaves(set.set.scheme).values()].find(
      (l) => l.method?.kind === 'task-force',
    );
    if (!leaf) throw new AppError('indicator-unknown', 'periodId');
    const scored = new Set(set.set.org.people.map((p) => p.id));
    input.allocations.forEach((a, i) => {
      if (!scored.has(a.personId) && toPoints(a.points) !== 0n)
        throw new AppError(
          notInPeriod(set, a.personId) ? 'person-not-in-period' : 'person-not-found',
          `allocations[${i}].personId`,
        );
    });
    const desired = new Map(
      taskForceFacts(
        { id, basePoints: force.basePoints, memberIds: force.memberIds },
        input.periodId,
        leaf.key,
        input.allocations,
      )
        .filter((f) => scored.has(f.subject.id))
        .map((f) => [`${f.subject.id}:${f.payload.part}`, f]),
    );
    const fact = (personId: string, part: string, value: string, supersedes: string | null) => ({
      periodId: input.periodId,
      subject: { kind: 'person' as const, id: personId },
      indicator: leaf.key,
      value,
      payload: { taskForce: id, part },
      source: 'workflow' as const,
      evidence: {},
      recordedBy: null,
      recordedAt: ctx.now,
      supersedes,
    });
    /** What to append, from what is stored now (read under the period's lock). */
    const changes = async (trx: ServiceContext): Promise<NewFactRow[]> => {
      const existing = new Map(
        (await listTaskForceFacts(trx.db, trx.tenantId, id, force.memberIds))
          .filter((f) => f.periodId === input.periodId && f.subject.kind === 'person')
          .map((f) => [`${f.subject.id}:${String(f.payload.part)}`, f]),
      );
      const rows: NewFactRow[] = [];
      for (const [key, want] of desired) {
        const had = existing.get(key);
        if (had && had.value !== null && toPoints(had.value) === toPoints(want.value)) continue;
        rows.push(fact(want.subject.id, want.payload.part, want.value, had?.id ?? null));
      }
      // A member dropped from the allocation keeps no stale points: supersede with zero.
      for (const [key, had] of existing)
        if (!desired.has(key) && had.value !== null && toPoints(had.value) !== 0n)
          rows.push(fact(had.subject.id, String(had.payload.part), '0', had.id));
      return rows;
    };
    await storeWorkFacts(ctx, loaded, changes, async (trx, stored) => {
      await appendWorkEvents(trx.db, trx.tenantId, [
        {
          kind: 'task-force-allocated',
          taskId: null,
          stepId: null,
          actorPersonId: leader,
          actorAccountId: ctx.actor.accountId,
          at: ctx.now.toISOString(),
          body: {
            taskForce: id,
            periodId: input.periodId,
            basePoints: force.basePoints,
            allocations: input.allocations,
            factsWritten: stored.length,
          },
        },
      ]);
      await recordAudit(trx, {
        action: 'taskforce.allocate',
        objectType: 'task_force',
        objectId: id,
        detail: {
          periodId: input.periodId,
          allocations: input.allocations,
          factsWritten: stored.length,
        },
      });
    });
  });
  return getTaskForce(ctx, id);
}
