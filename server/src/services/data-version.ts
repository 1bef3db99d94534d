/**
 * Counters of writes to figures and report states; cached replies are stamped with them.
 *
 * A write changes the figures of the period it is for and of every later one (running totals
 * shift, a level stays in force), never an earlier one. So beside the global counter each write
 * leaves the counter's new value under the first period it touches (`dv:YYYY-MM` in `settings`),
 * and a reply about period Q is stamped with the highest value left at Q or before: a month of
 * teams submitting for December leaves every cached reply about November, and the years before,
 * as it was. A write that may touch every period (a rebuild) leaves it under `dv:0000-00`.
 */
import { cachedRead, noteLocalWrite } from '../db/change-token.ts';
import type { Sqlite } from '../db/client.ts';

export const DATA_VERSION_KEY = 'data_version';
const PERIOD_PREFIX = 'dv:';
const EVERY_PERIOD = '0000-00';

const statements = new WeakMap<Sqlite, { global: { run(key: string): unknown }; period: { run(key: string): unknown } }>();

/**
 * Call in the transaction of every write that changes a figure or a report's state, with the
 * first period whose replies it can change (null: any period).
 */
export function bumpDataVersion(sqlite: Sqlite, fromPeriod: string | null): void {
  let stmt = statements.get(sqlite);
  if (!stmt) {
    stmt = {
      global: sqlite.prepare(
        `INSERT INTO settings (key, value) VALUES (?, '1') ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1`,
      ),
      period: sqlite.prepare(
        `INSERT INTO settings (key, value) VALUES (?, (SELECT value FROM settings WHERE key = '${DATA_VERSION_KEY}'))
         ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
      ),
    };
    statements.set(sqlite, stmt);
  }
  stmt.global.run(DATA_VERSION_KEY);
  stmt.period.run(`${PERIOD_PREFIX}${fromPeriod ?? EVERY_PERIOD}`);
  noteLocalWrite(sqlite);
}

/**
 * The data version a reply about `period` depends on: the last write at that period or before.
 * The table of first periods is read again only after a commit.
 */
export function periodDataVersion(sqlite: Sqlite): (period: string) => string {
  const rows = sqlite.prepare(
    `SELECT substr(key, ${PERIOD_PREFIX.length + 1}) AS period, CAST(value AS INTEGER) AS version FROM settings
     WHERE key >= '${PERIOD_PREFIX}' AND key < '${PERIOD_PREFIX}~' ORDER BY key`,
  );
  const table = cachedRead(sqlite, () => ({ rows: rows.all() as { period: string; version: number }[], memo: new Map<string, string>() }));
  return (period) => {
    const t = table();
    let v = t.memo.get(period);
    if (v === undefined) {
      let max = 0;
      for (const r of t.rows) {
        if (r.period > period) break;
        if (r.version > max) max = r.version;
      }
      v = String(max);
      t.memo.set(period, v);
    }
    return v;
  };
}
