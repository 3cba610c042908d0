/**
 * The work API end to end on the fixture tenant: a task created from input, hand-off between
 * steps with notifications, who may complete, approve and return, flags, the lights tick at an
 * injected clock (idempotent), visibility, My work and 4xx errors with their fields.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, seedTestTenant, testBackends } from '@tianheng/db/testing';
import type { DatabaseHandle } from '@tianheng/db';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.ts';
import { hashPassword } from '../security/password-hash.ts';
import { FIXTURE_PASSWORD, openTestApp, sessionCookie, type TestApp } from '../testing.ts';
import { createDevClock } from './dev.routes.ts';

interface StepJson {
  id: string;
  seq: number;
  name: string;
  state: string;
  light: string;
  flagged: boolean;
  actualStart: string | null;
  actualEnd: string | null;
  carriers: string[];
  canComplete: boolean;
  canReview: boolean;
  assignees: { role: string; personId: string; name: string }[];
}
interface DetailJson {
  task: { id: string; title: string; status: string; progress: { done: number; total: number } };
  steps: StepJson[];
  events: { kind: string; stepId: string | null; actorName: string | null; body: object }[];
}
interface NotificationJson {
  id: string;
  kind: string;
  link: string | null;
  readAt: string | null;
}

describe.each(testBackends())('work API on %s', (backend) => {
  let t: TestApp;
  const cookie: Record<string, string> = {};
  let categoryId = '';
  let taskId = '';
  let first = '';
  let second = '';

  const call = (
    who: string,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    payload?: object,
  ): Promise<LightMyRequestResponse> =>
    t.app.inject({
      method,
      url,
      headers: { cookie: cookie[who] ?? '' },
      ...(payload === undefined ? {} : { payload }),
    });
  const detail = async (who = 'office'): Promise<DetailJson> => {
    const res = await call(who, 'GET', `/api/work/tasks/${taskId}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<DetailJson>();
  };
  /** Move the clock; sessions idle past their timeout, so everybody signs in again. */
  const at = async (instant: string) => {
    t.setNow(new Date(instant));
    for (const role of ['assessment_office', 'leader', 'unit_head', 'cadre', 'system_admin'])
      cookie[role] = await t.login(role);
    cookie.office = cookie.assessment_office ?? '';
    cookie.head = cookie.unit_head ?? '';
  };
  const unread = async (who: string): Promise<number> =>
    (await call(who, 'GET', '/api/notifications/unread-count')).json<{ unread: number }>().unread;
  const taskInput = (overrides: object = {}) => {
    const { units, people } = t.t1;
    return {
      categoryId,
      title: '春耕物资保障',
      description: '镇级统筹',
      responsibleUnitId: units.townSection.id,
      leadUnitId: null,
      cooperatingUnitIds: [],
      leaderPersonId: people.leader,
      startsOn: '2026-03-02',
      dueOn: '2026-03-31',
      priority: 'high',
      attachments: [],
      steps: [
        {
          seq: 1,
          name: '起草方案',
          plannedStart: '2026-03-02',
          plannedEnd: '2026-03-06',
          points: '10',
          tags: ['文稿'],
          reviewRequired: true,
          assignees: [
            { role: 'handler', personId: people.cadre },
            { role: 'section-head', personId: people.head },
            { role: 'reviewer', personId: people.leader },
          ],
        },
        {
          seq: 2,
          name: '组织落实',
          plannedStart: '2026-03-07',
          plannedEnd: '2026-03-10',
          points: '20',
          tags: [],
          reviewRequired: false,
          assignees: [{ role: 'handler', personId: people.head }],
        },
      ],
      ...overrides,
    };
  };

  beforeAll(async () => {
    t = await openTestApp(backend);
    await at('2026-03-02T02:00:00Z');
    const res = await call('office', 'POST', '/api/work/categories', {
      key: 'campaign-spring',
      name: { 'zh-CN': '春季专项行动', en: 'Spring campaign' },
      kind: 'campaign',
    });
    expect(res.statusCode, res.body).toBe(201);
    categoryId = res.json<{ id: string }>().id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates a task from input: steps stored, the first one started, its people notified', async () => {
    const res = await call('leader', 'POST', '/api/work/tasks', taskInput());
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<DetailJson>();
    taskId = body.task.id;
    [first, second] = body.steps.map((s) => s.id) as [string, string];
    expect(body.steps.map((s) => [s.seq, s.state, s.light])).toEqual([
      [1, 'active', 'green'],
      [2, 'waiting', 'white'],
    ]);
    expect(body.steps[0]?.actualStart).toBe('2026-03-02T02:00:00.000Z');
    expect(body.task.progress).toEqual({ done: 0, total: 2 });
    expect(body.events.map((e) => e.kind)).toEqual([
      'task-created',
      'light-changed',
      'step-started',
    ]);
    expect(body.events[0]?.actorName).toBe('领导丙');
    expect(await unread('cadre')).toBe(1);
    const list = (await call('cadre', 'GET', '/api/notifications')).json<{
      items: NotificationJson[];
      unread: number;
      total: number;
    }>();
    expect(list.items[0]).toMatchObject({ kind: 'step-started', link: `/work/tasks/${taskId}` });
  });

  it('lists the task with its summary and counts it in its category', async () => {
    const res = await call('cadre', 'GET', `/api/work/tasks?categoryId=${categoryId}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{
      items: { id: string; lights: Record<string, number> }[];
      total: number;
    }>();
    expect(body.total).toBe(1);
    expect(body.items[0]?.lights).toEqual({ white: 1, blue: 0, green: 1, yellow: 0, red: 0 });
    const categories = (await call('cadre', 'GET', '/api/work/categories')).json<{
      items: { id: string; tasks: number }[];
    }>();
    expect(categories.items.find((c) => c.id === categoryId)?.tasks).toBe(1);
  });

  it('lets only the handler complete; review submits and notifies the reviewer', async () => {
    const other = await call('head', 'POST', `/api/work/steps/${first}/complete`, {});
    expect(other.statusCode).toBe(403);
    expect(other.json<{ code: string }>().code).toBe('step-not-assigned');
    const before = await unread('leader');
    const res = await call('cadre', 'POST', `/api/work/steps/${first}/complete`, { note: '初稿' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<StepJson>()).toMatchObject({ state: 'submitted', canComplete: false });
    expect(await unread('leader')).toBe(before + 1);
    const again = await call('cadre', 'POST', `/api/work/steps/${first}/complete`, {});
    expect(again.json<{ code: string }>().code).toBe('step-state-invalid');
  });

  it('lets only the reviewer approve or return; a return needs a note and turns yellow', async () => {
    const notReviewer = await call('cadre', 'POST', `/api/work/steps/${first}/approve`, {});
    expect(notReviewer.statusCode).toBe(403);
    expect(notReviewer.json<{ code: string }>().code).toBe('step-not-reviewer');
    const noNote = await call('leader', 'POST', `/api/work/steps/${first}/return`, { note: ' ' });
    expect(noNote.statusCode).toBe(422);
    expect(noNote.json<{ field: string }>().field).toBe('note');
    const before = await unread('cadre');
    const returned = await call('leader', 'POST', `/api/work/steps/${first}/return`, {
      note: '补充数据',
    });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json<StepJson>()).toMatchObject({ state: 'returned', light: 'yellow' });
    expect(await unread('cadre')).toBe(before + 1);
    const resubmitted = await call('cadre', 'POST', `/api/work/steps/${first}/complete`, {});
    expect(resubmitted.json<StepJson>().state).toBe('submitted');
  });

  it('approving hands off to the next step and notifies its people', async () => {
    await at('2026-03-04T03:00:00Z');
    const before = await unread('head');
    // My work is read (and cached) before the hand-off; the hand-off must show through.
    const idle = (await call('head', 'GET', '/api/work/my')).json<{
      todo: { stepId: string }[];
      dueSoon: { stepId: string }[];
    }>();
    expect([...idle.todo, ...idle.dueSoon].map((s) => s.stepId)).not.toContain(second);
    const res = await call('leader', 'POST', `/api/work/steps/${first}/approve`, { note: '同意' });
    expect(res.statusCode, res.body).toBe(200);
    // Finished two days before its planned end (aheadDays 1): blue.
    expect(res.json<StepJson>()).toMatchObject({ state: 'done', light: 'blue' });
    const body = await detail();
    expect(body.steps.map((s) => s.state)).toEqual(['done', 'active']);
    expect(body.steps[1]?.light).toBe('white'); // before its planned start
    expect(await unread('head')).toBe(before + 1);
    const kinds = body.events.map((e) => e.kind);
    for (const kind of ['step-submitted', 'step-returned', 'step-approved', 'step-started'])
      expect(kinds).toContain(kind);
    const my = (await call('head', 'GET', '/api/work/my')).json<{
      todo: { stepId: string }[];
      dueSoon: { stepId: string }[];
    }>();
    expect([...my.todo, ...my.dueSoon].map((s) => s.stepId)).toContain(second);
  });

  it('a flag turns the step yellow; only its people or work.write may flag', async () => {
    const outsider = await call('cadre', 'POST', `/api/work/steps/${second}/flag`, {
      note: '缺人',
    });
    expect(outsider.statusCode).toBe(403);
    const flagged = await call('head', 'POST', `/api/work/steps/${second}/flag`, { note: '缺人' });
    expect(flagged.statusCode, flagged.body).toBe(200);
    expect(flagged.json<StepJson>()).toMatchObject({ flagged: true, light: 'yellow' });
    const cleared = await call('leader', 'POST', `/api/work/steps/${second}/unflag`, {});
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json<StepJson>()).toMatchObject({ flagged: false, light: 'white' });
  });

  it('the tick turns an unfinished step red after its planned end, once', async () => {
    await at('2026-03-08T01:00:00Z');
    const green = await call('office', 'POST', '/api/work/tick', {});
    expect(green.statusCode, green.body).toBe(200);
    expect(green.json<{ changed: number }>().changed).toBe(1);
    expect((await detail()).steps[1]?.light).toBe('green');
    const before = await unread('head');
    // 2026-03-10 ends at 16:00 UTC in Asia/Shanghai: the step is late from then.
    await at('2026-03-10T15:59:00Z');
    expect((await call('office', 'POST', '/api/work/tick', {})).json()).toMatchObject({
      changed: 0,
    });
    await at('2026-03-10T16:00:00Z');
    const red = await call('office', 'POST', '/api/work/tick', {});
    expect(red.json()).toMatchObject({ changed: 1 });
    const body = await detail();
    expect(body.steps[1]).toMatchObject({ light: 'red', carriers: ['主任丁'] });
    expect(body.events.at(-1)).toMatchObject({
      kind: 'light-changed',
      body: { from: 'green', to: 'red' },
      actorName: null,
    });
    expect(await unread('head')).toBe(before + 1);
    const second = await call('office', 'POST', '/api/work/tick', {});
    expect(second.json()).toMatchObject({ changed: 0 });
    expect(await unread('head')).toBe(before + 1);
    const my = (await call('head', 'GET', '/api/work/my')).json<{ overdue: { light: string }[] }>();
    expect(my.overdue.map((s) => s.light)).toEqual(['red']);
  });

  it('finishing the last step finishes the task; the ledger still verifies', async () => {
    const res = await call('head', 'POST', `/api/work/steps/${second}/complete`, {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<StepJson>()).toMatchObject({ state: 'done', light: 'red' });
    const body = await detail();
    expect(body.task).toMatchObject({ status: 'done', progress: { done: 2, total: 2 } });
    const verify = await call('system_admin', 'GET', '/api/ledger/verify');
    expect(verify.json()).toMatchObject({ ok: true });
  });

  it('shows tasks per work.read scope, or to the people assigned', async () => {
    const { units, people } = t.t1;
    const deptStep = (handler: string) => ({
      seq: 1,
      name: '部门环节',
      plannedStart: '2026-03-10',
      plannedEnd: '2026-03-20',
      points: '5',
      tags: [],
      reviewRequired: false,
      assignees: [{ role: 'handler', personId: handler }],
    });
    const hidden = await call(
      'office',
      'POST',
      '/api/work/tasks',
      taskInput({
        responsibleUnitId: units.dept.id,
        title: '部门事项',
        leaderPersonId: null,
        steps: [deptStep(people.deptCadre)],
      }),
    );
    expect(hidden.statusCode, hidden.body).toBe(201);
    const hiddenId = hidden.json<DetailJson>().task.id;
    const assigned = await call(
      'office',
      'POST',
      '/api/work/tasks',
      taskInput({
        responsibleUnitId: units.dept.id,
        title: '协办事项',
        leaderPersonId: null,
        steps: [deptStep(people.cadre)],
      }),
    );
    const assignedId = assigned.json<DetailJson>().task.id;
    expect((await call('leader', 'GET', `/api/work/tasks/${hiddenId}`)).statusCode).toBe(404);
    expect((await call('cadre', 'GET', `/api/work/tasks/${hiddenId}`)).statusCode).toBe(404);
    expect((await call('cadre', 'GET', `/api/work/tasks/${assignedId}`)).statusCode).toBe(200);
    const listed = (await call('cadre', 'GET', '/api/work/tasks')).json<{
      items: { id: string }[];
    }>();
    expect(listed.items.map((i) => i.id).sort()).toEqual([taskId, assignedId].sort());
    const all = (await call('office', 'GET', '/api/work/tasks')).json<{ total: number }>();
    expect(all.total).toBe(3);
    // Another tenant's office sees none of them.
    const t2 = await t.login('assessment_office', 't2');
    const other = await t.app.inject({
      method: 'GET',
      url: `/api/work/tasks/${taskId}`,
      headers: { cookie: t2 },
    });
    expect(other.statusCode).toBe(404);
  });

  it('refuses bad input with the code and the field', async () => {
    const { people, units } = t.t1;
    const post = (body: object, who = 'leader') => call(who, 'POST', '/api/work/tasks', body);
    const gap = await post(
      taskInput({
        steps: [{ ...taskInput().steps[0], seq: 2 }],
      }),
    );
    expect(gap.statusCode).toBe(422);
    expect(gap.json()).toMatchObject({ code: 'step-invalid', field: 'steps[0].seq' });
    const noHandler = await post(
      taskInput({ steps: [{ ...taskInput().steps[1], seq: 1, assignees: [] }] }),
    );
    expect(noHandler.json()).toMatchObject({ code: 'step-invalid', field: 'steps[0].assignees' });
    const dates = await post(taskInput({ dueOn: '2026-03-01' }));
    expect(dates.statusCode).toBe(422);
    expect(
      dates.json<{ details: { problems: { path: string }[] } }>().details.problems,
    ).toContainEqual(expect.objectContaining({ code: 'task-invalid', path: 'dueOn' }));
    const t2 = t.t2.people.cadre;
    const stranger = await post(
      taskInput({
        steps: [
          { ...taskInput().steps[1], seq: 1, assignees: [{ role: 'handler', personId: t2 }] },
        ],
      }),
    );
    expect(stranger.statusCode).toBe(422);
    expect(stranger.json()).toMatchObject({
      code: 'task-invalid',
      field: 'steps[0].assignees[0].personId',
    });
    const category = await post(taskInput({ categoryId: crypto.randomUUID() }));
    expect(category.json()).toMatchObject({ code: 'category-not-found', field: 'categoryId' });
    expect((await post(taskInput(), 'cadre')).statusCode).toBe(403);
    expect((await post(taskInput({ responsibleUnitId: units.dept.id }))).statusCode).toBe(403);
    const missing = await call(
      'cadre',
      'POST',
      `/api/work/steps/${crypto.randomUUID()}/complete`,
      {},
    );
    expect(missing.json()).toMatchObject({ code: 'step-not-found' });
    const badPoints = await post(
      taskInput({ steps: [{ ...taskInput().steps[1], seq: 1, points: '-1' }] }),
    );
    expect(badPoints.statusCode).toBe(400);
    expect(people.cadre).toBeTruthy();
  });

  it('marks notifications read one by one and all at once', async () => {
    const list = (await call('cadre', 'GET', '/api/notifications?unread=true')).json<{
      items: NotificationJson[];
      unread: number;
    }>();
    expect(list.unread).toBeGreaterThan(1);
    const one = list.items[0]?.id ?? '';
    const read = await call('cadre', 'POST', `/api/notifications/${one}/read`, {});
    expect(read.json()).toEqual({ unread: list.unread - 1 });
    // Somebody else's notification is not found.
    expect((await call('head', 'POST', `/api/notifications/${one}/read`, {})).statusCode).toBe(404);
    const all = await call('cadre', 'POST', '/api/notifications/read-all', {});
    expect(all.json()).toEqual({ marked: list.unread - 1, unread: 0 });
    expect(await unread('cadre')).toBe(0);
  });

  it('keeps settings: role shares must sum to 1', async () => {
    const config = (await call('cadre', 'GET', '/api/work/config')).json<{
      roleShares: Record<string, string>;
    }>();
    expect(config.roleShares.handler).toBe('0.5');
    const bad = await call('office', 'PUT', '/api/work/config', {
      ...config,
      roleShares: { ...config.roleShares, handler: '0.9' },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'work-shares-invalid' });
    const ok = await call('office', 'PUT', '/api/work/config', {
      ...config,
      dueSoonDays: 5,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await call('leader', 'PUT', '/api/work/config', config)).statusCode).toBe(403);
  });

  it('creates from a template, hands off parallel branches once both are done, cancels', async () => {
    await at('2026-04-01T02:00:00Z');
    const { people, units } = t.t1;
    const template = await call('office', 'POST', '/api/work/templates', {
      key: 'two-branches',
      name: { 'zh-CN': '并行模板', en: 'Parallel template' },
      categoryKind: 'campaign',
      steps: [1, 1, 2].map((seq, i) => ({
        seq,
        name: `环节${i + 1}`,
        startOffsetDays: 0,
        durationDays: 10,
        points: '3',
        tags: [],
        reviewRequired: false,
        roles: ['handler'],
      })),
    });
    expect(template.statusCode, template.body).toBe(201);
    const handlers = [people.cadre, people.head, people.cadre];
    const created = await call(
      'office',
      'POST',
      '/api/work/tasks',
      taskInput({
        templateKey: 'two-branches',
        leaderPersonId: null,
        responsibleUnitId: units.townSection.id,
        startsOn: '2026-04-01',
        dueOn: '2026-04-30',
        steps: [1, 1, 2].map((seq, i) => ({
          seq,
          name: `环节${i + 1}`,
          plannedStart: '2026-04-01',
          plannedEnd: '2026-04-10',
          points: '3',
          tags: [],
          reviewRequired: false,
          assignees: [{ role: 'handler', personId: handlers[i] }],
        })),
      }),
    );
    expect(created.statusCode, created.body).toBe(201);
    const detailOf = async (id: string) =>
      (await call('office', 'GET', `/api/work/tasks/${id}`)).json<DetailJson>();
    const body = created.json<DetailJson>();
    const id = body.task.id;
    const byName = (d: DetailJson, name: string) => d.steps.find((s) => s.name === name);
    expect(body.steps.map((s) => [s.name, s.state])).toEqual([
      ['环节1', 'active'],
      ['环节2', 'active'],
      ['环节3', 'waiting'],
    ]);
    const one = byName(body, '环节1')?.id ?? '';
    const two = byName(body, '环节2')?.id ?? '';
    // Both branches finish at once: the last seq starts exactly once.
    const [a, b] = await Promise.all([
      call('cadre', 'POST', `/api/work/steps/${one}/complete`, {}),
      call('head', 'POST', `/api/work/steps/${two}/complete`, {}),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    const after = await detailOf(id);
    expect(byName(after, '环节3')?.state).toBe('active');
    expect(after.events.filter((e) => e.kind === 'step-started')).toHaveLength(3);
    // People added to a started step are told; the change is recorded.
    const third = byName(after, '环节3')?.id ?? '';
    const before = await unread('leader');
    const patched = await call('office', 'PATCH', `/api/work/steps/${third}`, {
      plannedEnd: '2026-04-12',
      assignees: [
        { role: 'handler', personId: people.cadre },
        { role: 'leader', personId: people.leader },
      ],
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(await unread('leader')).toBe(before + 1);
    const badDates = await call('office', 'PATCH', `/api/work/steps/${third}`, {
      plannedEnd: '2026-03-01',
    });
    expect(badDates.json()).toMatchObject({ code: 'step-invalid', field: 'plannedEnd' });
    // Cancelling the task cancels its open step; its light goes white.
    const cancelled = await call('office', 'PATCH', `/api/work/tasks/${id}`, {
      status: 'cancelled',
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const final = cancelled.json<DetailJson>();
    expect(byName(final, '环节3')).toMatchObject({ state: 'cancelled', light: 'white' });
    expect(final.events.map((e) => e.kind)).toContain('step-updated');
    const late = await call('cadre', 'POST', `/api/work/steps/${third}/complete`, {});
    expect(late.json()).toMatchObject({ code: 'step-state-invalid' });
  });
});

describe.each(testBackends())('dev clock on %s', (backend) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let plain: FastifyInstance;
  let cookie = '';
  const clock = createDevClock(() => new Date('2026-03-02T02:00:00.000Z'));
  beforeAll(async () => {
    handle = await openTestDatabase(backend);
    await seedTestTenant(handle.db, 't1', await hashPassword(FIXTURE_PASSWORD));
    const deps = {
      db: handle.db,
      databaseKind: backend,
      cookieSecure: false,
      webRoot: null,
      defaultTenant: 't1',
      logger: false,
    };
    app = await buildApp({ ...deps, clock: clock.now });
    plain = await buildApp({ ...deps, clock: () => new Date('2026-03-02T02:00:00.000Z') });
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { tenant: 't1', username: 'cadre', password: FIXTURE_PASSWORD },
    });
    cookie = sessionCookie(login);
  });
  afterAll(async () => {
    await app.close();
    await plain.close();
    await handle.close();
  });

  it('reads, sets and advances the app’s clock for a signed-in caller', async () => {
    const read = await app.inject({ method: 'GET', url: '/api/dev/clock', headers: { cookie } });
    expect(read.json()).toEqual({ now: '2026-03-02T02:00:00.000Z' });
    const empty = await app.inject({
      method: 'POST',
      url: '/api/dev/clock',
      headers: { cookie },
      payload: {},
    });
    expect(empty.statusCode).toBe(400);
    const set = await app.inject({
      method: 'POST',
      url: '/api/dev/clock',
      headers: { cookie },
      payload: { now: '2026-03-05T00:00:00.000Z', advanceDays: 1 },
    });
    expect(set.json()).toEqual({ now: '2026-03-06T00:00:00.000Z' });
    expect(clock.now().toISOString()).toBe('2026-03-06T00:00:00.000Z');
    // Sessions follow the app's clock: four idle days later this one has expired.
    const expired = await app.inject({ method: 'GET', url: '/api/dev/clock', headers: { cookie } });
    expect(expired.json()).toMatchObject({ code: 'session-expired' });
    expect((await app.inject({ method: 'GET', url: '/api/dev/clock' })).statusCode).toBe(401);
  });

  it('does not exist without a dev clock', async () => {
    const res = await plain.inject({ method: 'GET', url: '/api/dev/clock', headers: { cookie } });
    expect(res.statusCode).toBe(404);
  });
});
