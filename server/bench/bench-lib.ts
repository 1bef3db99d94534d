/**
 * What the benchmarks share: child processes started in their own process group and killed with
 * it, temporary directories and open databases removed or closed on every exit path, autocannon
 * load with p50/p95 of every 2xx response, signing in, and the in-process write measurement
 * (a team's submission with propagation). `bench.ts` (the Hanoi demo) and `national.ts` (the
 * country) both run through `runBench`, which cleans up whatever happens.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { openDb } from '../src/db/client.ts';
import { childrenAt, isActiveKpi, isValidAt, type KpiDef, parentAt, type UnitNode } from '../src/services/catalog-service.ts';
import { createServices } from '../src/services/index.ts';
import type { FigureInput } from '../src/services/rollup-service.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

/** autocannon: connections, and seconds of warm-up and of measurement per case. */
export const CONNECTIONS = 10;
export const DURATION_S = 5;
export const WARMUP_S = 1;
/** Submissions timed in process: warm-up, one team at a time, and a commune's import of BATCH_TEAMS. */
export const WRITE_WARMUP = 20;
export const WRITE_REPS_TEAM = 300;
export const WRITE_REPS_BATCH = 200;
export const BATCH_TEAMS = 10;

export interface Login {
  username: string;
  password: string;
}

// ---------------------------------------------------------------------------------------------
// Cleanup: every child process and the temporary directory, whatever happens
// ---------------------------------------------------------------------------------------------

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();
/** Databases a benchmark opened in process: closed on every exit path. */
export const openHandles = new Set<{ close(): void }>();

/** A fresh temporary directory, removed on exit unless kept. */
export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

/** Leave `dir` in place on exit (`--keep`). */
export function keepTempDir(dir: string): void {
  tempDirs.delete(dir);
}

/** Children are started in their own process group (tsx runs node as a grandchild): kill the group. */
export function killGroup(proc: ChildProcess, signal: NodeJS.Signals): void {
  if (proc.pid === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
  try {
    process.kill(-proc.pid, signal);
  } catch {
    // already gone
  }
}

export function cleanupSync(): void {
  for (const c of children) killGroup(c, 'SIGKILL');
  children.clear();
  for (const h of openHandles) {
    try {
      h.close();
    } catch {
      // already closed
    }
  }
  openHandles.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

process.on('exit', cleanupSync);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping the benchmark and cleaning up`);
    cleanupSync();
    process.exit(130);
  });
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[i] as number;
}

export function summary(samples: number[]): { median: number; p95: number; mean: number; max: number; n: number } {
  const s = [...samples].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / Math.max(1, s.length);
  return { median: percentile(s, 0.5), p95: percentile(s, 0.95), mean, max: s.at(-1) ?? Number.NaN, n: s.length };
}

/** Deterministic PRNG (mulberry32): the same teams and values on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const ms = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : '—');
export const int = (x: number) => Math.round(x).toLocaleString('en-US');
export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
export const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Child processes
// ---------------------------------------------------------------------------------------------

export interface Child {
  name: string;
  proc: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
}

export function startChild(name: string, script: string, env: Record<string, string>): Child {
  const proc = spawn(TSX, [script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(proc);
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-6000);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  const exited = new Promise<number | null>((res) => {
    proc.once('exit', (code) => {
      children.delete(proc);
      res(code);
    });
  });
  return { name, proc, exited, output: () => out };
}

export async function stopChild(child: Child): Promise<void> {
  if (!children.has(child.proc)) return;
  killGroup(child.proc, 'SIGTERM');
  const done = await Promise.race([child.exited.then(() => true), sleep(5000).then(() => false)]);
  if (!done) killGroup(child.proc, 'SIGKILL');
  children.delete(child.proc);
}

export async function waitFor(child: Child, url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void child.exited.then((c) => {
    exitCode = c;
  });
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`${child.name} exited (code ${exitCode}) before it was ready:\n${child.output()}`);
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await r.arrayBuffer();
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${child.name} did not answer ${url} within ${timeoutMs / 1000} s:\n${child.output()}`);
}

