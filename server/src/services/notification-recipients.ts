/**
 * Who receives a unit's notices: those who enter its report — its reporters, or, for a commune
 * without one, its approvers and secretariat — and the holders of a role (approvers for the
 * digest, leaders for "month complete"). Only active accounts; the address is for the mail copy.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { ormOf, type Sqlite } from '../db/client.ts';
import { users } from '../db/schema.ts';

type UserRow = typeof users.$inferSelect;
export type Recipient = Pick<UserRow, 'id' | 'email'>;
type Candidate = Recipient & Pick<UserRow, 'role'>;

function pickReporters(all: readonly Candidate[]): Recipient[] {
  const reporters = all.filter((u) => u.role === 'reporter');
  return (reporters.length > 0 ? reporters : all).map(({ id, email }) => ({ id, email }));
}

const ph = sql.placeholder;

export class NotificationRecipients {
  private readonly q;

  constructor(sqlite: Sqlite) {
    const orm = ormOf(sqlite);
    // Those who may enter a unit's report.
    const mayEnter = and(eq(users.active, true), inArray(users.role, ['reporter', 'approver', 'secretariat']));
    this.q = {
      people: orm
        .select({ id: users.id, email: users.email, role: users.role })
        .from(users)
        .where(and(eq(users.unitId, ph('unitId')), mayEnter))
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
        .where(and(eq(users.active, true), sql`${users.role} IN (SELECT value FROM json_each(${ph('roles')}))`))
        .prepare(),
    };
  }

  /** The accounts that fill in the unit's report: its reporters, or if it has none, its approvers and secretariat. */
  reportersOf(unitId: number): Recipient[] {
    return pickReporters(this.q.people.all({ unitId }));
  }

  /** The same for every unit at once, for the tick's sweep over thousands of units. */
  reportersByUnit(): Map<number, Recipient[]> {
    const byUnit = new Map<number, Candidate[]>();
    for (const u of this.q.everyone.all()) {
      const list = byUnit.get(u.unitId) ?? [];
      list.push(u);
      byUnit.set(u.unitId, list);
    }
    return new Map([...byUnit].map(([unit, list]) => [unit, pickReporters(list)]));
  }

  /** Active accounts holding one of the roles, with their unit. */
  withRoles(roles: readonly UserRow['role'][]): (Recipient & Pick<UserRow, 'unitId'>)[] {
    return this.q.byRole.all({ roles: JSON.stringify(roles) });
  }
}
