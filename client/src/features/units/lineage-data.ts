/**
 * What to say about a code that names no unit in the period asked (the server's 404
 * `unit_not_in_period`), and where to send the reader: the units it went into, or the units it
 * was made from. Pure: the panel renders it, the tests state it.
 */
import { addMonths, isPeriod } from '@tiendo/shared/period';

export interface Follower {
  code: string;
  name: string;
  validFrom: string | null;
  validTo: string | null;
  /** Share of the old unit that went to the new one: 1 for a merge. */
  share: number;
}

/**
 * `merged`: went whole into one unit; `split`: shared out between several; `ended`: ended with no
 * unit to follow (a district abolished: its communes moved on, not the district); `formed`: the
 * unit did not exist yet.
 */
export type Change = 'merged' | 'split' | 'ended' | 'formed';

export interface NotInPeriodModel {
  change: Change;
  /** Successors for `merged`/`split`, predecessors for `formed`, none for `ended`. */
  followers: Follower[];
  /** The first period of the new map: the successors' first, or the unit's own first. */
  changeAt: string | null;
  /** The nearest period in which the code names the unit: its last (it ended) or its first (it was formed). */
  nearest: string | null;
}

/** What is already known of the unit from another period (a cached reply), when the 404 says nothing. */
export interface KnownLife {
  validFrom: string | null;
  validTo: string | null;
}

function asFollowers(value: unknown): Follower[] | null {
  if (!Array.isArray(value)) return null;
  const out: Follower[] = [];
  for (const v of value) {
    if (!v || typeof v !== 'object') return null;
    const f = v as Record<string, unknown>;
    if (typeof f.code !== 'string' || typeof f.name !== 'string') return null;
    out.push({
      code: f.code,
      name: f.name,
      validFrom: isPeriod(f.validFrom as string) ? (f.validFrom as string) : null,
      validTo: isPeriod(f.validTo as string) ? (f.validTo as string) : null,
      share: typeof f.share === 'number' && Number.isFinite(f.share) ? f.share : 1,
    });
  }
  return out;
}

const earliest = (xs: (string | null)[]) => xs.filter((x): x is string => x !== null).sort()[0] ?? null;
const latest = (xs: (string | null)[]) =>
  xs
    .filter((x): x is string => x !== null)
    .sort()
    .at(-1) ?? null;

/**
 * Reads the 404's `details` (`{ successors }` or `{ predecessors }`); null when they are not of
 * that shape. `known` fills in the dates when the unit ended with no successor to date it by.
 */
export function notInPeriodModel(details: unknown, period: string, known: KnownLife | null = null): NotInPeriodModel | null {
  if (!details || typeof details !== 'object') return null;
  const d = details as Record<string, unknown>;
  if ('successors' in d) {
    const followers = asFollowers(d.successors);
    if (!followers) return null;
    const changeAt = earliest(followers.map((f) => f.validFrom)) ?? (known?.validTo ? addMonths(known.validTo, 1) : null);
    const change: Change = followers.length === 0 ? 'ended' : followers.length === 1 && followers[0]?.share === 1 ? 'merged' : 'split';
    const nearest = changeAt !== null && changeAt <= period ? addMonths(changeAt, -1) : null;
    return { change, followers: bySharethenName(followers), changeAt, nearest };
  }
  if ('predecessors' in d) {
    const followers = asFollowers(d.predecessors);
    if (!followers) return null;
    const ended = latest(followers.map((f) => f.validTo));
    const changeAt = known?.validFrom ?? (ended ? addMonths(ended, 1) : null);
    const nearest = changeAt !== null && changeAt > period ? changeAt : null;
    return { change: 'formed', followers: bySharethenName(followers), changeAt, nearest };
  }
  return null;
}

/** The biggest share first (the unit most of it went to), then by name. */
function bySharethenName(fs: Follower[]): Follower[] {
  const collator = new Intl.Collator('vi');
  return [...fs].sort((a, b) => b.share - a.share || collator.compare(a.name, b.name));
}
