/**
 * Accounts in bulk: a CSV or XLSX of (username, full name, unit code, role, phone, email), one
 * row per account. All or nothing: every row is checked (format, duplicates in the file and in
 * the database, a unit of today's map in the caller's scope, a role the caller may grant and the
 * unit's tier takes, contact details) before anything is written; then every account and its
 * audit entry are written in one transaction. The one-time passwords go back in the reply and
 * nowhere else: the server keeps only their hashes, and each must be replaced at first sign-in.
 *
 * The file is bounded and read off the event loop like a report import (the uploads worker pool
 * and the reader of bulk-service.ts, which parses CSV through csv.ts).
 */
import {
  displayNameSchema,
  EMAIL_MESSAGE,
  emailSchema,
  normalizePhone,
  PHONE_MESSAGE,
  ROLES,
  type Role,
  USER_IMPORT_COLUMNS,
  type UserImportColumn,
  type UserImportReply,
  usernameSchema,
} from '@tiendo/shared';
import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { noteLocalWrite } from '../db/change-token.ts';
import { ormOf, type Sqlite } from '../db/client.ts';
import { users as userTable } from '../db/schema.ts';
import { ConflictError, UnprocessableError } from '../errors.ts';
import { issueItem } from '../zod-issue.ts';
import { type AdminUserService, actorOf, noSuchUnit, roleForTierProblem } from './admin-user-service.ts';
import type { Principal } from './auth-service.ts';
import type { UnitNode } from './catalog-service.ts';
import { toCsv } from './csv.ts';
import { generatePassword, hashGeneratedPassword } from './password.ts';
import { pools, type UploadLimits, WorkerFailure } from './render-pool.ts';
import { clip, columnOf, Errors, fold, problemOf, ROLE_NAMES, ROLE_WORDS, usernameTaken } from './user-import-rows.ts';
import type { UserService } from './user-service.ts';

/**
 * What an accounts file may hold: every task team and commune of a city in one file (Hà Nội:
 * 5,247 + 126) with its two header rows, six columns and a little room, short cells.
 */
export const USER_UPLOAD_LIMITS: UploadLimits = { maxRows: 6_000, maxColumns: 12, maxCellChars: 200, maxSheets: 5 };

interface Account {
  row: number;
  username: string;
  displayName: string;
  unit: UnitNode;
  role: Role;
  phone: string | null;
  email: string | null;
}

export class UserImportService {
  /** Whether an account already has the name: asked once per row of the file. */
  private readonly taken;

  constructor(
    private readonly sqlite: Sqlite,
    private readonly users: UserService,
    private readonly admin: AdminUserService,
  ) {
    this.taken = ormOf(sqlite)
      .select({ id: userTable.id })
      .from(userTable)
      .where(eq(userTable.username, sql.placeholder('username')))
      .prepare();
  }

  /** The file to fill in: the codes row, the label row people read, and text cells (phones keep their 0). */
  async template(format: 'xlsx' | 'csv'): Promise<{ contentType: string; filename: string; body: Buffer }> {
    const codes = USER_IMPORT_COLUMNS.map((c) => c.code);
    const labels = USER_IMPORT_COLUMNS.map((c) => (c.required ? `${c.vi} (bắt buộc)` : c.vi));
    if (format === 'csv') {
      return {
        contentType: 'text/csv; charset=utf-8',
        filename: 'mau-nhap-tai-khoan.csv',
        body: Buffer.from(`\uFEFF${toCsv([codes, labels])}`, 'utf8'),
      };
    }
    const wb = new ExcelJS.Workbook();
    wb.creator = 'Tiến độ 06';
    const ws = wb.addWorksheet('Tài khoản', { views: [{ state: 'frozen', ySplit: 2 }] });
    ws.addRow(codes);
    ws.addRow(labels);
    ws.getRow(1).font = { bold: true, color: { argb: 'FF555555' } };
    ws.getRow(2).font = { bold: true };
    ws.columns.forEach((col, i) => {
      col.width = [18, 30, 14, 16, 16, 28][i] ?? 16;
      // Text, so Excel keeps a phone's leading 0 and a unit code's (00097) as typed.
      col.numFmt = '@';
    });
    const notes = wb.addWorksheet('Hướng dẫn');
    notes.addRows([
      ['Cột', 'Cách điền'],
      ['username', 'Chữ thường không dấu a-z, số 0-9 và ". _ -", 2–64 ký tự; không trùng tài khoản đã có'],
      ['full_name', 'Họ tên hoặc tên hiển thị, tối đa 120 ký tự'],
      ['unit_code', 'Mã đơn vị trên bản đồ hiện nay (ví dụ 00097 hoặc 00001-01), thuộc phạm vi quản lý của bạn'],
      ['role', `Một trong: ${ROLES.map((r) => `${r} (${ROLE_WORDS[r][0]})`).join(', ')}; tổ công tác chỉ có người báo cáo`],
      ['phone', 'Không bắt buộc; số Việt Nam, ví dụ 0912 345 678 hoặc +84 912 345 678'],
      ['email', 'Không bắt buộc; ví dụ ten@donvi.gov.vn'],
      ['', 'Mỗi tài khoản nhận một mật khẩu dùng một lần, chỉ hiện một lần sau khi nhập; phải đổi khi đăng nhập lần đầu.'],
    ]);
    notes.getRow(1).font = { bold: true };
    notes.getColumn(1).width = 14;
    notes.getColumn(2).width = 100;
    const body = Buffer.from(await wb.xlsx.writeBuffer());
    return { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename: 'mau-nhap-tai-khoan.xlsx', body };
  }

