/**
 * Who is asking: the account behind a session cookie or an API token, as every route and service
 * sees it. Built from the account's row and its unit on today's map; a disabled account, or one
 * whose unit is gone, is nobody.
 */
import type { User } from '@tiendo/shared';
import { users } from '../db/schema.ts';
import type { CatalogService, UnitNode } from './catalog-service.ts';
import { USER_RECORD, type UserRecord } from './user-service.ts';

export interface Principal {
  id: number;
  username: string;
  displayName: string;
  role: User['role'];
  unit: UnitNode;
  mustChangePassword: boolean;
  via: 'session' | 'token';
  sessionId: string | null;
  csrfToken: string | null;
}

/** An account as a password check reads it: its record and its hash. */
export type AccountWithHash = UserRecord & Pick<typeof users.$inferSelect, 'passwordHash'>;

/** The columns of an AccountWithHash, for the query builder's select. */
export const ACCOUNT_WITH_HASH = { ...USER_RECORD, passwordHash: users.passwordHash };

export function principalOf(
  catalog: CatalogService,
  row: UserRecord,
  via: Principal['via'],
  sessionId: string | null,
  csrfToken: string | null,
): Principal | null {
  const unit = catalog.get().units.get(row.unitId);
  if (!unit || !row.active) return null;
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    unit,
    mustChangePassword: row.mustChangePassword,
    via,
    sessionId,
    csrfToken,
  };
}

/** The account as the API shows it to its owner. */
export function toUser(p: Pick<Principal, 'username' | 'displayName' | 'role' | 'unit' | 'mustChangePassword'>): User {
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
