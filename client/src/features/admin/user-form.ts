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
