/**
 * Instructions and policy documents (issue 4): published to units (their current people)
 * and/or people, who are notified; each recipient's read is recorded; unread after `readBy`
 * is overdue.
 */
import { visibility, type DocumentKind, type WorkDocument } from '@tianheng/core';
import {
  appendWorkEvents,
  currentPeopleOfUnits,
  findDocument,
  insertDocument,
  insertNotifications,
  isDocumentRecipient,
  listDocumentReceipts,
  listReceivedDocuments,
  listSentDocuments,
  markDocumentRead,
  missingPeople,
} from '@tianheng/db';
import type { ServiceContext } from '../context.ts';
import { requireAttachments } from './attachment.service.ts';
import { AppError } from '../errors.ts';
import { inTransaction, recordAudit } from './audit.service.ts';

/** A document in a list: received (with the caller's read time) or sent (with counts). */
export type DocumentListItem = WorkDocument & {
  readAt?: string | null;
  overdue?: number | boolean;
  recipients?: number;
  read?: number;
};

const isOverdue = (doc: WorkDocument, readAt: string | null, now: Date): boolean =>
  readAt === null && doc.readBy !== null && Date.parse(doc.readBy) < now.getTime();

/** Whether the caller sees every document of the tenant (a tenant-wide `document.write`). */
const seesAll = (ctx: ServiceContext) => visibility(ctx.subject, 'document.write').kind === 'all';

/**
 * The caller's documents: `received` (to their person; each with `readAt` and `overdue`) or
 * `sent` (published by their person, or every document for a tenant-wide publisher; each
 * with recipient, read and overdue counts).
 */
export async function listDocuments(
  ctx: ServiceContext,
  box: 'received' | 'sent',
): Promise<{ items: DocumentListItem[] }> {
  const personId = ctx.subject.personId;
  if (box === 'received') {
    if (personId === null) return { items: [] };
    const rows = await listReceivedDocuments(ctx.db, ctx.tenantId, personId);
    return { items: rows.map((d) => ({ ...d, overdue: isOverdue(d, d.readAt, ctx.now) })) };
  }
  if (!seesAll(ctx) && personId === null) return { items: [] };
  const rows = await listSentDocuments(
    ctx.db,
    ctx.tenantId,
    seesAll(ctx) ? null : personId,
    ctx.now,
  );
  return { items: rows };
}

/** What publishing a document needs. */
export interface PublishInput {
  kind: DocumentKind;
  title: string;
  body: string;
  readBy: string | null;
  unitIds: string[];
  personIds: string[];
  attachments?: string[] | undefined;
}

/**
 * Publish a document to units (their current people) and people; the caller's access over
 * every unit and person was checked by the route (`document.write`). Recipients are
 * notified; a `document-published` event is recorded; audited as `document.publish`.
 */
