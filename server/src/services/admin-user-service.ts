/**
 * Accounts administered from the browser. A secretariat works within its own subtree and can
 * grant no role above its own; an admin works everywhere. Every change is audited in the same
 * transaction as the write (UserService does the low-level work and audits its own steps).
 */
import {
  type AdminUser,
  normalizePhone,
  type Role,
  type UserCreateBody,
  type UserPatchBody,
  type UsersQuery,
  type UsersReply,
} from '@tiendo/shared';
import { mayGrant, rolesForTier } from '@tiendo/shared/permissions';
import { and, asc, type Column, count, eq, or, type SQL, sql } from 'drizzle-orm';
import { noteLocalWrite } from '../db/change-token.ts';
import { ormOf, type Sqlite } from '../db/client.ts';
import { units, users } from '../db/schema.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import type { AuditActor, AuditService } from './audit-service.ts';
import type { Principal } from './auth-service.ts';
import { type CatalogService, type UnitNode, unitByCodeAt } from './catalog-service.ts';
import { couldKnowUnit, isInScopeToday as isInScope, unknownUnit } from './scope.ts';
import type { SettingsService } from './settings-service.ts';
import { USER_RECORD, type UserService } from './user-service.ts';

/** An account as administered: everything but the password hash and the demo mark. */
type Row = Omit<typeof users.$inferSelect, 'passwordHash' | 'demo'>;

const ROW = {
  ...USER_RECORD,
  phone: users.phone,
  email: users.email,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
};

/** The unit's subtree on today's map (paths hold ids and "/"; no wildcard to escape). */
const underPath = (path: string) => sql`${units.path} LIKE ${path} || '%'`;
/** A LIKE with the backslash as escape character (see likePattern). */
const likeEscaped = (column: Column, pattern: string) => sql`${column} LIKE ${pattern} ESCAPE '\\'`;

/** `%` and `_` typed by a user are literal characters, not wildcards. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export const actorOf = (p: Principal): AuditActor => ({ id: p.id, username: p.username });

/** A role the unit's tier does not take (see rolesForTier): a task team has only reporters. */
export function roleForTierProblem(role: Role, unit: Pick<UnitNode, 'level' | 'name' | 'code'>): string | null {
  if (rolesForTier(unit.level).includes(role)) return null;
  return `Vai trò "${role}" không dùng cho "${unit.name}" (${unit.code}): ${
    unit.level >= 4 ? 'tổ công tác chỉ có người báo cáo' : 'quản trị viên thuộc cấp cao nhất'
  } / role "${role}" is not for ${unit.code}: ${unit.level >= 4 ? 'a task team has reporters only' : 'administrators belong to the top unit'}`;
}

function requireRoleForTier(role: Role, unit: UnitNode): void {
  const problem = roleForTierProblem(role, unit);
  if (problem) throw new ValidationError(problem);
}

/** A unit code in a body that names no unit (or none the caller may know of). */
export const noSuchUnit = (code: string) =>
  new ValidationError(`Không có đơn vị "${code}" / no unit "${code}"`, { unit: code }, 'unit_not_found');

export class AdminUserService {
  private readonly orm;

  constructor(
    private readonly sqlite: Sqlite,
    private readonly catalog: CatalogService,
    private readonly users: UserService,
    private readonly audit: AuditService,
    private readonly settings: SettingsService,
  ) {
    this.orm = ormOf(sqlite);
  }

