import { sql, type Kysely } from 'kysely';
import type { DocumentKind, WorkDocument } from '@tianheng/core';
import type { Database } from '../schema.ts';

/**
 * Instructions and policy documents pushed to units or people (issue 4). A document sent to a
 * unit reaches the people currently assigned to it (expanded when published); each recipient
 * has a read receipt; unread after `readBy` is overdue.
 */

/** Who receives a document: a person and the unit that brought them in (null when named). */
export interface DocumentRecipientInput {
  readonly personId: string;
  readonly viaUnitId: string | null;
}

/**
 * The people currently assigned to the given units (`valid_to` is null), each with the unit
 * that brought them in, in person id order.
 */
export async function currentPeopleOfUnits(
  db: Kysely<Database>,
  tenantId: string,
  unitIds: readonly string[],
): Promise<DocumentRecipientInput[]> {
  if (unitIds.length === 0) return [];
  const rows = await db
    .selectFrom('person_assignment')
    .select(['person_id', 'unit_id'])
    .where('tenant_id', '=', tenantId)
    .where('unit_id', 'in', [...unitIds])
    .where('valid_to', 'is', null)
    .orderBy('person_id')
    .execute();
  return rows.map((r) => ({ personId: r.person_id, viaUnitId: r.unit_id }));
}

/** Store a document and its recipients (one receipt per person); returns the document. */
export async function insertDocument(
  db: Kysely<Database>,
  tenantId: string,
  input: {
    kind: DocumentKind;
    title: string;
    body: string;
    attachments: readonly string[];
    readBy: Date | string | null;
    publishedBy: string | null;
    publishedAt: Date | string;
    recipients: readonly DocumentRecipientInput[];
  },
): Promise<WorkDocument> {
  const row = await db
    .insertInto('work_document')
    .values({
      tenant_id: tenantId,
      kind: input.kind,
      title: input.title,
      body: input.body,
      attachments: JSON.stringify(input.attachments),
      read_by: input.readBy === null ? null : new Date(input.readBy).toISOString(),
      published_by: input.publishedBy,
      published_at: new Date(input.publishedAt).toISOString(),
    })
    .returning([
      'document_id',
      'kind',
      'title',
      'body',
      'attachments',
      'read_by',
      'published_by',
      'published_at',
    ])
    .executeTakeFirstOrThrow();
  const seen = new Set<string>();
  const recipients = input.recipients.filter((r) => !seen.has(r.personId) && seen.add(r.personId));
  for (let i = 0; i < recipients.length; i += 2000)
    await db
      .insertInto('document_recipient')
      .values(
        recipients.slice(i, i + 2000).map((r) => ({
          tenant_id: tenantId,
          document_id: row.document_id,
          person_id: r.personId,
          via_unit_id: r.viaUnitId,
        })),
      )
      .execute();
  return documentOf(row);
}

interface DocumentDbRow {
  document_id: string;
  kind: DocumentKind;
  title: string;
  body: string;
  attachments: string[];
  read_by: Date | null;
  published_by: string | null;
  published_at: Date;
}

function documentOf(r: DocumentDbRow): WorkDocument {
  return {
    id: r.document_id,
    kind: r.kind,
    title: r.title,
    body: r.body,
    attachments: r.attachments,
    readBy: r.read_by === null ? null : new Date(r.read_by).toISOString(),
    publishedBy: r.published_by,
    publishedAt: new Date(r.published_at).toISOString(),
  };
}

const documentColumns = [
  'd.document_id',
  'd.kind',
  'd.title',
  'd.body',
  'd.attachments',
  'd.read_by',
  'd.published_by',
  'd.published_at',
] as const;

/** One document, or undefined. */
export async function findDocument(
  db: Kysely<Database>,
  tenantId: string,
  documentId: string,
): Promise<WorkDocument | undefined> {
  const row = await db
    .selectFrom('work_document as d')
    .select(documentColumns)
    .where('d.tenant_id', '=', tenantId)
    .where('d.document_id', '=', documentId)
    .executeTakeFirst();
  return row === undefined ? undefined : documentOf(row);
}

/** Documents a person received, newest first, with when they read each (null = unread). */
export async function listReceivedDocuments(
  db: Kysely<Database>,
  tenantId: string,
  personId: string,
): Promise<(WorkDocument & { readAt: string | null })[]> {
  const rows = await db
    .selectFrom('document_recipient as r')
    .innerJoin('work_document as d', (j) =>
      j.onRef('d.tenant_id', '=', 'r.tenant_id').onRef('d.document_id', '=', 'r.document_id'),
    )
    .select(documentColumns)
    .select('r.read_at')
    .where('r.tenant_id', '=', tenantId)
    .where('r.person_id', '=', personId)
    .orderBy('d.published_at', 'desc')
    .orderBy('d.document_id')
    .execute();
  return rows.map((r) => ({
    ...documentOf(r),
    readAt: r.read_at === null ? null : new Date(r.read_at).toISOString(),
  }));
}

