import type { FastifyInstance, FastifyRequest } from 'fastify';
import { allowedActions, authorize } from '@tianheng/core';
import { appendAudit } from '@tianheng/db';
import type { Auth, ServiceContext } from '../context.ts';
import { AppError } from '../errors.ts';

/** Paths a signed-in account may use before changing its initial password. */
const allowedBeforePasswordChange = new Set([
  '/api/auth/me',
  '/api/auth/password',
  '/api/auth/logout',
]);

/** The service context of a signed-in request. */
export function contextOf(app: FastifyInstance, request: FastifyRequest): ServiceContext {
  const auth = requireAuth(request);
  return {
    db: app.deps.db,
    tenantId: auth.tenantId,
    subject: auth.subject,
    actor: { accountId: auth.accountId, username: auth.username },
    ip: request.ip,
    now: app.deps.clock(),
    caches: app.readCaches,
  };
}

/** The signed-in account of a request, or the 401 that explains why there is none. */
export function requireAuth(request: FastifyRequest): Auth {
  if (request.auth) return request.auth;
  throw new AppError(request.authProblem ?? 'unauthenticated');
}

/**
 * Enforce each route's declared {@link AccessRule}. The one place where role × action ×
 * scope is checked for HTTP; handlers never look at roles. Refusals are audited.
 */
export function installAccessControl(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const path = route.url;
    if (!path.startsWith('/api/') || path.startsWith('/api/docs')) return;
    if (route.config?.access === undefined) {
      throw new Error(`route ${route.method.toString()} ${path} declares no access rule`);
    }
  });

  app.addHook('preHandler', async (request) => {
    const rule = request.routeOptions.config.access;
    if (rule === undefined || rule.kind === 'public') return;
    const auth = requireAuth(request);
    const path = request.routeOptions.url ?? '';
    if (auth.mustChangePassword && !allowedBeforePasswordChange.has(path)) {
      throw new AppError('password-change-required');
    }
    if (rule.kind === 'signed-in') return;
    const ctx = contextOf(app, request);
    const denied = async (objectId: string | null): Promise<never> => {
      await appendAudit(app.deps.db, {
        tenantId: auth.tenantId,
        at: ctx.now,
        actorAccountId: auth.accountId,
        actorUsername: auth.username,
        action: rule.action,
        objectType: 'endpoint',
        objectId,
        result: 'denied',
        detail: { method: request.method, path },
        ip: request.ip,
      });
      throw new AppError('forbidden');
    };
    if (!rule.targets) {
      if (!allowedActions(auth.subject.grants).includes(rule.action)) await denied(null);
      return;
    }
    for (const target of await rule.targets(request, ctx)) {
      if (!authorize(auth.subject, rule.action, target).ok) {
        await denied(
          target.kind === 'person'
            ? target.personId
            : target.kind === 'unit'
              ? target.unitId
              : null,
        );
      }
    }
  });
}