export async function publishDocument(
  ctx: ServiceContext,
  input: PublishInput,
): Promise<WorkDocument & { recipients: number }> {
  if (ctx.subject.personId === null) throw new AppError('no-linked-person');
  const title = input.title.trim();
  if (title === '') throw new AppError('document-invalid', 'title');
  if (input.readBy !== null && Date.parse(input.readBy) <= ctx.now.getTime())
    throw new AppError('document-invalid', 'readBy');
  const missing = await missingPeople(ctx.db, ctx.tenantId, input.personIds);
  if (missing.length > 0) throw new AppError('person-not-found', 'personIds', { missing });
  await requireAttachments(ctx, input.attachments, 'attachments');
  const fromUnits = await currentPeopleOfUnits(ctx.db, ctx.tenantId, input.unitIds);
  const recipients = [
    ...input.personIds.map((personId) => ({ personId, viaUnitId: null })),
    ...fromUnits,
  ];
  if (recipients.length === 0)
    throw new AppError('document-invalid', input.unitIds.length > 0 ? 'unitIds' : 'personIds');
  const publisher = ctx.subject.personId;
  return inTransaction(ctx, async (trx) => {
    const document = await insertDocument(trx.db, trx.tenantId, {
      kind: input.kind,
      title,
      body: input.body,
      attachments: input.attachments ?? [],
      readBy: input.readBy,
      publishedBy: publisher,
      publishedAt: ctx.now,
      recipients,
    });
    const people = [...new Set(recipients.map((r) => r.personId))].sort();
    const kindName =
      document.kind === 'instruction'
        ? { 'zh-CN': '工作指令', en: 'Instruction' }
        : { 'zh-CN': '政策文件', en: 'Policy' };
    await insertNotifications(
      trx.db,
      trx.tenantId,
      people.map((personId) => ({
        personId,
        kind: 'document-published',
        title: {
          'zh-CN': `${kindName['zh-CN']}：${title}`,
          en: `${kindName.en}: ${title}`,
        },
        body:
          document.readBy === null
            ? null
            : {
                'zh-CN': `请于 ${document.readBy} 前阅读`,
                en: `Please read it by ${document.readBy}`,
              },
        link: `/work/documents?open=${document.id}`,
        createdAt: ctx.now,
      })),
    );
    await appendWorkEvents(trx.db, trx.tenantId, [
      {
        kind: 'document-published',
        taskId: null,
        stepId: null,
        actorPersonId: publisher,
        actorAccountId: ctx.actor.accountId,
        at: ctx.now.toISOString(),
        body: {
          document: document.id,
          kind: document.kind,
          title,
          readBy: document.readBy,
          unitIds: [...input.unitIds].sort(),
          personIds: [...input.personIds].sort(),
          recipients: people.length,
          ...(document.attachments.length > 0 ? { attachments: [...document.attachments] } : {}),
        },
      },
    ]);
    await recordAudit(trx, {
      action: 'document.publish',
      objectType: 'document',
      objectId: document.id,
      detail: { kind: document.kind, title, recipients: people.length },
    });
    return { ...document, recipients: people.length };
  });
}

/** A receipt of a document: who, where, when read, overdue now. */
export interface DocumentReceipt {
  personId: string;
  name: string;
  unitName: string | null;
  readAt: string | null;
  overdue: boolean;
}

/**
 * One document for its recipients, its publisher and tenant-wide publishers (anyone else:
 * `document-not-found`). Receipts are shown to the publisher and tenant-wide publishers.
 */
export async function getDocument(
  ctx: ServiceContext,
  id: string,
): Promise<{
  document: WorkDocument;
  readAt: string | null;
  receipts: DocumentReceipt[] | null;
}> {
  const document = await findDocument(ctx.db, ctx.tenantId, id);
  if (!document) throw new AppError('document-not-found');
  const personId = ctx.subject.personId;
  const mine =
    personId === null ? undefined : await isDocumentRecipient(ctx.db, ctx.tenantId, id, personId);
  const publisher = personId !== null && document.publishedBy === personId;
  if (!mine && !publisher && !seesAll(ctx)) throw new AppError('document-not-found');
  const receipts =
    publisher || seesAll(ctx)
      ? (await listDocumentReceipts(ctx.db, ctx.tenantId, id)).map((r) => ({
          personId: r.personId,
          name: r.name,
          unitName: r.unitName,
          readAt: r.readAt,
          overdue: isOverdue(document, r.readAt, ctx.now),
        }))
      : null;
  return { document, readAt: mine?.readAt ?? null, receipts };
}

/** Record that the caller read a document they received (the first read time stays). */
export async function readDocument(ctx: ServiceContext, id: string): Promise<{ readAt: string }> {
  const personId = ctx.subject.personId;
  if (personId === null) throw new AppError('no-linked-person');
  const readAt = await markDocumentRead(ctx.db, ctx.tenantId, id, personId, ctx.now);
  if (readAt === undefined) throw new AppError('document-not-found');
  return { readAt };
}
