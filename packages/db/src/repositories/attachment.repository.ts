import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** What is known of an uploaded file without its bytes. */
export interface AttachmentMeta {
  readonly id: string;
  readonly name: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
  readonly uploadedBy: string | null;
  readonly uploadedAt: Date;
}

const metaColumns = [
  'attachment_id',
  'name',
  'content_type',
  'size_bytes',
  'sha256',
  'uploaded_by',
  'uploaded_at',
] as const;

function metaOf(row: {
  attachment_id: string;
  name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: string | null;
  uploaded_at: Date;
}): AttachmentMeta {
  return {
    id: row.attachment_id,
    name: row.name,
    contentType: row.content_type,
    size: row.size_bytes,
    sha256: row.sha256,
    uploadedBy: row.uploaded_by,
    uploadedAt: row.uploaded_at,
  };
}

/** Store an uploaded file (checked by the caller: name, type, size, digest). */
export async function insertAttachment(
  db: Kysely<Database>,
  tenantId: string,
  file: {
    readonly name: string;
    readonly contentType: string;
    readonly sha256: string;
    readonly content: Uint8Array;
    readonly uploadedBy: string | null;
    readonly uploadedAt: Date;
  },
): Promise<AttachmentMeta> {
  const row = await db
    .insertInto('attachment')
    .values({
      tenant_id: tenantId,
      name: file.name,
      content_type: file.contentType,
      size_bytes: file.content.byteLength,
      sha256: file.sha256,
      content: file.content,
      uploaded_by: file.uploadedBy,
      uploaded_at: file.uploadedAt,
    })
    .returning(metaColumns)
    .executeTakeFirstOrThrow();
  return metaOf(row);
}

/** The files of these ids in the tenant (without bytes); ids of another tenant are not found. */
export async function listAttachmentMeta(
  db: Kysely<Database>,
  tenantId: string,
  ids: readonly string[],
): Promise<AttachmentMeta[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('attachment')
    .select(metaColumns)
    .where('tenant_id', '=', tenantId)
    .where('attachment_id', 'in', [...new Set(ids)])
    .execute();
  return rows.map(metaOf);
}

/** One file with its bytes, or undefined (also for another tenant's id). */
export async function getAttachment(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
): Promise<(AttachmentMeta & { readonly content: Uint8Array }) | undefined> {
  const row = await db
    .selectFrom('attachment')
    .select([...metaColumns, 'content'])
    .where('tenant_id', '=', tenantId)
    .where('attachment_id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : { ...metaOf(row), content: row.content };
}
