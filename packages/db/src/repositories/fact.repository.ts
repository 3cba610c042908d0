import { sql, type Kysely } from 'kysely';
import type { Fact } from '@tianheng/core';
import { factColumns, factFromRow, type FactRow } from '../ledger/fact-row.ts';
import type { Database } from '../schema.ts';

/** A fact with its place in the ledger and the fact that corrected it, if any. */
export interface StoredFact extends Fact {
  readonly seq: number;
  readonly supersededBy: string | null;
}

/** Filters of the fact browser; `periodId` is required, the rest optional. */
export interface FactFilters {
  readonly periodId: string;
  /** Facts about any of these people or units (a person page passes the person, their unit, villages). */
  readonly subjectIds?: readonly string[];
  readonly indicator?: string;
  /** Include facts that a later fact corrected (default false). */
  readonly includeSuperseded?: boolean;
  readonly page: number;
  readonly pageSize: number;
}

/**
 * Every fact of the given periods, superseded ones included (the scorer drops them), in
 * ledger order. One lean query; rows become core `Fact`s without intermediate objects.
 */
export async function listPeriodFacts(
  db: Kysely<Database>,
  tenantId: string,
  periodIds: readonly string[],
): Promise<Fact[]> {
  if (periodIds.length === 0) return [];
  const { rows } = await sql<FactRow>`
    SELECT ${factColumns('f')} FROM fact f
    WHERE f.tenant_id = ${tenantId} AND f.period_id = ANY(${[...periodIds]}::uuid[])
    ORDER BY f.seq`.execute(db);
  const facts = new Array<Fact>(rows.length);
  for (let i = 0; i < rows.length; i++) facts[i] = factFromRow(rows[i]!);
  return facts;
}

/**
 * Facts about one or more subjects (a person, their unit, their villages) in the given
 * periods, superseded ones included, in ledger order: what the incremental path and the
 * person score page read.
 */
export async function listSubjectFacts(
  db: Kysely<Database>,
  tenantId: string,
  subjectIds: readonly string[],
  periodIds: readonly string[],
): Promise<Fact[]> {
  if (subjectIds.length === 0 || periodIds.length === 0) return [];
  const { rows } = await sql<FactRow>`
    SELECT ${factColumns('f')} FROM fact f
    WHERE f.tenant_id = ${tenantId} AND f.subject_id = ANY(${[...subjectIds]}::uuid[])
      AND f.period_id = ANY(${[...periodIds]}::uuid[])
    ORDER BY f.seq`.execute(db);
  return rows.map(factFromRow);
}

/** Facts about one person (subject kind person) across the given periods, or all periods. */
export async function listPersonFacts(
  db: Kysely<Database>,
  tenantId: string,
  personId: string,
  periodIds?: readonly string[],
): Promise<Fact[]> {
  const { rows } = await sql<FactRow>`
    SELECT ${factColumns('f')} FROM fact f
    WHERE f.tenant_id = ${tenantId} AND f.subject_id = ${personId} AND f.subject_kind = 'person'
      ${periodIds === undefined ? sql`` : sql`AND f.period_id = ANY(${[...periodIds]}::uuid[])`}
    ORDER BY f.seq`.execute(db);
  return rows.map(factFromRow);
}

type StoredRow = FactRow & { superseded_by: string | null };

function storedFrom(row: StoredRow): StoredFact {
  return { ...factFromRow(row), seq: Number(row.seq), supersededBy: row.superseded_by };
}

/** One fact of the tenant with the fact that corrected it, or undefined. */
export async function getFact(
  db: Kysely<Database>,
  tenantId: string,
  factId: string,
): Promise<StoredFact | undefined> {
  const { rows } = await sql<StoredRow>`
    SELECT ${factColumns('f')}, c.fact_id AS superseded_by FROM fact f
    LEFT JOIN fact c ON c.tenant_id = f.tenant_id AND c.supersedes = f.fact_id
    WHERE f.tenant_id = ${tenantId} AND f.fact_id = ${factId}`.execute(db);
  const row = rows[0];
  return row === undefined ? undefined : storedFrom(row);
}

/** A period's facts matching the filters, newest first, one page at a time, with the total. */
export async function listFacts(
  db: Kysely<Database>,
  tenantId: string,
  filters: FactFilters,
): Promise<{ items: StoredFact[]; total: number }> {
  const where = sql`f.tenant_id = ${tenantId} AND f.period_id = ${filters.periodId}
    ${filters.subjectIds === undefined ? sql`` : sql`AND f.subject_id = ANY(${[...filters.subjectIds]}::uuid[])`}
    ${filters.indicator === undefined ? sql`` : sql`AND f.indicator = ${filters.indicator}`}
    ${filters.includeSuperseded === true ? sql`` : sql`AND c.fact_id IS NULL`}`;
  const from = sql`fact f LEFT JOIN fact c ON c.tenant_id = f.tenant_id AND c.supersedes = f.fact_id`;
  const { rows: counted } = await sql<{ total: number }>`
    SELECT count(*)::int AS total FROM ${from} WHERE ${where}`.execute(db);
  const { rows } = await sql<StoredRow>`
    SELECT ${factColumns('f')}, c.fact_id AS superseded_by FROM ${from} WHERE ${where}
    ORDER BY f.seq DESC
    LIMIT ${filters.pageSize} OFFSET ${(filters.page - 1) * filters.pageSize}`.execute(db);
  return { items: rows.map(storedFrom), total: counted[0]?.total ?? 0 };
}
