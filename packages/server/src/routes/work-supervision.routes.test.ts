/**
 * The supervision side of the work platform end to end on the fixture tenant: monthly plans
 * and cards (deterministic, idempotent), half-month supervision runs that write workflow
 * facts into the open period (idempotent; changes supersede), workload per person, task
 * forces (allocation checks, facts through the engine) and documents with read receipts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { hTownship2021Scheme, type Scheme, type SchemeDimension } from '@tianheng/core';
import {
  appendWorkEvents,
  createPeriod,
  listCards,
  saveSchemeVersion,
  type Database,
} from '@tianheng/db';
import { testBackends } from '@tianheng/db/testing';
import type { Kysely } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { systemContext } from '../context.ts';
import { cardTick } from '../services/card.service.ts';
import { openTestApp, type TestApp } from '../testing.ts';

interface ErrorJson {
  code: string;
  field?: string;
}
interface UnitJson {
  unitId: string;
  unitName: string;
  points: string;
  rank: number;
  lights: Record<string, number>;
  cards: Record<string, number>;
}
interface ReportJson {
  window: string;
  run: { factsWritten: number } | null;
  units: UnitJson[];
}
interface ScoreNodeJson {
  key: string;
  points: string;
  children: ScoreNodeJson[];
}

/** The test scheme: the township template with a `work` section and three workflow leaves. */
function supervisedScheme(): Scheme {
  const leaf = (key: string, factScope?: 'assessment-unit') => ({
    key,
    label: { 'zh-CN': key, en: key },
    max: null,
    ...(factScope ? { factScope } : {}),
    method: { kind: 'workflow' as const, factor: '1' },
  });
  const dimensions: SchemeDimension[] = hTownship2021Scheme.dimensions.map((d) =>
    d.part === 'individual'
      ? {
          ...d,
          children: [
            ...(d.children ?? []),
            leaf('work-load'),
            leaf('work-red'),
            leaf('work-unit', 'assessment-unit'),
          ],
        }
      : d,
  );
  return {
    ...hTownship2021Scheme,
    key: 'sv',
    dimensions,
    work: {
      lightPoints: { white: '0', blue: '2', green: '1', yellow: '-1', red: '-2' },
      cardPoints: { green: '3', yellow: '-1', red: '-3' },
      unitIndicator: { key: 'work-unit', value: 'points' },
      workloadIndicator: 'work-load',
      redLightIndicator: { key: 'work-red', points: '-1' },
    },
  };
}

function findNode(nodes: readonly ScoreNodeJson[], key: string): ScoreNodeJson | undefined {
  for (const n of nodes) {
    if (n.key === key) return n;
    const found = findNode(n.children, key);
    if (found) return found;
  }
  return undefined;
}

