/**
 * The page carries the dashboard's first frame, rendered by the server from the app's own
 * components (client/src/first-frame.tsx), so the heading is on screen before the app's script
 * has been read and run:
 *
 * - with scripts off, a signed-in leader's page already shows the overview's heading (the same
 *   text the app shows), the header and the panels loading, in Vietnamese or, once the reader has
 *   chosen English in the app, in English;
 * - the frame is inert (nothing in it takes a click or a choice the app would not see);
 * - with scripts on, the app takes the frame over as it is (hydration): the same heading element,
 *   where the server's frame had it, one heading and one header, the root live again, and no
 *   error in the console; a browser that remembers another basis than the default the server
 *   drew draws its own frame in its place, again without error;
 * - the login page and the password page are the app's alone (no form on screen before the
 *   script that sends it), and so is meeting mode (a screen loaded apart).
 */
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './browser.ts';
import { settle, signIn } from './helpers.ts';

const hasChromium = inject('chromium');
const base = inject('baseUrl');
if (!hasChromium) console.warn("[e2e] Chromium missing: skipping the page's first frame tests.");

const VIEWPORT = { width: 1366, height: 768 };
const heading = '[data-testid=overview-heading]';

describe.skipIf(!hasChromium)("the page carries the dashboard's first frame", () => {
  let browser: Browser;
  let withScripts: BrowserContext;
  let app: Page;

  /** A context with scripts off and the signed-in context's cookies (and any given): the page as sent. */
  async function pageAsSent(extra: { name: string; value: string }[] = []): Promise<{ page: Page; close: () => Promise<void> }> {
    const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: VIEWPORT, locale: 'vi-VN' });
    await ctx.addCookies([...(await withScripts.cookies()), ...extra.map((c) => ({ ...c, url: base }))]);
    return { page: await ctx.newPage(), close: () => ctx.close() };
  }

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
    withScripts = await browser.newContext({ viewport: VIEWPORT, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    app = await withScripts.newPage();
    await signIn(app, base, 'lanhdao');
    await settle(app);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the heading, the header and the panels loading before any script has run', async () => {
    const shown = (await app.locator(heading).textContent()) ?? '';
    expect(shown).toMatch(/^Tổng quan Hà Nội — tháng \d+\/\d{4}$/);
    const { page, close } = await pageAsSent();
    try {
      await page.goto(`${base}/`);
      expect(await page.locator(heading).textContent()).toBe(shown);
      expect(await page.locator('header.app-header').count()).toBe(1);
      expect(await page.locator('.brand-name').textContent()).toBe('Tiến độ 06');
      expect(await page.locator('.loading').count()).toBeGreaterThan(2);
      expect(await page.locator('html').getAttribute('lang')).toBe('vi');
      expect(await page.locator('#root').getAttribute('inert')).toBe('');
      // the stylesheet applies to it: the heading is laid out as the app lays it out
      expect((await page.locator(heading).boundingBox())?.width).toBeGreaterThan(600);
    } finally {
      await close();
    }
  });

  /** A page of the signed-in context whose console errors are kept, and whose server-rendered heading is marked before the app runs. */
  async function watched(): Promise<{ page: Page; errors: string[] }> {
    const errors: string[] = [];
    const page = await withScripts.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    // the page is parsed before the app starts (it waits for the first frame to be drawn)
    await page.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => {
        const h = document.querySelector('h1') as (HTMLElement & { fromServer?: boolean }) | null;
        if (h) h.fromServer = true;
      });
    });
    return { page, errors };
  }
  const fromServer = (page: Page) =>
    page.evaluate(() => (document.querySelector('h1') as (HTMLElement & { fromServer?: boolean }) | null)?.fromServer === true);

  it('is taken over as it is by the app: the same heading element, where it was, nothing doubled, no error', async () => {
    const { page, errors } = await watched();
    // the API held back: the app's first frame is its frame with every panel loading, as the server's
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => {
      release = r;
    });
    await page.route('**/api/**', async (route) => {
      await held;
      await route.continue();
    });
    try {
      const { page: sent, close } = await pageAsSent();
      await sent.goto(`${base}/`);
      const sentBox = await sent.locator(heading).boundingBox();
      await close();

      await page.goto(`${base}/`);
      // the app's first commit makes the root live
      await page.locator('#root:not([inert])').waitFor({ state: 'attached' });
      expect(await fromServer(page)).toBe(true);
      expect(await page.locator('h1').count()).toBe(1);
      expect(await page.locator('header.app-header').count()).toBe(1);
      expect(await page.locator(heading).boundingBox()).toEqual(sentBox);

      release();
      await settle(page);
      expect(await fromServer(page)).toBe(true);
      expect(await page.locator('h1').count()).toBe(1);
      expect(await page.locator('header.app-header').count()).toBe(1);
      expect(await page.locator('[data-testid^=kpi-value-]').count()).toBeGreaterThan(0);
      expect(errors).toEqual([]);
    } finally {
      release();
      await page.close();
    }
  });

  it('is drawn again by the app, without error, in a browser that remembers another basis than the server assumed', async () => {
    const { page, errors } = await watched();
    await page.addInitScript(() => localStorage.setItem('tiendo.basis', 'approved'));
    try {
      await page.goto(`${base}/`);
      await page.locator('#root:not([inert])').waitFor({ state: 'attached' });
      await settle(page);
      expect(await fromServer(page)).toBe(false);
      expect(await page.locator('h1').count()).toBe(1);
      expect(await page.locator('[data-testid=basis-switch]').inputValue()).toBe('approved');
      expect(errors).toEqual([]);
    } finally {
      await page.evaluate(() => localStorage.removeItem('tiendo.basis'));
      await page.close();
    }
  });

  it('is in English once the reader has chosen English in the app', async () => {
    await app.locator('[data-testid=lang-switch]').click();
    await app
      .locator(heading)
      .filter({ hasText: /overview/ })
      .waitFor();
    const shown = await app.locator(heading).textContent();
    // the app tells the server the language it shows, for the pages it sends next
    expect((await withScripts.cookies()).find((c) => c.name === 'tiendo_lang')?.value).toBe('en');
    const { page, close } = await pageAsSent();
    const { page: taken, errors } = await watched();
    try {
      await page.goto(`${base}/`);
      expect(await page.locator(heading).textContent()).toBe(shown);
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      // and the app, in English too, takes it over as it is
      await taken.goto(`${base}/`);
      await taken.locator('#root:not([inert])').waitFor({ state: 'attached' });
      expect(await fromServer(taken)).toBe(true);
      expect(await taken.locator(heading).textContent()).toBe(shown);
      expect(errors).toEqual([]);
    } finally {
      await close();
      await taken.close();
      await app.locator('[data-testid=lang-switch]').click();
      await app
        .locator(heading)
        .filter({ hasText: /^Tổng quan/ })
        .waitFor();
    }
    expect((await withScripts.cookies()).find((c) => c.name === 'tiendo_lang')?.value).toBe('vi');
  });

  it('leaves the login page, the password page and meeting mode to the app', async () => {
    const { page, close } = await pageAsSent();
    try {
      await page.goto(`${base}/password`);
      expect(await page.locator('#root > *').count()).toBe(0);
      // meeting mode is a screen loaded apart, which only the browser draws
      await page.goto(`${base}/?unit=01&slide=0`);
      expect(await page.locator('#root > *').count()).toBe(0);
    } finally {
      await close();
    }
    const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: VIEWPORT });
    try {
      const visitor = await ctx.newPage();
      await visitor.goto(`${base}/`);
      expect(await visitor.locator('#root > *').count()).toBe(0);
      expect(await visitor.locator('form').count()).toBe(0);
    } finally {
      await ctx.close();
    }
  });
});
