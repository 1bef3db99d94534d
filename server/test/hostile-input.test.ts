/**
 * Property-based: malformed and hostile params, query strings and bodies thrown at every route,
 * signed in and not. Never a 5xx, a rejected request changes nothing in the database, and every
 * refusal is `{ error: { code, message } }`, Fastify's own (a URL that does not decode, a
 * parameter too long, a body too large or of an unknown type, malformed multipart) included.
 */

import { smallWorld } from '@tiendo/seed/factories';
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_NAMES } from '../src/db/tables.ts';
import { createTestApp, type Session, type TestContext } from './helpers.ts';

let t: TestContext;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp({ world: smallWorld() });
  admin = await t.login('admin');
  writes = watchWrites();
});
let writes: () => number;
afterAll(() => t.close());

/**
 * Counts every row written to the programme's data (not to sessions or the audit log, which
 * sign-ins touch), with temporary triggers on the app's own connection.
 */
const WATCHED = TABLE_NAMES.filter((n) => !['sessions', 'audit_log', 'login_failures'].includes(n));
function watchWrites(): () => number {
  const db = t.db.sqlite;
  db.exec('CREATE TEMP TABLE IF NOT EXISTS write_count (n INTEGER NOT NULL); INSERT INTO write_count VALUES (0);');
  for (const table of WATCHED) {
    for (const op of ['INSERT', 'UPDATE', 'DELETE']) {
      db.exec(
        `CREATE TEMP TRIGGER IF NOT EXISTS watch_${table}_${op} AFTER ${op} ON main.${table} BEGIN UPDATE write_count SET n = n + 1; END;`,
      );
    }
  }
  return () => db.prepare('SELECT n FROM write_count').pluck().get() as number;
}

const hostile = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    "' OR 1=1 --",
    '../../../etc/passwd',
    '%00',
    '\u0000',
    '<script>alert(1)</script>',
    '9'.repeat(400),
    '-1',
    '1e309',
    'NaN',
    '2022-13',
    '0000-00',
    '__proto__',
    'constructor',
    'Hà Nội',
    '😀',
    '',
  ),
);
const jsonish = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record({ username: hostile, password: hostile }),
  fc.record({ name: hostile }),
  fc.record({ currentPassword: hostile, newPassword: hostile }),
  fc.constant({ __proto__: { admin: true } }),
);

/** The API's one error shape: `{ error: { code, message } }` (and `details` when there are some). */
function expectErrorShape(r: { statusCode: number; headers: Record<string, unknown>; body: string }, what: string): void {
  expect(String(r.headers['content-type']), what).toMatch(/^application\/json/);
  const body = JSON.parse(r.body) as { error?: { code?: unknown; message?: unknown } };
  expect(Object.keys(body), what).toEqual(['error']);
  expect(typeof body.error?.code, what).toBe('string');
  expect(typeof body.error?.message, what).toBe('string');
  expect(
    Object.keys(body.error ?? {}).filter((k) => !['code', 'message', 'details'].includes(k)),
    what,
  ).toEqual([]);
}

function fill(url: string, value: string): string {
  return url.replace(/:[a-zA-Z]+/g, encodeURIComponent(value));
}

describe('hostile input', () => {
  it('sees writes when they happen (the watcher itself works)', async () => {
    const before = writes();
    const r = await t.app.inject({ method: 'POST', url: '/api/tokens', payload: { name: 'watch' }, headers: admin.headers });
    expect(r.statusCode).toBe(201);
    expect(writes()).toBeGreaterThan(before);
  });

  it('never answers 5xx and never changes data when it rejects', { timeout: 300_000 }, async () => {
    const routes = t.app.routeRules.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && r.method !== 'HEAD');
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(
          hostile,
          fc.dictionary(fc.constantFrom('period', 'kpi', 'from', 'to', 'limit', 'unit', 'user', 'offset', 'x'), hostile, { maxKeys: 4 }),
          jsonish,
          fc.boolean(),
          async (param, query, body, signedIn) => {
            const before = writes();
            const qs = new URLSearchParams(query).toString();
            const r = await t.app.inject({
              method: route.method as 'GET',
              url: `${fill(route.url, param)}${qs ? `?${qs}` : ''}`,
              headers: signedIn ? admin.headers : {},
              ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: body as object }),
            });
            expect(r.statusCode, `${route.method} ${route.url} ${r.body}`).toBeLessThan(500);
            if (r.statusCode >= 400) {
              expect(writes(), `${route.method} ${route.url} wrote while rejecting`).toBe(before);
              expectErrorShape(r, `${route.method} ${route.url}`);
            }
          },
        ),
        { numRuns: 30, seed: 2026 },
      );
    }
  });
});

