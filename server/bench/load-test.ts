/**
 * The load test of issue 14: signed-in sessions reading dashboards while task teams submit and
 * commune approvers decide, against the real server over loopback; then whether the city's
 * totals still equal the sum of what the teams' own figures say.
 *
 * Who does what (every one a session of its own, signed in through `POST /api/auth/login`):
 * - readers (200): members of the city's steering committee (`doc.001` …, leaders of `01`,
 *   created for the run: 200 sign-ins of one account would be one user's tabs). A reader loops
 *   over three screens with a think time between them, asking exactly what the SPA asks (read
 *   from client/src/features/dashboard/DashboardPage.tsx and the panels it renders, and checked
 *   against Chromium's requests by the bench's waterfall):
 *     overview (a page load of `/?unit=01`): the page, which carries the session (and with it
 *       the periods and the indicators), and the notifications; then the unit on both maps, its
 *       figures, every KPI's series (`trends`), who reported, every KPI's breakdown over the
 *       units below (`breakdowns`, for the ranking and the heat map), the conclusions' tasks,
 *       and once the unit has answered its meeting reports;
 *     drill-down (a click on a commune): the same without the page load's first step;
 *     previous month (the period picker, on the city): the same for the month before. Choosing
 *       another KPI in the ranking asks nothing: every KPI's breakdown came with the page.
 *   Like a browser, a session opens at most 6 connections, asks each step's requests at once and
 *   accepts compressed replies (what it reads it decompresses; the rest it only receives).
 * - teams (50, 10 in each of 5 communes, as `bc.<team code>`): open their report of the open
 *   period, save new values (each KPI near last month's, so nothing is flagged as unusual),
 *   submit, and again whenever it comes back returned.
 * - approvers (5, one per commune): read the reports waiting below their commune, open each one
 *   and approve it — except that, for the first three quarters of the run, a report the load's
 *   teams sent is returned with a comment, so that 50 teams keep submitting for the whole run.
 *
 * `prepareLoadAccounts` runs before the server starts: it creates the reader accounts and the
 * approver accounts the demo lacks, with the demo's password hashed at the cost the server uses
 * for generated passwords (255 sign-ins at the full cost would take minutes on two cores). `runLoadTest` runs the load; `checkTotals` reads the database after the server
 * has stopped.
 */
import type { ChildProcess } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { addMonths } from '@tiendo/shared';
import { sessionInPage } from '@tiendo/shared/page';
import { openDb } from '../src/db/client.ts';
import { childrenAt, type UnitNode } from '../src/services/catalog-service.ts';
import { createServices } from '../src/services/index.ts';
import { hashGeneratedPassword } from '../src/services/password.ts';
import {
  BROWSER_ACCEPT_ENCODING,
  establishSession,
  freePort,
  makeTempDir,
  type Session,
  startChild,
  stopChild,
  waitFor,
} from './bench-lib.ts';
import { measureRequestBudget } from './request-budget.ts';

const PASSWORD = 'tiendo-demo';
/** Browsers open at most six HTTP/1.1 connections to one host. */
const BROWSER_CONNECTIONS = 6;
/** Sign-ins at once before the load: few, so the failed-attempt throttle never sees a crowd. */
const LOGIN_CONCURRENCY = 4;
/** Communes whose approvers are demo accounts; the others are the communes with the most teams. */
const DEMO_APPROVERS: Record<string, string> = { '00097': 'hongha', '00004': 'phuongbadinh' };
const readerName = (i: number) => `doc.${String(i + 1).padStart(3, '0')}`;

export interface LoadSettings {
  readers: number;
  teams: number;
  approvers: number;
  durationS: number;
  /** Mean pause between two screens (readers) or two steps (teams, approvers), ms; each pause is drawn in [0.5, 1.5] × the mean. */
  thinkMs: number;
  /** The period the dashboard opens on (the last closed one) and the open period teams report. */
  readPeriod: string;
  openPeriod: string;
  /** A count KPI reported by teams only: the totals check's subject. */
  checkKpi: string;
}

export const DEFAULT_LOAD: LoadSettings = {
  readers: 200,
  teams: 50,
  approvers: 5,
  durationS: 60,
  thinkMs: 1000,
  readPeriod: '2026-11',
  openPeriod: '2026-12',
  checkKpi: 'dinh_danh_tiep_nhan',
};

export interface LoadPlan {
  communes: { code: string; approver: string; teams: string[] }[];
  readers: string[];
  createdAccounts: number;
}

