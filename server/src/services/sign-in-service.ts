/**
 * Sign-in with the password, throttled. The attempt is counted before the password is checked: a
 * row in `login_failures` is written in the same (immediate) transaction that checks the limits,
 * and taken back only if the password was right. So however many requests arrive at once, from
 * one process or several, at most the limit of guesses is ever checked in a window. The limits:
 * - per username and address (10 in 15 minutes): the guesses one place may make at one account;
 * - per address (100): a commune office shares one address, so this is high;
 * - per username from everywhere, a growing delay (1 s, 2 s, 4 s … up to 5 minutes between
 *   attempts) after 10 failures, which does not apply at an address where the user signed in
 *   recently: a stranger failing on purpose slows guessing down but cannot lock the user out of
 *   their usual office.
 * Refused attempts are counted, not audited one by one: one `login.throttled` entry per limit,
 * key and window, written when the window closes, with the number refused.
 */
import { and, count, desc, eq, gte, lt, max, or, type SQL, sql } from 'drizzle-orm';
import { ormOf, type Sqlite } from '../db/client.ts';
import { auditLog, loginFailures, users } from '../db/schema.ts';
import { AppError, UnauthorizedError } from '../errors.ts';
import type { AuditService } from './audit-service.ts';
import type { AuthSettings } from './auth-settings.ts';
import type { CatalogService } from './catalog-service.ts';
import { dummyHash, verifyPassword } from './password.ts';
import { ACCOUNT_WITH_HASH, type Principal, principalOf } from './principal.ts';
import type { SessionService } from './session-service.ts';

const ph = sql.placeholder;

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

export class SignInService {
  private readonly orm;
  private readonly q;
  /** Refused sign-ins by limit and key, counted until their window closes and is audited. */
  private readonly throttled = new Map<string, ThrottleWindow>();
  private throttleTimer: NodeJS.Timeout | null = null;
  private admitted = 0;

  constructor(
    private readonly sqlite: Sqlite,
    private readonly catalog: CatalogService,
    private readonly audit: AuditService,
    private readonly sessions: SessionService,
    private readonly settings: AuthSettings,
  ) {
    const orm = ormOf(sqlite);
    this.orm = orm;
    const f = loginFailures;
    // The newest failures in the window, up to the limit: the oldest of them decides when it frees.
    const newest = (where: SQL | undefined) =>
      orm
        .select({ at: f.at })
        .from(f)
        .where(and(where, gte(f.at, ph('since'))))
        .orderBy(desc(f.at))
        .limit(ph('max'))
        .prepare();
    this.q = {
      pairFailures: newest(and(eq(f.username, ph('username')), eq(f.ip, ph('ip')))),
      addressFailures: newest(eq(f.ip, ph('ip'))),
      userFailures: orm
        .select({ n: count(), last: max(f.at) })
        .from(f)
        .where(and(eq(f.username, ph('username')), gte(f.at, ph('since'))))
        .prepare(),
      usualAddress: orm
        .select({ one: sql`1` })
        .from(auditLog)
        .where(
          and(
            eq(auditLog.actor, ph('username')),
            eq(auditLog.action, 'login.success'),
            eq(auditLog.ip, ph('ip')),
            gte(auditLog.at, ph('since')),
          ),
        )
        .limit(1)
        .prepare(),
      countFailure: orm
        .insert(f)
        .values({ username: ph('username'), ip: ph('ip'), at: ph('at') })
        .prepare(),
      forgive: orm
        .delete(f)
        .where(or(eq(f.id, ph('id')), and(eq(f.username, ph('username')), eq(f.ip, ph('ip')))))
        .prepare(),
      account: orm
        .select(ACCOUNT_WITH_HASH)
        .from(users)
        .where(eq(users.username, ph('username')))
        .prepare(),
    };
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
    const row = this.q.account.get({ username });
    // Same work whether or not the user exists, so timing tells nothing.
    const ok = await verifyPassword(password, row?.passwordHash ?? (await dummyHash()));
    const principal = ok && row ? principalOf(this.catalog, row, 'session', null, null) : null;
    if (!principal || !row) {
      // The attempt's row stays: it is the failure.
      this.audit.record({ actor: { id: row?.id ?? null, username }, action: 'login.failure', unitId: row?.unitId ?? null, ip });
      throw new UnauthorizedError('Sai tên đăng nhập hoặc mật khẩu / wrong username or password', 'wrong_credentials');
    }
    const session = this.sqlite.transaction(() => {
      // A right password: this attempt was no failure, and this place's earlier ones are forgiven.
      this.q.forgive.run({ id: attempt, username, ip });
      const opened = this.sessions.open(row.id, ip, userAgent, new Date());
      this.audit.record({ actor: { id: row.id, username }, action: 'login.success', unitId: row.unitId, ip });
      return opened;
    })();
    return { principal: { ...principal, sessionId: session.id, csrfToken: session.csrf }, cookie: session.cookie };
  }

  /**
   * Seconds until the key may fail again: the `max`-th newest failure in the window must leave it.
   * Null while fewer than `max` failures are in the window.
   */
  private secondsUntilFree(failures: readonly { at: string }[], max: number, now: number): number | null {
    if (failures.length < max) return null;
    const freeAt = Date.parse((failures.at(-1) as { at: string }).at) + this.settings.windowMinutes * 60_000;
    return Math.max(1, Math.ceil((freeAt - now) / 1000));
  }

  /** Whether the user signed in from this address lately (their office, their home). */
  private isUsualAddress(username: string, ip: string, now: number): boolean {
    const since = new Date(now - this.settings.usualAddressDays * 86_400_000).toISOString();
    return this.q.usualAddress.get({ username, ip, since }) !== undefined;
  }

  /**
   * Admits one sign-in attempt or refuses it (429). An admitted attempt is already counted as a
   * failure (its row id is returned) before the password is looked at; both the check and the
   * count happen in one immediate transaction, so concurrent attempts, in this process or another
   * one, each see the ones before them.
   */
  private admit(username: string, ip: string): number {
    const s = this.settings;
    const now = Date.now();
    // Failures older than a day decide nothing any more: cleared now and then.
    if (++this.admitted % 500 === 0) {
      this.orm
        .delete(loginFailures)
        .where(lt(loginFailures.at, new Date(now - 86_400_000).toISOString()))
        .run();
    }
    const since = new Date(now - s.windowMinutes * 60_000).toISOString();
    const refused = this.sqlite
      .transaction((): { limit: ThrottleLimit; seconds: number } | number => {
        const pair = this.secondsUntilFree(
          this.q.pairFailures.all({ username, ip, since, max: s.maxFailuresPerUser }),
          s.maxFailuresPerUser,
          now,
        );
        if (pair !== null) return { limit: 'user_address', seconds: pair };
        const address = this.secondsUntilFree(this.q.addressFailures.all({ ip, since, max: s.maxFailuresPerIp }), s.maxFailuresPerIp, now);
        if (address !== null) return { limit: 'address', seconds: address };
        const user = this.q.userFailures.get({ username, since });
        if (user && user.n >= s.backoffAfter && user.last !== null && !this.isUsualAddress(username, ip, now)) {
          const wait = Math.min(2 ** (user.n - s.backoffAfter), s.backoffMaxSeconds) * 1000;
          const readyAt = Date.parse(user.last) + wait;
          if (now < readyAt) return { limit: 'user', seconds: Math.max(1, Math.ceil((readyAt - now) / 1000)) };
        }
        return Number(this.q.countFailure.run({ username, ip, at: new Date(now).toISOString() }).lastInsertRowid);
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
}
