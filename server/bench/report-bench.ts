/**
 * Times the city's monthly report in each format, in process, on a seeded database. The main
 * benchmark calls `benchReports(services)`; run alone it seeds a temporary demo first:
 * `npx tsx server/bench/report-bench.ts [path/to/demo.sqlite]`.
 *
 * Each format is built `reps` times after one warm-up build (which also parses the fonts); the
 * median is reported, with the model (the database reads) and the rendering apart. The goal is all
 * three formats in ≤ 2 s together, as a download of each would cost (model + render each time).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDb } from '../src/db/client.ts';
import { REPORT_FORMATS, type ReportFormat, renderModel } from '../src/reports/index.ts';
import { buildReportModel } from '../src/reports/report-data.ts';
import { createServices, type Services } from '../src/services/index.ts';

export interface ReportBenchRow {
  format: ReportFormat;
  /** Median ms to read the figures into the report model. */
  modelMs: number;
  /** Median ms to render the file from the model. */
  renderMs: number;
  /** modelMs + renderMs: one download. */
  totalMs: number;
  /** The first build in the process (module warm-up, font parsing), ms. */
  coldMs: number;
  /** Median CPU time of one download (model + render, all threads of the process), ms: steadier than wall time on a busy machine. */
  cpuMs: number;
  bytes: number;
}

export interface ReportBenchResult {
  unit: string;
  period: string;
  rows: ReportBenchRow[];
  /** Sum of the three totals: the goal is ≤ 2000 ms. */
  allFormatsMs: number;
  goalMs: number;
  markdown: string;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

export async function benchReports(
  services: Services,
  opts: { unit?: string; period?: string; reps?: number } = {},
): Promise<ReportBenchResult> {
  const unit = opts.unit ?? '01';
  const period = opts.period ?? services.settings.defaultPeriod();
  const reps = opts.reps ?? 5;
  const rows: ReportBenchRow[] = [];
  for (const format of REPORT_FORMATS) {
    const models: number[] = [];
    const renders: number[] = [];
    const cpuSamples: number[] = [];
    let coldMs = 0;
    let bytes = 0;
    for (let i = 0; i <= reps; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const model = buildReportModel(services, unit, period, 'vi');
      const t1 = performance.now();
      const data = await renderModel(model, format);
      const t2 = performance.now();
      const c = process.cpuUsage(c0);
      bytes = data.length;
      if (i === 0) coldMs = t2 - t0;
      else {
        models.push(t1 - t0);
        renders.push(t2 - t1);
        cpuSamples.push((c.user + c.system) / 1000);
      }
    }
    const modelMs = median(models);
    const renderMs = median(renders);
    rows.push({ format, modelMs, renderMs, totalMs: modelMs + renderMs, coldMs, cpuMs: median(cpuSamples), bytes });
  }
  const allFormatsMs = rows.reduce((s, r) => s + r.totalMs, 0);
  const goalMs = 2000;
  const f = (n: number) => n.toFixed(0);
  const markdown = [
    `### Monthly report, unit ${unit}, ${period} (median of ${reps}, after a warm-up build)`,
    '',
    '| Format | Model ms | Render ms | Total ms | CPU ms | First build ms | Size KB |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.format} | ${f(r.modelMs)} | ${f(r.renderMs)} | ${f(r.totalMs)} | ${f(r.cpuMs)} | ${f(r.coldMs)} | ${f(r.bytes / 1024)} |`,
    ),
    '',
    `All three formats: **${f(allFormatsMs)} ms** wall, ${f(rows.reduce((s, r) => s + r.cpuMs, 0))} ms CPU (goal ≤ ${goalMs} ms: ${allFormatsMs <= goalMs ? 'met' : 'missed'}; load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} CPUs).`,
  ].join('\n');
  return { unit, period, rows, allFormatsMs, goalMs, markdown };
}

async function main() {
  const given = process.argv[2];
  const dir = given ? null : mkdtempSync(join(tmpdir(), 'tiendo-report-bench-'));
  const db = openDb(`file:${given ?? join(dir as string, 'demo.sqlite')}`);
  try {
    const services = createServices(db, { today: () => '2026-11-27' });
    if (!given) await services.demo.load();
    const r = await benchReports(services);
    console.log(r.markdown);
  } finally {
    db.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
