/**
 * `npm run seed -- --reset`: load the Hanoi demo. Into an empty database it loads in place; with
 * `--reset` it builds a fresh database file beside the old one and swaps it in only once the load
 * has succeeded, so a failure (or a kill) half-way leaves the old database exactly as it was.
 * Stop the server first: it would go on reading the old file.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { loadConfig } from '../config.ts';
import { databasePath, ForeignKeyViolationError, openDb } from '../db/client.ts';
import { type DemoLoadResult, isDatabaseEmpty } from '../services/demo-service.ts';
import { createServices } from '../services/index.ts';

const args = process.argv.slice(2);
const reset = args.includes('--reset');
const config = loadConfig();
const path = databasePath(config.databaseUrl);

async function loadInto(url: string): Promise<DemoLoadResult> {
  const db = openDb(url);
  try {
    return await createServices(db, config).demo.load();
  } finally {
    db.close();
  }
}

const report = (r: DemoLoadResult) =>
  console.log(
    `Hanoi demo loaded into ${path}: ${r.units} units, ${r.figures} figures, ${r.reports} reports, ${r.rollups} roll-up rows in ${(r.ms / 1000).toFixed(1)} s`,
  );

/**
 * Whether the database holds no unit. One that cannot be migrated because some of its rows point
 * at rows that do not exist (openDb refuses it, unchanged) holds data too: --reset replaces it
 * like any other, whatever is left in it.
 */
function isEmpty(): { empty: boolean; problem?: string } {
  try {
    const db = openDb(config.databaseUrl);
    try {
      return { empty: isDatabaseEmpty(db.sqlite) };
    } finally {
      db.close();
    }
  } catch (err) {
    if (err instanceof ForeignKeyViolationError) return { empty: false, problem: err.message };
    throw err;
  }
}

const { empty, problem } = isEmpty();
if (empty) {
  report(await loadInto(config.databaseUrl));
} else if (!reset) {
  if (problem) console.error(problem);
  console.error(`The database ${path} already holds data. Use --reset to replace it with the demo.`);
  process.exitCode = 2;
} else if (path === ':memory:') {
  report(await loadInto(config.databaseUrl));
} else {
  const fresh = `${path}.rebuilding`;
  for (const f of [fresh, `${fresh}-wal`, `${fresh}-shm`]) rmSync(f, { force: true });
  try {
    const r = await loadInto(`file:${fresh}`);
    // Both files were closed cleanly, so neither has a write-ahead log left beside it.
    for (const f of [`${path}-wal`, `${path}-shm`]) if (existsSync(f)) throw new Error(`${f} is still there: is the server running?`);
    renameSync(fresh, path);
    report(r);
  } catch (err) {
    for (const f of [fresh, `${fresh}-wal`, `${fresh}-shm`]) rmSync(f, { force: true });
    throw err;
  }
}
