import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import addFormats from 'ajv-formats';
import { createReadCaches } from './caches/read-caches.ts';
import type { AppDeps } from './context.ts';
import { installAccessControl } from './plugins/access.ts';
import { lazySerializers } from './plugins/lazy-serializers.ts';
import { errorBody, installErrorHandler } from './plugins/error-handler.ts';
import { installSession } from './plugins/session.ts';
import { accountRoutes } from './routes/account.routes.ts';
import { auditRoutes } from './routes/audit.routes.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { addAssessmentSchemas } from './routes/assessment.schemas.ts';
import { factRoutes } from './routes/fact.routes.ts';
import { importRoutes } from './routes/import.routes.ts';
import { lookupRoutes } from './routes/lookup.routes.ts';
import { orgRoutes } from './routes/org.routes.ts';
import { peopleRoutes } from './routes/people.routes.ts';
import { periodRoutes } from './routes/period.routes.ts';
import { resultRoutes } from './routes/result.routes.ts';
import { schemeRoutes } from './routes/scheme.routes.ts';
import { scoreRoutes } from './routes/score.routes.ts';
import { devRoutes } from './routes/dev.routes.ts';
import { notificationRoutes } from './routes/notification.routes.ts';
import { workRoutes } from './routes/work.routes.ts';
import { cardRoutes } from './routes/card.routes.ts';
import { supervisionRoutes } from './routes/supervision.routes.ts';
import { workloadRoutes } from './routes/workload.routes.ts';
import { taskForceRoutes } from './routes/task-force.routes.ts';
import { documentRoutes } from './routes/document.routes.ts';
import { attachmentRoutes } from './routes/attachment.routes.ts';
import { ErrorSchema } from './routes/schemas.ts';
import { systemRoutes } from './routes/system.routes.ts';

/** Largest JSON body accepted (1 MiB); uploads have their own limit. */
export const JSON_BODY_LIMIT = 1024 * 1024;
/** Largest uploaded file (10 MiB). */
export const UPLOAD_LIMIT = 10 * 1024 * 1024;

/** Route modules, registered in this order. Later issues add theirs here. */
const routeModules: ((app: FastifyInstance) => void)[] = [
  systemRoutes,
  authRoutes,
  accountRoutes,
  auditRoutes,
  lookupRoutes,
  orgRoutes,
  peopleRoutes,
  importRoutes,
  addAssessmentSchemas,
  schemeRoutes,
  periodRoutes,
  factRoutes,
  resultRoutes,
  scoreRoutes,
  workRoutes,
  notificationRoutes,
  devRoutes,
  cardRoutes,
  supervisionRoutes,
  workloadRoutes,
  taskForceRoutes,
  documentRoutes,
  attachmentRoutes,
];

/** Register more route modules (used by modules that live outside this file). */
export function registerRouteModule(module: (app: FastifyInstance) => void): void {
  routeModules.push(module);
}

/** Build the Fastify app: sessions, access control, audit, OpenAPI, routes and the web app. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  // Response serializers compile on a route's first answer, not at start (ADR 0013).
  const serializers = lazySerializers();
  const app = Fastify({
    schemaController: { compilersFactory: { buildSerializer: serializers.factory } },
    logger: deps.logger ? { level: 'info' } : false,
    bodyLimit: JSON_BODY_LIMIT,
    // Signal ids name rule, period, person and group (`last-in-county:<uuid>:<uuid>:…`).
    routerOptions: { maxParamLength: 300 },
    trustProxy: true,
    ajv: {
      customOptions: { allErrors: false, coerceTypes: 'array', removeAdditional: false },
      plugins: [addFormats.default as never],
    },
  });
  app.decorate('deps', deps);
  app.decorate('compileSerializers', serializers.compileAll);
  app.decorate(
    'readCaches',
    (deps.readCaches ?? deps.databaseKind === 'pglite') ? createReadCaches() : null,
  );
  // The API speaks JSON (and multipart for uploads) only: other bodies get 415, not a confusing 400.
  app.removeContentTypeParser('text/plain');
  installErrorHandler(app);
  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: UPLOAD_LIMIT, files: 1, fields: 10 },
    throwFileSizeLimit: true,
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Tianheng API',
        description:
          'Tianheng (天衡) digital performance management. Errors are JSON { code, message, field? }; send Accept-Language: en for English messages.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'th_session' } },
      },
      security: [{ session: [] }],
    },
    refResolver: {
      buildLocalReference: (json, _base, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.addSchema(ErrorSchema);
  installSession(app);
  installAccessControl(app);

  for (const module of routeModules) module(app);
  app.get(
    '/api/openapi.json',
    { config: { access: { kind: 'public' } }, schema: { hide: true } },
    () => app.swagger(),
  );

  const webRoot =
    deps.webRoot && existsSync(resolve(deps.webRoot, 'index.html')) ? resolve(deps.webRoot) : null;
  if (webRoot) await app.register(fastifyStatic, { root: webRoot, wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    if (webRoot && request.method === 'GET' && !request.url.startsWith('/api/'))
      return reply.sendFile('index.html');
    return reply.status(404).send(errorBody('not-found', request.lang));
  });
  return app;
}
