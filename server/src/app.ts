import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { Db } from './db/client.ts';
import { registerDocs } from './plugins/docs.ts';
import { registerErrorHandler } from './plugins/error-handler.ts';
import { registerSpa } from './plugins/spa.ts';
import { catalogRoutes } from './routes/catalog-routes.ts';
import { figureRoutes } from './routes/figure-routes.ts';
import { createServices, type Services } from './services/index.ts';

export interface BuildAppOptions {
  db: Db;
  config: Pick<Config, 'today' | 'logLevel'>;
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
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);

  const services = createServices(opts.db, opts.config);
  app.decorate('services', services);

  await registerDocs(app);
  await app.register(catalogRoutes(services));
  await app.register(figureRoutes(services));
  if (opts.serveSpa) await registerSpa(app);
  return app;
}
