import { sql, type Kysely } from 'kysely';
import { splitStatements } from './split-statements.ts';

/**
 * Result rows without foreign keys (ADR 0012). `person_result` is derived data that every
 * full recompute deletes and rewrites (3,000 rows a period for a county); its two foreign
 * keys cost a row lock and a lookup per row, about a fifth of storing a period's results on
 * PGlite. The writer keeps both guarantees instead: it locks the open period first and joins
 * every row to `person`, refusing the write when a row names no person of the tenant. People
 * and periods are never deleted.
 */
const ddl = `
    ALTER TABLE person_result DROP CONSTRAINT IF EXISTS person_result_tenant_id_period_id_fkey;
    ALTER TABLE person_result DROP CONSTRAINT IF EXISTS person_result_tenant_id_person_id_fkey;
`;

/** Apply, one statement at a time (PGlite's extended protocol takes one). */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of splitStatements(ddl)) await sql.raw(statement).execute(db);
}
