/**
 * Sign-in, sessions and personal API tokens. Sessions live in the database (any server process
 * can check them); the cookie carries a random secret of which only a hash is stored, as for API
 * tokens, so a copy of the database opens no session.
 *
 * Failed sign-ins are throttled, and the attempt is counted before the password is checked: a row
 * in `login_failures` is written in the same (immediate) transaction that checks the limits, and
 * taken back only if the password was right. So however many requests arrive at once, from one
 * process or several, at most the limit of guesses is ever checked in a window. The limits:
 * - per username and address (10 in 15 minutes): the guesses one place may make at one account;
 * - per address (100): a commune office shares one address, so this is high;
 * - per username from everywhere, a growing delay (1 s, 2 s, 4 s … up to 5 minutes between
 *   attempts) after 10 failures, which does not apply at an address where the user signed in
 *   recently: a stranger failing on purpose slows guessing down but cannot lock the user out of
 *   their usual office.
 * Refused attempts are counted, not audited one by one: one `login.throttled` entry per limit,
 * key and window, written when the window closes, with the number refused.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Role, User } from '@tiendo/shared';
import { changeToken, noteLocalWrite } from '../db/change-token.ts';
import type { Sqlite } from '../db/client.ts';
import { AppError, ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from '../errors.ts';
import type { AuditService } from './audit-service.ts';
import type { CatalogService, UnitNode } from './catalog-service.ts';
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from './password.ts';

export interface AuthSettings {
  idleMinutes: number;
  absoluteHours: number;
  /** Failed sign-ins for one username from one address within the window before 429. */
  maxFailuresPerUser: number;
  /** Failed sign-ins from one address within the window (a commune office shares one address). */
  maxFailuresPerIp: number;
  windowMinutes: number;
  /** Failures of a username from every address within the window after which attempts wait. */
  backoffAfter: number;
  /** The longest wait between attempts on one username. */
  backoffMaxSeconds: number;
  /** An address where the user signed in within these days is theirs: the username's wait spares it. */
  usualAddressDays: number;
}

export const DEFAULT_AUTH_SETTINGS: AuthSettings = {
  idleMinutes: 120,
  absoluteHours: 12,
  maxFailuresPerUser: 10,
  maxFailuresPerIp: 100,
  windowMinutes: 15,
  backoffAfter: 10,
  backoffMaxSeconds: 300,
  usualAddressDays: 30,
};

/** Which limit refused an attempt. */
type ThrottleLimit = 'user_address' | 'address' | 'user';

interface ThrottleWindow {
  username: string;
  ip: string;
  limit: ThrottleLimit;
  from: number;
  until: number;
  refused: number;
}

export interface Principal {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  unit: UnitNode;
  mustChangePassword: boolean;
  via: 'session' | 'token';
  sessionId: string | null;
  csrfToken: string | null;
}

interface UserRow {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  unitId: number;
  active: number;
  passwordHash: string;
  mustChangePassword: number;
}

const USER_COLS = `id, username, display_name AS displayName, role, unit_id AS unitId, active,
  password_hash AS passwordHash, must_change_password AS mustChangePassword`;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const secret = () => randomBytes(32).toString('base64url');
export const TOKEN_PREFIX = 't06_';

export class TooManyAttemptsError extends AppError {
  constructor(seconds: number) {
    const minutes = Math.ceil(seconds / 60);
    super(
      429,
      'too_many_attempts',
      seconds < 60
        ? `Đăng nhập sai quá nhiều lần, vui lòng thử lại sau ${seconds} giây / too many failed sign-ins, try again in ${seconds} seconds`
        : `Đăng nhập sai quá nhiều lần, vui lòng thử lại sau ${minutes} phút / too many failed sign-ins, try again in ${minutes} minutes`,
      { retryAfterSeconds: seconds },
    );
  }
}

interface SessionRow {
  userId: number;
  csrf: string;
  lastSeen: string;
  expiresAt: string;
}

const SESSION_CACHE_LIMIT = 10_000;

