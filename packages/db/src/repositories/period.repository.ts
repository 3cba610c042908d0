import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction, type Updateable } from 'kysely';
import {
  canonicalJson,
  type AssessmentKind,
  type Period,
  type PeriodKind,
  type PeriodStatus,
} from '@tianheng/core';
import { appendLedgerEvent, lockLedger } from '../ledger/ledger.ts';
import { StoreError } from '../ledger/store-error.ts';
import { inTransaction } from '../ledger/transaction.ts';
import type { Database, PeriodTable } from '../schema.ts';
import { getSchemeVersion } from './scheme.repository.ts';

/** A stored period. */
export interface PeriodRecord {
  readonly id: string;
  readonly name: string;
  readonly kind: PeriodKind;
  readonly assessment: AssessmentKind;
  readonly startsOn: string;
  readonly endsOn: string;
  readonly schemeKey: string;
  readonly schemeVersion: number;
  readonly status: PeriodStatus;
  readonly closedAt: Date | null;
  readonly closedBy: string | null;
  readonly reopenedAt: Date | null;
  readonly reopenedBy: string | null;
  readonly reopenReason: string | null;
  readonly parentPeriodId: string | null;
  readonly computedAt: Date | null;
  readonly createdBy: string | null;
  readonly createdAt: Date;
}

/** The scorer's view of a stored period. */
export function periodOf(record: PeriodRecord): Period {
  return {
    id: record.id,
    kind: record.kind,
    assessment: record.assessment,
    startsOn: record.startsOn,
    endsOn: record.endsOn,
    name: record.name,
  };
}

/** What creating a period needs; `schemeVersion` defaults to the key's latest version. */
export interface NewPeriod {
  readonly name: string;
  readonly kind: PeriodKind;
  readonly assessment: AssessmentKind;
  readonly startsOn: string;
  readonly endsOn: string;
  readonly schemeKey: string;
  readonly schemeVersion?: number;
  readonly parentPeriodId?: string | null;
  readonly createdBy: string | null;
}

/** Filters of the period list; every filter is optional. */
export interface PeriodFilters {
  readonly status?: PeriodStatus;
  readonly kind?: PeriodKind;
  readonly schemeKey?: string;
  readonly page: number;
  readonly pageSize: number;
}

const columns = [
  'period_id as id',
  'name',
  'kind',
  'assessment',
  'starts_on as startsOn',
  'ends_on as endsOn',
  'scheme_key as schemeKey',
  'scheme_version as schemeVersion',
  'status',
  'closed_at as closedAt',
  'closed_by as closedBy',
  'reopened_at as reopenedAt',
  'reopened_by as reopenedBy',
  'reopen_reason as reopenReason',
  'parent_period_id as parentPeriodId',
  'computed_at as computedAt',
  'created_by as createdBy',
  'created_at as createdAt',
] as const;

/** What a period event in the ledger records about the period. */
function eventBody(event: string, p: PeriodRecord, extra: Record<string, unknown> = {}) {
  return {
    event,
    period: {
      id: p.id,
      name: p.name,
      kind: p.kind,
      assessment: p.assessment,
      startsOn: p.startsOn,
      endsOn: p.endsOn,
      schemeKey: p.schemeKey,
      schemeVersion: p.schemeVersion,
      parentPeriodId: p.parentPeriodId,
    },
    ...extra,
  };
}

async function schemeVersionExists(
  trx: Kysely<Database>,
  tenantId: string,
  key: string,
  version: number | undefined,
): Promise<number> {
  const found = await getSchemeVersion(trx, tenantId, key, version);
  if (found === undefined)
    throw new StoreError('scheme-not-found', version === undefined ? 'schemeKey' : 'schemeVersion');
  return found.version;
}

/**
 * Create an open period on a scheme version (the latest when none is given), ledgered.
 * Refuses an end before the start, an unknown scheme version or parent period.
 */
