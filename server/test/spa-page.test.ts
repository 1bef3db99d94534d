/**
 * The page carries who is looking, and replies go out compressed as the browser asks.
 *
 * - The SPA's page has the session in a JSON data block: exactly what GET /api/auth/session
 *   answers for the same cookie (signed in, signed out, or a cookie that names no session, which
 *   is cleared), escaped so that nothing in it ends the block, and kept by no cache.
 * - Cached replies (figures, trends, breakdowns) and the page are sent in Brotli or gzip when the
 *   request accepts it, the same bytes once decoded, and as they are otherwise.
 * - With the build's first-frame module (`ssr/first-frame.mjs`), the page carries what it renders
 *   for the session, the address and the language cookie, in the root the app draws into; a frame
 *   is rendered once for the same three; a renderer that fails or is missing leaves the page as
 *   the build's; the module is never served. (The real module, in the browser: e2e/first-frame.)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { smallWorld } from '@tiendo/seed/factories';
import { SESSION_BLOCK_ID } from '@tiendo/shared/page';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_LAST_CLOSED } from './constants.ts';
import { createTestApp, DEMO_PASSWORD, type Session, type TestContext } from './helpers.ts';

const PAGE = `<!doctype html>
<html lang="vi">
  <head>
    <meta charset="UTF-8" />
    <title>Tiến độ 06</title>
    <script type="module" crossorigin src="/assets/index-test.js"></script>
  </head>
  <body>
    <div id="root"></div>
  </body>
</html>
`;

let dist: string;
let t: TestContext;
let leader: Session;

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'tiendo-spa-'));
  writeFileSync(join(dist, 'index.html'), PAGE);
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'assets', 'index-test.js'), 'console.log("app");\n');
  t = await createTestApp({ world: smallWorld(), spaRoot: dist });
  leader = await t.login('lanhdao');
});
afterAll(async () => {
  await t.close();
  rmSync(dist, { recursive: true, force: true });
});

const OPEN = `<script id="${SESSION_BLOCK_ID}" type="application/json">`;

/** The body as sent, decoded by its Content-Encoding. */
function decoded(r: LightMyRequestResponse): string {
  const raw = r.rawPayload;
  const enc = r.headers['content-encoding'];
  return (enc === 'br' ? brotliDecompressSync(raw) : enc === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
}

function block(html: string): unknown {
  const at = html.indexOf(OPEN);
  expect(at, 'the page has the session block').toBeGreaterThan(0);
  const end = html.indexOf('</script>', at);
  return JSON.parse(html.slice(at + OPEN.length, end));
}

const page = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

describe('the page with the session in it', () => {
  it('says signed out to a visitor without a session, and is kept by no cache', async () => {
    const r = await page('/');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['cache-control']).toBe('no-store');
    const html = decoded(r);
    expect(block(html)).toEqual({ state: 'signed-out' });
    // the block sits in the head, before the app's script runs; the rest of the page is the build's
    expect(html.indexOf(OPEN)).toBeLessThan(html.indexOf('</head>'));
    expect(html.replace(/<script id="tiendo-session"[^<]*<\/script>/, '')).toBe(PAGE);
    expect(r.headers['set-cookie']).toBeUndefined();
  });

  it('carries for a signed-in leader exactly what GET /api/auth/session answers, on every route of the app', async () => {
    const session = await t.get<unknown>(leader, '/api/auth/session');
    expect(session.status).toBe(200);
    for (const url of ['/', '/?unit=01', `/?unit=00001&period=${TEST_LAST_CLOSED}`, '/report', '/admin/users']) {
      const r = await page(url, leader.headers);
      expect(r.statusCode, url).toBe(200);
      expect(block(decoded(r)), url).toEqual(session.body);
    }
  });

  it('says signed out for a cookie that names no session, and clears it', async () => {
    const r = await page('/', { cookie: 'tiendo_session=not-a-session' });
    expect(block(decoded(r))).toEqual({ state: 'signed-out' });
    expect(String(r.headers['set-cookie'])).toMatch(/^tiendo_session=;/);
  });

  it('writes nothing that could end the block early, and reads back the same text', async () => {
    const name = 'Tổ </script><script>alert(1)</script><!-- Đội 06';
    await t.app.services.users.create(
      { username: 'chen.thu', displayName: name, unitCode: '01', role: 'leader', password: DEMO_PASSWORD, demo: true },
      null,
    );
    const s = await t.login('chen.thu');
    const html = decoded(await page('/', s.headers));
    const inBlock = html.slice(html.indexOf(OPEN) + OPEN.length, html.indexOf('</script>', html.indexOf(OPEN)));
    expect(inBlock).not.toContain('<');
    expect((block(html) as { user: { displayName: string } }).user.displayName).toBe(name);
  });

  it('still opens the app when the session cannot be read: the page goes without its block', async () => {
    const broken = await createTestApp({ world: smallWorld(), spaRoot: dist });
    try {
      const s = await broken.login('lanhdao');
      // the sessions' table gone from under the server: reading the cookie's session throws
      broken.db.sqlite.exec('ALTER TABLE sessions RENAME TO sessions_gone');
      const r = await broken.app.inject({ method: 'GET', url: '/', headers: s.headers });
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(decoded(r)).toBe(PAGE);
    } finally {
      broken.db.sqlite.exec('ALTER TABLE sessions_gone RENAME TO sessions');
      await broken.close();
    }
  });

  it('still answers 404 in JSON for an API route that does not exist', async () => {
    const r = await page('/api/no-such-route', leader.headers);
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('compressed as the browser asks', () => {
  const figures = `/api/units/01/figures?period=${TEST_LAST_CLOSED}`;
  const breakdowns = `/api/units/01/breakdowns?period=${TEST_LAST_CLOSED}`;
  const trends = `/api/units/01/trends?from=2026-01&to=${TEST_LAST_CLOSED}`;

  it('sends the same JSON in Brotli, in gzip or as it is, and tells caches it depends on Accept-Encoding', async () => {
    for (const url of [figures, breakdowns, trends, '/']) {
      const plain = await page(url, leader.headers);
      expect(plain.statusCode, url).toBe(200);
      expect(plain.headers['content-encoding'], url).toBeUndefined();
      const text = plain.body;
      for (const [accept, expected] of [
        ['gzip, deflate, br, zstd', 'br'],
        ['gzip, deflate', 'gzip'],
        ['br;q=0, gzip', 'gzip'],
        ['identity', undefined],
        ['zstd', undefined],
      ] as const) {
        const r = await page(url, { ...leader.headers, 'accept-encoding': accept });
        expect(r.statusCode, `${url} ${accept}`).toBe(200);
        expect(r.headers['content-encoding'], `${url} ${accept}`).toBe(expected);
        expect(r.headers.vary, `${url} ${accept}`).toBe('accept-encoding');
        // the page's CSRF token and the figures' values are the same, whatever the encoding
        if (url === '/') expect(block(decoded(r))).toEqual(block(text));
        else expect(JSON.parse(decoded(r)), `${url} ${accept}`).toEqual(JSON.parse(text));
        if (expected) expect(r.rawPayload.length, `${url} ${accept}`).toBeLessThan(Buffer.byteLength(text));
      }
    }
  });

  it('sends a short reply as it is, whatever is accepted', async () => {
    const small = `/api/units/00001-01/figures?period=${TEST_LAST_CLOSED}`;
    const plain = await page(small, leader.headers);
    expect(plain.statusCode).toBe(200);
    if (Buffer.byteLength(plain.body) < 1400) {
      const r = await page(small, { ...leader.headers, 'accept-encoding': 'br' });
      expect(r.headers['content-encoding']).toBeUndefined();
      expect(r.body).toBe(plain.body);
    } else {
      throw new Error(`the team's figures (${Buffer.byteLength(plain.body)} B) are no short reply: pick another`);
    }
  });

  it('compresses a cached reply once, and again only once the figures changed', async () => {
    const view = { basis: 'submitted', map: 'period' } as const;
    const svc = t.app.services.figures;
    const first = svc.figuresJson('01', TEST_LAST_CLOSED, view).for('br').body;
    // the same compressed bytes, not bytes compressed again to the same result
    expect(svc.figuresJson('01', TEST_LAST_CLOSED, view).for('br').body).toBe(first);
    expect(svc.breakdownsJson('01', TEST_LAST_CLOSED, view).for('gzip').body).toBe(
      svc.breakdownsJson('01', TEST_LAST_CLOSED, view).for('gzip').body,
    );
    // a team's figure of that month changes the city's: a new reply, compressed anew
    const changed = t.app.services.rollups.applyFigures(
      'submitted',
      t.app.services.catalog.get(),
      [
        {
          unit: t.app.services.catalog.unitAt('00001-01', TEST_LAST_CLOSED),
          kpi: t.app.services.catalog.get().kpis.find((k) => k.code === 'dinh_danh_tiep_nhan') as never,
          period: TEST_LAST_CLOSED,
          input: { value: 4321 },
        },
      ],
      null,
      new Date().toISOString(),
    );
    expect(changed).toEqual([true]);
    const after = svc.figuresJson('01', TEST_LAST_CLOSED, view).for('br').body;
    expect(after).not.toBe(first);
    expect(after.equals(first)).toBe(false);
  });

  it('answers `/index.html` and HEAD as the page itself, never the bare file of the build', async () => {
    const viaFile = await page('/index.html', leader.headers);
    expect(viaFile.statusCode).toBe(200);
    expect(viaFile.headers['cache-control']).toBe('no-store');
    expect(viaFile.headers.etag).toBeUndefined();
    expect(block(decoded(viaFile))).toMatchObject({ state: 'signed-in' });
    const head = await t.app.inject({ method: 'HEAD', url: '/', headers: { ...leader.headers, 'accept-encoding': 'br' } });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-encoding']).toBe('br');
    expect(head.body).toBe('');
  });

  it('never sends an encoding the request refused by name, even with `*`', async () => {
    for (const [accept, expected] of [
      ['br;q=0, *', 'gzip'],
      ['gzip;q=0, *', 'br'],
      ['br;q=0, gzip;q=0, *', undefined],
      ['*;q=0', undefined],
      ['BR', 'br'],
    ] as const) {
      const r = await page(figures, { ...leader.headers, 'accept-encoding': accept });
      expect(r.headers['content-encoding'], accept).toBe(expected);
      expect(JSON.parse(decoded(r)), accept).toMatchObject({ unit: { code: '01' } });
    }
  });
});

/** A stand-in for the build's first-frame module: says what it was given, and counts its calls. */
const FRAME_MODULE = `
export function renderFirstFrame(session, url, lang) {
  globalThis.__tiendoFrameCalls = (globalThis.__tiendoFrameCalls ?? 0) + 1;
  if (session.state !== 'signed-in') return null;
  if (url.includes('boom')) throw new Error('the frame failed');
  return '<p data-frame>' + session.user.username + ' ' + lang + ' ' + url.replace(/&/g, '&amp;') + " $& $' $1</p>";
}
`;

describe("the page with the dashboard's first frame in it", () => {
  let framed: TestContext;
  let withFrames: string;
  let s: Session;
  const calls = () => (globalThis as { __tiendoFrameCalls?: number }).__tiendoFrameCalls ?? 0;
  const root = (html: string) => html.slice(html.indexOf('<div id="root"'), html.indexOf('</div>', html.indexOf('<div id="root"')) + 6);

  beforeAll(async () => {
    withFrames = mkdtempSync(join(tmpdir(), 'tiendo-spa-ssr-'));
    writeFileSync(join(withFrames, 'index.html'), PAGE);
    mkdirSync(join(withFrames, 'ssr'));
    writeFileSync(join(withFrames, 'ssr', 'first-frame.mjs'), FRAME_MODULE);
    framed = await createTestApp({ world: smallWorld(), spaRoot: withFrames });
    s = await framed.login('lanhdao');
  });
  afterAll(async () => {
    await framed.close();
    rmSync(withFrames, { recursive: true, force: true });
  });

  it('puts the frame rendered for the session, the address and the language in the root, as written', async () => {
    const vi = decoded(await framed.app.inject({ method: 'GET', url: '/?unit=01&period=2026-10', headers: s.headers }));
    // `$&` and the like are the frame's own text, not patterns of the replacement
    // inert until the app replaces it
    expect(root(vi)).toBe(`<div id="root" inert><p data-frame>lanhdao vi /?unit=01&amp;period=2026-10 $& $' $1</p></div>`);
    expect(vi).toContain('<html lang="vi">');
    expect(block(vi)).toMatchObject({ state: 'signed-in', user: { username: 'lanhdao' } });
    const en = decoded(
      await framed.app.inject({ method: 'GET', url: '/', headers: { ...s.headers, cookie: `${s.headers.cookie}; tiendo_lang=en` } }),
    );
    expect(root(en)).toBe(`<div id="root" inert><p data-frame>lanhdao en / $& $' $1</p></div>`);
    expect(en).toContain('<html lang="en">');
    expect(en).not.toContain('<html lang="vi">');
  });

  it('renders a frame once for the same session, address and language, and anew for another session', async () => {
    const url = '/?unit=01&kpi=dinh_danh_tiep_nhan';
    const before = calls();
    const first = decoded(await framed.app.inject({ method: 'GET', url, headers: s.headers }));
    const again = decoded(await framed.app.inject({ method: 'GET', url, headers: s.headers }));
    expect(again).toBe(first);
    expect(calls()).toBe(before + 1);
    const other = await framed.login('lanhdao');
    const theirs = decoded(await framed.app.inject({ method: 'GET', url, headers: other.headers }));
    expect(calls()).toBe(before + 2);
    // the other session's page has its own block (its own CSRF token) around the same frame
    expect(root(theirs)).toBe(root(first));
    expect(block(theirs)).not.toEqual(block(first));
  });

  it('leaves the root empty for a visitor signed out, and the page as the build has it', async () => {
    const r = await framed.app.inject({ method: 'GET', url: '/' });
    expect(r.statusCode).toBe(200);
    expect(decoded(r).replace(/<script id="tiendo-session"[^<]*<\/script>/, '')).toBe(PAGE);
  });

  it('sends the page without a frame when the renderer fails, and never serves the module', async () => {
    const r = await framed.app.inject({ method: 'GET', url: '/?boom=1', headers: s.headers });
    expect(r.statusCode).toBe(200);
    const html = decoded(r);
    expect(root(html)).toBe('<div id="root"></div>');
    expect(block(html)).toMatchObject({ state: 'signed-in' });
    for (const url of ['/ssr/first-frame.mjs', '/ssr/']) {
      const m = await framed.app.inject({ method: 'GET', url, headers: s.headers });
      expect(m.statusCode, url).toBe(200);
      expect(m.headers['content-type'], url).toBe('text/html; charset=utf-8');
      expect(decoded(m), url).not.toContain('renderFirstFrame');
    }
  });

  it('opens the app without frames when the module cannot be loaded', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'tiendo-spa-ssr-broken-'));
    writeFileSync(join(broken, 'index.html'), PAGE);
    mkdirSync(join(broken, 'ssr'));
    writeFileSync(join(broken, 'ssr', 'first-frame.mjs'), 'export const somethingElse = 1;\n');
    const b = await createTestApp({ world: smallWorld(), spaRoot: broken });
    try {
      const bs = await b.login('lanhdao');
      const r = await b.app.inject({ method: 'GET', url: '/', headers: bs.headers });
      expect(r.statusCode).toBe(200);
      expect(decoded(r).replace(/<script id="tiendo-session"[^<]*<\/script>/, '')).toBe(PAGE);
    } finally {
      await b.close();
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
