/** Reporting calendar and programme settings, stored as small JSON values. */
import {
  addMonths,
  DEFAULT_REPORTING_SETTINGS,
  latestClosedPeriod,
  type PeriodInfo,
  type PeriodState,
  periodOfDate,
  periodRange,
  periodState,
  periodWindow,
  type ReportingSettings,
} from '@tiendo/shared';
import type { Sqlite } from '../db/client.ts';

export const REPORTING_KEY = 'reporting';
export const PROGRAMME_START_KEY = 'programme_start';
/** The secretariat can open periods ahead of their first day; this is the last one opened. */
export const OPENED_THROUGH_KEY = 'reporting_opened_through';
/** Decision 06/QĐ-TTg was signed on 6 January 2022. */
export const DEFAULT_PROGRAMME_START = '2022-01';

export class SettingsService {
  private readonly get;
  private readonly put;

  constructor(
    sqlite: Sqlite,
    private readonly today: () => string,
  ) {
    this.get = sqlite.prepare('SELECT value FROM settings WHERE key = ?').pluck();
    this.put = sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  }

  reporting(): ReportingSettings {
    const raw = this.get.get(REPORTING_KEY) as string | undefined;
    return raw ? { ...DEFAULT_REPORTING_SETTINGS, ...(JSON.parse(raw) as Partial<ReportingSettings>) } : DEFAULT_REPORTING_SETTINGS;
  }

  setReporting(value: ReportingSettings): void {
    this.put.run(REPORTING_KEY, JSON.stringify(value));
  }

  programmeStart(): string {
    return (this.get.get(PROGRAMME_START_KEY) as string | undefined) ?? DEFAULT_PROGRAMME_START;
  }

  setProgrammeStart(period: string): void {
    this.put.run(PROGRAMME_START_KEY, period);
  }

  openedThrough(): string | null {
    return (this.get.get(OPENED_THROUGH_KEY) as string | undefined) ?? null;
  }

  setOpenedThrough(period: string): void {
    this.put.run(OPENED_THROUGH_KEY, period);
  }

  /** The period whose reports are being collected today: its map is "today's map". */
  currentPeriod(): string {
    return periodOfDate(this.today(), this.reporting());
  }

  /** The period the dashboards open on: the latest whose cut-off has passed. */
  defaultPeriod(): string {
    return latestClosedPeriod(this.today(), this.reporting());
  }

  /** From the programme's start to the month after the current one. */
  periods(): PeriodInfo[] {
    const s = this.reporting();
    const today = this.today();
    const current = periodOfDate(today, s);
    const opened = this.openedThrough();
    const last = opened !== null && opened > addMonths(current, 1) ? opened : addMonths(current, 1);
    return periodRange(this.programmeStart(), last).map((p) => {
      const w = periodWindow(p, s);
      return { ...w, state: withEarlyOpening(p, periodState(w, today), opened), cutoffPassed: today > w.to };
    });
  }

  /**
   * A period's state today, counting an early opening by the secretariat: what decides whether
   * reports for it are accepted.
   */
  phase(period: string): PeriodState {
    return withEarlyOpening(period, periodState(periodWindow(period, this.reporting()), this.today()), this.openedThrough());
  }
}

/** Opened early by the secretariat: accepted before its first day. */
function withEarlyOpening(period: string, state: PeriodState, openedThrough: string | null): PeriodState {
  return state === 'upcoming' && openedThrough !== null && period <= openedThrough ? 'open' : state;
}
