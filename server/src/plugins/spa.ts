import { existsSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** The built SPA: `client/dist`, or `CLIENT_DIST` (a build elsewhere, e.g. one per working copy's test run). */
export const CLIENT_DIST = process.env.CLIENT_DIST
  ? resolve(process.env.CLIENT_DIST)
  : resolve(dirname(fileURLToPath(import.meta.url)), '../../../client/dist');

/**
 * Serves the built SPA; any other GET outside /api answers index.html so that deep links
 * (a unit, a period, a KPI in the URL) open the app. The build's files under `assets/` are named
 * by their content, so a browser keeps them for a year without asking again; the page itself is
 * checked on every load, so a new build reaches everyone at once. Files go out as the build
 * compressed them (`.br`, `.gz` beside each) to browsers that accept it.
 */
export async function registerSpa(app: FastifyInstance, root = CLIENT_DIST): Promise<void> {
  if (!existsSync(resolve(root, 'index.html'))) {
    app.log.warn(`SPA not built at ${root}: run "npm run build"`);
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    preCompressed: true,
    cacheControl: false,
    setHeaders: (res, path) => {
      // what a shared cache hands out depends on what the browser said it accepts
      res.setHeader('vary', 'accept-encoding');
      res.setHeader('cache-control', path.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.get('/*', { schema: { hide: true } }, (req, reply) => {
    if (req.url.startsWith('/api/')) {
      return reply.code(404).send({ error: { code: 'not_found', message: 'route not found' } });
    }
    return reply.sendFile('index.html');
  });
}
