import { sql, type Kysely } from 'kysely';
import type {
  Fact,
  Scheme,
  StepAssignee,
  StepRole,
  StepState,
  UnitSupervision,
  WorkEvent,
  WorkEventKind,
} from '@tianheng/core';
import { factColumns, factFromRow, type FactRow } from '../ledger/fact-row.ts';
import type { Database } from '../schema.ts';

/**
 * What half-month supervision and workload reports read (issue 4): steps as they were, their
 * history, their people, the workflow facts a run wrote before, and the recorded runs.
 */

/** Rows per `= ANY(…)` list when reading events or people of many steps. */
const ID_CHUNK = 5000;

function chunks<T>(rows: readonly T[], size = ID_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** A step as supervision reads it: what the light rules need, its unit, task and points. */
export interface SupervisedStep {
  readonly id: string;
  readonly taskId: string;
  readonly unitId: string;
  readonly points: string;
  readonly state: StepState;
  readonly plannedStart: string;
  readonly plannedEnd: string;
  readonly actualStart: string | null;
  readonly actualEnd: string | null;
  readonly flagged: boolean;
}

/**
 * Steps that may count in a window `[from, to)` (instants): their task existed before `to`
 * and they were not finished before `from`. The caller rebuilds each as of the window's end
 * from its events and keeps those planned to start by then.
 */
export async function listWindowSteps(
  db: Kysely<Database>,
  tenantId: string,
  from: Date | string,
  to: Date | string,
): Promise<SupervisedStep[]> {
  const { rows } = await sql<{
    id: string;
    taskId: string;
    unitId: string;
    points: string;
    state: StepState;
    plannedStart: string;
    plannedEnd: string;
    actualStart: Date | null;
    actualEnd: Date | null;
    flagged: boolean;
  }>`
    SELECT s.step_id AS id, s.task_id AS "taskId", s.unit_id AS "unitId", s.points::text AS points,
      s.state, s.planned_start AS "plannedStart", s.planned_end AS "plannedEnd",
      s.actual_start AS "actualStart", s.actual_end AS "actualEnd", s.flagged
    FROM step s JOIN task t ON t.tenant_id = s.tenant_id AND t.task_id = s.task_id
    WHERE s.tenant_id = ${tenantId} AND t.created_at < ${new Date(to).toISOString()}::timestamptz
      AND (s.actual_end IS NULL OR s.actual_end >= ${new Date(from).toISOString()}::timestamptz)
    ORDER BY s.step_id`.execute(db);
  return rows.map((r) => ({
    ...r,
    actualStart: r.actualStart === null ? null : new Date(r.actualStart).toISOString(),
    actualEnd: r.actualEnd === null ? null : new Date(r.actualEnd).toISOString(),
  }));
}

/**
 * Every event of the given steps, in time order, by step id (`stepAsOf` reads events after
 * its instant too: the planned dates a later edit replaced).
 */
export async function listStepEvents(
  db: Kysely<Database>,
  tenantId: string,
  stepIds: readonly string[],
): Promise<Map<string, WorkEvent[]>> {
  const byStep = new Map<string, WorkEvent[]>();
  for (const ids of chunks(stepIds)) {
    const { rows } = await sql<{
      id: string;
      kind: WorkEventKind;
      taskId: string | null;
      stepId: string;
      actorPersonId: string | null;
      at: Date;
      body: Record<string, unknown>;
    }>`
      SELECT event_id AS id, kind, task_id AS "taskId", step_id AS "stepId",
        actor_person_id AS "actorPersonId", at, body
      FROM work_event
      WHERE tenant_id = ${tenantId} AND step_id = ANY(${ids}::uuid[])
      ORDER BY step_id, at, event_id`.execute(db);
    for (const r of rows) {
      const list = byStep.get(r.stepId) ?? [];
      list.push({ ...r, at: new Date(r.at).toISOString() });
      byStep.set(r.stepId, list);
    }
  }
  return byStep;
}

/** The people of the given steps by role, by step id (roles in a stable order). */
export async function listStepAssignees(
  db: Kysely<Database>,
  tenantId: string,
  stepIds: readonly string[],
): Promise<Map<string, StepAssignee[]>> {
  const byStep = new Map<string, StepAssignee[]>();
  for (const ids of chunks(stepIds)) {
    const { rows } = await sql<{ step_id: string; role: StepRole; person_id: string }>`
      SELECT step_id, role, person_id FROM step_assignee
      WHERE tenant_id = ${tenantId} AND step_id = ANY(${ids}::uuid[])
      ORDER BY step_id, role, person_id`.execute(db);
    for (const r of rows) {
      const list = byStep.get(r.step_id) ?? [];
      list.push({ role: r.role, personId: r.person_id });
      byStep.set(r.step_id, list);
    }
  }
  return byStep;
}

/** A step finished in a range, with its people: what workload reports split. */
export interface FinishedStep {
  readonly stepId: string;
  readonly taskId: string;
  readonly taskTitle: string;
  readonly stepName: string;
  readonly unitId: string;
  readonly points: string;
  readonly finishedAt: Date;
  readonly assignees: StepAssignee[];
}

/**
 * Steps done with their actual end in `[from, to)` (instants), optionally only those with
 * someone among `personIds`, by finish time.
 */
export async function listFinishedSteps(
  db: Kysely<Database>,
  tenantId: string,
  from: Date | string,
  to: Date | string,
  personIds?: readonly string[],
): Promise<FinishedStep[]> {
  if (personIds !== undefined && personIds.length === 0) return [];
  const { rows } = await sql<{
    stepId: string;
    taskId: string;
    taskTitle: string;
    stepName: string;
    unitId: string;
    points: string;
    finishedAt: Date;
  }>`
    SELECT s.step_id AS "stepId", s.task_id AS "taskId", t.title AS "taskTitle",
      s.name AS "stepName", s.unit_id AS "unitId", s.points::text AS points,
      s.actual_end AS "finishedAt"
    FROM step s JOIN task t ON t.tenant_id = s.tenant_id AND t.task_id = s.task_id
    WHERE s.tenant_id = ${tenantId} AND s.state = 'done'
      AND s.actual_end >= ${new Date(from).toISOString()}::timestamptz
      AND s.actual_end < ${new Date(to).toISOString()}::timestamptz
      ${
        personIds === undefined
          ? sql``
          : sql`AND EXISTS (SELECT 1 FROM step_assignee a WHERE a.tenant_id = s.tenant_id
              AND a.step_id = s.step_id AND a.person_id = ANY(${[...personIds]}::uuid[]))`
      }
    ORDER BY s.actual_end, s.step_id`.execute(db);
  const assignees = await listStepAssignees(
    db,
    tenantId,
    rows.map((r) => r.stepId),
  );
  return rows.map((r) => ({
    ...r,
    finishedAt: new Date(r.finishedAt),
    assignees: assignees.get(r.stepId) ?? [],
  }));
}

/** An open period containing a day, with its scheme version's body. */
export interface OpenPeriodOn {
  readonly id: string;
  readonly startsOn: string;
  readonly endsOn: string;
  readonly schemeKey: string;
  readonly schemeVersion: number;
  readonly scheme: Scheme;
}

/** Open periods whose dates contain `day`, narrowest first (later start, earlier end, id). */
export async function listOpenPeriodsOn(
  db: Kysely<Database>,
  tenantId: string,
  day: string,
): Promise<OpenPeriodOn[]> {
  const { rows } = await sql<OpenPeriodOn>`
    SELECT p.period_id AS id, p.starts_on AS "startsOn", p.ends_on AS "endsOn",
      p.scheme_key AS "schemeKey", p.scheme_version AS "schemeVersion", v.body AS scheme
    FROM period p
    JOIN scheme_version v ON v.tenant_id = p.tenant_id AND v.scheme_key = p.scheme_key
      AND v.version = p.scheme_version
    WHERE p.tenant_id = ${tenantId} AND p.status = 'open'
      AND p.starts_on <= ${day}::date AND p.ends_on >= ${day}::date
    ORDER BY p.starts_on DESC, p.ends_on, p.period_id`.execute(db);
  return rows;
}

/**
 * The live (not superseded) facts a supervision run wrote for a window into the given
 * periods: source `workflow` with `payload.window` = the window, in ledger order.
 */
export async function listWindowFacts(
  db: Kysely<Database>,
  tenantId: string,
  periodIds: readonly string[],
  window: string,
): Promise<Fact[]> {
  if (periodIds.length === 0) return [];
  const { rows } = await sql<FactRow>`
    SELECT ${factColumns('f')} FROM fact f
    WHERE f.tenant_id = ${tenantId} AND f.period_id = ANY(${[...periodIds]}::uuid[])
      AND f.source = 'workflow' AND f.payload ->> 'window' = ${window}
      AND NOT EXISTS (SELECT 1 FROM fact c WHERE c.tenant_id = f.tenant_id
        AND c.supersedes = f.fact_id)
    ORDER BY f.seq`.execute(db);
  return rows.map(factFromRow);
}

/** A recorded supervision run. */
export interface SupervisionRunRecord {
  readonly id: string;
  readonly window: string;
  readonly startsOn: string;
  readonly endsOn: string;
  readonly runAt: Date;
  readonly runBy: string | null;
  readonly runByName: string | null;
  readonly units: UnitSupervision[];
  readonly factsWritten: number;
}

/** Record a supervision run; returns its id. */
export async function insertSupervisionRun(
  db: Kysely<Database>,
  tenantId: string,
  run: {
    window: string;
    startsOn: string;
    endsOn: string;
    runAt: Date | string;
    runBy: string | null;
    units: readonly UnitSupervision[];
    factsWritten: number;
  },
): Promise<string> {
  const row = await db
    .insertInto('supervision_run')
    .values({
      tenant_id: tenantId,
      window_key: run.window,
      starts_on: run.startsOn,
      ends_on: run.endsOn,
      run_at: new Date(run.runAt).toISOString(),
      run_by: run.runBy,
      units: JSON.stringify(run.units),
      facts_written: run.factsWritten,
    })
    .returning('run_id')
    .executeTakeFirstOrThrow();
  return row.run_id;
}

function runQuery(db: Kysely<Database>, tenantId: string) {
  return db
    .selectFrom('supervision_run as r')
    .leftJoin('person as p', (j) =>
      j.onRef('p.tenant_id', '=', 'r.tenant_id').onRef('p.person_id', '=', 'r.run_by'),
    )
    .select([
      'r.run_id as id',
      'r.window_key as window',
      'r.starts_on as startsOn',
      'r.ends_on as endsOn',
      'r.run_at as runAt',
      'r.run_by as runBy',
      'p.name as runByName',
      'r.units',
      'r.facts_written as factsWritten',
    ])
    .where('r.tenant_id', '=', tenantId);
}

/** The latest run of a window, or undefined when it never ran. */
export async function latestSupervisionRun(
  db: Kysely<Database>,
  tenantId: string,
  window: string,
): Promise<SupervisionRunRecord | undefined> {
  return runQuery(db, tenantId)
    .where('r.window_key', '=', window)
    .orderBy('r.run_at', 'desc')
    .orderBy('r.run_id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The latest run of every window that ran, newest window first. */
export async function listSupervisionWindows(
  db: Kysely<Database>,
  tenantId: string,
): Promise<SupervisionRunRecord[]> {
  const rows = await runQuery(db, tenantId)
    .distinctOn('r.window_key')
    .orderBy('r.window_key', 'desc')
    .orderBy('r.run_at', 'desc')
    .orderBy('r.run_id', 'desc')
    .execute();
  return rows;
}

/** Names and current units of people, for reports (people without a current unit omitted). */
export async function peopleNames(
  db: Kysely<Database>,
  tenantId: string,
  personIds: readonly string[],
): Promise<Map<string, { name: string; unitId: string; unitName: string; unitPath: string }>> {
  const out = new Map<
    string,
    { name: string; unitId: string; unitName: string; unitPath: string }
  >();
  for (const ids of chunks(personIds)) {
    const rows = await db
      .selectFrom('person as p')
      .innerJoin('person_assignment as a', (j) =>
        j
          .onRef('a.tenant_id', '=', 'p.tenant_id')
          .onRef('a.person_id', '=', 'p.person_id')
          .on('a.valid_to', 'is', null),
      )
      .innerJoin('unit as u', (j) =>
        j.onRef('u.tenant_id', '=', 'a.tenant_id').onRef('u.unit_id', '=', 'a.unit_id'),
      )
      .select([
        'p.person_id as personId',
        'p.name',
        'u.unit_id as unitId',
        'u.name as unitName',
        'u.path as unitPath',
      ])
      .where('p.tenant_id', '=', tenantId)
      .where('p.person_id', 'in', ids)
      .execute();
    for (const r of rows)
      out.set(r.personId, {
        name: r.name,
        unitId: r.unitId,
        unitName: r.unitName,
        unitPath: r.unitPath,
      });
  }
  return out;
}

/** Names, kinds and paths of the tenant's units, by id. */
export async function unitDirectory(
  db: Kysely<Database>,
  tenantId: string,
): Promise<Map<string, { name: string; kind: string; path: string }>> {
  const rows = await db
    .selectFrom('unit')
    .select(['unit_id', 'name', 'kind', 'path'])
    .where('tenant_id', '=', tenantId)
    .execute();
  return new Map(rows.map((r) => [r.unit_id, { name: r.name, kind: r.kind, path: r.path }]));
}
