import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { genders, ranks } from '@tianheng/core';
import type { PeopleFilter } from '@tianheng/db';
import { XLSX_MIME } from '../excel/import-workbook.ts';
import { contextOf } from '../plugins/access.ts';
import { buildPeopleExport } from '../services/import.service.ts';
import {
  changePerson,
  createPerson,
  getPerson,
  listVisiblePeopleJson,
  transferPerson,
} from '../services/people.service.ts';
import { personTarget, unitTarget } from '../services/targets.ts';
import { errorResponses, responses, Uuid } from './schemas.ts';

const RankSchema = Type.Union(ranks.map((r) => Type.Literal(r)));
const GenderSchema = Type.Union(genders.map((g) => Type.Literal(g)));
const Ref = Type.Object({ id: Type.String(), name: Type.String() });

const summaryFields = {
  id: Type.String(),
  staffNo: Type.String(),
  name: Type.String(),
  gender: GenderSchema,
  unitId: Type.String(),
  unitName: Type.String(),
  post: Type.String(),
  rank: RankSchema,
  lines: Type.Array(Ref),
  villages: Type.Array(Ref),
};
const PersonSummarySchema = Type.Object(summaryFields, { $id: 'PersonSummary' });
const AssignmentSchema = Type.Object({
  id: Type.String(),
  unitId: Type.String(),
  unitName: Type.String(),
  post: Type.String(),
  rank: RankSchema,
  validFrom: Type.String({ format: 'date' }),
  validTo: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
});
const PersonSchema = Type.Object(
  {
    ...summaryFields,
    birthDate: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
    phone: Type.Union([Type.String(), Type.Null()]),
    history: Type.Array(AssignmentSchema, { description: 'Assignments, newest first' }),
  },
  { $id: 'Person' },
);

const filterFields = {
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Part of a name or staff number' })),
  unitId: Type.Optional(Uuid),
  subtree: Type.Optional(Type.Boolean({ default: true })),
  rank: Type.Optional(RankSchema),
  lineId: Type.Optional(Uuid),
};
const FilterQuery = Type.Object(filterFields, { additionalProperties: false });
const ListQuery = Type.Object(
  {
    ...filterFields,
    page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
  },
  { additionalProperties: false },
);

const IdParams = Type.Object({ id: Uuid });
const DateOnly = Type.String({ format: 'date' });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });
const Phone = Type.Union([
  Type.String({ maxLength: 20, pattern: '^\\+?[0-9][0-9 -]{4,19}$' }),
  Type.Null(),
]);
const IdList = Type.Array(Uuid, { maxItems: 200 });

const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;
const unitOf = (request: FastifyRequest) => (request.body as { unitId: string }).unitId;

function toFilter(query: Static<typeof FilterQuery>): PeopleFilter {
  return {
    ...(query.q === undefined ? {} : { q: query.q }),
    ...(query.unitId === undefined ? {} : { unitId: query.unitId }),
    ...(query.subtree === undefined ? {} : { subtree: query.subtree }),
    ...(query.rank === undefined ? {} : { rank: query.rank }),
    ...(query.lineId === undefined ? {} : { lineId: query.lineId }),
  };
}

