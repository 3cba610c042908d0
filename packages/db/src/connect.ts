import { existsSync } from 'node:fs';
import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { newDatabaseTemplate } from './pglite-template.ts';
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
 * A new database (in memory, or a data directory without `PG_VERSION`) starts from the
 * installation's template when there is one: the migrated schema, or initdb's (ADR 0013).
 */
export async function createPGlite(
  dataDir: string | null,
  loadDataDir?: Blob | File,
): Promise<PGlite> {
  const isNew = dataDir === null || !existsSync(join(dataDir, 'PG_VERSION'));
  const start = loadDataDir ?? (isNew ? newDatabaseTemplate() : undefined);
  return PGlite.create({
    parsers,
    ...(dataDir === null ? {} : { dataDir }),
    ...(start === undefined ? {} : { loadDataDir: start }),
  });
}

/** Name of the lock file a process keeps in the PGlite data directory it has open. */
export const DATA_DIR_LOCK_FILE = 'tianheng.lock';

/** Another live process has the PGlite data directory open. */
export class DataDirectoryLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number | null,
  ) {
    const lockFile = join(dataDir, DATA_DIR_LOCK_FILE);
    const holder = pid === null ? '另一进程' : `进程 ${pid} `;
    const holderEn = pid === null ? 'another process' : `process ${pid}`;
    super(
      `数据目录 ${dataDir} 正被${holder}使用（锁文件 ${lockFile}）。请先停止该进程；若确认没有其他天衡在运行，可删除锁文件。\n` +
        `The data directory ${dataDir} is in use by ${holderEn} (lock file ${lockFile}). Stop that process first; if no other Tianheng is running, remove the lock file.`,
    );
    this.name = 'DataDirectoryLockedError';
  }
}

/**
 * Lock files this process holds. A lock naming our own PID that we do not hold is stale:
 * in a container the server is PID 1 at every start, so the PID alone cannot tell.
 */
const heldLocks = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isErrno(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === code;
}

async function writeLockFile(lockFile: string): Promise<boolean> {
  let file;
  try {
    file = await open(lockFile, 'wx');
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return false;
    throw error;
  }
  try {
    await file.writeFile(`${process.pid}\n`);
  } finally {
    await file.close();
  }
  return true;
}

async function readLockPid(lockFile: string): Promise<number | null | undefined> {
  let text;
  try {
    text = await readFile(lockFile, 'utf8');
  } catch (error) {
    // Released between our attempt to create it and this read: try again.
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
  const pid = Number(text.trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
}

/**
 * Take the data directory's lock file so two processes never open the same PGlite files
 * (that corrupts them). A lock left by a dead process is taken over. A lock without a
 * readable PID is left alone: it may be another process that started this very moment.
 * Returns the release function.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const lockFile = resolve(dataDir, DATA_DIR_LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    if (heldLocks.has(lockFile)) throw new DataDirectoryLockedError(dataDir, process.pid);
    if (await writeLockFile(lockFile)) break;
    const pid = await readLockPid(lockFile);
    if (pid === undefined && attempt < 3) continue;
    if (pid === null || pid === undefined) throw new DataDirectoryLockedError(dataDir, null);
    if (pid !== process.pid && isAlive(pid)) throw new DataDirectoryLockedError(dataDir, pid);
    if (attempt >= 3) throw new DataDirectoryLockedError(dataDir, pid);
    await unlink(lockFile).catch((error: unknown) => {
      if (!isErrno(error, 'ENOENT')) throw error;
    });
  }
  heldLocks.add(lockFile);
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    heldLocks.delete(lockFile);
    // Only our own lock is removed: had another process taken it over, it stays theirs.
    if ((await readLockPid(lockFile)) === process.pid) await unlink(lockFile);
  };
}

/**
 * Open the database at a target. A PGlite data directory is locked for this process
 * until `close()`; opening it while another live process holds it throws
 * {@link DataDirectoryLockedError}.
 */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.kind === 'pglite') {
    if (target.dataDir === null) return fromPGlite(await createPGlite(null));
    const release = await lockDataDir(target.dataDir);
    let handle: DatabaseHandle;
    try {
      handle = fromPGlite(await createPGlite(target.dataDir), target.dataDir);
    } catch (error) {
      await release();
      throw error;
    }
    return {
      ...handle,
      close: async () => {
        try {
          await handle.close();
        } finally {
          await release();
        }
      },
    };
  }
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
