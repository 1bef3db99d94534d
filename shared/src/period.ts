/**
 * Monthly reporting periods, written `YYYY-MM`.
 *
 * Decree 09/2019/NĐ-CP closes a month's figures on the cut-off day: with a cut-off of 14, the
 * period `2022-09` covers 15 Aug to 14 Sep. A cut-off of 0 or ≥ 28 is read as calendar months.
 */

export type Period = string;

const PERIOD_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isPeriod(value: string): boolean {
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
