/**
 * "Has anything been committed since I last looked?" for the caches of the read path, without a
 * table read: SQLite's `PRAGMA data_version` moves when another connection (another server
 * process, a CLI) commits; this process's own writes of the versioned rows call
 * `noteLocalWrite`. Inside a transaction the answer is always "maybe": what it reads could still
 * be rolled back, so nothing read there is kept.
 *
 * Reading `data_version` starts a read transaction: three system calls (a shared-memory lock,
 * an fstat, the unlock), 20–35 µs on this machine's VM, more than the rest of a cached figures
 * request. So it is read once per request, not at each cache it validates: a request opens a
 * read window when it arrives (`openReadWindow`, the app's first hook), which reads it afresh;
 * while any request is in flight the caches use the value read when the latest request arrived
 * (never older than READ_WINDOW_MS). Outside requests (the scheduler, tests, the CLI) it is
 * read afresh every time.
 *
 * Requests off the network share a read younger than SHARED_READ_MS, whether or not the request
 * it was made for is still in flight: under load several arrive within half a millisecond and one
 * read serves them all (a server that keeps up answers each before the next arrives, so a read
 * kept only while windows overlap served none: every request read it again, a fifth of a cached
 * request's CPU time on this VM). So a commit another process made is seen by every request
 * handled more than SHARED_READ_MS after it, which is what "at once" can mean across processes
 * (a sign-out there and a click here are further apart than that).
 * Requests injected in-process (tests) run on the caller's tick, right after its writes through
 * another connection, and always read afresh.
 */
import type { Sqlite } from './client.ts';

interface Counter {
  local: number;
  dataVersion: { get(): unknown };
  /**
   * `data_version` as read for the requests in flight: a request consults the token several
   * times (session, catalogue, calendar, figures cache), and once is enough.
   */
  seen: number | null;
  /** Requests in flight that opened a read window, and when `data_version` was last read for one. */
  windows: number;
  windowRead: number;
}

/** The age under which a request off the network uses the read made for another one. */
const SHARED_READ_MS = 0.5;

/** The longest a value read for a request is used while requests keep overlapping. */
const READ_WINDOW_MS = 250;

const counters = new WeakMap<Sqlite, Counter>();

function counterOf(sqlite: Sqlite): Counter {
  let c = counters.get(sqlite);
  if (!c) {
    // A pragma, which the query builder has no words for.
    c = {
      local: 0,
      dataVersion: sqlite.prepare('PRAGMA data_version').pluck(),
      seen: null,
      windows: 0,
      windowRead: 0,
    };
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
  if (c.windows === 0) return `${c.dataVersion.get() as number}:${c.local}`;
  if (c.seen === null || performance.now() - c.windowRead > READ_WINDOW_MS) {
    c.seen = c.dataVersion.get() as number;
    c.windowRead = performance.now();
  }
  return `${c.seen}:${c.local}`;
}

/**
 * A request arrives: `data_version` is read now, once, for the caches it and the requests in
 * flight beside it consult. Pair with `closeReadWindow` when its reply has gone (or it aborted).
 */
export function openReadWindow(sqlite: Sqlite, fromNetwork = false): void {
  const c = counterOf(sqlite);
  c.windows++;
  if (sqlite.inTransaction) {
    // Nothing can be read for it now; the first token asked after the transaction reads afresh.
    c.seen = null;
    return;
  }
  const now = performance.now();
  if (fromNetwork && c.seen !== null && now - c.windowRead < SHARED_READ_MS) return;
  c.seen = c.dataVersion.get() as number;
  c.windowRead = now;
}

/** The value read stays for the next request off the network while it is younger than SHARED_READ_MS. */
export function closeReadWindow(sqlite: Sqlite): void {
  const c = counterOf(sqlite);
  if (c.windows > 0) c.windows--;
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

/**
 * Values by key, each worked out once and kept until the next commit (this process's or
 * another's), as `cachedRead` keeps one; nothing is kept inside a transaction. At `limit` keys the
 * lot is let go.
 */
export function keptUntilCommit<T>(sqlite: Sqlite, limit = 2000): (key: string, compute: () => T) => T {
  const kept = cachedRead(sqlite, () => new Map<string, T>());
  return (key, compute) => {
    const map = kept();
    const hit = map.get(key);
    if (hit !== undefined) return hit;
    const value = compute();
    if (map.size >= limit) map.clear();
    map.set(key, value);
    return value;
  };
}
