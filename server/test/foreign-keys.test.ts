/**
 * Foreign keys (migration 0014): a migrated database refuses a row that points nowhere and writes
 * nothing of the statement's transaction; 0014 applied to a used database at 0013 keeps every row,
 * id, index and trigger and leaves the same references as a fresh database; and a database holding
 * an orphan before 0014 is not opened, with the row named, and is left as it was.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { smallWorld } from '@tiendo/seed/factories';
import type { ReportReply, ReportValue } from '@tiendo/shared';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate as drizzleMigrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { type Db, ForeignKeyViolationError, openDb } from '../src/db/client.ts';
import * as schema from '../src/db/schema.ts';
import { figures } from '../src/db/schema.ts';
import { TEST_OPEN, TEST_TODAY } from './constants.ts';
import { createTestApp, DEMO_PASSWORD, type TestContext } from './helpers.ts';
import { loadWorld } from './support/world.ts';

const MIGRATIONS = resolve(import.meta.dirname, '../drizzle');
/** The last migration before the foreign keys: 0013_recall_snapshot_column. */
const BEFORE_FOREIGN_KEYS = 13;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tiendo-fk-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A database migrated up to migration `last` the way openDb did before 0014: drizzle's own
 * migrator, foreign keys on. Returned open, as a `Db` the services and the app can use.
 */
function databaseAt(path: string, last: number): Db {
  const folder = join(dir, `migrations-${last}`);
  cpSync(MIGRATIONS, folder, { recursive: true });
  const journalPath = join(folder, 'meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: unknown[] };
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, last + 1) }));
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  const orm = drizzle(sqlite, { schema });
  drizzleMigrate(orm, { migrationsFolder: folder });
  return { sqlite, orm, close: () => sqlite.close() };
}

/** Everything a migration must keep: each table's rows (ids included), indexes and triggers. */
function contents(sqlite: Database.Database) {
  const master = sqlite
    .prepare(`SELECT type, name, tbl_name AS tbl, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`)
    .all() as { type: string; name: string; tbl: string; sql: string | null }[];
  const rows: Record<string, number> = {};
  const digests: Record<string, string> = {};
  for (const { name } of master.filter((m) => m.type === 'table' && m.name !== '__drizzle_migrations')) {
    const cols = sqlite.prepare(`PRAGMA table_info("${name}")`).all() as { name: string; pk: number }[];
    // By name: a rebuild puts the columns in the schema's order, ALTER TABLE had appended some.
    const names = cols.map((c) => `"${c.name}"`).sort();
    const key = cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
    const order = key.length ? key.map((c) => `"${c.name}"`).join(', ') : 'rowid';
    const hash = createHash('sha256');
    let n = 0;
    for (const row of sqlite
      .prepare(`SELECT ${names.join(', ')} FROM "${name}" ORDER BY ${order}`)
      .raw()
      .iterate()) {
      hash.update(JSON.stringify(row, (_k, v) => (Buffer.isBuffer(v) ? v.toString('base64') : v)));
      n++;
    }
    rows[name] = n;
    digests[name] = hash.digest('hex');
  }
  const objects = master.filter((m) => m.type !== 'table').map((m) => `${m.type} ${m.name} ON ${m.tbl}: ${m.sql}`);
  return { rows, digests, objects };
}

/** Every declared reference, table by table, as SQLite reads them. */
function references(sqlite: Database.Database) {
  const tables = sqlite
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .pluck()
    .all() as string[];
  return Object.fromEntries(
    tables.map((t) => [
      t,
      (sqlite.pragma(`foreign_key_list("${t}")`) as { table: string; from: string; to: string; on_delete: string }[])
        .map((k) => `${k.from} → ${k.table}.${k.to} on delete ${k.on_delete}`)
        .sort(),
    ]),
  );
}

