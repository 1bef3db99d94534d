/**
 * The reporting calendar: cut-off, deadline and grace days, effective-dated. A change holds from
 * a period on (the open one by default) and never reaches back; a one-off changes one period
 * only; a past period changes only by an explicit, audited correction with a reason. Opening a
 * period early is its own setting, with its history read from the audit log.
 */
import {
  addMonths,
  type CalendarEntry,
  calendarSpans,
  formatPeriodText,
  type PeriodInfo,
  type PeriodOpening,
  type ReportingSettings,
  type ReportingSettingsBody,
  type ReportingSettingsReply,
} from '@tiendo/shared';
import { desc, eq } from 'drizzle-orm';
import { ormOf, type Sqlite } from '../db/client.ts';
import { auditLog } from '../db/schema.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import { requireTopAdmin } from './admin-scope.ts';
import { actorOf } from './admin-user-service.ts';
import type { AuditService } from './audit-service.ts';
import type { Principal } from './auth-service.ts';
import { type CalendarRecord, type NewCalendarRecord, type SettingsService, toCalendarRow } from './settings-service.ts';

/** How far ahead a period may be opened, or a change scheduled. */
const MAX_MONTHS_AHEAD = 12;
const OPEN_PERIOD_ACTION = 'settings.open_period';

export class AdminSettingsService {
  private readonly orm;

  constructor(
    private readonly sqlite: Sqlite,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
  ) {
    this.orm = ormOf(sqlite);
  }

  reporting(): ReportingSettingsReply {
    const period = this.settings.currentPeriod();
    const { cutoffDay, deadlineDays, graceDays } = this.settings.reporting(period);
    return {
      cutoffDay,
      deadlineDays,
      graceDays,
      period,
      openedThrough: this.settings.openedThrough(),
      history: this.history(),
      openings: this.openings(),
    };
  }

  /** Every calendar row, newest decision first, with the span it covers. */
  private history(): CalendarEntry[] {
    const rows = this.settings.calendarRows();
    return calendarSpans(rows.map((r) => ({ ...toCalendarRow(r), record: r })))
      .map(({ row, to, replacedBy }) => toEntry(row.record, to, replacedBy))
      .reverse();
  }

  private openings(): PeriodOpening[] {
    const rows = this.orm
      .select({ at: auditLog.at, by: auditLog.actor, period: auditLog.target, before: auditLog.before })
      .from(auditLog)
      .where(eq(auditLog.action, OPEN_PERIOD_ACTION))
      .orderBy(desc(auditLog.id))
      .all();
    return rows.map((r) => ({
      period: r.period ?? '',
      before: r.before ? ((JSON.parse(r.before) as { openedThrough?: string | null }).openedThrough ?? null) : null,
      by: r.by,
      at: r.at,
    }));
  }

  setReporting(p: Principal, body: ReportingSettingsBody, ip: string | null): ReportingSettingsReply {
    requireTopAdmin(p);
    const open = this.settings.currentPeriod();
    const row = this.planRow(p, body, open);
    const before = this.settings.reporting(row.validFrom as string);
    this.sqlite.transaction(() => {
      const written = this.settings.addCalendarRow(row);
      this.audit.record({
        actor: actorOf(p),
        action: 'settings.reporting',
        target: 'reporting',
        before: { period: written.validFrom, ...before },
        after: toEntry(written, written.validTo, null),
        ip,
      });
    })();
    return this.reporting();
  }

