import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isSessionExpired, pickLang } from '@tianheng/core';
import {
  deleteSession,
  findSession,
  findTenant,
  loadAccountWithGrants,
  touchSession,
} from '@tianheng/db';
import type { Auth } from '../context.ts';

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

async function resolveAuth(app: FastifyInstance, request: FastifyRequest): Promise<void> {
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return;
  const { db, clock } = app.deps;
  const hash = hashToken(token);
  const session = await findSession(db, hash);
  if (!session) return;
  const now = clock();
  if (isSessionExpired(session.lastSeenAt, now)) {
    await deleteSession(db, session.tenantId, hash);
    request.authProblem = 'session-expired';
    return;
  }
  const [loaded, tenant] = await Promise.all([
    loadAccountWithGrants(db, session.tenantId, session.accountId),
    findTenant(db, session.tenantId),
  ]);
  if (!loaded || !tenant || loaded.account.disabled) {
    await deleteSession(db, session.tenantId, hash);
    return;
  }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_AFTER_MS)
    await touchSession(db, session.tenantId, hash, now);
  const { account, grants } = loaded;
  const auth: Auth = {
    tenantId: tenant.tenant_id,
    tenantCode: tenant.code,
    sessionHash: hash,
    accountId: account.account_id,
    username: account.username,
    mustChangePassword: account.must_change_password,
    subject: { accountId: account.account_id, personId: account.person_id, grants },
  };
  request.auth = auth;
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
