import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { contextOf } from '../plugins/access.ts';
import {
  createScheme,
  createSchemeFromTemplate,
  getSchemeVersion,
  listSchemes,
  listSchemeTemplates,
  listSchemeVersions,
  schemeFormat,
  validateSchemeInput,
} from '../services/scheme.service.ts';
import { AnyJson, JsonObject, LabelSchema, SchemeKey } from './assessment.schemas.ts';
import { errorResponses, responses } from './schemas.ts';

const KeyParams = Type.Object({ key: SchemeKey });
const VersionParams = Type.Object({ key: SchemeKey, version: Type.Integer({ minimum: 1 }) });
const Note = Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()]));

const read = { kind: 'action', action: 'scheme.read' } as const;
const write = { kind: 'action', action: 'scheme.write' } as const;

/** Schemes as data: versions, validation, templates, import and export (docs/api.md). */
export function schemeRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/schemes',
    {
      config: { access: read },
      schema: {
        tags: ['schemes'],
        summary: 'Every scheme key with its latest version',
        response: responses(Type.Object({ items: Type.Array(Type.Ref('SchemeSummary')) })),
      },
    },
    async (request) => ({ items: await listSchemes(contextOf(app, request)) }),
  );

  r.get(
    '/api/schemes/templates',
    {
      config: { access: read },
      schema: {
        tags: ['schemes'],
        summary: 'The built-in scheme templates',
        response: responses(Type.Object({ items: Type.Array(Type.Ref('SchemeTemplate')) })),
      },
    },
    () => ({ items: listSchemeTemplates() }),
  );

  r.get(
    '/api/schemes/json-schema',
    {
      config: { access: read },
      schema: {
        tags: ['schemes'],
        summary: 'The JSON Schema of the scheme format (docs/schemes.md)',
        response: responses(JsonObject),
      },
    },
    () => schemeFormat(),
  );

  r.post(
    '/api/schemes/validate',
    {
      config: { access: write },
      schema: {
        tags: ['schemes'],
        summary: 'Validate a scheme without saving it: every problem, named (live validation)',
        body: Type.Object({ scheme: AnyJson }, { additionalProperties: false }),
        response: responses(
          Type.Object({ ok: Type.Boolean(), problems: Type.Array(Type.Ref('SchemeProblem')) }),
        ),
      },
    },
    (request) => validateSchemeInput(request.body.scheme),
  );

  r.post(
    '/api/schemes',
    {
      config: { access: write },
      schema: {
        tags: ['schemes'],
        summary:
          'Save a scheme as the next version of its key (also imports an exported JSON file); ledgered',
        body: Type.Object({ scheme: AnyJson, note: Note }, { additionalProperties: false }),
        response: responses(Type.Ref('SchemeVersion'), 201),
      },
    },
    async (request, reply) => {
      const saved = await createScheme(
        contextOf(app, request),
        request.body.scheme,
        request.body.note ?? null,
      );
      return reply.status(201).send(saved);
    },
  );

  r.post(
    '/api/schemes/from-template',
    {
      config: { access: write },
      schema: {
        tags: ['schemes'],
        summary: 'Create a scheme (version 1 of a new key, or the next version) from a template',
        body: Type.Object(
          {
            template: Type.String({ maxLength: 64 }),
            key: SchemeKey,
            name: Type.Optional(LabelSchema),
          },
          { additionalProperties: false },
        ),
        response: responses(Type.Ref('SchemeVersion'), 201),
      },
    },
    async (request, reply) => {
      const saved = await createSchemeFromTemplate(contextOf(app, request), request.body);
      return reply.status(201).send(saved);
    },
  );

  r.get(
    '/api/schemes/:key',
    {
      config: { access: read },
      schema: {
        tags: ['schemes'],
        summary: 'The latest version of a scheme',
        params: KeyParams,
        response: responses(Type.Ref('SchemeVersion')),
      },
    },
    (request) => getSchemeVersion(contextOf(app, request), request.params.key, null),
  );

  r.get(
    '/api/schemes/:key/versions',
    {
      config: { access: read },
      schema: {
        tags: ['schemes'],
        summary: 'The version history of a scheme, newest first',
        params: KeyParams,
        response: responses(Type.Object({ items: Type.Array(Type.Ref('SchemeVersionInfo')) })),
      },
    },
    async (request) => ({
      items: await listSchemeVersions(contextOf(app, request), request.params.key),
    }),
  );

  r.get(
    '/api/schemes/:key/versions/:version',
    {
      config: { access: read },
      schema: {
        tags: ['schemes'],
        summary: 'One version of a scheme',
        params: VersionParams,
        response: responses(Type.Ref('SchemeVersion')),
      },
    },
    (request) =>
      getSchemeVersion(contextOf(app, request), request.params.key, request.params.version),
  );

  r.get(
    '/api/schemes/:key/versions/:version/export',
    {
      config: { access: read },
      schema: {
        tags: ['schemes'],
        summary: 'One version of a scheme as a JSON file (the import format)',
        params: VersionParams,
        produces: ['application/json'],
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const { key, version } = request.params;
      const saved = await getSchemeVersion(contextOf(app, request), key, version);
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${key}-v${version}.json"`)
        .send(`${JSON.stringify(saved.scheme, null, 2)}\n`);
    },
  );
}
