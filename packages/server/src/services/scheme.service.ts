import {
  schemeJsonSchema,
  schemeTemplates,
  validateScheme,
  type Label,
  type Scheme,
  type SchemeProblem,
} from '@tianheng/core';
import {
  getSchemeVersion as findSchemeVersion,
  listSchemes as listStoredSchemes,
  listSchemeVersions as listStoredVersions,
  saveSchemeVersion,
  type SchemeVersionRecord,
  type SchemeVersionSummary,
} from '@tianheng/db';
import type { ServiceContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { inTransaction, recordAudit } from './audit.service.ts';

/** A scheme key with its latest version, as the API shows it. */
export interface SchemeSummaryView {
  key: string;
  version: number;
  name: Label;
  audience: string;
  versions: number;
  createdAt: string;
}

/** A scheme version without its body, as the API shows it. */
export interface SchemeVersionInfoView {
  key: string;
  version: number;
  name: Label;
  audience: string;
  createdAt: string;
  createdBy: string | null;
  note: string | null;
}

/** A scheme version with its body. */
export interface SchemeVersionView extends SchemeVersionInfoView {
  scheme: Scheme;
}

/** A built-in template, as the API lists it. */
export interface SchemeTemplateView {
  key: string;
  name: Label;
  audience: string;
  description: Label | null;
}

function infoOf(row: SchemeVersionSummary): SchemeVersionInfoView {
  return {
    key: row.key,
    version: row.version,
    name: row.name,
    audience: row.audience,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    note: row.note,
  };
}

function viewOf(row: SchemeVersionRecord): SchemeVersionView {
  return { ...infoOf(row), scheme: row.scheme };
}

/** Every scheme key with its latest version. */
export async function listSchemes(ctx: ServiceContext): Promise<SchemeSummaryView[]> {
  const rows = await listStoredSchemes(ctx.db, ctx.tenantId);
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

/** One version of a scheme (the latest when `version` is null); `scheme-not-found` otherwise. */
export async function getSchemeVersion(
  ctx: ServiceContext,
  key: string,
  version: number | null,
): Promise<SchemeVersionView> {
  const row = await findSchemeVersion(ctx.db, ctx.tenantId, key, version ?? undefined);
  if (!row) throw new AppError('scheme-not-found');
  return viewOf(row);
}

/** The version history of a key, newest first; `scheme-not-found` for an unknown key. */
export async function listSchemeVersions(
  ctx: ServiceContext,
  key: string,
): Promise<SchemeVersionInfoView[]> {
  const rows = await listStoredVersions(ctx.db, ctx.tenantId, key);
  if (rows.length === 0) throw new AppError('scheme-not-found');
  return rows.map(infoOf);
}

/** The built-in templates. */
export function listSchemeTemplates(): SchemeTemplateView[] {
  return Object.entries(schemeTemplates).map(([key, scheme]) => ({
    key,
    name: scheme.name,
    audience: scheme.audience,
    description: null,
  }));
}

/** The JSON Schema of the scheme format. */
export function schemeFormat(): Record<string, unknown> {
  return schemeJsonSchema;
}

/** Live validation: every problem (errors and warnings), never an error response. */
export function validateSchemeInput(input: unknown): { ok: boolean; problems: SchemeProblem[] } {
  const checked = validateScheme(input);
  return checked.ok
    ? { ok: true, problems: [...checked.warnings] }
    : { ok: false, problems: [...checked.problems, ...checked.warnings] };
}

/** The input as a scheme, or 400 `scheme-invalid` naming every problem. */
function requireValid(input: unknown): Scheme {
  const checked = validateScheme(input);
  if (checked.ok) return checked.scheme;
  const first = checked.problems[0];
  throw new AppError('scheme-invalid', first?.path || undefined, {
    problems: [...checked.problems, ...checked.warnings],
  });
}

/**
 * Save a scheme as the next version of its key: validated, stored and ledgered (by the
 * repository) and audited as `scheme.save`, all in one transaction.
 */
export async function createScheme(
  ctx: ServiceContext,
  input: unknown,
  note: string | null,
): Promise<SchemeVersionView> {
  // The stored version is assigned; a file's own version number must not block an import.
  const candidate =
    typeof input === 'object' && input !== null && !Array.isArray(input)
      ? { ...(input as Record<string, unknown>), version: 1 }
      : input;
  const scheme = requireValid(candidate);
  const saved = await inTransaction(ctx, async (trx) => {
    const row = await saveSchemeVersion(trx.db, trx.tenantId, {
      scheme,
      note: note?.trim() || null,
      createdBy: ctx.actor.accountId,
    });
    await recordAudit(trx, {
      action: 'scheme.save',
      objectType: 'scheme',
      objectId: `${row.key}@${row.version}`,
      detail: { key: row.key, version: row.version, note: row.note },
    });
    return row;
  });
  return viewOf(saved);
}

/** Save a built-in template under a key of the tenant's choosing (and optionally a new name). */
export async function createSchemeFromTemplate(
  ctx: ServiceContext,
  input: { template: string; key: string; name?: Label | undefined },
): Promise<SchemeVersionView> {
  const template = Object.hasOwn(schemeTemplates, input.template)
    ? schemeTemplates[input.template]
    : undefined;
  if (!template) throw new AppError('scheme-not-found', 'template');
  return createScheme(
    ctx,
    { ...template, key: input.key, ...(input.name ? { name: input.name } : {}) },
    `template ${input.template}`,
  );
}
