import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Scheme } from '@tianheng/core';
import {
  appendFacts,
  createPeriod,
  findTenantByCode,
  insertTenant,
  migrateToLatest,
  openDatabase,
  saveSchemeVersion,
  type Database,
  type DatabaseHandle,
} from '@tianheng/db';
import {
  openTestDatabase,
  tamperFactValue,
  testSchemeBody,
  testBackends,
  type TestBackend,
} from '@tianheng/db/testing';
import { runCli } from '../program.ts';
import { pgliteEnv } from '../testing.ts';

const scheme = { ...testSchemeBody, key: 'cli-scheme' } as unknown as Scheme;

/** A database the CLI reaches through its environment, and a way to reach it from the test. */
interface Target {
  readonly env: NodeJS.ProcessEnv;
  /** Run `work` on the database (PGlite: opened just for it, since one process holds the files). */
  use<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

async function target(backend: TestBackend): Promise<Target> {
  if (backend === 'pglite') {
    const dir = await mkdtemp(join(tmpdir(), 'tianheng-ledger-'));
    const dataDir = join(dir, 'data');
    return {
      env: pgliteEnv(dataDir),
      use: async (work) => {
        const handle = await openDatabase({ kind: 'pglite', dataDir });
        try {
          await migrateToLatest(handle.db);
          return await work(handle.db);
        } finally {
          await handle.close();
        }
      },
      close: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const handle: DatabaseHandle = await openTestDatabase('postgres');
  if (handle.target.kind !== 'postgres') throw new Error('expected PostgreSQL');
  const url = new URL(handle.target.url);
  url.searchParams.set('options', `-c search_path=${handle.target.searchPath ?? 'public'}`);
  return {
    env: { ...process.env, DATABASE_URL: url.toString() },
    use: (work) => work(handle.db),
    close: () => handle.close(),
  };
}

async function cli(args: readonly string[], env: NodeJS.ProcessEnv) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(args, env, {
    info: (text) => stdout.push(text),
    error: (text) => stderr.push(text),
  });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

async function seed(db: Kysely<Database>, code: string): Promise<void> {
  const tenant = await insertTenant(db, { code, name: code });
  await saveSchemeVersion(db, tenant.tenant_id, { scheme, createdBy: null });
  const period = await createPeriod(db, tenant.tenant_id, {
    name: '2026年3月',
    kind: 'month',
    assessment: 'routine',
    startsOn: '2026-03-01',
    endsOn: '2026-03-31',
    schemeKey: scheme.key,
    createdBy: null,
  });
  await appendFacts(
    db,
    tenant.tenant_id,
    ['1', '2', '3'].map((value) => ({
      periodId: period.id,
      subject: { kind: 'person' as const, id: '11111111-1111-4111-8111-111111111111' },
      indicator: 'discipline',
      value,
      source: 'manual' as const,
      recordedBy: null,
    })),
  );
}

describe.each(testBackends())('tianheng ledger verify on %s', (backend) => {
  let db: Target;
  beforeAll(async () => {
    db = await target(backend);
    await db.use(async (k) => {
      await seed(k, 'alpha');
      await seed(k, 'beta');
    });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('explains itself', async () => {
    const { code, stdout } = await cli(['ledger', 'verify', '--help'], db.env);
    expect(code).toBe(0);
    expect(stdout).toContain('--tenant');
  });

  it('checks every tenant, or the one named, and says OK', async () => {
    const all = await cli(['ledger', 'verify'], db.env);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toMatch(/alpha: .*5 entries checked, OK/);
    expect(all.stdout).toMatch(/beta: .*5 entries checked, OK/);
    const one = await cli(['ledger', 'verify', '--tenant', 'beta'], db.env);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain('beta');
    expect(one.stdout).not.toContain('alpha');
  });

  it('refuses an unknown tenant', async () => {
    const { code, stderr } = await cli(['ledger', 'verify', '--tenant', 'nope'], db.env);
    expect(code).toBe(1);
    expect(stderr).toContain('nope');
  });

  it('names the first broken entry and exits 1 when a stored byte changed', async () => {
    await db.use(async (k) => {
      const beta = await findTenantByCode(k, 'beta');
      await tamperFactValue(k, beta!.tenant_id, 4, '9');
    });
    const { code, stdout, stderr } = await cli(['ledger', 'verify'], db.env);
    expect(code).toBe(1);
    expect(stdout).toMatch(/alpha: .*OK/);
    expect(stderr).toMatch(
      /beta: entry 4 fact [0-9a-f-]{36} is broken: hash mismatch .*\(3 entries before it are intact\) \[hash-mismatch\]/,
    );
    expect(stderr).toContain('beta#4');
  });
});
