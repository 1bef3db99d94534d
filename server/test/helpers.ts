import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorldFactory } from '@tiendo/seed/factories';
import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import { buildApp } from '../src/app.ts';
import { type Db, openDb } from '../src/db/client.ts';
import { TEST_TODAY } from './constants.ts';
import { loadWorld } from './support/world.ts';

export interface Session {
  username: string;
  cookie: string;
  csrf: string;
  headers: Record<string, string>;
}

export interface TestContext {
  app: FastifyInstance;
  db: Db;
  /** The database file: open a second connection to it to act as another process (a CLI, another server). */
  path: string;
  /** Signs in (password `tiendo-demo` unless given) and returns the headers to send. */
  login(username: string, password?: string): Promise<Session>;
  /** GET as a signed-in user; returns status and parsed body. */
  get<T = unknown>(session: Session | null, url: string): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

export const DEMO_PASSWORD = 'tiendo-demo';

export interface TestAppOptions {
  /**
   * A copy of the seeded Hanoi demo (230 MiB, built once per run): only for what needs its
   * calibration or its real map (the consistency and calibration tests, reorganisation history).
   */
  demo?: boolean;
  /** A small world built for this file (`smallWorld()` from `@tiendo/seed/factories`): milliseconds. */
  world?: WorldFactory;
  today?: string;
  trustProxy?: boolean;
  /** Serve a built SPA from this folder too (the page, with the session in it). */
  spaRoot?: string;
}

/**
 * An app on its own database: a copy of the seeded Hanoi demo (`demo: true`), a small world
 * (`world: smallWorld()`) or an empty, migrated one. Call `close()` in afterAll.
 */
export async function createTestApp(opts: TestAppOptions = {}): Promise<TestContext> {
  if (opts.demo && opts.world) throw new Error('createTestApp: the demo or a small world, not both');
  const dir = mkdtempSync(join(tmpdir(), 'tiendo-app-'));
  const path = join(dir, 'db.sqlite');
  if (opts.demo) {
    const template = inject('demoDb');
    if (!template) throw new Error('createTestApp: no demo was built for this run (global-setup.ts looks for `demo: true` in the files)');
    copyFileSync(template, path);
  }
  const db = openDb(`file:${path}`);
  if (opts.world) await loadWorld(db, opts.world, opts.today ?? TEST_TODAY);
  const app = await buildApp({
    db,
    config: { today: () => opts.today ?? TEST_TODAY, logLevel: 'silent', trustProxy: opts.trustProxy ?? false },
    logger: false,
    ...(opts.spaRoot ? { serveSpa: true, spaRoot: opts.spaRoot } : {}),
  });
  await app.ready();
  const login = async (username: string, password = DEMO_PASSWORD): Promise<Session> => {
    const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    if (r.statusCode !== 200) throw new Error(`login ${username}: ${r.statusCode} ${r.body}`);
    const cookie = r.cookies.find((c) => c.name === 'tiendo_session')?.value ?? '';
    const csrf = (r.json() as { csrfToken: string }).csrfToken;
    return { username, cookie, csrf, headers: { cookie: `tiendo_session=${cookie}`, 'x-csrf-token': csrf } };
  };
  const get = async <T>(session: Session | null, url: string) => {
    const r = await app.inject({ method: 'GET', url, headers: session?.headers ?? {} });
    return { status: r.statusCode, body: r.json() as T };
  };
  return {
    app,
    db,
    path,
    login,
    get,
    close: async () => {
      await app.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One file posted as the browser's form sends it (multipart/form-data, field `file`). */
export function uploadFile(t: Pick<TestContext, 'app'>, session: Session, url: string, name: string, body: Buffer) {
  const boundary = '----tiendo-test-upload';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    body,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({
    method: 'POST',
    url,
    payload,
    headers: { ...session.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}
