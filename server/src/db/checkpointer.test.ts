import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Db, openDb } from './client.ts';

const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.sqlite.open) db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fresh(backgroundCheckpoints: boolean): Db {
  const dir = mkdtempSync(join(tmpdir(), 'tiendo-ckpt-'));
  dirs.push(dir);
  const db = openDb(`file:${join(dir, 'x.sqlite')}`, { backgroundCheckpoints });
  dbs.push(db);
  db.sqlite.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB NOT NULL)');
  return db;
}

function write(db: Db, n: number): void {
  const ins = db.sqlite.prepare('INSERT INTO t (v) VALUES (?)');
  for (let i = 0; i < n; i++) db.sqlite.transaction(() => ins.run(Buffer.alloc(3000, i % 256)))();
}

describe('checkpoints off the request path', () => {
  it('the server connection never checkpoints inside a commit; the worker copies the WAL into the database', async () => {
    const db = fresh(true);
    expect(db.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    write(db, 1500); // ~1,500 pages: past the 1,000 at which SQLite would checkpoint in a commit
    const deadline = Date.now() + 10_000;
    while ((db.checkpointedFrames?.() ?? 0) < 1500 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(db.checkpointedFrames?.()).toBeGreaterThanOrEqual(1500);
    // Every row is there, read by another connection from the database file and the WAL.
    const other = openDb(`file:${db.sqlite.name}`);
    dbs.push(other);
    expect(other.sqlite.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(1500);
  });

  it('tests and the command line keep SQLite’s own checkpoints', () => {
    const db = fresh(false);
    expect(db.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(db.checkpointedFrames).toBeUndefined();
  });
});