describe.each(testBackends())('work supervision API on %s', (backend) => {
  let t: TestApp;
  let db: Kysely<Database>;
  const cookie: Record<string, string> = {};
  const ids = { category: '', taskA: '', taskB: '', a1: '', a2: '', a3: '', a4: '', b1: '' };
  let periodId = '';
  let taskForceId = '';
  let documentId = '';

  const call = async (
    who: string,
    method: 'GET' | 'POST',
    url: string,
    payload?: object,
  ): Promise<LightMyRequestResponse> =>
    t.app.inject({
      method,
      url,
      headers: { cookie: cookie[who] ?? '' },
      ...(payload === undefined ? {} : { payload }),
    });

  async function insertTask(
    title: string,
    responsibleUnitId: string,
    leadUnitId: string | null,
  ): Promise<string> {
    const row = await db
      .insertInto('task')
      .values({
        tenant_id: t.t1.tenantId,
        category_id: ids.category,
        title,
        responsible_unit_id: responsibleUnitId,
        lead_unit_id: leadUnitId,
        starts_on: '2026-03-01',
        due_on: '2026-04-30',
        created_at: new Date('2026-02-20T00:00:00Z'),
      })
      .returning('task_id')
      .executeTakeFirstOrThrow();
    return row.task_id;
  }

  async function insertStep(step: {
    taskId: string;
    seq: number;
    name: string;
    unitId: string;
    plannedStart: string;
    plannedEnd: string;
    points: string;
    state: 'waiting' | 'active' | 'done';
    actualStart?: string;
    actualEnd?: string;
    people: { role: 'handler' | 'section-head'; personId: string }[];
  }): Promise<string> {
    const row = await db
      .insertInto('step')
      .values({
        tenant_id: t.t1.tenantId,
        task_id: step.taskId,
        seq: step.seq,
        name: step.name,
        unit_id: step.unitId,
        planned_start: step.plannedStart,
        planned_end: step.plannedEnd,
        actual_start: step.actualStart ?? null,
        actual_end: step.actualEnd ?? null,
        points: step.points,
        state: step.state,
      })
      .returning('step_id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('step_assignee')
      .values(
        step.people.map((p) => ({
          tenant_id: t.t1.tenantId,
          step_id: row.step_id,
          role: p.role,
          person_id: p.personId,
        })),
      )
      .execute();
    return row.step_id;
  }

  /** Move the clock and sign everybody in again (sessions expire when idle that long). */
  async function moveClock(to: string): Promise<void> {
    t.setNow(new Date(to));
    for (const role of ['supervision_office', 'assessment_office', 'leader', 'unit_head', 'cadre'])
      cookie[role] = await t.login(role);
  }

  beforeAll(async () => {
    t = await openTestApp(backend);
    db = t.handle.db;
    const { tenantId, units, people } = t.t1;
    await moveClock('2026-03-02T02:00:00Z');
    ids.category = (
      await db
        .insertInto('work_category')
        .values({
          tenant_id: tenantId,
          key: 'campaign',
          name: JSON.stringify({ 'zh-CN': '专项行动', en: 'Campaigns' }),
          kind: 'campaign',
        })
        .returning('category_id')
        .executeTakeFirstOrThrow()
    ).category_id;
    // Task A: the town's party office, led by the town; task B: the agriculture bureau.
    ids.taskA = await insertTask('人居环境整治', units.townSection.id, units.town.id);
    ids.taskB = await insertTask('春耕备耕', units.dept.id, null);
    const office = [
      { role: 'handler' as const, personId: people.cadre },
      { role: 'section-head' as const, personId: people.head },
    ];
    ids.a1 = await insertStep({
      taskId: ids.taskA,
      seq: 1,
      name: '摸底排查',
      unitId: units.townSection.id,
      plannedStart: '2026-03-01',
      plannedEnd: '2026-03-10',
      points: '4',
      state: 'done',
      actualStart: '2026-03-01T01:00:00Z',
      actualEnd: '2026-03-09T03:00:00Z',
      people: office,
    });
    ids.a2 = await insertStep({
      taskId: ids.taskA,
      seq: 2,
      name: '集中整治',
      unitId: units.townSection.id,
      plannedStart: '2026-03-05',
      plannedEnd: '2026-03-20',
      points: '8',
      state: 'active',
      actualStart: '2026-03-05T01:00:00Z',
      people: office,
    });
    ids.a4 = await insertStep({
      taskId: ids.taskA,
      seq: 2,
      name: '宣传发动',
      unitId: units.townSection.id,
      plannedStart: '2026-03-16',
      plannedEnd: '2026-03-28',
      points: '10',
      state: 'done',
      actualStart: '2026-03-16T01:00:00Z',
      actualEnd: '2026-03-27T08:00:00Z',
      people: office,
    });
    ids.a3 = await insertStep({
      taskId: ids.taskA,
      seq: 3,
      name: '验收销号',
      unitId: units.townSection.id,
      plannedStart: '2026-04-01',
      plannedEnd: '2026-04-05',
      points: '2',
      state: 'waiting',
      people: office,
    });
    ids.b1 = await insertStep({
      taskId: ids.taskB,
      seq: 1,
      name: '农资调运',
      unitId: units.dept.id,
      plannedStart: '2026-03-01',
      plannedEnd: '2026-03-25',
      points: '6',
      state: 'done',
      actualStart: '2026-03-02T01:00:00Z',
      // 2026-03-25 20:00 in Asia/Shanghai: on the planned end day.
      actualEnd: '2026-03-25T12:00:00Z',
      people: [{ role: 'handler', personId: people.deptCadre }],
    });
    await saveSchemeVersion(db, tenantId, { scheme: supervisedScheme(), createdBy: null });
    periodId = (
      await createPeriod(db, tenantId, {
        name: '2026年3月',
        kind: 'month',
        assessment: 'routine',
        startsOn: '2026-03-01',
        endsOn: '2026-03-31',
        schemeKey: 'sv',
        createdBy: null,
      })
    ).id;
  });
  afterAll(async () => {
    await t.close();
  });

  describe('monthly plans and cards', () => {
    it('snapshots the month’s plan on each tick; moving a date later does not take a step out', async () => {
      const ctx = () => systemContext(db, t.t1.tenantId, new Date('2026-03-02T02:00:00Z'));
      expect(await cardTick(ctx())).toEqual({ planned: 4, issued: 0, months: [] });
      // A2 moves into April (recorded as a step update after March ended).
      await db
        .updateTable('step')
        .set({ planned_end: '2026-04-10' })
        .where('step_id', '=', ids.a2)
        .execute();
      await appendWorkEvents(db, t.t1.tenantId, [
        {
          kind: 'step-updated',
          taskId: ids.taskA,
          stepId: ids.a2,
          actorPersonId: t.t1.people.head,
          actorAccountId: null,
          at: '2026-04-01T02:00:00.000Z',
          body: { from: { plannedEnd: '2026-03-20' }, to: { plannedEnd: '2026-04-10' } },
        },
      ]);
      expect(await cardTick(ctx())).toEqual({ planned: 0, issued: 0, months: [] });
    });

    it('refuses to issue a month that has not ended', async () => {
      await moveClock('2026-03-31T15:59:00Z');
      const res = await call('supervision_office', 'POST', '/api/work/cards/issue', {
        month: '2026-03',
      });
      expect(res.statusCode).toBe(409);
      expect(res.json<ErrorJson>()).toMatchObject({
        code: 'supervision-window-open',
        field: 'month',
      });
    });

    it('issues green, red and yellow cards once; a re-issue and the next tick write nothing', async () => {
      await moveClock('2026-04-01T01:00:00Z');
      const issued = await call('supervision_office', 'POST', '/api/work/cards/issue', {
        month: '2026-03',
      });
      expect(issued.statusCode).toBe(200);
      expect(issued.json()).toEqual({ issued: 3 });
      const again = await call('supervision_office', 'POST', '/api/work/cards/issue', {
        month: '2026-03',
      });
      expect(again.json()).toEqual({ issued: 0 });
      const tick = await cardTick(systemContext(db, t.t1.tenantId, t.now()));
      expect(tick).toEqual({ planned: 2, issued: 0, months: [] });

      const { units } = t.t1;
      const res = await call('supervision_office', 'GET', '/api/work/cards?month=2026-03');
      expect(res.statusCode).toBe(200);
      const body = res.json<{
        plan: { stepId: string; done: boolean }[];
        cards: { unitId: string; as: string; colour: string; planned: number; done: number }[];
      }>();
      expect(Object.fromEntries(body.plan.map((p) => [p.stepId, p.done]))).toEqual({
        [ids.a1]: true,
        [ids.a2]: false,
        [ids.a4]: true,
        [ids.b1]: true,
      });
      expect(
        Object.fromEntries(
          body.cards.map((c) => [`${c.unitId}:${c.as}`, `${c.colour} ${c.done}/${c.planned}`]),
        ),
      ).toEqual({
        [`${units.townSection.id}:responsible`]: 'red 2/3',
        [`${units.town.id}:lead`]: 'yellow 2/3',
        [`${units.dept.id}:responsible`]: 'green 1/1',
      });
      // The unit head sees their unit's cards only, and was notified of the red one.
      const own = await call('unit_head', 'GET', '/api/work/cards?month=2026-03');
      expect(own.json<{ cards: { unitId: string }[] }>().cards.map((c) => c.unitId)).toEqual([
        units.townSection.id,
      ]);
      const outside = await call(
        'unit_head',
        'GET',
        `/api/work/cards?month=2026-03&unitId=${units.dept.id}`,
      );
      expect(outside.statusCode).toBe(403);
      const notes = await db
        .selectFrom('notification')
        .select(['kind', 'person_id'])
        .where('tenant_id', '=', t.t1.tenantId)
        .where('kind', '=', 'card-issued')
        .execute();
      expect(notes).toEqual([{ kind: 'card-issued', person_id: t.t1.people.head }]);
      const events = await db
        .selectFrom('work_event')
        .select('kind')
        .where('tenant_id', '=', t.t1.tenantId)
        .where('kind', '=', 'card-issued')
        .execute();
      expect(events).toHaveLength(3);
    });

    it('issues an ended month’s cards from the scheduler’s tick, once', async () => {
      const may = systemContext(db, t.t1.tenantId, new Date('2026-05-01T00:00:00Z'));
      expect(await cardTick(may)).toEqual({ planned: 0, issued: 2, months: ['2026-04'] });
      expect(await cardTick(may)).toEqual({ planned: 0, issued: 0, months: [] });
      const april = await listCards(db, t.t1.tenantId, '2026-04');
      expect(april.map((c) => `${c.unitName} ${c.colour} ${c.done}/${c.planned}`)).toEqual([
        '东城镇 yellow 0/2',
        '东城镇党政办 red 0/2',
      ]);
    });
  });

  describe('half-month supervision', () => {
    it.each([
      ['a window that has not ended', '2026-04-H1', 409, 'supervision-window-open'],
      ['a malformed window', '2026-03-H3', 422, 'supervision-window-invalid'],
    ] as const)('refuses %s', async (_label, window, status, code) => {
      const res = await call('supervision_office', 'POST', '/api/work/supervision/run', {
        window,
      });
      expect(res.statusCode).toBe(status);
      expect(res.json<ErrorJson>()).toMatchObject({ code, field: 'window' });
    });

    it('counts lights at the window’s end and the month’s cards, ranks units, writes facts once', async () => {
      const { units } = t.t1;
      const res = await call('supervision_office', 'POST', '/api/work/supervision/run', {
        window: '2026-03-H2',
      });
      expect(res.statusCode).toBe(200);
      const report = res.json<ReportJson>();
      expect(report.run).toMatchObject({ factsWritten: 5 });
      const rows = Object.fromEntries(report.units.map((u) => [u.unitId, u]));
      // A2 is red as of 31 March (its later move does not count), A4 blue, B1 green. The town
      // section's lights and cards count for its town (the assessment unit).
      expect(rows[units.townSection.id]).toBeUndefined();
      expect(rows[units.town.id]).toMatchObject({
        points: '-4.00',
        rank: 2,
        lights: { red: 1, blue: 1, green: 0 },
        cards: { red: 1, yellow: 1 },
      });
      expect(rows[units.dept.id]).toMatchObject({ points: '4.00', rank: 1, lights: { green: 1 } });

      const again = await call('supervision_office', 'POST', '/api/work/supervision/run', {
        window: '2026-03-H2',
      });
      expect(again.json<ReportJson>().run).toMatchObject({ factsWritten: 0 });
      expect(again.json<ReportJson>().units).toEqual(report.units);
    });

    it('puts the facts into the person’s score', async () => {
      const res = await call(
        'assessment_office',
        'GET',
        `/api/people/${t.t1.people.cadre}/score?periodId=${periodId}`,
      );
      expect(res.statusCode).toBe(200);
      const score = res.json<{
        nodes: ScoreNodeJson[];
        facts: { indicator: string; value: string }[];
      }>();
      expect(findNode(score.nodes, 'work-load')?.points).toBe('7.69');
      expect(findNode(score.nodes, 'work-red')?.points).toBe('-1.00');
      const facts = await call(
        'assessment_office',
        'GET',
        `/api/facts?periodId=${periodId}&unitId=${t.t1.units.town.id}&pageSize=50`,
      );
      const unitFacts = facts
        .json<{
          items: { indicator: string; value: string; source: string; recordedBy: unknown }[];
        }>()
        .items.filter((f) => f.indicator === 'work-unit');
      expect(unitFacts).toEqual([
        expect.objectContaining({ value: '-4.00', source: 'workflow', recordedBy: null }),
      ]);
    });

    it('supersedes only what changed on a re-run', async () => {
      await db.updateTable('step').set({ points: '20' }).where('step_id', '=', ids.a4).execute();
      const res = await call('supervision_office', 'POST', '/api/work/supervision/run', {
        window: '2026-03-H2',
      });
      expect(res.json<ReportJson>().run).toMatchObject({ factsWritten: 2 });
      const score = await call(
        'assessment_office',
        'GET',
        `/api/people/${t.t1.people.cadre}/score?periodId=${periodId}`,
      );
      expect(findNode(score.json<{ nodes: ScoreNodeJson[] }>().nodes, 'work-load')?.points).toBe(
        '15.38',
      );
      const last = await call('supervision_office', 'POST', '/api/work/supervision/run', {
        window: '2026-03-H2',
      });
      expect(last.json<ReportJson>().run).toMatchObject({ factsWritten: 0 });
    });

    it('lists the windows, shows the unit head their unit, exports the report', async () => {
      const windows = await call('unit_head', 'GET', '/api/work/supervision/windows');
      expect(windows.json()).toMatchObject({
        items: [{ window: '2026-03-H2', runBy: '督查室乙' }],
      });
      const own = await call('unit_head', 'GET', '/api/work/supervision?window=2026-03-H2');
      expect(own.json<ReportJson>().units.map((u) => u.unitId)).toEqual([t.t1.units.town.id]);
      const none = await call(
        'supervision_office',
        'GET',
        '/api/work/supervision?window=2026-02-H1',
      );
      expect(none.json()).toMatchObject({ window: '2026-02-H1', run: null, units: [] });
      const exported = await call(
        'supervision_office',
        'GET',
        '/api/work/supervision/export?window=2026-03-H2',
      );
      expect(exported.statusCode).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('督查统计');
      expect(sheet?.getRow(2).getCell(2).value).toBe('县农业农村局');
      expect(sheet?.getRow(2).getCell(3).value).toBe('4.00');
    });
  });

  describe('workload', () => {
    it('splits every finished step among its people: the shares sum to the steps’ points', async () => {
      const res = await call(
        'supervision_office',
        'GET',
        '/api/work/workload?from=2026-03-01&to=2026-03-31',
      );
      expect(res.statusCode).toBe(200);
      const people = res.json<{
        people: { personId: string; points: string; byRole: Record<string, string> }[];
      }>().people;
      const cents = (text: string) => Math.round(Number(text) * 100);
      // A1 4 + A4 20 + B1 6 points were finished in March.
      expect(people.reduce((sum, p) => sum + cents(p.points), 0)).toBe(3000);
      for (const p of people)
        expect(Object.values(p.byRole).reduce((sum, v) => sum + cents(v), 0)).toBe(cents(p.points));
      expect(people.map((p) => p.personId)).toEqual([
        t.t1.people.cadre,
        t.t1.people.deptCadre,
        t.t1.people.head,
      ]);
      const exported = await call(
        'supervision_office',
        'GET',
        '/api/work/workload/export?from=2026-03-01&to=2026-03-31',
      );
      expect(exported.statusCode).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('工作量');
      expect(sheet?.getRow(2).values).toEqual([
        undefined,
        '干部戊',
        '东城镇党政办',
        '18.46',
        '18.46',
        '0.00',
        '0.00',
        '0.00',
        '0.00',
        '0.00',
        '0.00',
      ]);
    });

    it('shows a cadre only their own workload, with the detail by step', async () => {
      const own = await call('cadre', 'GET', '/api/work/workload?from=2026-03-01&to=2026-03-31');
      expect(own.json<{ people: { personId: string }[] }>().people.map((p) => p.personId)).toEqual([
        t.t1.people.cadre,
      ]);
      const detail = await call(
        'cadre',
        'GET',
        `/api/work/workload/${t.t1.people.cadre}?from=2026-03-01&to=2026-03-31`,
      );
      expect(detail.statusCode).toBe(200);
      expect(detail.json()).toMatchObject({
        points: '18.46',
        items: [
          { stepId: ids.a1, role: 'handler', points: '3.08' },
          { stepId: ids.a4, role: 'handler', points: '15.38' },
        ],
      });
      const other = await call(
        'cadre',
        'GET',
        `/api/work/workload/${t.t1.people.head}?from=2026-03-01&to=2026-03-31`,
      );
      expect(other.statusCode).toBe(403);
      const backwards = await call(
        'supervision_office',
        'GET',
        '/api/work/workload?from=2026-03-31&to=2026-03-01',
      );
      expect(backwards.json<ErrorJson>()).toMatchObject({ code: 'invalid-input', field: 'to' });
    });
  });

  describe('task forces', () => {
    it('a leader forms one and assigns a task', async () => {
      const { people } = t.t1;
      const res = await call('leader', 'POST', '/api/work/task-forces', {
        name: '防汛专班',
        basePoints: '5',
        allocationPool: '10',
        memberIds: [people.cadre, people.head],
      });
      expect(res.statusCode).toBe(201);
      const created = res.json<{ id: string; memberIds: string[]; leaderPersonId: string }>();
      taskForceId = created.id;
      expect(created.leaderPersonId).toBe(people.leader);
      expect([...created.memberIds].sort()).toEqual(
        [people.cadre, people.head, people.leader].sort(),
      );
      const assigned = await call('leader', 'POST', `/api/work/task-forces/${taskForceId}/tasks`, {
        taskIds: [ids.taskA],
      });
      expect(assigned.statusCode).toBe(200);
      expect(assigned.json()).toMatchObject({
        tasks: [{ id: ids.taskA, progress: { done: 2, total: 4 } }],
      });
      const mine = await call('cadre', 'GET', '/api/work/task-forces');
      expect(mine.json<{ items: { id: string }[] }>().items.map((f) => f.id)).toEqual([
        taskForceId,
      ]);
    });

    it.each([
      [
        'a sum other than the pool',
        'leader',
        (p: Record<string, string>) => [
          { personId: p.cadre, points: '6' },
          { personId: p.head, points: '3' },
        ],
        422,
        'task-force-allocation-mismatch',
        'allocations',
      ],
      [
        'a non-member',
        'leader',
        (p: Record<string, string>) => [{ personId: p.deptCadre, points: '10' }],
        422,
        'task-force-invalid',
        'allocations[0].personId',
      ],
      [
        'anyone but the leader',
        'supervision_office',
        (p: Record<string, string>) => [{ personId: p.cadre, points: '10' }],
        403,
        'task-force-not-leader',
        undefined,
      ],
      [
        'a role without taskforce.write',
        'cadre',
        (p: Record<string, string>) => [{ personId: p.cadre, points: '10' }],
        403,
        'forbidden',
        undefined,
      ],
    ] as const)('refuses %s', async (_label, who, allocations, status, code, field) => {
      const res = await call(who, 'POST', `/api/work/task-forces/${taskForceId}/allocate`, {
        periodId,
        allocations: allocations(t.t1.people),
      });
      expect(res.statusCode).toBe(status);
      expect(res.json<ErrorJson>()).toMatchObject({ code, ...(field ? { field } : {}) });
    });

    it('records the base and the allocation as task-force facts; a repeat writes nothing', async () => {
      const { people } = t.t1;
      const allocate = (cadre: string, head: string) =>
        call('leader', 'POST', `/api/work/task-forces/${taskForceId}/allocate`, {
          periodId,
          allocations: [
            { personId: people.cadre, points: cadre },
            { personId: people.head, points: head },
          ],
        });
      const res = await allocate('6', '4');
      expect(res.statusCode).toBe(200);
      type Detail = {
        allocations: { personId: string; part: string; points: string; factId: string }[];
      };
      const first = res.json<Detail>().allocations;
      const parts = (list: Detail['allocations']) =>
        list.map((a) => `${a.personId}:${a.part}:${Number(a.points)}`).sort();
      expect(parts(first)).toEqual(
        [
          `${people.leader}:base:5`,
          `${people.cadre}:base:5`,
          `${people.head}:base:5`,
          `${people.cadre}:allocation:6`,
          `${people.head}:allocation:4`,
        ].sort(),
      );
      const repeat = (await allocate('6', '4')).json<Detail>().allocations;
      expect(repeat.map((a) => a.factId).sort()).toEqual(first.map((a) => a.factId).sort());
      const score = await call(
        'assessment_office',
        'GET',
        `/api/people/${people.cadre}/score?periodId=${periodId}`,
      );
      expect(findNode(score.json<{ nodes: ScoreNodeJson[] }>().nodes, 'task-force')?.points).toBe(
        '11.00',
      );
      const changed = (await allocate('10', '0')).json<Detail>().allocations;
      expect(parts(changed)).toContain(`${people.cadre}:allocation:10`);
      expect(parts(changed)).toContain(`${people.head}:allocation:0`);
    });
  });

  describe('documents', () => {
    it('publishes to a unit’s people and a person, who are notified', async () => {
      const { units, people } = t.t1;
      const res = await call('supervision_office', 'POST', '/api/documents', {
        kind: 'instruction',
        title: '关于做好防汛工作的通知',
        body: '请各单位落实责任。',
        readBy: '2026-04-02T01:00:00.000Z',
        unitIds: [units.townSection.id],
        personIds: [people.deptCadre],
      });
      expect(res.statusCode).toBe(201);
      const published = res.json<{ id: string; recipients: number }>();
      documentId = published.id;
      expect(published.recipients).toBe(3);
      const notified = await db
        .selectFrom('notification')
        .select('person_id')
        .where('tenant_id', '=', t.t1.tenantId)
        .where('kind', '=', 'document-published')
        .execute();
      expect(notified.map((n) => n.person_id).sort()).toEqual(
        [people.cadre, people.head, people.deptCadre].sort(),
      );
    });

    it.each([
      ['to units outside the caller’s scope', 'unit_head', 'dept', null, 403, 'forbidden'],
      [
        'with a read-by time already past',
        'supervision_office',
        'townSection',
        '2026-03-01T00:00:00.000Z',
        422,
        'document-invalid',
      ],
    ] as const)('refuses a document %s', async (_label, who, unit, readBy, status, code) => {
      const res = await call(who, 'POST', '/api/documents', {
        kind: 'policy',
        title: '政策',
        body: '',
        readBy,
        unitIds: [t.t1.units[unit].id],
        personIds: [],
      });
      expect(res.statusCode).toBe(status);
      expect(res.json<ErrorJson>().code).toBe(code);
    });

    it('records reads, and counts unread after the deadline as overdue', async () => {
      const { people } = t.t1;
      const inbox = await call('cadre', 'GET', '/api/documents?box=received');
      expect(inbox.json()).toMatchObject({
        items: [{ id: documentId, readAt: null, overdue: false }],
      });
      const read = await call('cadre', 'POST', `/api/documents/${documentId}/read`, {});
      expect(read.statusCode).toBe(200);
      const readAt = read.json<{ readAt: string }>().readAt;
      await moveClock('2026-04-03T01:00:00Z');
      const again = await call('cadre', 'POST', `/api/documents/${documentId}/read`, {});
      expect(again.json()).toEqual({ readAt });
      expect((await call('leader', 'GET', `/api/documents/${documentId}`)).statusCode).toBe(404);
      const own = await call('cadre', 'GET', `/api/documents/${documentId}`);
      expect(own.json()).toMatchObject({ readAt, receipts: null });
      const detail = await call('supervision_office', 'GET', `/api/documents/${documentId}`);
      const receipts = detail.json<{
        receipts: { personId: string; readAt: string | null; overdue: boolean }[];
      }>().receipts;
      expect(
        Object.fromEntries(receipts.map((r) => [r.personId, [r.readAt !== null, r.overdue]])),
      ).toEqual({
        [people.cadre]: [true, false],
        [people.head]: [false, true],
        [people.deptCadre]: [false, true],
      });
      const sent = await call('supervision_office', 'GET', '/api/documents?box=sent');
      expect(sent.json()).toMatchObject({
        items: [{ id: documentId, recipients: 3, read: 1, overdue: 2 }],
      });
    });
  });
});
