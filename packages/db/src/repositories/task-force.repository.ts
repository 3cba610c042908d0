import { sql, type Kysely } from 'kysely';
import type { Fact, TaskForce } from '@tianheng/core';
import { factColumns, factFromRow, type FactRow } from '../ledger/fact-row.ts';
import type { Database } from '../schema.ts';

/** Task forces (专班): a leader, members, tasks assigned to it, base points and an allocation pool. */

/** A task force with its leader's name. */
export interface TaskForceRecord extends TaskForce {
  readonly leaderName: string;
  readonly createdAt: Date;
}

/** Create a task force with its members (the leader is always a member); returns its id. */
export async function insertTaskForce(
  db: Kysely<Database>,
  tenantId: string,
  input: {
    name: string;
    leaderPersonId: string;
    basePoints: string;
    allocationPool: string;
    memberIds: readonly string[];
    createdBy: string | null;
    at: Date | string;
  },
): Promise<string> {
  const row = await db
    .insertInto('task_force')
    .values({
      tenant_id: tenantId,
      name: input.name,
      leader_person_id: input.leaderPersonId,
      base_points: input.basePoints,
      allocation_pool: input.allocationPool,
      created_by: input.createdBy,
      created_at: new Date(input.at),
    })
    .returning('task_force_id')
    .executeTakeFirstOrThrow();
  await addTaskForceMembers(
    db,
    tenantId,
    row.task_force_id,
    [input.leaderPersonId, ...input.memberIds],
    input.at,
  );
  return row.task_force_id;
}

/** Add members (those already in stay as they were); returns how many joined. */
export async function addTaskForceMembers(
  db: Kysely<Database>,
  tenantId: string,
  taskForceId: string,
  personIds: readonly string[],
  at: Date | string,
): Promise<number> {
  const unique = [...new Set(personIds)];
  if (unique.length === 0) return 0;
  const rows = await db
    .insertInto('task_force_member')
    .values(
      unique.map((personId) => ({
        tenant_id: tenantId,
        task_force_id: taskForceId,
        person_id: personId,
        joined_at: new Date(at),
      })),
    )
    .onConflict((oc) => oc.columns(['tenant_id', 'task_force_id', 'person_id']).doNothing())
    .returning('person_id')
    .execute();
  return rows.length;
}

const forceColumns = [
  'f.task_force_id as id',
  'f.name',
  'f.leader_person_id as leaderPersonId',
  'f.base_points as basePoints',
  'f.allocation_pool as allocationPool',
  'f.status',
  'f.created_at as createdAt',
  'p.name as leaderName',
] as const;

function forces(db: Kysely<Database>, tenantId: string) {
  return db
    .selectFrom('task_force as f')
    .innerJoin('person as p', (j) =>
      j.onRef('p.tenant_id', '=', 'f.tenant_id').onRef('p.person_id', '=', 'f.leader_person_id'),
    )
    .select(forceColumns)
    .select(
      sql<string[]>`coalesce((SELECT array_agg(m.person_id::text ORDER BY m.person_id)
        FROM task_force_member m WHERE m.tenant_id = f.tenant_id
        AND m.task_force_id = f.task_force_id), '{}')`.as('memberIds'),
    )
    .where('f.tenant_id', '=', tenantId);
}

type ForceRow = Omit<TaskForceRecord, 'basePoints' | 'allocationPool'> & {
  basePoints: string;
  allocationPool: string;
};

/** Points come back as numeric text (`"10.00"`): trim trailing zeros to the engine's decimals. */
function decimalText(value: string): string {
  return value.includes('.') ? value.replace(/\.?0+$/, '') : value;
}

function recordOf(row: ForceRow): TaskForceRecord {
  return {
    ...row,
    basePoints: decimalText(String(row.basePoints)),
    allocationPool: decimalText(String(row.allocationPool)),
    memberIds: [...row.memberIds],
  };
}

/** One task force, or undefined. */
export async function findTaskForce(
  db: Kysely<Database>,
  tenantId: string,
  taskForceId: string,
): Promise<TaskForceRecord | undefined> {
  const row = await forces(db, tenantId)
    .where('f.task_force_id', '=', taskForceId)
    .executeTakeFirst();
  return row === undefined ? undefined : recordOf(row);
}