export class AuthService {
  private readonly s;
  /** Sessions by cookie, with the change token they were read at. */
  private readonly sessions = new Map<string, { token: string; id: string; session: SessionRow; user: UserRow }>();
  /** Refused sign-ins by limit and key, counted until their window closes and is audited. */
  private readonly throttled = new Map<string, ThrottleWindow>();
  private throttleTimer: NodeJS.Timeout | null = null;
  private admitted = 0;

  constructor(
    private readonly sqlite: Sqlite,
    private readonly catalog: CatalogService,
    private readonly audit: AuditService,
    readonly settings: AuthSettings = DEFAULT_AUTH_SETTINGS,
  ) {
    // Checked on every request: prepared once.
    this.s = {
      session: sqlite.prepare(
        'SELECT user_id AS userId, csrf_token AS csrf, last_seen_at AS lastSeen, expires_at AS expiresAt FROM sessions WHERE id = ?',
      ),
      touch: sqlite.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?'),
      drop: sqlite.prepare('DELETE FROM sessions WHERE id = ?'),
      userById: sqlite.prepare(`SELECT ${USER_COLS} FROM users WHERE id = ?`),
      token: sqlite.prepare(
        'SELECT id, user_id AS userId, last_used_at AS lastUsed FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL',
      ),
      tokenTouch: sqlite.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?'),
    };
  }

  toUser(p: Pick<Principal, 'username' | 'displayName' | 'role' | 'unit' | 'mustChangePassword'>): User {
    const { unit } = p;
    return {
      username: p.username,
      displayName: p.displayName,
      role: p.role,
      unit: { code: unit.code, name: unit.name, level: unit.level, type: unit.type, validFrom: unit.validFrom, validTo: unit.validTo },
      active: true,
      mustChangePassword: p.mustChangePassword,
    };
  }

  private userByName(username: string): UserRow | undefined {
    return this.sqlite.prepare(`SELECT ${USER_COLS} FROM users WHERE username = ?`).get(username) as UserRow | undefined;
  }

  private principal(row: UserRow, via: Principal['via'], sessionId: string | null, csrfToken: string | null): Principal | null {
    const unit = this.catalog.get().units.get(row.unitId);
    if (!unit || row.active !== 1) return null;
    return {
      id: row.id,
      username: row.username,
      displayName: row.displayName,
      role: row.role,
      unit,
      mustChangePassword: row.mustChangePassword === 1,
      via,
      sessionId,
      csrfToken,
    };
  }

  /**
   * Seconds until `key` may fail again: the `max`-th newest failure in the window must leave it.
   * Null while fewer than `max` failures are in the window.
   */
  private secondsUntilFree(where: string, args: unknown[], max: number, now: number): number | null {
    const since = new Date(now - this.settings.windowMinutes * 60_000).toISOString();
    const rows = this.sqlite
      .prepare(`SELECT at FROM login_failures WHERE ${where} AND at >= ? ORDER BY at DESC LIMIT ?`)
      .pluck()
      .all(...args, since, max) as string[];
    if (rows.length < max) return null;
    const freeAt = Date.parse(rows.at(-1) as string) + this.settings.windowMinutes * 60_000;
    return Math.max(1, Math.ceil((freeAt - now) / 1000));
  }

  /** Whether the user signed in from this address lately (their office, their home). */
  private isUsualAddress(username: string, ip: string, now: number): boolean {
    const since = new Date(now - this.settings.usualAddressDays * 86_400_000).toISOString();
    return (
      this.sqlite
        .prepare(`SELECT 1 FROM audit_log WHERE actor = ? AND action = 'login.success' AND ip = ? AND at >= ? LIMIT 1`)
        .get(username, ip, since) !== undefined
    );
  }

