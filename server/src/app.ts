import type { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import { sessionReplySchema } from '@tiendo/shared';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import helmet, { strictTransportSecurity } from 'helmet';
import { z } from 'zod';
import type { Config, TrustProxy } from './config.ts';
import { closeReadWindow, noteLocalWrite, openReadWindow } from './db/change-token.ts';
import type { Db } from './db/client.ts';
import { registerAuth } from './plugins/auth.ts';
import { registerDocs } from './plugins/docs.ts';
import { frameworkError, registerErrorHandler } from './plugins/error-handler.ts';
import { registerSpa } from './plugins/spa.ts';
import { adminRoutes } from './routes/admin-routes.ts';
import { authRoutes, sessionAnswer } from './routes/auth-routes.ts';
import { catalogRoutes } from './routes/catalog-routes.ts';
import { figureRoutes } from './routes/figure-routes.ts';
import { meetingReportRoutes } from './routes/meeting-report-routes.ts';
import { meetingRoutes } from './routes/meeting-routes.ts';
import { notificationRoutes } from './routes/notification-routes.ts';
import { reportRoutes } from './routes/report-routes.ts';
import { submissionRoutes } from './routes/submission-routes.ts';
import { createServices, type Services } from './services/index.ts';
import { pools } from './services/render-pool.ts';

/** The largest upload taken: a filled template is tens of kilobytes. */
export const UPLOAD_MAX_BYTES = 2 * 1024 * 1024;

export interface BuildAppOptions {
  db: Db;
  /** `trustProxy: true` (believe every proxy) is for tests only; config.ts never yields it. */
  config: Pick<Config, 'today' | 'logLevel'> & Partial<Pick<Config, 'renderWorkers' | 'smtpUrl'>> & { trustProxy?: TrustProxy | boolean };
  /** Serve the built SPA (off in API tests). */
  serveSpa?: boolean;
  /** Where the built SPA is (default: `client/dist`, or `CLIENT_DIST`). */
  spaRoot?: string;
  /** Pass false to silence, or a logger config. */
  logger?: boolean | object;
}

/**
 * Fastify's `trustProxy` for TRUST_PROXY. A number is the count of proxies in front: the peer and
 * the next hops up to it are believed, so the client is that many entries from the right of
 * X-Forwarded-For (entries further left are the client's own text). Fastify itself now ignores a
 * bare number, hence the function.
 */
export function trustProxyOption(tp: TrustProxy | boolean): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof tp === 'number') return (_address, hop) => hop < tp;
  return tp;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
  interface FastifyRequest {
    /** Whether this request holds an open read window (change-token.ts). */
    readWindow: boolean;
  }
}

type HeaderMiddleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/**
 * The headers a helmet middleware sets, read from one run of it. Only for a policy that does not
 * depend on the request (no nonces): ours is fixed at start-up.
 */
export function headersOf(middleware: HeaderMiddleware): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
      return res;
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failed: unknown = null;
  middleware({ headers: {} } as IncomingMessage, res as unknown as ServerResponse, (err) => {
    failed = err ?? null;
  });
  if (failed) throw failed;
  return headers;
}

/** Builds the whole application on the given database; `server.ts` only listens. */
export async function buildApp(opts: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? { level: opts.config.logLevel },
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
    trustProxy: trustProxyOption(opts.config.trustProxy ?? false),
    // A URL that does not decode, or a parameter past maxParamLength, answers in the API's shape.
    frameworkErrors: frameworkError,
  });
  if (opts.config.renderWorkers) pools.reports.resize(opts.config.renderWorkers);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);

  const services = createServices(opts.db, opts.config);
  app.decorate('services', services);

  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: UPLOAD_MAX_BYTES, files: 1, fields: 10, parts: 11, fieldSize: 1024, headerPairs: 50 },
  });
  // A request that may write (anything but GET/HEAD/OPTIONS) tells the read caches, when it
  // arrives and again before its reply leaves, that this process may have committed: sessions,
  // accounts and settings it changed are read afresh by every later request (another process's
  // commits show through SQLite's data_version).
  const readOnly = new Set(['GET', 'HEAD', 'OPTIONS']);
  // Each request reads SQLite's data_version once, when it arrives, for every cache it consults
  // (change-token.ts: the read costs more than the rest of a cached reply); the window closes
  // when the reply has gone or the request was abandoned.
  app.decorateRequest('readWindow', false);
  const closeWindow = (req: FastifyRequest) => {
    if (!req.readWindow) return;
    req.readWindow = false;
    closeReadWindow(opts.db.sqlite);
  };
  app.addHook('onRequest', (req, _reply, done) => {
    if (!readOnly.has(req.method)) noteLocalWrite(opts.db.sqlite);
    // A request off a real socket may use a read made for another one a moment ago (change-token.ts).
    openReadWindow(opts.db.sqlite, req.raw.socket instanceof Socket);
    req.readWindow = true;
    done();
  });
  app.addHook('onResponse', (req, _reply, done) => {
    closeWindow(req);
    done();
  });
  app.addHook('onRequestAbort', (req, done) => {
    closeWindow(req);
    done();
  });
  app.addHook('onSend', (req, _reply, payload, done) => {
    if (!readOnly.has(req.method)) noteLocalWrite(opts.db.sqlite);
    done(null, payload);
  });

  // Security headers from helmet, written once: with a fixed policy its middleware sets the same
  // headers on every reply, so they are taken from one run of it and handed to each reply as a
  // block (re-running it cost every request a dozen header writes and the policy's checks).
  const securityHeaders = headersOf(
    helmet({
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
      // Sent below, and only over TLS: over plain HTTP the header means nothing and misleads.
      strictTransportSecurity: false,
    }),
  );
  const hsts = headersOf(strictTransportSecurity({ maxAge: 365 * 24 * 3600, includeSubDomains: true }));
  app.addHook('onRequest', (req, reply, done) => {
    reply.headers(securityHeaders);
    // `protocol` is https when the socket is TLS, or when a trusted proxy says it was.
    if (req.protocol === 'https') reply.headers(hsts);
    done();
  });
  // Replies of the API (figures, accounts, tokens, errors) are never kept by a browser or a
  // shared cache: the next person at an office computer must not read them from the cache.
  app.addHook('onSend', (req, reply, payload, done) => {
    if (req.url.startsWith('/api/') && !req.url.startsWith('/api/docs') && !reply.hasHeader('cache-control')) {
      reply.header('cache-control', 'no-store');
    }
    done(null, payload);
  });
  registerAuth(app, services);
  await registerDocs(app);
  await app.register(authRoutes(services));
  await app.register(catalogRoutes(services));
  await app.register(figureRoutes(services));
  await app.register(reportRoutes(services, opts.config.today));
  await app.register(meetingReportRoutes(services));
  await app.register(meetingRoutes(services));
  await app.register(adminRoutes(services));
  await app.register(submissionRoutes(services));
  await app.register(notificationRoutes(services));
  if (opts.serveSpa) {
    const session = sessionAnswer(services);
    await registerSpa(app, opts.spaRoot, (req, reply) => z.encode(sessionReplySchema, session(req, reply)));
  }
  return app;
}
