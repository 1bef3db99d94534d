/**
 * The units that have not sent this period's report: every reporting unit below, whose report is
 * not submitted or approved, with who to contact at each; and the one-click reminder to them.
 */
import { type LateReply, REMIND_INTERVAL_MS, type RemindLateReply } from '@tiendo/shared';
import { and, asc, desc, eq, inArray, max, sql } from 'drizzle-orm';
import { ormOf, type Sqlite } from '../db/client.ts';
import { auditLog, reports, users } from '../db/schema.ts';
import { ValidationError } from '../errors.ts';
import type { AuditService } from './audit-service.ts';
import type { Principal } from './auth-service.ts';
import { type CatalogService, childrenAt, type UnitNode, unitAtView } from './catalog-service.ts';
import type { NotificationService } from './notification-service.ts';
import { fullName, reportLink, viDate, viPeriod } from './notification-text.ts';
import type { ReportStateService } from './report-state-service.ts';
import type { SettingsService } from './settings-service.ts';

interface LateUnits {
  unit: UnitNode;
  late: UnitNode[];
  states: Map<number, string>;
  parentName: Map<number, string>;
  deadline: string;
  daysLate: number;
}

export class LateService {
  private readonly s;

  constructor(
    private readonly sqlite: Sqlite,
    private readonly catalog: CatalogService,
    private readonly reportStates: ReportStateService,
    private readonly settings: SettingsService,
    private readonly today: () => string,
    private readonly notifications: NotificationService,
    private readonly audit: AuditService,
  ) {
    const orm = ormOf(sqlite);
    const ph = sql.placeholder;
    this.s = {
      states: orm
        .select({ id: reports.unitId, state: reports.state })
        .from(reports)
        .where(eq(reports.period, ph('period')))
        .prepare(),
      contacts: orm
        .select({ username: users.username, displayName: users.displayName, role: users.role, phone: users.phone })
        .from(users)
        .where(and(eq(users.unitId, ph('unitId')), eq(users.active, true), inArray(users.role, ['reporter', 'approver', 'secretariat'])))
        .orderBy(desc(users.role), asc(users.username))
        .prepare(),
      // Through the audit log's unit index: a unit has few entries, the log has very many.
      lastReminded: orm
        .select({ at: max(auditLog.at) })
        .from(auditLog)
        .where(and(eq(auditLog.unitId, ph('unitId')), eq(auditLog.action, 'late.remind'), eq(auditLog.target, ph('target'))))
        .prepare(),
    };
  }

  private lateUnits(code: string, period: string): LateUnits {
    const unit = this.catalog.unitAt(code, period);
    const cat = this.catalog.get();
    const levels = this.reportStates.reportingLevels(period);
    const w = this.settings.window(period);
    const states = new Map<number, string>(this.s.states.all({ period }).map((r) => [r.id, r.state]));
    const late: UnitNode[] = [];
    const parentName = new Map<number, string>();
    const walk = (u: UnitNode) => {
      for (const c of childrenAt(cat, u, period)) {
        parentName.set(c.id, unitAtView(u, period).name);
        const s = states.get(c.id);
        if (levels.has(c.level) && s !== 'submitted' && s !== 'approved') late.push(c);
        walk(c);
      }
    };
    walk(unit);
    const daysLate = Math.max(0, Math.round((Date.parse(this.today()) - Date.parse(w.deadline)) / 86_400_000));
    return { unit, late, states, parentName, deadline: w.deadline, daysLate };
  }

  private remindedAt(u: UnitNode, period: string): string | null {
    return this.s.lastReminded.get({ unitId: u.id, target: `${unitAtView(u, period).code}/${period}` })?.at ?? null;
  }

  late(code: string, period: string): LateReply {
    const { unit, late, states, parentName, deadline, daysLate } = this.lateUnits(code, period);
    const byLevel = new Map<number, number>();
    for (const u of late) byLevel.set(u.level, (byLevel.get(u.level) ?? 0) + 1);
    return {
      unit: unitAtView(unit, period),
      period,
      deadline,
      total: late.length,
      byLevel: [...byLevel.entries()].sort(([a], [b]) => a - b).map(([level, count]) => ({ level, count })),
      units: late.slice(0, 1000).map((u) => ({
        ...unitAtView(u, period),
        parentName: parentName.get(u.id) ?? null,
        state: (states.get(u.id) ?? 'not_started') as 'not_started' | 'draft' | 'returned',
        daysLate,
        contacts: this.s.contacts.all({ unitId: u.id }),
        remindedAt: this.remindedAt(u, period),
      })),
    };
  }

  /**
   * Reminds the reporters of the late units below `code` (all of them, or those named), in the app
   * and by mail; each unit at most once an hour, each reminder audited. The caller's scope over
   * `code` is checked by the route, as for the late list itself.
   */
  remind(p: Principal, code: string, period: string, only: readonly string[] | undefined, ip: string | null): RemindLateReply {
    if (only?.length === 0) return { reminded: [], skipped: [] };
    const { late, deadline, daysLate } = this.lateUnits(code, period);
    let chosen = late;
    if (only) {
      const wanted = new Set(only);
      chosen = late.filter((u) => wanted.has(unitAtView(u, period).code));
      const found = new Set(chosen.map((u) => unitAtView(u, period).code));
      const strays = only.filter((c) => !found.has(c));
      if (strays.length > 0) {
        throw new ValidationError(
          `Không có trong danh sách chậm báo cáo ${viPeriod(period)}: ${strays.join(', ')} / not on the late list of ${period}: ${strays.join(', ')}`,
          { units: strays },
        );
      }
    }
    const reply: RemindLateReply = { reminded: [], skipped: [] };
    const lateness = daysLate > 0 ? `, đã trễ ${daysLate} ngày` : '';
    // IMMEDIATE: two clicks at once (two processes) see each other's reminder, never both send.
    this.sqlite
      .transaction(() => {
        const now = Date.now();
        for (const u of chosen) {
          const view = unitAtView(u, period);
          const last = this.remindedAt(u, period);
          if (last !== null && now - Date.parse(last) < REMIND_INTERVAL_MS) {
            const nextAt = new Date(Date.parse(last) + REMIND_INTERVAL_MS).toISOString();
            reply.skipped.push({ code: view.code, name: view.name, remindedAt: last, nextAt });
            continue;
          }
          const recipients = this.notifications.reportersOf(u.id);
          this.notifications.tell(recipients, {
            kind: 'late_reminder',
            message: `Nhắc nhở từ ${p.displayName} – ${fullName(unitAtView(p.unit, period))}: báo cáo ${viPeriod(period)} của ${fullName(view)} chưa được gửi (hạn ${viDate(deadline)}${lateness})`,
            link: reportLink(view.code, period),
            dedupeKey: null,
          });
          if (recipients.length > 0) {
            this.audit.record({
              actor: p,
              action: 'late.remind',
              unitId: u.id,
              target: `${view.code}/${period}`,
              after: { recipients: recipients.length, from: code },
              ip,
            });
          }
          reply.reminded.push({ code: view.code, name: view.name, recipients: recipients.length });
        }
      })
      .immediate();
    return reply;
  }
}
