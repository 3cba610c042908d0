import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import {
  openTestDatabase,
  seedTestTenant,
  type TestBackend,
  type TestTenant,
} from '@tianheng/db/testing';
import type { DatabaseHandle } from '@tianheng/db';
import { buildApp } from './app.ts';
import { hashPassword } from './security/password-hash.ts';

/** The password of every fixture account. */
export const FIXTURE_PASSWORD = 'Fixture-Pass-1';

let fixtureHash: Promise<string> | undefined;

/** A test app on a fresh database with two seeded tenants (`t1`, `t2`) and a settable clock. */
export interface TestApp {
  readonly app: FastifyInstance;
  readonly handle: DatabaseHandle;
  readonly t1: TestTenant;
  readonly t2: TestTenant;
  /** Move the injected clock. */
  setNow(date: Date): void;
  now(): Date;
  /** Sign in and return the session cookie header value. */
  login(username: string, tenant?: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Build a test app; call `close()` when done. `readCaches` overrides the app's default
 * (on for PGlite, off for PostgreSQL) so cache tests run on every backend.
 */
export async function openTestApp(
  backend: TestBackend,
  options: { readCaches?: boolean } = {},
): Promise<TestApp> {
  const handle = await openTestDatabase(backend);
  const hash = await (fixtureHash ??= hashPassword(FIXTURE_PASSWORD));
  const t1 = await seedTestTenant(handle.db, 't1', hash);
  const t2 = await seedTestTenant(handle.db, 't2', hash);
  let now = new Date('2026-03-02T02:00:00Z');
  const app = await buildApp({
    db: handle.db,
    clock: () => now,
    databaseKind: backend,
    cookieSecure: false,
    webRoot: null,
    defaultTenant: 't1',
    logger: false,
    ...options,
  });
  await app.ready();
  return {
    app,
    handle,
    t1,
    t2,
    setNow: (date) => {
      now = date;
    },
    now: () => now,
    login: async (username, tenant = 't1', password = FIXTURE_PASSWORD) => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { tenant, username, password },
      });
      if (res.statusCode !== 200)
        throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      return sessionCookie(res);
    },
    close: async () => {
      await app.close();
      await handle.close();
    },
  };
}

/** The `name=value` of the session cookie a response sets. */
export function sessionCookie(res: LightMyRequestResponse): string {
  const cookie = res.cookies.find((c) => c.name === 'th_session');
  if (!cookie) throw new Error('no session cookie');
  return `th_session=${cookie.value}`;
}
