import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { DatabaseHandle } from '../connect.ts';
import { StoreError } from '../ledger/store-error.ts';
import type { Database } from '../schema.ts';
import { openTestDatabase, seedTestTenant, testBackends, type TestTenant } from '../testing.ts';
import {
  categoryCounts,
  findStep,
  getWorkConfig,
  insertCategory,
  insertTaskWithSteps,
  listMySteps,
  listTasks,
  listTaskSteps,
  putWorkConfig,
  readTickSteps,
  replaceStepAssignees,
  stepAssignees,
  taskVisible,
  updateStep,
  updateTask,
  writeStepLights,
  type NewStep,
  type TaskReach,
} from './work.repository.ts';

describe.each(testBackends())('work repository on %s', (backend) => {
  let handle: DatabaseHandle;
  let db: Kysely<Database>;
  let t: TestTenant;
  let categoryId = '';
  let townTask = '';
  let deptTask = '';
  const at = new Date('2026-03-02T02:00:00Z');

  beforeAll(async () => {
    handle = await openTestDatabase(backend);
    db = handle.db;
    t = await seedTestTenant(db, 'w1', 'x');
    categoryId = (
      await insertCategory(db, t.tenantId, {
        key: 'campaign',
        name: { 'zh-CN': '专项行动', en: 'Campaigns' },
        kind: 'campaign',
        sortOrder: 1,
        archived: false,
      })
    ).id;
    const step = (seq: number, name: string, handler: string, extra: Partial<NewStep> = {}) => ({
      seq,
      name,
      unitId: t.units.townSection.id,
      plannedStart: '2026-03-02',
      plannedEnd: '2026-03-10',
      points: '12.5',
      tags: ['文稿', 'a,b'],
      reviewRequired: false,
      assignees: [
        { role: 'handler' as const, personId: handler },
        { role: 'section-head' as const, personId: t.people.head },
      ],
      ...extra,
    });
    const task = (title: string, unitId: string, steps: NewStep[]) =>
      insertTaskWithSteps(
        db,
        t.tenantId,
        {
          categoryId,
          title,
          description: '',
          responsibleUnitId: unitId,
          leadUnitId: null,
          cooperatingUnitIds: [],
          leaderPersonId: null,
          startsOn: '2026-03-01',
          dueOn: '2026-03-31',
          priority: 'normal',
          attachments: ['plan.pdf'],
          templateKey: null,
          taskForceId: null,
          createdBy: null,
          createdAt: at,
        },
        steps,
      );
    const town = await task('镇级事项', t.units.townSection.id, [
      step(1, '起草', t.people.cadre),
      step(2, '落实', t.people.cadre),
    ]);
    townTask = town.task.id;
    deptTask = (
      await task('部门事项', t.units.dept.id, [
        step(1, '部门环节', t.people.deptCadre, { unitId: t.units.dept.id }),
      ])
    ).task.id;
  });
  afterAll(async () => {
    await handle.close();
  });

  it('keeps the work settings per tenant', async () => {
    expect(await getWorkConfig(db, t.tenantId)).toBeNull();
    const config = {
      roleShares: {
        handler: '0.6',
        'section-head': '0.1',
        'unit-head': '0.1',
        'project-lead': '0.1',
        reviewer: '0.05',
        'card-issuer': '0.05',
        leader: '0',
      },
      lights: { aheadDays: 2, graceDays: 1, utcOffsetMinutes: 480 },
      dueSoonDays: 4,
    };
    await putWorkConfig(db, t.tenantId, config, null, at);
    await putWorkConfig(db, t.tenantId, { ...config, dueSoonDays: 5 }, null, at);
    expect(await getWorkConfig(db, t.tenantId)).toEqual({ ...config, dueSoonDays: 5 });
  });

  it('refuses a category key in use', async () => {
    const error = await insertCategory(db, t.tenantId, {
      key: 'campaign',
      name: { 'zh-CN': '重复', en: 'Again' },
      kind: 'campaign',
      sortOrder: 0,
      archived: false,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'category-key-taken', field: 'key' });
  });

  it('stores a task with its steps and their people', async () => {
    const steps = await listTaskSteps(db, t.tenantId, townTask);
    expect(steps.map((s) => [s.seq, s.name, s.state, s.light])).toEqual([
      [1, '起草', 'waiting', 'white'],
      [2, '落实', 'waiting', 'white'],
    ]);
    expect(steps[0]).toMatchObject({
      points: '12.50',
      tags: ['文稿', 'a,b'],
      actualStart: null,
      assignees: [
        { role: 'handler', personId: t.people.cadre },
        { role: 'section-head', personId: t.people.head },
      ],
    });
  });

  it('changes a step and its people', async () => {
    const [first] = await listTaskSteps(db, t.tenantId, townTask);
    const id = first?.id ?? '';
    await updateStep(
      db,
      t.tenantId,
      id,
      { state: 'active', actualStart: '2026-03-02T02:00:00.000Z', light: 'green' },
      at,
    );
    await replaceStepAssignees(db, t.tenantId, id, [
      { role: 'handler', personId: t.people.cadre },
      { role: 'reviewer', personId: t.people.leader },
    ]);
    expect(await findStep(db, t.tenantId, id)).toMatchObject({
      state: 'active',
      light: 'green',
      actualStart: '2026-03-02T02:00:00.000Z',
      assignees: [
        { role: 'handler', personId: t.people.cadre },
        { role: 'reviewer', personId: t.people.leader },
      ],
    });
    expect((await stepAssignees(db, t.tenantId, [id])).get(id)).toHaveLength(2);
  });

  it('lists tasks a reach covers: units by path or id, assigned people, leaders', async () => {
    const titles = async (reach: TaskReach) =>
      (await listTasks(db, t.tenantId, { limit: 10, offset: 0 }, reach)).items
        .map((r) => r.task.title)
        .sort();
    const none = { kind: 'none' } as const;
    expect(await titles({ visibility: { kind: 'all' }, personId: null })).toEqual(
      ['镇级事项', '部门事项'].sort(),
    );
    expect(
      await titles({
        visibility: { kind: 'some', pathPrefixes: [t.units.town.path], unitIds: [], personIds: [] },
        personId: null,
      }),
    ).toEqual(['镇级事项']);
    expect(
      await titles({
        visibility: { kind: 'some', pathPrefixes: [], unitIds: [t.units.dept.id], personIds: [] },
        personId: null,
      }),
    ).toEqual(['部门事项']);
    expect(await titles({ visibility: none, personId: t.people.deptCadre })).toEqual(['部门事项']);
    expect(await titles({ visibility: none, personId: t.people.office })).toEqual([]);
    await updateTask(db, t.tenantId, deptTask, { leaderPersonId: t.people.office }, at);
    expect(await titles({ visibility: none, personId: t.people.office })).toEqual(['部门事项']);
    expect(await taskVisible(db, t.tenantId, townTask, { visibility: none, personId: null })).toBe(
      false,
    );
    const page = await listTasks(
      db,
      t.tenantId,
      { light: 'green', limit: 10, offset: 0 },
      { visibility: { kind: 'all' }, personId: null },
    );
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({
      categoryName: { 'zh-CN': '专项行动', en: 'Campaigns' },
      responsibleUnitName: '东城镇党政办',
      leadUnitName: null,
    });
    expect(page.items[0]?.steps).toHaveLength(2);
    const searched = await listTasks(
      db,
      t.tenantId,
      { q: '部门', limit: 10, offset: 0 },
      { visibility: { kind: 'all' }, personId: null },
    );
    expect(searched.items.map((r) => r.task.id)).toEqual([deptTask]);
    const counts = await categoryCounts(db, t.tenantId, {
      visibility: { kind: 'all' },
      personId: null,
    });
    expect(counts.get(categoryId)).toEqual({
      tasks: 2,
      lights: { white: 2, blue: 0, green: 1, yellow: 0, red: 0 },
    });
  });

  it('lists a person’s open steps with their roles', async () => {
    const mine = await listMySteps(db, t.tenantId, t.people.cadre);
    expect(mine.map((s) => [s.name, s.state, s.roles])).toEqual([['起草', 'active', ['handler']]]);
    expect(mine[0]).toMatchObject({ taskTitle: '镇级事项', points: '12.50' });
    expect(await listMySteps(db, t.tenantId, t.people.leader)).toHaveLength(1);
    expect(await listMySteps(db, t.tenantId, t.people.head)).toHaveLength(0);
  });

  it('reads the steps a tick evaluates and writes only lights still as read', async () => {
    const read = await readTickSteps(db, t.tenantId);
    // All three steps are open.
    expect(read.count).toBe(3);
    const k = read.stepId.findIndex((id, i) => read.state[i] === 'active');
    expect(read.actualStart[k]).toBe('2026-03-02T02:00:00.000Z');
    expect(read.plannedEnd[k]).toBe('2026-03-10');
    const stepId = read.stepId[k] ?? '';
    const other = read.stepId[(k + 1) % 3] ?? '';
    const written = await writeStepLights(
      db,
      t.tenantId,
      [
        { stepId, from: 'green', to: 'red' },
        // Read as yellow, but it is white now: left alone.
        { stepId: other, from: 'yellow', to: 'red' },
      ],
      new Date('2026-03-11T00:00:00Z'),
    );
    expect([...written]).toEqual([stepId]);
    expect((await findStep(db, t.tenantId, stepId))?.light).toBe('red');
    expect((await findStep(db, t.tenantId, other))?.light).toBe('white');
    // A closed step is read again only while its light is older than its last change.
    await updateStep(db, t.tenantId, stepId, { state: 'done', light: 'red' }, at);
    expect((await readTickSteps(db, t.tenantId)).count).toBe(2);
  });
});
