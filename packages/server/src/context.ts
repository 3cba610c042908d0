import type { Kysely } from 'kysely';
import type { Action, Lang, Subject, Target } from '@tianheng/core';
import type { Database } from '@tianheng/db';
import type { FastifyRequest } from 'fastify';
import type { ReadCaches } from './caches/read-caches.ts';

/** The signed-in account behind a request. */
export interface Auth {
  readonly tenantId: string;
  readonly tenantCode: string;
  readonly sessionHash: string;
  readonly accountId: string;
  readonly username: string;
  readonly mustChangePassword: boolean;
  readonly subject: Subject;
}

/**
 * Who may call a route. Every /api route declares one; the app refuses to start when
 * a route has none (secure by default).
 * - `public`: anyone (login, health, docs).
 * - `signed-in`: any account, even one that still has to change its initial password.
 * - `action`: the access module decides role × action × scope. Without `targets` the
 *   route is a list or tenant-level call and the subject needs the action somewhere; the
 *   service then filters rows by `visibility()`. With `targets` every target must pass.
 */
export type AccessRule =
  | { readonly kind: 'public' }
  | { readonly kind: 'signed-in' }
  | {
      readonly kind: 'action';
      readonly action: Action;
      readonly targets?: (
        request: FastifyRequest,
        ctx: ServiceContext,
      ) => Promise<readonly Target[]>;
    };

/** What a service needs to act for a caller: the database, the tenant, the actor, the time. */
export interface ServiceContext {
  readonly db: Kysely<Database>;
  readonly tenantId: string;
  readonly subject: Subject;
  /** The acting account; null for the system itself (CLI, demo loader, scheduler). */
  readonly actor: { readonly accountId: string | null; readonly username: string };
  readonly ip: string | null;
  readonly now: Date;
  /** The app's read caches, which writes must invalidate (absent for CLI work; ADR 0005). */
  readonly caches?: ReadCaches | null;
}

/** Dependencies of the app: the database and a clock (tests inject time). */
export interface AppDeps {
  readonly db: Kysely<Database>;
  readonly clock: () => Date;
  readonly databaseKind: 'pglite' | 'postgres';
  readonly cookieSecure: boolean;
  /** Directory of the built web app, or null to serve the API only. */
  readonly webRoot: string | null;
  readonly defaultTenant: string | null;
  readonly logger: boolean;
  /**
   * Serve sessions and the people directory from memory (ADR 0005). Default: on for the
   * embedded PGlite (one process owns the data), off for PostgreSQL (other instances write).
   */
  readonly readCaches?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: Auth | null;
    /** Why auth is null when a session cookie was sent: expired or unknown. */
    authProblem: 'session-expired' | null;
    lang: Lang;
  }
  interface FastifyContextConfig {
    access?: AccessRule;
  }
  interface FastifyInstance {
    deps: AppDeps;
    readCaches: ReadCaches | null;
    /** Compile every response serializer not compiled yet (they compile on first use); returns how many routes' serializers there are. */
    compileSerializers: () => number;
  }
}

/** A context for work the system does itself (CLI, demo loader): tenant-wide, audited as `system`. */
export function systemContext(
  db: Kysely<Database>,
  tenantId: string,
  now: Date,
  username = 'system',
): ServiceContext {
  return {
    db,
    tenantId,
    subject: {
      accountId: '',
      personId: null,
      grants: [{ role: 'system_admin', scope: 'tenant', unitId: null, unitPath: null }],
    },
    actor: { accountId: null, username },
    ip: null,
    now,
  };
}
