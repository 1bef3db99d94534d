/** What the browser tests share: signing in, asking the API, axe scans, screenshots. */
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export const ROOT = resolve(import.meta.dirname, '..');
export const SCREENSHOT_DIR = join(ROOT, 'test-artifacts', 'screenshots');
const AXE_PATH = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');

export const DEMO_PASSWORD = 'tiendo-demo';

/** Signs in through the login page when the server has accounts (`/api/me` answers 401). */
export async function signIn(page: Page, baseUrl: string, username = 'lanhdao'): Promise<boolean> {
  const me = await page.context().request.get(`${baseUrl}/api/me`);
  if (me.status() === 404) {
    await page.goto(`${baseUrl}/`);
    return false;
  }
  await page.goto(`${baseUrl}/`);
  if (me.status() === 200) return true;
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(DEMO_PASSWORD);
  await page.locator('button[type=submit]').click();
  await page.locator('[data-testid=overview-heading]').waitFor();
  return true;
}

/** The API's reply, fetched with the page's session cookie. */
export async function api<T>(page: Page, baseUrl: string, path: string): Promise<T> {
  const res = await page.context().request.get(`${baseUrl}/api${path}`);
  expect(res.status(), `GET /api${path}`).toBe(200);
  return (await res.json()) as T;
}

/** Waits until the app has nothing loading left on screen. */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => document.querySelectorAll('.loading').length === 0, undefined, { timeout: 20_000 });
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core over the page; fails on serious or critical violations only. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const has = await page.evaluate(() => 'axe' in window);
  // evaluated through the DevTools protocol: the app's CSP (script-src 'self') forbids injected tags
  if (!has) await page.evaluate(readFileSync(AXE_PATH, 'utf8'));
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: unknown[] }> } }).axe;
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return r.violations;
  })) as AxeViolation[];
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map(
    (v) =>
      `${v.impact} ${v.id}: ${v.help} — ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(', ')}`,
  );
  expect(report, `axe on ${screen}`).toEqual([]);
}

/**
 * At a phone's width (390×844) the page never scrolls sideways: wide tables and toolbars scroll in
 * their own box. The page is left at the projector size; what sticks out is named when it fails.
 */
export async function expectNoSideScroll(page: Page, screen: string): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await settle(page);
    // charts and tables lay out again on the resize
    await page.waitForTimeout(400);
    const { width, wide } = await page.evaluate(() => {
      const limit = document.documentElement.clientWidth;
      const out: string[] = [];
      for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.right <= limit + 1 || out.length >= 5) continue;
        // inside a box that scrolls (or clips) on its own: that box is what counts
        let clipped = false;
        for (let p = el.parentElement; p && p !== document.body && !clipped; p = p.parentElement) {
          clipped = getComputedStyle(p).overflowX !== 'visible';
        }
        if (!clipped) {
          out.push(`${el.tagName.toLowerCase()}.${String((el as HTMLElement).className)} → ${Math.round(r.right)}px`);
        }
      }
      return { width: document.scrollingElement?.scrollWidth ?? 0, wide: out };
    });
    expect(width, `${screen} at 390 px scrolls sideways; wider than the screen: ${wide.join(', ')}`).toBeLessThanOrEqual(390);
  } finally {
    await page.setViewportSize({ width: 1366, height: 768 });
  }
}

/**
 * The screen at the projector size and at a phone's width; the page is left at the projector
 * size. `focus` scrolls that element into view at each size first.
 */
export async function screenshots(page: Page, name: string, focus?: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  for (const [width, height] of [
    [390, 844],
    [1366, 768],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(250);
    if (focus)
      await page
        .locator(focus)
        .first()
        .evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${width}x${height}.png`) });
  }
}
