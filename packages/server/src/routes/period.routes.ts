import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { assessmentKinds, periodKinds, periodStatuses } from '@tianheng/core';
import { contextOf } from '../plugins/access.ts';
import {
  closePeriod,
  createPeriod,
  getPeriod,
  listPeriods,
  reopenPeriod,
} from '../services/period.service.ts';
import { recomputePeriod } from '../services/recompute.service.ts';
import { PageFields, SchemeKey } from './assessment.schemas.ts';
import { responses, Uuid } from './schemas.ts';

const literals = <T extends string>(values: readonly T[]) =>
  Type.Union(values.map((v) => Type.Literal(v)));
const IdParams = Type.Object({ id: Uuid });
const DateOnly = Type.String({ format: 'date' });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });
const Empty = Type.Optional(Type.Object({}, { additionalProperties: false }));

/** Assessment periods: list, create, close (freeze), reopen with a reason, recompute. */
export function periodRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/periods',
    {
      config: { access: { kind: 'action', action: 'period.read' } },
      schema: {
        tags: ['periods'],
        summary: 'Periods, newest first',
        querystring: Type.Object(
          {
            status: Type.Optional(literals(periodStatuses)),
            kind: Type.Optional(literals(periodKinds)),
            schemeKey: Type.Optional(SchemeKey),
            /** Only periods whose scheme's audience covers this person (e.g. for a score page). */
            personId: Type.Optional(Uuid),
            ...PageFields,
          },
          { additionalProperties: false },
        ),
        response: responses(
          Type.Object({ items: Type.Array(Type.Ref('Period')), total: Type.Integer() }),
        ),
      },
    },
    (request) => {
      const { page = 1, pageSize = 20, ...filter } = request.query;
      return listPeriods(contextOf(app, request), filter, { page, pageSize });
    },
  );

  r.post(
    '/api/periods',
    {
      config: { access: { kind: 'action', action: 'period.write' } },
      schema: {
        tags: ['periods'],
        summary: 'Create a period scored by a scheme version (default: the latest); ledgered',
        body: Type.Object(
          {
            name: Text(100),
            kind: literals(periodKinds),
            assessment: literals(assessmentKinds),
            startsOn: DateOnly,
            endsOn: DateOnly,
            schemeKey: SchemeKey,
            schemeVersion: Type.Optional(Type.Integer({ minimum: 1 })),
          },
          { additionalProperties: false },
        ),
        response: responses(Type.Ref('Period'), 201),
      },
    },
    async (request, reply) => {
      const period = await createPeriod(contextOf(app, request), request.body);
      return reply.status(201).send(period);
    },
  );

  r.get(
    '/api/periods/:id',
    {
      config: { access: { kind: 'action', action: 'period.read' } },
      schema: {
        tags: ['periods'],
        summary: 'One period',
        params: IdParams,
        response: responses(Type.Ref('Period')),
      },
    },
    (request) => getPeriod(contextOf(app, request), request.params.id),
  );

  r.post(
    '/api/periods/:id/close',
    {
      config: { access: { kind: 'action', action: 'period.write' } },
      schema: {
        tags: ['periods'],
        summary:
          'Close a period: recompute in full, store the results, freeze the scheme version; ledgered',
        params: IdParams,
        body: Empty,
        response: responses(Type.Ref('Period')),
      },
    },
    (request) => closePeriod(contextOf(app, request), request.params.id),
  );

  r.post(
    '/api/periods/:id/reopen',
    {
      config: { access: { kind: 'action', action: 'period.write' } },
      schema: {
        tags: ['periods'],
        summary: 'Reopen a closed period; the reason is required and ledgered',
        params: IdParams,
        body: Type.Object({ reason: Text(500) }, { additionalProperties: false }),
        response: responses(Type.Ref('Period')),
      },
    },
    (request) => reopenPeriod(contextOf(app, request), request.params.id, request.body.reason),
  );

  r.post(
    '/api/periods/:id/recompute',
    {
      config: { access: { kind: 'action', action: 'result.write' } },
      schema: {
        tags: ['periods'],
        summary: 'Recompute an open period in full from the stored facts',
        params: IdParams,
        body: Empty,
        response: responses(Type.Object({ people: Type.Integer(), computedAt: Type.String() })),
      },
    },
    (request) => recomputePeriod(contextOf(app, request), request.params.id),
  );
}
