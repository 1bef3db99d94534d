/**
 * Seeds the Hanoi demo once per run into a template database; each test file that needs it
 * works on its own copy (see helpers.ts), so tests never see each other's writes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDb } from '../src/db/client.ts';
import { createServices } from '../src/services/index.ts';
import { TEST_TODAY } from './constants.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    demoDb: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'tiendo-test-'));
  const path = join(dir, 'demo.sqlite');
  const db = openDb(`file:${path}`);
  await createServices(db, { today: () => TEST_TODAY }).demo.load();
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  project.provide('demoDb', path);
  return () => rmSync(dir, { recursive: true, force: true });
}
