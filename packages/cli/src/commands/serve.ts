import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Command, Option } from 'commander';
import { buildApp, createDevClock, createScheduler, devClockRequested } from '@tianheng/server';
import { formatBanner } from '../banner.ts';
import { describeTarget, openMigratedDatabase } from '../database.ts';
import { demoLogins, ensureDemoCounty, type DemoClosing } from '../demo/load-demo.ts';
import { CliError } from '../errors.ts';
import { parsePort } from '../options.ts';
import type { Output } from '../output.ts';

/** The built web app, found from this file so `serve` works from any working directory. */
export const defaultWebRoot = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** How to start the server. */
export interface ServeOptions {
  readonly port: number;
  readonly host: string;
  /** Load the demo county when the database has no tenant yet. */
  readonly demo: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly webRoot: string;
  readonly out: Output;
}

/** A listening server; `close()` stops accepting, finishes requests and closes the database. */
export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** True when this start loaded the demo county. */
  readonly demoLoaded: boolean;
  close(): Promise<void>;
}

function portInUse(port: number): CliError {
  return new CliError(
    `端口 ${port} 已被占用（服务已在运行？）：用 --port 或 PORT 换一个`,
    `Port ${port} is in use (already running?): choose another with --port or PORT`,
  );
}

/** Seconds between scheduler ticks: env TIANHENG_TICK_SECONDS (a positive number), default 60. */
export function tickSeconds(env: NodeJS.ProcessEnv): number {
  const raw = env.TIANHENG_TICK_SECONDS;
  if (raw === undefined || raw.trim() === '') return 60;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new CliError(
      `TIANHENG_TICK_SECONDS 应为正数：${raw}`,
      `TIANHENG_TICK_SECONDS must be a positive number: ${raw}`,
    );
  return seconds;
}

/** Fail early when something already listens on the port. */
async function ensurePortFree(port: number, host: string): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? portInUse(port) : error),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/**
 * Open and migrate the database, load the demo county if asked and the database is empty,
 * and listen. The database is closed again if anything after opening it fails: an open
 * PGlite left behind can lose data.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const { env, out } = options;
  // Before the database: a second `serve` on a running installation must not open its
  // PGlite directory at all (two processes on one directory can corrupt it).
  await ensurePortFree(options.port, options.host);
  const intervalMs = tickSeconds(env) * 1000;
  const handle = await openMigratedDatabase(env);
  // The demo year's past periods are closed in the background; stopped before the database closes.
  let closing: DemoClosing | null = null;
  try {
    let demoLoaded = false;
    if (options.demo) {
      const status = await ensureDemoCounty(handle.db, new Date(), out, { background: true });
      demoLoaded = status.state === 'loaded';
      if (status.state !== 'other-tenants') closing = status.closing;
      if (status.state === 'other-tenants')
        out.info(
          `数据库已有租户（${status.codes.join(', ')}），不载入演示县 / the database already has tenants, the demo county is not loaded`,
        );
    }
    const webMissing = !existsSync(`${options.webRoot}/index.html`);
    const demo = options.demo ? await demoLogins(handle.db) : null;
    // TIANHENG_DEV_CLOCK=1: a settable clock (/api/dev/clock) for development and the browser test.
    const clock = devClockRequested(env) ? createDevClock().now : () => new Date();
    const app = await buildApp({
      db: handle.db,
      clock,
      databaseKind: handle.target.kind,
      cookieSecure: env.TIANHENG_COOKIE_SECURE === 'true',
      webRoot: webMissing ? null : options.webRoot,
      defaultTenant: env.TIANHENG_DEFAULT_TENANT ?? demo?.tenantCode ?? null,
      logger: env.TIANHENG_LOG === 'true',
    });
    try {
      await app.listen({ port: options.port, host: options.host });
    } catch (error) {
      await app.close();
      if ((error as { code?: unknown }).code === 'EADDRINUSE') throw portInUse(options.port);
      throw error;
    }
    const port = (app.server.address() as AddressInfo).port;
    const host = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
    const url = `http://${host}:${port}`;
    out.info(formatBanner({ url, database: describeTarget(handle), demo, webMissing }));
    closing?.start();
    // Lights change as time passes: every tick re-evaluates them, then issues month cards.
    const scheduler = createScheduler({
      db: handle.db,
      clock,
      intervalMs,
      log: {
        info: (message) => app.log.info(message),
        error: (message, error) => out.error(`${message}: ${String(error)}`),
      },
    });
    scheduler.start();
    return {
      url,
      port,
      demoLoaded,
      close: async () => {
        try {
          await scheduler.stop();
          await closing?.stop();
          await app.close();
        } finally {
          await handle.close();
        }
      },
    };
  } catch (error) {
    await closing?.stop();
    await handle.close();
    throw error;
  }
}

/**
 * Stop on SIGINT or SIGTERM: close the server and the database, then exit. A second
 * signal while closing exits at once (the operator insists).
 */
export function stopOnSignals(server: RunningServer, out: Output): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      out.error(`再次收到 ${signal}，立即退出 / ${signal} again, exiting now`);
      process.exit(1);
    }
    stopping = true;
    out.info(`收到 ${signal}，正在停止… / ${signal} received, stopping…`);
    server.close().then(
      () => {
        out.info('已停止 / stopped');
        process.exit(0);
      },
      (error: unknown) => {
        out.error(`停止时出错 / error while stopping: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** `tianheng serve`. */
export function serveCommand(env: NodeJS.ProcessEnv, out: Output): Command {
  return new Command('serve')
    .description('启动服务（迁移数据库后监听） / start the server (migrates the database first)')
    .addOption(
      new Option('-p, --port <port>', '端口 / port').env('PORT').default(3000).argParser(parsePort),
    )
    .addOption(new Option('--host <host>', '监听地址 / address to listen on').default('0.0.0.0'))
    .option('--demo', '数据库为空时载入演示县 / load the demo county when the database is empty')
    .addHelpText(
      'after',
      '\n环境变量 Environment: DATABASE_URL (PostgreSQL) 或/or TIANHENG_DATA_DIR (PGlite, 默认/default ./data), PORT, TIANHENG_COOKIE_SECURE=true, TIANHENG_LOG=true, TIANHENG_TICK_SECONDS (60), TIANHENG_DEV_CLOCK=1',
    )
    .action(async (opts: { port: number; host: string; demo?: boolean }) => {
      const server = await startServer({
        port: opts.port,
        host: opts.host,
        demo: opts.demo === true,
        env,
        webRoot: defaultWebRoot,
        out,
      });
      stopOnSignals(server, out);
    });
}
