import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import helmet from 'helmet';
import type { Config } from './config.ts';
import { noteLocalWrite } from './db/change-token.ts';
import type { Db } from './db/client.ts';
import { registerAuth } from './plugins/auth.ts';
import { registerDocs } from './plugins/docs.ts';
import { registerErrorHandler } from './plugins/error-handler.ts';
import { registerSpa } from './plugins/spa.ts';
import { adminRoutes } from './routes/admin-routes.ts';
import { authRoutes } from './routes/auth-routes.ts';
import { catalogRoutes } from './routes/catalog-routes.ts';
import { figureRoutes } from './routes/figure-routes.ts';
import { meetingReportRoutes } from './routes/meeting-report-routes.ts';
import { meetingRoutes } from './routes/meeting-routes.ts';
import { reportRoutes } from './routes/report-routes.ts';
import { submissionRoutes } from './routes/submission-routes.ts';
import { createServices, type Services } from './services/index.ts';

export interface BuildAppOptions {
  db: Db;
  config: Pick<Config, 'today' | 'logLevel'> & Partial<Pick<Config, 'trustProxy'>>;
  /** Serve the built SPA (off in API tests). */
  serveSpa?: boolean;
  /** Pass false to silence, or a logger config. */
  logger?: boolean | object;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}

/** Builds the whole application on the given database; `server.ts` only listens. */
export async function buildApp(opts: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? { level: opts.config.logLevel },
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
    trustProxy: opts.config.trustProxy ?? false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);

  const services = createServices(opts.db, opts.config);
  app.decorate('services', services);

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 10 * 1024 * 1024, files: 1, fields: 10 } });
  // A request that may write (anything but GET/HEAD/OPTIONS) tells the read caches, when it
  // arrives and again before its reply leaves, that this process may have committed: sessions,
  // accounts and settings it changed are read afresh by every later request (another process's
  // commits show through SQLite's data_version).
  const readOnly = new Set(['GET', 'HEAD', 'OPTIONS']);
  app.addHook('onRequest', (req, _reply, done) => {
    if (!readOnly.has(req.method)) noteLocalWrite(opts.db.sqlite);
    done();
  });
  app.addHook('onSend', (req, _reply, payload, done) => {
    if (!readOnly.has(req.method)) noteLocalWrite(opts.db.sqlite);
    done(null, payload);
  });

  // Security headers from helmet, its middleware built once (the Fastify wrapper builds it again
  // for every request, re-parsing the policy each time).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // React sets styles through the DOM; recharts and the docs add inline style attributes.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    // Same-origin SPA: no need for cross-origin isolation headers that would break downloads.
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (req, reply, done) => {
    securityHeaders(req.raw, reply.raw, (err?: unknown) => done(err as Error | undefined));
  });
  registerAuth(app, services);
  await registerDocs(app);
  await app.register(authRoutes(services));
  await app.register(catalogRoutes(services));
  await app.register(figureRoutes(services));
  await app.register(reportRoutes(services));
  await app.register(meetingReportRoutes(services));
  await app.register(meetingRoutes(services));
  await app.register(adminRoutes(services));
  await app.register(submissionRoutes(services));
  if (opts.serveSpa) await registerSpa(app);
  return app;
}
