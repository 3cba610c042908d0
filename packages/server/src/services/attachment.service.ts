/**
 * Uploaded files (ADR 0011): stored with their SHA-256 and referred to as
 * `att:<id>:<sha256>`; every write that takes attachment references checks them here.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import {
  ATTACHMENT_MAX_BYTES,
  attachmentRef,
  bareContentType,
  isAttachmentType,
  parseAttachmentRef,
  type AttachmentView,
} from '@tianheng/core';
import {
  getAttachment,
  insertAttachment,
  listAttachmentMeta,
  type AttachmentMeta,
} from '@tianheng/db';
import type { ServiceContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { inTransaction, recordAudit } from './audit.service.ts';

export function attachmentView(meta: AttachmentMeta): AttachmentView {
  return {
    id: meta.id,
    ref: attachmentRef(meta.id, meta.sha256),
    name: meta.name,
    contentType: meta.contentType,
    size: meta.size,
    sha256: meta.sha256,
    uploadedAt: meta.uploadedAt.toISOString(),
  };
}

/** The file name without any directory part a browser may send, at most 255 characters. */
function cleanName(name: string): string {
  const base = basename(name.replaceAll('\\', '/')).trim();
  return (base === '' ? 'attachment' : base).slice(0, 255);
}

/** Store an uploaded file: not empty, at most 10 MiB, of an accepted type; audited. */
export async function uploadAttachment(
  ctx: ServiceContext,
  file: { readonly name: string; readonly contentType: string; readonly content: Buffer },
): Promise<AttachmentView> {
  if (file.content.byteLength === 0) throw new AppError('attachment-invalid', 'file');
  if (file.content.byteLength > ATTACHMENT_MAX_BYTES) throw new AppError('body-too-large', 'file');
  if (!isAttachmentType(file.contentType)) throw new AppError('attachment-invalid', 'file');
  const sha256 = createHash('sha256').update(file.content).digest('hex');
  return inTransaction(ctx, async (trx) => {
    const meta = await insertAttachment(trx.db, trx.tenantId, {
      name: cleanName(file.name),
      contentType: bareContentType(file.contentType),
      sha256,
      content: file.content,
      uploadedBy: ctx.actor.accountId,
      uploadedAt: ctx.now,
    });
    await recordAudit(trx, {
      action: 'attachment.upload',
      objectType: 'attachment',
      objectId: meta.id,
      detail: { name: meta.name, size: meta.size, sha256 },
    });
    return attachmentView(meta);
  });
}

/** A file of the tenant with its bytes; `attachment-not-found` otherwise. */
export async function attachmentFile(
  ctx: ServiceContext,
  id: string,
): Promise<AttachmentView & { readonly content: Uint8Array }> {
  const file = await getAttachment(ctx.db, ctx.tenantId, id);
  if (!file) throw new AppError('attachment-not-found', 'id');
  return { ...attachmentView(file), content: file.content };
}

/** What is known of one file of the tenant; `attachment-not-found` otherwise. */
export async function attachmentMeta(ctx: ServiceContext, id: string): Promise<AttachmentView> {
  const [meta] = await listAttachmentMeta(ctx.db, ctx.tenantId, [id]);
  if (!meta) throw new AppError('attachment-not-found', 'id');
  return attachmentView(meta);
}

/** What is known of some of the tenant's files (unknown ids are left out). */
export async function attachmentsMeta(
  ctx: ServiceContext,
  ids: readonly string[],
): Promise<AttachmentView[]> {
  return (await listAttachmentMeta(ctx.db, ctx.tenantId, ids)).map(attachmentView);
}

/**
 * Check the attachment references a write is about to store: a reference to an upload must
 * name a file of this tenant with exactly that content (`attachment-not-found`); a text that
 * starts with `att:` but is no reference is `attachment-invalid`; anything else is an outside
 * reference (a document number, a URL) and passes.
 */
export async function requireAttachments(
  ctx: ServiceContext,
  refs: readonly string[] | undefined,
  field: string,
): Promise<void> {
  if (refs === undefined || refs.length === 0) return;
  const wanted = new Map<string, string>();
  for (const ref of refs) {
    const parsed = parseAttachmentRef(ref);
    if (parsed === 'malformed') throw new AppError('attachment-invalid', field);
    if (parsed !== null) wanted.set(parsed.id, parsed.sha256);
  }
  if (wanted.size === 0) return;
  const found = new Map(
    (await listAttachmentMeta(ctx.db, ctx.tenantId, [...wanted.keys()])).map((m) => [
      m.id,
      m.sha256,
    ]),
  );
  for (const [id, sha256] of wanted)
    if (found.get(id) !== sha256) throw new AppError('attachment-not-found', field);
}