/** People: list, read, create, edit, move (with history) and export. */
export function peopleRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(PersonSummarySchema);
  app.addSchema(PersonSchema);

  r.get(
    '/api/people',
    {
      config: { access: { kind: 'action', action: 'person.read' } },
      schema: {
        tags: ['people'],
        summary: 'People the caller may see, filtered and paged',
        querystring: ListQuery,
        response: responses(
          Type.Object({ items: Type.Array(Type.Ref('PersonSummary')), total: Type.Integer() }),
        ),
      },
    },
    async (request, reply) => {
      const { page = 1, pageSize = 20, ...filter } = request.query;
      const body = await listVisiblePeopleJson(contextOf(app, request), toFilter(filter), {
        page,
        pageSize,
      });
      // Serialised by the service (the schema above still documents it): a JSON string
      // with a JSON content type is sent as it is (ADR 0005).
      return reply.type('application/json; charset=utf-8').send(body);
    },
  );

  r.get(
    '/api/people/export',
    {
      config: { access: { kind: 'action', action: 'person.export' } },
      schema: {
        tags: ['people'],
        summary: 'The people the caller may export, as .xlsx in the import format',
        querystring: FilterQuery,
        produces: [XLSX_MIME],
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const buffer = await buildPeopleExport(contextOf(app, request), toFilter(request.query));
      return reply
        .header('content-type', XLSX_MIME)
        .header(
          'content-disposition',
          `attachment; filename="people.xlsx"; filename*=UTF-8''${encodeURIComponent('人员.xlsx')}`,
        )
        .send(buffer);
    },
  );

  r.get(
    '/api/people/:id',
    {
      config: {
        access: {
          kind: 'action',
          action: 'person.read',
          targets: async (request, ctx) => [await personTarget(ctx, idOf(request))],
        },
      },
      schema: {
        tags: ['people'],
        summary: 'One person with their assignment history',
        params: IdParams,
        response: responses(Type.Ref('Person')),
      },
    },
    (request) => getPerson(contextOf(app, request), request.params.id),
  );

  r.post(
    '/api/people',
    {
      config: {
        access: {
          kind: 'action',
          action: 'person.write',
          targets: async (request, ctx) => [await unitTarget(ctx, unitOf(request))],
        },
      },
      schema: {
        tags: ['people'],
        summary: 'Create a person with their first assignment',
        body: Type.Object(
          {
            staffNo: Text(32),
            name: Text(50),
            gender: GenderSchema,
            birthDate: Type.Optional(Type.Union([DateOnly, Type.Null()])),
            phone: Type.Optional(Phone),
            unitId: Uuid,
            post: Text(50),
            rank: RankSchema,
            lineIds: Type.Optional(IdList),
            villageIds: Type.Optional(IdList),
            validFrom: DateOnly,
          },
          { additionalProperties: false },
        ),
        response: responses(Type.Ref('Person'), 201),
      },
    },
    async (request, reply) => {
      const person = await createPerson(contextOf(app, request), request.body);
      return reply.status(201).send(person);
    },
  );

  r.patch(
    '/api/people/:id',
    {
      config: {
        access: {
          kind: 'action',
          action: 'person.write',
          targets: async (request, ctx) => [await personTarget(ctx, idOf(request))],
        },
      },
      schema: {
        tags: ['people'],
        summary: 'Change a person’s name, gender, birth date, phone, lines or villages',
        params: IdParams,
        body: Type.Object(
          {
            name: Type.Optional(Text(50)),
            gender: Type.Optional(GenderSchema),
            birthDate: Type.Optional(Type.Union([DateOnly, Type.Null()])),
            phone: Type.Optional(Phone),
            lineIds: Type.Optional(IdList),
            villageIds: Type.Optional(IdList),
          },
          { additionalProperties: false },
        ),
        response: responses(Type.Ref('Person')),
      },
    },
    (request) => changePerson(contextOf(app, request), request.params.id, request.body),
  );

  r.post(
    '/api/people/:id/move',
    {
      config: {
        access: {
          kind: 'action',
          action: 'person.write',
          targets: async (request, ctx) => [
            await personTarget(ctx, idOf(request)),
            await unitTarget(ctx, unitOf(request)),
          ],
        },
      },
      schema: {
        tags: ['people'],
        summary:
          'Move a person to a unit, post and rank from a date; the current assignment closes the day before',
        params: IdParams,
        body: Type.Object(
          {
            unitId: Uuid,
            post: Text(50),
            rank: RankSchema,
            validFrom: DateOnly,
            reason: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: responses(Type.Ref('Person')),
      },
    },
    (request) => transferPerson(contextOf(app, request), request.params.id, request.body),
  );
}
