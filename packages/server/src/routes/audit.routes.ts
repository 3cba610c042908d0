import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { contextOf } from '../plugins/access.ts';
import { listAuditPage } from '../services/audit-query.service.ts';
import { responses } from './schemas.ts';

const ResultSchema = Type.Union([
  Type.Literal('success'),
  Type.Literal('failure'),
  Type.Literal('denied'),
]);

const AuditEntrySchema = Type.Object(
  {
    id: Type.String(),
    at: Type.String({ format: 'date-time' }),
    actorAccountId: Type.Union([Type.String(), Type.Null()]),
    actorUsername: Type.Union([Type.String(), Type.Null()]),
    action: Type.String(),
    objectType: Type.String(),
    objectId: Type.Union([Type.String(), Type.Null()]),
    result: ResultSchema,
    detail: Type.Object({}, { additionalProperties: true }),
    ip: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'AuditEntry' },
);

/**
 * The audit-log browser. Read-only by design: this module registers no route that edits
 * or deletes, and the table's trigger would refuse one anyway.
 */
export function auditRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(AuditEntrySchema);

  r.get(
    '/api/audit',
    {
      config: { access: { kind: 'action', action: 'audit.read' } },
      schema: {
        tags: ['audit'],
        summary: 'Browse the audit log, newest first',
        querystring: Type.Object(
          {
            from: Type.Optional(Type.String({ format: 'date-time' })),
            to: Type.Optional(Type.String({ format: 'date-time' })),
            actor: Type.Optional(Type.String({ maxLength: 64 })),
            action: Type.Optional(Type.String({ maxLength: 100 })),
            objectType: Type.Optional(Type.String({ maxLength: 64 })),
            result: Type.Optional(ResultSchema),
            page: Type.Integer({ minimum: 1, default: 1 }),
            pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
          },
          { additionalProperties: false },
        ),
        response: responses(
          Type.Object({ items: Type.Array(Type.Ref('AuditEntry')), total: Type.Integer() }),
        ),
      },
    },
    async (request) => {
      const { from, to, ...rest } = request.query;
      const { items, total } = await listAuditPage(contextOf(app, request), {
        ...rest,
        ...(from === undefined ? {} : { from: new Date(from) }),
        ...(to === undefined ? {} : { to: new Date(to) }),
      });
      return {
        items: items.map((e) => ({ ...e, at: e.at.toISOString() })),
        total,
      };
    },
  );
}