  async import(p: Principal, filename: string, buffer: Buffer, ip: string | null): Promise<UserImportReply> {
    const accounts = this.check(p, await readRows(filename, buffer));
    // Hashed before the transaction (scrypt runs on libuv's threads), so the write itself is short.
    const passwords = accounts.map(() => generatePassword());
    const hashes = await Promise.all(passwords.map((pw) => hashGeneratedPassword(pw)));
    const taken = this.taken;
    this.sqlite.transaction(() => {
      // Someone may have opened one of these names while the passwords were hashed.
      const errors = new Errors();
      for (const a of accounts) if (taken.get({ username: a.username })) errors.push(a.row, 'username', usernameTaken(a.username));
      if (errors.total > 0) {
        const refusal = errors.refusal();
        throw new ConflictError(refusal.message, refusal.details);
      }
      accounts.forEach((a, i) => {
        this.users.insert(
          { username: a.username, displayName: a.displayName, unitCode: a.unit.code, role: a.role, phone: a.phone, email: a.email },
          hashes[i] as string,
          true,
          actorOf(p),
          ip,
          'import',
        );
      });
      noteLocalWrite(this.sqlite);
    })();
    return {
      created: accounts.length,
      accounts: accounts.map((a, i) => ({
        row: a.row,
        username: a.username,
        displayName: a.displayName,
        unit: { code: a.unit.code, name: a.unit.name },
        role: a.role,
        phone: a.phone,
        email: a.email,
        temporaryPassword: passwords[i] as string,
      })),
    };
  }

