/**
 * A refusal is said in the reader's language: the SPA translates the server's error code (with its
 * details filling the blanks) instead of cutting the server's "tiếng Việt / English" message in two.
 * Read in English, neither the login page nor a unit the reader may not see shows Vietnamese.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchSession, type Session } from './browser.ts';
import { expectAccessible, screenshots, settle, signIn } from './helpers.ts';

const hasChromium = inject('chromium');
const base = inject('baseUrl');
if (!hasChromium) console.warn('[e2e] Chromium missing: skipping the error-language browser tests.');

async function inEnglish(page: Page) {
  await page.evaluate(() => localStorage.setItem('tiendo.lang', 'en'));
  await page.reload();
}

describe.skipIf(!hasChromium)('errors in the reader’s language', () => {
  let session: Session;
  beforeAll(async () => {
    session = await launchSession();
  });
  afterAll(() => session?.close());

  it('says a wrong password in English on the English login page', async () => {
    const page = await session.context.newPage();
    await page.goto(`${base}/`);
    await inEnglish(page);
    // an account nobody signs in as, so the failed attempt throttles no other test
    await page.locator('#login-username').fill('khong-co-tai-khoan');
    await page.locator('#login-password').fill('not-the-password');
    await page.locator('button[type=submit]').click();
    const error = page.locator('.form-error');
    await error.waitFor();
    expect((await error.textContent())?.trim()).toBe('Wrong username or password.');
    await page.close();
  });

  it('tells an English reader which unit they may not see, in English only', async () => {
    const page = await session.context.newPage();
    await signIn(page, base, 'hongha');
    await inEnglish(page);
    await page.goto(`${base}/?unit=00004`);
    const message = page.locator('[data-testid=forbidden-message]');
    await message.waitFor();
    expect((await message.textContent())?.trim()).toBe('You have no access to unit 00004.');
    expect(await page.locator('[data-testid=forbidden]').textContent()).not.toMatch(/không có quyền/i);
    await settle(page);
    await expectAccessible(page, 'forbidden unit, in English');
    await screenshots(page, 'error-in-english');
    await page.close();
  });
});
