import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DATA_DIR_LOCK_FILE,
  DataDirectoryLockedError,
  openDatabase,
  pingDatabase,
  type DatabaseHandle,
} from './connect.ts';

/** The PID of a process that has already exited. */
function deadPid(): number {
  const { pid } = spawnSync(process.execPath, ['-e', '']);
  if (pid === undefined) throw new Error('could not spawn node');
  return pid;
}

// The lock guards PGlite's data directory only; PostgreSQL handles its own concurrency.
describe('openDatabase on a PGlite data directory', () => {
  let root: string;
  let dataDir: string;
  let lockFile: string;
  const open: DatabaseHandle[] = [];
  const openAt = async (dir = dataDir) => {
    const handle = await openDatabase({ kind: 'pglite', dataDir: dir });
    open.push(handle);
    return handle;
  };

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'tianheng-connect-'));
    // PGlite would create the directory itself; the lock has to come first.
    dataDir = join(root, 'nested', 'data');
    lockFile = join(dataDir, DATA_DIR_LOCK_FILE);
  });
  afterEach(async () => {
    for (const handle of open.splice(0)) await handle.close();
    await rm(root, { recursive: true, force: true });
  });

  it('locks the directory with its PID, refuses a second open and allows one after close', async () => {
    const first = await openAt();
    await pingDatabase(first.db);
    expect(await readFile(lockFile, 'utf8')).toBe(`${process.pid}\n`);

    const second = openAt();
    await expect(second).rejects.toThrow(DataDirectoryLockedError);
    await expect(second).rejects.toThrow(String(process.pid));
    await expect(second).rejects.toThrow(dataDir);

    await first.close();
    expect(existsSync(lockFile)).toBe(false);
    const again = await openAt();
    await pingDatabase(again.db);
    expect(await readFile(lockFile, 'utf8')).toBe(`${process.pid}\n`);
  });

  it('refuses while another live process holds the lock', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    try {
      const pid = other.pid;
      if (pid === undefined) throw new Error('could not spawn node');
      await mkdir(dataDir, { recursive: true });
      await writeFile(lockFile, `${pid}\n`);
      const refused = openAt();
      await expect(refused).rejects.toThrow(`process ${pid}`);
      await expect(refused).rejects.toMatchObject({ pid, dataDir });
      expect(await readFile(lockFile, 'utf8')).toBe(`${pid}\n`);
    } finally {
      other.kill();
    }
  });

  it.each([
    ['a dead process', () => deadPid()],
    ['this PID, not held (a container restarted as PID 1)', () => process.pid],
  ])('takes over a stale lock left by %s', async (_, pid) => {
    await mkdir(dataDir, { recursive: true });
    await writeFile(lockFile, `${pid()}\n`);
    const handle = await openAt();
    await pingDatabase(handle.db);
    expect(await readFile(lockFile, 'utf8')).toBe(`${process.pid}\n`);
    await handle.close();
    expect(existsSync(lockFile)).toBe(false);
  });

  it('refuses a lock file without a PID rather than guess', async () => {
    await mkdir(dataDir, { recursive: true });
    await writeFile(lockFile, '');
    await expect(openAt()).rejects.toThrow(DataDirectoryLockedError);
    expect(existsSync(lockFile)).toBe(true);
  });
});
