import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationResultSet } from 'kysely/migration';
import * as m0001 from './migrations/0001-foundation.ts';
import * as m0002 from './migrations/0002-assessment.ts';
import * as m0003 from './migrations/0003-work.ts';
import * as m0005 from './migrations/0005-result-rows.ts';
import * as m0006 from './migrations/0006-attachments.ts';

/** All migrations in order. Forward-only: there are no `down` steps, by decision (ADR 0002). */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001-foundation': m0001,
  '0002-assessment': m0002,
  '0003-work': m0003,
  '0005-result-rows': m0005,
  '0006-attachments': m0006,
};

/** Bring the schema up to date; throws with the failing migration's name when one fails. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator works on any schema
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  // Kysely looks for its bookkeeping tables in every schema; pin them to the current one so
  // databases that share a server through separate schemas (tests, tenants) never see each
  // other's lock table.
  const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db);
  const schema = rows[0]?.schema ?? 'public';
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    migrationTableSchema: schema,
  });
  const result = await migrator.migrateToLatest();
  if (result.error !== undefined) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed`, {
      cause: result.error,
    });
  }
  return result;
}
