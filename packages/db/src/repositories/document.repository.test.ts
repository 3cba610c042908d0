import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { DatabaseHandle } from '../connect.ts';
import { seedTestTenant, type TestTenant } from '../fixtures.ts';
import type { Database } from '../schema.ts';
import { openTestDatabase, testBackends } from '../testing.ts';
import {
  currentPeopleOfUnits,
  findDocument,
  insertDocument,
  isDocumentRecipient,
  listDocumentReceipts,
  listReceivedDocuments,
  listSentDocuments,
  markDocumentRead,
} from './document.repository.ts';

describe.each(testBackends())('documents on %s', (backend) => {
  let handle: DatabaseHandle;
  let db: Kysely<Database>;
  let t: TestTenant;
  let other: TestTenant;
  let documentId = '';

  beforeAll(async () => {
    handle = await openTestDatabase(backend);
    db = handle.db;
    t = await seedTestTenant(db, 't1', 'x');
    other = await seedTestTenant(db, 't2', 'x');
  });
  afterAll(async () => {
    await handle.close();
  });

  it('expands a unit to its current people', async () => {
    expect(await currentPeopleOfUnits(db, t.tenantId, [t.units.townSection.id])).toEqual(
      [t.people.head, t.people.cadre]
        .sort()
        .map((personId) => ({ personId, viaUnitId: t.units.townSection.id })),
    );
    expect(await currentPeopleOfUnits(db, t.tenantId, [])).toEqual([]);
  });

  it('stores a document once per recipient and records the first read', async () => {
    const recipients = [
      ...(await currentPeopleOfUnits(db, t.tenantId, [t.units.townSection.id])),
      { personId: t.people.cadre, viaUnitId: null },
      { personId: t.people.deptCadre, viaUnitId: null },
    ];
    const doc = await insertDocument(db, t.tenantId, {
      kind: 'policy',
      title: '政策',
      body: '正文',
      attachments: ['a.pdf'],
      readBy: '2026-04-02T00:00:00Z',
      publishedBy: t.people.supervisor,
      publishedAt: '2026-04-01T00:00:00Z',
      recipients,
    });
    documentId = doc.id;
    expect(doc).toMatchObject({
      kind: 'policy',
      attachments: ['a.pdf'],
      readBy: '2026-04-02T00:00:00.000Z',
      publishedAt: '2026-04-01T00:00:00.000Z',
    });
    expect(await findDocument(db, t.tenantId, doc.id)).toEqual(doc);
    expect(await findDocument(db, other.tenantId, doc.id)).toBeUndefined();
    expect(await listDocumentReceipts(db, t.tenantId, doc.id)).toHaveLength(3);

    const first = await markDocumentRead(
      db,
      t.tenantId,
      doc.id,
      t.people.cadre,
      '2026-04-01T08:00:00Z',
    );
    expect(first).toBe('2026-04-01T08:00:00.000Z');
    expect(
      await markDocumentRead(db, t.tenantId, doc.id, t.people.cadre, '2026-04-05T08:00:00Z'),
    ).toBe(first);
    expect(
      await markDocumentRead(db, t.tenantId, doc.id, t.people.leader, '2026-04-05T08:00:00Z'),
    ).toBeUndefined();
    expect(await isDocumentRecipient(db, t.tenantId, doc.id, t.people.cadre)).toEqual({
      readAt: first,
    });
    expect(await isDocumentRecipient(db, t.tenantId, doc.id, t.people.leader)).toBeUndefined();
  });

  it('lists the inbox and the sent box with read and overdue counts', async () => {
    expect(await listReceivedDocuments(db, t.tenantId, t.people.head)).toMatchObject([
      { id: documentId, readAt: null },
    ]);
    expect(await listReceivedDocuments(db, t.tenantId, t.people.leader)).toEqual([]);
    const before = await listSentDocuments(
      db,
      t.tenantId,
      t.people.supervisor,
      '2026-04-01T12:00:00Z',
    );
    expect(before).toMatchObject([{ id: documentId, recipients: 3, read: 1, overdue: 0 }]);
    const after = await listSentDocuments(db, t.tenantId, null, '2026-04-03T00:00:00Z');
    expect(after).toMatchObject([{ id: documentId, recipients: 3, read: 1, overdue: 2 }]);
    expect(await listSentDocuments(db, t.tenantId, t.people.leader, new Date())).toEqual([]);
    expect(await listSentDocuments(db, other.tenantId, null, new Date())).toEqual([]);
  });
});