  /**
   * Admits one sign-in attempt or refuses it (429). An admitted attempt is already counted as a
   * failure (its row is returned) before the password is looked at; both the check and the count
   * happen in one immediate transaction, so concurrent attempts, in this process or another one,
   * each see the ones before them.
   */
  private admit(username: string, ip: string): number {
    const s = this.settings;
    const now = Date.now();
    // Failures older than a day decide nothing any more: cleared now and then.
    if (++this.admitted % 500 === 0) {
      this.sqlite.prepare('DELETE FROM login_failures WHERE at < ?').run(new Date(now - 86_400_000).toISOString());
    }
    const refused = this.sqlite
      .transaction((): { limit: ThrottleLimit; seconds: number } | number => {
        const pair = this.secondsUntilFree('username = ? AND ip = ?', [username, ip], s.maxFailuresPerUser, now);
        if (pair !== null) return { limit: 'user_address', seconds: pair };
        const address = this.secondsUntilFree('ip = ?', [ip], s.maxFailuresPerIp, now);
        if (address !== null) return { limit: 'address', seconds: address };
        const since = new Date(now - s.windowMinutes * 60_000).toISOString();
        const user = this.sqlite
          .prepare('SELECT COUNT(*) AS n, MAX(at) AS last FROM login_failures WHERE username = ? AND at >= ?')
          .get(username, since) as { n: number; last: string | null };
        if (user.n >= s.backoffAfter && user.last !== null && !this.isUsualAddress(username, ip, now)) {
          const wait = Math.min(2 ** (user.n - s.backoffAfter), s.backoffMaxSeconds) * 1000;
          const readyAt = Date.parse(user.last) + wait;
          if (now < readyAt) return { limit: 'user', seconds: Math.max(1, Math.ceil((readyAt - now) / 1000)) };
        }
        return Number(
          this.sqlite
            .prepare('INSERT INTO login_failures (username, ip, at) VALUES (?, ?, ?)')
            .run(username, ip, new Date(now).toISOString()).lastInsertRowid,
        );
      })
      .immediate();
    if (typeof refused === 'number') return refused;
    this.countRefusal(refused.limit, username, ip, now);
    throw new TooManyAttemptsError(refused.seconds);
  }

  /** A refused attempt: counted in its limit's window, audited once when the window closes. */
  private countRefusal(limit: ThrottleLimit, username: string, ip: string, now: number): void {
    this.flushThrottled(now);
    const key = `${limit}|${limit === 'address' ? '' : username}|${limit === 'user' ? '' : ip}`;
    const open = this.throttled.get(key);
    if (open) {
      open.refused++;
      return;
    }
    this.throttled.set(key, { username, ip, limit, from: now, until: now + this.settings.windowMinutes * 60_000, refused: 1 });
    if (!this.throttleTimer) {
      this.throttleTimer = setInterval(() => this.flushThrottled(), 60_000);
      this.throttleTimer.unref();
    }
  }

  /**
   * Writes one `login.throttled` audit entry for each throttling window closed by `now`, with the
   * number of attempts it refused. Runs at each refusal and once a minute while any is open.
   */
  flushThrottled(now = Date.now()): void {
    for (const [key, w] of this.throttled) {
      if (w.until > now) continue;
      this.throttled.delete(key);
      this.audit.record({
        actor: { id: null, username: w.limit === 'address' ? null : w.username },
        action: 'login.throttled',
        target: w.limit === 'address' ? `address:${w.ip}` : `user:${w.username}`,
        after: { limit: w.limit, from: new Date(w.from).toISOString(), until: new Date(w.until).toISOString(), refused: w.refused },
        ip: w.limit === 'user' ? null : w.ip,
      });
    }
    if (this.throttled.size === 0 && this.throttleTimer) {
      clearInterval(this.throttleTimer);
      this.throttleTimer = null;
    }
  }

