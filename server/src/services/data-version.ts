/** A counter of writes to figures and report states; cached replies are stamped with it. */
import { noteLocalWrite } from '../db/change-token.ts';
import type { Sqlite } from '../db/client.ts';

export const DATA_VERSION_KEY = 'data_version';

const statements = new WeakMap<Sqlite, { run(key: string): unknown }>();

/** Call in the transaction of every write that changes a figure or a report's state. */
export function bumpDataVersion(sqlite: Sqlite): void {
  let stmt = statements.get(sqlite);
  if (!stmt) {
    stmt = sqlite.prepare(
      `INSERT INTO settings (key, value) VALUES (?, '1') ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1`,
    );
    statements.set(sqlite, stmt);
  }
  stmt.run(DATA_VERSION_KEY);
  noteLocalWrite(sqlite);
}
