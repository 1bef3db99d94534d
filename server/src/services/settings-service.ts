/**
 * Programme settings (small JSON values) and the reporting calendar, which is effective-dated:
 * each period is read with the cut-off, deadline and grace days that hold for it, so a change
 * from a period on never moves an earlier period's window or deadline.
 */
import {
  addMonths,
  type CalendarRow,
  calendarLookup,
  latestClosedPeriodAt,
  openPeriodAt,
  type PeriodInfo,
  type PeriodState,
  type PeriodWindow,
  periodRange,
  periodState,
  periodWindowAt,
  type ReportingSettings,
  type SettingsLookup,
} from '@tiendo/shared';
import { asc, eq, sql } from 'drizzle-orm';
import { cachedRead, noteLocalWrite } from '../db/change-token.ts';
import { ormOf, type Sqlite } from '../db/client.ts';
import { reportingCalendar, settings as settingsTable } from '../db/schema.ts';

export const PROGRAMME_START_KEY = 'programme_start';
/** The secretariat can open periods ahead of their first day; this is the last one opened. */
export const OPENED_THROUGH_KEY = 'reporting_opened_through';
/** Decision 06/QĐ-TTg was signed on 6 January 2022. */
export const DEFAULT_PROGRAMME_START = '2022-01';

export type CalendarRecord = typeof reportingCalendar.$inferSelect;
export type NewCalendarRecord = Omit<typeof reportingCalendar.$inferInsert, 'id'>;

export class SettingsService {
  private readonly orm;
  private readonly s;

  constructor(
    private readonly sqlite: Sqlite,
    /** Today in Hà Nội (TIENDO_TODAY fixes it for the demo and the tests). */
    readonly today: () => string,
  ) {
    this.orm = ormOf(sqlite);
    const value = this.orm
      .select({ value: settingsTable.value })
      .from(settingsTable)
      .where(eq(settingsTable.key, sql.placeholder('key')))
      .prepare();
    this.s = {
      value,
      calendar: this.orm.select().from(reportingCalendar).orderBy(asc(reportingCalendar.id)).prepare(),
    };
    // The calendar is a handful of rows, read whole after any commit, so a change shows at once.
    const rows = cachedRead(sqlite, () => this.s.calendar.all());
    this.lookup = cachedRead(sqlite, () => calendarLookup(rows().map(toCalendarRow)));
    this.rows = rows;
  }

  private readonly rows: () => CalendarRecord[];
  private readonly lookup: () => SettingsLookup;

  private value(key: string): string | undefined {
    return this.s.value.get({ key })?.value;
  }

  private put(key: string, value: string): void {
    this.orm.insert(settingsTable).values({ key, value }).onConflictDoUpdate({ target: settingsTable.key, set: { value } }).run();
  }

  /** Every row of the reporting calendar, oldest first. */
  calendarRows(): CalendarRecord[] {
    return this.rows();
  }

  addCalendarRow(row: NewCalendarRecord): CalendarRecord {
    noteLocalWrite(this.sqlite);
    return this.orm.insert(reportingCalendar).values(row).returning().get();
  }

  /** The settings of every period, as the calendar stands now. */
  calendar(): SettingsLookup {
    return this.lookup();
  }

  /** The cut-off, deadline and grace days that hold for `period`. */
  reporting(period: string): ReportingSettings {
    return this.calendar()(period);
  }

  /** The window of `period` on its own settings (it starts the day after the previous cut-off). */
  window(period: string): PeriodWindow {
    return periodWindowAt(period, this.calendar());
  }

  programmeStart(): string {
    return this.value(PROGRAMME_START_KEY) ?? DEFAULT_PROGRAMME_START;
  }

  setProgrammeStart(period: string): void {
    this.put(PROGRAMME_START_KEY, period);
  }

  openedThrough(): string | null {
    return this.value(OPENED_THROUGH_KEY) ?? null;
  }

  setOpenedThrough(period: string): void {
    this.put(OPENED_THROUGH_KEY, period);
  }

  /** The period whose reports are being collected today (its own cut-off decides): its map is "today's map". */
  currentPeriod(): string {
    // Asked by every request (the scope check, the figures' map): worked out again only when the
    // day or the calendar changed.
    const today = this.today();
    const calendar = this.calendar();
    const c = this.current;
    if (c !== null && c.today === today && c.calendar === calendar) return c.period;
    const period = openPeriodAt(today, calendar);
    this.current = { today, calendar, period };
    return period;
  }

  private current: { today: string; calendar: SettingsLookup; period: string } | null = null;

  /** The period the dashboards open on: the latest whose cut-off has passed. */
  defaultPeriod(): string {
    return latestClosedPeriodAt(this.today(), this.calendar());
  }

  /** From the programme's start to the month after the current one, each on its own settings. */
  periods(): PeriodInfo[] {
    // Every page load carries them (the session's catalogue): worked out again only when the day,
    // the calendar, the early opening or the programme's start changed.
    const at = this.calendar();
    const today = this.today();
    const opened = this.openedThrough();
    const start = this.programmeStart();
    const m = this.periodsMemo;
    // a copy of the list, of the same (frozen) periods: no caller can change the next one's
    if (m !== null && m.at === at && m.today === today && m.opened === opened && m.start === start) return [...m.value];
    const current = openPeriodAt(today, at);
    const last = opened !== null && opened > addMonths(current, 1) ? opened : addMonths(current, 1);
    const value = Object.freeze(
      periodRange(start, last).map((p) => {
        const w = periodWindowAt(p, at);
        return Object.freeze({ ...w, state: withEarlyOpening(p, periodState(w, today), opened), cutoffPassed: today > w.to });
      }),
    );
    this.periodsMemo = { at, today, opened, start, value };
    return [...value];
  }

  private periodsMemo: { at: SettingsLookup; today: string; opened: string | null; start: string; value: readonly PeriodInfo[] } | null =
    null;

  /**
   * A period's state today, counting an early opening by the secretariat: what decides whether
   * reports for it are accepted.
   */
  phase(period: string): PeriodState {
    return withEarlyOpening(period, periodState(this.window(period), this.today()), this.openedThrough());
  }
}

export function toCalendarRow(r: CalendarRecord): CalendarRow {
  return {
    id: r.id,
    validFrom: r.validFrom,
    cutoffDay: r.cutoffDay,
    deadlineDays: r.deadlineDays,
    graceDays: r.graceDays,
    oneOff: r.oneOff,
    correction: r.correction,
  };
}

/** Opened early by the secretariat: accepted before its first day. */
function withEarlyOpening(period: string, state: PeriodState, openedThrough: string | null): PeriodState {
  return state === 'upcoming' && openedThrough !== null && period <= openedThrough ? 'open' : state;
}