describe("the framework's own refusals", () => {
  const importUrl = '/api/units/00097/reports/2026-12/import';
  let approver: Session;
  beforeAll(async () => {
    approver = await t.login('hongha');
  });
  const part = (boundary: string, content: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n${content}`;

  it('answers each with its 4xx in the API shape', async () => {
    const cases: { what: string; status: number; code: string; req: InjectOptions }[] = [
      { what: 'bad URL encoding', status: 400, code: 'bad_url', req: { url: '/api/units/%ff' } },
      { what: 'bad URL encoding, deeper', status: 400, code: 'bad_url', req: { url: '/api/units/%E0%A4%A/figures?period=2026-11' } },
      { what: 'a parameter too long', status: 414, code: 'param_too_long', req: { url: `/api/units/${'9'.repeat(300)}` } },
      {
        what: 'multipart without a boundary',
        status: 400,
        code: 'malformed_multipart',
        req: { method: 'POST', url: importUrl, payload: 'x', headers: { 'content-type': 'multipart/form-data' } },
      },
      {
        what: 'multipart with another boundary',
        status: 400,
        code: 'malformed_multipart',
        req: {
          method: 'POST',
          url: importUrl,
          payload: `${part('other', 'a,b')}\r\n--other--\r\n`,
          headers: { 'content-type': 'multipart/form-data; boundary=announced' },
        },
      },
      {
        what: 'multipart cut short',
        status: 400,
        code: 'malformed_multipart',
        req: {
          method: 'POST',
          url: importUrl,
          payload: part('b', 'unit_code,un'),
          headers: { 'content-type': 'multipart/form-data; boundary=b' },
        },
      },
      {
        what: 'a body too large',
        status: 413,
        code: 'body_too_large',
        req: { method: 'PUT', url: '/api/units/00097/reports/2026-12', payload: JSON.stringify({ version: 0, x: 'y'.repeat(2_000_000) }) },
      },
      {
        what: 'an unsupported media type',
        status: 415,
        code: 'unsupported_media_type',
        req: {
          method: 'PUT',
          url: '/api/units/00097/reports/2026-12',
          payload: '<report/>',
          headers: { 'content-type': 'application/xml' },
        },
      },
      {
        what: 'JSON that does not parse',
        status: 400,
        code: 'invalid_json',
        req: { method: 'POST', url: '/api/auth/login', payload: '{"username":', headers: { 'content-type': 'application/json' } },
      },
    ];
    for (const c of cases) {
      const before = writes();
      const headers = { ...approver.headers, 'content-type': 'application/json', ...(c.req.headers as Record<string, string>) };
      const r = await t.app.inject({ ...c.req, headers });
      expect([c.what, r.statusCode], r.body).toEqual([c.what, c.status]);
      expectErrorShape(r, c.what);
      expect([c.what, (r.json() as { error: { code: string } }).error.code]).toEqual([c.what, c.code]);
      expect(writes(), c.what).toBe(before);
    }
  });

  it('never answers 5xx to raw, undecodable paths', { timeout: 120_000 }, async () => {
    const routes = t.app.routeRules.filter((r) => r.url.includes(':code') && r.method === 'GET');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.stringMatching(/^[%0-9a-fA-FgG./-]{1,12}$/), async (route, raw) => {
        const r = await t.app.inject({ url: route.url.replace(/:[a-zA-Z]+/g, raw), headers: approver.headers });
        expect(r.statusCode, `${route.url} ${raw} ${r.body}`).toBeLessThan(500);
        if (r.statusCode >= 400) expectErrorShape(r, `${route.url} ${raw}`);
      }),
      { numRuns: 200, seed: 16 },
    );
  });

  it('never answers 5xx to mangled multipart, and imports nothing from it', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 200 }),
        fc.constantFrom(
          'multipart/form-data',
          'multipart/form-data; boundary=b',
          'multipart/form-data; boundary=',
          'multipart/form-data; boundary=c',
        ),
        fc.nat({ max: 300 }),
        async (content, type, cut) => {
          const before = writes();
          const r = await t.app.inject({
            method: 'POST',
            url: importUrl,
            headers: { ...approver.headers, 'content-type': type },
            payload: `${part('b', content)}\r\n--b--\r\n`.slice(0, cut),
          });
          expect(r.statusCode, `${type} ${cut} ${r.body}`).toBeGreaterThanOrEqual(400);
          expect(r.statusCode, `${type} ${cut} ${r.body}`).toBeLessThan(500);
          expectErrorShape(r, `${type} ${cut}`);
          expect(writes()).toBe(before);
        },
      ),
      { numRuns: 150, seed: 16 },
    );
  });
});