// ---------------------------------------------------------------------------------------------
// Request headers: the one place that decides them (authentication, if the server has it)
// ---------------------------------------------------------------------------------------------

export interface Session {
  headers: Record<string, string>;
  note: string;
}

/**
 * What Chromium sends as `Accept-Encoding` to the server, over plain HTTP on loopback too (seen
 * in the browser tests' requests): the bench asks as the dashboard's browser does, so a reply
 * goes out as the browser would get it (server/src/http-encoding.ts).
 */
export const BROWSER_ACCEPT_ENCODING = 'gzip, deflate, br, zstd';

/**
 * If the server has accounts (`GET /api/me` → 401), sign in as the city leader and send the
 * session cookie on every request; if it has none (404), send no cookie. Every request says what
 * encodings it accepts, as a browser's does.
 */
export async function establishSession(base: string, login: Login): Promise<Session> {
  const me = await fetch(`${base}/api/me`);
  await me.arrayBuffer();
  const accepts = { 'accept-encoding': BROWSER_ACCEPT_ENCODING };
  if (me.status === 404) return { headers: accepts, note: 'no authentication (`GET /api/me` → 404)' };
  if (me.status !== 401) {
    return { headers: accepts, note: `no sign-in: \`GET /api/me\` answered ${me.status} without a session` };
  }
  const answer = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(login),
  });
  const text = await answer.text();
  if (!answer.ok) throw new Error(`POST /api/auth/login as ${login.username} answered ${answer.status}: ${text}`);
  const cookie = answer.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]?.trim() ?? '')
    .filter((c) => c.length > 0)
    .join('; ');
  if (!cookie) throw new Error('POST /api/auth/login set no cookie');
  const headers = { cookie, ...accepts };
  const check = await fetch(`${base}/api/me`, { headers });
  await check.arrayBuffer();
  if (check.status !== 200) throw new Error(`GET /api/me with the session cookie answered ${check.status}`);
  return {
    headers,
    note: `signed in as \`${login.username}\`; its session cookie goes with every request, with \`Accept-Encoding: ${BROWSER_ACCEPT_ENCODING}\``,
  };
}