  /** The row a change writes, or why it is refused. */
  private planRow(p: Principal, body: ReportingSettingsBody, open: string): NewCalendarRecord {
    const values = { cutoffDay: body.cutoffDay, deadlineDays: body.deadlineDays, graceDays: body.graceDays };
    const base = { ...values, createdAt: new Date().toISOString(), createdBy: p.username, reason: body.reason ?? null };
    const start = this.settings.programmeStart();
    const last = addMonths(open, MAX_MONTHS_AHEAD);
    if (body.oneOff) {
      const period = body.period as string;
      if (period < open) {
        throw new ValidationError(
          `Kỳ ${period} đã qua: thay đổi riêng chỉ cho kỳ đang mở (${open}) trở đi; sửa kỳ đã qua bằng đính chính kèm lý do / ` +
            `${period} is past: a one-off change is for the open period (${open}) or a later one; correct a past period with a correction and a reason`,
        );
      }
      this.notBeyond(period, last);
      // A one-off touches no other period: its cut-off would move the start of the next one.
      if (body.cutoffDay !== this.settings.reporting(period).cutoffDay) {
        throw new ValidationError(
          'Thay đổi riêng một kỳ giữ nguyên ngày chốt (ngày chốt quyết định cả ngày bắt đầu kỳ sau); đổi ngày chốt từ một kỳ trở đi / ' +
            'a one-off change keeps the cut-off day (it also decides when the next period starts); change the cut-off from a period on',
        );
      }
      return { ...base, validFrom: period, validTo: period, oneOff: true, correction: false };
    }
    const from = body.from ?? open;
    if (body.correction) {
      if (from >= open) {
        throw new ValidationError(
          `Đính chính chỉ dành cho kỳ đã qua (trước ${formatPeriodText(open, 'vi')}); ${formatPeriodText(from, 'vi')} thay đổi bình thường / ` +
            `a correction is for a past period (before ${formatPeriodText(open, 'en')}); change ${formatPeriodText(from, 'en')} as usual`,
        );
      }
      if (from < start)
        throw new ValidationError(
          `${formatPeriodText(from, 'vi')} là trước khi bắt đầu đề án (${formatPeriodText(start, 'vi')}) / ${formatPeriodText(from, 'en')} is before the programme began (${formatPeriodText(start, 'en')})`,
        );
      return { ...base, validFrom: from, validTo: from, oneOff: false, correction: true };
    }
    if (from < open) {
      throw new ValidationError(
        `Thay đổi chỉ áp dụng từ kỳ đang mở (${formatPeriodText(open, 'vi')}) trở đi, không áp dụng ngược cho ${formatPeriodText(from, 'vi')}; muốn sửa một kỳ đã qua, hãy gửi đính chính kèm lý do / ` +
          `a change applies from the open period (${formatPeriodText(open, 'en')}) on, never back to ${formatPeriodText(from, 'en')}; to correct a past period, send a correction with a reason`,
      );
    }
    this.notBeyond(from, last);
    return { ...base, validFrom: from, validTo: null, oneOff: false, correction: false };
  }

  private notBeyond(period: string, last: string): void {
    if (period > last) {
      throw new ValidationError(
        `Chỉ định trước tối đa ${MAX_MONTHS_AHEAD} tháng (đến ${formatPeriodText(last, 'vi')}) / at most ${MAX_MONTHS_AHEAD} months ahead (up to ${formatPeriodText(last, 'en')})`,
      );
    }
  }

  /**
   * Opens a period before its first day (the next upcoming one when none is named), e.g. when a
   * meeting is brought forward. Periods in between are opened with it.
   */
  openPeriod(p: Principal, period: string | undefined, ip: string | null): PeriodInfo[] {
    requireTopAdmin(p);
    const current = this.settings.currentPeriod();
    const opened = this.settings.openedThrough();
    const target = period ?? addMonths(opened !== null && opened > current ? opened : current, 1);
    if (target <= current || this.settings.periods().some((x) => x.period === target && x.state !== 'upcoming')) {
      throw new ConflictError(`Kỳ ${target} đã mở / period ${target} is already open`);
    }
    if (target > addMonths(current, MAX_MONTHS_AHEAD)) {
      throw new ValidationError(`Chỉ mở trước tối đa ${MAX_MONTHS_AHEAD} tháng / at most ${MAX_MONTHS_AHEAD} months ahead`);
    }
    const before = opened;
    this.sqlite.transaction(() => {
      this.settings.setOpenedThrough(target);
      this.audit.record({
        actor: actorOf(p),
        action: OPEN_PERIOD_ACTION,
        target,
        before: { openedThrough: before },
        after: { openedThrough: target },
        ip,
      });
    })();
    return this.settings.periods();
  }
}

function toEntry(r: CalendarRecord, to: string | null, replacedBy: number | null): CalendarEntry {
  const values: ReportingSettings = { cutoffDay: r.cutoffDay, deadlineDays: r.deadlineDays, graceDays: r.graceDays };
  return {
    id: r.id,
    from: r.validFrom,
    to,
    ...values,
    oneOff: r.oneOff,
    correction: r.correction,
    reason: r.reason,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    replacedBy,
  };
}
