/**
 * `npm run seed -- --reset` on a database that is already seeded and used: it replaces it with a
 * fresh demo, and a run killed half-way leaves the old database exactly as it was.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDb } from '../src/db/client.ts';
import { TEST_TODAY } from './constants.ts';

const CLI = resolve(import.meta.dirname, '../src/cli/seed.ts');
let dir: string;
let path: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tiendo-reset-'));
  path = join(dir, 'db.sqlite');
  copyFileSync(inject('demoDb'), path);
  // A database in use: a sign-in in the audit log, an account, a figure written after the seed.
  const db = openDb(`file:${path}`);
  db.sqlite.prepare(`INSERT INTO audit_log (at, actor, action) VALUES ('2026-11-27T08:00:00Z', 'thuky', 'auth.login')`).run();
  db.sqlite.prepare(`UPDATE users SET display_name = 'Đã sửa' WHERE username = 'lanhdao'`).run();
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    env: { ...process.env, DATABASE_URL: `file:${path}`, TIENDO_TODAY: TEST_TODAY, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((ok) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += String(d);
    });
    child.stderr?.on('data', (d) => {
      out += String(d);
    });
    child.on('exit', (code, signal) => ok({ code, signal, out }));
  });

const digest = () => createHash('sha256').update(readFileSync(path)).digest('hex');

// A full demo load takes 30–60 s on a 2-core machine.
describe('npm run seed -- --reset', { timeout: 300_000 }, () => {
  it('refuses to load over a database that holds data without --reset, and changes nothing', async () => {
    const before = digest();
    const r = await exited(run([]));
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/already holds data/);
    expect(digest()).toBe(before);
  });

  it('leaves the database as it was when killed half-way', async () => {
    const before = digest();
    const child = run(['--reset']);
    const done = exited(child);
    // Wait until the fresh database is being built beside the old one, then kill the process.
    const building = `${path}.rebuilding`;
    const until = Date.now() + 120_000;
    while (Date.now() < until && !(existsSync(building) && statSync(building).size > 1_000_000)) {
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGKILL');
    const r = await done;
    expect(r.signal).toBe('SIGKILL');
    expect(digest()).toBe(before);
    const db = openDb(`file:${path}`);
    expect(db.sqlite.prepare(`SELECT display_name FROM users WHERE username = 'lanhdao'`).pluck().get()).toBe('Đã sửa');
    db.close();
  });

  it('replaces a used database with a fresh demo, whatever is left from a killed run', async () => {
    const r = await exited(run(['--reset']));
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/Hanoi demo loaded/);
    expect(existsSync(`${path}.rebuilding`)).toBe(false);
    const db = openDb(`file:${path}`);
    const q = (sql: string) => db.sqlite.prepare(sql).pluck().get();
    expect(q(`SELECT display_name FROM users WHERE username = 'lanhdao'`)).toBe('Lãnh đạo BCĐ 06 Thành phố');
    expect(q(`SELECT COUNT(*) FROM audit_log WHERE actor = 'thuky' AND action = 'auth.login'`)).toBe(0);
    expect(q('SELECT COUNT(*) FROM figures_approved')).toBeGreaterThan(0);
    expect(q('SELECT COUNT(*) FROM rollups_approved')).toBeGreaterThan(0);
    expect(q(`SELECT COUNT(*) FROM units WHERE valid_from = '2025-07'`)).toBe(126);
    db.close();
  });
});
