import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { categoryKinds, lightColours, taskStatuses } from '@tianheng/core';
import type { ServiceContext } from '../context.ts';
import { contextOf } from '../plugins/access.ts';
import { runTenantTick } from '../services/scheduler.ts';
import { unitTarget } from '../services/targets.ts';
import {
  approveStep,
  completeStep,
  createCategory,
  createTask,
  createTemplate,
  flagStep,
  getTaskDetail,
  listCategoryViews,
  listTasks,
  listTemplates,
  myWorkJson,
  putConfig,
  returnStep,
  stepTaskUnit,
  taskUnit,
  unflagStep,
  updateCategory,
  updateStep,
  updateTask,
  updateTemplate,
  workConfigOf,
} from '../services/work.service.ts';
import { responses, Uuid } from './schemas.ts';
import {
  CategoryKey,
  CategorySchema,
  LightCounts,
  LocalTextSchema,
  MyWorkSchema,
  StepPatchSchema,
  StepViewSchema,
  TaskDetailSchema,
  TaskInputSchema,
  TaskPatchSchema,
  TaskSummarySchema,
  TemplateSchema,
  TemplateStepSchema,
  WorkConfigSchema,
} from './work.schemas.ts';

const IdParams = Type.Object({ id: Uuid });
const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;
const Note = Type.Optional(Type.String({ maxLength: 2000 }));
const Empty = Type.Optional(Type.Object({}, { additionalProperties: false }));
const TemplateKey = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' });

const onTaskUnit = async (request: FastifyRequest, ctx: ServiceContext) => [
  await unitTarget(ctx, await taskUnit(ctx, idOf(request))),
];
const onStepUnit = async (request: FastifyRequest, ctx: ServiceContext) => [
  await unitTarget(ctx, await stepTaskUnit(ctx, idOf(request))),
];

/**
 * The work platform's tasks (issue 4): settings, categories, templates, tasks and their steps
 * with hand-off (complete, approve, return, flag), My work and the lights tick.
 */
