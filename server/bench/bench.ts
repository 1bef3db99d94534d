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
 * Child processes and temporary files are removed on every exit path (bench-lib.ts).
 *
 * `npm run bench -- --national` runs only the national benchmark instead (national.ts: Vietnam's
 * 34 provinces, 3,321 communes and ~80,000 generated task teams, built from real data; add
 * `--keep` to keep its database); `npm run bench -- --all` runs this one, then that one.
 *
 * After the Hanoi cases, `npm run bench` runs the load test (load-test.ts: 200 signed-in readers,
 * 50 teams submitting, 5 approvers, 60 s, on a freshly seeded database, with the city overview's
 * LCP measured during it, the totals checked after it, and where one request's time goes,
 * request-budget.ts); `npm run bench -- --load` runs only that, and `--duration=S`,
 * `--readers=N`, `--think=MS` change it.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { addMonths } from '@tiendo/shared';
import { openDb } from '../src/db/client.ts';
import { createServices } from '../src/services/index.ts';
import {
  BATCH_TEAMS,
  CONNECTIONS,
  DURATION_S,
  establishSession,
  freePort,
  type HttpCase,
  int,
  kb,
  load,
  makeTempDir,
  measure,
  measureWrites,
  mib,
  ms,
  openHandles,
  ROOT,
  rawGet,
  runBench,
  type Session,
  sleep,
  startChild,
  stopChild,
  verdict,
  WARMUP_S,
  type WriteResult,
  waitFor,
} from './bench-lib.ts';
import { benchHealthUnderLoad } from './health-bench.ts';
import { runLoadBench } from './load-test.ts';
import { runNational } from './national.ts';
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
const LOGIN = { username: 'lanhdao', password: 'tiendo-demo' };

const GOAL = {
  cityFiguresP95Ms: 5,
  bareRatio: 0.5,
  propagationMs: 1,
  seedS: 60,
  lcpMs: 1000,
  initialJsGzipKb: 200,
  waterfallSteps: 2,
};

const RESULTS = join(ROOT, 'bench-results/latest.md');

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

export interface LcpMeasure {
  ms: number | null;
  note: string;
  /** The deepest chain of API requests of the page (e2e/lcp.ts `waterfallSteps`); null if not measured. */
  waterfall: number | null;
  /** When the first indicator's figure was on screen (median, ms from the start of the load); null if not measured. */
  figuresMs: number | null;
  /** When the page's last byte had come (median, ms from the start of the load); null if not measured. */
  pageMs: number | null;
  /** First Contentful Paint (median, ms); null if not measured. */
  fcpMs: number | null;
}

const NOT_MEASURED = { waterfall: null, figuresMs: null, pageMs: null, fcpMs: null } as const;

