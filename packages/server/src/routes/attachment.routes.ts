import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '../errors.ts';
import { contextOf } from '../plugins/access.ts';
import {
  attachmentFile,
  attachmentMeta,
  attachmentsMeta,
  uploadAttachment,
} from '../services/attachment.service.ts';
import { errorResponses, responses, Uuid } from './schemas.ts';

const AttachmentSchema = Type.Object(
  {
    id: Uuid,
    ref: Type.String({ description: 'What tasks, evidence, documents and facts store' }),
    name: Type.String(),
    contentType: Type.String(),
    size: Type.Integer(),
    sha256: Type.String(),
    uploadedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Attachment' },
);

/** Uploaded files (ADR 0011): upload, what is known of some, download. */
export function attachmentRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(AttachmentSchema);
  r.post(
    '/api/attachments',
    {
      config: { access: { kind: 'signed-in' } },
      schema: {
        tags: ['attachments'],
        summary:
          'Upload one file (multipart field `file`, ≤ 10 MiB; PDF/OFD, images, office documents, text, zip). Store the returned `ref` in a task, step evidence, document or fact',
        consumes: ['multipart/form-data'],
        response: responses(Type.Ref('Attachment'), 201),
      },
    },
    async (request, reply) => {
      const file = await request.file();
      if (!file || file.fieldname !== 'file') throw new AppError('attachment-invalid', 'file');
      const content = await file.toBuffer();
      const saved = await uploadAttachment(contextOf(app, request), {
        name: file.filename,
        contentType: file.mimetype,
        content,
      });
      return reply.status(201).send(saved);
    },
  );
  r.get(
    '/api/attachments',
    {
      config: { access: { kind: 'signed-in' } },
      schema: {
        tags: ['attachments'],
        summary: 'What is known of some uploaded files of the tenant (unknown ids are left out)',
        querystring: Type.Object({
          ids: Type.Array(Uuid, { minItems: 1, maxItems: 100 }),
        }),
        response: responses(Type.Object({ items: Type.Array(Type.Ref('Attachment')) })),
      },
    },
    async (request) => ({
      items: await attachmentsMeta(contextOf(app, request), request.query.ids),
    }),
  );
  r.get(
    '/api/attachments/:id/meta',
    {
      config: { access: { kind: 'signed-in' } },
      schema: {
        tags: ['attachments'],
        summary:
          'What is known of one uploaded file of the tenant, without its bytes (404 for another tenant)',
        params: Type.Object({ id: Uuid }),
        response: responses(Type.Ref('Attachment')),
      },
    },
    async (request) => attachmentMeta(contextOf(app, request), request.params.id),
  );
  r.get(
    '/api/attachments/:id',
    {
      config: { access: { kind: 'signed-in' } },
      schema: {
        tags: ['attachments'],
        summary: 'Download an uploaded file of the tenant (its type and UTF-8 file name)',
        params: Type.Object({ id: Uuid }),
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const file = await attachmentFile(contextOf(app, request), request.params.id);
      const ascii = file.name.replace(/[^\x20-\x7e]/g, '_').replaceAll('"', '_');
      return reply
        .header('content-type', file.contentType)
        .header(
          'content-disposition',
          `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
        )
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, max-age=31536000, immutable')
        .send(Buffer.from(file.content));
    },
  );
}
