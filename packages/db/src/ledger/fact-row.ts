import { sql, type RawBuilder } from 'kysely';
import type { Evidence, Fact, FactSource } from '@tianheng/core';

/** A fact as the store reads it back: every column as the text the ledger hashes. */
export interface FactRow {
  readonly id: string;
  readonly seq: string;
  readonly period_id: string;
  readonly subject_kind: 'person' | 'unit';
  readonly subject_id: string;
  readonly indicator: string;
  readonly value: string | null;
  readonly payload: Record<string, unknown>;
  readonly source: FactSource;
  readonly evidence: Evidence;
  readonly recorded_by: string | null;
  readonly recorded_at: string;
  readonly supersedes: string | null;
}

/**
 * A timestamptz as ISO UTC text with microseconds, so a change below the millisecond is
 * still seen; {@link isoFromPg} shortens it to `Date#toISOString` form when it can.
 */
export function isoUtcSql(column: string): RawBuilder<string> {
  return sql<string>`to_char(${sql.ref(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** `2026-03-01T08:00:00.123000Z` → `2026-03-01T08:00:00.123Z`; sub-millisecond values stay as they are. */
export function isoFromPg(text: string): string {
  return text.length === 27 && text.endsWith('000Z') ? `${text.slice(0, 23)}Z` : text;
}

/** The select list of a fact row aliased `f` (used by reads, RETURNING and verify alike). */
export function factColumns(alias = 'f'): RawBuilder<unknown> {
  const c = (name: string) => sql.ref(`${alias}.${name}`);
  return sql`${c('fact_id')} AS id, ${c('seq')} AS seq, ${c('period_id')} AS period_id,
    ${c('subject_kind')} AS subject_kind, ${c('subject_id')} AS subject_id, ${c('indicator')} AS indicator,
    ${c('value')} AS value, ${c('payload')} AS payload, ${c('source')} AS source, ${c('evidence')} AS evidence,
    ${c('recorded_by')} AS recorded_by, ${isoUtcSql(`${alias}.recorded_at`)} AS recorded_at,
    ${c('supersedes')} AS supersedes`;
}

/** Build the core `Fact` from a stored row. */
export function factFromRow(row: FactRow): Fact {
  return {
    id: row.id,
    periodId: row.period_id,
    subject: { kind: row.subject_kind, id: row.subject_id },
    indicator: row.indicator,
    value: row.value,
    payload: row.payload,
    source: row.source,
    evidence: row.evidence,
    recordedBy: row.recorded_by,
    recordedAt: isoFromPg(row.recorded_at),
    supersedes: row.supersedes,
  };
}