export async function createPeriod(
  db: Kysely<Database>,
  tenantId: string,
  input: NewPeriod,
): Promise<PeriodRecord> {
  if (input.endsOn < input.startsOn) throw new StoreError('period-dates-invalid', 'endsOn');
  return inTransaction(db, async (trx) => {
    await lockLedger(trx, tenantId);
    const version = await schemeVersionExists(trx, tenantId, input.schemeKey, input.schemeVersion);
    const parent = input.parentPeriodId ?? null;
    if (parent !== null && (await findPeriod(trx, tenantId, parent)) === undefined)
      throw new StoreError('period-not-found', 'parentPeriodId');
    const record = await trx
      .insertInto('period')
      .values({
        tenant_id: tenantId,
        name: input.name,
        kind: input.kind,
        assessment: input.assessment,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        scheme_key: input.schemeKey,
        scheme_version: version,
        parent_period_id: parent,
        created_by: input.createdBy,
      })
      .returning(columns)
      .executeTakeFirstOrThrow();
    await appendLedgerEvent(
      trx,
      tenantId,
      'period',
      record.id,
      eventBody('created', record, { by: input.createdBy }),
    );
    return record;
  });
}

function findPeriod(db: Kysely<Database>, tenantId: string, periodId: string) {
  return db
    .selectFrom('period')
    .select(columns)
    .where('tenant_id', '=', tenantId)
    .where('period_id', '=', periodId)
    .executeTakeFirst();
}

/** One period of the tenant, or undefined. */
export async function getPeriod(
  db: Kysely<Database>,
  tenantId: string,
  periodId: string,
): Promise<PeriodRecord | undefined> {
  return findPeriod(db, tenantId, periodId);
}

/** Periods matching the filters, newest start first, one page at a time, with the total. */
export async function listPeriods(
  db: Kysely<Database>,
  tenantId: string,
  filters: PeriodFilters,
): Promise<{ items: PeriodRecord[]; total: number }> {
  let query = db.selectFrom('period').where('tenant_id', '=', tenantId);
  if (filters.status) query = query.where('status', '=', filters.status);
  if (filters.kind) query = query.where('kind', '=', filters.kind);
  if (filters.schemeKey) query = query.where('scheme_key', '=', filters.schemeKey);
  const { total } = await query
    .select(sql<number>`count(*)::int`.as('total'))
    .executeTakeFirstOrThrow();
  const items = await query
    .select(columns)
    .orderBy('starts_on', 'desc')
    .orderBy('ends_on', 'desc')
    .orderBy('period_id')
    .limit(filters.pageSize)
    .offset((filters.page - 1) * filters.pageSize)
    .execute();
  return { items, total };
}

/**
 * Periods of a kind and assessment that ended before `endsBefore`, newest first: the history
 * streak rules read (pass the result ids to `listPeriodRankings`).
 */
export async function listEarlierPeriods(
  db: Kysely<Database>,
  tenantId: string,
  kind: PeriodKind,
  assessment: AssessmentKind,
  endsBefore: string,
  limit: number,
): Promise<PeriodRecord[]> {
  return db
    .selectFrom('period')
    .select(columns)
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', kind)
    .where('assessment', '=', assessment)
    .where('ends_on', '<', endsBefore)
    .orderBy('ends_on', 'desc')
    .limit(limit)
    .execute();
}

/** Lock a period row for the rest of the transaction; refuses an unknown period. */
async function lockPeriod(
  trx: Transaction<Database>,
  tenantId: string,
  periodId: string,
): Promise<PeriodRecord> {
  const row = await trx
    .selectFrom('period')
    .select(columns)
    .where('tenant_id', '=', tenantId)
    .where('period_id', '=', periodId)
    .forUpdate()
    .executeTakeFirst();
  if (row === undefined) throw new StoreError('period-not-found', 'periodId');
  return row;
}

/** Change a locked period's row and read it back. */
function updatePeriod(
  trx: Transaction<Database>,
  tenantId: string,
  periodId: string,
  set: Updateable<PeriodTable>,
): Promise<PeriodRecord> {
  return trx
    .updateTable('period')
    .set(set)
    .where('tenant_id', '=', tenantId)
    .where('period_id', '=', periodId)
    .returning(columns)
    .executeTakeFirstOrThrow();
}

