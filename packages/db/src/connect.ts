import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Database } from './schema.ts';

/** Where the database lives: an embedded PGlite data directory or a PostgreSQL URL. */
export type DatabaseTarget =
  | { readonly kind: 'pglite'; readonly dataDir: string | null }
  | { readonly kind: 'postgres'; readonly url: string; readonly searchPath?: string };

/** An open database handle; `close()` must be called or Node will not exit. */
export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly target: DatabaseTarget;
  close(): Promise<void>;
}

const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * Values are read the same way from both drivers: dates stay `YYYY-MM-DD` strings (no
 * time-zone shifts), int8 and numeric stay strings (exact).
 */
const keepText = (value: string): string => value;

/** Pick the target from the environment: `DATABASE_URL`, else PGlite in `TIANHENG_DATA_DIR` or ./data. */
export function targetFromEnv(env: NodeJS.ProcessEnv): DatabaseTarget {
  const url = env.DATABASE_URL;
  if (url) return { kind: 'postgres', url };
  return { kind: 'pglite', dataDir: env.TIANHENG_DATA_DIR ?? './data' };
}

/** Wrap an already created PGlite instance (tests clone a migrated template). */
export function fromPGlite(pglite: PGlite, dataDir: string | null = null): DatabaseHandle {
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    target: { kind: 'pglite', dataDir },
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

const parsers = { [DATE_OID]: keepText, [INT8_OID]: keepText, [NUMERIC_OID]: keepText };

/**
 * Create a PGlite instance with the shared type parsers. `dataDir` null keeps it in
 * memory; `loadDataDir` starts it from a dump (PGlite's own clone() drops the parsers).
 */
export async function createPGlite(
  dataDir: string | null,
  loadDataDir?: Blob | File,
): Promise<PGlite> {
  return PGlite.create({
    parsers,
    ...(dataDir === null ? {} : { dataDir }),
    ...(loadDataDir === undefined ? {} : { loadDataDir }),
  });
}

/** Open the database at a target. */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.kind === 'pglite')
    return fromPGlite(await createPGlite(target.dataDir), target.dataDir);
  const types: pg.CustomTypesConfig = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === DATE_OID || oid === INT8_OID || oid === NUMERIC_OID
        ? keepText
        : (pg.types.getTypeParser(oid, format ?? 'text') as (
            value: string,
          ) => unknown)) as pg.CustomTypesConfig['getTypeParser'],
  };
  const pool = new pg.Pool({
    connectionString: target.url,
    max: 10,
    types,
    ...(target.searchPath ? { options: `-c search_path=${target.searchPath}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, target, close: () => db.destroy() };
}

/** Check that the database answers. */
export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`SELECT 1`.execute(db);
}
