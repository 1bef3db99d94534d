/**
 * Who is signed in, as the routes and the request hook ask it: one object over the parts, each in
 * its own file — sign-in and its throttle (sign-in-service.ts), sessions (session-service.ts),
 * personal API tokens (api-token-service.ts) and the password change
 * (password-change-service.ts). Sessions and tokens live in the database, so any server process
 * can check them; cookies and tokens are random secrets of which only a hash is stored
 * (auth-settings.ts), so a copy of the database opens no session.
 */
import type { Sqlite } from '../db/client.ts';
import { ApiTokenService } from './api-token-service.ts';
import type { AuditService } from './audit-service.ts';
import { type AuthSettings, DEFAULT_AUTH_SETTINGS } from './auth-settings.ts';
import type { CatalogService } from './catalog-service.ts';
import { PasswordChangeService } from './password-change-service.ts';
import { type Principal, toUser } from './principal.ts';
import { SessionService } from './session-service.ts';
import { SignInService } from './sign-in-service.ts';

// Where the routes and services have always found it.
export type { Principal } from './principal.ts';

export class AuthService {
  readonly sessions: SessionService;
  readonly tokens: ApiTokenService;
  private readonly signIn: SignInService;
  private readonly passwords: PasswordChangeService;
  readonly toUser = toUser;

  constructor(
    sqlite: Sqlite,
    catalog: CatalogService,
    audit: AuditService,
    readonly settings: AuthSettings = DEFAULT_AUTH_SETTINGS,
  ) {
    this.sessions = new SessionService(sqlite, catalog, audit, settings);
    this.tokens = new ApiTokenService(sqlite, catalog, audit);
    this.signIn = new SignInService(sqlite, catalog, audit, this.sessions, settings);
    this.passwords = new PasswordChangeService(sqlite, audit, this.sessions, this.tokens);
  }

  /** Checks the password and opens a session; returns the cookie secret. */
  login(username: string, password: string, ip: string, userAgent: string | null): Promise<{ principal: Principal; cookie: string }> {
    return this.signIn.login(username, password, ip, userAgent);
  }

  /** Audits the throttling windows closed by `now` (see sign-in-service.ts). */
  flushThrottled(now = Date.now()): void {
    this.signIn.flushThrottled(now);
  }

  /** The principal of a session cookie, or null when it is unknown, idle too long or expired. */
  fromSession(cookie: string): Principal | null {
    return this.sessions.fromCookie(cookie);
  }

  fromToken(token: string): Principal | null {
    return this.tokens.fromToken(token);
  }

  logout(p: Principal, ip: string): void {
    this.sessions.logout(p, ip);
  }

  logoutEverywhere(p: Principal, ip: string): number {
    return this.sessions.logoutEverywhere(p, ip);
  }

  changePassword(p: Principal, current: string, next: string, ip: string): Promise<{ principal: Principal; cookie: string }> {
    return this.passwords.changePassword(p, current, next, ip);
  }

  createToken(p: Principal, name: string, ip: string) {
    return this.tokens.create(p, name, ip);
  }

  listTokens(p: Principal) {
    return this.tokens.list(p);
  }

  revokeToken(p: Principal, id: number, ip: string): void {
    this.tokens.revoke(p, id, ip);
  }
}