/** SHA-256 over the canonical JSON of a period's stored person results, ordered by person. */
async function resultsDigest(
  trx: Kysely<Database>,
  tenantId: string,
  periodId: string,
): Promise<{ people: number; digest: string }> {
  const rows = await trx
    .selectFrom('person_result')
    .select([
      'person_id',
      'scheme_version',
      'common',
      'individual',
      'total',
      'coefficient',
      'index_value',
      'unit_rank',
      'tenant_rank',
      'grade',
      'boundary_tie',
      'bonus_cents',
      'literal_bonus_cents',
    ])
    .where('tenant_id', '=', tenantId)
    .where('period_id', '=', periodId)
    .orderBy('person_id')
    .execute();
  const hash = createHash('sha256');
  for (const row of rows) hash.update(`${canonicalJson(row)}\n`);
  return { people: rows.length, digest: hash.digest('hex') };
}

/**
 * Change the scheme version an open period is scored with, ledgered. Refuses a closed period
 * or an unknown version of the period's scheme key.
 */
export async function setPeriodSchemeVersion(
  db: Kysely<Database>,
  tenantId: string,
  periodId: string,
  version: number,
  by: string | null,
): Promise<PeriodRecord> {
  return inTransaction(db, async (trx) => {
    await lockLedger(trx, tenantId);
    const period = await lockPeriod(trx, tenantId, periodId);
    if (period.status === 'closed') throw new StoreError('period-closed', 'periodId');
    await schemeVersionExists(trx, tenantId, period.schemeKey, version);
    const record = await updatePeriod(trx, tenantId, periodId, { scheme_version: version });
    await appendLedgerEvent(
      trx,
      tenantId,
      'period',
      periodId,
      eventBody('scheme-changed', record, { by }),
    );
    return record;
  });
}

/**
 * Close a period: its scheme version and stored results are frozen from now on. The caller
 * stores the final results first, in the same transaction; the ledger event records who, when,
 * the scheme version and a digest of those results. Refuses an unknown or closed period.
 */
export async function closePeriod(
  db: Kysely<Database>,
  tenantId: string,
  periodId: string,
  by: string | null,
): Promise<PeriodRecord> {
  return inTransaction(db, async (trx) => {
    await lockLedger(trx, tenantId);
    const period = await lockPeriod(trx, tenantId, periodId);
    if (period.status === 'closed') throw new StoreError('period-closed', 'periodId');
    const at = new Date();
    const record = await updatePeriod(trx, tenantId, periodId, {
      status: 'closed',
      closed_at: at,
      closed_by: by,
    });
    const results = await resultsDigest(trx, tenantId, periodId);
    await appendLedgerEvent(
      trx,
      tenantId,
      'period',
      periodId,
      eventBody('closed', record, { by, at: at.toISOString(), results }),
    );
    return record;
  });
}

/**
 * Reopen a closed period with a reason (required, non-blank), ledgered with who and when.
 * Refuses a blank reason (`invalid-input`, field `reason`) and an open period.
 */
export async function reopenPeriod(
  db: Kysely<Database>,
  tenantId: string,
  periodId: string,
  by: string | null,
  reason: string,
): Promise<PeriodRecord> {
  const why = reason.trim();
  if (why === '') throw new StoreError('invalid-input', 'reason');
  return inTransaction(db, async (trx) => {
    await lockLedger(trx, tenantId);
    const period = await lockPeriod(trx, tenantId, periodId);
    if (period.status !== 'closed') throw new StoreError('period-not-closed', 'periodId');
    const at = new Date();
    const record = await updatePeriod(trx, tenantId, periodId, {
      status: 'open',
      closed_at: null,
      closed_by: null,
      reopened_at: at,
      reopened_by: by,
      reopen_reason: why,
    });
    await appendLedgerEvent(
      trx,
      tenantId,
      'period',
      periodId,
      eventBody('reopened', record, {
        by,
        at: at.toISOString(),
        reason: why,
        closedAt: period.closedAt?.toISOString() ?? null,
      }),
    );
    return record;
  });
}

/** Refuse a write to a closed (or unknown) period; locks the row for the rest of the transaction. */
export async function requireOpenPeriod(
  trx: Transaction<Database>,
  tenantId: string,
  periodId: string,
): Promise<PeriodRecord> {
  const period = await lockPeriod(trx, tenantId, periodId);
  if (period.status === 'closed') throw new StoreError('period-closed', 'periodId');
  return period;
}
