/**
 * Checkpoints off the request path. By default SQLite checkpoints the WAL inside the commit that
 * takes it past 1,000 pages, so one submission in a few dozen pays for copying everyone's pages
 * into the database file (measured by `npm run bench`: the 30-value submission's p95 was twice
 * its median). The server turns that off on its connection (`wal_autocheckpoint = 0`) and a
 * worker thread with its own connection runs a PASSIVE checkpoint every second while the WAL
 * holds frames: PASSIVE never waits for a reader or a writer, so requests neither wait for it
 * nor are blocked by it, and the event loop never runs it. Should the worker fail, the
 * connection checkpoints itself again (`onFailure`). Closing the main connection checkpoints what
 * is left, as before.
 *
 * The worker is plain JavaScript evaluated from a string (no TypeScript loader in a worker), and
 * is unref'd: it never keeps the process alive.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const require = createRequire(import.meta.url);

const BOOT = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 0');
const checkpoint = () => {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    if (r && r.log > 0) parentPort.postMessage({ frames: r.log, done: r.checkpointed });
  } catch (err) {
    // SQLITE_BUSY or a locked file: the next tick tries again.
  }
};
const timer = setInterval(checkpoint, workerData.everyMs);
`;

export interface Checkpointer {
  /** Frames copied so far by the worker's checkpoints (for the bench). */
  readonly frames: () => number;
  /** Ends the worker (a checkpoint under way completes: termination waits for native code). */
  stop(): void;
}

/** Starts the worker that checkpoints the database file at `path` every `everyMs`. */
export function startCheckpointer(path: string, onFailure: () => void, everyMs = 1000): Checkpointer {
  const worker = new Worker(BOOT, {
    eval: true,
    execArgv: [],
    name: 'checkpointer',
    workerData: { driver: require.resolve('better-sqlite3'), path, everyMs },
  });
  worker.unref();
  let frames = 0;
  worker.on('message', (m: { done?: number }) => {
    frames += m.done ?? 0;
  });
  let stopping = false;
  worker.on('error', () => onFailure());
  worker.on('exit', () => {
    if (!stopping) onFailure();
  });
  return {
    frames: () => frames,
    stop: () => {
      stopping = true;
      void worker.terminate();
    },
  };
}
