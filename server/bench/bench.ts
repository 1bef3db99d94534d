/**
 * `npm run bench`: what the Hanoi demo costs, end to end, on this machine. Prints a markdown
 * report and writes it to bench-results/latest.md. Timings are printed, never asserted.
 *
 *  1. seed the Hanoi demo into a fresh temporary SQLite database (in process), and its size;
 *  2. the write path, in process on a copy of that database: one task team's submission with
 *     propagation to every ancestor, and a 30-value submission (10 teams × 3 KPIs);
 *  3. the read API over HTTP on loopback: the real server (`server/src/server.ts`) runs as a child
 *     process, so autocannon, in this process, does not share its CPU thread; then the figures
 *     endpoint next to a bare Fastify route (bare-server.ts, another child) answering a constant
 *     body of the same size;
 *  4. if e2e/lcp.ts exists, the Largest Contentful Paint it measures, and the initial JS, gzipped.
 *
 * Child processes and temporary files are removed on every exit path.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { addMonths } from '@tiendo/shared';
import autocannon from 'autocannon';
import { openDb } from '../src/db/client.ts';
import { childrenAt, isActiveKpi, isValidAt, type KpiDef, parentAt, type UnitNode } from '../src/services/catalog-service.ts';
import { createServices } from '../src/services/index.ts';
import type { FigureInput } from '../src/services/rollup-service.ts';
import { benchHealthUnderLoad } from './health-bench.ts';
import { benchReports } from './report-bench.ts';

// ---------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------

const TODAY = '2026-11-27';
const PERIOD = '2026-11';
const OPEN_PERIOD = '2026-12';
const SERIES_KPI = 'dinh_danh_tiep_nhan';
const BREAKDOWN_KPI = 'lam_sach_dan_cu';
/** Today's map (the city over 126 communes) and, before the July 2025 reform, the map of its day. */
const BEFORE_REFORM = '2025-06';
const UNITS = [
  { label: 'city', code: '01', period: PERIOD, map: 'period' },
  { label: 'commune', code: '00097', period: PERIOD, map: 'period' },
  { label: `district, ${BEFORE_REFORM}`, code: '001', period: BEFORE_REFORM, map: 'period' },
  { label: `commune, ${BEFORE_REFORM}`, code: '00001', period: BEFORE_REFORM, map: 'period' },
  { label: `city on today's map, ${BEFORE_REFORM}`, code: '01', period: BEFORE_REFORM, map: 'today' },
] as const;
const CONNECTIONS = 10;
const DURATION_S = 5;
const WARMUP_S = 1;
const WRITE_WARMUP = 20;
const WRITE_REPS_TEAM = 300;
const WRITE_REPS_BATCH = 200;
const BATCH_TEAMS = 10;
const LOGIN = { username: 'lanhdao', password: 'tiendo-demo' };

const GOAL = {
  cityFiguresP95Ms: 5,
  bareRatio: 0.5,
  propagationMs: 1,
  seedS: 60,
  lcpMs: 1000,
  initialJsGzipKb: 200,
};

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const RESULTS = join(ROOT, 'bench-results/latest.md');

// ---------------------------------------------------------------------------------------------
// Cleanup: every child process and the temporary directory, whatever happens
// ---------------------------------------------------------------------------------------------

const children = new Set<ChildProcess>();
let tempDir: string | null = null;
const openHandles = new Set<{ close(): void }>();

