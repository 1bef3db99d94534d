/**
 * The login page, opened signed out, makes no request that is refused: the page itself says who
 * is looking (the server writes what `GET /api/auth/session` answers into it), so nothing is
 * fetched until the user has signed in, and a signed-in reload does not ask who it is either. The
 * API itself still refuses every other route without a session.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchSession, type Session } from './browser.ts';
import { DEMO_PASSWORD, expectAccessible, settle } from './helpers.ts';

const hasChromium = inject('chromium');
const base = inject('baseUrl');
if (!hasChromium) console.warn('[e2e] Chromium missing: skipping the login browser tests.');

describe.skipIf(!hasChromium)('the login page', () => {
  let session: Session;
  let page: Page;
  const refused: string[] = [];
  const consoleErrors: string[] = [];
  const asked: string[] = [];

  beforeAll(async () => {
    session = await launchSession();
    page = await session.context.newPage();
    page.on('response', (r) => {
      if (r.status() >= 400) refused.push(`${r.status()} ${r.request().method()} ${r.url()}`);
    });
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/')) asked.push(new URL(r.url()).pathname);
    });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
  });
  afterAll(async () => {
    await session?.close();
  });

  it('opens signed out with no 4xx response and no error in the console', async () => {
    await page.goto(`${base}/`);
    await page.locator('#login-username').waitFor();
    await page.waitForLoadState('networkidle');
    expect(refused).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(asked).toEqual([]);
    await expectAccessible(page, 'login');
  });

  it('still refuses the API without a session', async () => {
    const req = page.context().request;
    expect((await req.get(`${base}/api/me`)).status()).toBe(401);
    expect((await req.get(`${base}/api/units/01`)).status()).toBe(401);
    expect((await req.get(`${base}/api/kpis`)).status()).toBe(401);
    expect(await (await req.get(`${base}/api/auth/session`)).json()).toEqual({ state: 'signed-out' });
  });

  it('signs in and opens the dashboard, still without a refused request', async () => {
    refused.length = 0;
    await page.locator('#login-username').fill('lanhdao');
    await page.locator('#login-password').fill(DEMO_PASSWORD);
    await page.locator('button[type=submit]').click();
    await page.locator('[data-testid=overview-heading]').waitFor();
    await settle(page);
    expect(refused).toEqual([]);
    expect(consoleErrors).toEqual([]);
    // a reload comes with the session, now signed in: the dashboard's first questions are its own
    asked.length = 0;
    await page.reload();
    await page.locator('[data-testid=overview-heading]').waitFor();
    await page.locator('[data-testid=user-menu]').waitFor();
    expect(refused).toEqual([]);
    expect(asked).not.toContain('/api/auth/session');
    expect(asked).toContain('/api/units/01/figures');
  });
});
