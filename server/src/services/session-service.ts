/**
 * Sessions: opened at sign-in, checked on every request, ended by sign-out, "sign out
 * everywhere", a password change or the clock (idle or absolute expiry). They live in the
 * database, so any server process can check them; the cookie's secret is stored only as a hash.
 *
 * The check runs on every request, so its queries are prepared once, and a session with its
 * account is kept in memory as read at the last commit anyone made (change-token.ts): a sign-out,
 * a disabled account or a changed password is a commit, in this process (noted by the writes
 * here and by the request hook in app.ts) or another one, so it ends the session at the next
 * request here too.
 */
import { eq, sql } from 'drizzle-orm';
import { changeToken, noteLocalWrite } from '../db/change-token.ts';
import { ormOf, type Sqlite } from '../db/client.ts';
import { sessions, users } from '../db/schema.ts';
import type { AuditService } from './audit-service.ts';
import type { AuthSettings } from './auth-settings.ts';
import { newSecret, sha256 } from './auth-settings.ts';
import type { CatalogService } from './catalog-service.ts';
import { type Principal, principalOf } from './principal.ts';
import { USER_RECORD, type UserRecord } from './user-service.ts';

const ph = sql.placeholder;

/** A session with its account, as one read returns them. */
type SessionRow = UserRecord & {
  csrf: string;
  lastSeen: string;
  expiresAt: string;
};

const SESSION_WITH_ACCOUNT = {
  ...USER_RECORD,
  csrf: sessions.csrfToken,
  lastSeen: sessions.lastSeenAt,
  expiresAt: sessions.expiresAt,
};

/** Sessions kept in memory at most; past it the map starts again (a flood of cookies costs reads, not memory). */
const SESSION_CACHE_LIMIT = 10_000;

export class SessionService {
  private readonly orm;
  private readonly q;
  /** Sessions by cookie, with the change token they were read at. */
  private readonly cache = new Map<string, { token: string; id: string; row: SessionRow }>();

  constructor(
    private readonly sqlite: Sqlite,
    private readonly catalog: CatalogService,
    private readonly audit: AuditService,
    private readonly settings: AuthSettings,
  ) {
    this.orm = ormOf(sqlite);
    // Checked on every request: prepared once.
    this.q = {
      lookup: this.orm
        .select(SESSION_WITH_ACCOUNT)
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(eq(sessions.id, ph('id')))
        .prepare(),
      touch: this.orm
        .update(sessions)
        .set({ lastSeenAt: sql`${ph('at')}` })
        .where(eq(sessions.id, ph('id')))
        .prepare(),
      end: this.orm
        .delete(sessions)
        .where(eq(sessions.id, ph('id')))
        .prepare(),
      endAll: this.orm
        .delete(sessions)
        .where(eq(sessions.userId, ph('userId')))
        .prepare(),
      open: this.orm
        .insert(sessions)
        .values({
          id: ph('id'),
          userId: ph('userId'),
          csrfToken: ph('csrf'),
          createdAt: ph('at'),
          lastSeenAt: ph('at'),
          expiresAt: ph('expiresAt'),
          ip: ph('ip'),
          userAgent: ph('userAgent'),
        })
        .prepare(),
    };
  }

  /**
   * Opens a session for the account (inside the caller's transaction, with what causes it);
   * returns the cookie's secret, the session id (its hash) and the CSRF token.
   */
  open(userId: number, ip: string, userAgent: string | null, now: Date): { cookie: string; id: string; csrf: string } {
    const cookie = newSecret();
    const csrf = newSecret();
    const id = sha256(cookie);
    this.q.open.run({
      id,
      userId,
      csrf,
      at: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.settings.absoluteHours * 3600_000).toISOString(),
      ip,
      userAgent: userAgent?.slice(0, 300) ?? null,
    });
    return { cookie, id, csrf };
  }

  /** The principal of a session cookie, or null when it is unknown, idle too long or expired. */
  fromCookie(cookie: string): Principal | null {
    // A session and its account as read at the last commit anyone made (see the top comment).
    const token = changeToken(this.sqlite);
    let hit = token === null ? undefined : this.cache.get(cookie);
    if (hit && hit.token !== token) hit = undefined;
    const id = hit?.id ?? sha256(cookie);
    const row = hit?.row ?? this.q.lookup.get({ id });
    if (!row) return null;
    const now = Date.now();
    if (Date.parse(row.expiresAt) <= now || Date.parse(row.lastSeen) + this.settings.idleMinutes * 60_000 <= now) {
      this.q.end.run({ id });
      noteLocalWrite(this.sqlite);
      return null;
    }
    // Touch at most once a minute: reads stay reads.
    if (now - Date.parse(row.lastSeen) > 60_000) {
      row.lastSeen = new Date(now).toISOString();
      this.q.touch.run({ at: row.lastSeen, id });
    }
    if (!hit && token !== null) {
      if (this.cache.size >= SESSION_CACHE_LIMIT) this.cache.clear();
      this.cache.set(cookie, { token, id, row });
    }
    return principalOf(this.catalog, row, 'session', id, row.csrf);
  }

  /** Ends every session of the account (inside the caller's transaction); returns how many. */
  endAll(userId: number): number {
    const ended = this.q.endAll.run({ userId }).changes;
    noteLocalWrite(this.sqlite);
    return ended;
  }

  logout(p: Principal, ip: string): void {
    const id = p.sessionId;
    if (!id) return;
    this.sqlite.transaction(() => {
      this.q.end.run({ id });
      noteLocalWrite(this.sqlite);
      this.audit.record({ actor: p, action: 'logout', unitId: p.unit.id, ip });
    })();
  }

  /** Ends every session of the user, this one included ("sign out everywhere"); returns how many. */
  logoutEverywhere(p: Principal, ip: string): number {
    return this.sqlite.transaction(() => {
      const ended = this.endAll(p.id);
      this.audit.record({ actor: p, action: 'logout.everywhere', unitId: p.unit.id, after: { sessions: ended }, ip });
      return ended;
    })();
  }
}
