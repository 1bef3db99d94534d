/**
 * The reporting calendar form: which kind of change (from a period on, a one-off for one period,
 * a correction of a past period), the periods each may name, the values in force there, the
 * checks in words (from the shared schema) and the body it sends.
 */
import {
  addMonths,
  type CalendarEntry,
  calendarLookup,
  calendarReasonSchema,
  periodRange,
  type ReportingSettings,
  type ReportingSettingsBody,
  reportingValuesSchema,
} from '@tiendo/shared';

export type CalendarMode = 'from' | 'oneOff' | 'correction';
export const CALENDAR_MODES: CalendarMode[] = ['from', 'oneOff', 'correction'];

/** How far ahead the form offers a period (the server accepts up to 12 months). */
export const MONTHS_AHEAD = 12;

export interface CalendarDraft {
  mode: CalendarMode;
  /** The first period of a change, the one period of a one-off, or the period corrected. */
  period: string;
  cutoffDay: string;
  deadlineDays: string;
  graceDays: string;
  reason: string;
}

export type CalendarProblems = Partial<Record<'cutoffDay' | 'deadlineDays' | 'graceDays' | 'reason' | 'period', string>>;

/** The periods a kind of change may name: the open one and later, or (a correction) earlier ones, latest first. */
export function periodChoices(mode: CalendarMode, open: string, programmeStart: string): string[] {
  if (mode === 'correction') return periodRange(programmeStart, addMonths(open, -1)).reverse();
  return periodRange(open, addMonths(open, MONTHS_AHEAD));
}

/** The settings that hold for `period` by the calendar's history (the server's rule, from shared). */
export function settingsAt(history: CalendarEntry[], period: string): ReportingSettings {
  return calendarLookup(history.map((h) => ({ ...h, validFrom: h.from })))(period);
}

/** A fresh draft of a kind of change for a period, with the values in force there. */
export function draftFor(mode: CalendarMode, period: string, history: CalendarEntry[], reason = ''): CalendarDraft {
  const s = settingsAt(history, period);
  return {
    mode,
    period,
    cutoffDay: String(s.cutoffDay),
    deadlineDays: String(s.deadlineDays),
    graceDays: String(s.graceDays),
    reason,
  };
}

const num = (s: string) => (/^-?\d+$/.test(s.trim()) ? Number(s) : Number.NaN);

export function calendarProblems(d: CalendarDraft, history: CalendarEntry[] = []): CalendarProblems {
  const out: CalendarProblems = {};
  const shape = reportingValuesSchema.shape;
  if (!shape.cutoffDay.safeParse(num(d.cutoffDay)).success) out.cutoffDay = 'admin.calendar.cutoffRule';
  // A one-off keeps the cut-off: it decides when the next period starts too.
  else if (d.mode === 'oneOff' && num(d.cutoffDay) !== settingsAt(history, d.period).cutoffDay)
    out.cutoffDay = 'admin.calendar.oneOffCutoff';
  if (!shape.deadlineDays.safeParse(num(d.deadlineDays)).success) out.deadlineDays = 'admin.calendar.daysRule';
  if (!shape.graceDays.safeParse(num(d.graceDays)).success) out.graceDays = 'admin.calendar.daysRule';
  const reasonNeeded = d.mode !== 'from' || d.reason.trim() !== '';
  if (reasonNeeded && !calendarReasonSchema.safeParse(d.reason).success) out.reason = 'admin.calendar.reasonRule';
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(d.period)) out.period = 'admin.calendar.periodRule';
  return out;
}

/** What `PUT /api/settings/reporting` is sent for a draft without problems. */
export function calendarBody(d: CalendarDraft): ReportingSettingsBody {
  const values = { cutoffDay: num(d.cutoffDay), deadlineDays: num(d.deadlineDays), graceDays: num(d.graceDays) };
  const reason = d.reason.trim();
  if (d.mode === 'oneOff') return { ...values, oneOff: true, period: d.period, reason };
  if (d.mode === 'correction') return { ...values, correction: true, from: d.period, reason };
  return { ...values, from: d.period, ...(reason ? { reason } : {}) };
}
