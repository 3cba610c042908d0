import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { unitKinds } from '@tianheng/core';
import { contextOf } from '../plugins/access.ts';
import {
  changeUnit,
  createUnit,
  getUnit,
  listVisibleUnits,
  relocateUnit,
} from '../services/org.service.ts';
import { unitTarget } from '../services/targets.ts';
import { responses, Uuid } from './schemas.ts';

/** A unit kind in request and response bodies. */
export const UnitKindSchema = Type.Union(unitKinds.map((k) => Type.Literal(k)));

const UnitSchema = Type.Object(
  {
    id: Type.String(),
    parentId: Type.Union([Type.String(), Type.Null()]),
    kind: UnitKindSchema,
    name: Type.String(),
    code: Type.Union([Type.String(), Type.Null()]),
    sortOrder: Type.Integer(),
    path: Type.String(),
    peopleCount: Type.Integer({ description: 'People currently assigned directly to the unit' }),
  },
  { $id: 'Unit' },
);

const IdParams = Type.Object({ id: Uuid });
const Code = Type.String({ minLength: 1, maxLength: 50 });
const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });

const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;
const parentOf = (request: FastifyRequest) => (request.body as { parentId: string }).parentId;

/** The org tree: list, read, create, rename and move units. */
export function orgRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(UnitSchema);

  r.get(
    '/api/units',
    {
      config: { access: { kind: 'action', action: 'unit.read' } },
      schema: {
        tags: ['units'],
        summary: 'Units the caller may see, with the ancestors that connect them, in tree order',
        response: responses(Type.Array(Type.Ref('Unit'))),
      },
    },
    (request) => listVisibleUnits(contextOf(app, request)),
  );

  r.get(
    '/api/units/:id',
    {
      config: {
        access: {
          kind: 'action',
          action: 'unit.read',
          targets: async (request, ctx) => [await unitTarget(ctx, idOf(request))],
        },
      },
      schema: {
        tags: ['units'],
        summary: 'One unit',
        params: IdParams,
        response: responses(Type.Ref('Unit')),
      },
    },
    (request) => getUnit(contextOf(app, request), request.params.id),
  );

  r.post(
    '/api/units',
    {
      config: {
        access: {
          kind: 'action',
          action: 'unit.write',
          targets: async (request, ctx) => [await unitTarget(ctx, parentOf(request))],
        },
      },
      schema: {
        tags: ['units'],
        summary: 'Create a unit under a parent whose kind admits it',
        body: Type.Object(
          {
            parentId: Uuid,
            kind: UnitKindSchema,
            name: Name,
            code: Type.Optional(Type.Union([Code, Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: responses(Type.Ref('Unit'), 201),
      },
    },
    async (request, reply) => {
      const unit = await createUnit(contextOf(app, request), request.body);
      return reply.status(201).send(unit);
    },
  );

  r.patch(
    '/api/units/:id',
    {
      config: {
        access: {
          kind: 'action',
          action: 'unit.write',
          targets: async (request, ctx) => [await unitTarget(ctx, idOf(request))],
        },
      },
      schema: {
        tags: ['units'],
        summary: 'Rename a unit, change its code or its place among its siblings',
        params: IdParams,
        body: Type.Object(
          {
            name: Type.Optional(Name),
            code: Type.Optional(Type.Union([Code, Type.Null()])),
            sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
          },
          { additionalProperties: false },
        ),
        response: responses(Type.Ref('Unit')),
      },
    },
    (request) => changeUnit(contextOf(app, request), request.params.id, request.body),
  );

  r.post(
    '/api/units/:id/move',
    {
      config: {
        access: {
          kind: 'action',
          action: 'unit.write',
          targets: async (request, ctx) => [
            await unitTarget(ctx, idOf(request)),
            await unitTarget(ctx, parentOf(request)),
          ],
        },
      },
      schema: {
        tags: ['units'],
        summary: 'Move a unit and everything below it under a new parent',
        params: IdParams,
        body: Type.Object({ parentId: Uuid }, { additionalProperties: false }),
        response: responses(Type.Ref('Unit')),
      },
    },
    (request) => relocateUnit(contextOf(app, request), request.params.id, request.body.parentId),
  );
}
