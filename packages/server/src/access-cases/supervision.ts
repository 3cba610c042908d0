/**
 * Access-matrix rows of the supervision routes (cards, half-month supervision, workload, task
 * forces, documents): a fixture of its own (a task, a period on the matrix scheme, a task force
 * led by the t1 leader, a document from the supervision office to the town section, and a task
 * force and a document of tenant t2) and the outcome per caller.
 */
import { insertDocument, insertTaskForce } from '@tianheng/db';
import { systemContext } from '../context.ts';
import { createPeriod } from '../services/period.service.ts';
import type { TestApp } from '../testing.ts';

import { everyRole, only, signedIn, type Case } from './types.ts';

/** The supervision routes in the order the matrix runs them (reads first). */
export const supervisionRunOrder = [
  'GET /api/work/cards',
  'GET /api/work/supervision/windows',
  'GET /api/work/supervision',
  'GET /api/work/supervision/export',
  'GET /api/work/workload',
  'GET /api/work/workload/export',
  'GET /api/work/workload/{personId}',
  'GET /api/work/task-forces',
  'GET /api/work/task-forces/{id}',
  'GET /api/documents',
  'GET /api/documents/{id}',
  'POST /api/work/cards/issue',
  'POST /api/work/supervision/run',
  'POST /api/work/task-forces',
  'POST /api/work/task-forces/{id}/members',
  'POST /api/work/task-forces/{id}/tasks',
  'POST /api/work/task-forces/{id}/allocate',
  'POST /api/documents',
  'POST /api/documents/{id}/read',
] as const;

/** Ids the supervision rows use. */
export interface SupervisionMatrixFixture {
  readonly period: string;
  readonly task: string;
  readonly taskForce: string;
  readonly document: string;
  readonly t2taskForce: string;
  readonly t2document: string;
}

/**
 * Build the supervision fixture on both tenants of a test app (after the matrix created its
 * `mx` scheme on t1).
 */
export async function seedSupervisionMatrix(t: TestApp): Promise<SupervisionMatrixFixture> {
  const { db } = t.handle;
  const { t1, t2 } = t;
  const period = await createPeriod(systemContext(db, t1.tenantId, t.now()), {
    name: '督查矩阵',
    kind: 'month',
    assessment: 'routine',
    startsOn: '2026-02-01',
    endsOn: '2026-02-28',
    schemeKey: 'mx',
  });
  const category = await db
    .insertInto('work_category')
    .values({
      tenant_id: t1.tenantId,
      key: 'mx-supervision',
      name: JSON.stringify({ 'zh-CN': '督查矩阵', en: 'Supervision matrix' }),
      kind: 'key-work',
    })
    .returning('category_id')
    .executeTakeFirstOrThrow();
  const task = await db
    .insertInto('task')
    .values({
      tenant_id: t1.tenantId,
      category_id: category.category_id,
      title: '督查矩阵事项',
      responsible_unit_id: t1.units.townSection.id,
      starts_on: '2026-02-01',
      due_on: '2026-02-28',
    })
    .returning('task_id')
    .executeTakeFirstOrThrow();
  const force = (tenant: typeof t1) =>
    insertTaskForce(db, tenant.tenantId, {
      name: '矩阵专班',
      leaderPersonId: tenant.people.leader,
      basePoints: '1',
      allocationPool: '0',
      memberIds: [],
      createdBy: null,
      at: t.now(),
    });
  const document = (tenant: typeof t1) =>
    insertDocument(db, tenant.tenantId, {
      kind: 'instruction',
      title: '矩阵通知',
      body: '',
      attachments: [],
      readBy: null,
      publishedBy: tenant.people.supervisor,
      publishedAt: t.now(),
      recipients: [
        { personId: tenant.people.head, viaUnitId: tenant.units.townSection.id },
        { personId: tenant.people.cadre, viaUnitId: tenant.units.townSection.id },
      ],
    });
  return {
    period: period.id,
    task: task.task_id,
    taskForce: await force(t1),
    document: (await document(t1)).id,
    t2taskForce: await force(t2),
    t2document: (await document(t2)).id,
  };
}

