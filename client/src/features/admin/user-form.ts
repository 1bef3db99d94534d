/** Checks of the account form as the secretariat types, in words, from the shared schemas. */
import { ROLE_RANK, type Role, userCreateBodySchema } from '@tiendo/shared';

export interface UserDraft {
  username: string;
  displayName: string;
  unit: string | null;
  role: Role;
}

export type UserFormProblems = Partial<Record<'username' | 'displayName' | 'unit' | 'role', string>>;

/** Problems as i18n keys, so the screen says them in the reader's language. */
export function userFormProblems(d: UserDraft, myRole: Role, creating: boolean): UserFormProblems {
  const out: UserFormProblems = {};
  const shape = userCreateBodySchema.shape;
  if (creating && !shape.username.safeParse(d.username).success) out.username = 'admin.users.usernameRule';
  if (!shape.displayName.safeParse(d.displayName).success) out.displayName = 'admin.users.displayNameRequired';
  if (!d.unit) out.unit = 'admin.users.unitRequired';
  if (ROLE_RANK[d.role] > ROLE_RANK[myRole]) out.role = 'admin.users.roleTooHigh';
  return out;
}

type UnitLike = { code: string; name: string };

/**
 * The same unit: a code names one unit in a period, and the new Phường Ba Đình kept the code of
 * Trúc Bạch (00004), so the name tells the two apart where the code cannot.
 */
export function sameUnit(a: UnitLike | null, b: UnitLike | null): boolean {
  return a === b || (a !== null && b !== null && a.code === b.code && a.name === b.name);
}

/**
 * What an edit sends: the unit only when it changed. An account whose unit ended can still be
 * renamed or given another role; resending its ended unit would be refused as "no longer exists".
 */
export function patchOf(
  user: { displayName: string; role: Role; unit: UnitLike },
  d: { displayName: string; role: Role; unit: UnitLike | null },
): { displayName: string; role: Role; unit?: string } {
  const out: { displayName: string; role: Role; unit?: string } = { displayName: d.displayName, role: d.role };
  if (d.unit && !sameUnit(d.unit, user.unit)) out.unit = d.unit.code;
  return out;
}
