/**
 * The forms for the people who use them, in headless Chromium against the seeded demo (today
 * 2026-11-27: 2026-11 closed and submitted everywhere, 2026-12 open). Phường Hồng Hà (`00097`)
 * returns its Tổ dân phố số 1's November report through the API; the team's reporter finds it,
 * with the comment, at the top of the home page. Hồng Hà bulk-approves its waiting teams without
 * flags from the worklist, then submits its own December report through the confirmation summary
 * and recalls it. Both pages fit a 390 px phone.
 */
import type { DecideManyReply, ReportReply } from '@tiendo/shared';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchSession, type Session } from './browser.ts';
import { api, DEMO_PASSWORD, expectAccessible, expectNoSideScroll, screenshots, settle, signIn } from './helpers.ts';

const hasChromium = inject('chromium');
const base = inject('baseUrl');
if (!hasChromium) console.warn('[e2e] Chromium missing: skipping the approving browser tests.');

const TEAM = '00001-01';
const WARD = '00097';
const CLOSED = '2026-11';
const OPEN = '2026-12';
const COMMENT = 'Số CCCD thu nhận chưa khớp sổ theo dõi';

describe.skipIf(!hasChromium)('reporting and approving, for the people who do it', () => {
  let session: Session;
  let page: Page;

  async function signInAs(username: string) {
    await page.context().clearCookies();
    await signIn(page, base, username);
    await settle(page);
  }
  const report = (unit: string, period: string) => api<ReportReply>(page, base, `/units/${unit}/reports/${period}`);

  beforeAll(async () => {
    session = await launchSession();
    page = await session.context.newPage();
    // The demo has no returned report: Hồng Hà returns the team's November report, as it would.
    const req = session.context.request;
    const login = await req.post(`${base}/api/auth/login`, { data: { username: 'hongha', password: DEMO_PASSWORD } });
    expect(login.status()).toBe(200);
    const headers = { 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };
    const returned = await req.post(`${base}/api/units/${TEAM}/reports/${CLOSED}/return`, { data: { comment: COMMENT }, headers });
    expect(returned.status(), await returned.text()).toBe(200);
    expect(((await returned.json()) as ReportReply).state).toBe('returned');
  });

  afterAll(async () => {
    await session?.close();
  });

  it('the reporter sees the returned report, with its comment, at the top of the home page', async () => {
    await signInAs('to1.phucxa');
    const todo = page.locator('[data-testid=todo]');
    await todo.waitFor();
    const item = page.locator(`[data-testid=todo-returned-${CLOSED}]`);
    await item.waitFor();
    expect(await item.textContent()).toContain(COMMENT);
    expect(await item.textContent()).toContain('tháng 11/2026');
    // first on the page: above the overview
    const [todoTop, overviewTop] = await Promise.all([
      todo.evaluate((el) => el.getBoundingClientRect().top),
      page.locator('[data-testid=overview-heading]').evaluate((el) => el.getBoundingClientRect().top),
    ]);
    expect(todoTop).toBeLessThan(overviewTop);
    // the open month's report is there too, with its deadline, unless another test of the run
    // (they share one server) has already sent it
    const open = await report(TEAM, OPEN);
    if (open.state === 'submitted' || open.state === 'approved') expect(await page.locator('[data-testid=todo-report]').count()).toBe(0);
    else expect(await page.locator('[data-testid=todo-report]').textContent()).toContain('Hạn nộp');
    await expectAccessible(page, 'home with things to do');
    await screenshots(page, 'home-todo');
    await page.locator(`[data-testid=todo-fix-${CLOSED}]`).click();
    await page.waitForURL(
      (u) => u.pathname === '/report' && u.searchParams.get('unit') === TEAM && u.searchParams.get('period') === CLOSED,
    );
    await page.locator('[data-testid=report-comment]').waitFor();
    expect(await page.locator('[data-testid=report-comment]').textContent()).toContain(COMMENT);
  });

  it('the approver finds the waiting units first, selects those without flags and approves them in one go', async () => {
    await signInAs('hongha');
    await page.goto(`${base}/report?unit=${WARD}&period=${CLOSED}`);
    const list = page.locator('[data-testid=units-below]');
    await list.waitFor();
    await settle(page);
    // the worklist sits above the ward's own form
    const [listTop, formTop] = await Promise.all([
      list.evaluate((el) => el.getBoundingClientRect().top),
      page.locator('#report-figures-heading').evaluate((el) => el.getBoundingClientRect().top),
    ]);
    expect(listTop).toBeLessThan(formTop);
    // waiting first: every submitted row comes before every other row
    const states = await list.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state')));
    const lastWaiting = states.lastIndexOf('submitted');
    expect(lastWaiting).toBeGreaterThan(0);
    expect(states.slice(0, lastWaiting + 1).every((s) => s === 'submitted')).toBe(true);
    expect(states).toContain('returned');

    const ward = await report(WARD, CLOSED);
    const waiting = ward.waitingBelow.map((u) => u.code);
    const clean: string[] = [];
    for (const code of waiting) if ((await report(code, CLOSED)).flags.length === 0) clean.push(code);
    expect(clean.length).toBeGreaterThan(1);

    await page.locator('[data-testid=select-clean]').click();
    expect(await page.locator('[data-testid=selected-count]').textContent()).toContain(String(clean.length));
    for (const code of clean) expect(await page.locator(`[data-testid=pick-${code}]`).isChecked()).toBe(true);
    await expectNoSideScroll(page, 'approver’s page');
    await screenshots(page, 'worklist-selected', '[data-testid=units-below]');

    await page.locator('[data-testid=approve-selected]').click();
    const results = page.locator('[data-testid=bulk-results]');
    await results.waitFor({ timeout: 30_000 });
    expect(await results.textContent()).toContain(`${clean.length} thành công`);
    for (const code of clean) {
      expect(await page.locator(`[data-testid=result-${code}]`).textContent()).toContain('Đã duyệt');
      expect((await report(code, CLOSED)).state).toBe('approved');
    }
    // the ones with flags still wait, for a look one by one
    const left = (await report(WARD, CLOSED)).waitingBelow.map((u) => u.code);
    expect(left.sort()).toEqual(waiting.filter((c) => !clean.includes(c)).sort());
    await expectAccessible(page, 'worklist after approving');
    await screenshots(page, 'worklist-approved', '[data-testid=units-below]');
  });

  it('submitting asks for confirmation with a summary; the sender can recall it while it waits', async () => {
    await page.goto(`${base}/report?unit=${WARD}&period=${OPEN}`);
    await page.locator('[data-testid=report-state]').waitFor();
    await settle(page);
    const r = await report(WARD, OPEN);
    expect(r.editable).toBe(true);
    // last month's figures again: nothing unusual to explain
    for (const k of r.kpis) {
      const prev = k.previous;
      if (typeof prev === 'number') await page.locator(`[data-testid=input-${k.code}]`).fill(String(prev));
      else if (prev && 'numerator' in prev) {
        await page.locator(`[data-testid=input-${k.code}-numerator]`).fill(String(prev.numerator));
        await page.locator(`[data-testid=input-${k.code}-denominator]`).fill(String(prev.denominator));
      }
    }
    await expectNoSideScroll(page, 'report form');

    await page.locator('[data-testid=submit-report]').click();
    const summary = page.locator('[data-testid=submit-summary]');
    await summary.waitFor();
    for (const k of r.kpis.filter((x) => x.previous !== null && x.kind !== 'checklist'))
      expect(await summary.locator(`[data-testid=summary-${k.code}]`).textContent()).toContain('không đổi');
    await expectAccessible(page, 'submit summary');
    await screenshots(page, 'submit-summary');
    // going back changes nothing
    await page.locator('[data-testid=cancel-submit]').click();
    expect(await summary.count()).toBe(0);
    expect((await report(WARD, OPEN)).state).not.toBe('submitted');

    await page.locator('[data-testid=submit-report]').click();
    await page.locator('[data-testid=confirm-submit]').click();
    await expect.poll(() => page.locator('[data-testid=report-state]').getAttribute('data-state')).toBe('submitted');
    expect(await page.locator('[data-testid=who-when]').textContent()).toMatch(/gửi lúc \d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4}/);

    await page.locator('[data-testid=recall]').click();
    await expect.poll(() => page.locator('[data-testid=report-state]').getAttribute('data-state')).toBe('draft');
    expect(await page.locator('[data-testid=done]').textContent()).toContain('rút');
    expect((await report(WARD, OPEN)).state).toBe('draft');
  });

  it('approve-many answers per unit: a unit outside the ward fails alone', async () => {
    const me = (await (await page.context().request.get(`${base}/api/me`)).json()) as { csrfToken: string };
    const r = await page.context().request.post(`${base}/api/units/${WARD}/reports/${CLOSED}/approve-many`, {
      data: { units: ['00004-01'] },
      headers: { 'x-csrf-token': me.csrfToken },
    });
    expect(r.status()).toBe(200);
    const body = (await r.json()) as DecideManyReply;
    expect(body.results).toHaveLength(1);
    expect(body.results[0]?.ok).toBe(false);
  });
});
