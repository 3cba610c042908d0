/**
 * Attachment references (ADR 0011). An uploaded file is referred to as
 * `att:<uuid>:<sha256>`: tasks, step evidence, documents and facts store the reference, and the
 * ledgered record that holds it therefore pins the file's exact bytes. Any other non-empty text
 * is an outside reference (a document number, a URL) and is kept as written.
 */

/** Largest uploaded file, in bytes (10 MiB, the server's upload limit). */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

/** File types an upload may have (images, PDF and OFD, office documents, text, archives). */
export const attachmentContentTypes = [
  'application/pdf',
  'application/ofd',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'text/plain',
  'text/csv',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/zip',
] as const;

/** An uploaded file as the API shows it. */
export interface AttachmentView {
  readonly id: string;
  /** What tasks, step evidence, documents and facts store: `att:<id>:<sha256>`. */
  readonly ref: string;
  readonly name: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
  readonly uploadedAt: string;
}

/** A content type without parameters, lower case: `Text/Plain; charset=utf-8` → `text/plain`. */
export function bareContentType(contentType: string): string {
  return contentType.split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Whether uploads of this content type are accepted (parameters such as `; charset=` ignored). */
export function isAttachmentType(contentType: string): boolean {
  return (attachmentContentTypes as readonly string[]).includes(bareContentType(contentType));
}

const refBody = 'att:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):([0-9a-f]{64})';
const refPattern = new RegExp(`^${refBody}$`);
const refsPattern = new RegExp(refBody, 'g');

/** The reference to an uploaded file. */
export function attachmentRef(id: string, sha256: string): string {
  return `att:${id}:${sha256}`;
}

/**
 * The uploaded file a reference names, or null for an outside reference. A text that starts
 * with `att:` but is not a well-formed reference is `malformed`.
 */
export function parseAttachmentRef(
  ref: string,
): { readonly id: string; readonly sha256: string } | null | 'malformed' {
  if (!ref.startsWith('att:')) return null;
  const match = refPattern.exec(ref);
  return match ? { id: match[1]!, sha256: match[2]! } : 'malformed';
}

/** Every uploaded file a text (a ledgered record) refers to, as id → SHA-256. */
export function attachmentRefsIn(text: string): Map<string, string> {
  const refs = new Map<string, string>();
  if (!text.includes('att:')) return refs;
  for (const match of text.matchAll(refsPattern)) refs.set(match[1]!, match[2]!);
  return refs;
}
