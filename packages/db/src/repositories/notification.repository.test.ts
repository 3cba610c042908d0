import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { DatabaseHandle } from '../connect.ts';
import type { Database } from '../schema.ts';
import { openTestDatabase, seedTestTenant, testBackends, type TestTenant } from '../testing.ts';
import {
  countUnreadNotifications,
  insertNotifications,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
} from './notification.repository.ts';

describe.each(testBackends())('notifications on %s', (backend) => {
  let handle: DatabaseHandle;
  let db: Kysely<Database>;
  let t1: TestTenant;
  let t2: TestTenant;
  beforeAll(async () => {
    handle = await openTestDatabase(backend);
    db = handle.db;
    t1 = await seedTestTenant(db, 'n1', 'x');
    t2 = await seedTestTenant(db, 'n2', 'x');
  });
  afterAll(async () => {
    await handle.close();
  });

  const message = (personId: string, n: number) => ({
    personId,
    kind: 'step-started',
    title: { 'zh-CN': `通知${n}`, en: `Notice ${n}` },
    body: n % 2 === 0 ? null : { 'zh-CN': '正文', en: 'Body' },
    link: `/work/tasks/${n}`,
    createdAt: `2026-03-0${n}T02:00:00Z`,
  });

  it('stores notifications and lists a person’s, newest first, with counts', async () => {
    const { cadre, head } = t1.people;
    expect(
      await insertNotifications(db, t1.tenantId, [
        message(cadre, 1),
        message(cadre, 2),
        message(cadre, 3),
        message(head, 4),
      ]),
    ).toBe(4);
    const page = await listNotifications(db, t1.tenantId, cadre, {
      unreadOnly: false,
      limit: 2,
      offset: 0,
    });
    expect(page.total).toBe(3);
    expect(page.unread).toBe(3);
    expect(page.items.map((n) => n.title.en)).toEqual(['Notice 3', 'Notice 2']);
    expect(page.items[0]).toMatchObject({
      kind: 'step-started',
      body: { 'zh-CN': '正文', en: 'Body' },
      link: '/work/tasks/3',
      createdAt: '2026-03-03T02:00:00.000Z',
      readAt: null,
    });
    expect(page.items[1]?.body).toBeNull();
    // Nobody of another tenant sees them.
    expect(await countUnreadNotifications(db, t2.tenantId, cadre)).toBe(0);
  });

  it('marks one read (only the owner’s), then all', async () => {
    const { cadre, head } = t1.people;
    const [newest] = (
      await listNotifications(db, t1.tenantId, cadre, { unreadOnly: true, limit: 1, offset: 0 })
    ).items;
    const id = newest?.id ?? '';
    expect(await markNotificationRead(db, t1.tenantId, head, id, '2026-03-05T00:00:00Z')).toBe(
      false,
    );
    expect(await markNotificationRead(db, t1.tenantId, cadre, id, '2026-03-05T00:00:00Z')).toBe(
      true,
    );
    // Reading again keeps the first read time.
    await markNotificationRead(db, t1.tenantId, cadre, id, '2026-03-06T00:00:00Z');
    const read = await listNotifications(db, t1.tenantId, cadre, {
      unreadOnly: false,
      limit: 10,
      offset: 0,
    });
    expect(read.items.find((n) => n.id === id)?.readAt).toBe('2026-03-05T00:00:00.000Z');
    expect(read.unread).toBe(2);
    const unreadOnly = await listNotifications(db, t1.tenantId, cadre, {
      unreadOnly: true,
      limit: 10,
      offset: 0,
    });
    expect(unreadOnly.total).toBe(2);
    expect(await markAllNotificationsRead(db, t1.tenantId, cadre, '2026-03-07T00:00:00Z')).toBe(2);
    expect(await countUnreadNotifications(db, t1.tenantId, cadre)).toBe(0);
    expect(await countUnreadNotifications(db, t1.tenantId, head)).toBe(1);
  });

  it('stores more rows than one statement takes', async () => {
    const rows = Array.from({ length: 4500 }, (_, i) => ({
      ...message(t2.people.cadre, 1),
      link: `/work/tasks/${i}`,
    }));
    expect(await insertNotifications(db, t2.tenantId, rows)).toBe(4500);
    expect(await countUnreadNotifications(db, t2.tenantId, t2.people.cadre)).toBe(4500);
  });
});
