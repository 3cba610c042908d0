import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { contextOf } from '../plugins/access.ts';
import { getCards, issueCards, requireActionSomewhere } from '../services/card.service.ts';
import { unitTarget } from '../services/targets.ts';
import { responses, Uuid } from './schemas.ts';
import { CardsViewSchema, MonthKeySchema } from './supervision.schemas.ts';

/** Monthly plans and three-colour cards. */
export function cardRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/work/cards',
    {
      config: {
        access: {
          kind: 'action',
          action: 'supervision.read',
          targets: async (request, ctx) => {
            const { unitId } = request.query as { unitId?: string };
            if (unitId === undefined) {
              requireActionSomewhere(ctx, 'supervision.read');
              return [];
            }
            return [await unitTarget(ctx, unitId)];
          },
        },
      },
      schema: {
        tags: ['work'],
        summary:
          'A month’s plan (steps due in the month, frozen once planned) and its cards, within the caller’s units',
        querystring: Type.Object(
          { month: MonthKeySchema, unitId: Type.Optional(Uuid) },
          { additionalProperties: false },
        ),
        response: responses(CardsViewSchema),
      },
    },
    (request) => getCards(contextOf(app, request), request.query.month, request.query.unitId),
  );

  r.post(
    '/api/work/cards/issue',
    {
      config: { access: { kind: 'action', action: 'supervision.run' } },
      schema: {
        tags: ['work'],
        summary:
          'Issue an ended month’s cards (green/red to the responsible unit, yellow to the lead unit); idempotent',
        body: Type.Object({ month: MonthKeySchema }, { additionalProperties: false }),
        response: responses(Type.Object({ issued: Type.Integer() })),
      },
    },
    (request) => issueCards(contextOf(app, request), request.body.month),
  );
}
