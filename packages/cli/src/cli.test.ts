import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testBackends, type TestBackend } from '@tianheng/db/testing';
import type { DatabaseHandle } from '@tianheng/db';
import { DEMO_PASSWORD, generateDemoCounty } from './demo/demo-county.ts';
import { runCli } from './program.ts';
import { freePort, pgliteEnv, spawnNode, spawnServe, waitForOk, type ChildRun } from './testing.ts';

const county = generateDemoCounty();
/**
 * A serve test spawns a server that migrates, loads the demo county with its assessment year
 * and closes the year's past periods in the background; on a busy machine that takes a while.
 */
const SERVE_TIMEOUT = 120_000;

/** A database the spawned CLI reaches through its environment, like an operator's. */
interface CliDatabase {
  /** Environment for the CLI process. */
  readonly env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

async function cliDatabase(backend: TestBackend): Promise<CliDatabase> {
  if (backend === 'pglite') {
    const dir = await mkdtemp(join(tmpdir(), 'tianheng-cli-'));
    return {
      env: pgliteEnv(join(dir, 'data')),
      close: () => rm(dir, { recursive: true, force: true }),
    };
  }
  // A schema of its own on the test server, named through the connection's search_path.
  const handle: DatabaseHandle = await openTestDatabase('postgres');
  if (handle.target.kind !== 'postgres') throw new Error('expected PostgreSQL');
  const url = new URL(handle.target.url);
  url.searchParams.set('options', `-c search_path=${handle.target.searchPath ?? 'public'}`);
  return { env: { ...process.env, DATABASE_URL: url.toString() }, close: () => handle.close() };
}

/** Run the CLI in this process, capturing what it prints. */
async function cli(args: readonly string[], env: NodeJS.ProcessEnv) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(args, env, {
    info: (text) => stdout.push(text),
    error: (text) => stderr.push(text),
  });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

async function startServe(env: NodeJS.ProcessEnv): Promise<{ run: ChildRun; base: string }> {
  const port = await freePort();
  const run = spawnServe({ port, demo: true, env });
  const base = `http://127.0.0.1:${port}`;
  await waitForOk(`${base}/api/health`, run, 60_000);
  return { run, base };
}

async function login(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: 'demo', username, password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('th_session='));
  return (cookie ?? '').split(';')[0] ?? '';
}

async function peopleTotal(base: string, cookie: string): Promise<number> {
  const res = await fetch(`${base}/api/people?page=1&pageSize=20`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { total: number }).total;
}

describe(runCli, () => {
  it('lists every command in --help', async () => {
    const { code, stdout } = await cli(['--help'], process.env);
    expect(code).toBe(0);
    for (const command of ['serve', 'migrate', 'demo', 'import', 'export'])
      expect(stdout).toContain(command);
  });

  it.each([['serve'], ['migrate'], ['demo'], ['import', 'people'], ['export', 'people']])(
    '%s %s --help explains itself',
    async (...command) => {
      const { code, stdout } = await cli([...command, '--help'], process.env);
      expect(code).toBe(0);
      expect(stdout).toMatch(/Usage: tianheng/);
    },
  );

  it.each([
    [['serve', '--port', 'x'], 'port'],
    [['import', 'people'], 'file'],
    [['frobnicate'], 'frobnicate'],
  ])('refuses %j with exit code 1', async (args, word) => {
    const { code, stderr } = await cli(args, process.env);
    expect(code).toBe(1);
    expect(stderr).toContain(word);
  });

  it('exits the process with code 1 and a message on stderr when a command fails', async () => {
    const run = spawnNode(
      'packages/cli/src/main.ts',
      ['import', 'people', '/nonexistent/x.xlsx'],
      process.env,
    );
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain('/nonexistent/x.xlsx');
  });
});

describe.each(testBackends())('tianheng on %s', (backend) => {
  let database: CliDatabase;
  let exported: string;

  beforeAll(async () => {
    database = await cliDatabase(backend);
    exported = join(tmpdir(), `tianheng-export-${process.pid}-${backend}.xlsx`);
  });
  afterAll(async () => {
    await database?.close();
    await rm(exported, { force: true });
  });

  it(
    'serve --demo loads the demo county, prints the URL and logins, and stops on SIGTERM',
    async () => {
      const { run, base } = await startServe(database.env);
      const health = (await (await fetch(`${base}/api/health`)).json()) as { status: string };
      expect(health.status).toBe('ok');
      const stdout = run.stdout();
      expect(stdout).toMatch(/http:\/\/localhost:\d+/);
      expect(stdout).toContain(DEMO_PASSWORD);
      for (const account of county.accounts) expect(stdout).toContain(account.username);
      expect(stdout).toContain('正在载入演示县');

      const cookie = await login(base, 'kaohe');
      expect(await peopleTotal(base, cookie)).toBe(county.people.length);
      expect(await run.stop()).toBe(0);
      expect(run.stdout()).toContain('stopped');
    },
    SERVE_TIMEOUT,
  );

  it(
    'keeps the data across a restart and does not load the demo twice',
    async () => {
      const { run, base } = await startServe(database.env);
      expect(run.stdout()).not.toContain('正在载入演示县');
      expect(run.stdout()).toContain('kaohe');
      const cookie = await login(base, 'admin');
      expect(await peopleTotal(base, cookie)).toBe(county.people.length);

      // A second server on the same port is refused with a message, not a stack trace.
      const port = new URL(base).port;
      const busy = await cli(['serve', '--port', port], database.env);
      expect(busy.code).toBe(1);
      expect(busy.stderr).toContain(`Port ${port} is in use`);
      expect(await run.stop()).toBe(0);
    },
    SERVE_TIMEOUT,
  );

  it('demo and migrate leave a loaded database alone', async () => {
    const demo = await cli(['demo'], database.env);
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toContain('already there');
    const migrate = await cli(['migrate'], database.env);
    expect(migrate.code, migrate.stderr).toBe(0);
    expect(migrate.stdout).toContain('up to date');
  });

  it('exports the people of a tenant and imports them again as a new tenant', async () => {
    const out = await cli(['export', 'people', exported, '--tenant', 'demo'], database.env);
    expect(out.code, out.stderr).toBe(0);
    expect((await stat(exported)).size).toBeGreaterThan(10_000);

    const into = await cli(
      ['import', 'people', exported, '--tenant', 'copy', '--tenant-name', '复制县'],
      database.env,
    );
    expect(into.code, into.stderr).toBe(0);
    expect(into.stdout).toContain(`${county.units.length} units, ${county.people.length} people`);

    const again = await cli(['import', 'people', exported, '--tenant', 'copy'], database.env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('import-invalid');
    expect(again.stderr).toMatch(/Already exists/);

    // Two tenants now: a command without --tenant must not guess.
    const ambiguous = await cli(['export', 'people', exported], database.env);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toContain('copy, demo');
  });

  it('fails with exit code 1 and a message on stderr for a missing file or tenant', async () => {
    const missing = await cli(['import', 'people', '/nonexistent/x.xlsx'], database.env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('x.xlsx');
    const unknown = await cli(['export', 'people', exported, '--tenant', 'nope'], database.env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('nope');
  });
});
