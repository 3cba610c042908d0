import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { listTenants, pingDatabase } from '@tianheng/db';

/** Health and public metadata. */
export function systemRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/health',
    {
      config: { access: { kind: 'public' } },
      schema: {
        tags: ['system'],
        summary: 'Liveness and database reachability',
        response: {
          200: Type.Object({
            status: Type.Literal('ok'),
            database: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
          }),
        },
      },
    },
    async () => {
      await pingDatabase(app.deps.db);
      return { status: 'ok' as const, database: app.deps.databaseKind };
    },
  );

  r.get(
    '/api/meta',
    {
      config: { access: { kind: 'public' } },
      schema: {
        tags: ['system'],
        summary: 'What the login page needs: the default tenant code',
        response: {
          200: Type.Object({
            defaultTenant: Type.Union([Type.String(), Type.Null()]),
            version: Type.String(),
          }),
        },
      },
    },
    async () => {
      const fallback = app.deps.defaultTenant ?? (await listTenants(app.deps.db))[0]?.code ?? null;
      return { defaultTenant: fallback, version: '0.1.0' };
    },
  );
}
