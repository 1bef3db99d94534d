import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fastifyStatic from '@fastify/static';
import { LANG_COOKIE, sessionBlock } from '@tiendo/shared/page';
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
 *
 * The page also carries the dashboard's first frame, rendered by the app's own components from
 * that session (`client/src/first-frame.tsx`, built into `ssr/` beside the app and never served):
 * the heading and the page's frame are on screen as soon as the page and its style sheet are,
 * before the app's script has been read and run, which then takes the frame over as it is
 * (`client/src/start.tsx`). A frame is kept for the same session block, address and language (a
 * reload, a leader coming back to the dashboard).
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
    globIgnore: ['index.html', 'index.html.br', 'index.html.gz', 'ssr/**'],
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
  const frames = session ? await firstFrames(app, root) : null;
  const sendPage = (req: FastifyRequest, reply: FastifyReply) => {
    let html = page;
    if (session && at >= 0) {
      let value: unknown;
      try {
        value = session(req, reply);
      } catch (err) {
        // Whatever went wrong (the database busy past its timeout), the app still opens: without
        // the block it asks /api/auth/session itself, and shows that request's error if it fails.
        req.log.error({ err }, 'the page is sent without its session');
      }
      if (value !== undefined) {
        const block = sessionBlock(value);
        html = `${page.slice(0, at)}${block}${page.slice(at)}`;
        if (frames) html = frames.into(html, req, value, block);
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

/** The first-frame module's one export (`client/src/first-frame.tsx`). */
type RenderFirstFrame = (session: unknown, url: string, lang: 'vi' | 'en') => string | null;

const ROOT = '<div id="root"></div>';
const FRAMES_KEPT = 1000;

/**
 * The build's first-frame renderer, or null when the build has none (a build from before it, or a
 * test's page): the page is then sent without a frame and the app draws its first one itself.
 */
async function firstFrames(app: FastifyInstance, root: string) {
  const file = resolve(root, 'ssr', 'first-frame.mjs');
  if (!existsSync(file)) return null;
  let render: RenderFirstFrame;
  try {
    const mod = (await import(pathToFileURL(file).href)) as { renderFirstFrame?: unknown };
    if (typeof mod.renderFirstFrame !== 'function') throw new Error('no renderFirstFrame export');
    render = mod.renderFirstFrame as RenderFirstFrame;
  } catch (err) {
    app.log.warn({ err }, `the page's first frame is not rendered: ${file} cannot be loaded`);
    return null;
  }
  // Frames by language, address and session block (which names the account, its session's token
  // and the catalogue it was sent with), so a kept frame is never another reader's or stale.
  const kept = new Map<string, string | null>();
  const frameOf = (req: FastifyRequest, value: unknown, block: string, lang: 'vi' | 'en'): string | null => {
    const key = `${lang}\n${req.url}\n${block}`;
    const hit = kept.get(key);
    if (hit !== undefined) return hit;
    let frame: string | null = null;
    try {
      frame = render(value, req.url, lang);
    } catch (err) {
      // the app draws its first frame itself, as without the module; kept, so logged once
      req.log.error({ err }, 'the first frame of the page could not be rendered');
    }
    if (kept.size >= FRAMES_KEPT) kept.clear();
    kept.set(key, frame);
    return frame;
  };
  return {
    /** The page with the reader's first frame in its root and the language on its `<html>`. */
    into(html: string, req: FastifyRequest, value: unknown, block: string): string {
      const lang = req.cookies?.[LANG_COOKIE] === 'en' ? 'en' : 'vi';
      const frame = frameOf(req, value, block, lang);
      // Inert until the app has taken it over (a click on it would reach no handler, a choice made
      // in it would be lost). A function, so that nothing in the frame is read as a replacement
      // pattern (`$&`).
      let out = frame ? html.replace(ROOT, () => `<div id="root" inert>${frame}</div>`) : html;
      if (lang === 'en') out = out.replace('<html lang="vi">', '<html lang="en">');
      return out;
    },
  };
}
