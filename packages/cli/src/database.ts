import {
  analyzeTables,
  migrateToLatest,
  openDatabase,
  targetFromEnv,
  type DatabaseHandle,
} from '@tianheng/db';

/** Where the configured database lives, for messages: the URL without its password, or the data directory. */
export function describeTarget(handle: Pick<DatabaseHandle, 'target'>): string {
  const { target } = handle;
  if (target.kind === 'pglite') return `PGlite ${target.dataDir ?? '(memory)'}`;
  const url = new URL(target.url);
  if (url.password) url.password = '***';
  return `PostgreSQL ${url.toString()}`;
}

/**
 * Open the database the environment names (DATABASE_URL, else PGlite in TIANHENG_DATA_DIR
 * or ./data) and bring its schema up to date. Migrations are forward-only and run at every
 * start, so an upgraded binary never runs on an old schema.
 */
export async function openMigratedDatabase(env: NodeJS.ProcessEnv): Promise<DatabaseHandle> {
  const handle = await openDatabase(targetFromEnv(env));
  try {
    await migrateToLatest(handle.db);
    // Statistics are not kept in every PGlite dump and never refreshed by it (no
    // autovacuum); a start is the cheap moment to make sure the planner has them.
    await analyzeTables(handle.db);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

/** Run `work` on the migrated database and close it afterwards, also when `work` fails. */
export async function withDatabase<T>(
  env: NodeJS.ProcessEnv,
  work: (handle: DatabaseHandle) => Promise<T>,
): Promise<T> {
  const handle = await openMigratedDatabase(env);
  try {
    return await work(handle);
  } finally {
    await handle.close();
  }
}