const digestOf = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('a migrated database', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp({ world: smallWorld() });
  });
  afterAll(() => t?.close());

  it('enforces foreign keys on every connection openDb gives', () => {
    expect(t.db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(t.db.sqlite.pragma('foreign_key_check')).toEqual([]);
  });

  it('refuses a figure for a unit that does not exist, and writes nothing of its transaction', () => {
    const count = () => t.db.sqlite.prepare('SELECT COUNT(*) FROM figures').pluck().get() as number;
    const before = count();
    const real = t.db.sqlite.prepare('SELECT unit_id, kpi_id FROM figures LIMIT 1').get() as { unit_id: number; kpi_id: number };
    const row = { kpiId: real.kpi_id, period: TEST_OPEN, value: 1, recordedAt: `${TEST_TODAY}T08:00:00Z` };
    const write = t.db.sqlite.transaction(() => {
      // A good row first: the orphan after it must take it down with it.
      t.db.orm
        .insert(figures)
        .values({ ...row, unitId: real.unit_id })
        .run();
      t.db.orm
        .insert(figures)
        .values({ ...row, unitId: 999_999 })
        .run();
    });
    expect(write).toThrow(/FOREIGN KEY constraint failed/);
    expect(count()).toBe(before);
  });

  it('refuses the other orphans: a report, an account, a session, a target', () => {
    const user = t.db.sqlite.prepare(`SELECT id, unit_id FROM users WHERE username = 'hongha'`).get() as { id: number; unit_id: number };
    const kpi = t.db.sqlite.prepare('SELECT id FROM kpis LIMIT 1').pluck().get() as number;
    const orphans = [
      [`INSERT INTO reports (unit_id, period, state, updated_at) VALUES (999999, '${TEST_OPEN}', 'draft', 'x')`],
      [`INSERT INTO reports (unit_id, period, state, updated_at, updated_by) VALUES (${user.unit_id}, '2030-01', 'draft', 'x', 999999)`],
      [
        `INSERT INTO users (username, display_name, unit_id, role, password_hash, created_at, updated_at) VALUES ('ghost', 'g', 999999, 'reporter', 'x', 'x', 'x')`,
      ],
      [`INSERT INTO sessions (id, user_id, csrf_token, created_at, last_seen_at, expires_at) VALUES ('s', 999999, 'c', 'x', 'x', 'x')`],
      [`INSERT INTO targets (kpi_id, unit_id, value, deadline) VALUES (${kpi}, 999999, 1, '2030-12')`],
      [`INSERT INTO targets (kpi_id, level, value, deadline) VALUES (999999, 4, 1, '2030-12')`],
      [`UPDATE units SET parent_id = 999999 WHERE id = ${user.unit_id}`],
    ];
    for (const [sql] of orphans) expect(() => t.db.sqlite.prepare(sql as string).run(), sql).toThrow(/FOREIGN KEY constraint failed/);
  });

  it('refuses to delete a unit that figures point at; an account takes its sessions, tokens and notices with it', async () => {
    const unit = t.db.sqlite.prepare('SELECT unit_id FROM figures LIMIT 1').pluck().get() as number;
    expect(() => t.db.sqlite.prepare('DELETE FROM units WHERE id = ?').run(unit)).toThrow(/FOREIGN KEY constraint failed/);
    // Accounts are disabled, never deleted; were one deleted, what exists only for it goes too.
    const s = await t.login('phuongbadinh');
    expect((await t.app.inject({ method: 'POST', url: '/api/tokens', payload: { name: 'kho' }, headers: s.headers })).statusCode).toBe(201);
    const id = t.db.sqlite.prepare(`SELECT id FROM users WHERE username = 'phuongbadinh'`).pluck().get() as number;
    t.db.sqlite
      .prepare(`INSERT INTO notifications (user_id, kind, message, created_at) VALUES (?, 'test', 'xin chào', '2026-11-27T08:00:00Z')`)
      .run(id);
    const owned = () =>
      ['sessions', 'api_tokens', 'notifications'].map(
        (table) => t.db.sqlite.prepare(`SELECT COUNT(*) FROM ${table} WHERE user_id = ?`).pluck().get(id) as number,
      );
    expect(owned().every((n) => n > 0)).toBe(true);
    t.db.sqlite.prepare('DELETE FROM users WHERE id = ?').run(id);
    expect(owned()).toEqual([0, 0, 0]);
  });
});

