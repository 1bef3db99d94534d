/**
 * In-app notifications (the bell), and their copies by mail through the outbox. Who is told what:
 * a unit's reporters when its report is returned, when the deadline is near and nothing is sent,
 * when a meeting assigns it a task, and when someone above reminds it from the late list; an
 * approver when reports of the units below wait; a leader when the month's figures are complete.
 *
 * Every notification is written in the transaction of what causes it, and its mail with it, so
 * the two never disagree. The scheduled ones (deadline, waiting, complete) carry a `dedupe_key`
 * unique per user: several server processes, or a restart, may run the same tick and the user is
 * still told once; the mail is written only when the notification row is new.
 *
 * The app does not yet know a user's language: messages are in Vietnamese, the programme's own.
 */
import type { Notification, NotificationKind, NotificationsReply } from '@tiendo/shared';
import { and, count, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { ormOf, type Sqlite } from '../db/client.ts';
import { notifications, reports, users } from '../db/schema.ts';
import { NotFoundError } from '../errors.ts';
import type { Principal } from './auth-service.ts';
import { type CatalogService, isValidAt, parentAt, type UnitNode, unitAtView } from './catalog-service.ts';
import type { MailOutbox } from './mail-outbox.ts';
import { fullName, reportLink, SUBJECTS, viDate, viPeriod } from './notification-text.ts';
import type { ReportStateService } from './report-state-service.ts';
import type { SettingsService } from './settings-service.ts';

// The late list writes its reminders with the same words.
export { fullName, reportLink, viDate, viPeriod } from './notification-text.ts';

function pickReporters(all: readonly (Recipient & Pick<UserRow, 'role'>)[]): Recipient[] {
  const reporters = all.filter((u) => u.role === 'reporter');
  return (reporters.length > 0 ? reporters : all).map(({ id, email }) => ({ id, email }));
}

type UserRow = typeof users.$inferSelect;
type Recipient = Pick<UserRow, 'id' | 'email'>;

export interface NewNotification {
  kind: NotificationKind;
  message: string;
  link: string | null;
  /** Once per user for the same key; null: every call tells again. */
  dedupeKey: string | null;
}

/** A report changed state; called by the submission service inside the transition's transaction. */
export interface ReportTransition {
  unit: UnitNode;
  period: string;
  action: string;
  to: string;
  comment: string | null;
  actor: Pick<Principal, 'displayName'>;
}

/** Units whose deadline reminders are written in one transaction. */
const DEADLINE_CHUNK = 200;

export class NotificationService {
  private readonly s;

  constructor(
    private readonly sqlite: Sqlite,
    private readonly catalog: CatalogService,
    private readonly settings: SettingsService,
    private readonly reportStates: ReportStateService,
    private readonly outbox: MailOutbox,
    private readonly today: () => string,
  ) {
    const orm = ormOf(sqlite);
    const p = (name: string) => sql.placeholder(name);
    const n = notifications;
    // Those who enter a unit's report: its reporters, else (a commune without one) whoever may.
    const mayEnter = and(eq(users.active, true), inArray(users.role, ['reporter', 'approver', 'secretariat']));
    const reply = { id: n.id, kind: n.kind, message: n.message, link: n.link, createdAt: n.createdAt, readAt: n.readAt };
    this.s = {
      insert: orm
        .insert(n)
        .values({
          userId: p('userId'),
          kind: p('kind'),
          message: p('message'),
          link: p('link'),
          dedupeKey: p('dedupeKey'),
          createdAt: p('at'),
        })
        .onConflictDoNothing({ target: [n.userId, n.dedupeKey] })
        .prepare(),
      people: orm
        .select({ id: users.id, email: users.email, role: users.role })
        .from(users)
        .where(and(eq(users.unitId, p('unitId')), mayEnter))
        .prepare(),
      everyone: orm
        .select({ id: users.id, email: users.email, role: users.role, unitId: users.unitId })
        .from(users)
        .where(mayEnter)
        .prepare(),
      // The roles as one JSON parameter, so one prepared statement serves every set of roles.
      byRole: orm
        .select({ id: users.id, email: users.email, unitId: users.unitId })
        .from(users)
        .where(and(eq(users.active, true), sql`${users.role} IN (SELECT value FROM json_each(${p('roles')}))`))
        .prepare(),
      list: orm
        .select(reply)
        .from(n)
        .where(and(eq(n.userId, p('userId')), or(eq(p('unreadOnly'), 0), isNull(n.readAt))))
        .orderBy(desc(n.createdAt), desc(n.id))
        .limit(p('limit'))
        .prepare(),
      one: orm
        .select(reply)
        .from(n)
        .where(eq(n.id, p('id')))
        .prepare(),
      unread: orm
        .select({ n: count() })
        .from(n)
        .where(and(eq(n.userId, p('userId')), isNull(n.readAt)))
        .prepare(),
      read: orm
        .update(n)
        .set({ readAt: sql`COALESCE(${n.readAt}, ${p('at')})` })
        .where(and(eq(n.id, p('id')), eq(n.userId, p('userId'))))
        .prepare(),
      readAll: orm
        .update(n)
        .set({ readAt: sql`${p('at')}` })
        .where(and(eq(n.userId, p('userId')), isNull(n.readAt)))
        .prepare(),
      states: orm
        .select({ unitId: reports.unitId, state: reports.state })
        .from(reports)
        .where(eq(reports.period, p('period')))
        .prepare(),
      toldWith: orm
        .select({ userId: n.userId })
        .from(n)
        .where(eq(n.dedupeKey, p('dedupeKey')))
        .prepare(),
    };
  }

  // ——— writing ———

  /**
   * Tells each user once (per dedupe key) and queues the mail of those with an address. Call it
   * inside the transaction of what causes it. Returns how many were told now.
   */
  tell(users: readonly Recipient[], n: NewNotification): number {
    const now = new Date().toISOString();
    let told = 0;
    for (const u of users) {
      const row = { userId: u.id, kind: n.kind, message: n.message, link: n.link, dedupeKey: n.dedupeKey, at: now };
      if (this.s.insert.run(row).changes === 0) continue;
      told++;
      if (u.email) {
        this.outbox.enqueue({
          to: u.email,
          subject: `[Tiến độ 06] ${SUBJECTS[n.kind]}`,
          body: `${n.message}\n\n— Tiến độ 06 (thư tự động, xin đừng trả lời)`,
        });
      }
    }
    return told;
  }

  /** The accounts that fill in the unit's report: its reporters, or if it has none, its approvers and secretariat. */
  reportersOf(unitId: number): Recipient[] {
    return pickReporters(this.s.people.all({ unitId }));
  }

  /** The same for every unit at once, for the tick's sweep over thousands of units. */
  private reportersByUnit(): Map<number, Recipient[]> {
    const byUnit = new Map<number, (Recipient & Pick<UserRow, 'role'>)[]>();
    for (const u of this.s.everyone.all()) {
      const list = byUnit.get(u.unitId) ?? [];
      list.push(u);
      byUnit.set(u.unitId, list);
    }
    return new Map([...byUnit].map(([unit, list]) => [unit, pickReporters(list)]));
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

  // ——— the scheduler's tick ———

  /**
   * What the clock causes: deadline reminders, the approvers' daily digest, the leaders' "month
   * complete". Safe to run as often and in as many processes as one likes (dedupe keys).
   */
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
    const sent = new Map(this.s.states.all({ period }).map((r) => [r.unitId, r.state]));
    const reporters = this.reportersByUnit();
    const when = daysLeft === 0 ? 'hôm nay là hạn cuối' : `còn ${daysLeft} ngày đến hạn (${viDate(w.deadline)})`;
    const dedupeKey = `deadline:${period}:${step}`;
    // Who was already told at this step: every tick after the first reads and writes nothing more.
    const already = new Set(this.s.toldWith.all({ dedupeKey }).map((r) => r.userId));
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
    for (const r of this.s.states.all({ period })) {
      if (r.state !== 'submitted') continue;
      const u = cat.units.get(r.unitId);
      const parent = u ? parentAt(cat, u, period) : null;
      if (parent) waiting.set(parent.id, (waiting.get(parent.id) ?? 0) + 1);
    }
    let told = 0;
    for (const a of this.s.byRole.all({ roles: JSON.stringify(['approver', 'secretariat']) })) {
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

  private completeNotices(period: string): number {
    const cat = this.catalog.get();
    let told = 0;
    for (const l of this.s.byRole.all({ roles: JSON.stringify(['leader']) })) {
      const unit = cat.units.get(l.unitId);
      if (!unit || !isValidAt(unit, period)) continue;
      const c = this.reportStates.completeness(unit, period, 0);
      if (c.expected === 0 || c.reported < c.expected) continue;
      told += this.tell([l], {
        kind: 'period_complete',
        message: `Đã đủ số liệu ${viPeriod(period)}: ${c.reported}/${c.expected} đơn vị thuộc ${fullName(c.unit)} đã gửi báo cáo`,
        link: `/?unit=${encodeURIComponent(c.unit.code)}&period=${period}`,
        dedupeKey: `complete:${period}`,
      });
    }
    return told;
  }

  // ——— reading ———

  list(p: Principal, unreadOnly: boolean, limit: number): NotificationsReply {
    return {
      items: this.s.list.all({ userId: p.id, unreadOnly: unreadOnly ? 1 : 0, limit }) as Notification[],
      unread: this.unread(p.id),
    };
  }

  /** Marks one of the caller's own; another user's id is answered as a missing one. */
  markRead(p: Principal, id: number): Notification {
    const r = this.s.read.run({ at: new Date().toISOString(), id, userId: p.id });
    if (r.changes === 0) throw new NotFoundError(`Không có thông báo #${id} / no notification #${id}`);
    return this.s.one.get({ id }) as Notification;
  }

  markAllRead(p: Principal): { marked: number; unread: number } {
    const marked = this.s.readAll.run({ at: new Date().toISOString(), userId: p.id }).changes;
    return { marked, unread: this.unread(p.id) };
  }

  private unread(userId: number): number {
    return this.s.unread.get({ userId })?.n ?? 0;
  }
}
