/**
 * Property-based: malformed and hostile params, query strings and bodies thrown at every route,
 * signed in and not. Never a 5xx, and a rejected request changes nothing in the database.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_NAMES } from '../src/db/tables.ts';
import { createTestApp, type Session, type TestContext } from './helpers.ts';

let t: TestContext;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp({ demo: true });
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
            if (r.statusCode >= 400) expect(writes(), `${route.method} ${route.url} wrote while rejecting`).toBe(before);
          },
        ),
        { numRuns: 30, seed: 2026 },
      );
    }
  });
});
