/**
 * Administration in headless Chromium: the city secretariat opens an account for a task team of
 * Hồng Hà (Tổ dân phố số 5 of the former Phúc Xá), the new user signs in with the one-time password
 * and must choose their own, then the secretariat moves the 70 % target to 80 % from the open
 * period and the dashboard shows it at once.
 */
import type { FiguresReply, PeriodInfo, UsersReply } from '@tiendo/shared';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { defaultPeriod } from '../client/src/features/catalog/queries.ts';
import { openPeriod } from '../client/src/features/reporting/report-view.ts';
import { formatPercent } from '../client/src/i18n/format.ts';
import { launchSession, type Session } from './browser.ts';
import { api, expectAccessible, expectNoSideScroll, screenshots, settle, signIn } from './helpers.ts';

const hasChromium = inject('chromium');
const base = inject('baseUrl');
if (!hasChromium) console.warn('[e2e] Chromium missing: skipping the administration browser tests.');

const TEAM = '00001-05';
const USERNAME = 'to5.phucxa.moi';
const NEW_PASSWORD = 'to-nam-phuc-xa-2026';

describe.skipIf(!hasChromium)('administration', () => {
  let secretariat: Session;
  let page: Page;
  let oneTime = '';

  beforeAll(async () => {
    secretariat = await launchSession();
    page = await secretariat.context.newPage();
    await signIn(page, base, 'thuky');
  });
  afterAll(async () => {
    // Leave the shared demo database as the other browser tests expect it: the 70 % target.
    if (page) {
      const req = page.context().request;
      const me = (await (await req.get(`${base}/api/me`)).json()) as { csrfToken: string };
      await req.put(`${base}/api/kpis/tthc_tich_hop/targets`, {
        data: [{ level: 1, value: 70, deadline: '2022-12' }],
        headers: { 'x-csrf-token': me.csrfToken },
      });
    }
    await secretariat?.close();
  });

  it('the secretariat creates an account for a task team and sees its one-time password once', async () => {
    await page.locator('[data-testid=admin-open]').click();
    await page.waitForURL(/\/admin\/users$/);
    await page.locator('[data-testid=users-table]').waitFor();
    await settle(page);
    await expectAccessible(page, 'admin users');
    await screenshots(page, 'admin-users');
    await expectNoSideScroll(page, 'administration, accounts');

    await page.locator('[data-testid=user-create]').click();
    const dialog = page.locator('dialog[open]');
    await dialog.getByLabel('Tên đăng nhập').fill('Sai Tên');
    // validated as you type, in words
    await expect.poll(() => dialog.locator('.field-error').first().textContent()).toContain('chữ thường');
    await dialog.getByLabel('Tên đăng nhập').fill(USERNAME);
    await dialog.getByLabel('Họ tên / tên hiển thị').fill('Tổ công tác 06 – Tổ dân phố số 5, Phúc Xá');
    await dialog.getByLabel('Đơn vị').fill(TEAM);
    await dialog.locator('.unit-results button', { hasText: TEAM }).click();
    await expect.poll(() => dialog.locator('[data-testid=unit-chosen]').textContent()).toContain(TEAM);
    await dialog.locator('[data-testid=user-save]').click();

    const otp = page.locator('[data-testid=one-time-password]');
    await otp.waitFor();
    oneTime = (await otp.textContent()) ?? '';
    expect(oneTime).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    await expectAccessible(page, 'admin one-time password');
    await page.getByRole('button', { name: 'Xong' }).click();
    await expect.poll(() => page.locator('dialog[open]').count()).toBe(0);

    const listed = await api<UsersReply>(page, base, `/users?q=${USERNAME}`);
    expect(listed.users).toMatchObject([{ username: USERNAME, unit: { code: TEAM }, role: 'reporter', mustChangePassword: true }]);
  });

  it('the new user signs in with it, must choose a new password, then sees its unit', async () => {
    const user = await launchSession();
    try {
      const p = await user.context.newPage();
      await p.goto(`${base}/`);
      await p.locator('#login-username').fill(USERNAME);
      await p.locator('#login-password').fill(oneTime);
      await p.locator('button[type=submit]').click();
      const form = p.locator('[data-testid=change-password]');
      await form.waitFor();
      await expectAccessible(p, 'change password');
      // Nothing else opens: data routes answer 403 until the password is changed.
      expect((await p.context().request.get(`${base}/api/units/${TEAM}`)).status()).toBe(403);

      await form.getByLabel('Mật khẩu hiện tại').fill(oneTime);
      await form.getByLabel('Mật khẩu mới', { exact: true }).fill('ngan');
      await expect.poll(() => form.locator('.form-error').textContent()).toContain('ít nhất 10 ký tự');
      await form.getByLabel('Mật khẩu mới', { exact: true }).fill(NEW_PASSWORD);
      await form.getByLabel('Nhập lại mật khẩu mới').fill(NEW_PASSWORD);
      await form.locator('button[type=submit]').click();

      await p.locator('[data-testid=overview-heading]').waitFor();
      const unit = await api<{ name: string }>(p, base, `/units/${TEAM}`);
      await expect.poll(() => p.locator('[data-testid=overview-heading]').textContent()).toContain(unit.name);
      expect(await p.locator('[data-testid=admin-open]').count()).toBe(0);
    } finally {
      await user.close();
    }
  });

  it('the secretariat moves the 70 % target to 80 % from the open period and the dashboard shows the new attainment there', async () => {
    await page.goto(`${base}/admin/kpis/tthc_tich_hop`);
    const value = page.locator('[data-testid=target-value]').first();
    await value.waitFor();
    expect(await value.inputValue()).toBe('70');
    await value.fill('tám mươi');
    await expect.poll(() => page.locator('[data-testid=targets] .field-error').first().textContent()).toContain('Nhập một số');
    await value.fill('80');
    await page.locator('[data-testid=targets-save]').click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu' }).first().waitFor();
    await expectAccessible(page, 'admin KPI editor');
    await screenshots(page, 'admin-kpi');

    await page.getByRole('link', { name: /Về bảng điều khiển/ }).click();
    await page.locator('[data-testid=gauge-tthc_tich_hop]').waitFor();
    await settle(page);
    // A target holds from the open period on: the month the dashboard opens on keeps 70 %…
    const periods = await api<PeriodInfo[]>(page, base, '/periods');
    const closed = new URL(page.url()).searchParams.get('period') ?? defaultPeriod(periods);
    const kept = (await api<FiguresReply>(page, base, `/units/01/figures?period=${closed}`)).figures.find((x) => x.kpi === 'tthc_tich_hop');
    expect(kept?.target).toBe(70);
    // …and the open period, chosen on the dashboard, is judged by 80 %.
    const period = openPeriod(periods) ?? '';
    await page.locator('[data-testid=period-picker]').selectOption(period);
    await expect.poll(() => new URL(page.url()).searchParams.get('period')).toBe(period);
    await page.locator('[data-testid=gauge-tthc_tich_hop]').waitFor();
    await settle(page);
    const figs = await api<FiguresReply>(page, base, `/units/01/figures?period=${period}`);
    const f = figs.figures.find((x) => x.kpi === 'tthc_tich_hop');
    expect(f?.target).toBe(80);
    const caption = await page.locator('[data-testid=gauge-tthc_tich_hop] figcaption').textContent();
    expect(caption).toContain(formatPercent(80, 'vi', 0));
    expect(caption).not.toContain(formatPercent(70, 'vi', 0));
    const label = await page.locator('[data-testid=gauge-tthc_tich_hop] svg').getAttribute('aria-label');
    expect(label).toContain(formatPercent(f?.value ?? null, 'vi'));
    expect(label).toContain(formatPercent(80, 'vi', 0));
  });

  it('disabling asks first, then ends the sessions of the account at once', async () => {
    const other = await launchSession();
    try {
      const signIn = await other.context.request.post(`${base}/api/auth/login`, { data: { username: USERNAME, password: NEW_PASSWORD } });
      expect(signIn.status()).toBe(200);
      expect((await other.context.request.get(`${base}/api/me`)).status()).toBe(200);

      await page.goto(`${base}/admin/users`);
      await page.getByLabel('Tìm kiếm').fill(USERNAME);
      const row = page.locator('[data-testid=users-table] tbody tr', { hasText: USERNAME });
      await expect.poll(() => page.locator('[data-testid=users-table] tbody tr').count()).toBe(1);
      await row.getByRole('button', { name: /Khóa/ }).click();
      const dialog = page.locator('dialog[open]');
      await expect.poll(() => dialog.textContent()).toContain('kết thúc ngay');
      expect((await other.context.request.get(`${base}/api/me`)).status()).toBe(200);
      await dialog.locator('[data-testid=confirm]').click();
      await expect.poll(() => row.textContent()).toContain('Đã khóa');
      expect((await other.context.request.get(`${base}/api/me`)).status()).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('the reporting calendar lists the periods with their states and refuses a cut-off of 29 in words', async () => {
    await page.goto(`${base}/admin/calendar`);
    await page.locator('[data-testid=periods-table]').waitFor();
    await settle(page);
    expect(await page.locator('[data-testid=periods-table] .period-open').count()).toBeGreaterThan(0);
    const cutoff = page.locator('[data-testid=calendar-cutoffDay]');
    expect(await cutoff.inputValue()).toBe('14');
    await cutoff.fill('29');
    await expect.poll(() => page.locator('.field-error').first().textContent()).toContain('từ 1 đến 28');
    expect(await page.getByRole('button', { name: 'Lưu' }).isDisabled()).toBe(true);
    await expectAccessible(page, 'admin calendar');
    await screenshots(page, 'admin-calendar');
  });
});
