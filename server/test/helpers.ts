import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import { buildApp } from '../src/app.ts';
import { type Db, openDb } from '../src/db/client.ts';
import { TEST_TODAY } from './constants.ts';

export interface TestContext {
  app: FastifyInstance;
  db: Db;
  close(): Promise<void>;
}

/**
 * An app on its own database: a copy of the seeded Hanoi demo (`demo: true`) or an empty,
 * migrated one. Call `close()` in afterAll.
 */
export async function createTestApp(opts: { demo?: boolean; today?: string } = {}): Promise<TestContext> {
  const dir = mkdtempSync(join(tmpdir(), 'tiendo-app-'));
  const path = join(dir, 'db.sqlite');
  if (opts.demo) copyFileSync(inject('demoDb'), path);
  const db = openDb(`file:${path}`);
  const app = await buildApp({ db, config: { today: () => opts.today ?? TEST_TODAY, logLevel: 'silent' }, logger: false });
  await app.ready();
  return {
    app,
    db,
    close: async () => {
      await app.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
