import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { XLSX_MIME } from '../excel/import-workbook.ts';
import { contextOf } from '../plugins/access.ts';
import { requireActionSomewhere } from '../services/card.service.ts';
import { personTarget, unitTarget } from '../services/targets.ts';
import {
  buildWorkloadExport,
  getPersonWorkload,
  getWorkload,
} from '../services/workload.service.ts';
import type { ServiceContext } from '../context.ts';
import type { FastifyRequest } from 'fastify';
import { errorResponses, responses, Uuid } from './schemas.ts';
import { PersonWorkloadSchema, RangeQuery, WorkloadSchema } from './supervision.schemas.ts';

const ReportQuery = Type.Object(
  { ...RangeQuery, unitId: Type.Optional(Uuid) },
  { additionalProperties: false },
);

/** A unit filter must be in the caller's scope; without one the service filters by scope. */
async function reportTargets(request: FastifyRequest, ctx: ServiceContext) {
  const { unitId } = request.query as { unitId?: string };
  if (unitId === undefined) {
    requireActionSomewhere(ctx, 'workload.read');
    return [];
  }
  return [await unitTarget(ctx, unitId)];
}

/** Workload per person: points by step and role over any date range. */
export function workloadRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/work/workload',
    {
      config: { access: { kind: 'action', action: 'workload.read', targets: reportTargets } },
      schema: {
        tags: ['work'],
        summary:
          'Workload per person over from…to (steps finished in the range, split by role shares), people in the caller’s scope',
        querystring: ReportQuery,
        response: responses(WorkloadSchema),
      },
    },
    (request) => getWorkload(contextOf(app, request), request.query),
  );

  r.get(
    '/api/work/workload/export',
    {
      config: { access: { kind: 'action', action: 'workload.read', targets: reportTargets } },
      schema: {
        tags: ['work'],
        summary: 'The workload report as .xlsx (sheet 工作量)',
        querystring: ReportQuery,
        produces: [XLSX_MIME],
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const buffer = await buildWorkloadExport(contextOf(app, request), request.query);
      return reply
        .header('content-type', XLSX_MIME)
        .header(
          'content-disposition',
          `attachment; filename="workload.xlsx"; filename*=UTF-8''${encodeURIComponent('工作量.xlsx')}`,
        )
        .send(buffer);
    },
  );

  r.get(
    '/api/work/workload/:personId',
    {
      config: {
        access: {
          kind: 'action',
          action: 'workload.read',
          targets: async (request, ctx) => [
            await personTarget(ctx, (request.params as { personId: string }).personId),
          ],
        },
      },
      schema: {
        tags: ['work'],
        summary: 'One person’s workload detail over from…to: each share of each finished step',
        params: Type.Object({ personId: Uuid }),
        querystring: Type.Object(RangeQuery, { additionalProperties: false }),
        response: responses(PersonWorkloadSchema),
      },
    },
    (request) => getPersonWorkload(contextOf(app, request), request.params.personId, request.query),
  );
}
