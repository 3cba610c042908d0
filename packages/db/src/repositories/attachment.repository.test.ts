import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { DatabaseHandle } from '../connect.ts';
import { seedTestTenant, type TestTenant } from '../fixtures.ts';
import type { Database } from '../schema.ts';
import { openTestDatabase, testBackends } from '../testing.ts';
import { getAttachment, insertAttachment, listAttachmentMeta } from './attachment.repository.ts';

function file(text: string, name = '通知.txt') {
  const content = new TextEncoder().encode(text);
  return {
    name,
    contentType: 'text/plain',
    sha256: createHash('sha256').update(content).digest('hex'),
    content,
    uploadedBy: null,
    uploadedAt: new Date('2026-04-01T08:00:00Z'),
  };
}

describe.each(testBackends())('attachments on %s', (backend) => {
  let handle: DatabaseHandle;
  let db: Kysely<Database>;
  let t: TestTenant;
  let other: TestTenant;

  beforeAll(async () => {
    handle = await openTestDatabase(backend);
    db = handle.db;
    t = await seedTestTenant(db, 't1', 'x');
    other = await seedTestTenant(db, 't2', 'x');
  });
  afterAll(async () => {
    await handle.close();
  });

  it('stores the bytes and returns them unchanged with their metadata', async () => {
    const input = file('第一季度督查通知\n');
    const meta = await insertAttachment(db, t.tenantId, {
      ...input,
      uploadedBy: t.people.supervisor,
    });
    expect(meta).toMatchObject({
      name: '通知.txt',
      contentType: 'text/plain',
      size: input.content.byteLength,
      sha256: input.sha256,
      uploadedBy: t.people.supervisor,
    });
    expect(meta.uploadedAt.toISOString()).toBe('2026-04-01T08:00:00.000Z');
    const stored = await getAttachment(db, t.tenantId, meta.id);
    expect(stored).toBeDefined();
    expect(
      Buffer.from(stored?.content ?? new Uint8Array()).equals(Buffer.from(input.content)),
    ).toBe(true);
    expect(
      createHash('sha256')
        .update(stored?.content ?? new Uint8Array())
        .digest('hex'),
    ).toBe(stored?.sha256);
  });

  it('keeps tenants apart', async () => {
    const meta = await insertAttachment(db, t.tenantId, file('only t1'));
    expect(await getAttachment(db, other.tenantId, meta.id)).toBeUndefined();
    expect(await listAttachmentMeta(db, other.tenantId, [meta.id])).toEqual([]);
    expect((await listAttachmentMeta(db, t.tenantId, [meta.id, meta.id])).map((m) => m.id)).toEqual(
      [meta.id],
    );
    expect(await listAttachmentMeta(db, t.tenantId, [])).toEqual([]);
  });

  it('refuses an empty file and a malformed digest', async () => {
    await expect(insertAttachment(db, t.tenantId, file(''))).rejects.toThrow();
    await expect(
      insertAttachment(db, t.tenantId, { ...file('x'), sha256: 'not-a-digest' }),
    ).rejects.toThrow();
  });
});