/**
 * Documents published by a person (or every document of the tenant when `publishedBy` is
 * null), newest first, with their recipient, read and overdue counts at `now`.
 */
export async function listSentDocuments(
  db: Kysely<Database>,
  tenantId: string,
  publishedBy: string | null,
  now: Date | string,
): Promise<(WorkDocument & { recipients: number; read: number; overdue: number })[]> {
  const at = new Date(now).toISOString();
  const { rows } = await sql<DocumentDbRow & { recipients: number; read: number; overdue: number }>`
    SELECT d.document_id, d.kind, d.title, d.body, d.attachments, d.read_by, d.published_by,
      d.published_at,
      count(r.person_id)::int AS recipients,
      count(r.read_at)::int AS read,
      (count(r.person_id) FILTER (WHERE r.read_at IS NULL AND d.read_by IS NOT NULL
        AND d.read_by < ${at}::timestamptz))::int AS overdue
    FROM work_document d
    LEFT JOIN document_recipient r ON r.tenant_id = d.tenant_id AND r.document_id = d.document_id
    WHERE d.tenant_id = ${tenantId}
      ${publishedBy === null ? sql`` : sql`AND d.published_by = ${publishedBy}`}
    GROUP BY d.tenant_id, d.document_id
    ORDER BY d.published_at DESC, d.document_id`.execute(db);
  return rows.map((r) => ({
    ...documentOf(r),
    recipients: r.recipients,
    read: r.read,
    overdue: r.overdue,
  }));
}

/** A document's read receipts with names and current units, by unit then name. */
export async function listDocumentReceipts(
  db: Kysely<Database>,
  tenantId: string,
  documentId: string,
): Promise<
  {
    personId: string;
    name: string;
    unitId: string | null;
    unitName: string | null;
    unitPath: string | null;
    readAt: string | null;
  }[]
> {
  const { rows } = await sql<{
    personId: string;
    name: string;
    unitId: string | null;
    unitName: string | null;
    unitPath: string | null;
    readAt: Date | null;
  }>`
    SELECT r.person_id AS "personId", p.name, u.unit_id AS "unitId", u.name AS "unitName",
      u.path AS "unitPath", r.read_at AS "readAt"
    FROM document_recipient r
    JOIN person p ON p.tenant_id = r.tenant_id AND p.person_id = r.person_id
    LEFT JOIN person_assignment a ON a.tenant_id = r.tenant_id AND a.person_id = r.person_id
      AND a.valid_to IS NULL
    LEFT JOIN unit u ON u.tenant_id = a.tenant_id AND u.unit_id = a.unit_id
    WHERE r.tenant_id = ${tenantId} AND r.document_id = ${documentId}
    ORDER BY u.name NULLS LAST, p.name, r.person_id`.execute(db);
  return rows.map((r) => ({
    ...r,
    readAt: r.readAt === null ? null : new Date(r.readAt).toISOString(),
  }));
}

/**
 * Record that a recipient read a document (the first read time is kept). Returns the read
 * time, or undefined when the person is not a recipient.
 */
export async function markDocumentRead(
  db: Kysely<Database>,
  tenantId: string,
  documentId: string,
  personId: string,
  at: Date | string,
): Promise<string | undefined> {
  const row = await db
    .updateTable('document_recipient')
    .set({ read_at: sql<Date>`coalesce(read_at, ${new Date(at).toISOString()}::timestamptz)` })
    .where('tenant_id', '=', tenantId)
    .where('document_id', '=', documentId)
    .where('person_id', '=', personId)
    .returning('read_at')
    .executeTakeFirst();
  return row?.read_at == null ? undefined : new Date(row.read_at).toISOString();
}

/** Whether a person is a recipient of a document. */
export async function isDocumentRecipient(
  db: Kysely<Database>,
  tenantId: string,
  documentId: string,
  personId: string,
): Promise<{ readAt: string | null } | undefined> {
  const row = await db
    .selectFrom('document_recipient')
    .select('read_at')
    .where('tenant_id', '=', tenantId)
    .where('document_id', '=', documentId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : { readAt: row.read_at === null ? null : new Date(row.read_at).toISOString() };
}
