import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { sessionBlock } from '@tiendo/shared/page';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { EncodedBody, sendEncoded } from '../http-encoding.ts';

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
 *
 * The page carries who is looking (`session`, what GET /api/auth/session answers) in a JSON data
 * block, so the app asks for the dashboard's figures as soon as its script has run instead of
 * first asking who it is: one round trip fewer before anything is on screen, which under load is
 * the longest wait of the page (see README, Benchmark). The page is then about one person and
 * is kept by no cache, like the API's replies.
 */
export async function registerSpa(
  app: FastifyInstance,
  root = CLIENT_DIST,
  session?: (req: FastifyRequest, reply: FastifyReply) => unknown,
): Promise<void> {
  if (!existsSync(resolve(root, 'index.html'))) {
    app.log.warn(`SPA not built at ${root}: run "npm run build"`);
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    // the page is answered below, with the session in it, at `/`, `/index.html` and every route of the app
    index: false,
    globIgnore: ['index.html', 'index.html.br', 'index.html.gz'],
    preCompressed: true,
    cacheControl: false,
    setHeaders: (res, path) => {
      // what a shared cache hands out depends on what the browser said it accepts
      res.setHeader('vary', 'accept-encoding');
      res.setHeader('cache-control', path.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  // Read once: a new build is served by a restarted server (`npm start` builds, then starts).
  const page = readFileSync(resolve(root, 'index.html'), 'utf8');
  const at = page.indexOf('</head>');
  const sendPage = (req: FastifyRequest, reply: FastifyReply) => {
    let html = page;
    if (session && at >= 0) {
      try {
        html = `${page.slice(0, at)}${sessionBlock(session(req, reply))}${page.slice(at)}`;
      } catch (err) {
        // Whatever went wrong (the database busy past its timeout), the app still opens: without
        // the block it asks /api/auth/session itself, and shows that request's error if it fails.
        req.log.error({ err }, 'the page is sent without its session');
      }
    }
    reply.header('cache-control', 'no-store');
    sendEncoded(req, reply, new EncodedBody(Buffer.from(html), 'once'), 'text/html; charset=utf-8');
  };
  app.get('/', { schema: { hide: true } }, sendPage);
  app.get('/*', { schema: { hide: true } }, (req, reply) => {
    if (req.url.startsWith('/api/')) {
      return reply.code(404).send({ error: { code: 'not_found', message: 'route not found' } });
    }
    return sendPage(req, reply);
  });
}
