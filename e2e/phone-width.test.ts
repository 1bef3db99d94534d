/**
 * At a phone's width (390×844) no page of the app scrolls sideways: every screen each role
 * reaches, signed in as that role — the dashboard and its meeting-report list, the report form,
 * the approver's page, the late list, each section of the administration (the audit log too),
 * the API tokens and the meeting conclusions. Wide tables scroll in their own box
 * (`expectNoSideScroll` names what sticks out when one does not).
 *
 * The audit log is also read here as the secretariat reads it: its own target change, found by
 * who and what, with the value before and after.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchSession, type Session } from './browser.ts';
import { expectAccessible, expectNoSideScroll, screenshots, settle, signIn } from './helpers.ts';

const hasChromium = inject('chromium');
const base = inject('baseUrl');
if (!hasChromium) console.warn('[e2e] Chromium missing: skipping the phone-width browser tests.');

async function visit(page: Page, path: string): Promise<void> {
  await page.goto(`${base}${path}`);
  await page.locator('main').first().waitFor();
  await settle(page);
}

async function noSideScroll(page: Page, paths: readonly string[], who: string): Promise<void> {
  for (const path of paths) {
    await visit(page, path);
    await expectNoSideScroll(page, `${path} as ${who}`);
  }
}

describe.skipIf(!hasChromium)('no page scrolls sideways on a phone', () => {
  let session: Session;
  let page: Page;

  beforeAll(async () => {
    session = await launchSession({ width: 390, height: 844 });
  });
  afterAll(async () => {
    await session?.close();
  });

  async function as(username: string): Promise<Page> {
    await page?.context().clearCookies();
    await page?.close();
    page = await session.context.newPage();
    await signIn(page, base, username);
    return page;
  }

  it('the secretariat: dashboard, report form, late list, every administration section, tokens, conclusions', async () => {
    const p = await as('thuky');
    await noSideScroll(
      p,
      [
        '/',
        '/report?unit=01',
        '/late?unit=01',
        '/admin/users',
        '/admin/kpis',
        '/admin/kpis/tthc_tich_hop',
        '/admin/calendar',
        '/admin/signers',
        '/admin/audit',
        '/tokens',
        '/conclusions?unit=01',
      ],
      'thuky',
    );
  });

  it("the dashboard's meeting-report menu, open, as the leader", async () => {
    const p = await as('lanhdao');
    await visit(p, '/');
    const list = p.locator('[data-testid=meeting-report-list]');
    // the menu lists the period's issued reports; open it where there are any
    if ((await list.count()) > 0) {
      await list.click();
      await p.locator('.mr-popover').waitFor();
    }
    await expectNoSideScroll(p, 'dashboard with the meeting reports menu');
    await noSideScroll(p, ['/conclusions?unit=01', '/?unit=00097'], 'lanhdao');
  });

  it("the approver's page and late list", async () => {
    const p = await as('hongha');
    await noSideScroll(p, ['/', '/report?unit=00097', '/late?unit=00097', '/tokens'], 'hongha');
  });

  it("a task team's report form", async () => {
    const p = await as('to1.phucxa');
    await noSideScroll(p, ['/', '/report?unit=00001-01'], 'to1.phucxa');
  });
});

describe.skipIf(!hasChromium)('the audit log page', () => {
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

  it('shows the secretariat its own target change, by name, with before and after', async () => {
    // a change and its undo, both the secretariat's own, at the city (the target of a tier: no unit)
    const req = page.context().request;
    const me = (await (await req.get(`${base}/api/auth/session`)).json()) as { csrfToken: string };
    const put = (value: number) =>
      req.put(`${base}/api/kpis/tthc_tich_hop/targets`, {
        data: [{ level: 1, value, deadline: '2022-12' }],
        headers: { 'x-csrf-token': me.csrfToken },
      });
    expect((await put(75)).status()).toBe(200);
    expect((await put(70)).status()).toBe(200);

    await visit(page, '/admin/audit');
    await page.locator('[data-testid=audit-filters]').waitFor();
    await page.locator('[data-testid=audit-actor]').fill('thuky');
    await page.locator('[data-testid=audit-action]').selectOption('kpi.targets');
    await page.locator('[data-testid=audit-apply]').click();
    const entries = page.locator('[data-testid=audit-entry]');
    await expect.poll(() => entries.count()).toBeGreaterThanOrEqual(2);
    // newest first: the undo, 75 → 70, then the change, 70 → 75
    const last = entries.first();
    expect(await last.locator('strong').first().textContent()).toBe('Đặt mục tiêu');
    expect(await last.textContent()).toContain('TTHC đủ điều kiện đã tích hợp Cổng DVC quốc gia');
    await last.locator('summary').click();
    const row = last.locator('tbody tr', { hasText: 'Giá trị' });
    expect(await row.locator('th').textContent()).toBe('Thành phố (từ tháng 12/2026) · Giá trị');
    expect(await row.locator('td').allTextContents()).toEqual(['75', '70']);
    await expect.poll(() => entries.nth(1).textContent()).toContain('Đặt mục tiêu');
    await expectAccessible(page, 'audit log');
    await screenshots(page, 'admin-audit', '[data-testid=audit-entry]');
    await expectNoSideScroll(page, 'audit log, filtered and opened');
  });
});

describe.skipIf(!hasChromium)('the header on a laptop', () => {
  it('fits on one row at 1366 px in English, with the bell, for the secretariat (the most controls)', async () => {
    const session = await launchSession({ width: 1366, height: 768 });
    try {
      const page = await session.context.newPage();
      await signIn(page, base, 'thuky');
      await page.evaluate(() => localStorage.setItem('tiendo.lang', 'en'));
      await visit(page, '/');
      await page.locator('[data-testid=meeting-open]').waitFor();
      const rows = await page.evaluate(() => {
        const items = document.querySelectorAll('.header-row > .brand, .header-row .toolbar > *, .header-row .header-end > *');
        // one row: every control's vertical middle within the first control's height
        const mids = [...items].map((e) => {
          const r = e.getBoundingClientRect();
          return Math.round(r.top + r.height / 2);
        });
        return { mids, text: document.querySelector('.header-row')?.textContent ?? '' };
      });
      expect(rows.text).toContain('Meeting mode');
      expect(Math.max(...rows.mids) - Math.min(...rows.mids), `header rows: ${rows.mids.join(', ')}`).toBeLessThanOrEqual(6);
    } finally {
      await session.close();
    }
  });
});
