import { sql, type Kysely } from 'kysely';
import type { LocalText, Scheme } from '@tianheng/core';
import { appendLedgerEvent, lockLedger } from '../ledger/ledger.ts';
import { inTransaction } from '../ledger/transaction.ts';
import type { Database } from '../schema.ts';

/** One stored scheme version. */
export interface SchemeVersionRecord {
  readonly key: string;
  readonly version: number;
  readonly name: LocalText;
  readonly audience: string;
  readonly note: string | null;
  readonly createdBy: string | null;
  readonly createdAt: Date;
  /** The scheme as saved, with `version` set to the stored version. */
  readonly scheme: Scheme;
}

/** A scheme version without its body (version lists). */
export type SchemeVersionSummary = Omit<SchemeVersionRecord, 'scheme'>;

/** A scheme key with its latest version and how many versions it has. */
export interface SchemeSummary {
  readonly key: string;
  readonly version: number;
  readonly name: LocalText;
  readonly audience: string;
  readonly versions: number;
  readonly createdAt: Date;
}

/** What saving a scheme needs; the stored version is always assigned (latest + 1). */
export interface NewSchemeVersion {
  readonly scheme: Scheme;
  readonly note?: string | null;
  /** Account (or person) that saved it; null for the system. */
  readonly createdBy: string | null;
}

const summaryColumns = [
  'scheme_key as key',
  'version',
  'name',
  'audience',
  'note',
  'created_by as createdBy',
  'created_at as createdAt',
] as const;

/**
 * Save a scheme as a new version of its key (1 for a new key), ledgered in the same
 * transaction. Versions are numbered under the tenant's ledger lock, so two saves never get
 * the same number. The caller validates the scheme first.
 */
export async function saveSchemeVersion(
  db: Kysely<Database>,
  tenantId: string,
  input: NewSchemeVersion,
): Promise<SchemeVersionRecord> {
  return inTransaction(db, async (trx) => {
    await lockLedger(trx, tenantId);
    const { latest } = await trx
      .selectFrom('scheme_version')
      .select(sql<number>`coalesce(max(version), 0)::int`.as('latest'))
      .where('tenant_id', '=', tenantId)
      .where('scheme_key', '=', input.scheme.key)
      .executeTakeFirstOrThrow();
    const version = latest + 1;
    const scheme: Scheme = { ...input.scheme, version };
    const row = await trx
      .insertInto('scheme_version')
      .values({
        tenant_id: tenantId,
        scheme_key: scheme.key,
        version,
        name: JSON.stringify(scheme.name),
        audience: scheme.audience,
        body: JSON.stringify(scheme),
        note: input.note ?? null,
        created_by: input.createdBy,
      })
      .returning([...summaryColumns, 'body'])
      .executeTakeFirstOrThrow();
    await appendLedgerEvent(trx, tenantId, 'scheme', `${scheme.key}@${version}`, {
      event: 'saved',
      key: scheme.key,
      version,
      note: input.note ?? null,
      by: input.createdBy,
      scheme: row.body,
    });
    const { body, ...summary } = row;
    return { ...summary, scheme: body };
  });
}

/** One version of a scheme, or the latest when `version` is omitted; undefined when absent. */
export async function getSchemeVersion(
  db: Kysely<Database>,
  tenantId: string,
  key: string,
  version?: number,
): Promise<SchemeVersionRecord | undefined> {
  let query = db
    .selectFrom('scheme_version')
    .select([...summaryColumns, 'body'])
    .where('tenant_id', '=', tenantId)
    .where('scheme_key', '=', key);
  query =
    version === undefined
      ? query.orderBy('version', 'desc').limit(1)
      : query.where('version', '=', version);
  const row = await query.executeTakeFirst();
  if (row === undefined) return undefined;
  const { body, ...summary } = row;
  return { ...summary, scheme: body };
}

/** Every version of a scheme key, newest first, without bodies. */
export async function listSchemeVersions(
  db: Kysely<Database>,
  tenantId: string,
  key: string,
): Promise<SchemeVersionSummary[]> {
  return db
    .selectFrom('scheme_version')
    .select(summaryColumns)
    .where('tenant_id', '=', tenantId)
    .where('scheme_key', '=', key)
    .orderBy('version', 'desc')
    .execute();
}

/** Every scheme key of the tenant with its latest version, by key. */
export async function listSchemes(
  db: Kysely<Database>,
  tenantId: string,
): Promise<SchemeSummary[]> {
  const rows = await db
    .selectFrom('scheme_version as s')
    .select([
      's.scheme_key as key',
      's.version',
      's.name',
      's.audience',
      's.created_at as createdAt',
      sql<number>`(SELECT count(*)::int FROM scheme_version c WHERE c.tenant_id = s.tenant_id AND c.scheme_key = s.scheme_key)`.as(
        'versions',
      ),
    ])
    .where('s.tenant_id', '=', tenantId)
    .where((eb) =>
      eb(
        's.version',
        '=',
        eb
          .selectFrom('scheme_version as m')
          .select(sql<number>`max(m.version)`.as('v'))
          .whereRef('m.tenant_id', '=', 's.tenant_id')
          .whereRef('m.scheme_key', '=', 's.scheme_key'),
      ),
    )
    .orderBy('s.scheme_key')
    .execute();
  return rows;
}
