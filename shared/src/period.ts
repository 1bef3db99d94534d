/**
 * Monthly reporting periods, written `YYYY-MM`.
 *
 * Decree 09/2019/NĐ-CP closes a month's figures on the cut-off day: with a cut-off of 14, the
 * period `2022-09` covers 15 Aug to 14 Sep. A cut-off of 0 or ≥ 28 is read as calendar months.
 */

export type Period = string;

const PERIOD_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A `YYYY-MM` period of the programme's years; also the check of a period read from a URL. */
export function isPeriod(value: string | null | undefined): value is Period {
  if (!value) return false;
  const m = PERIOD_RE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  return year >= 2000 && year <= 2100;
}

/** Months since year 0; lets periods be compared and stepped as integers. */
export function periodIndex(period: Period): number {
  const m = PERIOD_RE.exec(period);
  if (!m) throw new RangeError(`Invalid period: ${period}`);
  return Number(m[1]) * 12 + (Number(m[2]) - 1);
}

export function periodFromIndex(index: number): Period {
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function addMonths(period: Period, months: number): Period {
  return periodFromIndex(periodIndex(period) + months);
}

export function monthsBetween(from: Period, to: Period): number {
  return periodIndex(to) - periodIndex(from);
}

/** Every period from `from` to `to`, both included; empty when `to` is before `from`. */
export function periodRange(from: Period, to: Period): Period[] {
  const out: Period[] = [];
  for (let i = periodIndex(from); i <= periodIndex(to); i++) out.push(periodFromIndex(i));
  return out;
}

export interface ReportingSettings {
  /** Day of the month the figures are closed on (1–28); 28 means calendar months. */
  cutoffDay: number;
  /** Days after the cut-off within which a report is on time. */
  deadlineDays: number;
  /** Days after the deadline during which late reports are still accepted; then the period locks. */
  graceDays: number;
}

export const DEFAULT_REPORTING_SETTINGS: ReportingSettings = {
  cutoffDay: 14,
  deadlineDays: 3,
  graceDays: 7,
};

/** ISO date `YYYY-MM-DD` from UTC parts; month is 1-based and may overflow. */
function isoDate(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export interface PeriodWindow {
  period: Period;
  /** First day covered (inclusive). */
  from: string;
  /** Cut-off: last day covered (inclusive). */
  to: string;
  /** Last day a report counts as on time. */
  deadline: string;
  /** Last day any report is accepted from reporters; the period locks after it. */
  lockAfter: string;
}

export function periodWindow(period: Period, settings: ReportingSettings): PeriodWindow {
  const idx = periodIndex(period);
  const year = Math.floor(idx / 12);
  const month = (idx % 12) + 1;
  const calendar = settings.cutoffDay >= 28;
  const from = calendar ? isoDate(year, month, 1) : isoDate(year, month - 1, settings.cutoffDay + 1);
  const to = calendar ? isoDate(year, month + 1, 0) : isoDate(year, month, settings.cutoffDay);
  const deadline = addDays(to, settings.deadlineDays);
  return { period, from, to, deadline, lockAfter: addDays(deadline, settings.graceDays) };
}

export type PeriodState = 'closed' | 'open' | 'upcoming';

/**
 * `upcoming` before its first day; `open` while reports are accepted (from its first day until
 * the lock, so a month in progress and last month's late reports can both be open); `closed`
 * once locked.
 */
export function periodState(window: PeriodWindow, today: string): PeriodState {
  if (today < window.from) return 'upcoming';
  if (today > window.lockAfter) return 'closed';
  return 'open';
}

/** The period whose window contains `today`. */
export function periodOfDate(today: string, settings: ReportingSettings): Period {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const base = periodIndex(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`);
  if (settings.cutoffDay >= 28) return periodFromIndex(base);
  return periodFromIndex(d > settings.cutoffDay ? base + 1 : base);
}

/** The latest period whose cut-off has passed: what the dashboards open on. */
export function latestClosedPeriod(today: string, settings: ReportingSettings): Period {
  return addMonths(periodOfDate(today, settings), -1);
}

export function isOnTime(submittedAt: string, window: PeriodWindow): boolean {
  return submittedAt.slice(0, 10) <= window.deadline;
}

/** The reporting settings that hold for each period: the calendar read at one moment. */
export type SettingsLookup = (period: Period) => ReportingSettings;

/**
 * A row of the reporting calendar: a regular change holds from `validFrom` on (null = since the
 * programme began) until a later regular change; a one-off or a correction holds for its one
 * period (`validFrom`) only.
 */
export interface CalendarRow extends ReportingSettings {
  id: number;
  validFrom: Period | null;
  oneOff: boolean;
  correction: boolean;
}

const settingsOf = (r: ReportingSettings): ReportingSettings => ({
  cutoffDay: r.cutoffDay,
  deadlineDays: r.deadlineDays,
  graceDays: r.graceDays,
});

/**
 * The settings of period P: a one-off or correction for P if any (the latest), else the regular
 * row with the greatest `validFrom` ≤ P (the latest of equals), else the defaults. A one-off
 * stays the word for its period even when a regular change covering it is made later.
 */
export function calendarLookup(rows: readonly CalendarRow[], fallback: ReportingSettings = DEFAULT_REPORTING_SETTINGS): SettingsLookup {
  const single = new Map<Period, CalendarRow>();
  const regular: CalendarRow[] = [];
  for (const r of [...rows].sort((a, b) => a.id - b.id)) {
    if ((r.oneOff || r.correction) && r.validFrom !== null) single.set(r.validFrom, r);
    else regular.push(r);
  }
  // Ascending by start, then by id: the last row that starts by P is the one in force.
  regular.sort((a, b) => (a.validFrom ?? '').localeCompare(b.validFrom ?? '') || a.id - b.id);
  return (period) => {
    const one = single.get(period);
    if (one) return settingsOf(one);
    let best: CalendarRow | undefined;
    for (const r of regular) {
      if ((r.validFrom ?? '') > period) break;
      best = r;
    }
    return best ? settingsOf(best) : fallback;
  };
}

/** A lookup that gives the same settings for every period (one calendar for all time). */
export function constantLookup(settings: ReportingSettings): SettingsLookup {
  return () => settings;
}

/**
 * A period's window when each period has its own settings: it ends on its own cut-off and starts
 * the day after the previous period's, so consecutive periods neither overlap nor leave a gap
 * when the cut-off day changes. The deadline and lock follow from the period's own settings.
 */
export function periodWindowAt(period: Period, lookup: SettingsLookup): PeriodWindow {
  const own = periodWindow(period, lookup(period));
  const prev = addMonths(period, -1);
  return { ...own, from: addDays(periodWindow(prev, lookup(prev)).to, 1) };
}

/**
 * The period open today when each period has its own cut-off: P is open until its cut-off has
 * passed. P's cut-off falls in P's own month, so only this month and the next are candidates.
 */
export function openPeriodAt(today: string, lookup: SettingsLookup): Period {
  const base = today.slice(0, 7);
  return today <= periodWindow(base, lookup(base)).to ? base : addMonths(base, 1);
}

/** The latest period whose cut-off has passed, with each period's own cut-off. */
export function latestClosedPeriodAt(today: string, lookup: SettingsLookup): Period {
  return addMonths(openPeriodAt(today, lookup), -1);
}

/** One entry of the calendar's history: the row, and the last period it holds for. */
export interface CalendarSpan<R extends CalendarRow = CalendarRow> {
  row: R;
  /** Last period the row holds for: its own for a one-off or correction; null while open-ended. */
  to: Period | null;
  /** A later row for the same start (regular) or the same period (one-off, correction). */
  replacedBy: number | null;
}

/** Each row with the span it covers, as the calendar's history shows it. */
export function calendarSpans<R extends CalendarRow>(rows: readonly R[]): CalendarSpan<R>[] {
  const single = (r: CalendarRow) => (r.oneOff || r.correction) && r.validFrom !== null;
  const regularStarts = [...new Set(rows.filter((r) => !single(r)).map((r) => r.validFrom ?? ''))].sort();
  return rows.map((row) => {
    const peers = rows.filter((r) => r.id > row.id && single(r) === single(row) && r.validFrom === row.validFrom);
    const replacedBy = peers.length ? Math.min(...peers.map((r) => r.id)) : null;
    if (single(row)) return { row, to: row.validFrom, replacedBy };
    const next = regularStarts.find((s) => s > (row.validFrom ?? ''));
    return { row, to: next === undefined ? null : addMonths(next, -1), replacedBy };
  });
}
