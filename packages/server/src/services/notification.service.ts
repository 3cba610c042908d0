import type { LocalText } from '@tianheng/core';
import {
  countUnreadNotifications,
  insertNotifications,
  listNotifications as listStoredNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  type NewNotification,
  type NotificationPage,
} from '@tianheng/db';
import type { ServiceContext } from '../context.ts';
import { AppError } from '../errors.ts';

/** What to tell one person (the service stamps the time). */
export interface NotificationMessage {
  readonly personId: string;
  readonly kind: string;
  readonly title: LocalText;
  readonly body: LocalText | null;
  readonly link: string | null;
}

/**
 * Store in-app notifications in the caller's transaction, once per person and message (a
 * person holding two roles on a step hears about it once).
 */
export async function notify(
  ctx: ServiceContext,
  messages: readonly NotificationMessage[],
): Promise<number> {
  const seen = new Set<string>();
  const rows: NewNotification[] = [];
  for (const m of messages) {
    const key = [m.personId, m.kind, m.link ?? '', m.title.en].join('\u0000');
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push({ ...m, createdAt: ctx.now });
  }
  return insertNotifications(ctx.db, ctx.tenantId, rows);
}

/** The caller's notifications, newest first; an account without a person has none. */
export async function listMyNotifications(
  ctx: ServiceContext,
  filters: { unreadOnly: boolean; limit: number; offset: number },
): Promise<NotificationPage> {
  const personId = ctx.subject.personId;
  if (personId === null) return { items: [], unread: 0, total: 0 };
  return listStoredNotifications(ctx.db, ctx.tenantId, personId, filters);
}

/** How many unread notifications the caller has. */
export async function myUnreadCount(ctx: ServiceContext): Promise<{ unread: number }> {
  const personId = ctx.subject.personId;
  if (personId === null) return { unread: 0 };
  return { unread: await countUnreadNotifications(ctx.db, ctx.tenantId, personId) };
}

/** Mark one of the caller's notifications read; `notification-not-found` for anybody else's. */
export async function readNotification(
  ctx: ServiceContext,
  notificationId: string,
): Promise<{ unread: number }> {
  const personId = ctx.subject.personId;
  if (
    personId === null ||
    !(await markNotificationRead(ctx.db, ctx.tenantId, personId, notificationId, ctx.now))
  )
    throw new AppError('notification-not-found');
  return myUnreadCount(ctx);
}

/** Mark all of the caller's notifications read. */
export async function readAllNotifications(
  ctx: ServiceContext,
): Promise<{ marked: number; unread: number }> {
  const personId = ctx.subject.personId;
  if (personId === null) return { marked: 0, unread: 0 };
  const marked = await markAllNotificationsRead(ctx.db, ctx.tenantId, personId, ctx.now);
  return { marked, unread: 0 };
}