  /** Checks the password and opens a session; returns the cookie secret. */
  async login(
    usernameRaw: string,
    password: string,
    ip: string,
    userAgent: string | null,
  ): Promise<{ principal: Principal; cookie: string }> {
    const username = usernameRaw.trim().toLowerCase();
    const attempt = this.admit(username, ip);
    const row = this.userByName(username);
    // Same work whether or not the user exists, so timing tells nothing.
    const ok = await verifyPassword(password, row?.passwordHash ?? (await dummyHash()));
    const principal = ok && row ? this.principal(row, 'session', null, null) : null;
    if (!principal || !row) {
      // The attempt's row stays: it is the failure.
      this.audit.record({ actor: { id: row?.id ?? null, username }, action: 'login.failure', unitId: row?.unitId ?? null, ip });
      throw new UnauthorizedError('Sai tên đăng nhập hoặc mật khẩu / wrong username or password', 'wrong_credentials');
    }
    const cookie = secret();
    const csrf = secret();
    const now = new Date();
    this.sqlite.transaction(() => {
      // A right password: this attempt was no failure, and this place's earlier ones are forgiven.
      this.sqlite.prepare('DELETE FROM login_failures WHERE id = ? OR (username = ? AND ip = ?)').run(attempt, username, ip);
      this.sqlite
        .prepare(
          `INSERT INTO sessions (id, user_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          sha256(cookie),
          row.id,
          csrf,
          now.toISOString(),
          now.toISOString(),
          new Date(now.getTime() + this.settings.absoluteHours * 3600_000).toISOString(),
          ip,
          userAgent?.slice(0, 300) ?? null,
        );
      this.audit.record({ actor: { id: row.id, username }, action: 'login.success', unitId: row.unitId, ip });
    })();
    return { principal: { ...principal, sessionId: sha256(cookie), csrfToken: csrf }, cookie };
  }

  /** The principal of a session cookie, or null when it is unknown, idle too long or expired. */
  fromSession(cookie: string): Principal | null {
    // A session and its account as read at the last commit anyone made: any sign-out, disabled
    // account or changed password is a commit (this process's writes are noted by the request
    // hook in app.ts), so it ends the session at once here too.
    const token = changeToken(this.sqlite);
    let hit = token === null ? undefined : this.sessions.get(cookie);
    if (hit && hit.token !== token) hit = undefined;
    const id = hit?.id ?? sha256(cookie);
    const s = hit?.session ?? (this.s.session.get(id) as SessionRow | undefined);
    if (!s) return null;
    const now = Date.now();
    if (Date.parse(s.expiresAt) <= now || Date.parse(s.lastSeen) + this.settings.idleMinutes * 60_000 <= now) {
      this.s.drop.run(id);
      noteLocalWrite(this.sqlite);
      return null;
    }
    // Touch at most once a minute: reads stay reads.
    if (now - Date.parse(s.lastSeen) > 60_000) {
      s.lastSeen = new Date(now).toISOString();
      this.s.touch.run(s.lastSeen, id);
    }
    const row = hit?.user ?? (this.s.userById.get(s.userId) as UserRow | undefined);
    if (!row) return null;
    if (!hit && token !== null) {
      if (this.sessions.size >= SESSION_CACHE_LIMIT) this.sessions.clear();
      this.sessions.set(cookie, { token, id, session: s, user: row });
    }
    return this.principal(row, 'session', id, s.csrf);
  }

  fromToken(token: string): Principal | null {
    if (!token.startsWith(TOKEN_PREFIX)) return null;
    const t = this.s.token.get(sha256(token)) as { id: number; userId: number; lastUsed: string | null } | undefined;
    if (!t) return null;
    const now = Date.now();
    if (!t.lastUsed || now - Date.parse(t.lastUsed) > 60_000) {
      this.s.tokenTouch.run(new Date(now).toISOString(), t.id);
    }
    const row = this.s.userById.get(t.userId) as UserRow | undefined;
    return row ? this.principal(row, 'token', null, null) : null;
  }

  logout(p: Principal, ip: string): void {
    if (!p.sessionId) return;
    this.sqlite.transaction(() => {
      this.sqlite.prepare('DELETE FROM sessions WHERE id = ?').run(p.sessionId);
      noteLocalWrite(this.sqlite);
      this.audit.record({ actor: p, action: 'logout', unitId: p.unit.id, ip });
    })();
  }

  /** Ends every session of the user, this one included ("sign out everywhere"); returns how many. */
  logoutEverywhere(p: Principal, ip: string): number {
    return this.sqlite.transaction(() => {
      const ended = this.sqlite.prepare('DELETE FROM sessions WHERE user_id = ?').run(p.id).changes;
      noteLocalWrite(this.sqlite);
      this.audit.record({ actor: p, action: 'logout.everywhere', unitId: p.unit.id, after: { sessions: ended }, ip });
      return ended;
    })();
  }

  /**
   * Changes the password, ends every session of the user, revokes their API tokens (a token made
   * by whoever knew the old password must die with it) and opens a fresh session for this device.
   */
  async changePassword(p: Principal, current: string, next: string, ip: string): Promise<{ principal: Principal; cookie: string }> {
    const row = this.userByName(p.username);
    if (!row || !(await verifyPassword(current, row.passwordHash))) {
      throw new ValidationError('Mật khẩu hiện tại không đúng / current password is wrong', undefined, 'wrong_current_password');
    }
    const problem = passwordProblem(next, p.username);
    if (problem) throw new ValidationError(problem);
    if (current === next)
      throw new ValidationError(
        'Mật khẩu mới phải khác mật khẩu cũ / the new password must differ from the old one',
        undefined,
        'same_password',
      );
    const hash = await hashPassword(next);
    let tokensRevoked = 0;
    const cookie = secret();
    const csrf = secret();
    const now = new Date();
    this.sqlite.transaction(() => {
      this.sqlite
        .prepare('UPDATE users SET password_hash = ?, must_change_password = 0, updated_at = ? WHERE id = ?')
        .run(hash, now.toISOString(), row.id);
      this.sqlite.prepare('DELETE FROM sessions WHERE user_id = ?').run(row.id);
      tokensRevoked = this.sqlite
        .prepare('UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL')
        .run(now.toISOString(), row.id).changes;
      noteLocalWrite(this.sqlite);
      this.sqlite
        .prepare(
          `INSERT INTO sessions (id, user_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent)
           VALUES (?, ?, ?, ?, ?, ?, ?, NULL)`,
        )
        .run(
          sha256(cookie),
          row.id,
          csrf,
          now.toISOString(),
          now.toISOString(),
          new Date(now.getTime() + this.settings.absoluteHours * 3600_000).toISOString(),
          ip,
        );
      this.audit.record({
        actor: p,
        action: 'user.password_change',
        unitId: p.unit.id,
        target: p.username,
        after: { sessions: 'ended', tokensRevoked },
        ip,
      });
    })();
    return { principal: { ...p, mustChangePassword: false, sessionId: sha256(cookie), csrfToken: csrf }, cookie };
  }

  createToken(p: Principal, name: string, ip: string) {
    if (p.via !== 'session') throw new ForbiddenError('Chỉ tạo mã truy cập khi đăng nhập / tokens are created from a signed-in session');
    const token = `${TOKEN_PREFIX}${secret()}`;
    const now = new Date().toISOString();
    return this.sqlite.transaction(() => {
      const id = Number(
        this.sqlite
          .prepare('INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)')
          .run(p.id, name, sha256(token), now).lastInsertRowid,
      );
      this.audit.record({ actor: p, action: 'token.create', unitId: p.unit.id, target: `token:${id}`, after: { id, name }, ip });
      return { id, name, token };
    })();
  }

  listTokens(p: Principal) {
    return this.sqlite
      .prepare(
        `SELECT id, name, created_at AS createdAt, last_used_at AS lastUsedAt, revoked_at AS revokedAt
         FROM api_tokens WHERE user_id = ? ORDER BY id DESC`,
      )
      .all(p.id) as { id: number; name: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }[];
  }

  revokeToken(p: Principal, id: number, ip: string): void {
    const row = this.sqlite
      .prepare('SELECT id, name, revoked_at AS revokedAt FROM api_tokens WHERE id = ? AND user_id = ?')
      .get(id, p.id) as { id: number; name: string; revokedAt: string | null } | undefined;
    if (!row) throw new NotFoundError('Không tìm thấy mã truy cập / token not found');
    if (row.revokedAt) return;
    this.sqlite.transaction(() => {
      this.sqlite.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ?').run(new Date().toISOString(), id);
      this.audit.record({ actor: p, action: 'token.revoke', unitId: p.unit.id, target: `token:${id}`, before: { id, name: row.name }, ip });
    })();
  }
}