export function workRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const read = { access: { kind: 'action' as const, action: 'work.read' as const } };
  const configure = { access: { kind: 'action' as const, action: 'work.config' as const } };
  const signedIn = { access: { kind: 'signed-in' as const } };

  r.get(
    '/api/work/config',
    {
      config: read,
      schema: {
        tags: ['work'],
        summary: 'The work settings: role shares, light thresholds, due-soon days',
        response: responses(WorkConfigSchema),
      },
    },
    (request) => workConfigOf(contextOf(app, request)),
  );

  r.put(
    '/api/work/config',
    {
      config: configure,
      schema: {
        tags: ['work'],
        summary: 'Replace the work settings (role shares must sum to 1); audited',
        body: WorkConfigSchema,
        response: responses(WorkConfigSchema),
      },
    },
    (request) => putConfig(contextOf(app, request), request.body),
  );

  r.get(
    '/api/work/categories',
    {
      config: read,
      schema: {
        tags: ['work'],
        summary: 'Categories with the number of tasks the caller sees and their steps’ lights',
        response: responses(
          Type.Object({
            items: Type.Array(
              Type.Object({
                ...CategorySchema.properties,
                tasks: Type.Integer(),
                lights: LightCounts,
              }),
            ),
          }),
        ),
      },
    },
    (request) => listCategoryViews(contextOf(app, request)),
  );

  r.post(
    '/api/work/categories',
    {
      config: configure,
      schema: {
        tags: ['work'],
        summary: 'Add a category; audited',
        body: Type.Object(
          {
            key: CategoryKey,
            name: LocalTextSchema,
            kind: Type.Enum(categoryKinds),
            sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
          },
          { additionalProperties: false },
        ),
        response: responses(
          Type.Object({ ...CategorySchema.properties, tasks: Type.Integer(), lights: LightCounts }),
          201,
        ),
      },
    },
    (request, reply) => {
      void reply.code(201);
      return createCategory(contextOf(app, request), request.body);
    },
  );

  r.patch(
    '/api/work/categories/:id',
    {
      config: configure,
      schema: {
        tags: ['work'],
        summary: 'Change a category’s name, kind, order or archived flag; audited',
        params: IdParams,
        body: Type.Object(
          {
            name: Type.Optional(LocalTextSchema),
            kind: Type.Optional(Type.Enum(categoryKinds)),
            sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
            archived: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: responses(CategorySchema),
      },
    },
    (request) => updateCategory(contextOf(app, request), request.params.id, request.body),
  );

  r.get(
    '/api/work/templates',
    {
      config: read,
      schema: {
        tags: ['work'],
        summary: 'Workflow templates',
        response: responses(Type.Object({ items: Type.Array(TemplateSchema) })),
      },
    },
    (request) => listTemplates(contextOf(app, request)),
  );

  const templateBody = {
    name: LocalTextSchema,
    categoryKind: Type.Union([Type.Enum(categoryKinds), Type.Null()]),
    steps: Type.Array(TemplateStepSchema, { minItems: 1, maxItems: 100 }),
  };

  r.post(
    '/api/work/templates',
    {
      config: configure,
      schema: {
        tags: ['work'],
        summary: 'Add a workflow template; audited',
        body: Type.Object({ key: TemplateKey, ...templateBody }, { additionalProperties: false }),
        response: responses(TemplateSchema, 201),
      },
    },
    (request, reply) => {
      void reply.code(201);
      return createTemplate(contextOf(app, request), request.body);
    },
  );

  r.put(
    '/api/work/templates/:id',
    {
      config: configure,
      schema: {
        tags: ['work'],
        summary:
          'Replace a template’s name, kind and steps (tasks made from it keep theirs); audited',
        params: IdParams,
        body: Type.Object(templateBody, { additionalProperties: false }),
        response: responses(TemplateSchema),
      },
    },
    (request) => updateTemplate(contextOf(app, request), request.params.id, request.body),
  );

  r.get(
    '/api/work/tasks',
    {
      config: read,
      schema: {
        tags: ['work'],
        summary:
          'Tasks the caller sees (work.read over a responsible, lead or cooperating unit, or assigned), by due date',
        querystring: Type.Object(
          {
            categoryId: Type.Optional(Uuid),
            unitId: Type.Optional(Uuid),
            status: Type.Optional(Type.Enum(taskStatuses)),
            light: Type.Optional(Type.Enum(lightColours)),
            q: Type.Optional(Type.String({ maxLength: 100 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
            offset: Type.Optional(Type.Integer({ minimum: 0 })),
          },
          { additionalProperties: false },
        ),
        response: responses(
          Type.Object({ items: Type.Array(TaskSummarySchema), total: Type.Integer() }),
        ),
      },
    },
    (request) => listTasks(contextOf(app, request), request.query),
  );

  r.post(
    '/api/work/tasks',
    {
      config: {
        access: {
          kind: 'action',
          action: 'work.write',
          targets: async (request, ctx) => [
            await unitTarget(
              ctx,
              (request.body as { responsibleUnitId: string }).responsibleUnitId,
            ),
          ],
        },
      },
      schema: {
        tags: ['work'],
        summary:
          'Create a task with its steps (validated; 422 names the field); the first steps start and their people are notified',
        body: TaskInputSchema,
        response: responses(TaskDetailSchema, 201),
      },
    },
    (request, reply) => {
      void reply.code(201);
      return createTask(contextOf(app, request), request.body);
    },
  );

  r.get(
    '/api/work/tasks/:id',
    {
      config: read,
      schema: {
        tags: ['work'],
        summary: 'A task with its steps (people, lights, what the caller may do) and history',
        params: IdParams,
        response: responses(TaskDetailSchema),
      },
    },
    (request) => getTaskDetail(contextOf(app, request), request.params.id),
  );

  r.patch(
    '/api/work/tasks/:id',
    {
      config: { access: { kind: 'action', action: 'work.write', targets: onTaskUnit } },
      schema: {
        tags: ['work'],
        summary:
          'Change a task (recorded as task-updated); cancelling it cancels its unfinished steps',
        params: IdParams,
        body: TaskPatchSchema,
        response: responses(TaskDetailSchema),
      },
    },
    (request) => updateTask(contextOf(app, request), request.params.id, request.body),
  );

  r.patch(
    '/api/work/steps/:id',
    {
      config: { access: { kind: 'action', action: 'work.write', targets: onStepUnit } },
      schema: {
        tags: ['work'],
        summary:
          'Change a step’s plan or people (recorded as step-updated; its light is re-evaluated)',
        params: IdParams,
        body: StepPatchSchema,
        response: responses(StepViewSchema),
      },
    },
    (request) => updateStep(contextOf(app, request), request.params.id, request.body),
  );

  r.post(
    '/api/work/steps/:id/complete',
    {
      config: signedIn,
      schema: {
        tags: ['work'],
        summary:
          'Complete a step (only its handler): submitted for review, or done and handed to the next steps’ people',
        params: IdParams,
        body: Type.Optional(
          Type.Object(
            {
              note: Note,
              attachments: Type.Optional(
                Type.Array(Type.String({ maxLength: 500 }), { maxItems: 20 }),
              ),
            },
            { additionalProperties: false },
          ),
        ),
        response: responses(StepViewSchema),
      },
    },
    (request) => completeStep(contextOf(app, request), request.params.id, request.body ?? {}),
  );

  r.post(
    '/api/work/steps/:id/approve',
    {
      config: signedIn,
      schema: {
        tags: ['work'],
        summary: 'Approve a submitted step (only its reviewer); the next steps start',
        params: IdParams,
        body: Type.Optional(Type.Object({ note: Note }, { additionalProperties: false })),
        response: responses(StepViewSchema),
      },
    },
    (request) => approveStep(contextOf(app, request), request.params.id, request.body ?? {}),
  );

  r.post(
    '/api/work/steps/:id/return',
    {
      config: signedIn,
      schema: {
        tags: ['work'],
        summary: 'Return a submitted step with a note (only its reviewer); its handlers are told',
        params: IdParams,
        body: Type.Object(
          { note: Type.String({ maxLength: 2000 }) },
          { additionalProperties: false },
        ),
        response: responses(StepViewSchema),
      },
    },
    (request) => returnStep(contextOf(app, request), request.params.id, request.body),
  );

  r.post(
    '/api/work/steps/:id/flag',
    {
      config: signedIn,
      schema: {
        tags: ['work'],
        summary:
          'Flag a problem on an open step (yellow light) — its handler or heads, or work.write on the task',
        params: IdParams,
        body: Type.Object(
          { note: Type.String({ maxLength: 2000 }) },
          { additionalProperties: false },
        ),
        response: responses(StepViewSchema),
      },
    },
    (request) => flagStep(contextOf(app, request), request.params.id, request.body),
  );

  r.post(
    '/api/work/steps/:id/unflag',
    {
      config: signedIn,
      schema: {
        tags: ['work'],
        summary: 'Clear a step’s flag — its handler or heads, or work.write on the task',
        params: IdParams,
        body: Empty,
        response: responses(StepViewSchema),
      },
    },
    (request) => unflagStep(contextOf(app, request), request.params.id),
  );

  r.get(
    '/api/work/my',
    {
      config: signedIn,
      schema: {
        tags: ['work'],
        summary:
          'The caller’s steps: to do, due soon, overdue, to review (needs an account linked to a person)',
        response: responses(MyWorkSchema),
      },
    },
    // The answer is JSON text already (MyWorkSchema documents it); Fastify sends strings as-is.
    async (request, reply) => {
      const json = await myWorkJson(contextOf(app, request));
      return reply.type('application/json; charset=utf-8').send(json);
    },
  );

  r.post(
    '/api/work/tick',
    {
      config: configure,
      schema: {
        tags: ['work'],
        summary:
          'Run the scheduler tick now: re-evaluate every open step’s light and record changes, then the month cards',
        body: Empty,
        response: responses(Type.Object({ evaluated: Type.Integer(), changed: Type.Integer() })),
      },
    },
    (request) => runTenantTick(contextOf(app, request)),
  );
}
