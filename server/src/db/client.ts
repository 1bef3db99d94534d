/**
 * The one place that knows the database is SQLite. Queries are written with drizzle's query
 * builder over the schema (`ormOf`), prepared once (`.prepare()` with `sql.placeholder`) where
 * they run per request or per row. Raw SQL remains only where the builder has no words for it
 * (recursive CTEs, json_each, pragmas, a few upserts and set-based copies), then with row types
 * taken from the schema's `$inferSelect`; loads of many rows go through `bulkInsert`, which runs
 * drizzle's statement on the better-sqlite3 handle directly.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { startCheckpointer } from './checkpointer.ts';
import * as schema from './schema.ts';

export type Sqlite = Database.Database;
export type Orm = BetterSQLite3Database<typeof schema>;

export interface Db {
  sqlite: Sqlite;
  orm: Orm;
  close(): void;
  /** With background checkpoints: WAL frames the worker has copied into the database so far. */
  checkpointedFrames?: () => number;
}

const MIGRATIONS = resolve(dirname(fileURLToPath(import.meta.url)), '../../drizzle');

/**
 * `file:./data/x.sqlite`, a plain path, or `:memory:`. A relative path is taken from where npm was
 * run (INIT_CWD), not from the workspace folder npm switches to, so `data/tiendo.sqlite` lands
 * beside the README.
 */
export function databasePath(url: string): string {
  if (url === ':memory:' || url === 'file::memory:') return ':memory:';
  return resolve(process.env.INIT_CWD ?? process.cwd(), url.startsWith('file:') ? url.slice('file:'.length) : url);
}

const orms = new WeakMap<Sqlite, Orm>();

/** The typed query builder over a connection that a service holds (one per connection). */
export function ormOf(sqlite: Sqlite): Orm {
  let orm = orms.get(sqlite);
  if (!orm) {
    orm = drizzle(sqlite, { schema });
    orms.set(sqlite, orm);
  }
  return orm;
}

/** drizzle's own ledger of applied migrations, kept as its migrator keeps it. */
const MIGRATIONS_TABLE = '__drizzle_migrations';

/** Why a migration was not applied: rows that would point at rows that do not exist. */
export class ForeignKeyViolationError extends Error {
  constructor(
    readonly violations: { table: string; rowid: number | null; column: string; value: unknown; parent: string }[],
    readonly total: number,
  ) {
    const shown = violations
      .map((v) => `${v.table} rowid ${v.rowid}: ${v.column} = ${String(v.value)} has no row in ${v.parent}`)
      .join('; ');
    super(
      `Cơ sở dữ liệu chưa được nâng cấp: ${total} dòng trỏ tới dòng không tồn tại; không có gì bị thay đổi / ` +
        `The database was not migrated: ${total} rows point at rows that do not exist (${shown}${total > violations.length ? '; …' : ''}); nothing was changed`,
    );
    this.name = 'ForeignKeyViolationError';
  }
}

/**
 * The pending migrations, applied in one transaction as drizzle's migrator does (same files, same
 * ledger), but with foreign keys off and checked before the commit. SQLite adds a foreign key by
 * rebuilding the table (create `__new_x`, copy, drop `x`, rename), which with enforcement on would
 * cascade or fail on the drop; and `PRAGMA foreign_keys` is a no-op inside a transaction, so the
 * `PRAGMA foreign_keys=OFF` drizzle-kit writes into a migration does nothing under drizzle's
 * migrator. SQLite's own recipe for altering a table is this: enforcement off, rebuild,
 * `foreign_key_check`, commit. Any row pointing nowhere rolls the whole upgrade back, leaving the
 * file as it was, and the error names it.
 */
/** How long a process opening the file waits for another one's upgrade to finish. */
const MIGRATION_WAIT_MS = 30 * 60_000;

