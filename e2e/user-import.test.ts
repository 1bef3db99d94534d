/**
 * Accounts in bulk in headless Chromium: the city secretariat downloads the template, uploads a
 * file with one bad phone number and reads the refusal row by row, uploads the corrected file,
 * downloads the one-time passwords sheet, and finds the new accounts (with their phones) in the
 * list. The dialog and the list fit a 390 px phone.
 */
import { readFileSync } from 'node:fs';
import { formatPhone, type UsersReply } from '@tiendo/shared';
import { type Download, type Page, request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchSession, type Session } from './browser.ts';
import { api, expectAccessible, expectNoSideScroll, screenshots, settle, signIn } from './helpers.ts';

const hasChromium = inject('chromium');
const base = inject('baseUrl');
if (!hasChromium) console.warn('[e2e] Chromium missing: skipping the account import browser tests.');

const HEADER = 'username,full_name,unit_code,role,phone,email';
const LABELS = 'Tên đăng nhập,Họ tên,Mã đơn vị,Vai trò,Số điện thoại,Email';
const ROWS = [
  'nhap.00001-07,"Tổ dân phố số 7, Phúc Xá",00001-07,reporter,0912 000 111,to11@phucxa.gov.vn',
  'nhap.00001-08,"Tổ dân phố số 8, Phúc Xá",00001-08,Người báo cáo,+84 98 000 1212,',
];
const file = (lines: string[]) => ({
  name: 'tai-khoan.csv',
  mimeType: 'text/csv',
  buffer: Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8'),
});
const text = async (d: Download) => readFileSync((await d.path()) as string, 'utf8');

describe.skipIf(!hasChromium)('accounts in bulk', () => {
  let session: Session;
  let page: Page;

  beforeAll(async () => {
    session = await launchSession();
    page = await session.context.newPage();
    await signIn(page, base, 'thuky');
  });
  afterAll(async () => {
    await session?.close();
  });

  it('the secretariat imports a small file, downloads the passwords once and sees the new accounts', async () => {
    await page.goto(`${base}/admin/users`);
    await page.locator('[data-testid=users-table]').waitFor();
    await page.locator('[data-testid=users-import]').click();
    const dialog = page.locator('dialog[open]');
    await dialog.locator('[data-testid=user-import]').waitFor();

    // the template: the codes row and the label row people read
    const [template] = await Promise.all([page.waitForEvent('download'), dialog.locator('[data-testid=users-template-csv]').click()]);
    const tpl = await text(template);
    expect(tpl).toContain(HEADER);
    expect(tpl).toContain('Tên đăng nhập');

    // one bad phone: nothing is created, the row and the column are named
    await dialog
      .locator('[data-testid=users-import-file]')
      .setInputFiles(file([HEADER, LABELS, ROWS[0] as string, 'nhap.sai,Sai,00001-09,reporter,12345,']));
    await dialog.locator('[data-testid=users-import-submit]').click();
    const errors = dialog.locator('[data-testid=users-import-errors]');
    await errors.waitFor();
    expect(await errors.textContent()).toContain('Số điện thoại');
    expect(await errors.locator('tbody tr').count()).toBe(1);
    expect(await errors.locator('tbody td').first().textContent()).toBe('4');
    await expectAccessible(page, 'account import errors');
    await expectNoSideScroll(page, 'account import errors');
    const none = await api<UsersReply>(page, base, '/users?q=nhap.');
    expect(none.total).toBe(0);

    // the corrected file
    await dialog.locator('[data-testid=users-import-file]').setInputFiles(file([HEADER, LABELS, ...ROWS]));
    await dialog.locator('[data-testid=users-import-submit]').click();
    const done = dialog.locator('[data-testid=users-import-done]');
    await done.waitFor();
    expect(await done.textContent()).toContain('Đã tạo 2 tài khoản');
    await screenshots(page, 'admin-users-import-done');
    await expectAccessible(page, 'account import passwords');
    await expectNoSideScroll(page, 'account import passwords');

    const [sheet] = await Promise.all([page.waitForEvent('download'), done.locator('[data-testid=users-import-passwords]').click()]);
    expect(sheet.suggestedFilename()).toMatch(/^mat-khau-tai-khoan-\d+\.csv$/);
    const lines = (await text(sheet))
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toContain('Mật khẩu dùng một lần');
    expect(lines).toHaveLength(3);
    const row7 = (lines[1] as string).split(',');
    expect(row7[0]).toBe('nhap.00001-07');
    const password = row7.at(-1) as string;
    expect(password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(lines[1]).toContain('0912 000 111');

    // the one-time password opens the account, which must choose its own first
    const other = await request.newContext({ baseURL: base });
    try {
      const login = await other.post('/api/auth/login', { data: { username: 'nhap.00001-07', password } });
      expect(login.status()).toBe(200);
      expect(((await login.json()) as { mustChangePassword: boolean }).mustChangePassword).toBe(true);
    } finally {
      await other.dispose();
    }

    await done.locator('[data-testid=users-import-close]').click();
    await expect.poll(() => page.locator('dialog[open]').count()).toBe(0);

    await page.getByLabel('Tìm kiếm').fill('nhap.');
    const rows = page.locator('[data-testid=users-table] tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    await settle(page);
    const first = rows.filter({ hasText: 'nhap.00001-07' });
    expect(await first.textContent()).toContain(formatPhone('0912000111'));
    expect(await first.locator('a[href^="tel:"]').getAttribute('href')).toBe('tel:0912000111');
    expect(await rows.filter({ hasText: 'nhap.00001-08' }).textContent()).toContain('Chờ đổi mật khẩu');
    await screenshots(page, 'admin-users-imported');
    await expectNoSideScroll(page, 'administration, accounts after an import');
  });
});
