import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPGlite, fromPGlite, openDatabase, type DatabaseHandle } from './connect.ts';
import { migrateToLatest } from './migrate.ts';

/** A database engine the tests run on. */
export type TestBackend = 'pglite' | 'postgres';

/**
 * The engines to run db and server tests on: PGlite always, PostgreSQL where
 * TEST_DATABASE_URL is set. In CI a missing TEST_DATABASE_URL is an error: nothing is
 * skipped there.
 */
export function testBackends(): TestBackend[] {
  if (process.env.TEST_DATABASE_URL) return ['pglite', 'postgres'];
  if (process.env.CI)
    throw new Error('CI must set TEST_DATABASE_URL: PostgreSQL tests may not be skipped');
  return ['pglite'];
}

let template: Promise<Blob | File> | undefined;

/** A migrated PGlite data directory, built once per test process and loaded per test. */
async function pgliteTemplate(): Promise<Blob | File> {
  template ??= (async () => {
    const pglite = await createPGlite(null);
    const handle = fromPGlite(pglite);
    await migrateToLatest(handle.db);
    const dump = await pglite.dumpDataDir('none');
    await handle.close();
    return dump;
  })();
  return template;
}

/**
 * A fresh, migrated, empty database for one test: a PGlite instance loaded from the
 * template, or a new schema on the PostgreSQL server (dropped again on close).
 */
export async function openTestDatabase(backend: TestBackend): Promise<DatabaseHandle> {
  if (backend === 'pglite') return fromPGlite(await createPGlite(null, await pgliteTemplate()));
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `th_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const handle = await openDatabase({ kind: 'postgres', url, searchPath: schema });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      await dropper.query(`DROP SCHEMA ${schema} CASCADE`);
      await dropper.end();
    },
  };
}
export * from './fixtures.ts';
export * from './ledger/ledger-fixtures.ts';
