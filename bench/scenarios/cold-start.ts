import { freePort, pgliteEnv, spawnServe, waitForOk, type ChildRun } from '@tianheng/cli/testing';

/** One measured start of `tianheng serve --demo`. */
export interface StartMeasurement {
  readonly ms: number;
  /** The server, still running: the caller stops it or measures against it. */
  readonly run: ChildRun;
  readonly baseUrl: string;
}

/**
 * Spawn the serve command as `npm start` does (minus the web build) and time until
 * /api/health answers: the wait an operator sees.
 */
export async function measureStart(
  dataDir: string,
  timeoutMs = 120_000,
): Promise<StartMeasurement> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const run = spawnServe({ port, demo: true, env: pgliteEnv(dataDir) });
  try {
    const ms = await waitForOk(`${baseUrl}/api/health`, run, timeoutMs);
    return { ms, run, baseUrl };
  } catch (error) {
    await run.stop();
    throw error;
  }
}