/**
 * Picks the communes and teams of the load, creates the readers and gives every commune an
 * approver (the demo has two). Teams whose report of the open period is approved already are left
 * out: they have nothing to send.
 */
export async function prepareLoadAccounts(dbPath: string, today: string, settings: LoadSettings = DEFAULT_LOAD): Promise<LoadPlan> {
  const hash = await hashGeneratedPassword(PASSWORD);
  const db = openDb(`file:${dbPath}`);
  try {
    const catalog = createServices(db, { today: () => today }).catalog.get();
    const city = catalog.unitsByCode.get('01')?.at(-1);
    if (!city) throw new Error('load test: no city 01');
    const period = settings.openPeriod;
    const approved = db.sqlite.prepare("SELECT 1 FROM reports WHERE unit_id = ? AND period = ? AND state = 'approved'");
    const teamsOf = (c: UnitNode) => childrenAt(catalog, c, period).filter((t) => approved.get(t.id, period) === undefined);
    const perCommune = Math.ceil(settings.teams / settings.approvers);
    const communes = childrenAt(catalog, city, period).filter((c) => teamsOf(c).length >= perCommune);
    const chosen = [
      ...communes.filter((c) => DEMO_APPROVERS[c.code]),
      ...communes.filter((c) => !DEMO_APPROVERS[c.code]).sort((a, b) => teamsOf(b).length - teamsOf(a).length),
    ].slice(0, settings.approvers);
    if (chosen.length < settings.approvers) throw new Error(`load test: only ${chosen.length} communes with ${perCommune} teams`);
    const now = new Date().toISOString();
    const insert = db.sqlite.prepare(
      `INSERT OR IGNORE INTO users (username, display_name, unit_id, role, active, password_hash, must_change_password, demo, created_at, updated_at)
       VALUES (?, ?, ?, ?, 1, ?, 0, 1, ?, ?)`,
    );
    let createdAccounts = 0;
    const readers = Array.from({ length: settings.readers }, (_, i) => readerName(i));
    db.sqlite.transaction(() => {
      for (const r of readers) createdAccounts += insert.run(r, `Thành viên BCĐ (thử tải) ${r}`, city.id, 'leader', hash, now, now).changes;
    })();
    const communesPlan = chosen.map((c) => {
      const approver = DEMO_APPROVERS[c.code] ?? `duyet.${c.code}`;
      if (!DEMO_APPROVERS[c.code])
        createdAccounts += insert.run(approver, `Phê duyệt (thử tải) ${c.code}`, c.id, 'approver', hash, now, now).changes;
      return {
        code: c.code,
        approver,
        teams: teamsOf(c)
          .slice(0, perCommune)
          .map((t) => t.code),
      };
    });
    return { communes: communesPlan, readers, createdAccounts };
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP: one agent per session, like a browser tab's connection pool
// ---------------------------------------------------------------------------------------------

interface Reply {
  status: number;
  /** The bytes as sent (compressed when the server compressed them). */
  raw: Buffer;
  encoding: string | null;
  ms: number;
}

/** A reply's text, decompressed: only what the actor reads is, as a browser elsewhere would. */
function textOf(r: Reply): string {
  const bytes = r.encoding === 'br' ? brotliDecompressSync(r.raw) : r.encoding === 'gzip' ? gunzipSync(r.raw) : r.raw;
  return bytes.toString();
}

class Client {
  readonly agent = new Agent({ keepAlive: true, maxSockets: BROWSER_CONNECTIONS });
  cookie = '';
  csrf = '';
  constructor(
    private readonly base: URL,
    private readonly stats: Stats,
  ) {}

  send(kind: string, method: string, path: string, body?: unknown): Promise<Reply> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = {
      accept: path.startsWith('/api/') ? 'application/json' : 'text/html',
      'accept-encoding': BROWSER_ACCEPT_ENCODING,
    };
    if (this.cookie) headers.cookie = this.cookie;
    if (payload !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrf) headers['x-csrf-token'] = this.csrf;
    const started = performance.now();
    return new Promise((resolve) => {
      const req = request(
        { host: this.base.hostname, port: this.base.port, path, method, headers, agent: this.agent, timeout: 30_000 },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const ms = performance.now() - started;
            const status = res.statusCode ?? 0;
            const encoding = res.headers['content-encoding'];
            const reply: Reply = { status, raw: Buffer.concat(chunks), encoding: typeof encoding === 'string' ? encoding : null, ms };
            for (const c of res.headers['set-cookie'] ?? []) {
              const pair = c.split(';')[0]?.trim();
              if (pair) this.cookie = pair;
            }
            this.stats.record(kind, status, ms, status >= 300 ? `${method} ${path} → ${status}: ${textOf(reply).slice(0, 200)}` : null);
            resolve(reply);
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (err) => {
        const ms = performance.now() - started;
        this.stats.record(kind, 0, ms, `${method} ${path}: ${err.message}`);
        resolve({ status: 0, raw: Buffer.alloc(0), encoding: null, ms });
      });
      req.end(payload);
    });
  }

  async json<T>(kind: string, method: string, path: string, body?: unknown): Promise<T | null> {
    const r = await this.send(kind, method, path, body);
    return r.status >= 200 && r.status < 300 ? (JSON.parse(textOf(r)) as T) : null;
  }

  /** A page of the SPA, and the session it carries (server/src/plugins/spa.ts). */
  async page<T>(kind: string, path: string): Promise<T | null> {
    const r = await this.send(kind, 'GET', path);
    if (r.status !== 200) return null;
    return sessionInPage(textOf(r)) as T | null;
  }

  close(): void {
    this.agent.destroy();
  }
}

class Stats {
  readonly latencies = new Map<string, number[]>();
  readonly statuses = new Map<string, number>();
  readonly samples: string[] = [];
  counting = false;

  record(kind: string, status: number, ms: number, problem: string | null): void {
    if (!this.counting) return;
    const l = this.latencies.get(kind) ?? [];
    if (l.length === 0) this.latencies.set(kind, l);
    l.push(ms);
    if (status < 200 || status >= 300) {
      const key = status === 0 ? 'network error' : String(status);
      this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
      if (problem && this.samples.length < 5) this.samples.push(problem);
    }
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// What the SPA asks for
// ---------------------------------------------------------------------------------------------

interface KpiInfo {
  code: string;
  kind: string;
  reportLevels: number[];
  retired: boolean;
}
interface UnitInfo {
  level: number;
  children: { code: string; level: number }[];
}
interface SessionInfo {
  /** What the dashboard needs before its first question: the periods and the indicators. */
  catalog?: { periods: { period: string }[]; kpis: KpiInfo[] };
}

interface Catalog {
  kpis: KpiInfo[];
  firstPeriod: string;
}

/** The dashboard of one unit, after the page-load step: what DashboardPage and its panels ask. */
async function dashboard(c: Client, code: string, period: string, cat: Catalog): Promise<UnitInfo | null> {
  const u = `/api/units/${encodeURIComponent(code)}`;
  // Every panel asks at once: the unit's own figures, every KPI's series for the cards (one
  // `trends` request), who reported and every KPI's breakdown over the units below (one
  // `breakdowns` request, read by the ranking and the heat map), the conclusions' tasks.
  const asked = [
    c.send('unit', 'GET', `${u}?period=${period}&map=today`),
    c.send('figures', 'GET', `${u}/figures?period=${period}`),
    c.send('trends', 'GET', `${u}/trends?from=${cat.firstPeriod}&to=${period}`),
    c.send('tasks', 'GET', `${u}/tasks?period=${period}`),
    c.send('completeness', 'GET', `${u}/completeness?period=${period}&limit=50`),
    c.send('breakdowns', 'GET', `${u}/breakdowns?period=${period}`),
  ];
  const unit = await c.json<UnitInfo>('unit', 'GET', `${u}?period=${period}`);
  // the meeting reports' panel asks once the unit's reply says which unit it is
  if (unit) asked.push(c.send('meeting-reports', 'GET', `${u}/meeting-reports?period=${period}`));
  await Promise.all(asked);
  return unit;
}

// ---------------------------------------------------------------------------------------------
// The actors
// ---------------------------------------------------------------------------------------------

interface Shared {
  deadline: number;
  think: () => number;
  rand: () => number;
  screens: Map<string, number[]>;
  /** Submissions in this run per team: an approver returns the first one. */
  submissions: Map<string, number>;
  sent: number;
  /** The count KPI's value in each team's last accepted submission. */
  submitted: Map<string, number>;
  decisions: { approved: number; returned: number };
  /** Until then approvers return what the load's teams send; after it they approve. */
  returnUntil: number;
}

function screen(shared: Shared, name: string, ms: number): void {
  const l = shared.screens.get(name) ?? [];
  if (l.length === 0) shared.screens.set(name, l);
  l.push(ms);
}

async function reader(c: Client, shared: Shared, settings: LoadSettings): Promise<void> {
  const period = settings.readPeriod;
  while (Date.now() < shared.deadline) {
    // overview: a page load of the home unit (the city); the page carries the session, whose
    // catalogue has the periods and the indicators (server/src/plugins/spa.ts)
    let t = performance.now();
    const [session] = await Promise.all([
      c.page<SessionInfo>('page (with the session)', '/?unit=01'),
      c.send('notifications', 'GET', '/api/notifications?limit=30'),
    ]);
    if (!session?.catalog) {
      await sleep(shared.think());
      continue;
    }
    const cat: Catalog = { kpis: session.catalog.kpis, firstPeriod: session.catalog.periods[0]?.period ?? period };
    const city = await dashboard(c, '01', period, cat);
    screen(shared, 'overview (page load)', performance.now() - t);
    if (!city || Date.now() >= shared.deadline) break;
    await sleep(shared.think());

    // drill-down: a commune of the city
    const child = city.children[Math.floor(shared.rand() * city.children.length)];
    if (child) {
      t = performance.now();
      await dashboard(c, child.code, period, cat);
      screen(shared, 'drill-down (a commune)', performance.now() - t);
      await sleep(shared.think());
    }
    if (Date.now() >= shared.deadline) break;

    // another month: the period picker one month back, on the city (another KPI in the ranking
    // asks nothing: every KPI's breakdown came with the page)
    t = performance.now();
    await dashboard(c, '01', addMonths(period, -1), cat);
    screen(shared, 'previous month (the city)', performance.now() - t);
    await sleep(shared.think());
  }
}

interface ReportInfo {
  state: string;
  version: number;
  editable: boolean;
  kpis: { code: string; kind: string; previous: unknown }[];
  waitingBelow: { code: string }[];
}

/** New values near last month's, so that none is flagged as unusual. */
function newValues(r: ReportInfo, rand: () => number): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const k of r.kpis) {
    const prev = k.previous;
    if (k.kind === 'ratio') {
      const p =
        prev && typeof prev === 'object' ? (prev as { numerator: number; denominator: number }) : { numerator: 90, denominator: 100 };
      const denominator = Math.max(1, Math.round(p.denominator * (0.95 + rand() * 0.1)));
      values[k.code] = {
        numerator: Math.min(denominator, Math.round(denominator * (p.numerator / Math.max(1, p.denominator)))),
        denominator,
      };
    } else if (k.kind === 'checklist') {
      values[k.code] = prev && typeof prev === 'object' ? prev : { items: [] };
    } else {
      const p = typeof prev === 'number' ? prev : 20;
      values[k.code] = Math.max(0, Math.round(p * (0.9 + rand() * 0.2)) + 1);
    }
  }
  return values;
}

async function team(c: Client, code: string, shared: Shared, settings: LoadSettings): Promise<void> {
  while (Date.now() < shared.deadline) {
    const url = `/api/units/${code}/reports/${settings.openPeriod}`;
    const r = await c.json<ReportInfo>('report · open', 'GET', url);
    if (!r) {
      await sleep(shared.think());
      continue;
    }
    if (r.state === 'approved') return;
    if (!r.editable) {
      await sleep(shared.think()); // submitted: the approver has it
      continue;
    }
    await sleep(shared.think());
    const values = newValues(r, shared.rand);
    const explanations = Object.fromEntries(r.kpis.map((k) => [k.code, 'Số liệu chạy thử tải / load-test figures']));
    const saved = await c.json<ReportInfo>('report · save (PUT)', 'PUT', url, { version: r.version, values, explanations });
    if (!saved) continue;
    await sleep(shared.think());
    const sent = await c.json<ReportInfo>('report · submit', 'POST', `${url}/submit`, { version: saved.version });
    if (sent?.state === 'submitted') {
      shared.submissions.set(code, (shared.submissions.get(code) ?? 0) + 1);
      shared.sent++;
      const v = values[settings.checkKpi];
      if (typeof v === 'number') shared.submitted.set(code, v);
    }
    await sleep(shared.think());
  }
}

async function approver(c: Client, commune: string, shared: Shared, settings: LoadSettings): Promise<void> {
  const own = `/api/units/${commune}/reports/${settings.openPeriod}`;
  while (Date.now() < shared.deadline) {
    const r = await c.json<ReportInfo>('report · open', 'GET', own);
    for (const w of r?.waitingBelow ?? []) {
      if (Date.now() >= shared.deadline) break;
      const url = `/api/units/${w.code}/reports/${settings.openPeriod}`;
      const team = await c.json<ReportInfo>('report · open', 'GET', url);
      if (team?.state !== 'submitted') continue;
      await sleep(shared.think() / 2);
      if (shared.submissions.has(w.code) && Date.now() < shared.returnUntil) {
        const back = await c.json('report · return', 'POST', `${url}/return`, { comment: 'Đề nghị kiểm tra lại số liệu (thử tải)' });
        if (back) shared.decisions.returned++;
      } else if (await c.json('report · approve', 'POST', `${url}/approve`)) shared.decisions.approved++;
    }
    await sleep(shared.think());
  }
}

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN;

export interface KindRow {
  kind: string;
  n: number;
  p50: number;
  p95: number;
  p99: number;
}

export interface LoadResult<T> {
  settings: LoadSettings;
  plan: LoadPlan;
  signIn: { sessions: number; seconds: number; refused: Record<string, number> };
  durationS: number;
  requests: number;
  rps: number;
  kinds: KindRow[];
  screens: KindRow[];
  errors: Record<string, number>;
  errorSamples: string[];
  sqliteBusy: number;
  submissions: number;
  decisions: { approved: number; returned: number };
  /** The count KPI's value each team's last accepted submission carried. */
  submitted: Map<string, number>;
  /** The city's figure of the check KPI in the open period, over HTTP at the end of the load. */
  cityOverHttp: number | null;
  during: T | null;
  duringError: string | null;
}

function rows(m: Map<string, number[]>): KindRow[] {
  return [...m.entries()].map(([kind, l]) => {
    const s = [...l].sort((a, b) => a - b);
    return { kind, n: s.length, p50: pct(s, 0.5), p95: pct(s, 0.95), p99: pct(s, 0.99) };
  });
}

/** Counts `SQLITE_BUSY` (and "database is locked") in everything the server writes from now on. */
export function watchForBusy(proc: ChildProcess): () => number {
  let busy = 0;
  const scan = (d: Buffer) => {
    const m = d.toString().match(/SQLITE_BUSY|database is locked/g);
    if (m) busy += m.length;
  };
  proc.stdout?.on('data', scan);
  proc.stderr?.on('data', scan);
  return () => busy;
}

/**
 * Signs everyone in, then runs readers, teams and approvers together for `durationS`; `during`
 * (e.g. the LCP measurement) starts once the load has run a quarter of its time.
 */
export async function runLoadTest<T>(
  baseUrl: string,
  server: ChildProcess,
  plan: LoadPlan,
  settings: LoadSettings = DEFAULT_LOAD,
  during?: () => Promise<T>,
): Promise<LoadResult<T>> {
  const base = new URL(baseUrl);
  const stats = new Stats();
  const busy = watchForBusy(server);
  let seed = 14;
  const rand = () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  // Who: readers, then teams (10 per commune, each with its queue of the commune's teams), approvers.
  const teamActors = plan.communes.flatMap((c) => c.teams).slice(0, settings.teams);
  const logins: { username: string; client: Client }[] = [
    ...plan.readers.map((username) => ({ username, client: new Client(base, stats) })),
    ...teamActors.map((t) => ({ username: `bc.${t}`, client: new Client(base, stats) })),
    ...plan.communes.map((c) => ({ username: c.approver, client: new Client(base, stats) })),
  ];

  // Sign-ins before the load, a few at a time; refusals (429 = throttled) are counted, not retried.
  const signInStarted = performance.now();
  const refused: Record<string, number> = {};
  let next = 0;
  await Promise.all(
    Array.from({ length: LOGIN_CONCURRENCY }, async () => {
      while (next < logins.length) {
        const l = logins[next++] as (typeof logins)[number];
        const r = await l.client.send('login', 'POST', '/api/auth/login', { username: l.username, password: PASSWORD });
        if (r.status !== 200) {
          refused[r.status] = (refused[r.status] ?? 0) + 1;
          continue;
        }
        l.client.csrf = (JSON.parse(textOf(r)) as { csrfToken: string }).csrfToken;
      }
    }),
  );
  const signInS = (performance.now() - signInStarted) / 1000;
  if (Object.keys(refused).length > 0) throw new Error(`load test: sign-ins refused: ${JSON.stringify(refused)}`);
  // A reader's page load starts with the page and the session in it: without the built client
  // there is no page, and the readers would ask nothing else.
  const probe = logins[0] ? await logins[0].client.page<SessionInfo>('page (with the session)', '/?unit=01') : null;
  if (!probe?.catalog) throw new Error('load test: the page `/` carries no session: build the client first (`npm run build`)');

  const shared: Shared = {
    deadline: Date.now() + settings.durationS * 1000,
    think: () => settings.thinkMs * (0.5 + rand()),
    rand,
    screens: new Map(),
    submissions: new Map(),
    sent: 0,
    submitted: new Map(),
    decisions: { approved: 0, returned: 0 },
    returnUntil: Date.now() + settings.durationS * 750,
  };
  stats.counting = true;
  const started = performance.now();
  const clients = logins.map((l) => l.client);
  // Readers arrive over the first tenth of the run, as people do, not all in the same millisecond
  // (1,200 connections opened at once overflow the listen backlog: resets no browser would see).
  const ramp = (settings.durationS * 1000) / 10;
  const actors: Promise<void>[] = [
    ...clients.slice(0, settings.readers).map((c, i) => sleep((i / settings.readers) * ramp).then(() => reader(c, shared, settings))),
    ...teamActors.map((t, i) => team(clients[settings.readers + i] as Client, t, shared, settings)),
    ...plan.communes.map((c, i) => approver(clients[settings.readers + teamActors.length + i] as Client, c.code, shared, settings)),
  ];
  let duringResult: T | null = null;
  let duringError: string | null = null;
  const side = during
    ? sleep((settings.durationS * 1000) / 4).then(async () => {
        try {
          duringResult = await during();
        } catch (err) {
          duringError = err instanceof Error ? err.message : String(err);
        }
      })
    : Promise.resolve();
  await Promise.all(actors);
  const elapsedS = (performance.now() - started) / 1000;
  stats.counting = false;
  await side;

  // The city's figure at the end, over HTTP, as a leader reads it.
  const reader0 = clients[0] as Client;
  const figures = await reader0.json<{ figures: { kpi: string; value: number | null }[] }>(
    'figures',
    'GET',
    `/api/units/01/figures?period=${settings.openPeriod}`,
  );
  for (const c of clients) c.close();

  const requests = [...stats.latencies.values()].reduce((a, l) => a + l.length, 0);
  const order = (r: KindRow) => -r.n;
  return {
    settings,
    plan,
    signIn: { sessions: logins.length, seconds: signInS, refused },
    durationS: elapsedS,
    requests,
    rps: requests / elapsedS,
    kinds: rows(stats.latencies).sort((a, b) => order(a) - order(b)),
    screens: rows(shared.screens),
    errors: Object.fromEntries(stats.statuses),
    errorSamples: stats.samples,
    sqliteBusy: busy(),
    submissions: shared.sent,
    decisions: shared.decisions,
    submitted: shared.submitted,
    cityOverHttp: figures?.figures.find((f) => f.kpi === settings.checkKpi)?.value ?? null,
    during: duringResult,
    duringError,
  };
}

// ---------------------------------------------------------------------------------------------
// After the run: the totals, read from the database with the server stopped
// ---------------------------------------------------------------------------------------------

export interface TotalsCheck {
  kpi: string;
  period: string;
  city: number;
  sumOfTeams: number;
  teams: number;
  cityApproved: number;
  sumOfTeamsApproved: number;
  cityOverHttp: number | null;
  /** Teams whose stored figure is not the value of their last accepted submission. */
  mismatchedTeams: string[];
  consistent: boolean;
  line: string;
}

export function checkTotals(dbPath: string, result: Pick<LoadResult<unknown>, 'settings' | 'submitted' | 'cityOverHttp'>): TotalsCheck {
  const { checkKpi: kpi, openPeriod: period } = result.settings;
  const db = openDb(`file:${dbPath}`);
  try {
    const q = db.sqlite;
    const kpiId = q.prepare('SELECT id FROM kpis WHERE code = ?').pluck().get(kpi) as number;
    const cityId = q.prepare("SELECT id FROM units WHERE code = '01' AND level = 1").pluck().get() as number;
    const cityValue = (table: string) =>
      (q.prepare(`SELECT value FROM ${table} WHERE unit_id = ? AND kpi_id = ? AND period = ?`).pluck().get(cityId, kpiId, period) as
        | number
        | undefined) ?? 0;
    // Teams are tier 4, wherever they hang on the map; the KPI is reported by teams only.
    const sum = (table: string) =>
      q
        .prepare(
          `SELECT COUNT(*) AS n, COALESCE(SUM(f.value), 0) AS total FROM ${table} f JOIN units u ON u.id = f.unit_id WHERE f.kpi_id = ? AND f.period = ? AND u.level = 4`,
        )
        .get(kpiId, period) as { n: number; total: number };
    const own = sum('figures');
    const ownApproved = sum('figures_approved');
    const city = cityValue('rollups');
    const cityApproved = cityValue('rollups_approved');
    const stored = q.prepare(
      'SELECT f.value FROM figures f JOIN units u ON u.id = f.unit_id WHERE u.code = ? AND u.level = 4 AND f.kpi_id = ? AND f.period = ?',
    );
    const mismatchedTeams = [...result.submitted.entries()]
      .filter(([code, v]) => stored.pluck().get(code, kpiId, period) !== v)
      .map(([c]) => c);
    const consistent =
      city === own.total && cityApproved === ownApproved.total && mismatchedTeams.length === 0 && (result.cityOverHttp ?? city) === city;
    const line =
      `city \`${kpi}\` ${period} = ${city.toLocaleString('en-US')} (over HTTP at the end: ${result.cityOverHttp?.toLocaleString('en-US') ?? '—'}), ` +
      `Σ of ${own.n.toLocaleString('en-US')} teams' own figures = ${own.total.toLocaleString('en-US')}; approved only: ${cityApproved.toLocaleString('en-US')} vs ${ownApproved.total.toLocaleString('en-US')}; ` +
      `${result.submitted.size} teams' stored figure = their last submission${mismatchedTeams.length > 0 ? ` except ${mismatchedTeams.slice(0, 5).join(', ')}` : ''}: ` +
      `${consistent ? 'consistent' : '**INCONSISTENT**'}`;
    return {
      kpi,
      period,
      city,
      sumOfTeams: own.total,
      teams: own.n,
      cityApproved,
      sumOfTeamsApproved: ownApproved.total,
      cityOverHttp: result.cityOverHttp,
      mismatchedTeams,
      consistent,
      line,
    };
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '—');
const n0 = (x: number) => Math.round(x).toLocaleString('en-US');

export function loadMarkdown(r: LoadResult<unknown>, totals: TotalsCheck | null, loadAverage: string): string {
  const s = r.settings;
  const errors = Object.entries(r.errors);
  const md: string[] = [];
  md.push(
    `Load test: ${s.readers} reader sessions (city committee members \`doc.001\` … created for the run; readers arrive over the first tenth of the run) looping over the SPA's ` +
      `overview, drill-down and previous-month screens, ${Math.min(
        s.teams,
        r.plan.communes.reduce((a, c) => a + c.teams.length, 0),
      )} task teams saving and submitting their ${s.openPeriod} report ` +
      `and ${s.approvers} commune approvers (${r.plan.communes.map((c) => `\`${c.approver}\``).join(', ')}) returning the load's reports for three quarters of the run, then approving, for ${f2(r.durationS)} s; ` +
      `think time ${s.thinkMs} ms (± 50 %) between screens and steps; at most ${BROWSER_CONNECTIONS} connections per session. ` +
      `${r.signIn.sessions} sign-ins beforehand, ${LOGIN_CONCURRENCY} at a time, in ${f2(r.signIn.seconds)} s, none refused by the throttle. Load average ${loadAverage}.`,
  );
  md.push('');
  md.push('| request kind | n | p50 ms | p95 ms | p99 ms |');
  md.push('|---|---:|---:|---:|---:|');
  for (const k of r.kinds) md.push(`| ${k.kind} | ${n0(k.n)} | ${f2(k.p50)} | ${f2(k.p95)} | ${f2(k.p99)} |`);
  for (const k of r.screens) md.push(`| screen: ${k.kind} | ${n0(k.n)} | ${f2(k.p50)} | ${f2(k.p95)} | ${f2(k.p99)} |`);
  md.push('');
  md.push(
    `${n0(r.requests)} requests, ${n0(r.rps)} req/s; ${r.submissions} submissions, ${r.decisions.returned} returned, ${r.decisions.approved} approved. ` +
      `Errors: ${errors.length === 0 ? '0' : `**${errors.map(([k, v]) => `${v} × ${k}`).join(', ')}**`}` +
      `${r.errorSamples.length > 0 ? ` (e.g. ${r.errorSamples.slice(0, 2).join('; ')})` : ''}; \`SQLITE_BUSY\` in the server's output: ${r.sqliteBusy}. ` +
      `Totals: ${totals ? totals.line : 'not checked'}.`,
  );
  return md.join('\n');
}