  list(p: Principal, q: UsersQuery): UsersReply {
    const where: SQL[] = [];
    // The subtree as a path prefix in SQL (isInScopeToday, for the page's rows and count alike).
    if (p.role !== 'admin') where.push(underPath(p.unit.path));
    if (q.unit) {
      const unit = this.catalog.unit(q.unit);
      this.requireNamedUnitScope(p, unit);
      where.push(underPath(unit.path));
    }
    if (q.role) where.push(eq(users.role, q.role));
    if (q.state === 'active') where.push(eq(users.active, true));
    if (q.state === 'disabled') where.push(eq(users.active, false));
    if (q.state === 'pending') where.push(and(eq(users.active, true), eq(users.mustChangePassword, true)) as SQL);
    if (q.q) {
      // a phone number is found however it was typed: its digits are matched against the stored national form
      const lower = likePattern(q.q.toLowerCase());
      const digits = normalizePhone(q.q);
      where.push(
        or(
          likeEscaped(users.username, lower),
          likeEscaped(users.displayName, likePattern(q.q)),
          likeEscaped(users.email, lower),
          ...(digits === null ? [] : [eq(users.phone, digits)]),
        ) as SQL,
      );
    }
    const clause = and(...where);
    const total = this.orm.select({ n: count() }).from(users).innerJoin(units, eq(units.id, users.unitId)).where(clause).get()?.n ?? 0;
    const rows = this.orm
      .select(ROW)
      .from(users)
      .innerJoin(units, eq(units.id, users.unitId))
      .where(clause)
      .orderBy(asc(users.username))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .all();
    return { total, page: q.page, pageSize: q.pageSize, users: rows.map((r) => this.toUser(r)) };
  }

  get(p: Principal, username: string): AdminUser {
    const row = this.row(username);
    this.requireUnitScope(p, this.unitOf(row));
    return this.toUser(row);
  }

  async create(p: Principal, body: UserCreateBody, ip: string | null): Promise<{ user: AdminUser; temporaryPassword: string }> {
    const unit = this.usableUnit(body.unit);
    this.requireNamedUnitScope(p, unit, noSuchUnit);
    this.requireGrantable(p, body.role);
    requireRoleForTier(body.role, unit);
    const { temporaryPassword } = await this.users.create(
      {
        username: body.username,
        displayName: body.displayName,
        unitCode: unit.code,
        role: body.role,
        phone: body.phone ?? null,
        email: body.email ?? null,
      },
      actorOf(p),
      ip,
    );
    return { user: this.toUser(this.row(body.username.trim().toLowerCase())), temporaryPassword: temporaryPassword as string };
  }

  update(p: Principal, username: string, patch: UserPatchBody, ip: string | null): AdminUser {
    const row = this.row(username);
    this.requireUnitScope(p, this.unitOf(row));
    // A secretariat cannot touch an account above its own rank (an admin).
    this.requireGrantable(p, row.role);
    const unit = patch.unit === undefined ? this.unitOf(row) : this.usableUnit(patch.unit);
    if (patch.unit !== undefined) this.requireNamedUnitScope(p, unit, noSuchUnit);
    if (patch.role !== undefined) this.requireGrantable(p, patch.role);
    // only a change of role or unit is checked: an older account that breaks the rule can still be renamed
    if (patch.role !== undefined || patch.unit !== undefined) requireRoleForTier(patch.role ?? row.role, unit);
    if (row.id === p.id && (patch.active === false || (patch.role !== undefined && patch.role !== row.role) || unit.id !== row.unitId)) {
      throw new ForbiddenError(
        'Không thể tự khóa, đổi vai trò hay đơn vị của chính mình / you cannot disable yourself or change your own role or unit',
      );
    }
    const phone = patch.phone === undefined ? row.phone : patch.phone;
    const email = patch.email === undefined ? row.email : patch.email;
    const before: Record<string, string | null> = { displayName: row.displayName, unit: this.unitOf(row).code, role: row.role };
    const after: Record<string, string | null> = {
      displayName: patch.displayName ?? row.displayName,
      unit: unit.code,
      role: patch.role ?? row.role,
    };
    // contacts go into the audit entry only when they change: the log stays about what happened
    if (phone !== row.phone || email !== row.email) {
      Object.assign(before, { phone: row.phone, email: row.email });
      Object.assign(after, { phone, email });
    }
    const changed = Object.keys(after).some((k) => before[k] !== after[k]);
    this.sqlite.transaction(() => {
      if (changed) {
        this.orm
          .update(users)
          .set({
            displayName: after.displayName as string,
            unitId: unit.id,
            role: after.role as Role,
            phone,
            email,
            updatedAt: new Date().toISOString(),
          })
          .where(eq(users.id, row.id))
          .run();
        noteLocalWrite(this.sqlite);
        this.audit.record({ actor: actorOf(p), action: 'user.update', unitId: unit.id, target: row.username, before, after, ip });
      }
      // Disabling ends the sessions and revokes the tokens in this same transaction.
      if (patch.active !== undefined && patch.active !== row.active) this.users.setActive(row.username, patch.active, actorOf(p), ip);
    })();
    return this.toUser(this.row(row.username));
  }

