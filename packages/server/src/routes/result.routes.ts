import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { XLSX_MIME } from '../excel/import-workbook.ts';
import { contextOf } from '../plugins/access.ts';
import {
  buildResultsExport,
  decideSignal,
  listPools,
  listResults,
  listSignals,
  setPool,
  type ResultFilter,
} from '../services/result.service.ts';
import { PageFields } from './assessment.schemas.ts';
import { errorResponses, responses, Uuid } from './schemas.ts';

const IdParams = Type.Object({ id: Uuid });
const gradeValues = ['excellent', 'competent', 'basic', 'incompetent', 'undecided'] as const;
const filterFields = {
  unitId: Type.Optional(Uuid),
  lineId: Type.Optional(Uuid),
  grade: Type.Optional(Type.Union(gradeValues.map((g) => Type.Literal(g)))),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  sort: Type.Optional(
    Type.Union([Type.Literal('tenant'), Type.Literal('unit'), Type.Literal('index')]),
  ),
};
const FilterQuery = Type.Object(filterFields, { additionalProperties: false });
const ListQuery = Type.Object({ ...filterFields, ...PageFields }, { additionalProperties: false });
const PoolSchema = Type.Object({
  unitId: Type.String(),
  unitName: Type.String(),
  amountCents: Type.Integer(),
});

function toFilter(query: Static<typeof FilterQuery>): ResultFilter {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
}

/** Results of a period: rankings, grades, bonus, pools, signals, Excel export. */
export function resultRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/periods/:id/results',
    {
      config: { access: { kind: 'action', action: 'result.read' } },
      schema: {
        tags: ['results'],
        summary:
          'Rankings, grades and bonus of a period for the people the caller may see, filtered and paged',
        params: IdParams,
        querystring: ListQuery,
        response: responses(
          Type.Object({
            period: Type.Ref('Period'),
            computedAt: Type.Union([Type.String(), Type.Null()]),
            items: Type.Array(Type.Ref('ResultRow')),
            total: Type.Integer(),
            units: Type.Array(Type.Ref('UnitSummary')),
          }),
        ),
      },
    },
    (request) => {
      const { page = 1, pageSize = 20, ...filter } = request.query;
      return listResults(contextOf(app, request), request.params.id, toFilter(filter), {
        page,
        pageSize,
      });
    },
  );

  r.get(
    '/api/periods/:id/results/export',
    {
      config: { access: { kind: 'action', action: 'result.read' } },
      schema: {
        tags: ['results'],
        summary: 'The results the caller may see as .xlsx (sheets 结果 and 奖金)',
        params: IdParams,
        querystring: FilterQuery,
        produces: [XLSX_MIME],
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const buffer = await buildResultsExport(
        contextOf(app, request),
        request.params.id,
        toFilter(request.query),
      );
      return reply
        .header('content-type', XLSX_MIME)
        .header(
          'content-disposition',
          `attachment; filename="results.xlsx"; filename*=UTF-8''${encodeURIComponent('考核结果.xlsx')}`,
        )
        .send(buffer);
    },
  );

  r.get(
    '/api/periods/:id/pools',
    {
      config: { access: { kind: 'action', action: 'result.read' } },
      schema: {
        tags: ['results'],
        summary: 'Bonus pools per assessment unit, in cents',
        params: IdParams,
        response: responses(Type.Object({ items: Type.Array(PoolSchema) })),
      },
    },
    async (request) => ({ items: await listPools(contextOf(app, request), request.params.id) }),
  );

  r.put(
    '/api/periods/:id/pools/:unitId',
    {
      config: { access: { kind: 'action', action: 'result.write' } },
      schema: {
        tags: ['results'],
        summary: 'Set an assessment unit’s bonus pool (cents); the period’s results are recomputed',
        params: Type.Object({ id: Uuid, unitId: Uuid }),
        body: Type.Object(
          { amountCents: Type.Integer({ minimum: 0, maximum: 1e13 }) },
          { additionalProperties: false },
        ),
        response: responses(PoolSchema),
      },
    },
    (request) =>
      setPool(
        contextOf(app, request),
        request.params.id,
        request.params.unitId,
        request.body.amountCents,
      ),
  );

  r.get(
    '/api/periods/:id/signals',
    {
      config: { access: { kind: 'action', action: 'result.read' } },
      schema: {
        tags: ['results'],
        summary: 'Promotion and accountability signals of a period the caller may see',
        params: IdParams,
        querystring: Type.Object(
          {
            status: Type.Optional(
              Type.Union([
                Type.Literal('pending'),
                Type.Literal('confirmed'),
                Type.Literal('dismissed'),
              ]),
            ),
          },
          { additionalProperties: false },
        ),
        response: responses(Type.Object({ items: Type.Array(Type.Ref('Signal')) })),
      },
    },
    async (request) => ({
      items: await listSignals(contextOf(app, request), request.params.id, request.query.status),
    }),
  );

  r.post(
    '/api/signals/:id/decision',
    {
      config: { access: { kind: 'action', action: 'result.write' } },
      schema: {
        tags: ['results'],
        summary: 'Confirm or dismiss a signal with a note (a human decision); audited',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) }),
        body: Type.Object(
          {
            decision: Type.Union([Type.Literal('confirmed'), Type.Literal('dismissed')]),
            note: Type.String({ minLength: 1, maxLength: 1000, pattern: '\\S' }),
          },
          { additionalProperties: false },
        ),
        response: responses(Type.Ref('Signal')),
      },
    },
    (request) => decideSignal(contextOf(app, request), request.params.id, request.body),
  );
}
