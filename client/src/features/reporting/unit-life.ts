/**
 * Units live for an interval of periods: a code names one unit in a period, an account's unit can
 * end (merged in the July-2025 reform) and the account then reads its past only. Pure readings of
 * that life for the reporting screens: which month they open on, which months they offer, and
 * where a 404 `unit_not_in_period` sends the reader instead.
 */
import type { PeriodInfo } from '@tiendo/shared';
import { addMonths } from '@tiendo/shared/period';
import { HttpError } from '../../api/http.ts';
import { formatPeriod, type Lang } from '../../i18n/format.ts';

/** A unit's life: first and last period, null when open-ended. */
export interface Life {
  validFrom?: string | null | undefined;
  validTo?: string | null | undefined;
}

/** A unit to follow from a 404 `unit_not_in_period`, as the server lists it. */
export interface Follower {
  code: string;
  name: string;
  validFrom: string | null;
  validTo: string | null;
  share: number;
}

export interface NotInPeriod {
  /** Successors: the code's unit ended before the period; predecessors: it began after it. */
  direction: 'successors' | 'predecessors';
  units: Follower[];
  message: string | null;
}

function isFollower(x: unknown): x is Follower {
  if (!x || typeof x !== 'object') return false;
  const f = x as Record<string, unknown>;
  return typeof f.code === 'string' && typeof f.name === 'string';
}

/** The 404 of a code that names no unit in the period asked, with the units to go to; else null. */
export function notInPeriodOf(error: unknown): NotInPeriod | null {
  if (!(error instanceof HttpError) || error.status !== 404 || error.code !== 'unit_not_in_period') return null;
  const d = ((error as { details?: unknown }).details ?? {}) as { successors?: unknown; predecessors?: unknown };
  const norm = (list: unknown[]): Follower[] =>
    list.filter(isFollower).map((f) => ({
      code: f.code,
      name: f.name,
      validFrom: f.validFrom ?? null,
      validTo: f.validTo ?? null,
      share: typeof f.share === 'number' ? f.share : 1,
    }));
  if (Array.isArray(d.successors)) return { direction: 'successors', units: norm(d.successors), message: error.serverMessage };
  if (Array.isArray(d.predecessors)) return { direction: 'predecessors', units: norm(d.predecessors), message: error.serverMessage };
  return { direction: 'successors', units: [], message: error.serverMessage };
}

/** The period at which to open a follower: the one asked if it lived then, else the nearest it lived. */
export function periodFor(f: Life, period: string): string {
  if (f.validTo && period > f.validTo) return f.validTo;
  if (f.validFrom && period < f.validFrom) return f.validFrom;
  return period;
}

/**
 * The last month the code lived, read from where it went: the month before its successors began
 * (a 404 after the end); the month after its predecessors ended is its first (a 404 before it).
 */
export function ownPeriodFrom(nip: NotInPeriod): string | null {
  if (nip.direction === 'successors') {
    const starts = nip.units.map((u) => u.validFrom).filter((p): p is string => p !== null);
    return starts.length ? addMonths(starts.sort()[0] as string, -1) : null;
  }
  const ends = nip.units.map((u) => u.validTo).filter((p): p is string => p !== null);
  return ends.length ? addMonths(ends.sort().at(-1) as string, 1) : null;
}

/** The unit ended before the period (an account's unit after the reform). */
export function endedBefore(life: Life | null | undefined, period: string | null): boolean {
  return Boolean(life?.validTo && period && life.validTo < period);
}

/**
 * The month the reporting screens open on: the open one (else the latest), but for an account
 * whose unit ended, the unit's last month, the latest it can still read.
 */
export function defaultReportPeriod(
  periods: readonly Pick<PeriodInfo, 'period' | 'state'>[],
  home: Life | null | undefined,
): string | null {
  let open: string | null = null;
  for (const p of periods) if (p.state === 'open' && (open === null || p.period > open)) open = p.period;
  const base = open ?? periods.at(-1)?.period ?? null;
  if (base && home?.validTo && home.validTo < base) return home.validTo;
  return base;
}

/** The months the period selector offers: none after the account's unit ended. */
export function periodsWithin<T extends Pick<PeriodInfo, 'period'>>(periods: readonly T[], home: Life | null | undefined): T[] {
  const end = home?.validTo;
  return end ? periods.filter((p) => p.period <= end) : [...periods];
}

/** `tháng 7/2025` / `Jul 2025`: the month a unit began or ended, as every screen writes a period. */
export function monthYear(period: string, lang: Lang): string {
  return formatPeriod(period, lang);
}

/** "Phường Hồng Hà": the unit's type (lower case in the data) before its name. */
export function fullName(u: { name: string; type?: string | null | undefined }): string {
  const type = u.type?.trim();
  if (!type || u.name.toLocaleLowerCase('vi').startsWith(type.toLocaleLowerCase('vi'))) return u.name;
  return `${type.charAt(0).toLocaleUpperCase('vi')}${type.slice(1)} ${u.name}`;
}

/** Each unit below, by code, to the name of the former unit it sat under (from those units' children). */
export function formerParents(formers: readonly { name: string; children: readonly { code: string }[] }[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of formers) for (const c of f.children) if (!out.has(c.code)) out.set(c.code, f.name);
  return out;
}