function migrate(sqlite: Sqlite): void {
  sqlite.exec(`CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)`);
  const files = readMigrationFiles({ migrationsFolder: MIGRATIONS });
  const latest = sqlite.prepare(`SELECT created_at FROM "${MIGRATIONS_TABLE}" ORDER BY created_at DESC LIMIT 1`).pluck();
  const pendingNow = () => {
    const last = latest.get() as number | string | undefined;
    return files.filter((m) => last === undefined || Number(last) < m.folderMillis);
  };
  if (pendingNow().length === 0) return;
  const record = sqlite.prepare(`INSERT INTO "${MIGRATIONS_TABLE}" ("hash", "created_at") VALUES (?, ?)`);
  sqlite.pragma('foreign_keys = OFF');
  // IMMEDIATE, and the ledger read again inside: a second process opening the same file at the
  // same moment waits for this one and then finds nothing left to do. An upgrade that rebuilds
  // the figure tables takes seconds on the demo and minutes on a national file, so the wait for
  // it is as long as that, not the 5 s a request waits for a write.
  const busyTimeout = sqlite.pragma('busy_timeout', { simple: true }) as number;
  sqlite.pragma(`busy_timeout = ${MIGRATION_WAIT_MS}`);
  try {
    sqlite
      .transaction(() => {
        for (const m of pendingNow()) {
          for (const stmt of m.sql) if (stmt.trim()) sqlite.exec(stmt);
          record.run(m.hash, m.folderMillis);
        }
        const bad = sqlite.pragma('foreign_key_check') as { table: string; rowid: number | null; parent: string; fkid: number }[];
        if (bad.length > 0)
          throw new ForeignKeyViolationError(
            bad.slice(0, 10).map((v) => describeViolation(sqlite, v)),
            bad.length,
          );
      })
      .immediate();
  } finally {
    sqlite.pragma(`busy_timeout = ${busyTimeout}`);
  }
}

/** The column and value of a `foreign_key_check` row, so the message says what to mend. */
function describeViolation(sqlite: Sqlite, v: { table: string; rowid: number | null; parent: string; fkid: number }) {
  const fk = (sqlite.pragma(`foreign_key_list("${v.table}")`) as { id: number; from: string }[]).filter((k) => k.id === v.fkid);
  const column = fk.map((k) => k.from).join(', ');
  const values = fk.map((k) =>
    v.rowid === null ? null : sqlite.prepare(`SELECT "${k.from}" FROM "${v.table}" WHERE rowid = ?`).pluck().get(v.rowid),
  );
  return { table: v.table, rowid: v.rowid, column, value: values.length === 1 ? values[0] : values.join(', '), parent: v.parent };
}

export interface OpenDbOptions {
  /**
   * Checkpoint the WAL from a worker thread instead of inside the commits that fill it
   * (checkpointer.ts): what the server does, so no request pays for a checkpoint. Off for tests
   * and the command line, whose connections are short.
   */
  backgroundCheckpoints?: boolean;
}

export function openDb(url: string, opts: OpenDbOptions = {}): Db {
  const path = databasePath(url);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  // Durable at checkpoint and never corrupt: the usual trade in WAL mode.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  try {
    migrate(sqlite);
  } catch (err) {
    sqlite.close();
    throw err;
  }
  // Every reference the schema declares is enforced from here on (the migrations ran without).
  sqlite.pragma('foreign_keys = ON');
  const orm = ormOf(sqlite);
  if (!opts.backgroundCheckpoints || path === ':memory:') return { sqlite, orm, close: () => sqlite.close() };
  sqlite.pragma('wal_autocheckpoint = 0');
  // Once checkpointed, the WAL restarts from its beginning; a burst of writes between two
  // checkpoints may have grown the file, which is then cut back to this size.
  sqlite.pragma(`journal_size_limit = ${16 * 1024 * 1024}`);
  const checkpointer = startCheckpointer(path, () => {
    if (sqlite.open) sqlite.pragma('wal_autocheckpoint = 1000');
  });
  return {
    sqlite,
    orm,
    checkpointedFrames: checkpointer.frames,
    close: () => {
      checkpointer.stop();
      sqlite.close();
    },
  };
}
