/**
 * Uploaded files (ADR 0011): upload, download, type and size checks, tenants apart, and the
 * references tasks, step evidence, documents and facts store are checked against them.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { testBackends } from '@tianheng/db/testing';
import { openTestApp, type TestApp } from '../testing.ts';

const boundary = 'tianheng-attachment-test';
const multipart = (name: string, type: string, content: Buffer): Buffer =>
  Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
        `Content-Type: ${type}\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);

interface AttachmentJson {
  id: string;
  ref: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
}

describe.each(testBackends())('attachments API on %s', (backend) => {
  let t: TestApp;
  const cookie: Record<string, string> = {};
  let uploaded: AttachmentJson;
  const minutes = Buffer.from('春耕物资保障会议纪要：按计划落实。', 'utf8');

  const upload = (who: string, body: Buffer): Promise<LightMyRequestResponse> =>
    t.app.inject({
      method: 'POST',
      url: '/api/attachments',
      headers: {
        cookie: cookie[who] ?? '',
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload: body,
    });
  const call = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({
      method,
      url,
      headers: { cookie: cookie[who] ?? '' },
      ...(payload === undefined ? {} : { payload }),
    });

  beforeAll(async () => {
    t = await openTestApp(backend);
    for (const role of ['cadre', 'leader', 'assessment_office']) cookie[role] = await t.login(role);
    cookie.other = await t.login('cadre', 't2');
    const res = await upload('cadre', multipart('会议纪要.txt', 'text/plain', minutes));
    expect(res.statusCode, res.body).toBe(201);
    uploaded = res.json<AttachmentJson>();
  });
  afterAll(async () => {
    await t.close();
  });

  it('stores a file with its digest and gives back the reference to store', () => {
    const sha256 = createHash('sha256').update(minutes).digest('hex');
    expect(uploaded).toMatchObject({
      name: '会议纪要.txt',
      contentType: 'text/plain',
      size: minutes.byteLength,
      sha256,
      ref: `att:${uploaded.id}:${sha256}`,
    });
  });

  it('downloads the same bytes with the type and UTF-8 name; another tenant gets 404', async () => {
    const res = await call('leader', 'GET', `/api/attachments/${uploaded.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(minutes)).toBe(true);
    expect(res.headers['content-type']).toBe('text/plain');
    expect(res.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('会议纪要.txt')}`,
    );
    const meta = await call('leader', 'GET', `/api/attachments?ids=${uploaded.id}`);
    expect(meta.json()).toEqual({ items: [expect.objectContaining({ ref: uploaded.ref })] });
    const one = await call('leader', 'GET', `/api/attachments/${uploaded.id}/meta`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual({ ...uploaded });
    const strangerOne = await call('other', 'GET', `/api/attachments/${uploaded.id}/meta`);
    expect(strangerOne.statusCode).toBe(404);
    const stranger = await call('other', 'GET', `/api/attachments/${uploaded.id}`);
    expect(stranger.statusCode).toBe(404);
    expect(stranger.json()).toMatchObject({ code: 'attachment-not-found' });
    const strangerMeta = await call('other', 'GET', `/api/attachments?ids=${uploaded.id}`);
    expect(strangerMeta.json()).toEqual({ items: [] });
  });

  it.each([
    ['an empty file', multipart('a.txt', 'text/plain', Buffer.alloc(0)), 400, 'attachment-invalid'],
    [
      'a web page',
      multipart('a.html', 'text/html', Buffer.from('<script>')),
      400,
      'attachment-invalid',
    ],
    [
      'a file over 10 MiB',
      multipart('big.pdf', 'application/pdf', Buffer.alloc(10 * 1024 * 1024 + 1, 1)),
      413,
      'body-too-large',
    ],
  ])('refuses %s with a coded error and stores nothing', async (_label, body, status, code) => {
    const before = await t.handle.db
      .selectFrom('attachment')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await upload('cadre', body);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json()).toMatchObject({ code });
    const after = await t.handle.db
      .selectFrom('attachment')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  describe('references in a task and in step evidence', () => {
    let categoryId = '';
    const task = (attachments: string[]) => ({
      categoryId,
      title: '春耕物资保障',
      responsibleUnitId: t.t1.units.townSection.id,
      startsOn: '2026-03-02',
      dueOn: '2026-03-31',
      attachments,
      steps: [
        {
          seq: 1,
          name: '起草方案',
          plannedStart: '2026-03-02',
          plannedEnd: '2026-03-06',
          points: '10',
          tags: [],
          reviewRequired: false,
          assignees: [{ role: 'handler', personId: t.t1.people.cadre }],
        },
      ],
    });
    beforeAll(async () => {
      const res = await call('assessment_office', 'POST', '/api/work/categories', {
        key: 'att-campaign',
        name: { 'zh-CN': '附件测试', en: 'Attachment test' },
        kind: 'campaign',
      });
      expect(res.statusCode, res.body).toBe(201);
      categoryId = res.json<{ id: string }>().id;
    });

    it('refuses a reference to no file, to other content, or a malformed one; writes no task', async () => {
      const sha = uploaded.sha256;
      for (const [ref, status, code] of [
        [`att:${crypto.randomUUID()}:${sha}`, 404, 'attachment-not-found'],
        [`att:${uploaded.id}:${'0'.repeat(64)}`, 404, 'attachment-not-found'],
        ['att:not-a-reference', 400, 'attachment-invalid'],
      ] as const) {
        const res = await call('leader', 'POST', '/api/work/tasks', task([ref]));
        expect(res.statusCode, res.body).toBe(status);
        expect(res.json()).toMatchObject({ code, field: 'attachments' });
      }
      const other = await t.app.inject({
        method: 'POST',
        url: '/api/attachments',
        headers: {
          cookie: cookie.other ?? '',
          'content-type': `multipart/form-data; boundary=${boundary}`,
        },
        payload: multipart('x.txt', 'text/plain', Buffer.from('t2')),
      });
      const theirs = other.json<AttachmentJson>().ref;
      const res = await call('leader', 'POST', '/api/work/tasks', task([theirs]));
      expect(res.json()).toMatchObject({ code: 'attachment-not-found' });
      const tasks = await t.handle.db
        .selectFrom('task')
        .select('task_id')
        .where('tenant_id', '=', t.t1.tenantId)
        .execute();
      expect(tasks).toEqual([]);
    });

    it('keeps uploaded and outside references on the task and the completed step', async () => {
      const created = await call(
        'leader',
        'POST',
        '/api/work/tasks',
        task([uploaded.ref, '县委办〔2026〕12号']),
      );
      expect(created.statusCode, created.body).toBe(201);
      const detail = created.json<{
        task: { id: string; attachments: string[] };
        steps: { id: string }[];
      }>();
      expect(detail.task.attachments).toEqual([uploaded.ref, '县委办〔2026〕12号']);
      const evidence = await upload(
        'cadre',
        multipart('现场照片.png', 'image/png', Buffer.from([137, 80, 78, 71])),
      );
      const photo = evidence.json<AttachmentJson>().ref;
      const step = detail.steps[0]!.id;
      const refused = await call('cadre', 'POST', `/api/work/steps/${step}/complete`, {
        note: '已完成',
        attachments: [`att:${crypto.randomUUID()}:${uploaded.sha256}`],
      });
      expect(refused.statusCode, refused.body).toBe(404);
      expect(refused.json()).toMatchObject({ code: 'attachment-not-found', field: 'attachments' });
      const still = await call('leader', 'GET', `/api/work/tasks/${detail.task.id}`);
      expect(still.json<{ events: { kind: string }[] }>().events.map((e) => e.kind)).not.toContain(
        'step-completed',
      );
      const done = await call('cadre', 'POST', `/api/work/steps/${step}/complete`, {
        note: '已完成',
        attachments: [photo],
      });
      expect(done.statusCode, done.body).toBe(200);
      const after = await call('leader', 'GET', `/api/work/tasks/${detail.task.id}`);
      const events = after.json<{ events: { kind: string; body: { attachments?: string[] } }[] }>()
        .events;
      expect(events.find((e) => e.kind === 'step-completed')?.body.attachments).toEqual([photo]);
      // The task's own references are ledgered with its creation.
      expect(events.find((e) => e.kind === 'task-created')?.body.attachments).toEqual([
        uploaded.ref,
        '县委办〔2026〕12号',
      ]);
    });

    it('checks the references of a document the same way', async () => {
      const doc = (attachments: string[]) => ({
        kind: 'policy',
        title: '春耕物资保障政策',
        body: '正文',
        readBy: null,
        unitIds: [],
        personIds: [t.t1.people.cadre],
        attachments,
      });
      const missing = await call(
        'assessment_office',
        'POST',
        '/api/documents',
        doc([`att:${crypto.randomUUID()}:${uploaded.sha256}`]),
      );
      expect(missing.statusCode, missing.body).toBe(404);
      expect(missing.json()).toMatchObject({ code: 'attachment-not-found', field: 'attachments' });
      const sent = await call('assessment_office', 'POST', '/api/documents', doc([uploaded.ref]));
      expect(sent.statusCode, sent.body).toBe(201);
      expect(sent.json<{ attachments: string[] }>().attachments).toEqual([uploaded.ref]);
    });
  });
});