/** The tenant's task forces, newest first; with `personId`, only those the person leads or is in. */
export async function listTaskForces(
  db: Kysely<Database>,
  tenantId: string,
  personId?: string,
): Promise<TaskForceRecord[]> {
  let query = forces(db, tenantId);
  if (personId !== undefined)
    query = query.where((eb) =>
      eb.or([
        eb('f.leader_person_id', '=', personId),
        eb.exists(
          eb
            .selectFrom('task_force_member as m')
            .select('m.person_id')
            .whereRef('m.tenant_id', '=', 'f.tenant_id')
            .whereRef('m.task_force_id', '=', 'f.task_force_id')
            .where('m.person_id', '=', personId),
        ),
      ]),
    );
  const rows = await query.orderBy('f.created_at', 'desc').orderBy('f.task_force_id').execute();
  return rows.map(recordOf);
}

/** Members of a task force with name and current unit, by name. */
export async function listTaskForceMembers(
  db: Kysely<Database>,
  tenantId: string,
  taskForceId: string,
): Promise<{ personId: string; name: string; unitName: string | null }[]> {
  const { rows } = await sql<{ personId: string; name: string; unitName: string | null }>`
    SELECT m.person_id AS "personId", p.name, u.name AS "unitName"
    FROM task_force_member m
    JOIN person p ON p.tenant_id = m.tenant_id AND p.person_id = m.person_id
    LEFT JOIN person_assignment a ON a.tenant_id = m.tenant_id AND a.person_id = m.person_id
      AND a.valid_to IS NULL
    LEFT JOIN unit u ON u.tenant_id = a.tenant_id AND u.unit_id = a.unit_id
    WHERE m.tenant_id = ${tenantId} AND m.task_force_id = ${taskForceId}
    ORDER BY p.name, m.person_id`.execute(db);
  return rows;
}

/** Assign tasks to a task force; returns the ids of the tasks of the tenant that were found. */
export async function assignTasksToForce(
  db: Kysely<Database>,
  tenantId: string,
  taskForceId: string,
  taskIds: readonly string[],
  at: Date | string,
): Promise<string[]> {
  if (taskIds.length === 0) return [];
  const rows = await db
    .updateTable('task')
    .set({ task_force_id: taskForceId, updated_at: new Date(at) })
    .where('tenant_id', '=', tenantId)
    .where('task_id', 'in', [...new Set(taskIds)])
    .returning('task_id')
    .execute();
  return rows.map((r) => r.task_id);
}

/** The tasks of a task force (a light summary: title, responsible unit, status, progress). */
export async function listTaskForceTasks(
  db: Kysely<Database>,
  tenantId: string,
  taskForceId: string,
): Promise<
  {
    id: string;
    title: string;
    responsibleUnitId: string;
    responsibleUnitName: string;
    status: string;
    dueOn: string;
    done: number;
    total: number;
  }[]
> {
  const { rows } = await sql<{
    id: string;
    title: string;
    responsibleUnitId: string;
    responsibleUnitName: string;
    status: string;
    dueOn: string;
    done: number;
    total: number;
  }>`
    SELECT t.task_id AS id, t.title, t.responsible_unit_id AS "responsibleUnitId",
      u.name AS "responsibleUnitName", t.status, t.due_on AS "dueOn",
      (SELECT count(*)::int FROM step s WHERE s.tenant_id = t.tenant_id AND s.task_id = t.task_id
        AND s.state = 'done') AS done,
      (SELECT count(*)::int FROM step s WHERE s.tenant_id = t.tenant_id AND s.task_id = t.task_id
        AND s.state <> 'cancelled') AS total
    FROM task t JOIN unit u ON u.tenant_id = t.tenant_id AND u.unit_id = t.responsible_unit_id
    WHERE t.tenant_id = ${tenantId} AND t.task_force_id = ${taskForceId}
    ORDER BY t.due_on, t.title, t.task_id`.execute(db);
  return rows;
}

/**
 * The live (not superseded) facts recorded for a task force about its members, in ledger
 * order (read through the members' facts, which are indexed by subject).
 */
export async function listTaskForceFacts(
  db: Kysely<Database>,
  tenantId: string,
  taskForceId: string,
  memberIds: readonly string[],
): Promise<Fact[]> {
  if (memberIds.length === 0) return [];
  const { rows } = await sql<FactRow>`
    SELECT ${factColumns('f')} FROM fact f
    WHERE f.tenant_id = ${tenantId} AND f.subject_id = ANY(${[...memberIds]}::uuid[])
      AND f.subject_kind = 'person' AND f.payload ->> 'taskForce' = ${taskForceId}
      AND NOT EXISTS (SELECT 1 FROM fact c WHERE c.tenant_id = f.tenant_id
        AND c.supersedes = f.fact_id)
    ORDER BY f.seq`.execute(db);
  return rows.map(factFromRow);
}
