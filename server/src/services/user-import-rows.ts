/**
 * How a row of an accounts file reads: the names a column is known by, the words for each role,
 * and the list of row errors a refusal carries (see `user-import-service.ts`).
 */
import { type ItemParams, ROLES, type Role, USER_IMPORT_COLUMNS, type UserImportColumn, type UserImportError } from '@tiendo/shared';
import { AppError, UnprocessableError } from '../errors.ts';

/** Errors listed in a refusal; the rest are counted. */
export const MAX_LISTED_USER_ERRORS = 200;

/** A header or label as typed: case, accents and spacing aside ("Số điện thoại" = "so_dien_thoai"). */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .trim()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

/** The names a column is known by: its code, its Vietnamese and English labels, a few synonyms. */
const COLUMN_NAMES = new Map<string, UserImportColumn>();
for (const c of USER_IMPORT_COLUMNS) for (const n of [c.code, c.vi, c.en]) COLUMN_NAMES.set(fold(n), c.code);
for (const [n, code] of [
  ['ho_va_ten', 'full_name'],
  ['display_name', 'full_name'],
  ['unit', 'unit_code'],
  ['dien_thoai', 'phone'],
  ['sdt', 'phone'],
  ['thu_dien_tu', 'email'],
] as const)
  COLUMN_NAMES.set(n, code);

/** Roles by code and by the words the screens use for them. */
export const ROLE_NAMES = new Map<string, Role>();
export const ROLE_WORDS: Record<Role, string[]> = {
  reporter: ['Người báo cáo', 'Báo cáo'],
  approver: ['Người duyệt', 'Duyệt'],
  leader: ['Lãnh đạo'],
  secretariat: ['Thường trực', 'Thư ký'],
  admin: ['Quản trị', 'Quản trị viên', 'Administrator'],
};
for (const r of ROLES) for (const n of [r, ...ROLE_WORDS[r]]) ROLE_NAMES.set(fold(n), r);

/** The column a header cell names; a remark in brackets ("Họ tên (bắt buộc)") is not part of it. */
export const columnOf = (h: string) => COLUMN_NAMES.get(fold(h.replace(/\([^)]*\)/g, '')));

const ECHO = 60;
export const clip = (s: string) => (s.length <= ECHO ? s : `${s.slice(0, ECHO)}…`);

/** What a row error says: a stable code, the params of its sentence, and the words in both languages. */
export interface RowProblem {
  code: string;
  params?: ItemParams;
  message: string;
}

export class Errors {
  readonly listed: UserImportError[] = [];
  total = 0;
  push(row: number, column: UserImportColumn | null, problem: RowProblem): void {
    this.total++;
    if (this.listed.length < MAX_LISTED_USER_ERRORS)
      this.listed.push({ row, column, code: problem.code, params: problem.params ?? {}, message: problem.message });
  }
  refusal(): UnprocessableError {
    return new UnprocessableError(
      `${this.total} lỗi trong tệp; chưa tạo tài khoản nào / ${this.total} errors in the file; no account was created`,
      { errors: this.listed, total: this.total, omitted: this.total - this.listed.length },
    );
  }
}

/**
 * An AppError as a row error, keeping its code and (flat) details for the sentence; anything
 * else is a real failure.
 */
export function problemOf(run: () => void): RowProblem | null {
  try {
    run();
    return null;
  } catch (err) {
    if (err instanceof AppError && err.statusCode < 500) {
      const params = err.details && typeof err.details === 'object' && !Array.isArray(err.details) ? (err.details as ItemParams) : {};
      return { code: err.code, params, message: err.message };
    }
    throw err;
  }
}

export function usernameTaken(username: string): RowProblem {
  return { code: 'username_taken', params: { username }, message: `Tên đăng nhập "${username}" đã có / username "${username}" is taken` };
}
