import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { XLSX_MIME } from '../excel/import-workbook.ts';
import { AppError } from '../errors.ts';
import { contextOf } from '../plugins/access.ts';
import {
  buildFactTemplate,
  factTarget,
  getFact,
  importFactWorkbook,
  listFacts,
  recordFact,
  subjectTarget,
} from '../services/fact.service.ts';
import { DecimalSchema, PageFields } from './assessment.schemas.ts';
import { errorResponses, responses, Uuid } from './schemas.ts';

const SubjectSchema = Type.Object(
  { kind: Type.Union([Type.Literal('person'), Type.Literal('unit')]), id: Uuid },
  { additionalProperties: false },
);
const EvidenceSchema = Type.Object(
  {
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    attachments: Type.Optional(Type.Array(Type.String({ maxLength: 500 }), { maxItems: 20 })),
  },
  { additionalProperties: false },
);
const IndicatorKey = Type.String({ minLength: 1, maxLength: 100 });
const PeriodQuery = Type.Object({ periodId: Uuid }, { additionalProperties: false });

const subjectOf = (request: FastifyRequest) =>
  (request.body as { subject: { kind: 'person' | 'unit'; id: string } }).subject;

/** Facts: record one (or a correction), read, list, bulk from Excel. */
export function factRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post(
    '/api/facts',
    {
      config: {
        access: {
          kind: 'action',
          action: 'fact.write',
          targets: async (request, ctx) => [await subjectTarget(ctx, subjectOf(request))],
        },
      },
      schema: {
        tags: ['facts'],
        summary:
          'Record a fact (a correction names the fact it supersedes); ledgered; returns the subject’s updated result',
        body: Type.Object(
          {
            periodId: Uuid,
            subject: SubjectSchema,
            indicator: IndicatorKey,
            value: Type.Union([DecimalSchema, Type.Null()]),
            payload: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
            evidence: Type.Optional(EvidenceSchema),
            supersedes: Type.Optional(Type.Union([Uuid, Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: responses(
          Type.Object({
            fact: Type.Ref('Fact'),
            result: Type.Union([Type.Ref('ResultRow'), Type.Null()]),
          }),
          201,
        ),
      },
    },
    async (request, reply) => {
      const saved = await recordFact(contextOf(app, request), request.body);
      return reply.status(201).send(saved);
    },
  );

  r.get(
    '/api/facts',
    {
      config: { access: { kind: 'action', action: 'fact.read' } },
      schema: {
        tags: ['facts'],
        summary: 'Facts of a period the caller may see, newest first',
        querystring: Type.Object(
          {
            periodId: Uuid,
            personId: Type.Optional(Uuid),
            unitId: Type.Optional(Uuid),
            indicator: Type.Optional(IndicatorKey),
            includeSuperseded: Type.Optional(Type.Boolean({ default: false })),
            ...PageFields,
          },
          { additionalProperties: false },
        ),
        response: responses(
          Type.Object({ items: Type.Array(Type.Ref('Fact')), total: Type.Integer() }),
        ),
      },
    },
    (request) => {
      const { page = 1, pageSize = 20, ...filter } = request.query;
      return listFacts(contextOf(app, request), filter, { page, pageSize });
    },
  );

  r.get(
    '/api/facts/template',
    {
      config: { access: { kind: 'action', action: 'fact.write' } },
      schema: {
        tags: ['facts'],
        summary: 'The .xlsx template for bulk facts of a period, with the scheme’s indicators',
        querystring: PeriodQuery,
        produces: [XLSX_MIME],
        response: errorResponses,
      },
    },
    async (request, reply) =>
      reply
        .header('content-type', XLSX_MIME)
        .header(
          'content-disposition',
          `attachment; filename="facts-template.xlsx"; filename*=UTF-8''${encodeURIComponent('事实导入模板.xlsx')}`,
        )
        .send(await buildFactTemplate(contextOf(app, request), request.query.periodId)),
  );

  r.post(
    '/api/facts/import',
    {
      config: { access: { kind: 'action', action: 'fact.write' } },
      schema: {
        tags: ['facts'],
        summary:
          'Record facts from a filled template (multipart field `file`): all rows or none, each checked like one fact',
        querystring: PeriodQuery,
        consumes: ['multipart/form-data'],
        response: responses(Type.Object({ facts: Type.Integer() })),
      },
    },
    async (request) => {
      const file = await request.file();
      if (!file || file.fieldname !== 'file') throw new AppError('import-file-invalid', 'file');
      const buffer = await file.toBuffer();
      return importFactWorkbook(contextOf(app, request), request.query.periodId, buffer);
    },
  );

  r.get(
    '/api/facts/:id',
    {
      config: {
        access: {
          kind: 'action',
          action: 'fact.read',
          targets: async (request, ctx) => [
            await factTarget(ctx, (request.params as { id: string }).id),
          ],
        },
      },
      schema: {
        tags: ['facts'],
        summary: 'One fact with who recorded it and what corrected it',
        params: Type.Object({ id: Uuid }),
        response: responses(Type.Ref('Fact')),
      },
    },
    (request) => getFact(contextOf(app, request), request.params.id),
  );
}