/** Children are started in their own process group (tsx runs node as a grandchild): kill the group. */
function killGroup(proc: ChildProcess, signal: NodeJS.Signals): void {
  if (proc.pid === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
  try {
    process.kill(-proc.pid, signal);
  } catch {
    // already gone
  }
}

function cleanupSync(): void {
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
  if (tempDir) {
    rmSync(tempDir, { recursive: true, force: true });
    tempDir = null;
  }
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

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[i] as number;
}

function summary(samples: number[]): { median: number; p95: number; mean: number; max: number; n: number } {
  const s = [...samples].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / Math.max(1, s.length);
  return { median: percentile(s, 0.5), p95: percentile(s, 0.95), mean, max: s.at(-1) ?? Number.NaN, n: s.length };
}

/** Deterministic PRNG (mulberry32): the same teams and values on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ms = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : '—');
const int = (x: number) => Math.round(x).toLocaleString('en-US');
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');

function freePort(): Promise<number> {
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

interface Child {
  name: string;
  proc: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
}

function startChild(name: string, script: string, env: Record<string, string>): Child {
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

async function stopChild(child: Child): Promise<void> {
  if (!children.has(child.proc)) return;
  killGroup(child.proc, 'SIGTERM');
  const done = await Promise.race([child.exited.then(() => true), sleep(5000).then(() => false)]);
  if (!done) killGroup(child.proc, 'SIGKILL');
  children.delete(child.proc);
}

async function waitFor(child: Child, url: string, timeoutMs = 60_000): Promise<void> {
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

interface Session {
  headers: Record<string, string>;
  note: string;
}

/**
 * If the server has accounts (`GET /api/me` → 401), sign in as the city leader and send the
 * session cookie on every request; if it has none (404), send nothing.
 */
async function establishSession(base: string): Promise<Session> {
  const me = await fetch(`${base}/api/me`);
  await me.arrayBuffer();
  if (me.status === 404) return { headers: {}, note: 'no authentication (`GET /api/me` → 404)' };
  if (me.status !== 401) {
    return { headers: {}, note: `no sign-in: \`GET /api/me\` answered ${me.status} without a session` };
  }
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(LOGIN),
  });
  const text = await login.text();
  if (!login.ok) throw new Error(`POST /api/auth/login as ${LOGIN.username} answered ${login.status}: ${text}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]?.trim() ?? '')
    .filter((c) => c.length > 0)
    .join('; ');
  if (!cookie) throw new Error('POST /api/auth/login set no cookie');
  const headers = { cookie };
  const check = await fetch(`${base}/api/me`, { headers });
  await check.arrayBuffer();
  if (check.status !== 200) throw new Error(`GET /api/me with the session cookie answered ${check.status}`);
  return { headers, note: `signed in as \`${LOGIN.username}\`; its session cookie goes with every request` };
}

// ---------------------------------------------------------------------------------------------
// HTTP load
// ---------------------------------------------------------------------------------------------

interface LoadResult {
  p50: number;
  p95: number;
  rps: number;
  requests: number;
  non2xx: number;
  errors: number;
  bytes: number;
}

function load(url: string, headers: Record<string, string>, durationS: number, connections: number): Promise<LoadResult> {
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

interface HttpCase {
  name: string;
  url: string;
  result?: LoadResult;
}

async function measure(
  c: HttpCase,
  headers: Record<string, string>,
  connections = CONNECTIONS,
  durationS = DURATION_S,
): Promise<LoadResult> {
  // One request first: a wrong URL or a missing session must not pass for a fast 4xx.
  const probe = await fetch(c.url, { headers });
  const body = await probe.text();
  if (probe.status !== 200) throw new Error(`${c.name}: GET ${c.url} answered ${probe.status}: ${body.slice(0, 300)}`);
  await load(c.url, headers, WARMUP_S, connections);
  const r = await load(c.url, headers, durationS, connections);
  c.result = r;
  const flags = r.non2xx + r.errors > 0 ? `  (${r.non2xx} non-2xx, ${r.errors} errors/timeouts)` : '';
  console.log(
    `  ${c.name.padEnd(44)} p50 ${ms(r.p50).padStart(6)} ms  p95 ${ms(r.p95).padStart(6)} ms  ${int(r.rps).padStart(7)} req/s  ${int(Buffer.byteLength(body))} B${flags}`,
  );
  return r;
}

// ---------------------------------------------------------------------------------------------
// The write path: a task team's submission, with propagation
// ---------------------------------------------------------------------------------------------

interface WriteResult {
  period: string;
  kpis: string[];
  team: ReturnType<typeof summary>;
  batch: ReturnType<typeof summary>;
  rollupRowsTouched: number;
  consistency: string;
}

function inputFor(kpi: KpiDef, rand: () => number): FigureInput {
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

function measureWrites(dbPath: string): WriteResult {
  const db = openDb(`file:${dbPath}`);
  openHandles.add(db);
  try {
    const services = createServices(db, { today: () => TODAY });
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
      services.rollups.applyFigures(cat, changes, null, now);
    });

    const timed = (batches: UnitNode[][]): number[] =>
      batches.map((units) => {
        const values = units.map(() => kpis.map((k) => inputFor(k, rand)));
        const t0 = performance.now();
        submit(units, values);
        return performance.now() - t0;
      });
    // One team's report: a different team each time, anywhere in the city.
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

    // Propagation really happened: the city's total equals the sum of its districts' totals.
    const city = catalog.unitsByCode.get('01')?.at(-1);
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
      consistency = `city \`${flow.code}\` ${period} = ${int(cityValue ?? 0)}, Σ units below = ${int(sum)}: ${cityValue === sum ? 'consistent' : '**INCONSISTENT**'}`;
    }
    return { period, kpis: kpis.map((k) => k.code), team, batch, rollupRowsTouched, consistency };
  } finally {
    db.close();
    openHandles.delete(db);
  }
}

