/**
 * The notification centre: a person's own notifications only, unread filter and paging,
 * marking read, an account without a person, bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertNotifications } from '@tianheng/db';
import { testBackends } from '@tianheng/db/testing';
import { systemContext } from '../context.ts';
import { createAccount } from '../services/account.service.ts';
import { FIXTURE_PASSWORD, openTestApp, type TestApp } from '../testing.ts';

interface Page {
  items: { id: string; title: { en: string }; readAt: string | null }[];
  unread: number;
  total: number;
}

describe.each(testBackends())('notification API on %s', (backend) => {
  let t: TestApp;
  let cadre = '';
  let nobody = '';
  beforeAll(async () => {
    t = await openTestApp(backend);
    const { db } = t.handle;
    await insertNotifications(
      db,
      t.t1.tenantId,
      [1, 2, 3, 4, 5].map((n) => ({
        personId: t.t1.people.cadre,
        kind: 'step-started',
        title: { 'zh-CN': `通知${n}`, en: `Notice ${n}` },
        body: null,
        link: `/work/tasks/${n}`,
        createdAt: `2026-03-01T0${n}:00:00Z`,
      })),
    );
    await insertNotifications(db, t.t2.tenantId, [
      {
        personId: t.t2.people.cadre,
        kind: 'step-started',
        title: { 'zh-CN': '乙', en: 'Other tenant' },
        body: null,
        link: null,
        createdAt: '2026-03-01T00:00:00Z',
      },
    ]);
    await createAccount(
      systemContext(db, t.t1.tenantId, t.now()),
      { username: 'nobody', initialPassword: FIXTURE_PASSWORD, grants: [] },
      { mustChangePassword: false },
    );
    cadre = await t.login('cadre');
    nobody = await t.login('nobody');
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (cookie: string, url: string) =>
    t.app.inject({ method: 'GET', url, headers: { cookie } });
  const post = (cookie: string, url: string) =>
    t.app.inject({ method: 'POST', url, headers: { cookie }, payload: {} });

  it('pages the caller’s own notifications, newest first', async () => {
    const page = (await get(cadre, '/api/notifications?limit=2&offset=1')).json<Page>();
    expect(page.items.map((n) => n.title.en)).toEqual(['Notice 4', 'Notice 3']);
    expect(page).toMatchObject({ unread: 5, total: 5 });
    const t2 = await t.login('cadre', 't2');
    expect((await get(t2, '/api/notifications')).json<Page>().items.map((n) => n.title.en)).toEqual(
      ['Other tenant'],
    );
  });

  it('marks read and filters unread', async () => {
    const [newest] = (await get(cadre, '/api/notifications?limit=1')).json<Page>().items;
    const read = await post(cadre, `/api/notifications/${newest?.id ?? ''}/read`);
    expect(read.json()).toEqual({ unread: 4 });
    const unread = (await get(cadre, '/api/notifications?unread=true')).json<Page>();
    expect(unread.total).toBe(4);
    expect(unread.items.every((n) => n.readAt === null)).toBe(true);
    expect((await get(cadre, '/api/notifications/unread-count')).json()).toEqual({ unread: 4 });
  });

  it('gives an account without a person an empty centre', async () => {
    expect((await get(nobody, '/api/notifications')).json()).toEqual({
      items: [],
      unread: 0,
      total: 0,
    });
    expect((await get(nobody, '/api/notifications/unread-count')).json()).toEqual({ unread: 0 });
    expect((await post(nobody, '/api/notifications/read-all')).json()).toEqual({
      marked: 0,
      unread: 0,
    });
    const [any] = (await get(cadre, '/api/notifications')).json<Page>().items;
    const res = await post(nobody, `/api/notifications/${any?.id ?? ''}/read`);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'notification-not-found' });
  });

  it('refuses bad input with the field', async () => {
    const limit = await get(cadre, '/api/notifications?limit=0');
    expect(limit.statusCode).toBe(400);
    expect(limit.json()).toMatchObject({ code: 'invalid-input' });
    expect((await post(cadre, '/api/notifications/not-a-uuid/read')).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/notifications' })).statusCode).toBe(401);
  });
});
