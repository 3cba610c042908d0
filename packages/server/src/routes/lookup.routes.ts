import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { contextOf } from '../plugins/access.ts';
import { getLookups } from '../services/lookup.service.ts';
import { responses } from './schemas.ts';

const LocalTextSchema = Type.Object({ 'zh-CN': Type.String(), en: Type.String() });
const LookupItemSchema = Type.Object({ code: Type.String(), label: LocalTextSchema });
const LookupsSchema = Type.Object(
  {
    unitKinds: Type.Array(LookupItemSchema),
    ranks: Type.Array(LookupItemSchema),
    genders: Type.Array(LookupItemSchema),
    lines: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  },
  { $id: 'Lookups' },
);

/** Codes and labels the forms and filters offer. */
export function lookupRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(LookupsSchema);
  r.get(
    '/api/lookups',
    {
      config: { access: { kind: 'signed-in' } },
      schema: {
        tags: ['lookups'],
        summary: 'Unit kinds, ranks, genders (with zh-CN and en labels) and business lines',
        response: responses(Type.Ref('Lookups')),
      },
    },
    (request) => getLookups(contextOf(app, request)),
  );
}
