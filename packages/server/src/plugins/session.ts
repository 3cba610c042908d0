import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isSessionExpired, pickLang } from '@tianheng/core';
import { deleteSession, findSessionWithAccount, listGrants, touchSession } from '@tianheng/db';
import type { SessionEntry } from '../caches/read-caches.ts';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'th_session';

/** Only refresh `last_seen_at` when it is older than this, to spare a write per request. */
const TOUCH_AFTER_MS = 60_000;

/** A new random session token and the hash stored for it. */
export function newSessionToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

/** The stored form of a session token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Set the session cookie: HttpOnly, SameSite=Strict, Secure behind HTTPS. */
export function setSessionCookie(app: FastifyInstance, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: app.deps.cookieSecure,
  });
}

/** Remove the session cookie. */
export function clearSessionCookie(app: FastifyInstance, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: app.deps.cookieSecure,
  });
}

/** Read a session with its account, tenant and grants: two queries. */
async function loadSession(
  db: FastifyInstance['deps']['db'],
  hash: string,
): Promise<SessionEntry | undefined> {
  const row = await findSessionWithAccount(db, hash);
  if (!row) return undefined;
  // An expired or disabled session is ended by the caller; its grants are not needed.
  const grants = row.disabled
    ? []
    : ((await listGrants(db, row.tenantId, [row.accountId])).get(row.accountId) ?? []);
  return {
    auth: {
      tenantId: row.tenantId,
      tenantCode: row.tenantCode,
      sessionHash: hash,
      accountId: row.accountId,
      username: row.username,
      mustChangePassword: row.mustChangePassword,
      subject: { accountId: row.accountId, personId: row.personId, grants },
    },
    disabled: row.disabled,
    lastSeenAt: row.lastSeenAt,
  };
}

/**
 * Resolve the session cookie. With the read cache (ADR 0005) a session is read from the
 * database at most every few seconds, but the idle rule is applied to every request
 * exactly as without it: the cached `lastSeenAt` is the row's, moved together with it.
 */
async function resolveAuth(app: FastifyInstance, request: FastifyRequest): Promise<void> {
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return;
  const { db, clock } = app.deps;
  const cache = app.readCaches?.sessions;
  const hash = hashToken(token);
  const now = clock();
  const session = cache
    ? await cache.get(hash, now.getTime(), () => loadSession(db, hash))
    : await loadSession(db, hash);
  if (!session) return;
  const { tenantId } = session.auth;
  if (isSessionExpired(session.lastSeenAt, now)) {
    cache?.delete(hash);
    await deleteSession(db, tenantId, hash);
    request.authProblem = 'session-expired';
    return;
  }
  if (session.disabled) {
    cache?.delete(hash);
    await deleteSession(db, tenantId, hash);
    return;
  }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    // Moved before the write so concurrent requests on a cached session touch it once.
    session.lastSeenAt = now;
    try {
      await touchSession(db, tenantId, hash, now);
    } catch (error) {
      cache?.delete(hash);
      throw error;
    }
  }
  request.auth = session.auth;
}

/** Decorate every request with its language and, for /api calls, the signed-in account. */
export function installSession(app: FastifyInstance): void {
  app.decorateRequest('auth', null);
  app.decorateRequest('authProblem', null);
  app.decorateRequest('lang', 'zh-CN');
  app.addHook('onRequest', async (request) => {
    request.lang = pickLang(request.headers['accept-language']);
    if (request.url.startsWith('/api/')) await resolveAuth(app, request);
  });
}