async function measureLcpHook(base: string, session: Session): Promise<LcpMeasure> {
  const file = join(ROOT, 'e2e/lcp.ts');
  if (!existsSync(file)) return { ms: null, note: 'skipped: e2e/lcp.ts does not exist yet', ...NOT_MEASURED };
  try {
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const fn = [mod.measureLcp, mod.default, ...Object.values(mod)].find((v): v is LcpFn => typeof v === 'function');
    if (!fn) return { ms: null, note: 'skipped: e2e/lcp.ts exports no function', ...NOT_MEASURED };
    const out = await Promise.race([
      Promise.resolve(fn(base, { baseUrl: base, headers: session.headers, cookie: session.headers.cookie })),
      sleep(90_000).then(() => {
        throw new Error('timed out after 90 s');
      }),
    ]);
    let value: unknown = out;
    let waterfall: number | null = null;
    let figuresMs: number | null = null;
    let pageMs: number | null = null;
    let fcpMs: number | null = null;
    if (out && typeof out === 'object') {
      const o = out as Record<string, unknown>;
      value = o.lcpMs ?? o.lcp ?? o.ms ?? o.value;
      if (typeof o.waterfall === 'number') waterfall = o.waterfall;
      if (typeof o.figuresMs === 'number' && Number.isFinite(o.figuresMs)) figuresMs = o.figuresMs;
      if (typeof o.pageMs === 'number' && Number.isFinite(o.pageMs)) pageMs = o.pageMs;
      if (typeof o.fcpMs === 'number' && Number.isFinite(o.fcpMs)) fcpMs = o.fcpMs;
    }
    if (typeof value !== 'number' || !Number.isFinite(value))
      return { ms: null, note: `e2e/lcp.ts returned ${JSON.stringify(out)}`, waterfall, figuresMs, pageMs, fcpMs };
    return { ms: value, note: 'measured by e2e/lcp.ts', waterfall, figuresMs, pageMs, fcpMs };
  } catch (err) {
    return {
      ms: null,
      note: `e2e/lcp.ts failed: ${err instanceof Error ? err.message : String(err)}`,
      ...NOT_MEASURED,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now();
  const tempDir = makeTempDir('tiendo-bench-');
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
  const inCommitPath = join(tempDir, 'writes-in-commit.sqlite');
  copyFileSync(dbPath, inCommitPath);

  // 2. Writes, in process, before any server is running: first with SQLite's own checkpoints
  // inside the commits, then as the server runs (checkpoints in a worker thread), each on its own
  // copy, the same teams and values in the same order.
  console.log(`Submissions with propagation (in process, on a copy, one transaction each)…`);
  const printWrites = (label: string, w: WriteResult) => {
    console.log(`  ${label}`);
    console.log(
      `    one team (${w.kpis.length} values):   median ${ms(w.team.median, 3)} ms, p95 ${ms(w.team.p95, 3)} ms over ${w.team.n}`,
    );
    console.log(
      `    ${BATCH_TEAMS} teams (${BATCH_TEAMS * w.kpis.length} values): median ${ms(w.batch.median, 3)} ms, p95 ${ms(w.batch.p95, 3)} ms over ${w.batch.n}`,
    );
    console.log(`    ${w.consistency}`);
  };
  const inCommit = measureWrites(inCommitPath, { today: TODAY, root: { code: '01', label: 'city' }, checkpoints: 'in-commit' });
  printWrites('checkpoints inside the commits (SQLite default, wal_autocheckpoint = 1000):', inCommit);
  const writes = measureWrites(copyPath, { today: TODAY, root: { code: '01', label: 'city' }, checkpoints: 'background' });
  printWrites('checkpoints in a worker thread (as the server runs):', writes);
  console.log('');

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
  const session = await establishSession(base, LOGIN);
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

  // The yardstick: the city's figures reply, byte for byte as it went over the wire (compressed
  // as the browser's headers asked), from a bare Fastify route.
  const reference = await rawGet(cityFigures.url, headers);
  if (reference.status !== 200)
    throw new Error(`GET ${cityFigures.url} answered ${reference.status}: ${reference.body.toString().slice(0, 300)}`);
  const bodyFile = join(tempDir, 'bare-body.json');
  writeFileSync(bodyFile, reference.body);
  const bodyBytes = reference.body.length;
  const barePort = await freePort();
  const bare = startChild('the bare route', 'server/bench/bare-server.ts', {
    BARE_BODY_FILE: bodyFile,
    ...(reference.encoding ? { BARE_CONTENT_ENCODING: reference.encoding } : {}),
    PORT: String(barePort),
    HOST: '127.0.0.1',
  });
  await waitFor(bare, `http://127.0.0.1:${barePort}/health`);
  const bareCase: HttpCase = {
    name: `bare Fastify route, same ${int(bodyBytes)} B body${reference.encoding ? ` (${reference.encoding})` : ''}`,
    url: `http://127.0.0.1:${barePort}/bare`,
  };
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
    `| 30-value submission: a commune's import of ${BATCH_TEAMS} of its teams × ${writes.kpis.length} KPIs + propagation (median / p95 of ${writes.batch.n}) | ${ms(writes.batch.median, 3)} / ${ms(writes.batch.p95, 3)} ms | ≤ ${GOAL.propagationMs} ms median | ${verdict(writes.batch.median <= GOAL.propagationMs)} |`,
  );
  md.push(
    `| the same 30-value submission with SQLite's checkpoints inside the commits (wal_autocheckpoint = 1000), for comparison | ${ms(inCommit.batch.median, 3)} / ${ms(inCommit.batch.p95, 3)} ms | the p95 above not dominated by checkpoints | ${verdict(writes.batch.p95 <= inCommit.batch.p95)} |`,
  );
  md.push(`| seed of the Hanoi demo | ${(seedMs / 1000).toFixed(1)} s | ≤ ${GOAL.seedS} s | ${verdict(seedMs / 1000 <= GOAL.seedS)} |`);
  md.push(`| database size after seed | ${mib(dbBytes)} | — | |`);
  md.push(
    lcp.ms === null
      ? `| LCP, city overview | — (${lcp.note}) | ≤ ${GOAL.lcpMs} ms | |`
      : `| LCP, city overview | ${int(lcp.ms)} ms | ≤ ${GOAL.lcpMs} ms | ${verdict(lcp.ms <= GOAL.lcpMs)} |`,
  );
  if (lcp.fcpMs !== null) md.push(`| First Contentful Paint, city overview (the page's own frame) | ${int(lcp.fcpMs)} ms | — | |`);
  if (lcp.figuresMs !== null)
    md.push(`| the city overview's first figure on screen (after its heading and frame) | ${int(lcp.figuresMs)} ms | — | |`);
  md.push(
    lcp.waterfall === null
      ? `| API request chain of the city overview after the page (steps) | — | ≤ ${GOAL.waterfallSteps} | |`
      : `| API request chain of the city overview after the page (steps) | ${lcp.waterfall} | ≤ ${GOAL.waterfallSteps} | ${verdict(lcp.waterfall <= GOAL.waterfallSteps)} |`,
  );
  md.push(
    js === null
      ? `| initial JS, gzipped | — (skipped: client/dist not built) | ≤ ${GOAL.initialJsGzipKb} KB | |`
      : `| initial JS, gzipped (${js.files.length} file${js.files.length === 1 ? '' : 's'}, ${kb(js.raw)} raw) | ${kb(js.bytes)} | ≤ ${GOAL.initialJsGzipKb} KB | ${verdict(js.bytes / 1024 <= GOAL.initialJsGzipKb)} |`,
  );
  md.push('');
  md.push(
    `Submissions: in process on a copy of the seeded database, each in its own transaction (commit included, WAL, synchronous=NORMAL), ` +
      `each of a team's KPIs (${writes.kpis.map((k) => `\`${k}\``).join(', ')}) in the open period ${writes.period}, with the WAL checkpointed by a worker thread as the server does (db/checkpointer.ts), ` +
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

// `--national` runs only the national benchmark (national.ts), `--all` the Hanoi one and then it.
const args = process.argv.slice(2);
const loadTest = () => runLoadBench(measureLcpHook, { today: TODAY, results: RESULTS });
await runBench(
  ...(args.includes('--all')
    ? [main, loadTest, runNational]
    : args.includes('--national')
      ? [runNational]
      : args.includes('--load')
        ? [loadTest]
        : [main, loadTest]),
);
