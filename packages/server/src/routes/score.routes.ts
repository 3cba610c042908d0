import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { verifyTenantLedger } from '../services/ledger.service.ts';
import { contextOf, requireAuth } from '../plugins/access.ts';
import { personScore } from '../services/score.service.ts';
import { personTarget } from '../services/targets.ts';
import { AppError } from '../errors.ts';
import { responses, Uuid } from './schemas.ts';

const PeriodQuery = Type.Object({ periodId: Uuid }, { additionalProperties: false });

/** A person's score breakdown (every point with its facts), one's own score, and the ledger check. */
export function scoreRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/people/:id/score',
    {
      config: {
        access: {
          kind: 'action',
          action: 'score.read',
          targets: async (request, ctx) => [
            await personTarget(ctx, (request.params as { id: string }).id),
          ],
        },
      },
      schema: {
        tags: ['score'],
        summary:
          'A person’s score in a period: the breakdown tree with the facts behind every point',
        params: Type.Object({ id: Uuid }),
        querystring: PeriodQuery,
        response: responses(Type.Ref('PersonScore')),
      },
    },
    (request) => personScore(contextOf(app, request), request.params.id, request.query.periodId),
  );

  r.get(
    '/api/me/score',
    {
      config: {
        access: {
          kind: 'action',
          action: 'score.read',
          targets: async (request, ctx) => {
            const personId = requireAuth(request).subject.personId;
            if (personId === null) throw new AppError('person-not-found');
            return [await personTarget(ctx, personId)];
          },
        },
      },
      schema: {
        tags: ['score'],
        summary: 'The caller’s own score in a period (“why my score is what it is”)',
        querystring: PeriodQuery,
        response: responses(Type.Ref('PersonScore')),
      },
    },
    (request) => {
      const personId = requireAuth(request).subject.personId;
      if (personId === null) throw new AppError('person-not-found');
      return personScore(contextOf(app, request), personId, request.query.periodId);
    },
  );

  r.get(
    '/api/ledger/verify',
    {
      config: { access: { kind: 'action', action: 'ledger.verify' } },
      schema: {
        tags: ['ledger'],
        summary: 'Check the tenant’s hash-chained ledger and name the first broken entry',
        response: responses(
          Type.Object({
            ok: Type.Boolean(),
            entries: Type.Integer(),
            head: Type.Union([Type.String(), Type.Null()]),
            firstBroken: Type.Union([
              Type.Object({
                seq: Type.Integer(),
                kind: Type.Union([Type.String(), Type.Null()]),
                refId: Type.Union([Type.String(), Type.Null()]),
                reason: Type.String(),
              }),
              Type.Null(),
            ]),
          }),
        ),
      },
    },
    (request) => verifyTenantLedger(contextOf(app, request)),
  );
}
