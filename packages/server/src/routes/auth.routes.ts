import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { actions } from '@tianheng/core';
import { contextOf, requireAuth } from '../plugins/access.ts';
import { clearSessionCookie, setSessionCookie } from '../plugins/session.ts';
import { changeOwnPassword, describeMe, login, logout } from '../services/auth.service.ts';
import { GrantSchema, OkSchema, responses } from './schemas.ts';

const MeSchema = Type.Object(
  {
    account: Type.Object({
      id: Type.String(),
      username: Type.String(),
      personId: Type.Union([Type.String(), Type.Null()]),
      personName: Type.Union([Type.String(), Type.Null()]),
      mustChangePassword: Type.Boolean(),
    }),
    tenant: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }),
    grants: Type.Array(
      Type.Intersect([
        GrantSchema,
        Type.Object({ unitPath: Type.Union([Type.String(), Type.Null()]) }),
      ]),
    ),
    actions: Type.Array(Type.Union(actions.map((a) => Type.Literal(a)))),
  },
  { $id: 'Me' },
);

/** Sign in, sign out, who am I, change my password. */
export function authRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(MeSchema);

  r.post(
    '/api/auth/login',
    {
      config: { access: { kind: 'public' } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with tenant code, username and password',
        body: Type.Object(
          {
            tenant: Type.String({ minLength: 1, maxLength: 64 }),
            username: Type.String({ minLength: 1, maxLength: 64 }),
            password: Type.String({ minLength: 1, maxLength: 256 }),
          },
          { additionalProperties: false },
        ),
        response: responses(Type.Ref('Me')),
      },
    },
    async (request, reply) => {
      const { token, me } = await login(app.deps.db, {
        ...request.body,
        now: app.deps.clock(),
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      setSessionCookie(app, reply, token);
      return me;
    },
  );

  r.post(
    '/api/auth/logout',
    {
      config: { access: { kind: 'signed-in' } },
      schema: { tags: ['auth'], summary: 'Sign out', response: responses(OkSchema) },
    },
    async (request, reply) => {
      await logout(contextOf(app, request), requireAuth(request));
      clearSessionCookie(app, reply);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/auth/me',
    {
      config: { access: { kind: 'signed-in' } },
      schema: {
        tags: ['auth'],
        summary: 'The signed-in account',
        response: responses(Type.Ref('Me')),
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      return describeMe(app.deps.db, auth.tenantId, auth.accountId);
    },
  );

  r.post(
    '/api/auth/password',
    {
      config: { access: { kind: 'signed-in' } },
      schema: {
        tags: ['auth'],
        summary: 'Change my password (required after an initial or reset password)',
        body: Type.Object(
          {
            currentPassword: Type.String({ minLength: 1, maxLength: 256 }),
            newPassword: Type.String({ minLength: 1, maxLength: 256 }),
          },
          { additionalProperties: false },
        ),
        response: responses(OkSchema),
      },
    },
    async (request) => {
      await changeOwnPassword(contextOf(app, request), requireAuth(request), request.body);
      return { ok: true as const };
    },
  );
}
