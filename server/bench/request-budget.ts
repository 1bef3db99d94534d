/**
 * Where one request's time goes (issue 14): the city's figures, asked again and again in process
 * (`app.inject`, no socket) by a signed-in leader, with `performance.now()` stamps taken by hooks
 * that only this bench adds. Fastify runs hooks of one kind in the order they were added, so the
 * bench's own hooks, added after the app's, close each stage:
 *
 *   inject → onRequest (the app's: security headers, the session and the access rule; then ours)
 *          → preValidation (query parsing) → preHandler (zod validation, then the app's scope
 *            check; then ours) → handler (the figures cache: a version check and a lookup)
 *          → preSerialization (ours) → the response schema and JSON → onSend (cache-control; ours)
 *          → the reply written → onResponse (ours; the request log line) → inject resolves.
 *
 * The session check is timed on its own too (`auth.fromSession`, as the onRequest hook calls
 * it), and logging by running the same requests with the request log on (`info`, to /dev/null)
 * and off (`warn`, as the bench's server runs): the difference is what logging costs.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { closeReadWindow, openReadWindow } from '../src/db/change-token.ts';
import { openDb } from '../src/db/client.ts';

const WARMUP = 2000;
const REPS = 20000;

interface Stamps {
  t0: number;
  onRequest?: number;
  preValidation?: number;
  preHandler?: number;
  preSerialization?: number;
  onSend?: number;
  onResponse?: number;
}

export interface BudgetRow {
  stage: string;
  us: number;
}

export interface RequestBudget {
  url: string;
  reps: number;
  rows: BudgetRow[];
  totalUs: number;
  loggingUs: number;
  sessionUs: number;
  markdown: string;
}

async function app(dbPath: string, today: string, logLevel: 'info' | 'warn'): Promise<FastifyInstance> {
  const db = openDb(`file:${dbPath}`);
  const a = await buildApp({
    db,
    config: { today: () => today, logLevel, trustProxy: false },
    logger: { level: logLevel, file: '/dev/null' },
  });
  a.addHook('onClose', () => db.close());
  return a;
}

async function signIn(a: FastifyInstance, username: string, password: string): Promise<string> {
  const r = await a.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (r.statusCode !== 200) throw new Error(`request budget: sign-in as ${username} answered ${r.statusCode}`);
  const c = r.cookies.find((x) => x.name === 'tiendo_session');
  if (!c) throw new Error('request budget: no session cookie');
  return `tiendo_session=${c.value}`;
}

/** Mean end-to-end µs of `reps` requests (after a warm-up), each awaited before the next. */
async function meanUs(a: FastifyInstance, url: string, cookie: string, reps: number): Promise<number> {
  for (let i = 0; i < WARMUP; i++) await a.inject({ method: 'GET', url, headers: { cookie } });
  const t = performance.now();
  for (let i = 0; i < reps; i++) await a.inject({ method: 'GET', url, headers: { cookie } });
  return ((performance.now() - t) * 1000) / reps;
}

