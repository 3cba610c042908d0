import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { contextOf } from '../plugins/access.ts';
import {
  listMyNotifications,
  myUnreadCount,
  readAllNotifications,
  readNotification,
} from '../services/notification.service.ts';
import { responses, Uuid } from './schemas.ts';

const LocalTextSchema = Type.Object({ 'zh-CN': Type.String(), en: Type.String() });
const NotificationSchema = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  title: LocalTextSchema,
  body: Type.Union([LocalTextSchema, Type.Null()]),
  link: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  readAt: Type.Union([Type.String(), Type.Null()]),
});
const Unread = Type.Object({ unread: Type.Integer() });
const Empty = Type.Optional(Type.Object({}, { additionalProperties: false }));
const signedIn = { access: { kind: 'signed-in' as const } };

/** The caller's in-app notification centre: list, unread count, mark read. */
export function notificationRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/notifications',
    {
      config: signedIn,
      schema: {
        tags: ['notifications'],
        summary: 'The caller’s notifications, newest first, with the unread count',
        querystring: Type.Object(
          {
            unread: Type.Optional(Type.Boolean({ description: 'Only unread ones' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
            offset: Type.Optional(Type.Integer({ minimum: 0 })),
          },
          { additionalProperties: false },
        ),
        response: responses(
          Type.Object({
            items: Type.Array(NotificationSchema),
            unread: Type.Integer(),
            total: Type.Integer(),
          }),
        ),
      },
    },
    (request) =>
      listMyNotifications(contextOf(app, request), {
        unreadOnly: request.query.unread === true,
        limit: request.query.limit ?? 50,
        offset: request.query.offset ?? 0,
      }),
  );

  r.get(
    '/api/notifications/unread-count',
    {
      config: signedIn,
      schema: {
        tags: ['notifications'],
        summary: 'How many unread notifications the caller has',
        response: responses(Unread),
      },
    },
    (request) => myUnreadCount(contextOf(app, request)),
  );

  r.post(
    '/api/notifications/:id/read',
    {
      config: signedIn,
      schema: {
        tags: ['notifications'],
        summary: 'Mark one of the caller’s notifications read; returns the unread count',
        params: Type.Object({ id: Uuid }),
        body: Empty,
        response: responses(Unread),
      },
    },
    (request) => readNotification(contextOf(app, request), request.params.id),
  );

  r.post(
    '/api/notifications/read-all',
    {
      config: signedIn,
      schema: {
        tags: ['notifications'],
        summary: 'Mark all of the caller’s notifications read',
        body: Empty,
        response: responses(Type.Object({ marked: Type.Integer(), unread: Type.Integer() })),
      },
    },
    (request) => readAllNotifications(contextOf(app, request)),
  );
}