// ---------------------------------------------------------------------------------------------
// The step `npm run bench -- --load` runs (and `npm run bench` after the Hanoi cases)
// ---------------------------------------------------------------------------------------------

/** `--duration=60 --readers=200 --think=1000` on the command line change the settings. */
function settingsFromArgs(args: readonly string[]): LoadSettings {
  const num = (name: string, fallback: number) => {
    const a = args.find((x) => x.startsWith(`--${name}=`));
    const v = a ? Number(a.slice(name.length + 3)) : Number.NaN;
    return Number.isFinite(v) && v > 0 ? v : fallback;
  };
  return {
    ...DEFAULT_LOAD,
    durationS: num('duration', DEFAULT_LOAD.durationS),
    readers: num('readers', DEFAULT_LOAD.readers),
    thinkMs: num('think', DEFAULT_LOAD.thinkMs),
  };
}

/**
 * Seeds the Hanoi demo, measures one request's budget in process, starts the real server, runs
 * the load with the city overview's LCP measured in the middle of it (by `lcp`, bench.ts's hook
 * on e2e/lcp.ts), stops the server and checks the totals. Appends its report to the results file.
 */
export async function runLoadBench(
  lcp: (
    base: string,
    session: Session,
  ) => Promise<{
    ms: number | null;
    note: string;
    waterfall: number | null;
    figuresMs: number | null;
    pageMs: number | null;
    fcpMs: number | null;
  }>,
  opts: { today: string; results: string },
): Promise<void> {
  const settings = settingsFromArgs(process.argv.slice(2));
  const dir = makeTempDir('tiendo-load-');
  const dbPath = join(dir, 'load.sqlite');
  console.log('\nLoad test: seeding the Hanoi demo into a fresh database…');
  const db = openDb(`file:${dbPath}`);
  await createServices(db, { today: () => opts.today }).demo.load();
  db.close();
  const budgetPath = join(dir, 'budget.sqlite');
  copyFileSync(dbPath, budgetPath);
  console.log("Where one request's time goes (in process)…");
  const budget = await measureRequestBudget(budgetPath, {
    today: opts.today,
    period: settings.readPeriod,
    username: 'lanhdao',
    password: PASSWORD,
  });
  console.log(`${budget.markdown}\n`);

  const plan = await prepareLoadAccounts(dbPath, opts.today, settings);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = startChild('the server', 'server/src/server.ts', {
    DATABASE_URL: `file:${dbPath}`,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    SEED_DEMO: '0',
    TIENDO_TODAY: opts.today,
    NODE_ENV: 'production',
    ALLOW_DEMO_ACCOUNTS: '1',
  });
  await waitFor(server, `${base}/api/health`);
  const leader = await establishSession(base, { username: 'lanhdao', password: PASSWORD });
  const before = loadavg()[0] ?? 0;
  console.log(
    `Load: ${settings.readers} readers, ${settings.teams} teams, ${settings.approvers} approvers for ${settings.durationS} s, think ${settings.thinkMs} ms (load average ${before.toFixed(2)})…`,
  );
  const result = await runLoadTest(base, server.proc, plan, settings, () => lcp(base, leader));
  const after = loadavg()[0] ?? 0;
  await stopChild(server);
  const totals = checkTotals(dbPath, result);
  const lcpLine =
    result.during?.ms != null
      ? `LCP of the city overview measured while the load ran: ${Math.round(result.during.ms).toLocaleString('en-US')} ms (goal ≤ 1,000 ms: ${result.during.ms <= 1000 ? 'met' : '**missed**'})${result.during.pageMs != null ? `; the page received at ${Math.round(result.during.pageMs).toLocaleString('en-US')} ms` : ''}${result.during.fcpMs != null ? `, first contentful paint at ${Math.round(result.during.fcpMs).toLocaleString('en-US')} ms` : ''}${result.during.figuresMs != null ? `; its first figure on screen at ${Math.round(result.during.figuresMs).toLocaleString('en-US')} ms` : ''} (medians of the runs).`
      : `LCP under load not measured: ${result.during?.note ?? result.duringError ?? 'no hook'}.`;
  const md = [
    '## Load test',
    '',
    loadMarkdown(result, totals, `${before.toFixed(2)} before, ${after.toFixed(2)} after`),
    '',
    lcpLine,
    '',
    budget.markdown,
  ].join('\n');
  console.log(`\n${md}\n`);
  mkdirSync(dirname(opts.results), { recursive: true });
  appendFileSync(opts.results, `\n${md}\n`);
  if (!totals.consistent) throw new Error(`load test: the city's totals are INCONSISTENT: ${totals.line}`);
}
