/**
 * Access-matrix rows of the work routes (tasks, steps, settings, My work, notifications):
 * a fixture of its own (a category, a template, a task in the town section whose parallel
 * steps serve one route each, a task of tenant t2) and the outcome per caller.
 */
import { systemContext, type ServiceContext } from '../context.ts';
import {
  completeStep,
  createCategory,
  createTask,
  createTemplate,
} from '../services/work.service.ts';
import type { TestApp } from '../testing.ts';

import { everyRole, only, type Case } from './types.ts';

/** The work routes in the order the matrix runs them (reads first). */
export const workRunOrder = [
  'GET /api/work/config',
  'GET /api/work/categories',
  'GET /api/work/templates',
  'GET /api/work/tasks',
  'GET /api/work/tasks/{id}',
  'GET /api/work/my',
  'GET /api/notifications',
  'GET /api/notifications/unread-count',
  'PUT /api/work/config',
  'POST /api/work/categories',
  'PATCH /api/work/categories/{id}',
  'POST /api/work/templates',
  'PUT /api/work/templates/{id}',
  'POST /api/work/tasks',
  'PATCH /api/work/tasks/{id}',
  'PATCH /api/work/steps/{id}',
  'POST /api/work/steps/{id}/complete',
  'POST /api/work/steps/{id}/approve',
  'POST /api/work/steps/{id}/return',
  'POST /api/work/steps/{id}/flag',
  'POST /api/work/steps/{id}/unflag',
  'POST /api/work/tick',
  'POST /api/notifications/{id}/read',
  'POST /api/notifications/read-all',
] as const;

/** Ids the work rows use. */
export interface WorkMatrixFixture {
  readonly category: string;
  readonly template: string;
  readonly task: string;
  readonly steps: Readonly<Record<'complete' | 'approve' | 'return' | 'flag' | 'patch', string>>;
  readonly t2category: string;
  readonly t2task: string;
  readonly t2step: string;
  /** A notification of the t1 cadre. */
  readonly notification: string;
}

/** Build the work fixture on both tenants of a test app. */
export async function seedWorkMatrix(t: TestApp): Promise<WorkMatrixFixture> {
  const { db } = t.handle;
  const system = (tenantId: string) => systemContext(db, tenantId, t.now());
  const { t1, t2 } = t;
  const category = await createCategory(system(t1.tenantId), {
    key: 'mx-campaign',
    name: { 'zh-CN': '矩阵专项', en: 'Matrix campaign' },
    kind: 'campaign',
  });
  const template = await createTemplate(system(t1.tenantId), {
    key: 'mx-template',
    name: { 'zh-CN': '矩阵模板', en: 'Matrix template' },
    categoryKind: 'campaign',
    steps: [
      {
        seq: 1,
        name: '办理',
        startOffsetDays: 0,
        durationDays: 5,
        points: '1',
        tags: [],
        reviewRequired: false,
        roles: ['handler'],
      },
    ],
  });
  const step = (name: string, handler: string, reviewer: string | null) => ({
    seq: 1,
    name,
    plannedStart: '2026-03-01',
    plannedEnd: '2026-03-20',
    points: '2',
    tags: [],
    reviewRequired: reviewer !== null,
    assignees: [
      { role: 'handler' as const, personId: handler },
      ...(reviewer === null ? [] : [{ role: 'reviewer' as const, personId: reviewer }]),
    ],
  });
  const task = (tenant: typeof t1, categoryId: string, steps: ReturnType<typeof step>[]) =>
    createTask(system(tenant.tenantId), {
      categoryId,
      title: '矩阵事项',
      responsibleUnitId: tenant.units.townSection.id,
      startsOn: '2026-03-01',
      dueOn: '2026-03-31',
      steps,
    });
  const { people } = t1;
  const created = await task(t1, category.id, [
    step('办结', people.cadre, people.leader),
    step('通过', people.cadre, people.leader),
    step('退回', people.cadre, people.leader),
    step('标记', people.cadre, null),
    step('修改', people.cadre, null),
  ]);
  const idOf = (name: string) => created.steps.find((s) => s.name === name)?.id ?? '';
  const steps = {
    complete: idOf('办结'),
    approve: idOf('通过'),
    return: idOf('退回'),
    flag: idOf('标记'),
    patch: idOf('修改'),
  };
  const cadre: ServiceContext = {
    ...system(t1.tenantId),
    subject: { accountId: t1.accounts.cadre, personId: people.cadre, grants: [] },
    actor: { accountId: t1.accounts.cadre, username: 'cadre' },
  };
  await completeStep(cadre, steps.approve, {});
  await completeStep(cadre, steps.return, {});
  const t2category = await createCategory(system(t2.tenantId), {
    key: 'mx-campaign',
    name: { 'zh-CN': '矩阵专项', en: 'Matrix campaign' },
    kind: 'campaign',
  });
  const t2created = await task(t2, t2category.id, [step('乙方', t2.people.cadre, null)]);
  const notification = await db
    .selectFrom('notification')
    .select('notification_id')
    .where('tenant_id', '=', t1.tenantId)
    .where('person_id', '=', people.cadre)
    .executeTakeFirstOrThrow();
  return {
    category: category.id,
    template: template.id,
    task: created.task.id,
    steps,
    t2category: t2category.id,
    t2task: t2created.task.id,
    t2step: t2created.steps[0]?.id ?? '',
    notification: notification.notification_id,
  };
}

