/**
 * A worker thread of render-pool.ts: reads uploaded spreadsheets and renders meeting reports.
 *
 * A report is built here from the database, not sent over as a model: building the model of a
 * city is itself a good part of the work (hundreds of milliseconds, seconds cold), and the model
 * holds lazy parts (the annex's series) that do not cross threads. The worker opens its own
 * read-only connection to the database file, so it reads what the server has committed; for an
 * issued report the model and the figures snapshot are read in one read transaction, so the
 * files and the stored snapshot show the same state of the database, as they did in-process.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { type Db, ormOf } from '../db/client.ts';
import type { IssueTask, ReportTask, WorkerError, WorkerTask } from './render-pool.ts';

type Services = import('./index.ts').Services;

/**
 * This thread yields the CPU to the server's event loop. On a 2-core machine four report workers
 * would otherwise share the cores with the thread that answers health checks and sign-ins, and
 * every reply would wait behind a PDF. Linux gives each thread its own nice value: the thread's
 * id is the last part of /proc/thread-self, and setpriority() on it leaves the main thread alone.
 * Elsewhere (no /proc) the worker keeps the process's priority.
 */
function yieldToEventLoop(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, 10);
  } catch {
    // not Linux, or not allowed: the limits of the pool still hold
  }
}
yieldToEventLoop();

/** Open databases by file and date, most recently used last; a test run opens many. */
const open = new Map<string, { db: Db; services: Services }>();
const OPEN_LIMIT = 2;

async function servicesFor(path: string, today: string): Promise<Services> {
  const key = `${path}\n${today}`;
  const hit = open.get(key);
  if (hit) {
    open.delete(key);
    open.set(key, hit);
    return hit.services;
  }
  const { createServices } = await import('./index.ts');
  const sqlite = new Database(path, { readonly: true, fileMustExist: true });
  sqlite.pragma('busy_timeout = 5000');
  const db: Db = { sqlite, orm: ormOf(sqlite), close: () => sqlite.close() };
  const services = createServices(db, { today: () => today });
  open.set(key, { db, services });
  for (const [k, v] of open) {
    if (open.size <= OPEN_LIMIT) break;
    open.delete(k);
    v.db.close();
  }
  return services;
}

async function report(t: ReportTask) {
  const { buildReport } = await import('../reports/index.ts');
  return buildReport(await servicesFor(t.db, t.today), t.code, t.period, t.format, t.lang, t.map);
}

async function issue(t: IssueTask) {
  const { renderModel } = await import('../reports/index.ts');
  const { buildReportModel } = await import('../reports/report-data.ts');
  const services = await servicesFor(t.db, t.today);
  const { sqlite } = services.db;
  // One read transaction: the model, its lazy parts and the snapshot see one state of the data.
  sqlite.exec('BEGIN');
  let model: ReturnType<typeof buildReportModel>;
  let figures: ReturnType<Services['figures']['figures']>;
  try {
    model = buildReportModel(services, t.code, t.period, t.lang, 'period', t.issue);
    for (const [key, value] of Object.entries(model)) {
      if (typeof value === 'function' && value.length === 0) {
        const read = value();
        (model as unknown as Record<string, unknown>)[key] = () => read;
      }
    }
    figures = services.figures.figures(t.code, t.period, { basis: 'submitted', map: 'period' });
  } finally {
    sqlite.exec('COMMIT');
  }
  const [pdf, docx, xlsx] = await Promise.all([renderModel(model, 'pdf'), renderModel(model, 'docx'), renderModel(model, 'xlsx')]);
  return { pdf, docx, xlsx, figures };
}

async function handle(task: WorkerTask): Promise<unknown> {
  switch (task.kind) {
    case 'read-upload': {
      const { readUpload } = await import('./upload-reader.ts');
      const data = Buffer.from(task.data.buffer, task.data.byteOffset, task.data.byteLength);
      return readUpload(task.filename, data, task.limits, task.typed ?? false);
    }
    case 'report':
      return report(task);
    case 'issue':
      return issue(task);
    case 'warm-up': {
      const { warmUpPdf } = await import('../reports/pdf-report.ts');
      warmUpPdf();
      return null;
    }
  }
}

function describe(err: unknown): WorkerError {
  const e = err as Partial<WorkerError> & { name?: string };
  if (typeof e?.statusCode === 'number' && typeof e.code === 'string') {
    return { message: String(e.message), statusCode: e.statusCode, code: e.code, details: e.details };
  }
  return { message: String(e?.message ?? err), ...(e?.stack ? { stack: e.stack } : {}) };
}

parentPort?.on('message', async ({ id, task }: { id: number; task: WorkerTask }) => {
  try {
    const value = await handle(task);
    parentPort?.postMessage({ id, ok: true, value });
  } catch (err) {
    parentPort?.postMessage({ id, ok: false, error: describe(err) });
  }
});
