import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { contextOf } from '../plugins/access.ts';
import {
  addMembers,
  allocate,
  assignTasks,
  createTaskForce,
  getTaskForce,
  listTaskForces,
} from '../services/task-force.service.ts';
import { responses, Uuid } from './schemas.ts';
import { Points, TaskForceDetailSchema, TaskForceSchema, Text } from './supervision.schemas.ts';

const IdParams = Type.Object({ id: Uuid });
const Ids = (max: number) => Type.Array(Uuid, { minItems: 1, maxItems: max });

/** Task forces (专班): form, members, tasks, base points and the second allocation. */
export function taskForceRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/work/task-forces',
    {
      config: { access: { kind: 'action', action: 'work.read' } },
      schema: {
        tags: ['work'],
        summary: 'Task forces: all for tenant-wide readers, else those the caller leads or is in',
        response: responses(Type.Object({ items: Type.Array(TaskForceSchema) })),
      },
    },
    (request) => listTaskForces(contextOf(app, request)),
  );

  r.post(
    '/api/work/task-forces',
    {
      config: { access: { kind: 'action', action: 'taskforce.write' } },
      schema: {
        tags: ['work'],
        summary: 'Form a task force; the caller’s person leads it and is a member; ledgered event',
        body: Type.Object(
          {
            name: Text(200),
            basePoints: Points,
            allocationPool: Points,
            memberIds: Type.Array(Uuid, { maxItems: 500 }),
          },
          { additionalProperties: false },
        ),
        response: responses(TaskForceSchema, 201),
      },
    },
    async (request, reply) => {
      const created = await createTaskForce(contextOf(app, request), request.body);
      return reply.status(201).send({ ...created, memberIds: [...created.memberIds] });
    },
  );

  r.get(
    '/api/work/task-forces/:id',
    {
      config: { access: { kind: 'action', action: 'work.read' } },
      schema: {
        tags: ['work'],
        summary: 'A task force with members, tasks and the recorded base and allocations',
        params: IdParams,
        response: responses(TaskForceDetailSchema),
      },
    },
    (request) => getTaskForce(contextOf(app, request), request.params.id),
  );

  r.post(
    '/api/work/task-forces/:id/members',
    {
      config: { access: { kind: 'action', action: 'taskforce.write' } },
      schema: {
        tags: ['work'],
        summary: 'Add members (the leader only); they are notified',
        params: IdParams,
        body: Type.Object({ personIds: Ids(500) }, { additionalProperties: false }),
        response: responses(TaskForceDetailSchema),
      },
    },
    (request) => addMembers(contextOf(app, request), request.params.id, request.body.personIds),
  );

  r.post(
    '/api/work/task-forces/:id/tasks',
    {
      config: { access: { kind: 'action', action: 'taskforce.write' } },
      schema: {
        tags: ['work'],
        summary: 'Assign tasks (and so their steps) to the task force (the leader only)',
        params: IdParams,
        body: Type.Object({ taskIds: Ids(500) }, { additionalProperties: false }),
        response: responses(TaskForceDetailSchema),
      },
    },
    (request) => assignTasks(contextOf(app, request), request.params.id, request.body.taskIds),
  );

  r.post(
    '/api/work/task-forces/:id/allocate',
    {
      config: { access: { kind: 'action', action: 'taskforce.write' } },
      schema: {
        tags: ['work'],
        summary:
          'Record the base (every member) and the second allocation (must add up to the pool) as facts of the period’s task-force indicator (the leader only)',
        params: IdParams,
        body: Type.Object(
          {
            periodId: Uuid,
            allocations: Type.Array(
              Type.Object({ personId: Uuid, points: Points }, { additionalProperties: false }),
              { maxItems: 500 },
            ),
          },
          { additionalProperties: false },
        ),
        response: responses(TaskForceDetailSchema),
      },
    },
    (request) => allocate(contextOf(app, request), request.params.id, request.body),
  );
}