/** Tenant-wide roles of the work platform (supervision.run, every unit). */
const offices = ['assessment_office', 'supervision_office'] as const;
/** Roles with `supervision.read` (and `document.write`): the offices and the unit-scoped heads. */
const heads = [...offices, 'leader', 'unit_head'] as const;
/** Roles with `work.read`, `document.read` and `workload.read` (a cadre: their own). */
const readers = [...heads, 'cadre'] as const;
/** Roles with `taskforce.write`. */
const formers = [...offices, 'leader'] as const;

/** The rows: `METHOD /openapi/path` → cases. `unique` makes names the matrix may create. */
export function supervisionMatrix(
  t: TestApp,
  fx: SupervisionMatrixFixture,
  unique: (prefix: string) => string,
): Record<string, Case[]> {
  const { t1, t2 } = t;
  const get = (url: string) => () => ({ method: 'GET' as const, url });
  const post =
    (url: string, payload: object = {}) =>
    () => ({ method: 'POST' as const, url, payload });
  const range = 'from=2026-02-01&to=2026-02-28';
  return {
    'GET /api/work/cards': [
      {
        label: 'a month, units in scope',
        request: get('/api/work/cards?month=2026-02'),
        expect: only(heads),
      },
      {
        label: 'the agriculture bureau (outside every unit-scoped grant)',
        request: get(`/api/work/cards?month=2026-02&unitId=${t1.units.dept.id}`),
        expect: only(offices),
      },
      {
        label: 'a t2 unit',
        request: get(`/api/work/cards?month=2026-02&unitId=${t2.units.town.id}`),
        expect: everyRole('notFound'),
      },
    ],
    'POST /api/work/cards/issue': [
      {
        label: 'an ended month',
        request: post('/api/work/cards/issue', { month: '2026-02' }),
        expect: only(offices),
      },
    ],
    'GET /api/work/supervision/windows': [
      { label: 'windows', request: get('/api/work/supervision/windows'), expect: only(heads) },
    ],
    'GET /api/work/supervision': [
      {
        label: 'a window',
        request: get('/api/work/supervision?window=2026-02-H2'),
        expect: only(heads),
      },
    ],
    'GET /api/work/supervision/export': [
      {
        label: 'a window',
        request: get('/api/work/supervision/export?window=2026-02-H2'),
        expect: only(heads),
      },
    ],
    'POST /api/work/supervision/run': [
      {
        label: 'an ended window',
        request: post('/api/work/supervision/run', { window: '2026-02-H2' }),
        expect: only(offices),
      },
    ],
    'GET /api/work/workload': [
      {
        label: 'people in scope',
        request: get(`/api/work/workload?${range}`),
        expect: only(readers),
      },
      {
        label: 'the agriculture bureau',
        request: get(`/api/work/workload?${range}&unitId=${t1.units.dept.id}`),
        expect: only(offices),
      },
      {
        label: 'a t2 unit',
        request: get(`/api/work/workload?${range}&unitId=${t2.units.town.id}`),
        expect: everyRole('notFound'),
      },
    ],
    'GET /api/work/workload/export': [
      {
        label: 'people in scope',
        request: get(`/api/work/workload/export?${range}`),
        expect: only(readers),
      },
    ],
    'GET /api/work/workload/{personId}': [
      {
        label: 'the cadre (everyone’s scope, the cadre themselves)',
        request: get(`/api/work/workload/${t1.people.cadre}?${range}`),
        expect: only(readers),
      },
      {
        label: 'the bureau’s cadre (outside unit-scoped grants)',
        request: get(`/api/work/workload/${t1.people.deptCadre}?${range}`),
        expect: only(offices),
      },
      {
        label: 'a t2 person',
        request: get(`/api/work/workload/${t2.people.cadre}?${range}`),
        expect: everyRole('notFound'),
      },
    ],
    'GET /api/work/task-forces': [
      { label: 'list', request: get('/api/work/task-forces'), expect: only(readers) },
    ],
    'GET /api/work/task-forces/{id}': [
      {
        label: 'the leader’s task force',
        request: get(`/api/work/task-forces/${fx.taskForce}`),
        expect: only(readers),
      },
      {
        label: 'a t2 task force',
        request: get(`/api/work/task-forces/${fx.t2taskForce}`),
        expect: only(readers, 'notFound'),
      },
    ],
    'POST /api/work/task-forces': [
      {
        label: 'form one',
        request: post('/api/work/task-forces', {
          name: unique('矩阵专班'),
          basePoints: '1',
          allocationPool: '0',
          memberIds: [],
        }),
        expect: only(formers),
      },
    ],
    'POST /api/work/task-forces/{id}/members': [
      {
        label: 'the leader adds the cadre',
        request: post(`/api/work/task-forces/${fx.taskForce}/members`, {
          personIds: [t1.people.cadre],
        }),
        expect: only(['leader']),
      },
      {
        label: 'a t2 task force',
        request: post(`/api/work/task-forces/${fx.t2taskForce}/members`, {
          personIds: [t1.people.cadre],
        }),
        expect: only(formers, 'notFound'),
      },
    ],
    'POST /api/work/task-forces/{id}/tasks': [
      {
        label: 'the leader assigns a task',
        request: post(`/api/work/task-forces/${fx.taskForce}/tasks`, { taskIds: [fx.task] }),
        expect: only(['leader']),
      },
    ],
    'POST /api/work/task-forces/{id}/allocate': [
      {
        label: 'the leader records the base (an empty pool)',
        request: post(`/api/work/task-forces/${fx.taskForce}/allocate`, {
          periodId: fx.period,
          allocations: [],
        }),
        expect: only(['leader']),
      },
    ],
    'GET /api/documents': [
      { label: 'received', request: get('/api/documents?box=received'), expect: only(readers) },
    ],
    'GET /api/documents/{id}': [
      {
        label: 'the town section’s notice (recipients, publisher, tenant-wide)',
        request: get(`/api/documents/${fx.document}`),
        expect: signedIn(
          {
            assessment_office: 'ok',
            supervision_office: 'ok',
            unit_head: 'ok',
            cadre: 'ok',
            leader: 'notFound',
          },
          'forbidden',
        ),
      },
      {
        label: 'a t2 document',
        request: get(`/api/documents/${fx.t2document}`),
        expect: only(readers, 'notFound'),
      },
    ],
    'POST /api/documents': [
      {
        label: 'to the town section',
        request: post('/api/documents', {
          kind: 'policy',
          title: unique('矩阵政策'),
          body: '',
          readBy: null,
          unitIds: [t1.units.townSection.id],
          personIds: [],
        }),
        expect: only(heads),
      },
      {
        label: 'to the bureau’s office (outside every unit-scoped grant)',
        request: post('/api/documents', {
          kind: 'policy',
          title: unique('矩阵政策'),
          body: '',
          readBy: null,
          unitIds: [t1.units.deptSection.id],
          personIds: [],
        }),
        expect: only(offices),
      },
      {
        label: 'to a t2 person',
        request: post('/api/documents', {
          kind: 'policy',
          title: unique('越界政策'),
          body: '',
          readBy: null,
          unitIds: [],
          personIds: [t2.people.cadre],
        }),
        expect: everyRole('notFound'),
      },
    ],
    'POST /api/documents/{id}/read': [
      {
        label: 'the town section’s notice (recipients only)',
        request: post(`/api/documents/${fx.document}/read`),
        expect: signedIn({ unit_head: 'ok', cadre: 'ok', system_admin: 'forbidden' }, 'notFound'),
      },
    ],
  };
}