  async resetPassword(p: Principal, username: string, ip: string | null): Promise<string> {
    const row = this.row(username);
    this.requireUnitScope(p, this.unitOf(row));
    this.requireGrantable(p, row.role);
    if (row.id === p.id) {
      throw new ForbiddenError('Hãy đổi mật khẩu của chính mình ở mục Tài khoản / change your own password from your account menu');
    }
    return (await this.users.setPassword(row.username, null, actorOf(p), ip)) as string;
  }

  private row(username: string): Row {
    const r = this.orm.select(ROW).from(users).where(eq(users.username, username.trim().toLowerCase())).get();
    if (!r) throw new NotFoundError(`Không tìm thấy tài khoản "${username}" / user "${username}" not found`);
    return r;
  }

  private unitOf(row: Row): UnitNode {
    const u = this.catalog.get().units.get(row.unitId);
    if (!u) throw new ValidationError(`Đơn vị của tài khoản không còn / the account's unit no longer exists`);
    return u;
  }

  /** A unit that exists today: accounts are not opened for merged or abolished units. */
  usableUnit(code: string): UnitNode {
    const cat = this.catalog.get();
    const unit = unitByCodeAt(cat, code, this.settings.currentPeriod()) ?? cat.unitsByCode.get(code)?.at(-1);
    if (!unit) throw noSuchUnit(code);
    if (unit.validTo !== null && unit.validTo < this.settings.defaultPeriod()) {
      throw new ValidationError(
        `Đơn vị "${unit.name}" không còn hoạt động / unit "${code}" no longer exists`,
        { unit: code, name: unit.name },
        'unit_ended',
      );
    }
    return unit;
  }

  /**
   * A unit the caller named: outside its subtree, 403 if the caller can know of it, else the
   * answer an unknown code gets in the same place.
   */
  requireNamedUnitScope(p: Principal, unit: UnitNode, unknown: (code: string) => Error = unknownUnit): void {
    if (!isInScope(p, unit) && !couldKnowUnit(this.catalog.get(), p, unit)) throw unknown(unit.code);
    this.requireUnitScope(p, unit);
  }

  private requireUnitScope(p: Principal, unit: UnitNode): void {
    if (!isInScope(p, unit)) {
      throw new ForbiddenError(
        `Đơn vị "${unit.name}" (${unit.code}) nằm ngoài phạm vi quản lý của bạn / unit ${unit.code} is outside your scope`,
        { unit: unit.code },
        'no_access',
      );
    }
  }

  requireGrantable(p: Principal, role: Role): void {
    if (!mayGrant(p.role, role)) {
      throw new ForbiddenError(
        `Không thể cấp vai trò cao hơn vai trò của bạn (${role}) / you cannot grant a role above your own (${role})`,
        { role },
        'role_above_yours',
      );
    }
  }

  private toUser(r: Row): AdminUser {
    const u = this.catalog.get().units.get(r.unitId);
    return {
      username: r.username,
      displayName: r.displayName,
      role: r.role,
      // the unit's life, as /api/me says it: an account whose unit ended is to be moved to a successor
      unit: u
        ? { code: u.code, name: u.name, level: u.level, type: u.type, validFrom: u.validFrom, validTo: u.validTo }
        : { code: '?', name: '?', level: 0, type: '' },
      active: r.active,
      mustChangePassword: r.mustChangePassword,
      phone: r.phone,
      email: r.email,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    };
  }
}
