/**
 * Heavy work off the event loop: reading an uploaded spreadsheet and rendering meeting reports
 * run in worker threads, a few at a time, so the server keeps answering (health checks, sign-ins,
 * SIGTERM) while a city's PDF is drawn or a hostile file is taken apart.
 *
 * Two pools, so neither starves the other: uploads (one worker, a short time limit and little
 * memory: a file that needs more is refused, not waited for) and reports (a worker per spare
 * core). Each pool runs one task per worker and keeps a bounded queue; past it the caller gets a
 * 503 at once instead of a request that waits for minutes. A task that overruns its time or its
 * memory takes its worker down with it; the next task gets a fresh one.
 *
 * The worker (render-worker.ts) is TypeScript, as is everything here: tsx is the runtime under
 * `npm start`, `npm run dev` and the tests, and a worker thread does not inherit its loader, so
 * the worker registers tsx itself before importing its entry.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { MapView } from '@tiendo/shared';
import type { Sqlite } from '../db/client.ts';
import { AppError } from '../errors.ts';

export interface UploadLimits {
  maxRows: number;
  maxColumns: number;
  maxCellChars: number;
  maxSheets: number;
}

export interface ReportTask {
  kind: 'report';
  /** The database file: the worker reads it through its own read-only connection. */
  db: string;
  today: string;
  code: string;
  period: string;
  format: 'pdf' | 'docx' | 'xlsx';
  lang: 'vi' | 'en';
  map: MapView;
}

export interface IssueTask {
  kind: 'issue';
  db: string;
  today: string;
  code: string;
  period: string;
  lang: 'vi' | 'en';
  issue: { number: number; issuedAt: string; signer: { title: string; name: string } };
}

export type WorkerTask =
  /** `typed`: an XLSX numeric cell comes back as a number, not its text (upload-reader.ts). */
  | { kind: 'read-upload'; filename: string; data: Uint8Array; limits: UploadLimits; typed?: boolean }
  | ReportTask
  | IssueTask
  | { kind: 'warm-up' };

/** An error as it crosses from the worker: an AppError keeps its status, code and details. */
export interface WorkerError {
  message: string;
  statusCode?: number;
  code?: string;
  details?: unknown;
  stack?: string;
}

export type WorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WorkerError };

/** Why a task never answered: it ran out of time or memory, or its worker died. */
export class WorkerFailure extends Error {
  constructor(readonly reason: 'timeout' | 'memory' | 'crash') {
    super(`worker task failed: ${reason}`);
    this.name = 'WorkerFailure';
  }
}

export class ServerBusyError extends AppError {
  constructor() {
    super(
      503,
      'busy',
      'Máy chủ đang bận xử lý nhiều yêu cầu, vui lòng thử lại sau ít phút / the server is busy, try again in a few minutes',
      { retryAfterSeconds: 60 },
    );
  }
}

interface PoolOptions {
  name: string;
  size: number;
  /** Tasks waiting for a worker beyond which new ones are refused. */
  maxQueue: number;
  timeoutMs: number;
  memoryMb: number;
}

interface Job {
  id: number;
  task: WorkerTask;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

const require = createRequire(import.meta.url);
const ENTRY = new URL('./render-worker.ts', import.meta.url).href;
/** tsx's ESM API (the `.mjs` behind its `./esm/api` export); registers the TypeScript loader. */
const TSX_API = pathToFileURL(require.resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
const BOOT = `import(${JSON.stringify(TSX_API)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(ENTRY)}); });`;

export class WorkerPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private nextId = 1;

  constructor(private readonly o: PoolOptions) {}

  get size(): number {
    return this.o.size;
  }

  /** Sets how many workers may run at once (workers already started stay until idle work ends). */
  resize(size: number): void {
    this.o.size = Math.max(1, size);
    this.pump();
  }

  run<T>(task: WorkerTask): Promise<T> {
    if (this.queue.length >= this.o.maxQueue) return Promise.reject(new ServerBusyError());
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  /** Stops every worker; queued and running tasks fail. */
  async close(): Promise<void> {
    for (const job of this.queue.splice(0)) job.reject(new WorkerFailure('crash'));
    await Promise.all([...this.slots].map((s) => this.discard(s, new WorkerFailure('crash'))));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = [...this.slots].find((s) => s.job === null);
      if (!slot) {
        if (this.slots.size >= this.o.size) return;
        slot = this.spawn();
      }
      this.start(slot, this.queue.shift() as Job);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(BOOT, {
      eval: true,
      // The parent's own loader flags (tsx's, under `npm start`) do not carry into a worker.
      execArgv: [],
      name: `${this.o.name}-worker`,
      resourceLimits: { maxOldGenerationSizeMb: this.o.memoryMb },
    });
    // An idle worker never keeps the process alive: SIGTERM and the end of a test run exit at once.
    worker.unref();
    const slot: Slot = { worker, job: null, timer: null };
    this.slots.add(slot);
    worker.on('message', (reply: WorkerReply) => {
      const job = slot.job;
      if (!job || reply.id !== job.id) return;
      this.finish(slot);
      if (reply.ok) job.resolve(reply.value);
      else job.reject(revive(reply.error));
      this.pump();
    });
    worker.on('error', (err: Error & { code?: string }) => {
      const reason = err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crash';
      void this.discard(slot, new WorkerFailure(reason), err);
    });
    worker.on('exit', () => {
      void this.discard(slot, new WorkerFailure('crash'));
    });
    return slot;
  }

  private start(slot: Slot, job: Job): void {
    slot.job = job;
    slot.timer = setTimeout(() => void this.discard(slot, new WorkerFailure('timeout')), this.o.timeoutMs);
    slot.timer.unref();
    slot.worker.postMessage({ id: job.id, task: job.task });
  }

  private finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
  }

  /** Takes a worker out of the pool, failing its task; the next task starts a fresh worker. */
  private async discard(slot: Slot, failure: WorkerFailure, cause?: Error): Promise<void> {
    if (!this.slots.delete(slot)) return;
    const job = slot.job;
    this.finish(slot);
    if (job) {
      if (cause && failure.reason === 'crash') failure.cause = cause;
      job.reject(failure);
    }
    this.pump();
    await slot.worker.terminate();
  }
}

function revive(e: WorkerError): Error {
  if (e.statusCode !== undefined && e.code !== undefined) return new AppError(e.statusCode, e.code, e.message, e.details);
  const err = new Error(e.message);
  if (e.stack) err.stack = e.stack;
  return err;
}

const defaultReportWorkers = () => Math.min(4, Math.max(1, availableParallelism() - 1));

/** The process's pools; created on first use. */
export const pools = {
  uploads: new WorkerPool({ name: 'upload', size: 1, maxQueue: 8, timeoutMs: 20_000, memoryMb: 256 }),
  reports: new WorkerPool({ name: 'report', size: defaultReportWorkers(), maxQueue: 64, timeoutMs: 180_000, memoryMb: 1536 }),
};

/** The database file a worker can open, or null for an in-memory database (rendered in-process). */
export function databaseFile(sqlite: Sqlite): string | null {
  return sqlite.memory ? null : sqlite.name;
}

/** A buffer that came back through postMessage (a Uint8Array) as a Node Buffer, without a copy. */
export function asBuffer(u: Uint8Array): Buffer {
  return Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}
