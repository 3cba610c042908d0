import type { Kysely } from 'kysely';
import { listTenants, type Database } from '@tianheng/db';
import { systemContext, type ServiceContext } from '../context.ts';
import { cardTick } from './card.service.ts';
import { runLightTick, type LightTickResult } from './light-tick.service.ts';

/**
 * One tenant's scheduler work at `ctx.now`: the lights first (so cards see today's lights),
 * then the month plan snapshot and the cards of ended months. Returns what the lights did.
 */
export async function runTenantTick(ctx: ServiceContext): Promise<LightTickResult> {
  const lights = await runLightTick(ctx);
  await cardTick(ctx);
  return lights;
}

/** Where the scheduler reports (the server's logger, or a test's). */
export interface SchedulerLog {
  info(message: string): void;
  error(message: string, error: unknown): void;
}

/** The background scheduler of a running server. */
export interface Scheduler {
  /** Start ticking every interval (the first tick runs at once). */
  start(): void;
  /** Stop ticking and wait for a tick in progress to end. */
  stop(): Promise<void>;
  /**
   * Run one tick over every tenant now; resolves when it ends. Never two at once: while a
   * tick runs, another call waits for it and returns without starting a second one.
   */
  tick(): Promise<void>;
}

/**
 * A scheduler that runs every tenant's tick (lights, then cards) every `intervalMs`, at the
 * app's clock. Ticks never overlap; a failing tenant is logged (with the error) and the others
 * still run.
 */
export function createScheduler(options: {
  readonly db: Kysely<Database>;
  readonly clock: () => Date;
  readonly intervalMs: number;
  readonly log: SchedulerLog;
}): Scheduler {
  const { db, clock, intervalMs, log } = options;
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;

  const runAll = async (): Promise<void> => {
    for (const tenant of await listTenants(db)) {
      const ctx = systemContext(db, tenant.tenant_id, clock(), 'scheduler');
      try {
        const result = await runTenantTick(ctx);
        if (result.changed > 0)
          log.info(`tick ${tenant.code}: ${result.changed} of ${result.evaluated} lights changed`);
      } catch (error) {
        log.error(`tick ${tenant.code} failed`, error);
      }
    }
  };

  const tick = (): Promise<void> => {
    if (running !== null) return running;
    running = runAll()
      .catch((error: unknown) => log.error('tick failed', error))
      .finally(() => {
        running = null;
      });
    return running;
  };

  return {
    start() {
      if (timer !== null) return;
      void tick();
      timer = setInterval(() => void tick(), intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      if (running !== null) await running;
    },
    tick,
  };
}