export async function measureRequestBudget(
  dbPath: string,
  opts: { today: string; period: string; username: string; password: string },
): Promise<RequestBudget> {
  const url = `/api/units/01/figures?period=${opts.period}`;

  // Logging: the same requests with the request log on and off.
  const logged = await app(dbPath, opts.today, 'info');
  await logged.ready();
  const loggedCookie = await signIn(logged, opts.username, opts.password);
  const withLog = await meanUs(logged, url, loggedCookie, REPS / 2);
  await logged.close();

  const a = await app(dbPath, opts.today, 'warn');
  const stamps = new WeakMap<object, Stamps>();
  const current: { s: Stamps | null } = { s: null };
  const stamp = (req: { raw: object }, key: Exclude<keyof Stamps, 't0'>) => {
    let s = stamps.get(req.raw);
    if (!s && current.s) {
      s = current.s;
      stamps.set(req.raw, s);
    }
    if (s) s[key] = performance.now();
  };
  a.addHook('onRequest', async (req) => stamp(req, 'onRequest'));
  a.addHook('preValidation', async (req) => stamp(req, 'preValidation'));
  a.addHook('preHandler', async (req) => stamp(req, 'preHandler'));
  a.addHook('preSerialization', async (req, _reply, payload) => {
    stamp(req, 'preSerialization');
    return payload;
  });
  a.addHook('onSend', async (req, _reply, payload) => {
    stamp(req, 'onSend');
    return payload;
  });
  a.addHook('onResponse', async (req) => stamp(req, 'onResponse'));
  await a.ready();
  const cookie = await signIn(a, opts.username, opts.password);
  const withoutLog = await meanUs(a, url, cookie, REPS / 2);

  const sums = { onRequest: 0, preValidation: 0, preHandler: 0, preSerialization: 0, onSend: 0, onResponse: 0, end: 0 };
  for (let i = 0; i < WARMUP + REPS; i++) {
    const s: Stamps = { t0: performance.now() };
    current.s = s;
    const r = await a.inject({ method: 'GET', url, headers: { cookie } });
    const end = performance.now();
    if (r.statusCode !== 200) throw new Error(`request budget: GET ${url} answered ${r.statusCode}: ${r.body.slice(0, 200)}`);
    if (i < WARMUP) continue;
    const { onRequest = s.t0, preValidation = onRequest, preHandler = preValidation } = s;
    const { preSerialization = preHandler, onSend = preSerialization, onResponse = onSend } = s;
    sums.onRequest += onRequest - s.t0;
    sums.preValidation += preValidation - onRequest;
    sums.preHandler += preHandler - preValidation;
    sums.preSerialization += preSerialization - preHandler;
    sums.onSend += onSend - preSerialization;
    sums.onResponse += onResponse - onSend;
    sums.end += end - onResponse;
  }
  current.s = null;

  // The session check on its own, as the onRequest hook makes it (a cached session: no write since).
  const value = decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1));
  // Inside a read window, as in a request (the window's own read is measured apart below).
  const auth = a.services.auth;
  openReadWindow(a.services.db.sqlite);
  for (let i = 0; i < WARMUP; i++) auth.fromSession(value);
  const t = performance.now();
  for (let i = 0; i < REPS; i++) auth.fromSession(value);
  const sessionUs = ((performance.now() - t) * 1000) / REPS;
  closeReadWindow(a.services.db.sqlite);
  // The request's one read of SQLite's data_version (change-token.ts), as the app's first hook makes it.
  const sqlite = a.services.db.sqlite;
  for (let i = 0; i < WARMUP; i++) {
    openReadWindow(sqlite);
    closeReadWindow(sqlite);
  }
  const tw = performance.now();
  for (let i = 0; i < REPS; i++) {
    openReadWindow(sqlite);
    closeReadWindow(sqlite);
  }
  const windowUs = ((performance.now() - tw) * 1000) / REPS;
  await a.close();

  const us = (ms: number) => (ms * 1000) / REPS;
  const loggingUs = Math.max(0, withLog - withoutLog);
  const onRequestUs = us(sums.onRequest);
  const rows: BudgetRow[] = [
    { stage: "the request's read window: one `PRAGMA data_version` (a read transaction: 3 system calls)", us: windowUs },
    { stage: 'session check (`auth.fromSession`, cached session)', us: sessionUs },
    {
      stage: 'inject, routing, cookie parsing, security headers (one block), access rule — the rest of onRequest',
      us: Math.max(0, onRequestUs - sessionUs - windowUs),
    },
    { stage: 'query parsing (to preValidation)', us: us(sums.preValidation) },
    { stage: 'query validation (zod) and scope check (preHandler)', us: us(sums.preHandler) },
    // The figures route answers a reply serialised when it was cached: preSerialization is then
    // skipped, and the handler and the serialisation are one stage.
    {
      stage: 'handler (figures cache: version check, lookup) and serialisation, onSend hooks (cache-control)',
      us: us(sums.preSerialization + sums.onSend),
    },
    { stage: "reply written to inject's mock socket, until onResponse (asynchronous: includes event-loop waits)", us: us(sums.onResponse) },
    { stage: "inject's response object, onResponse hooks", us: us(sums.end) },
    { stage: 'request logging (`info` log lines, measured apart)', us: loggingUs },
  ];
  const totalUs = rows.reduce((acc, r) => acc + r.us, 0);
  const md = [
    `Where one request's time goes: \`GET ${url}\` as \`${opts.username}\`, in process (\`app.inject\`, no socket), ${REPS.toLocaleString('en-US')} requests one after another after ${WARMUP.toLocaleString('en-US')} to warm up; mean µs per stage from stamps taken by hooks only the bench adds. End to end ${withoutLog.toFixed(0)} µs with the log at \`warn\`, ${withLog.toFixed(0)} µs at \`info\`.`,
    '',
    '| stage | µs | share |',
    '|---|---:|---:|',
    ...rows.map((r) => `| ${r.stage} | ${r.us.toFixed(1)} | ${((r.us / totalUs) * 100).toFixed(0)} % |`),
    `| total | ${totalUs.toFixed(1)} | |`,
  ].join('\n');
  return { url, reps: REPS, rows, totalUs, loggingUs, sessionUs, markdown: md };
}
