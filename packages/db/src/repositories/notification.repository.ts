import { sql, type Kysely } from 'kysely';
import type { LocalText, Notification } from '@tianheng/core';
import type { Database } from '../schema.ts';

/** A notification to store for one person. */
export interface NewNotification {
  readonly personId: string;
  readonly kind: string;
  readonly title: LocalText;
  readonly body: LocalText | null;
  /** Web path to open, e.g. `/work/tasks/<id>`. */
  readonly link: string | null;
  readonly createdAt: Date | string;
}

/** Rows per statement when storing many notifications (a tick can notify thousands). */
const NOTIFICATION_CHUNK = 2000;

/**
 * Store notifications for people of a tenant, in the caller's transaction when `db` is one.
 * Returns how many rows were written.
 */
export async function insertNotifications(
  db: Kysely<Database>,
  tenantId: string,
  rows: readonly NewNotification[],
): Promise<number> {
  let written = 0;
  for (let start = 0; start < rows.length; start += NOTIFICATION_CHUNK) {
    const chunk = rows.slice(start, start + NOTIFICATION_CHUNK).map((r) => ({
      person_id: r.personId,
      kind: r.kind,
      title: r.title,
      body: r.body,
      link: r.link,
      created_at: new Date(r.createdAt).toISOString(),
    }));
    const result = await sql`
      INSERT INTO notification (tenant_id, person_id, kind, title, body, link, created_at)
      SELECT ${tenantId}::uuid, t.person_id, t.kind, t.title, t.body, t.link, t.created_at
      FROM json_to_recordset(${JSON.stringify(chunk)}::json) AS t(person_id uuid, kind text,
        title jsonb, body jsonb, link text, created_at timestamptz)`.execute(db);
    written += Number(result.numAffectedRows ?? 0n);
  }
  return written;
}

/** Filters of a person's notification list. */
export interface NotificationFilters {
  readonly unreadOnly: boolean;
  readonly limit: number;
  readonly offset: number;
}

/** A page of a person's notifications, newest first, with the unread and total counts. */
export interface NotificationPage {
  readonly items: Notification[];
  readonly unread: number;
  readonly total: number;
}

function toNotification(row: {
  id: string;
  kind: string;
  title: LocalText;
  body: LocalText | null;
  link: string | null;
  createdAt: Date;
  readAt: Date | null;
}): Notification {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    link: row.link,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt === null ? null : row.readAt.toISOString(),
  };
}

/** How many unread notifications a person has (served by the partial unread index). */
export async function countUnreadNotifications(
  db: Kysely<Database>,
  tenantId: string,
  personId: string,
): Promise<number> {
  const row = await db
    .selectFrom('notification')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('person_id', '=', personId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A person's notifications, newest first. */
export async function listNotifications(
  db: Kysely<Database>,
  tenantId: string,
  personId: string,
  filters: NotificationFilters,
): Promise<NotificationPage> {
  let query = db
    .selectFrom('notification')
    .where('tenant_id', '=', tenantId)
    .where('person_id', '=', personId);
  if (filters.unreadOnly) query = query.where('read_at', 'is', null);
  const [rows, count, unread] = await Promise.all([
    query
      .select([
        'notification_id as id',
        'kind',
        'title',
        'body',
        'link',
        'created_at as createdAt',
        'read_at as readAt',
      ])
      .orderBy('created_at', 'desc')
      .orderBy('notification_id')
      .limit(filters.limit)
      .offset(filters.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    countUnreadNotifications(db, tenantId, personId),
  ]);
  return { items: rows.map(toNotification), unread, total: Number(count.n) };
}

/**
 * Mark one of a person's notifications read (keeps the first read time). Returns false when
 * the person has no such notification.
 */
export async function markNotificationRead(
  db: Kysely<Database>,
  tenantId: string,
  personId: string,
  notificationId: string,
  at: Date | string,
): Promise<boolean> {
  const rows = await db
    .updateTable('notification')
    .set({ read_at: sql<Date>`coalesce(read_at, ${new Date(at).toISOString()}::timestamptz)` })
    .where('tenant_id', '=', tenantId)
    .where('person_id', '=', personId)
    .where('notification_id', '=', notificationId)
    .returning('notification_id')
    .execute();
  return rows.length > 0;
}

/** Mark all of a person's unread notifications read; returns how many were marked. */
export async function markAllNotificationsRead(
  db: Kysely<Database>,
  tenantId: string,
  personId: string,
  at: Date | string,
): Promise<number> {
  const result = await db
    .updateTable('notification')
    .set({ read_at: new Date(at).toISOString() })
    .where('tenant_id', '=', tenantId)
    .where('person_id', '=', personId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
