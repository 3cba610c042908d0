import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/**
 * Tables whose planner statistics matter for the read paths. Named one by one (not a bare
 * `ANALYZE`) so a PostgreSQL server shared through schemas only analyses the current one.
 */
const analysedTables = [
  'tenant',
  'unit',
  'business_line',
  'person',
  'person_assignment',
  'person_line',
  'person_village',
  'account',
  'role_grant',
  'session',
  'task',
  'step',
  'step_assignee',
  'notification',
] as const;

/**
 * Refresh the planner statistics of the main tables. PGlite has no autovacuum, so without
 * this a bulk import leaves the planner guessing (nested loops over whole tenants).
 */
export async function analyzeTables(db: Kysely<Database>): Promise<void> {
  await sql`ANALYZE ${sql.raw(analysedTables.join(', '))}`.execute(db);
}
