/**
 * The bell's storage: one row per person and notice, read and marked read by its owner. A notice
 * with a dedupe key exists once per person (a unique index): writing it again, from a second
 * server process or a repeated tick, changes nothing and says so.
 */
import type { Notification, NotificationKind, NotificationsReply } from '@tiendo/shared';
import { and, count, desc, eq, isNull, or, sql } from 'drizzle-orm';
import { ormOf, type Sqlite } from '../db/client.ts';
import { notifications } from '../db/schema.ts';
import { NotFoundError } from '../errors.ts';
import type { Principal } from './principal.ts';

export interface NewNotification {
  kind: NotificationKind;
  message: string;
  link: string | null;
  /** Once per user for the same key; null: every call tells again. */
  dedupeKey: string | null;
}

const ph = sql.placeholder;
const n = notifications;
const REPLY = { id: n.id, kind: n.kind, message: n.message, link: n.link, createdAt: n.createdAt, readAt: n.readAt };

export class NotificationBell {
  private readonly q;

  constructor(sqlite: Sqlite) {
    const orm = ormOf(sqlite);
    this.q = {
      insert: orm
        .insert(n)
        .values({
          userId: ph('userId'),
          kind: ph('kind'),
          message: ph('message'),
          link: ph('link'),
          dedupeKey: ph('dedupeKey'),
          createdAt: ph('at'),
        })
        .onConflictDoNothing({ target: [n.userId, n.dedupeKey] })
        .prepare(),
      list: orm
        .select(REPLY)
        .from(n)
        .where(and(eq(n.userId, ph('userId')), or(eq(ph('unreadOnly'), 0), isNull(n.readAt))))
        .orderBy(desc(n.createdAt), desc(n.id))
        .limit(ph('limit'))
        .prepare(),
      one: orm
        .select(REPLY)
        .from(n)
        .where(eq(n.id, ph('id')))
        .prepare(),
      unread: orm
        .select({ n: count() })
        .from(n)
        .where(and(eq(n.userId, ph('userId')), isNull(n.readAt)))
        .prepare(),
      read: orm
        .update(n)
        .set({ readAt: sql`COALESCE(${n.readAt}, ${ph('at')})` })
        .where(and(eq(n.id, ph('id')), eq(n.userId, ph('userId'))))
        .prepare(),
      readAll: orm
        .update(n)
        .set({ readAt: sql`${ph('at')}` })
        .where(and(eq(n.userId, ph('userId')), isNull(n.readAt)))
        .prepare(),
      toldWith: orm
        .select({ userId: n.userId })
        .from(n)
        .where(eq(n.dedupeKey, ph('dedupeKey')))
        .prepare(),
    };
  }

  /** Rings the bell of one person; false when a notice with the same dedupe key is already theirs. */
  ring(userId: number, notice: NewNotification, at: string): boolean {
    const row = { userId, kind: notice.kind, message: notice.message, link: notice.link, dedupeKey: notice.dedupeKey, at };
    return this.q.insert.run(row).changes > 0;
  }

  /** The people who already have a notice with this dedupe key. */
  toldWith(dedupeKey: string): Set<number> {
    return new Set(this.q.toldWith.all({ dedupeKey }).map((r) => r.userId));
  }

  list(p: Principal, unreadOnly: boolean, limit: number): NotificationsReply {
    return {
      items: this.q.list.all({ userId: p.id, unreadOnly: unreadOnly ? 1 : 0, limit }) as Notification[],
      unread: this.unread(p.id),
    };
  }

  /** Marks one of the caller's own; another user's id is answered as a missing one. */
  markRead(p: Principal, id: number): Notification {
    const r = this.q.read.run({ at: new Date().toISOString(), id, userId: p.id });
    if (r.changes === 0) throw new NotFoundError(`Không có thông báo #${id} / no notification #${id}`);
    return this.q.one.get({ id }) as Notification;
  }

  markAllRead(p: Principal): { marked: number; unread: number } {
    const marked = this.q.readAll.run({ at: new Date().toISOString(), userId: p.id }).changes;
    return { marked, unread: this.unread(p.id) };
  }

  private unread(userId: number): number {
    return this.q.unread.get({ userId })?.n ?? 0;
  }
}