/** A GET's reply as it came over the wire: the bytes sent, before any decoding, and their encoding. */
export function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; body: Buffer; encoding: string | null }> {
  return new Promise((resolve, reject) => {
    const req = httpGet(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const encoding = res.headers['content-encoding'];
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), encoding: typeof encoding === 'string' ? encoding : null });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

// ---------------------------------------------------------------------------------------------
// HTTP load
// ---------------------------------------------------------------------------------------------

export interface LoadResult {
  p50: number;
  p95: number;
  rps: number;
  requests: number;
  non2xx: number;
  errors: number;
  bytes: number;
}

export function load(url: string, headers: Record<string, string>, durationS: number, connections: number): Promise<LoadResult> {
  return new Promise((res, rej) => {
    const latencies: number[] = [];
    let bytes = 0;
    const watchdog = setTimeout(
      () => {
        instance.stop();
        rej(new Error(`autocannon on ${url} did not finish within ${durationS + 20} s`));
      },
      (durationS + 20) * 1000,
    );
    const instance = autocannon({ url, headers, connections, duration: durationS, timeout: 10 }, (err, result) => {
      clearTimeout(watchdog);
      if (err) return rej(err);
      const sorted = latencies.sort((a, b) => a - b);
      res({
        p50: percentile(sorted, 0.5),
        p95: percentile(sorted, 0.95),
        rps: result['2xx'] / result.duration,
        requests: result['2xx'],
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
        bytes: latencies.length > 0 ? bytes / latencies.length : 0,
      });
    });
    instance.on('response', (_client, status, resBytes, responseTime) => {
      if (status >= 200 && status < 300) {
        latencies.push(responseTime);
        bytes += resBytes;
      }
    });
  });
}

export interface HttpCase {
  name: string;
  url: string;
  result?: LoadResult;
  /** The probe: the first request of the case, before any reply to it is cached, ms. */
  firstMs?: number;
}

export async function measure(
  c: HttpCase,
  headers: Record<string, string>,
  connections = CONNECTIONS,
  durationS = DURATION_S,
): Promise<LoadResult> {
  // One request first: a wrong URL or a missing session must not pass for a fast 4xx.
  const t0 = performance.now();
  const probe = await fetch(c.url, { headers });
  const body = await probe.text();
  c.firstMs = performance.now() - t0;
  if (probe.status !== 200) throw new Error(`${c.name}: GET ${c.url} answered ${probe.status}: ${body.slice(0, 300)}`);
  await load(c.url, headers, WARMUP_S, connections);
  const r = await load(c.url, headers, durationS, connections);
  c.result = r;
  const flags = r.non2xx + r.errors > 0 ? `  (${r.non2xx} non-2xx, ${r.errors} errors/timeouts)` : '';
  console.log(
    `  ${c.name.padEnd(44)} p50 ${ms(r.p50).padStart(6)} ms  p95 ${ms(r.p95).padStart(6)} ms  ${int(r.rps).padStart(7)} req/s  ${int(Buffer.byteLength(body))} B JSON, ${int(r.bytes)} B on the wire${flags}`,
  );
  return r;
}

// ---------------------------------------------------------------------------------------------
// The write path: a task team's submission, with propagation
// ---------------------------------------------------------------------------------------------

export interface WriteResult {
  period: string;
  kpis: string[];
  team: ReturnType<typeof summary>;
  batch: ReturnType<typeof summary>;
  rollupRowsTouched: number;
  consistency: string;
}

export function inputFor(kpi: KpiDef, rand: () => number): FigureInput {
  switch (kpi.kind) {
    case 'count':
    case 'stock':
      return { value: Math.floor(rand() * 200) };
    case 'ratio': {
      const denominator = 200 + Math.floor(rand() * 1800);
      return { numerator: Math.floor(denominator * (0.9 + rand() * 0.1)), denominator };
    }
    case 'checklist':
      return { items: kpi.items.filter(() => rand() < 0.8).map((i) => i.code) };
  }
}

/**
 * `checkpoints`: 'background' as the server runs (wal_autocheckpoint off, a worker thread
 * checkpoints every second: db/checkpointer.ts), or 'in-commit', SQLite's default (the commit
 * that takes the WAL past 1,000 pages copies it into the database file), to show what that costs.
 */
export function measureWrites(
  dbPath: string,
  opts: { today: string; root: { code: string; label: string }; checkpoints?: 'background' | 'in-commit' },
): WriteResult {
  const db = openDb(`file:${dbPath}`, { backgroundCheckpoints: (opts.checkpoints ?? 'background') === 'background' });
  openHandles.add(db);
  try {
    const services = createServices(db, { today: () => opts.today });
    const catalog = services.catalog.get();
    const period = services.settings.currentPeriod();
    const teamLevel = Math.max(...[...catalog.units.values()].map((u) => u.level));
    const kpis = catalog.kpis.filter((k) => k.reportLevels.includes(teamLevel) && isActiveKpi(k, period));
    const rand = rng(6);
    const teams = [...catalog.units.values()].filter((u) => u.level === teamLevel && isValidAt(u, period));
    for (let i = teams.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [teams[i], teams[j]] = [teams[j] as UnitNode, teams[i] as UnitNode];
    }
    // The teams of a commune come in groups of BATCH_TEAMS; some of each commune's are left over.
    const needed = WRITE_WARMUP + WRITE_REPS_TEAM + (WRITE_WARMUP + WRITE_REPS_BATCH) * BATCH_TEAMS * 2;
    if (kpis.length === 0 || teams.length < needed) {
      throw new Error(`write benchmark needs ${needed} teams and some team KPIs; found ${teams.length} teams, ${kpis.length} KPIs`);
    }
    const now = new Date().toISOString();

    // What the submission route and the import do: the catalogue (a version check), then every
    // value of the submission in one transaction, the ancestors' deltas combined before they are
    // written (rollups.applyFigures).
    const submit = db.sqlite.transaction((units: UnitNode[], values: FigureInput[][]) => {
      const cat = services.catalog.get();
      const changes = units.flatMap((unit, u) => kpis.map((kpi, k) => ({ unit, kpi, period, input: values[u]?.[k] ?? null })));
      services.rollups.applyFigures('submitted', cat, changes, null, now);
    });

    const timed = (batches: UnitNode[][]): number[] =>
      batches.map((units) => {
        const values = units.map(() => kpis.map((k) => inputFor(k, rand)));
        const t0 = performance.now();
        submit(units, values);
        return performance.now() - t0;
      });
    // One team's report: a different team each time, anywhere under the root.
    const single = teams.slice(0, WRITE_WARMUP + WRITE_REPS_TEAM).map((u) => [u]);
    timed(single.slice(0, WRITE_WARMUP));
    const team = summary(timed(single.slice(WRITE_WARMUP)));
    // A commune's import of BATCH_TEAMS of its teams: the 30-value transaction the product makes.
    const byCommune = new Map<number, UnitNode[]>();
    for (const u of teams.slice(single.length)) {
      const parent = parentAt(catalog, u, period);
      if (!parent) continue;
      const list = byCommune.get(parent.id) ?? [];
      list.push(u);
      byCommune.set(parent.id, list);
    }
    const siblings: UnitNode[][] = [];
    for (const list of byCommune.values())
      for (let i = 0; i + BATCH_TEAMS <= list.length; i += BATCH_TEAMS) siblings.push(list.slice(i, i + BATCH_TEAMS));
    if (siblings.length < WRITE_WARMUP + WRITE_REPS_BATCH)
      throw new Error(`write benchmark: only ${siblings.length} groups of ${BATCH_TEAMS} sibling teams`);
    timed(siblings.slice(0, WRITE_WARMUP));
    const batch = summary(timed(siblings.slice(WRITE_WARMUP, WRITE_WARMUP + WRITE_REPS_BATCH)));

    const rollupRowsTouched = db.sqlite.prepare('SELECT COUNT(*) FROM rollups WHERE updated_at = ?').pluck().get(now) as number;

    // Propagation really happened: the root's total equals the sum of its children's totals.
    const city = catalog.unitsByCode.get(opts.root.code)?.at(-1);
    const flow = kpis.find((k) => k.kind === 'count' && !k.carried);
    let consistency = 'not checked';
    if (city && flow) {
      const cityValue = db.sqlite
        .prepare('SELECT value FROM rollups WHERE unit_id = ? AND kpi_id = ? AND period = ?')
        .pluck()
        .get(city.id, flow.id, period) as number | undefined;
      const ids = childrenAt(catalog, city, period).map((c) => c.id);
      const sum = db.sqlite
        .prepare(
          `SELECT COALESCE(SUM(value), 0) FROM rollups WHERE kpi_id = ? AND period = ? AND unit_id IN (${ids.map(() => '?').join(',')})`,
        )
        .pluck()
        .get(flow.id, period, ...ids) as number;
      consistency = `${opts.root.label} \`${flow.code}\` ${period} = ${int(cityValue ?? 0)}, Σ units below = ${int(sum)}: ${cityValue === sum ? 'consistent' : '**INCONSISTENT**'}`;
    }
    return { period, kpis: kpis.map((k) => k.code), team, batch, rollupRowsTouched, consistency };
  } finally {
    db.close();
    openHandles.delete(db);
  }
}

// ---------------------------------------------------------------------------------------------
// Running a benchmark
// ---------------------------------------------------------------------------------------------

/** Run the benchmark's steps, then stop every child and remove every temporary file; exit 1 on failure. */
export async function runBench(...steps: (() => Promise<void>)[]): Promise<never> {
  let exitCode = 0;
  try {
    for (const step of steps) await step();
  } catch (err) {
    console.error('\nBenchmark failed:', err instanceof Error ? (err.stack ?? err.message) : err);
    exitCode = 1;
  } finally {
    for (const c of [...children]) killGroup(c, 'SIGTERM');
    await sleep(children.size > 0 ? 500 : 0);
    cleanupSync();
  }
  process.exit(exitCode);
}