/** Roles with `work.read` (all but the system administrator). */
const readers = [
  'assessment_office',
  'supervision_office',
  'leader',
  'unit_head',
  'cadre',
] as const;
/** Roles with `work.config` (tenant-wide). */
const configurers = ['assessment_office', 'supervision_office'] as const;
/** Roles with `work.write` over the town section. */
const writers = ['assessment_office', 'supervision_office', 'leader', 'unit_head'] as const;

/** The rows: `METHOD /openapi/path` → cases. `unique` makes keys the matrix may create. */
export function workMatrix(
  t: TestApp,
  fx: WorkMatrixFixture,
  unique: (prefix: string) => string,
): Record<string, Case[]> {
  const get = (url: string) => () => ({ method: 'GET' as const, url });
  const post =
    (url: string, payload: object = {}) =>
    () => ({
      method: 'POST' as const,
      url,
      payload,
    });
  const config = {
    roleShares: {
      handler: '0.5',
      'section-head': '0.15',
      'unit-head': '0.1',
      'project-lead': '0.1',
      reviewer: '0.05',
      'card-issuer': '0.05',
      leader: '0.05',
    },
    lights: { aheadDays: 1, graceDays: 0, utcOffsetMinutes: 480 },
    dueSoonDays: 3,
  };
  const templateBody = {
    name: { 'zh-CN': '矩阵模板', en: 'Matrix template' },
    categoryKind: null,
    steps: [
      {
        seq: 1,
        name: '办理',
        startOffsetDays: 0,
        durationDays: 3,
        points: '1',
        tags: [],
        reviewRequired: false,
        roles: ['handler'],
      },
    ],
  };
  const newTask = (unitId: string) => ({
    categoryId: fx.category,
    title: '矩阵新事项',
    responsibleUnitId: unitId,
    startsOn: '2026-03-01',
    dueOn: '2026-03-31',
    steps: [
      {
        seq: 1,
        name: '办理',
        plannedStart: '2026-03-02',
        plannedEnd: '2026-03-09',
        points: '1',
        tags: [],
        reviewRequired: false,
        assignees: [{ role: 'handler', personId: t.t1.people.cadre }],
      },
    ],
  });
  const step = (id: string, action: string, payload: object = {}) =>
    post(`/api/work/steps/${id}/${action}`, payload);
  return {
    'GET /api/work/config': [
      { label: 'settings', request: get('/api/work/config'), expect: only(readers) },
    ],
    'PUT /api/work/config': [
      {
        label: 'settings',
        request: () => ({ method: 'PUT', url: '/api/work/config', payload: config }),
        expect: only(configurers),
      },
    ],
    'GET /api/work/categories': [
      { label: 'categories', request: get('/api/work/categories'), expect: only(readers) },
    ],
    'POST /api/work/categories': [
      {
        label: 'new category',
        request: () =>
          post('/api/work/categories', {
            key: unique('mx'),
            name: { 'zh-CN': '新类别', en: 'New category' },
            kind: 'key-work',
          })(),
        expect: only(configurers),
      },
    ],
    'PATCH /api/work/categories/{id}': [
      {
        label: 'own category',
        request: () => ({
          method: 'PATCH',
          url: `/api/work/categories/${fx.category}`,
          payload: { sortOrder: 3 },
        }),
        expect: only(configurers),
      },
      {
        label: 'a t2 category',
        request: () => ({
          method: 'PATCH',
          url: `/api/work/categories/${fx.t2category}`,
          payload: { sortOrder: 3 },
        }),
        expect: only(configurers, 'notFound'),
      },
    ],
    'GET /api/work/templates': [
      { label: 'templates', request: get('/api/work/templates'), expect: only(readers) },
    ],
    'POST /api/work/templates': [
      {
        label: 'new template',
        request: () => post('/api/work/templates', { key: unique('mx'), ...templateBody })(),
        expect: only(configurers),
      },
    ],
    'PUT /api/work/templates/{id}': [
      {
        label: 'own template',
        request: () => ({
          method: 'PUT',
          url: `/api/work/templates/${fx.template}`,
          payload: templateBody,
        }),
        expect: only(configurers),
      },
    ],
    'GET /api/work/tasks': [
      { label: 'tasks', request: get('/api/work/tasks'), expect: only(readers) },
    ],
    'GET /api/work/tasks/{id}': [
      { label: 'a town task', request: get(`/api/work/tasks/${fx.task}`), expect: only(readers) },
      {
        label: 'a t2 task',
        request: get(`/api/work/tasks/${fx.t2task}`),
        expect: only(readers, 'notFound', 'hidden'),
      },
    ],
    'POST /api/work/tasks': [
      {
        label: 'in the town section',
        request: post('/api/work/tasks', newTask(t.t1.units.townSection.id)),
        expect: only(writers, 'ok'),
      },
      {
        label: 'in the department',
        request: post('/api/work/tasks', newTask(t.t1.units.dept.id)),
        expect: only(configurers),
      },
    ],
    'PATCH /api/work/tasks/{id}': [
      {
        label: 'a town task',
        request: () => ({
          method: 'PATCH',
          url: `/api/work/tasks/${fx.task}`,
          payload: { description: unique('矩阵说明') },
        }),
        expect: only(writers),
      },
      {
        label: 'a t2 task',
        request: () => ({
          method: 'PATCH',
          url: `/api/work/tasks/${fx.t2task}`,
          payload: { description: '乙' },
        }),
        expect: everyRole('notFound'),
      },
    ],
    'PATCH /api/work/steps/{id}': [
      {
        label: 'a town step',
        request: () => ({
          method: 'PATCH',
          url: `/api/work/steps/${fx.steps.patch}`,
          payload: { tags: [unique('tag')] },
        }),
        expect: only(writers),
      },
      {
        label: 'a t2 step',
        request: () => ({
          method: 'PATCH',
          url: `/api/work/steps/${fx.t2step}`,
          payload: { tags: ['乙'] },
        }),
        expect: everyRole('notFound'),
      },
    ],
    'POST /api/work/steps/{id}/complete': [
      {
        label: 'the handler’s step',
        request: step(fx.steps.complete, 'complete'),
        expect: only(['cadre']),
      },
      { label: 'a t2 step', request: step(fx.t2step, 'complete'), expect: everyRole('notFound') },
    ],
    'POST /api/work/steps/{id}/approve': [
      {
        label: 'a submitted step',
        request: step(fx.steps.approve, 'approve'),
        expect: only(['leader']),
      },
    ],
    'POST /api/work/steps/{id}/return': [
      {
        label: 'a submitted step',
        request: step(fx.steps.return, 'return', { note: '请补充' }),
        expect: only(['leader']),
      },
    ],
    'POST /api/work/steps/{id}/flag': [
      {
        label: 'an open step',
        request: step(fx.steps.flag, 'flag', { note: '缺材料' }),
        expect: only([...writers, 'cadre']),
      },
      {
        label: 'a t2 step',
        request: step(fx.t2step, 'flag', { note: '乙' }),
        expect: everyRole('notFound'),
      },
    ],
    'POST /api/work/steps/{id}/unflag': [
      {
        label: 'a flagged step (cleared once, then nothing to clear)',
        request: step(fx.steps.flag, 'unflag'),
        expect: only([...writers, 'cadre'], 'passed'),
      },
    ],
    'GET /api/work/my': [
      { label: 'my work', request: get('/api/work/my'), expect: everyRole('ok') },
    ],
    'POST /api/work/tick': [
      { label: 'tick', request: post('/api/work/tick'), expect: only(configurers) },
    ],
    'GET /api/notifications': [
      { label: 'own', request: get('/api/notifications'), expect: everyRole('ok') },
    ],
    'GET /api/notifications/unread-count': [
      {
        label: 'own',
        request: get('/api/notifications/unread-count'),
        expect: everyRole('ok'),
      },
    ],
    'POST /api/notifications/{id}/read': [
      {
        label: 'the cadre’s notification',
        request: post(`/api/notifications/${fx.notification}/read`),
        expect: only(['cadre'], 'ok', 'notFound'),
      },
    ],
    'POST /api/notifications/read-all': [
      { label: 'own', request: post('/api/notifications/read-all'), expect: everyRole('ok') },
    ],
  };
}