describe('migration 0014 on a used database at 0013', () => {
  it('keeps every row, id, index and trigger, and declares what a fresh database declares', async () => {
    const path = join(dir, 'used.sqlite');
    const db = databaseAt(path, BEFORE_FOREIGN_KEYS);
    await loadWorld(db, smallWorld(), TEST_TODAY);
    // Used: sign-ins (sessions, audit), an API token, a report saved, submitted and approved
    // (report events, figures recorded by an account, the report's who-did-what).
    const app = await buildApp({ db, config: { today: () => TEST_TODAY, logLevel: 'silent', trustProxy: false }, logger: false });
    await app.ready();
    const login = async (username: string) => {
      const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
      expect(r.statusCode).toBe(200);
      const cookie = r.cookies.find((c) => c.name === 'tiendo_session')?.value ?? '';
      return { cookie: `tiendo_session=${cookie}`, 'x-csrf-token': (r.json() as { csrfToken: string }).csrfToken };
    };
    const reporter = await login('to1.phucxa');
    const url = `/api/units/00001-01/reports/${TEST_OPEN}`;
    const current = (await app.inject({ method: 'GET', url, headers: reporter })).json() as ReportReply;
    const values: Record<string, ReportValue> = {};
    for (const k of current.kpis) if (k.previous !== null) values[k.code] = k.previous;
    const saved = await app.inject({ method: 'PUT', url, headers: reporter, payload: { version: current.version, values } });
    expect(saved.statusCode, saved.body).toBe(200);
    const submitted = await app.inject({
      method: 'POST',
      url: `${url}/submit`,
      headers: reporter,
      payload: { version: (saved.json() as ReportReply).version },
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    const approver = await login('hongha');
    const approved = await app.inject({
      method: 'POST',
      url: `${url}/approve`,
      headers: approver,
      payload: { version: (submitted.json() as ReportReply).version },
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/api/tokens', payload: { name: 'kho' }, headers: approver })).statusCode).toBe(201);
    await app.close();
    // History keeps ids of what may be gone: audit_log declares no reference and is not checked.
    db.sqlite
      .prepare(`INSERT INTO audit_log (at, actor_id, actor, action, unit_id) VALUES ('2026-11-27T09:00:00Z', 999999, 'cũ', 'x', 999999)`)
      .run();
    const count = (table: string) => db.sqlite.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
    for (const table of ['sessions', 'api_tokens', 'report_events', 'figures_approved', 'audit_log'])
      expect(count(table), table).toBeGreaterThan(0);
    expect(db.sqlite.prepare('SELECT COUNT(*) FROM figures WHERE recorded_by IS NOT NULL').pluck().get()).toBeGreaterThan(0);
    const before = contents(db.sqlite);
    db.close();

    const migrated = openDb(`file:${path}`);
    expect(migrated.sqlite.prepare('SELECT COUNT(*) FROM __drizzle_migrations').pluck().get()).toBe(BEFORE_FOREIGN_KEYS + 2);
    expect(migrated.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(migrated.sqlite.pragma('foreign_key_check')).toEqual([]);
    const after = contents(migrated.sqlite);
    expect(after.rows).toEqual(before.rows);
    expect(after.digests).toEqual(before.digests);
    expect(after.objects).toEqual(before.objects);
    const fresh = openDb(`file:${join(dir, 'fresh.sqlite')}`);
    expect(references(migrated.sqlite)).toEqual(references(fresh.sqlite));
    expect(references(migrated.sqlite).figures).toEqual([
      'kpi_id → kpis.id on delete NO ACTION',
      'recorded_by → users.id on delete NO ACTION',
      'unit_id → units.id on delete NO ACTION',
    ]);
    expect(references(migrated.sqlite).audit_log).toEqual([]);
    fresh.close();
    migrated.close();
  });

  it('refuses to open a database with a row pointing nowhere, names it, and leaves the file as it was', async () => {
    const path = join(dir, 'orphan.sqlite');
    const db = databaseAt(path, BEFORE_FOREIGN_KEYS);
    await loadWorld(db, smallWorld(), TEST_TODAY);
    // Before 0014 nothing stopped this: figures declared no reference.
    const real = db.sqlite.prepare('SELECT kpi_id, period, recorded_at FROM figures LIMIT 1').get() as Record<string, unknown>;
    const { lastInsertRowid } = db.sqlite
      .prepare('INSERT INTO figures (unit_id, kpi_id, period, value, recorded_at) VALUES (424242, ?, ?, 5, ?)')
      .run(real.kpi_id, real.period, real.recorded_at);
    db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const before = digestOf(path);

    let error: unknown;
    try {
      openDb(`file:${path}`).close();
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ForeignKeyViolationError);
    const message = (error as Error).message;
    expect(message).toContain(`figures rowid ${lastInsertRowid}: unit_id = 424242 has no row in units`);
    expect(message).toMatch(/^Cơ sở dữ liệu chưa được nâng cấp: 1 dòng .* \/ The database was not migrated: 1 rows /);
    expect((error as ForeignKeyViolationError).violations).toEqual([
      { table: 'figures', rowid: Number(lastInsertRowid), column: 'unit_id', value: 424242, parent: 'units' },
    ]);
    expect(digestOf(path)).toBe(before);

    // Still at 0013, orphan and all; mended, it opens and migrates.
    const raw = new Database(path);
    expect(raw.prepare('SELECT COUNT(*) FROM __drizzle_migrations').pluck().get()).toBe(BEFORE_FOREIGN_KEYS + 1);
    expect(raw.pragma('foreign_key_list(figures)')).toEqual([]);
    raw.prepare('DELETE FROM figures WHERE unit_id = 424242').run();
    raw.close();
    const mended = openDb(`file:${path}`);
    expect(mended.sqlite.pragma('foreign_key_list(figures)')).toHaveLength(3);
    mended.close();
  });
});
