import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { XLSX_MIME } from '../excel/import-workbook.ts';
import { contextOf } from '../plugins/access.ts';
import {
  buildSupervisionExport,
  getSupervision,
  listWindows,
  runSupervision,
} from '../services/supervision.service.ts';
import { errorResponses, responses } from './schemas.ts';
import {
  SupervisionViewSchema,
  SupervisionWindowsSchema,
  WindowKeySchema,
} from './supervision.schemas.ts';

const WindowQuery = Type.Object({ window: WindowKeySchema }, { additionalProperties: false });

/** Half-month supervision: statistics per unit, the run (idempotent, recorded), Excel export. */
export function supervisionRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/work/supervision/windows',
    {
      config: { access: { kind: 'action', action: 'supervision.read' } },
      schema: {
        tags: ['work'],
        summary: 'Half-month windows that were run, newest first, with their latest run',
        response: responses(SupervisionWindowsSchema),
      },
    },
    (request) => listWindows(contextOf(app, request)),
  );

  r.get(
    '/api/work/supervision',
    {
      config: { access: { kind: 'action', action: 'supervision.read' } },
      schema: {
        tags: ['work'],
        summary:
          'A window’s latest statistics: lights and cards per unit, points by the scheme’s table, rank (units in the caller’s scope)',
        querystring: WindowQuery,
        response: responses(SupervisionViewSchema),
      },
    },
    (request) => getSupervision(contextOf(app, request), request.query.window),
  );

  r.post(
    '/api/work/supervision/run',
    {
      config: { access: { kind: 'action', action: 'supervision.run' } },
      schema: {
        tags: ['work'],
        summary:
          'Run an ended window: count lights (as of its end) and cards, rank units, write the scheme’s workflow facts; idempotent and recorded',
        body: WindowQuery,
        response: responses(SupervisionViewSchema),
      },
    },
    (request) => runSupervision(contextOf(app, request), request.body.window),
  );

  r.get(
    '/api/work/supervision/export',
    {
      config: { access: { kind: 'action', action: 'supervision.read' } },
      schema: {
        tags: ['work'],
        summary: 'A window’s statistics as .xlsx (sheet 督查统计)',
        querystring: WindowQuery,
        produces: [XLSX_MIME],
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const buffer = await buildSupervisionExport(contextOf(app, request), request.query.window);
      return reply
        .header('content-type', XLSX_MIME)
        .header(
          'content-disposition',
          `attachment; filename="supervision-${request.query.window}.xlsx"; filename*=UTF-8''${encodeURIComponent(`督查统计-${request.query.window}.xlsx`)}`,
        )
        .send(buffer);
    },
  );
}