  /** Every row checked; the accounts to create, or a 422 listing what is wrong row by row. */
  private check(p: Principal, rows: string[][]): Account[] {
    const errors = new Errors();
    const header = (rows[0] ?? []).map((h) => h.trim());
    const index = new Map<UserImportColumn, number>();
    header.forEach((h, i) => {
      if (h === '') return;
      const code = columnOf(h);
      if (!code)
        errors.push(1, null, {
          code: 'unknown_column',
          params: { column: clip(h) },
          message: `Cột không thuộc mẫu: "${clip(h)}" / unknown column "${clip(h)}"`,
        });
      else if (index.has(code))
        errors.push(1, code, {
          code: 'column_repeated',
          params: { column: code },
          message: `Cột "${code}" xuất hiện hai lần / column "${code}" appears twice`,
        });
      else index.set(code, i);
    });
    for (const c of USER_IMPORT_COLUMNS)
      if (c.required && !index.has(c.code))
        errors.push(1, c.code, {
          code: 'column_missing',
          params: { column: c.code, name: { vi: c.vi, en: c.en } },
          message: `Thiếu cột "${c.code}" (${c.vi}) / column "${c.code}" missing`,
        });
    if (errors.total > 0) throw errors.refusal();

    const cell = (r: string[], c: UserImportColumn) => {
      const i = index.get(c);
      return i === undefined ? '' : (r[i] ?? '').trim();
    };
    const seen = new Map<string, number>();
    const taken = this.taken;
    const out: Account[] = [];
    rows.forEach((r, i) => {
      const row = i + 1;
      if (i === 0 || r.every((v) => v.trim() === '')) return;
      // The template's second row says in words what each code means.
      if (i === 1 && columnOf(cell(r, 'username')) === 'username') return;
      const before = errors.total;

      const username = cell(r, 'username').toLowerCase();
      if (!usernameSchema.safeParse(username).success) {
        errors.push(row, 'username', {
          code: 'invalid_username',
          params: { username: clip(username) },
          message: `Tên đăng nhập "${clip(username)}" chỉ gồm a-z, 0-9, ".", "_", "-" (2–64 ký tự) / username "${clip(username)}": a-z, 0-9, ".", "_", "-" only, 2 to 64 characters`,
        });
      } else if (seen.has(username)) {
        errors.push(row, 'username', {
          code: 'username_repeated',
          params: { username, row: seen.get(username) as number },
          message: `Tên đăng nhập "${username}" trùng với dòng ${seen.get(username)} / username "${username}" repeats row ${seen.get(username)}`,
        });
      } else {
        seen.set(username, row);
        if (taken.get({ username })) errors.push(row, 'username', usernameTaken(username));
      }

      const displayName = displayNameSchema.safeParse(cell(r, 'full_name'));
      if (!displayName.success) errors.push(row, 'full_name', issueItem(displayName.error.issues[0]));

      const found: { unit?: UnitNode } = {};
      const code = cell(r, 'unit_code');
      const unitProblem = code
        ? problemOf(() => {
            const u = this.admin.usableUnit(code);
            this.admin.requireNamedUnitScope(p, u, noSuchUnit);
            found.unit = u;
          })
        : { code: 'required', message: 'Cần nhập mã đơn vị / a unit code is required' };
      if (unitProblem) errors.push(row, 'unit_code', unitProblem);
      const unit = found.unit ?? null;

      const roleText = cell(r, 'role');
      const role = ROLE_NAMES.get(fold(roleText)) ?? null;
      if (!role) {
        errors.push(row, 'role', {
          code: 'unknown_role',
          params: { role: clip(roleText), roles: ROLES.join(', ') },
          message: `Vai trò "${clip(roleText)}" không có; dùng một trong ${ROLES.join(', ')} / unknown role "${clip(roleText)}"; use one of ${ROLES.join(', ')}`,
        });
      } else {
        const tier = unit ? roleForTierProblem(role, unit) : null;
        const problem =
          problemOf(() => this.admin.requireGrantable(p, role)) ??
          (unit && tier
            ? { code: unit.level >= 4 ? 'team_reporters_only' : 'admin_top_only', params: { role, unit: unit.code }, message: tier }
            : null);
        if (problem) errors.push(row, 'role', problem);
      }

      const phoneText = cell(r, 'phone');
      const phone = phoneText ? normalizePhone(phoneText) : null;
      if (phoneText && !phone)
        errors.push(row, 'phone', {
          code: 'invalid_phone',
          params: { text: clip(phoneText) },
          message: `${PHONE_MESSAGE}: "${clip(phoneText)}"`,
        });

      const emailText = cell(r, 'email');
      const email = emailText ? emailSchema.safeParse(emailText) : null;
      if (email && !email.success)
        errors.push(row, 'email', {
          code: 'invalid_email',
          params: { text: clip(emailText) },
          message: `${EMAIL_MESSAGE}: "${clip(emailText)}"`,
        });

      if (errors.total === before && unit && role && displayName.success) {
        out.push({ row, username, displayName: displayName.data, unit, role, phone, email: email?.success ? email.data : null });
      }
    });
    if (errors.total > 0) throw errors.refusal();
    if (out.length === 0) {
      throw new UnprocessableError('Tệp không có tài khoản nào (chỉ có dòng tiêu đề) / the file holds no accounts, only its header', {
        errors: [
          { row: 1, column: null, code: 'no_accounts', params: {}, message: 'Tệp không có tài khoản nào / the file holds no accounts' },
        ],
        total: 1,
        omitted: 0,
      });
    }
    return out;
  }
}

/** The rows of the file, read in the uploads worker within USER_UPLOAD_LIMITS. */
async function readRows(filename: string, buffer: Buffer): Promise<string[][]> {
  try {
    return await pools.uploads.run<string[][]>({ kind: 'read-upload', filename, data: buffer, limits: USER_UPLOAD_LIMITS });
  } catch (err) {
    if (err instanceof WorkerFailure) {
      throw new UnprocessableError(
        'Tệp quá lớn hoặc quá phức tạp để đọc; hãy dùng mẫu nhập tài khoản / the file is too large or too complex to read; use the accounts template',
        undefined,
        'upload_too_complex',
      );
    }
    throw err;
  }
}
