import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The repository root, so the bench runs from any working directory. */
export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** A port the OS says is free right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A child process with its collected output and a promise of its exit code. */
export interface ChildRun {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
  /** Send SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
}

/** Spawn `node --import tsx <script> ...args` from the repo root and collect its output. */
export function spawnNode(
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): ChildRun {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
  return {
    child,
    exited,
    stdout: () => out,
    stderr: () => err,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/**
 * Spawn `tianheng serve` on a port. `env` names the database as an operator would
 * (DATABASE_URL or TIANHENG_DATA_DIR).
 */
export function spawnServe(options: {
  port: number;
  demo: boolean;
  env: NodeJS.ProcessEnv;
}): ChildRun {
  return spawnNode(
    'packages/cli/src/main.ts',
    ['serve', '--port', String(options.port), ...(options.demo ? ['--demo'] : [])],
    options.env,
  );
}

/** The environment of this process with a PGlite data directory and no DATABASE_URL. */
export function pgliteEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TIANHENG_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  return env;
}

/**
 * Poll `url` until it answers 200, the process exits, or `timeoutMs` passes. Returns the
 * milliseconds waited.
 */
export async function waitForOk(url: string, run: ChildRun, timeoutMs: number): Promise<number> {
  const started = performance.now();
  let exited = false;
  void run.exited.then(() => (exited = true));
  for (;;) {
    if (exited)
      throw new Error(`server exited before ${url} answered:\n${run.stdout()}\n${run.stderr()}`);
    if (performance.now() - started > timeoutMs)
      throw new Error(
        `${url} did not answer within ${timeoutMs} ms:\n${run.stdout()}\n${run.stderr()}`,
      );
    const ok = await fetch(url).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
