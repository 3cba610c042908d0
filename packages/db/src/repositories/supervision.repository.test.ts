import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { DatabaseHandle } from '../connect.ts';
import { seedTestTenant, type TestTenant } from '../fixtures.ts';
import { appendFacts } from '../ledger/ledger.ts';
import { testSchemeBody } from '../ledger/ledger-fixtures.ts';
import { appendWorkEvents } from '../ledger/work-events.ts';
import type { Database } from '../schema.ts';
import { openTestDatabase, testBackends } from '../testing.ts';
import { createPeriod } from './period.repository.ts';
import { saveSchemeVersion } from './scheme.repository.ts';
import {
  insertSupervisionRun,
  latestSupervisionRun,
  listFinishedSteps,
  listOpenPeriodsOn,
  listStepAssignees,
  listStepEvents,
  listSupervisionWindows,
  listWindowFacts,
  listWindowSteps,
  peopleNames,
  unitDirectory,
} from './supervision.repository.ts';
import {
  addTaskForceMembers,
  assignTasksToForce,
  findTaskForce,
  insertTaskForce,
  listTaskForceFacts,
  listTaskForceMembers,
  listTaskForces,
  listTaskForceTasks,
} from './task-force.repository.ts';

describe.each(testBackends())('supervision reads and task forces on %s', (backend) => {
  let handle: DatabaseHandle;
  let db: Kysely<Database>;
  let t: TestTenant;
  let other: TestTenant;
  let taskId = '';
  const steps = { early: '', done: '', open: '', later: '' };
  let periodId = '';

  beforeAll(async () => {
    handle = await openTestDatabase(backend);
    db = handle.db;
    t = await seedTestTenant(db, 't1', 'x');
    other = await seedTestTenant(db, 't2', 'x');
    const category = await db
      .insertInto('work_category')
      .values({
        tenant_id: t.tenantId,
        key: 'c',
        name: JSON.stringify({ 'zh-CN': '类别', en: 'Category' }),
        kind: 'campaign',
      })
      .returning('category_id')
      .executeTakeFirstOrThrow();
    taskId = (
      await db
        .insertInto('task')
        .values({
          tenant_id: t.tenantId,
          category_id: category.category_id,
          title: '事项',
          responsible_unit_id: t.units.townSection.id,
          starts_on: '2026-03-01',
          due_on: '2026-04-30',
          created_at: new Date('2026-02-01T00:00:00Z'),
        })
        .returning('task_id')
        .executeTakeFirstOrThrow()
    ).task_id;
    const step = async (name: string, state: 'done' | 'active', actualEnd: string | null) => {
      const row = await db
        .insertInto('step')
        .values({
          tenant_id: t.tenantId,
          task_id: taskId,
          seq: 1,
          name,
          unit_id: t.units.townSection.id,
          planned_start: '2026-03-01',
          planned_end: '2026-03-20',
          points: '3',
          state,
          actual_end: actualEnd,
        })
        .returning('step_id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('step_assignee')
        .values([
          {
            tenant_id: t.tenantId,
            step_id: row.step_id,
            role: 'handler',
            person_id: t.people.cadre,
          },
          {
            tenant_id: t.tenantId,
            step_id: row.step_id,
            role: 'section-head',
            person_id: t.people.head,
          },
        ])
        .execute();
      return row.step_id;
    };
    steps.early = await step('早', 'done', '2026-03-05T02:00:00Z');
    steps.done = await step('中', 'done', '2026-03-18T02:00:00Z');
    steps.open = await step('未完', 'active', null);
    steps.later = await step('晚', 'done', '2026-04-02T02:00:00Z');
    await saveSchemeVersion(db, t.tenantId, {
      scheme: testSchemeBody,
      createdBy: null,
    });
    periodId = (
      await createPeriod(db, t.tenantId, {
        name: '3月',
        kind: 'month',
        assessment: 'routine',
        startsOn: '2026-03-01',
        endsOn: '2026-03-31',
        schemeKey: testSchemeBody.key,
        createdBy: null,
      })
    ).id;
    await createPeriod(db, t.tenantId, {
      name: '一季度',
      kind: 'quarter',
      assessment: 'routine',
      startsOn: '2026-01-01',
      endsOn: '2026-03-31',
      schemeKey: testSchemeBody.key,
      createdBy: null,
    });
  });
  afterAll(async () => {
    await handle.close();
  });

  it('reads the steps a window may count: not finished before it, task created before its end', async () => {
    const from = '2026-03-15T16:00:00Z';
    const to = '2026-03-31T16:00:00Z';
    const found = await listWindowSteps(db, t.tenantId, from, to);
    expect(found.map((s) => s.id).sort()).toEqual([steps.done, steps.open, steps.later].sort());
    expect(found.find((s) => s.id === steps.done)).toMatchObject({
      points: '3.00',
      plannedEnd: '2026-03-20',
      actualEnd: '2026-03-18T02:00:00.000Z',
    });
    expect(
      await listWindowSteps(db, t.tenantId, '2026-01-01T00:00:00Z', '2026-01-31T00:00:00Z'),
    ).toEqual([]);
    expect(await listWindowSteps(db, other.tenantId, from, to)).toEqual([]);
  });

  it('reads every event and every person of the given steps', async () => {
    await appendWorkEvents(db, t.tenantId, [
      {
        kind: 'step-flagged',
        taskId,
        stepId: steps.open,
        actorPersonId: t.people.head,
        actorAccountId: null,
        at: '2026-03-10T00:00:00Z',
        body: { note: '缺材料' },
      },
      {
        kind: 'step-unflagged',
        taskId,
        stepId: steps.open,
        actorPersonId: t.people.head,
        actorAccountId: null,
        at: '2026-04-10T00:00:00Z',
        body: {},
      },
    ]);
    const events = await listStepEvents(db, t.tenantId, [steps.open, steps.done]);
    expect(events.get(steps.open)?.map((e) => [e.kind, e.at])).toEqual([
      ['step-flagged', '2026-03-10T00:00:00.000Z'],
      ['step-unflagged', '2026-04-10T00:00:00.000Z'],
    ]);
    expect(events.has(steps.done)).toBe(false);
    const people = await listStepAssignees(db, t.tenantId, [steps.open]);
    expect(people.get(steps.open)).toEqual([
      { role: 'handler', personId: t.people.cadre },
      { role: 'section-head', personId: t.people.head },
    ]);
  });

  it('reads the steps finished in a range, optionally for some people', async () => {
    const march = await listFinishedSteps(
      db,
      t.tenantId,
      '2026-02-28T16:00:00Z',
      '2026-03-31T16:00:00Z',
    );
    expect(march.map((s) => s.stepId)).toEqual([steps.early, steps.done]);
    expect(march[0]).toMatchObject({ taskTitle: '事项', stepName: '早', points: '3.00' });
    expect(march[0]?.assignees).toHaveLength(2);
    expect(
      await listFinishedSteps(db, t.tenantId, '2026-02-28T16:00:00Z', '2026-03-31T16:00:00Z', [
        t.people.leader,
      ]),
    ).toEqual([]);
  });

  it('finds open periods containing a day, narrowest first, and the window facts in them', async () => {
    const periods = await listOpenPeriodsOn(db, t.tenantId, '2026-03-31');
    expect(periods.map((p) => p.id)[0]).toBe(periodId);
    expect(periods).toHaveLength(2);
    expect(periods[0]?.scheme.key).toBe(testSchemeBody.key);
    expect(await listOpenPeriodsOn(db, t.tenantId, '2026-04-01')).toEqual([]);
    const [kept, replaced] = await appendFacts(db, t.tenantId, [
      {
        periodId,
        subject: { kind: 'person', id: t.people.cadre },
        indicator: 'work-load',
        value: '3',
        payload: { window: '2026-03-H2', kind: 'workload' },
        source: 'workflow',
        recordedBy: null,
      },
      {
        periodId,
        subject: { kind: 'person', id: t.people.head },
        indicator: 'work-load',
        value: '1',
        payload: { window: '2026-03-H2', kind: 'workload' },
        source: 'workflow',
        recordedBy: null,
      },
      {
        periodId,
        subject: { kind: 'person', id: t.people.head },
        indicator: 'work-load',
        value: '1',
        payload: { window: '2026-03-H1', kind: 'workload' },
        source: 'workflow',
        recordedBy: null,
      },
    ]);
    const [correction] = await appendFacts(db, t.tenantId, [
      {
        periodId,
        subject: { kind: 'person', id: t.people.head },
        indicator: 'work-load',
        value: '2',
        payload: { window: '2026-03-H2', kind: 'workload' },
        source: 'workflow',
        recordedBy: null,
        supersedes: replaced!.id,
      },
    ]);
    const facts = await listWindowFacts(db, t.tenantId, [periodId], '2026-03-H2');
    expect(facts.map((f) => f.id)).toEqual([kept!.id, correction!.id]);
    expect(await listWindowFacts(db, t.tenantId, [], '2026-03-H2')).toEqual([]);
  });

  it('records runs and shows the latest of each window', async () => {
    const units = [
      {
        unitId: t.units.townSection.id,
        lights: { white: 0, blue: 0, green: 1, yellow: 0, red: 1 },
        cards: { green: 0, yellow: 0, red: 1 },
        points: '-4.00',
        rank: 1,
      },
    ];
    const run = (window: string, runAt: string, factsWritten: number) =>
      insertSupervisionRun(db, t.tenantId, {
        window,
        startsOn: '2026-03-16',
        endsOn: '2026-03-31',
        runAt,
        runBy: t.people.supervisor,
        units,
        factsWritten,
      });
    await run('2026-03-H2', '2026-04-01T00:00:00Z', 6);
    await run('2026-03-H2', '2026-04-02T00:00:00Z', 0);
    await run('2026-03-H1', '2026-04-01T00:00:00Z', 2);
    expect(await latestSupervisionRun(db, t.tenantId, '2026-03-H2')).toMatchObject({
      factsWritten: 0,
      runByName: '督查室乙',
      units,
    });
    expect(await latestSupervisionRun(db, other.tenantId, '2026-03-H2')).toBeUndefined();
    expect(
      (await listSupervisionWindows(db, t.tenantId)).map((r) => [r.window, r.factsWritten]),
    ).toEqual([
      ['2026-03-H2', 0],
      ['2026-03-H1', 2],
    ]);
  });

  it('names people with their current units, and the tenant’s units', async () => {
    const names = await peopleNames(db, t.tenantId, [t.people.cadre, other.people.cadre]);
    expect([...names.keys()]).toEqual([t.people.cadre]);
    expect(names.get(t.people.cadre)).toMatchObject({
      name: '干部戊',
      unitId: t.units.townSection.id,
      unitName: '东城镇党政办',
    });
    const units = await unitDirectory(db, t.tenantId);
    expect(units.get(t.units.dept.id)).toMatchObject({ name: '县农业农村局', kind: 'department' });
    expect(units.has(other.units.dept.id)).toBe(false);
  });

  it('keeps task forces: leader and members, tasks, facts', async () => {
    const id = await insertTaskForce(db, t.tenantId, {
      name: '专班',
      leaderPersonId: t.people.leader,
      basePoints: '5',
      allocationPool: '10.50',
      memberIds: [t.people.cadre],
      createdBy: null,
      at: '2026-04-01T00:00:00Z',
    });
    expect(await findTaskForce(db, t.tenantId, id)).toMatchObject({
      name: '专班',
      leaderName: '领导丙',
      basePoints: '5',
      allocationPool: '10.5',
      status: 'active',
      memberIds: [t.people.cadre, t.people.leader].sort(),
    });
    expect(await findTaskForce(db, other.tenantId, id)).toBeUndefined();
    expect(
      await addTaskForceMembers(db, t.tenantId, id, [t.people.cadre, t.people.head], new Date()),
    ).toBe(1);
    expect((await listTaskForceMembers(db, t.tenantId, id)).map((m) => m.name).sort()).toEqual(
      ['主任丁', '干部戊', '领导丙'].sort(),
    );
    expect((await listTaskForces(db, t.tenantId, t.people.head)).map((f) => f.id)).toEqual([id]);
    expect(await listTaskForces(db, t.tenantId, t.people.deptCadre)).toEqual([]);
    expect(
      await assignTasksToForce(db, t.tenantId, id, [taskId, other.people.cadre], new Date()),
    ).toEqual([taskId]);
    expect(await listTaskForceTasks(db, t.tenantId, id)).toMatchObject([
      { id: taskId, title: '事项', done: 3, total: 4 },
    ]);
    await appendFacts(db, t.tenantId, [
      {
        periodId,
        subject: { kind: 'person', id: t.people.cadre },
        indicator: 'task-force',
        value: '5',
        payload: { taskForce: id, part: 'base' },
        source: 'workflow',
        recordedBy: null,
      },
    ]);
    expect(
      (await listTaskForceFacts(db, t.tenantId, id, [t.people.cadre, t.people.head])).map(
        (f) => f.value,
      ),
    ).toEqual(['5']);
  });
});
