/**
 * In-app notifications (the bell), and their copies by mail through the outbox. Who is told what:
 * a unit's reporters when its report is returned, when the deadline is near and nothing is sent,
 * when a meeting assigns it a task, and when someone above reminds it from the late list; an
 * approver when reports of the units below wait; a leader when the month's figures are complete.
 * The parts: the bell's rows (notification-bell.ts), who receives a unit's notices
 * (notification-recipients.ts), the mail copy (notification-mail.ts), the clock's notices
 * (scheduled-notices.ts) and their words (notification-text.ts).
 *
 * Every notification is written in the transaction of what causes it, and its mail with it, so
 * the two never disagree. The scheduled ones (deadline, waiting, complete) carry a `dedupe_key`
 * unique per user: several server processes, or a restart, may run the same tick and the user is
 * still told once; the mail is written only when the notification row is new.
 *
 * The app does not yet know a user's language: messages are in Vietnamese, the programme's own.
 */
import type { Notification, NotificationsReply } from '@tiendo/shared';
import type { Sqlite } from '../db/client.ts';
import type { CatalogService, UnitNode } from './catalog-service.ts';
import { unitAtView } from './catalog-service.ts';
import type { MailOutbox } from './mail-outbox.ts';
import { type NewNotification, NotificationBell } from './notification-bell.ts';
import { queueMailCopy } from './notification-mail.ts';
import { NotificationRecipients, type Recipient } from './notification-recipients.ts';
import { fullName, reportLink, viDate, viPeriod } from './notification-text.ts';
import type { Principal } from './principal.ts';
import type { ReportStateService } from './report-state-service.ts';
import { ScheduledNotices } from './scheduled-notices.ts';
import type { SettingsService } from './settings-service.ts';

/** A report changed state; called by the submission service inside the transition's transaction. */
export interface ReportTransition {
  unit: UnitNode;
  period: string;
  action: string;
  to: string;
  comment: string | null;
  actor: Pick<Principal, 'displayName'>;
}

export class NotificationService {
  private readonly bell: NotificationBell;
  private readonly recipients: NotificationRecipients;
  private readonly scheduled: ScheduledNotices;

  constructor(
    sqlite: Sqlite,
    catalog: CatalogService,
    settings: SettingsService,
    reportStates: ReportStateService,
    private readonly outbox: MailOutbox,
    today: () => string,
  ) {
    this.bell = new NotificationBell(sqlite);
    this.recipients = new NotificationRecipients(sqlite);
    this.scheduled = new ScheduledNotices(
      sqlite,
      catalog,
      settings,
      reportStates,
      this.bell,
      this.recipients,
      (people, n) => this.tell(people, n),
      today,
    );
  }

  // ——— writing ———

  /**
   * Tells each user once (per dedupe key) and queues the mail of those with an address. Call it
   * inside the transaction of what causes it. Returns how many were told now.
   */
  tell(people: readonly Recipient[], n: NewNotification): number {
    const now = new Date().toISOString();
    let told = 0;
    for (const u of people) {
      if (!this.bell.ring(u.id, n, now)) continue;
      told++;
      if (u.email) queueMailCopy(this.outbox, u.email, n);
    }
    return told;
  }

  /** The accounts that fill in the unit's report: its reporters, or if it has none, its approvers and secretariat. */
  reportersOf(unitId: number): Recipient[] {
    return this.recipients.reportersOf(unitId);
  }

  reportTransition(e: ReportTransition): void {
    if (e.to !== 'returned') return;
    const view = unitAtView(e.unit, e.period);
    const why = e.comment ? `: “${e.comment}”` : '';
    const message =
      e.action === 'reopen'
        ? `Báo cáo ${viPeriod(e.period)} của ${fullName(view)} được ${e.actor.displayName} mở lại để sửa${why}`
        : `Báo cáo ${viPeriod(e.period)} của ${fullName(view)} bị ${e.actor.displayName} trả lại${why}`;
    this.tell(this.reportersOf(e.unit.id), {
      kind: 'report_returned',
      message,
      link: reportLink(view.code, e.period),
      dedupeKey: null,
    });
  }

  /** A meeting of `period` assigned tasks; called by the task service inside its transaction. */
  tasksAssigned(period: string, number: string, tasks: readonly { content: string; deadline: string | null; units: UnitNode[] }[]): void {
    for (const t of tasks) {
      for (const u of t.units) {
        const view = unitAtView(u, period);
        const due = t.deadline ? `, hạn ${viDate(t.deadline)}` : '';
        this.tell(this.reportersOf(u.id), {
          kind: 'task_assigned',
          message: `${fullName(view)} được giao nhiệm vụ (kết luận số ${number}${due}): ${t.content}`,
          link: `/conclusions?unit=${encodeURIComponent(view.code)}&period=${period}`,
          dedupeKey: null,
        });
      }
    }
  }

  /**
   * What the clock causes (scheduled-notices.ts): deadline reminders, the approvers' daily digest,
   * the leaders' "month complete". Safe to run as often and in as many processes as one likes.
   */
  tick(): { deadline: number; waiting: number; complete: number } {
    return this.scheduled.tick();
  }

  // ——— reading: the owner's bell ———

  list(p: Principal, unreadOnly: boolean, limit: number): NotificationsReply {
    return this.bell.list(p, unreadOnly, limit);
  }

  markRead(p: Principal, id: number): Notification {
    return this.bell.markRead(p, id);
  }

  markAllRead(p: Principal): { marked: number; unread: number } {
    return this.bell.markAllRead(p);
  }
}