// ---------------------------------------------------------------------------------------------
// Client: LCP (optional hook) and initial JS size
// ---------------------------------------------------------------------------------------------

function initialJsGzip(): { bytes: number; raw: number; files: string[] } | null {
  const dist = join(ROOT, 'client/dist');
  const indexHtml = join(dist, 'index.html');
  if (!existsSync(indexHtml)) return null;
  const html = readFileSync(indexHtml, 'utf8');
  const refs = new Set<string>();
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) if (m[1]) refs.add(m[1]);
  for (const m of html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)) if (m[1]) refs.add(m[1]);
  for (const m of html.matchAll(/<link\b[^>]*\bhref="([^"]+\.js)"[^>]*\brel="modulepreload"/g)) if (m[1]) refs.add(m[1]);
  let bytes = 0;
  let raw = 0;
  const files: string[] = [];
  for (const ref of refs) {
    if (/^(https?:)?\/\//.test(ref)) continue;
    const file = join(dist, ref.replace(/^\//, '').split(/[?#]/)[0] ?? '');
    if (!existsSync(file)) continue;
    const content = readFileSync(file);
    raw += content.length;
    bytes += gzipSync(content).length;
    files.push(ref);
  }
  return { bytes, raw, files };
}

type LcpFn = (...args: unknown[]) => unknown;

async function measureLcpHook(base: string, session: Session): Promise<{ ms: number | null; note: string }> {
  const file = join(ROOT, 'e2e/lcp.ts');
  if (!existsSync(file)) return { ms: null, note: 'skipped: e2e/lcp.ts does not exist yet' };
  try {
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const fn = [mod.measureLcp, mod.default, ...Object.values(mod)].find((v): v is LcpFn => typeof v === 'function');
    if (!fn) return { ms: null, note: 'skipped: e2e/lcp.ts exports no function' };
    const out = await Promise.race([
      Promise.resolve(fn(base, { baseUrl: base, headers: session.headers, cookie: session.headers.cookie })),
      sleep(90_000).then(() => {
        throw new Error('timed out after 90 s');
      }),
    ]);
    let value: unknown = out;
    if (out && typeof out === 'object') {
      const o = out as Record<string, unknown>;
      value = o.lcpMs ?? o.lcp ?? o.ms ?? o.value;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) return { ms: null, note: `e2e/lcp.ts returned ${JSON.stringify(out)}` };
    return { ms: value, note: 'measured by e2e/lcp.ts' };
  } catch (err) {
    return { ms: null, note: `e2e/lcp.ts failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now();
  tempDir = mkdtempSync(join(tmpdir(), 'tiendo-bench-'));
  const dbPath = join(tempDir, 'bench.sqlite');
  const copyPath = join(tempDir, 'writes.sqlite');
  const cpu = cpus();
  const machine = `${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}`;
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const loadAtStart = loadavg()[0] ?? 0;
  console.log(`Tiến độ 06 benchmark — ${date}\n${machine}; load average ${loadAtStart.toFixed(2)}\n`);
  if (loadAtStart > 0.5) console.log('  (other processes are using the CPU: the figures below will be lower than on an idle machine)\n');

  // 1. Seed
  console.log('Seeding the Hanoi demo into a fresh database…');
  const t0 = performance.now();
  const db = openDb(`file:${dbPath}`);
  openHandles.add(db);
  const migrated = performance.now();
  const seeded = await createServices(db, { today: () => TODAY }).demo.load();
  const seedMs = performance.now() - t0;
  db.close(); // checkpoints the WAL into the main file
  openHandles.delete(db);
  const dbBytes = statSync(dbPath).size;
  console.log(
    `  ${seeded.units} units, ${int(seeded.figures)} figures, ${int(seeded.reports)} reports, ${int(seeded.rollups)} roll-up rows` +
      ` in ${(seedMs / 1000).toFixed(1)} s (migrations ${ms(migrated - t0, 0)} ms); database ${mib(dbBytes)}\n`,
  );
  copyFileSync(dbPath, copyPath);

  // 2. Writes, in process, before any server is running
  console.log(`Submissions with propagation (in process, on a copy, one transaction each)…`);
  const writes = measureWrites(copyPath);
  console.log(
    `  one team (${writes.kpis.length} values):   median ${ms(writes.team.median, 3)} ms, p95 ${ms(writes.team.p95, 3)} ms over ${writes.team.n}`,
  );
  console.log(
    `  ${BATCH_TEAMS} teams (${BATCH_TEAMS * writes.kpis.length} values): median ${ms(writes.batch.median, 3)} ms, p95 ${ms(writes.batch.p95, 3)} ms over ${writes.batch.n}`,
  );
  console.log(`  ${writes.consistency}\n`);

  // The monthly meeting report of the city, in each format, in process on the copy.
  console.log("The city's meeting report (PDF, DOCX, XLSX), in process…");
  const reportDb = openDb(`file:${copyPath}`);
  openHandles.add(reportDb);
  const reports = await benchReports(createServices(reportDb, { today: () => TODAY }));
  reportDb.close();
  openHandles.delete(reportDb);
  console.log(`${reports.markdown}\n`);

  // 3. HTTP
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  console.log(`Starting the server on ${base}…`);
  const server = startChild('the server', 'server/src/server.ts', {
    DATABASE_URL: `file:${dbPath}`,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    SEED_DEMO: '0',
    TIENDO_TODAY: TODAY,
    NODE_ENV: 'production',
    ALLOW_DEMO_ACCOUNTS: '1',
  });
  await waitFor(server, `${base}/api/health`);
  const session = await establishSession(base);
  const headers = session.headers;
  console.log(`  ${session.note}`);
  console.log(`  autocannon: ${CONNECTIONS} connections, ${WARMUP_S} s warm-up + ${DURATION_S} s per case\n`);

  const cases: HttpCase[] = [];
  for (const u of UNITS)
    cases.push({ name: `figures · ${u.label} \`${u.code}\``, url: `${base}/api/units/${u.code}/figures?period=${u.period}&map=${u.map}` });
  for (const u of UNITS) {
    cases.push({
      name: `series 24 months · ${u.label} \`${u.code}\``,
      url: `${base}/api/units/${u.code}/series?kpi=${SERIES_KPI}&from=${addMonths(u.period, -23)}&to=${u.period}&map=${u.map}`,
    });
  }
  for (const u of UNITS) {
    cases.push({
      name: `breakdown · ${u.label} \`${u.code}\``,
      url: `${base}/api/units/${u.code}/breakdown?kpi=${BREAKDOWN_KPI}&period=${u.period}&map=${u.map}`,
    });
  }
  const cityFigures = cases[0] as HttpCase;
  // A warm-up pass over every case before any is measured: the first case measured must not pay
  // for the server's cold JIT and first computations that the later ones do not.
  console.log('  warm-up pass over every case…');
  for (const c of cases) await load(c.url, headers, WARMUP_S, CONNECTIONS);

  // The yardstick: the city's figures reply, byte for byte, from a bare Fastify route.
  const reference = await fetch(cityFigures.url, { headers });
  const referenceBody = await reference.text();
  if (reference.status !== 200) throw new Error(`GET ${cityFigures.url} answered ${reference.status}: ${referenceBody.slice(0, 300)}`);
  const bodyFile = join(tempDir, 'bare-body.json');
  writeFileSync(bodyFile, referenceBody);
  const bodyBytes = Buffer.byteLength(referenceBody);
  const barePort = await freePort();
  const bare = startChild('the bare route', 'server/bench/bare-server.ts', {
    BARE_BODY_FILE: bodyFile,
    PORT: String(barePort),
    HOST: '127.0.0.1',
  });
  await waitFor(bare, `http://127.0.0.1:${barePort}/health`);
  const bareCase: HttpCase = { name: `bare Fastify route, same ${int(bodyBytes)} B body`, url: `http://127.0.0.1:${barePort}/bare` };
  const singleCase: HttpCase = { name: 'figures · city `01`, 1 connection', url: cityFigures.url };

  for (const c of cases) {
    await measure(c, headers);
    // The pair whose ratio matters runs back to back.
    if (c === cityFigures) await measure(bareCase, headers);
  }
  await measure(singleCase, headers, 1, 3);
  await stopChild(bare);

  // Health while the heaviest work runs: thirty city reports and a hostile upload at once.
  console.log('  health while 30 city exports and a hostile upload run…');
  const healthLoad = await benchHealthUnderLoad(base, { period: PERIOD, openPeriod: OPEN_PERIOD, password: LOGIN.password });
  console.log(`${healthLoad.markdown}\n`);

  // 4. Client
  const lcp = await measureLcpHook(base, session);
  const js = initialJsGzip();
  await stopChild(server);

  // Report
  const figuresRps = cityFigures.result?.rps ?? Number.NaN;
  const bareRps = bareCase.result?.rps ?? Number.NaN;
  const ratio = figuresRps / bareRps;
  const cityP95 = cityFigures.result?.p95 ?? Number.NaN;
  const invalid = [...cases, bareCase, singleCase].filter((c) => (c.result?.non2xx ?? 0) + (c.result?.errors ?? 0) > 0);

  const row = (c: HttpCase) => {
    const r = c.result;
    return r ? `| ${c.name} | ${ms(r.p50)} | ${ms(r.p95)} | ${int(r.rps)} |` : `| ${c.name} | — | — | — |`;
  };
  const md: string[] = [];
  md.push(
    `Run on ${date}: ${machine}. Hanoi demo (${int(seeded.units)} units, ${int(seeded.figures)} figures), period ${PERIOD}, ` +
      `HTTP on loopback against the real server in its own process; autocannon with ${CONNECTIONS} connections, ` +
      `a ${WARMUP_S} s warm-up pass over every case, then ${WARMUP_S} s warm-up and ${DURATION_S} s per case; latencies of every 2xx response. ${session.note[0]?.toUpperCase()}${session.note.slice(1)}. ` +
      `1-minute load average before the run: ${loadAtStart.toFixed(2)}.`,
  );
  md.push('');
  md.push('| case | p50 ms | p95 ms | req/s |');
  md.push('|---|---:|---:|---:|');
  for (const c of cases) {
    md.push(row(c));
    if (c === cityFigures) md.push(row(bareCase));
  }
  md.push(row(singleCase));
  md.push('');
  md.push('| figure | result | goal | |');
  md.push('|---|---|---|---|');
  md.push(
    `| city figures p95 (${CONNECTIONS} connections) | ${ms(cityP95)} ms | ≤ ${GOAL.cityFiguresP95Ms} ms | ${verdict(cityP95 <= GOAL.cityFiguresP95Ms)} |`,
  );
  md.push(
    `| figures req/s vs bare route (city, ${int(bodyBytes)} B) | ${(ratio * 100).toFixed(0)} % (${int(figuresRps)} / ${int(bareRps)}) | ≥ ${GOAL.bareRatio * 100} % | ${verdict(ratio >= GOAL.bareRatio)} |`,
  );
  md.push(
    `| one team's submission, ${writes.kpis.length} values + propagation (median / p95 of ${writes.team.n}) | ${ms(writes.team.median, 3)} / ${ms(writes.team.p95, 3)} ms | ≤ ${GOAL.propagationMs} ms | ${verdict(writes.team.median <= GOAL.propagationMs && writes.team.p95 <= GOAL.propagationMs)} |`,
  );
  md.push(
    `| 30-value submission: a commune's import of ${BATCH_TEAMS} of its teams × ${writes.kpis.length} KPIs + propagation (median / p95 of ${writes.batch.n}) | ${ms(writes.batch.median, 3)} / ${ms(writes.batch.p95, 3)} ms | ≤ ${GOAL.propagationMs} ms | ${verdict(writes.batch.median <= GOAL.propagationMs && writes.batch.p95 <= GOAL.propagationMs)} |`,
  );
  md.push(`| seed of the Hanoi demo | ${(seedMs / 1000).toFixed(1)} s | ≤ ${GOAL.seedS} s | ${verdict(seedMs / 1000 <= GOAL.seedS)} |`);
  md.push(`| database size after seed | ${mib(dbBytes)} | — | |`);
  md.push(
    lcp.ms === null
      ? `| LCP, city overview | — (${lcp.note}) | ≤ ${GOAL.lcpMs} ms | |`
      : `| LCP, city overview | ${int(lcp.ms)} ms | ≤ ${GOAL.lcpMs} ms | ${verdict(lcp.ms <= GOAL.lcpMs)} |`,
  );
  md.push(
    js === null
      ? `| initial JS, gzipped | — (skipped: client/dist not built) | ≤ ${GOAL.initialJsGzipKb} KB | |`
      : `| initial JS, gzipped (${js.files.length} file${js.files.length === 1 ? '' : 's'}, ${kb(js.raw)} raw) | ${kb(js.bytes)} | ≤ ${GOAL.initialJsGzipKb} KB | ${verdict(js.bytes / 1024 <= GOAL.initialJsGzipKb)} |`,
  );
  md.push('');
  md.push(
    `Submissions: in process on a copy of the seeded database, each in its own transaction (commit included, WAL, synchronous=NORMAL), ` +
      `each of a team's KPIs (${writes.kpis.map((k) => `\`${k}\``).join(', ')}) in the open period ${writes.period}, ` +
      `every repetition a different team (new values, so every ancestor changes), one team at a time or ${BATCH_TEAMS} teams of one commune at a time (its import), the ancestors' deltas combined before they are written (\`rollups.applyFigures\`); ${int(writes.rollupRowsTouched)} roll-up rows written in all. ${writes.consistency}.`,
  );
  md.push('', reports.markdown);
  md.push('', healthLoad.markdown);
  if (invalid.length > 0)
    md.push(`\nWarning: non-2xx responses or errors in ${invalid.map((c) => c.name).join(', ')}; those rows are not valid.`);
  const report = md.join('\n');

  mkdirSync(dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, `# Benchmark\n\n${report}\n`);
  console.log(`\n${report}\n`);
  console.log(`Written to ${RESULTS} (whole run ${((performance.now() - started) / 1000).toFixed(0)} s).`);
}

let exitCode = 0;
try {
  await main();
} catch (err) {
  console.error('\nBenchmark failed:', err instanceof Error ? (err.stack ?? err.message) : err);
  exitCode = 1;
} finally {
  for (const c of [...children]) killGroup(c, 'SIGTERM');
  await sleep(children.size > 0 ? 500 : 0);
  cleanupSync();
}
process.exit(exitCode);
