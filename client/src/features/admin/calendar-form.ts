/** The reporting settings form's checks, in words, from the shared schema. */
import { reportingSettingsBodySchema } from '@tiendo/shared';

export interface CalendarDraft {
  cutoffDay: string;
  deadlineDays: string;
  graceDays: string;
}

export function calendarProblems(d: CalendarDraft): Partial<Record<keyof CalendarDraft, string>> {
  const out: Partial<Record<keyof CalendarDraft, string>> = {};
  const shape = reportingSettingsBodySchema.shape;
  const num = (s: string) => (/^-?\d+$/.test(s.trim()) ? Number(s) : Number.NaN);
  if (!shape.cutoffDay.safeParse(num(d.cutoffDay)).success) out.cutoffDay = 'admin.calendar.cutoffRule';
  if (!shape.deadlineDays.safeParse(num(d.deadlineDays)).success) out.deadlineDays = 'admin.calendar.daysRule';
  if (!shape.graceDays.safeParse(num(d.graceDays)).success) out.graceDays = 'admin.calendar.daysRule';
  return out;
}
