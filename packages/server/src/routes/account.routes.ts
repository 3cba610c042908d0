import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AccountListRow } from '@tianheng/db';
import { contextOf } from '../plugins/access.ts';
import {
  createAccount,
  listAccountPage,
  replaceAccountGrants,
  resetAccountPassword,
  unlockAccountNow,
  updateAccountSettings,
} from '../services/account.service.ts';
import { GrantSchema, OkSchema, Uuid, responses } from './schemas.ts';

const Timestamp = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

const AccountSummarySchema = Type.Object(
  {
    id: Type.String(),
    username: Type.String(),
    personId: Type.Union([Type.String(), Type.Null()]),
    personName: Type.Union([Type.String(), Type.Null()]),
    disabled: Type.Boolean(),
    locked: Type.Boolean({ description: 'A login lock is in force now' }),
    lockedUntil: Timestamp,
    mustChangePassword: Type.Boolean(),
    lastLoginAt: Timestamp,
    grants: Type.Array(
      Type.Intersect([
        GrantSchema,
        Type.Object({ unitPath: Type.Union([Type.String(), Type.Null()]) }),
      ]),
    ),
  },
  { $id: 'AccountSummary' },
);

const GrantsInput = Type.Array(GrantSchema, { maxItems: 50 });
const IdParams = Type.Object({ id: Uuid });

/** The API shape of an account row. */
function toSummary(row: AccountListRow) {
  return {
    id: row.accountId,
    username: row.username,
    personId: row.personId,
    personName: row.personName,
    disabled: row.disabled,
    locked: row.locked,
    lockedUntil: row.lockedUntil?.toISOString() ?? null,
    mustChangePassword: row.mustChangePassword,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    grants: row.grants,
  };
}

/** Account and role-grant administration (system administrators). */
export function accountRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(AccountSummarySchema);
  const read = { access: { kind: 'action', action: 'account.read' } } as const;
  const write = { access: { kind: 'action', action: 'account.write' } } as const;

  r.get(
    '/api/accounts',
    {
      config: read,
      schema: {
        tags: ['accounts'],
        summary: 'List accounts, filtered by username or person name',
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ maxLength: 100 })),
            page: Type.Integer({ minimum: 1, default: 1 }),
            pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
          },
          { additionalProperties: false },
        ),
        response: responses(
          Type.Object({ items: Type.Array(Type.Ref('AccountSummary')), total: Type.Integer() }),
        ),
      },
    },
    async (request) => {
      const { items, total } = await listAccountPage(contextOf(app, request), request.query);
      return { items: items.map(toSummary), total };
    },
  );

  r.post(
    '/api/accounts',
    {
      config: write,
      schema: {
        tags: ['accounts'],
        summary: 'Create an account; its initial password must be changed at first login',
        body: Type.Object(
          {
            username: Type.String({ minLength: 2, maxLength: 64, pattern: '^\\S+$' }),
            personId: Type.Optional(Type.Union([Uuid, Type.Null()])),
            initialPassword: Type.String({ minLength: 1, maxLength: 256 }),
            grants: GrantsInput,
          },
          { additionalProperties: false },
        ),
        response: responses(Type.Ref('AccountSummary'), 201),
      },
    },
    async (request, reply) => {
      const row = await createAccount(contextOf(app, request), request.body);
      return reply.status(201).send(toSummary(row));
    },
  );

  r.patch(
    '/api/accounts/:id',
    {
      config: write,
      schema: {
        tags: ['accounts'],
        summary: 'Disable or enable an account, or link it to a person',
        params: IdParams,
        body: Type.Object(
          {
            disabled: Type.Optional(Type.Boolean()),
            personId: Type.Optional(Type.Union([Uuid, Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: responses(Type.Ref('AccountSummary')),
      },
    },
    async (request) =>
      toSummary(
        await updateAccountSettings(contextOf(app, request), request.params.id, request.body),
      ),
  );

  r.put(
    '/api/accounts/:id/grants',
    {
      config: write,
      schema: {
        tags: ['accounts'],
        summary: "Replace an account's role grants (not one's own)",
        params: IdParams,
        body: Type.Object({ grants: GrantsInput }, { additionalProperties: false }),
        response: responses(Type.Ref('AccountSummary')),
      },
    },
    async (request) =>
      toSummary(
        await replaceAccountGrants(contextOf(app, request), request.params.id, request.body.grants),
      ),
  );

  r.post(
    '/api/accounts/:id/reset-password',
    {
      config: write,
      schema: {
        tags: ['accounts'],
        summary: 'Set a new password that must be changed at next login; ends its sessions',
        params: IdParams,
        body: Type.Object(
          { newPassword: Type.String({ minLength: 1, maxLength: 256 }) },
          { additionalProperties: false },
        ),
        response: responses(OkSchema),
      },
    },
    async (request) => {
      await resetAccountPassword(
        contextOf(app, request),
        request.params.id,
        request.body.newPassword,
      );
      return { ok: true as const };
    },
  );

  r.post(
    '/api/accounts/:id/unlock',
    {
      config: write,
      schema: {
        tags: ['accounts'],
        summary: 'Lift a login lock',
        params: IdParams,
        response: responses(OkSchema),
      },
    },
    async (request) => {
      await unlockAccountNow(contextOf(app, request), request.params.id);
      return { ok: true as const };
    },
  );
}
