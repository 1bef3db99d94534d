/**
 * A ward approver (the new Phường Ba Đình, `00004` since 2025-07) creates a personal API token in
 * the SPA, sees it once, another system reads the ward's figures with it — today's and those of the
 * wards it was made from — and nothing outside, and the owner revokes it.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchSession, type Session } from './browser.ts';
import { expectAccessible, screenshots, settle, signIn } from './helpers.ts';

const hasChromium = inject('chromium');
const base = inject('baseUrl');
if (!hasChromium) console.warn('[e2e] Chromium missing: skipping the API-token browser test.');

describe.skipIf(!hasChromium)('personal API tokens', () => {
  let session: Session;
  beforeAll(async () => {
    session = await launchSession();
  });
  afterAll(() => session?.close());

  it('are created in the SPA, shown once, scoped like their owner, and revoked', async () => {
    const page = await session.context.newPage();
    page.on('dialog', (d) => void d.accept());
    await signIn(page, base, 'phuongbadinh');
    await settle(page);
    await page.locator('[data-testid=user-menu] summary').click();
    await page.locator('[data-testid=nav-tokens]').click();
    await page.waitForURL((u) => u.pathname === '/tokens');

    await page.locator('button[type=submit]').click();
    await page.locator('#token-name-error').waitFor();
    await page.locator('#token-name').fill('Kho dữ liệu phường Ba Đình');
    await page.locator('button[type=submit]').click();
    const token = (await page.locator('[data-testid=token-value]').textContent()) ?? '';
    expect(token).toMatch(/^t06_/);
    await expectAccessible(page, 'tokens');
    await screenshots(page, '11-tokens');

    const read = (path: string) =>
      page.context().request.get(`${base}${path}`, { headers: { authorization: `Bearer ${token}`, cookie: '' } });
    expect((await read('/api/units/00004/figures?period=2026-11')).status()).toBe(200);
    // the same code in June 2025 is Phường Trúc Bạch, one of the wards it was made from
    expect((await read('/api/units/00004/figures?period=2025-06')).status()).toBe(200);
    expect((await read('/api/units/00097/figures?period=2026-11')).status()).toBe(403);
    expect((await read('/api/units/001/figures?period=2025-06')).status()).toBe(403);

    // Shown once: after a reload only the name is listed, never the token.
    await page.reload();
    await page.locator('[data-testid=token-table]').waitFor();
    expect(await page.content()).not.toContain(token);
    const row = page.locator('[data-testid=token-table] tbody tr', { hasText: 'Kho dữ liệu phường Ba Đình' });
    await row.locator('button').click();
    await expect.poll(() => row.textContent()).toContain('Đã thu hồi');
    expect((await read('/api/units/00004/figures?period=2026-11')).status()).toBe(401);
  });
});
