/** Accounts: creation, passwords, enabling and disabling. Every change is audited. */
import type { Role } from '@tiendo/shared';
import { and, eq, isNull } from 'drizzle-orm';
import { noteLocalWrite } from '../db/change-token.ts';
import { ormOf, type Sqlite } from '../db/client.ts';
import { apiTokens, sessions, users } from '../db/schema.ts';
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

/** An account as the services handle it: never its password hash. */
export type UserRecord = Pick<
  typeof users.$inferSelect,
  'id' | 'username' | 'displayName' | 'role' | 'unitId' | 'active' | 'mustChangePassword'
>;

/** The columns of a UserRecord, for the query builder's select. */
export const USER_RECORD = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  unitId: users.unitId,
  active: users.active,
  mustChangePassword: users.mustChangePassword,
};

export class UserService {
  private readonly orm;

  constructor(
    private readonly sqlite: Sqlite,
    private readonly catalog: CatalogService,
    private readonly audit: AuditService,
  ) {
    this.orm = ormOf(sqlite);
  }

  find(username: string): UserRecord | null {
    return this.orm.select(USER_RECORD).from(users).where(eq(users.username, username)).get() ?? null;
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
      this.orm
        .insert(users)
        .values({
          username,
          displayName: input.displayName.trim(),
          unitId: unit.id,
          role: input.role,
          active: true,
          passwordHash: hash,
          mustChangePassword,
          demo: input.demo ?? false,
          phone,
          email,
          createdAt: now,
          updatedAt: now,
        })
        .run();
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
      this.orm
        .update(users)
        .set({ passwordHash: hash, mustChangePassword: temporary !== null, updatedAt: now })
        .where(eq(users.id, user.id))
        .run();
      this.orm.delete(sessions).where(eq(sessions.userId, user.id)).run();
      const tokensRevoked = this.revokeTokens(user.id, now);
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
      this.orm.update(users).set({ active, updatedAt: now }).where(eq(users.id, user.id)).run();
      noteLocalWrite(this.sqlite);
      if (!active) {
        this.orm.delete(sessions).where(eq(sessions.userId, user.id)).run();
        noteLocalWrite(this.sqlite);
        this.revokeTokens(user.id, now);
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

  /** Revokes every live API token of the user; how many. */
  private revokeTokens(userId: number, now: string): number {
    return this.orm
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
      .run().changes;
  }
}
