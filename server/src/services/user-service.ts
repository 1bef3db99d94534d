/** Accounts: creation, passwords, enabling and disabling. Every change is audited. */
import type { Role } from '@tiendo/shared';
import { noteLocalWrite } from '../db/change-token.ts';
import type { Sqlite } from '../db/client.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import type { AuditActor, AuditService } from './audit-service.ts';
import type { CatalogService } from './catalog-service.ts';
import { generatePassword, hashPassword, passwordProblem } from './password.ts';

export interface NewUser {
  username: string;
  displayName: string;
  unitCode: string;
  role: Role;
  /** Omitted: a one-time password is generated and must be changed at first sign-in. */
  password?: string;
  demo?: boolean;
  /** National form (normalizePhone); null or omitted: none. */
  phone?: string | null;
  email?: string | null;
}

export interface UserRecord {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  unitId: number;
  active: boolean;
  mustChangePassword: boolean;
}

export class UserService {
  constructor(
    private readonly sqlite: Sqlite,
    private readonly catalog: CatalogService,
    private readonly audit: AuditService,
  ) {}

  find(username: string): UserRecord | null {
    const r = this.sqlite
      .prepare(
        `SELECT id, username, display_name AS displayName, role, unit_id AS unitId, active, must_change_password AS mustChangePassword
         FROM users WHERE username = ?`,
      )
      .get(username) as (Omit<UserRecord, 'active' | 'mustChangePassword'> & { active: number; mustChangePassword: number }) | undefined;
    return r ? { ...r, active: r.active === 1, mustChangePassword: r.mustChangePassword === 1 } : null;
  }

  require(username: string): UserRecord {
    const u = this.find(username);
    if (!u) throw new NotFoundError(`Không tìm thấy tài khoản "${username}" / user "${username}" not found`);
    return u;
  }

  async create(
    input: NewUser,
    actor: AuditActor | null,
    ip: string | null = null,
  ): Promise<{ user: UserRecord; temporaryPassword: string | null }> {
    const username = input.username.trim().toLowerCase();
    // an unknown unit or a taken name fails before the slow hash
    this.catalog.unit(input.unitCode);
    if (this.find(username)) throw new ConflictError(`Tên đăng nhập "${username}" đã có / username "${username}" is taken`);
    const temporary = input.password === undefined ? generatePassword() : null;
    const password = input.password ?? (temporary as string);
    if (!input.demo && input.password !== undefined) {
      const problem = passwordProblem(password, username);
      if (problem) throw new ValidationError(problem);
    }
    const hash = await hashPassword(password);
    this.insert({ ...input, username }, hash, temporary !== null, actor, ip);
    return { user: this.require(username), temporaryPassword: temporary };
  }

  /**
   * Writes one account whose password is already hashed, and its audit entry, in one transaction
   * (a savepoint inside the caller's: an import writes all its accounts or none).
   */
  insert(input: NewUser, hash: string, mustChangePassword: boolean, actor: AuditActor | null, ip: string | null, via?: 'import'): void {
    const username = input.username.trim().toLowerCase();
    const unit = this.catalog.unit(input.unitCode);
    const now = new Date().toISOString();
    const phone = input.phone ?? null;
    const email = input.email ?? null;
    this.sqlite.transaction(() => {
      this.sqlite
        .prepare(
          `INSERT INTO users (username, display_name, unit_id, role, active, password_hash, must_change_password, demo, phone, email, created_at, updated_at)
             VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          username,
          input.displayName.trim(),
          unit.id,
          input.role,
          hash,
          mustChangePassword ? 1 : 0,
          input.demo ? 1 : 0,
          phone,
          email,
          now,
          now,
        );
      this.audit.record({
        actor,
        action: 'user.create',
        unitId: unit.id,
        target: username,
        after: { username, displayName: input.displayName, unit: unit.code, role: input.role, phone, email, ...(via ? { via } : {}) },
        ip,
      });
    })();
  }

  /**
   * Sets a password; a generated one is one-time (must be changed at next sign-in). Ends all
   * sessions and revokes the user's API tokens: whoever knew the old password may have made one.
   */
  async setPassword(username: string, password: string | null, actor: AuditActor | null, ip: string | null = null): Promise<string | null> {
    const user = this.require(username);
    const temporary = password === null ? generatePassword() : null;
    if (password !== null) {
      const problem = passwordProblem(password, username);
      if (problem) throw new ValidationError(problem);
    }
    const hash = await hashPassword(password ?? (temporary as string));
    this.sqlite.transaction(() => {
      const now = new Date().toISOString();
      this.sqlite
        .prepare('UPDATE users SET password_hash = ?, must_change_password = ?, updated_at = ? WHERE id = ?')
        .run(hash, temporary ? 1 : 0, now, user.id);
      this.sqlite.prepare('DELETE FROM sessions WHERE user_id = ?').run(user.id);
      const tokensRevoked = this.sqlite
        .prepare('UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL')
        .run(now, user.id).changes;
      noteLocalWrite(this.sqlite);
      this.audit.record({
        actor,
        action: 'user.password_reset',
        unitId: user.unitId,
        target: username,
        // The hash never goes to the log: only what changed about the account.
        before: { mustChangePassword: user.mustChangePassword, sessions: 'open' },
        after: { mustChangePassword: temporary !== null, sessions: 'ended', tokensRevoked },
        ip,
      });
    })();
    return temporary;
  }

  /** Disabling ends the user's sessions and revokes their API tokens at once. */
  setActive(username: string, active: boolean, actor: AuditActor | null, ip: string | null = null): UserRecord {
    const user = this.require(username);
    this.sqlite.transaction(() => {
      const now = new Date().toISOString();
      this.sqlite.prepare('UPDATE users SET active = ?, updated_at = ? WHERE id = ?').run(active ? 1 : 0, now, user.id);
      noteLocalWrite(this.sqlite);
      if (!active) {
        this.sqlite.prepare('DELETE FROM sessions WHERE user_id = ?').run(user.id);
        noteLocalWrite(this.sqlite);
        this.sqlite.prepare('UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(now, user.id);
      }
      this.audit.record({
        actor,
        action: active ? 'user.enable' : 'user.disable',
        unitId: user.unitId,
        target: username,
        before: { active: user.active },
        after: { active },
        ip,
      });
    })();
    return this.require(username);
  }
}
