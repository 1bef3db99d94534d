/** Checks of the account form as the secretariat types, in words, from the shared schemas. */
import { emailSchema, normalizePhone, type Role, userCreateBodySchema } from '@tiendo/shared';
import { mayGrant, rolesForTier } from '@tiendo/shared/permissions';

export interface UserDraft {
  username: string;
  displayName: string;
  unit: string | null;
  role: Role;
  /** As typed; empty = none. */
  phone?: string;
  email?: string;
  /** The chosen unit's tier, when known: a task team takes reporters only. */
  unitLevel?: number | null;
}

export type UserFormProblems = Partial<Record<'username' | 'displayName' | 'unit' | 'role' | 'phone' | 'email', string>>;

/** Problems as i18n keys, so the screen says them in the reader's language. */
export function userFormProblems(d: UserDraft, myRole: Role, creating: boolean): UserFormProblems {
  const out: UserFormProblems = {};
  const shape = userCreateBodySchema.shape;
  if (creating && !shape.username.safeParse(d.username).success) out.username = 'admin.users.usernameRule';
  if (!shape.displayName.safeParse(d.displayName).success) out.displayName = 'admin.users.displayNameRequired';
  if (!d.unit) out.unit = 'admin.users.unitRequired';
  if (!mayGrant(myRole, d.role)) out.role = 'admin.users.roleTooHigh';
  else if (d.unitLevel != null && !rolesForTier(d.unitLevel).includes(d.role)) out.role = 'admin.users.roleNotForTier';
  if (d.phone?.trim() && normalizePhone(d.phone) === null) out.phone = 'admin.users.phoneRule';
  if (d.email?.trim() && !emailSchema.safeParse(d.email).success) out.email = 'admin.users.emailRule';
  return out;
}

/** A contact field as the API takes it: empty is "none" (null), anything else as typed (the server normalises). */
export function contactValue(typed: string): string | null {
  return typed.trim() === '' ? null : typed.trim();
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
  user: { displayName: string; role: Role; unit: UnitLike; phone?: string | null; email?: string | null },
  d: { displayName: string; role: Role; unit: UnitLike | null; phone?: string; email?: string },
): { displayName: string; role: Role; unit?: string; phone?: string | null; email?: string | null } {
  const out: { displayName: string; role: Role; unit?: string; phone?: string | null; email?: string | null } = {
    displayName: d.displayName,
    role: d.role,
  };
  if (d.unit && !sameUnit(d.unit, user.unit)) out.unit = d.unit.code;
  // contacts only when they changed: the same number typed with other spacing is no change
  if (d.phone !== undefined) {
    const phone = contactValue(d.phone);
    const same = phone === null ? user.phone == null : normalizePhone(phone) === (user.phone ?? null);
    if (!same) out.phone = phone;
  }
  if (d.email !== undefined) {
    const email = contactValue(d.email);
    if ((email?.toLowerCase() ?? null) !== (user.email ?? null)) out.email = email;
  }
  return out;
}

/** A cell of a sheet opened in Excel: quoted where it would break a row, never run as a formula. */
function csvCell(v: string | null): string {
  const s = v ?? '';
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r;]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export interface CreatedAccount {
  username: string;
  displayName: string;
  unit: { code: string; name: string };
  role: Role;
  phone: string | null;
  email: string | null;
  temporaryPassword: string;
}

/**
 * The one-time passwords of an import as a sheet to hand out: UTF-8 with a BOM so Excel shows
 * Vietnamese, CRLF rows, phones grouped (so Excel keeps them as text, leading 0 and all).
 */
export function passwordsCsv(
  accounts: readonly CreatedAccount[],
  labels: { header: readonly string[]; role: (r: Role) => string; phone: (national: string) => string },
): string {
  const lines = [labels.header.map(csvCell).join(',')];
  for (const a of accounts) {
    lines.push(
      [
        a.username,
        a.displayName,
        a.unit.code,
        a.unit.name,
        labels.role(a.role),
        a.phone && labels.phone(a.phone),
        a.email,
        a.temporaryPassword,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
