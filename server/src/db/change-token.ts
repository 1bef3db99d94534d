/**
 * "Has anything been committed since I last looked?" for the caches of the read path, without a
 * table read: SQLite's `PRAGMA data_version` moves when another connection (another server
 * process, a CLI) commits; this process's own writes of the versioned rows call
 * `noteLocalWrite`. Inside a transaction the answer is always "maybe": what it reads could still
 * be rolled back, so nothing read there is kept.
 */
import type { Sqlite } from './client.ts';

interface Counter {
  local: number;
  dataVersion: { get(): unknown };
}

const counters = new WeakMap<Sqlite, Counter>();

function counterOf(sqlite: Sqlite): Counter {
  let c = counters.get(sqlite);
  if (!c) {
    c = { local: 0, dataVersion: sqlite.prepare('PRAGMA data_version').pluck() };
    counters.set(sqlite, c);
  }
  return c;
}

/** Call wherever this process writes a row that a cached read depends on (before or after commit). */
export function noteLocalWrite(sqlite: Sqlite): void {
  counterOf(sqlite).local++;
}

/** A token that changes whenever such a row may have changed; null inside a transaction. */
export function changeToken(sqlite: Sqlite): string | null {
  if (sqlite.inTransaction) return null;
  const c = counterOf(sqlite);
  return `${c.dataVersion.get() as number}:${c.local}`;
}

/**
 * `read()` once per change token: the same value while nothing was committed, read afresh after
 * any commit (this process's or another's) and every time inside a transaction.
 */
export function cachedRead<T>(sqlite: Sqlite, read: () => T): () => T {
  let token: string | null = null;
  let value: T;
  return () => {
    const now = changeToken(sqlite);
    if (now !== null && now === token) return value;
    value = read();
    token = now;
    return value;
  };
}
