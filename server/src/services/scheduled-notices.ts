/**
 * What the clock causes: deadline reminders to units that have not sent, the approvers' daily
 * digest of reports waiting, the leaders' "month complete". Each carries a dedupe key, so the
 * tick may run as often and in as many server processes as one likes: a person is told once.
 */
import { eq, sql } from 'drizzle-orm';
import { ormOf, type Sqlite } from '../db/client.ts';
import { reports } from '../db/schema.ts';
import { type CatalogService, isValidAt, parentAt, unitAtView } from './catalog-service.ts';
import type { NewNotification, NotificationBell } from './notification-bell.ts';
import type { NotificationRecipients, Recipient } from './notification-recipients.ts';
import { fullName, reportLink, viDate, viPeriod } from './notification-text.ts';
import type { ReportStateService } from './report-state-service.ts';
import type { SettingsService } from './settings-service.ts';

/** Units whose deadline reminders are written in one transaction. */
const DEADLINE_CHUNK = 200;

/** Tells the people (once per dedupe key) and queues their mail; returns how many were told now. */
export type Tell = (people: readonly Recipient[], n: NewNotification) => number;

export class ScheduledNotices {
  private readonly states;

  constructor(
    private readonly sqlite: Sqlite,
    private readonly catalog: CatalogService,
    private readonly settings: SettingsService,
    private readonly reportStates: ReportStateService,
    private readonly bell: NotificationBell,
    private readonly recipients: NotificationRecipients,
    private readonly tell: Tell,
    private readonly today: () => string,
  ) {
    this.states = ormOf(sqlite)
      .select({ unitId: reports.unitId, state: reports.state })
      .from(reports)
      .where(eq(reports.period, sql.placeholder('period')))
      .prepare();
  }

  tick(): { deadline: number; waiting: number; complete: number } {
    const today = this.today();
    const open = this.settings.currentPeriod();
    const periods = [...new Set([open, this.settings.defaultPeriod()])];
    // Each part in its own IMMEDIATE transaction: it reads, then writes, and another process
    // writing in between must wait rather than fail; short ones keep report writes waiting little.
    const run = (part: (p: string) => number) => periods.reduce((n, p) => n + this.sqlite.transaction(() => part(p)).immediate(), 0);
    return {
      // The deadline falls after the cut-off: last month's is still ahead while this month is open.
      // Thousands of units: read outside any write, then written in short chunks (see below).
      deadline: periods.reduce((n, p) => n + this.deadlineReminders(p, today), 0),
      waiting: run((p) => this.waitingDigest(p, today)),
      complete: run((p) => this.completeNotices(p)),
    };
  }

  private deadlineReminders(period: string, today: string): number {
    const w = this.settings.window(period);
    const daysLeft = Math.round((Date.parse(w.deadline) - Date.parse(today)) / 86_400_000);
    // A tick missed on the day itself still reminds on the next one, never twice for one step.
    const step = daysLeft < 0 || daysLeft > 3 ? null : daysLeft > 1 ? 3 : 1;
    if (step === null) return 0;
    const levels = this.reportStates.reportingLevels(period);
    const sent = new Map(this.states.all({ period }).map((r) => [r.unitId, r.state]));
    const reporters = this.recipients.reportersByUnit();
    const when = daysLeft === 0 ? 'hôm nay là hạn cuối' : `còn ${daysLeft} ngày đến hạn (${viDate(w.deadline)})`;
    const dedupeKey = `deadline:${period}:${step}`;
    // Who was already told at this step: every tick after the first reads and writes nothing more.
    const already = this.bell.toldWith(dedupeKey);
    const due: { people: Recipient[]; n: NewNotification }[] = [];
    for (const u of this.catalog.get().units.values()) {
      if (!levels.has(u.level) || !isValidAt(u, period)) continue;
      const state = sent.get(u.id);
      const people = reporters.get(u.id)?.filter((r) => !already.has(r.id));
      if (state === 'submitted' || state === 'approved' || !people?.length) continue;
      const view = unitAtView(u, period);
      due.push({
        people,
        n: {
          kind: 'deadline_near',
          message: `Báo cáo ${viPeriod(period)} của ${fullName(view)} chưa được gửi: ${when}`,
          link: reportLink(view.code, period),
          dedupeKey,
        },
      });
    }
    // Short write transactions, so a team's submission waits for one chunk at most, never for the
    // whole sweep; the dedupe key keeps a chunk written twice (two processes) from telling twice.
    let told = 0;
    for (let i = 0; i < due.length; i += DEADLINE_CHUNK) {
      const chunk = due.slice(i, i + DEADLINE_CHUNK);
      told += this.sqlite.transaction(() => chunk.reduce((n, d) => n + this.tell(d.people, d.n), 0)).immediate();
    }
    return told;
  }

  /** Approvers whose units below have submitted reports waiting: one digest a day and period. */
  private waitingDigest(period: string, today: string): number {
    const cat = this.catalog.get();
    const waiting = new Map<number, number>();
    for (const r of this.states.all({ period })) {
      if (r.state !== 'submitted') continue;
      const u = cat.units.get(r.unitId);
      const parent = u ? parentAt(cat, u, period) : null;
      if (parent) waiting.set(parent.id, (waiting.get(parent.id) ?? 0) + 1);
    }
    let told = 0;
    for (const a of this.recipients.withRoles(['approver', 'secretariat'])) {
      const n = waiting.get(a.unitId);
      const unit = cat.units.get(a.unitId);
      if (!n || !unit || !isValidAt(unit, period)) continue;
      const view = unitAtView(unit, period);
      told += this.tell([a], {
        kind: 'reports_waiting',
        message: `${n} báo cáo ${viPeriod(period)} của các đơn vị thuộc ${fullName(view)} đang chờ bạn duyệt`,
        link: reportLink(view.code, period),
        dedupeKey: `waiting:${period}:${today}`,
      });
    }
    return told;
  }

  /**
   * Leaders whose unit's month is complete. Worked out once per unit, and only for leaders not yet
   * told: a committee has many leaders of one unit (a city's, dozens), and the completeness of a
   * city costs tens of milliseconds, which once per leader held every request for seconds.
   */
  private completeNotices(period: string): number {
    const cat = this.catalog.get();
    const dedupeKey = `complete:${period}`;
    const already = this.bell.toldWith(dedupeKey);
    const byUnit = new Map<number, Recipient[]>();
    for (const l of this.recipients.withRoles(['leader'])) {
      if (already.has(l.id)) continue;
      const people = byUnit.get(l.unitId);
      if (people) people.push(l);
      else byUnit.set(l.unitId, [l]);
    }
    let told = 0;
    for (const [unitId, people] of byUnit) {
      const unit = cat.units.get(unitId);
      if (!unit || !isValidAt(unit, period)) continue;
      const c = this.reportStates.completeness(unit, period, 0);
      if (c.expected === 0 || c.reported < c.expected) continue;
      told += this.tell(people, {
        kind: 'period_complete',
        message: `Đã đủ số liệu ${viPeriod(period)}: ${c.reported}/${c.expected} đơn vị thuộc ${fullName(c.unit)} đã gửi báo cáo`,
        link: `/?unit=${encodeURIComponent(c.unit.code)}&period=${period}`,
        dedupeKey,
      });
    }
    return told;
  }
}
