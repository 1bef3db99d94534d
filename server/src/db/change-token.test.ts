import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { changeToken, closeReadWindow, openReadWindow } from './change-token.ts';
import { type Db, openDb } from './client.ts';

const dirs: string[] = [];
const open: { close(): unknown }[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const db of open.splice(0)) db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The server's connection and another process's (a CLI, a second server) on one file. */
function twoConnections(): { db: Db; other: Database.Database } {
  const dir = mkdtempSync(join(tmpdir(), 'tiendo-token-'));
  dirs.push(dir);
  const path = join(dir, 'x.sqlite');
  const db = openDb(`file:${path}`, { backgroundCheckpoints: false });
  db.sqlite.exec('CREATE TABLE t (v INTEGER)');
  const other = new Database(path);
  open.push(db, other);
  return { db, other };
}

/** One request: its window opened, the token its caches see, the window closed. */
function request(db: Db, fromNetwork: boolean): string | null {
  openReadWindow(db.sqlite, fromNetwork);
  const token = changeToken(db.sqlite);
  closeReadWindow(db.sqlite);
  return token;
}

describe('the change token of the read caches', () => {
  it('a request off the network uses a read made for the one before it under half a millisecond ago, even after that one has gone', () => {
    vi.useFakeTimers({ toFake: ['performance'], now: 1_000 });
    const { db, other } = twoConnections();
    const before = request(db, true);
    other.prepare('INSERT INTO t VALUES (1)').run();
    vi.advanceTimersByTime(0.2);
    // The commit is 0.2 ms old: this request is served from the read made just before it.
    expect(request(db, true)).toBe(before);
    vi.advanceTimersByTime(0.4);
    // Half a millisecond after the commit, every request sees it.
    const after = request(db, true);
    expect(after).not.toBe(before);
    expect(request(db, true)).toBe(after);
  });

  it('a request injected in process, and any read outside a request, read afresh every time', () => {
    vi.useFakeTimers({ toFake: ['performance'], now: 1_000 });
    const { db, other } = twoConnections();
    const before = request(db, true);
    other.prepare('INSERT INTO t VALUES (1)').run();
    expect(request(db, false)).not.toBe(before);
    const seen = changeToken(db.sqlite);
    other.prepare('INSERT INTO t VALUES (2)').run();
    expect(changeToken(db.sqlite)).not.toBe(seen);
  });

  it('a window opened inside a transaction keeps nothing: the first token after it is read afresh', () => {
    vi.useFakeTimers({ toFake: ['performance'], now: 1_000 });
    const { db, other } = twoConnections();
    const before = request(db, true);
    db.sqlite.exec('BEGIN');
    openReadWindow(db.sqlite, true);
    expect(changeToken(db.sqlite)).toBeNull();
    db.sqlite.exec('COMMIT');
    other.prepare('INSERT INTO t VALUES (1)').run();
    expect(changeToken(db.sqlite)).not.toBe(before);
    closeReadWindow(db.sqlite);
  });
});
