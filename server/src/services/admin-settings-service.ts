/** The reporting calendar: cut-off, deadline and grace days, and opening a period early. */
import { addMonths, type PeriodInfo, periodOfDate, type ReportingSettingsBody, type ReportingSettingsReply } from '@tiendo/shared';
import type { Sqlite } from '../db/client.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import { requireTopAdmin } from './admin-scope.ts';
import { actorOf } from './admin-user-service.ts';
import type { AuditService } from './audit-service.ts';
import type { Principal } from './auth-service.ts';
import type { SettingsService } from './settings-service.ts';

/** How far ahead a period may be opened. */
const MAX_MONTHS_AHEAD = 12;

export class AdminSettingsService {
  constructor(
    private readonly sqlite: Sqlite,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
    private readonly today: () => string,
  ) {}

  reporting(): ReportingSettingsReply {
    const { cutoffDay, deadlineDays, graceDays } = this.settings.reporting();
    return { cutoffDay, deadlineDays, graceDays, openedThrough: this.settings.openedThrough() };
  }

  setReporting(p: Principal, body: ReportingSettingsBody, ip: string | null): ReportingSettingsReply {
    requireTopAdmin(p);
    const before = this.reporting();
    this.sqlite.transaction(() => {
      this.settings.setReporting({ cutoffDay: body.cutoffDay, deadlineDays: body.deadlineDays, graceDays: body.graceDays });
      this.audit.record({ actor: actorOf(p), action: 'settings.reporting', target: 'reporting', before, after: this.reporting(), ip });
    })();
    return this.reporting();
  }

  /**
   * Opens a period before its first day (the next upcoming one when none is named), e.g. when a
   * meeting is brought forward. Periods in between are opened with it.
   */
  openPeriod(p: Principal, period: string | undefined, ip: string | null): PeriodInfo[] {
    requireTopAdmin(p);
    const current = periodOfDate(this.today(), this.settings.reporting());
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
        action: 'settings.open_period',
        target,
        before: { openedThrough: before },
        after: { openedThrough: target },
        ip,
      });
    })();
    return this.settings.periods();
  }
}
