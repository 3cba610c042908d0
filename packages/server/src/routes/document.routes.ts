import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { documentKinds } from '@tianheng/core';
import { contextOf } from '../plugins/access.ts';
import {
  getDocument,
  listDocuments,
  publishDocument,
  readDocument,
} from '../services/document.service.ts';
import { personTarget, unitTarget } from '../services/targets.ts';
import { responses, Uuid } from './schemas.ts';
import {
  DocumentDetailSchema,
  DocumentListSchema,
  Instant,
  PublishedSchema,
  Text,
} from './supervision.schemas.ts';

const IdParams = Type.Object({ id: Uuid });

/** Instructions and policy documents with read receipts. */
export function documentRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/documents',
    {
      config: { access: { kind: 'action', action: 'document.read' } },
      schema: {
        tags: ['documents'],
        summary:
          'The caller’s documents: received (with read time, overdue) or sent (recipient, read and overdue counts)',
        querystring: Type.Object(
          { box: Type.Union([Type.Literal('received'), Type.Literal('sent')]) },
          { additionalProperties: false },
        ),
        response: responses(DocumentListSchema),
      },
    },
    (request) => listDocuments(contextOf(app, request), request.query.box),
  );

  r.post(
    '/api/documents',
    {
      config: {
        access: {
          kind: 'action',
          action: 'document.write',
          targets: async (request, ctx) => {
            const body = request.body as { unitIds: string[]; personIds: string[] };
            return [
              ...(await Promise.all(body.unitIds.map((id) => unitTarget(ctx, id)))),
              ...(await Promise.all(body.personIds.map((id) => personTarget(ctx, id)))),
            ];
          },
        },
      },
      schema: {
        tags: ['documents'],
        summary:
          'Publish an instruction or policy to units (their current people) and people, who are notified',
        body: Type.Object(
          {
            kind: Type.Union(documentKinds.map((k) => Type.Literal(k))),
            title: Text(200),
            body: Type.String({ maxLength: 20000 }),
            readBy: Type.Union([Instant, Type.Null()]),
            unitIds: Type.Array(Uuid, { maxItems: 200 }),
            personIds: Type.Array(Uuid, { maxItems: 2000 }),
            attachments: Type.Optional(
              Type.Array(Type.String({ maxLength: 500 }), { maxItems: 20 }),
            ),
          },
          { additionalProperties: false },
        ),
        response: responses(PublishedSchema, 201),
      },
    },
    async (request, reply) => {
      const published = await publishDocument(contextOf(app, request), request.body);
      return reply.status(201).send({ ...published, attachments: [...published.attachments] });
    },
  );

  r.get(
    '/api/documents/:id',
    {
      config: { access: { kind: 'action', action: 'document.read' } },
      schema: {
        tags: ['documents'],
        summary:
          'A document for its recipients and publishers; receipts (read, overdue) for its publisher',
        params: IdParams,
        response: responses(DocumentDetailSchema),
      },
    },
    (request) => getDocument(contextOf(app, request), request.params.id),
  );

  r.post(
    '/api/documents/:id/read',
    {
      config: { access: { kind: 'action', action: 'document.read' } },
      schema: {
        tags: ['documents'],
        summary: 'Record that the caller read a document they received (the first read time stays)',
        params: IdParams,
        body: Type.Optional(Type.Object({}, { additionalProperties: false })),
        response: responses(Type.Object({ readAt: Type.String() })),
      },
    },
    (request) => readDocument(contextOf(app, request), request.params.id),
  );
}
