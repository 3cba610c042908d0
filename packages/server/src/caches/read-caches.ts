import type { DirectoryPerson, PeopleDirectory } from '@tianheng/db';
import type { Auth, ServiceContext } from '../context.ts';
import { LoadingCache } from './loading-cache.ts';

/**
 * How long a resolved session is served from memory before it is read again. Writes in
 * this process invalidate at once; the TTL only bounds what an unforeseen writer could
 * leave behind (ADR 0005).
 */
export const SESSION_CACHE_TTL_MS = 5_000;

/** A session as the session plugin resolved it from the database. */
export interface SessionEntry {
  readonly auth: Auth;
  readonly disabled: boolean;
  /** Mirrors the row's `last_seen_at`; the plugin moves both together. */
  lastSeenAt: Date;
}

/** A tenant's people directory with each person's list entry already serialised (UTF-8 JSON). */
export interface CachedPeopleDirectory extends PeopleDirectory {
  readonly people: readonly (DirectoryPerson & { readonly summaryJson: Buffer })[];
}

/** The in-process read caches of one app (ADR 0005). */
export interface ReadCaches {
  /** Resolved sessions by session hash. */
  readonly sessions: LoadingCache<string, SessionEntry>;
  /** Each tenant's people directory, by tenant id. */
  readonly people: LoadingCache<string, CachedPeopleDirectory>;
}

/** New, empty read caches. */
export function createReadCaches(): ReadCaches {
  return {
    sessions: new LoadingCache(SESSION_CACHE_TTL_MS, 10_000),
    people: new LoadingCache(Number.POSITIVE_INFINITY, 1_000),
  };
}

/**
 * Call after (not inside) a committed transaction that wrote units, people, assignments,
 * lines or villages of the context's tenant: the next list reads the database again.
 */
export function peopleChanged(ctx: ServiceContext): void {
  ctx.caches?.people.delete(ctx.tenantId);
}

/**
 * Call after units moved: grants carry unit paths, so the tenant's sessions are resolved
 * again (and the people directory too).
 */
export function unitsMoved(ctx: ServiceContext): void {
  peopleChanged(ctx);
  ctx.caches?.sessions.deleteWhere((_hash, entry) => entry.auth.tenantId === ctx.tenantId);
}

/**
 * Call after an account's sessions, password, grants, person or disabled flag changed:
 * every cached session of the account is resolved from the database again.
 */
export function accountChanged(ctx: ServiceContext, accountId: string): void {
  ctx.caches?.sessions.deleteWhere(
    (_hash, entry) => entry.auth.tenantId === ctx.tenantId && entry.auth.accountId === accountId,
  );
}

/** Call after a session ended (logout). */
export function sessionEnded(ctx: ServiceContext, sessionHash: string): void {
  ctx.caches?.sessions.delete(sessionHash);
}
