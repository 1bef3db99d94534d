/**
 * Seeds the Hanoi demo once per run into a template database; each test file that needs it
 * works on its own copy (see helpers.ts), so tests never see each other's writes. Most files
 * build a small world of their own instead (support/world.ts) and need none of this.
 *
 * The seeded template is kept between runs in the system's temp folder under a hash of
 * everything that shapes it (the server, seed and shared sources, the migrations and the test
 * date), so a second run on an unchanged tree starts at once; CI's fresh machine builds it.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDb } from '../src/db/client.ts';
import { createServices } from '../src/services/index.ts';
import { TEST_TODAY } from './constants.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    demoDb: string;
  }
}

const ROOT = resolve(import.meta.dirname, '../..');
const INPUTS = ['server/src', 'server/drizzle', 'seed/src', 'shared/src', 'package-lock.json'];

function hashTree(hash: ReturnType<typeof createHash>, path: string): void {
  const st = statSync(path);
  if (st.isDirectory()) {
    for (const name of readdirSync(path).sort()) hashTree(hash, join(path, name));
  } else {
    hash.update(path.slice(ROOT.length));
    hash.update(readFileSync(path));
  }
}

function inputsHash(): string {
  const hash = createHash('sha256');
  hash.update(TEST_TODAY);
  for (const p of INPUTS) if (existsSync(join(ROOT, p))) hashTree(hash, join(ROOT, p));
  return hash.digest('hex').slice(0, 16);
}

/**
 * Whether a file of this run asks for the demo (`createTestApp({ demo: true …`): a run of
 * small-world files only (one file while working on it, say) skips the build. Reads vitest's file
 * filter, which it does not publish; when that is missing every file of the project counts, so
 * the demo is built as before.
 */
async function runNeedsDemo(project: TestProject): Promise<boolean> {
  const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern;
  const { testFiles } = await project.globTestFiles(filters);
  return testFiles.some((file) => /createTestApp\(\{\s*demo: true/.test(readFileSync(file, 'utf8')));
}

export default async function setup(project: TestProject) {
  if (!(await runNeedsDemo(project))) {
    project.provide('demoDb', '');
    return;
  }
  const cacheDir = join(tmpdir(), 'tiendo-demo-cache');
  mkdirSync(cacheDir, { recursive: true });
  const cached = join(cacheDir, `demo-${inputsHash()}.sqlite`);
  if (!existsSync(cached)) {
    // Built beside the cache under a unique name and moved in whole, so a parallel run never
    // copies a half-built file.
    const building = `${cached}.${process.pid}.building`;
    const db = openDb(`file:${building}`);
    await createServices(db, { today: () => TEST_TODAY }).demo.load();
    db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    renameSync(building, cached);
    // Keep the three newest templates (a few hundred MB each).
    const old = readdirSync(cacheDir)
      .filter((n) => /^demo-[0-9a-f]+\.sqlite$/.test(n))
      .map((n) => join(cacheDir, n))
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)
      .slice(3);
    for (const f of old) rmSync(f, { force: true });
  }
  const dir = join(tmpdir(), `tiendo-test-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'demo.sqlite');
  copyFileSync(cached, path);
  project.provide('demoDb', path);
  return () => rmSync(dir, { recursive: true, force: true });
}
