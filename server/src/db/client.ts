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
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
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
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const orm = ormOf(sqlite);
  migrate(orm, { migrationsFolder: MIGRATIONS });
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
