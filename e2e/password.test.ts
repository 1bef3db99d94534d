/**
 * Credentials die with the password, as the person changing it is told. An administrator creates
 * an account; its first sign-in with the one-time password opens nothing but the change form,
 * which says what a change ends. Later the same person changes the password again from the user
 * menu: the API token they made in between stops working, the confirmation says so, and the
 * tokens page lists it as revoked. Finally "sign out everywhere" ends the session they are in.
 */
import { request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchSession, type Session } from './browser.ts';
import { DEMO_PASSWORD, expectAccessible, expectNoSideScroll, settle } from './helpers.ts';

const hasChromium = inject('chromium');
const base = inject('baseUrl');
if (!hasChromium) console.warn('[e2e] Chromium missing: skipping the password browser test.');

describe.skipIf(!hasChromium)('changing a password', () => {
  let session: Session;
  beforeAll(async () => {
    session = await launchSession();
  });
  afterAll(() => session?.close());

  it('revokes tokens and says so, from the first sign-in and from the user menu; sign out everywhere ends this session', async () => {
    // The administrator's part, over the API: a new reporter account for a team of Hồng Hà.
    const admin = await request.newContext();
    expect((await admin.post(`${base}/api/auth/login`, { data: { username: 'admin', password: DEMO_PASSWORD } })).status()).toBe(200);
    const { csrfToken } = (await (await admin.get(`${base}/api/me`)).json()) as { csrfToken: string };
    const created = await admin.post(`${base}/api/users`, {
      headers: { 'x-csrf-token': csrfToken },
      data: { username: 'to2.e2e.matkhau', displayName: 'Lê Văn Mật', unit: '00001-02', role: 'reporter' },
    });
    expect(created.status(), await created.text()).toBe(201);
    const { temporaryPassword } = (await created.json()) as { temporaryPassword: string };
    await admin.dispose();

    const page = await session.context.newPage();
    await page.goto(`${base}/`);
    await page.locator('#login-username').fill('to2.e2e.matkhau');
    await page.locator('#login-password').fill(temporaryPassword);
    await page.locator('button[type=submit]').click();
    // Nothing but the change form opens, and it says what a change ends.
    await page.locator('[data-testid=change-password]').waitFor();
    expect(await page.locator('[data-testid=password-revokes]').textContent()).toMatch(/mã truy cập API của bạn bị thu hồi/);
    const first = 'Mat-khau-rieng-2026';
    await page.locator('input[name=current]').fill(temporaryPassword);
    await page.locator('input[name=next]').fill(first);
    await page.locator('input[name=repeat]').fill(first);
    await page.locator('[data-testid=change-password] button[type=submit]').click();
    await page.locator('[data-testid=overview-heading]').waitFor();

    // A token for another system, made in the SPA.
    await page.locator('[data-testid=user-menu] summary').click();
    await page.locator('[data-testid=nav-tokens]').click();
    await page.waitForURL((u) => u.pathname === '/tokens');
    await page.locator('#token-name').fill('Bảng tính của tổ');
    await page.locator('button[type=submit]').click();
    const token = (await page.locator('[data-testid=token-value]').textContent()) ?? '';
    expect(token).toMatch(/^t06_/);
    const read = () =>
      page.context().request.get(`${base}/api/units/00001-02/figures?period=2026-11`, {
        headers: { authorization: `Bearer ${token}`, cookie: '' },
      });
    expect((await read()).status()).toBe(200);

    // The voluntary change, from the user menu.
    await page.locator('[data-testid=user-menu] summary').click();
    await page.locator('[data-testid=nav-password]').click();
    await page.waitForURL((u) => u.pathname === '/password');
    await page.locator('[data-testid=change-password]').waitFor();
    expect(await page.locator('[data-testid=password-revokes]').isVisible()).toBe(true);
    await expectAccessible(page, 'password change');
    await expectNoSideScroll(page, 'password change');
    const second = 'Mat-khau-moi-thang-12';
    await page.locator('input[name=current]').fill(first);
    await page.locator('input[name=next]').fill(second);
    await page.locator('input[name=repeat]').fill(second);
    await page.locator('[data-testid=change-password] button[type=submit]').click();
    const done = page.locator('[data-testid=password-changed]');
    await done.waitFor();
    expect(await done.textContent()).toMatch(/mã truy cập API của bạn đã bị thu hồi/);
    expect((await read()).status()).toBe(401);
    // This session goes on (its cookie was renewed); the tokens page lists the token as revoked.
    await page.goto(`${base}/tokens`);
    const row = page.locator('[data-testid=token-table] tbody tr', { hasText: 'Bảng tính của tổ' });
    await expect.poll(() => row.textContent()).toContain('Đã thu hồi');

    // Sign out everywhere: this session ends too, and the app says so by showing the login form.
    await page.locator('[data-testid=user-menu] summary').click();
    await page.locator('[data-testid=logout-everywhere]').click();
    await page.locator('#login-username').waitFor();
    await settle(page);
    expect((await page.context().request.get(`${base}/api/me`)).status()).toBe(401);
  });
});
