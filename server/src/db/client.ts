/**
 * The one place that knows the database is SQLite. Services that sit on a hot path use the raw
 * better-sqlite3 handle with prepared statements; everything else goes through drizzle.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.ts';

export type Sqlite = Database.Database;
export type Orm = BetterSQLite3Database<typeof schema>;

export interface Db {
  sqlite: Sqlite;
  orm: Orm;
  close(): void;
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

export function openDb(url: string): Db {
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
  return { sqlite, orm, close: () => sqlite.close() };
}
