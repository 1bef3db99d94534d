/**
 * An account changes its own password. Whoever knew the old one may hold a session or have made
 * an API token with it: every session of the account ends and every token is revoked, in the
 * transaction that writes the new hash, and this device gets a fresh session.
 */
import { eq, sql } from 'drizzle-orm';
import { ormOf, type Sqlite } from '../db/client.ts';
import { users } from '../db/schema.ts';
import { ValidationError } from '../errors.ts';
import type { ApiTokenService } from './api-token-service.ts';
import type { AuditService } from './audit-service.ts';
import { hashPassword, passwordProblem, verifyPassword } from './password.ts';
import { ACCOUNT_WITH_HASH, type Principal } from './principal.ts';
import type { SessionService } from './session-service.ts';

export class PasswordChangeService {
  private readonly orm;
  private readonly account;

  constructor(
    private readonly sqlite: Sqlite,
    private readonly audit: AuditService,
    private readonly sessions: SessionService,
    private readonly tokens: ApiTokenService,
  ) {
    this.orm = ormOf(sqlite);
    this.account = this.orm
      .select(ACCOUNT_WITH_HASH)
      .from(users)
      .where(eq(users.username, sql.placeholder('username')))
      .prepare();
  }

  async changePassword(p: Principal, current: string, next: string, ip: string): Promise<{ principal: Principal; cookie: string }> {
    const row = this.account.get({ username: p.username });
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
    const now = new Date();
    const session = this.sqlite.transaction(() => {
      this.orm
        .update(users)
        .set({ passwordHash: hash, mustChangePassword: false, updatedAt: now.toISOString() })
        .where(eq(users.id, row.id))
        .run();
      this.sessions.endAll(row.id);
      const tokensRevoked = this.tokens.revokeAll(row.id, now);
      const opened = this.sessions.open(row.id, ip, null, now);
      this.audit.record({
        actor: p,
        action: 'user.password_change',
        unitId: p.unit.id,
        target: p.username,
        after: { sessions: 'ended', tokensRevoked },
        ip,
      });
      return opened;
    })();
    return { principal: { ...p, mustChangePassword: false, sessionId: session.id, csrfToken: session.csrf }, cookie: session.cookie };
  }
}
