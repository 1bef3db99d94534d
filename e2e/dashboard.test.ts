/**
 * The leaders' dashboard in headless Chromium against the app as `npm start` serves it. At every
 * stop the figures on screen are compared with the API's figures for that unit and period.
 */
import type { BreakdownReply, CompletenessReply, FiguresReply, Kpi, PeriodInfo, UnitReply } from '@tiendo/shared';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { primaryValue } from '../client/src/features/overview/overview-data.ts';
import { rowValue } from '../client/src/features/ranking/ranking-data.ts';
import { formatNumber, formatPeriod, type Lang } from '../client/src/i18n/format.ts';
import { launchSession, type Session } from './browser.ts';
import { api, DEMO_PASSWORD, expectAccessible, screenshots, settle, signIn } from './helpers.ts';

const hasChromium = inject('chromium');
const base = inject('baseUrl');

describe.skipIf(!hasChromium)('leaders’ dashboard', () => {
  let session: Session;
  let page: Page;
  let kpis: Kpi[];
  let defaultPeriod: string;

  const unitOf = () => new URL(page.url()).searchParams.get('unit');

  async function expectFigures(unit: string, period: string, lang: Lang) {
    await settle(page);
    const u = await api<UnitReply>(page, base, `/units/${unit}`);
    await expect.poll(() => page.locator('[data-testid=overview-heading]').textContent()).toContain(u.name);
    expect(await page.locator('[data-testid=overview-heading]').textContent()).toContain(formatPeriod(period, lang));
    const figs = await api<FiguresReply>(page, base, `/units/${unit}/figures?period=${period}`);
    let checked = 0;
    for (const f of figs.figures) {
      const kpi = kpis.find((k) => k.code === f.kpi);
      if (!kpi || kpi.retired) continue;
      const shown = await page.locator(`[data-testid=kpi-value-${f.kpi}]`).textContent();
      expect(shown, `${unit} ${period} ${f.kpi}`).toBe(primaryValue(kpi, f, lang));
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
    expect(await page.locator('[data-testid^=kpi-card-]').count()).toBe(checked);
  }

  async function expectRanking(unit: string, kpiCode: string, period: string, lang: Lang) {
    const kpi = kpis.find((k) => k.code === kpiCode);
    if (!kpi) throw new Error(kpiCode);
    const b = await api<BreakdownReply>(page, base, `/units/${unit}/breakdown?kpi=${kpiCode}&period=${period}`);
    await page.locator('[data-testid=ranking-table]').waitFor();
    for (const r of b.rows) {
      expect(await page.locator(`[data-testid=ranking-value-${r.code}]`).textContent(), `${unit} ${kpiCode} ${r.code}`).toBe(
        rowValue(kpi, r, lang),
      );
    }
    expect(await page.locator('[data-testid=ranking-table] tbody tr').count()).toBe(b.rows.length);
  }

  async function expectCompleteness(unit: string, period: string, lang: Lang) {
    const c = await api<CompletenessReply>(page, base, `/units/${unit}/completeness?period=${period}`);
    if (c.expected === 0) return;
    expect(await page.locator('[data-testid=completeness-on-time]').first().textContent()).toBe(formatNumber(c.onTime, lang));
    expect(await page.locator('[data-testid=completeness-late]').first().textContent()).toBe(formatNumber(c.late, lang));
    expect(await page.locator('[data-testid=completeness-missing]').first().textContent()).toBe(formatNumber(c.missingTotal, lang));
  }

  beforeAll(async () => {
    session = await launchSession();
    page = await session.context.newPage();
    await signIn(page, base, 'lanhdao');
    kpis = await api<Kpi[]>(page, base, '/kpis');
    const periods = await api<PeriodInfo[]>(page, base, '/periods');
    defaultPeriod = periods.filter((p) => p.cutoffPassed).at(-1)?.period ?? '';
  });

  afterAll(async () => {
    await session?.close();
  });

  it('opens on the city overview for the latest closed period', async () => {
    await page.goto(`${base}/`);
    await expectFigures('01', defaultPeriod, 'vi');
    expect(unitOf()).toBeNull();
    await expectRanking('01', kpis[0]?.code ?? '', defaultPeriod, 'vi');
    await expectCompleteness('01', defaultPeriod, 'vi');
    await expectAccessible(page, 'city overview');
    await screenshots(page, '01-city-overview');
    await screenshots(page, '01-city-trend', '#trend');
    await screenshots(page, '01-city-completeness', '[data-testid=completeness]');
    await page.evaluate(() => window.scrollTo(0, 0));
  });

  it('works from the keyboard: skip link first, visible focus, the ranking sorts by Enter', async () => {
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => ({
      cls: document.activeElement?.className,
      outline: getComputedStyle(document.activeElement as Element).outlineStyle,
    }));
    expect(first.cls).toBe('skip-link');
    expect(first.outline).not.toBe('none');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    const sortName = page.locator('[data-testid=ranking-table] thead button').nth(1);
    await sortName.focus();
    expect(await sortName.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid=ranking-table] thead th').nth(1).getAttribute('aria-sort')).toBe('ascending');
    const names = await page.locator('[data-testid=ranking-table] tbody th a').allTextContents();
    expect(names).toEqual([...names].sort(new Intl.Collator('vi').compare));
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid=ranking-table] thead th').nth(1).getAttribute('aria-sort')).toBe('descending');
  });

  it('shows an error with a retry when the API fails, and recovers', async () => {
    let fail = true;
    await page.route('**/api/units/01/figures?*', (route) =>
      fail
        ? route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":{"code":"internal","message":"boom"}}' })
        : route.continue(),
    );
    await page.goto(`${base}/?unit=01&period=2022-08`);
    const retry = page.locator('.error-panel button').first();
    await retry.waitFor();
    expect(await page.locator('.error-panel').first().textContent()).toContain('Máy chủ gặp lỗi (500)');
    await screenshots(page, '10-error-retry');
    fail = false;
    await retry.click();
    await expectFigures('01', '2022-08', 'vi');
    await page.unroute('**/api/units/01/figures?*');
    await page.goto(`${base}/`);
  });

  it('drills down to a district, a commune and a team, and back by the breadcrumb and the back button', async () => {
    await page.locator('[data-testid=ranking-table] a[data-unit="001"]').click();
    await expect.poll(unitOf).toBe('001');
    await expectFigures('001', defaultPeriod, 'vi');
    await expectRanking('001', kpis[0]?.code ?? '', defaultPeriod, 'vi');
    await expectAccessible(page, 'district');
    await screenshots(page, '02-district');

    await page.locator('[data-testid=ranking-table] a[data-unit="00001"]').click();
    await expect.poll(unitOf).toBe('00001');
    await expectFigures('00001', defaultPeriod, 'vi');
    await expectCompleteness('00001', defaultPeriod, 'vi');
    await expectAccessible(page, 'commune');
    await screenshots(page, '03-commune');

    await page.locator('[data-testid=ranking-table] a[data-unit="00001-01"]').click();
    await expect.poll(unitOf).toBe('00001-01');
    await expectFigures('00001-01', defaultPeriod, 'vi');
    expect(await page.locator('[data-testid=ranking]').count()).toBe(0);
    await expectAccessible(page, 'team');
    await screenshots(page, '04-team');

    const crumbs = page.locator('[data-testid=breadcrumb] a');
    expect(await crumbs.allTextContents()).toEqual(['Hà Nội', 'Ba Đình', 'Phúc Xá']);
    await page.locator('[data-testid=breadcrumb] a[data-unit="01"]').click();
    await expect.poll(unitOf).toBe('01');
    await expectFigures('01', defaultPeriod, 'vi');

    await page.goBack();
    await expect.poll(unitOf).toBe('00001-01');
    await expectFigures('00001-01', defaultPeriod, 'vi');
    await page.goForward();
    await expect.poll(unitOf).toBe('01');
  });

  it('changes the month, and the 70 % gauge projects to the deadline', async () => {
    await page.locator('[data-testid=period-picker]').selectOption('2022-09');
    await expect.poll(() => new URL(page.url()).searchParams.get('period')).toBe('2022-09');
    await expectFigures('01', '2022-09', 'vi');
    const figs = await api<FiguresReply>(page, base, '/units/01/figures?period=2022-09');
    const tthc = figs.figures.find((f) => f.kpi === 'tthc_tich_hop');
    if (tthc?.projection != null && tthc.deadline) {
      const text = await page.locator('[data-testid=gauge-text-tthc_tich_hop]').textContent();
      expect(text).toBe(`Theo tốc độ hiện nay: ${Math.round(tthc.projection)}\u00a0% vào ${formatPeriod(tthc.deadline, 'vi')}`);
    }
    await expectCompleteness('01', '2022-09', 'vi');
    await expectAccessible(page, 'city, Sep 2022');
    await screenshots(page, '05-city-2022-09');
  });

  it('changes the KPI of the ranking', async () => {
    await page.locator('[data-testid=ranking-kpi]').selectOption('lam_sach_dan_cu');
    await expect.poll(() => new URL(page.url()).searchParams.get('kpi')).toBe('lam_sach_dan_cu');
    await settle(page);
    await expectRanking('01', 'lam_sach_dan_cu', '2022-09', 'vi');
    await expectAccessible(page, 'ranking by citizen records');
    await screenshots(page, '06-ranking-lam-sach', '[data-testid=ranking]');
    await page.evaluate(() => window.scrollTo(0, 0));
  });

  it('switches to English, remembers it, and back to Vietnamese', async () => {
    await page.locator('[data-testid=lang-switch]').click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await expectFigures('01', '2022-09', 'en');
    await expectRanking('01', 'lam_sach_dan_cu', '2022-09', 'en');
    expect(await page.locator('[data-testid=overview-heading]').textContent()).toBe('Hà Nội overview — Sep 2022');
    await page.reload();
    await expectFigures('01', '2022-09', 'en');
    await expectAccessible(page, 'city in English');
    await screenshots(page, '07-city-en');
    await page.locator('[data-testid=lang-switch]').click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('vi');
    await expectFigures('01', '2022-09', 'vi');
  });

  it('runs meeting mode: slides by keyboard, Esc leaves', async () => {
    await page.goto(`${base}/?unit=01&period=2022-09`);
    await settle(page);
    await page.locator('[data-testid=meeting-open]').click();
    await page.locator('[data-testid=meeting]').waitFor();
    await settle(page);
    const count = await page.locator('[data-testid=meeting-count]').textContent();
    const total = Number(/(\d+)\D*$/.exec(count ?? '')?.[1]);
    expect(total).toBeGreaterThanOrEqual(4);
    const figs = await api<FiguresReply>(page, base, '/units/01/figures?period=2022-09');
    for (let i = 0; i < total; i++) {
      await expect.poll(() => new URL(page.url()).searchParams.get('slide')).toBe(String(i));
      await settle(page);
      const kind = await page.locator('[data-testid=meeting-slide]').getAttribute('data-slide-kind');
      if (kind === 'group') {
        for (const f of figs.figures) {
          const card = page.locator(`[data-testid=kpi-value-${f.kpi}]`);
          if ((await card.count()) === 0) continue;
          const kpi = kpis.find((k) => k.code === f.kpi);
          if (kpi) expect(await card.textContent()).toBe(primaryValue(kpi, f, 'vi'));
        }
      }
      if (kind === 'completeness') await expectCompleteness('01', '2022-09', 'vi');
      await expectAccessible(page, `meeting slide ${i + 1}`);
      await screenshots(page, `08-meeting-${i + 1}-${kind}`);
      await page.keyboard.press(i % 2 === 0 ? 'PageDown' : 'ArrowRight');
    }
    await page.keyboard.press('PageUp');
    await expect.poll(() => new URL(page.url()).searchParams.get('slide')).toBe(String(total - 2));
    await page.keyboard.press('Escape');
    await expect.poll(() => new URL(page.url()).searchParams.get('slide')).toBeNull();
    await page.locator('[data-testid=overview-heading]').waitFor();
  });
});

describe.skipIf(!hasChromium)('signing in and access to units', () => {
  it('signs in in Vietnamese, says when the password is wrong, and signs out from the user menu', async () => {
    const session = await launchSession();
    try {
      const page = await session.context.newPage();
      const me = await page.context().request.get(`${base}/api/me`);
      if (me.status() === 404) return; // no accounts on this server yet
      await page.goto(`${base}/`);
      await page.locator('#login-username').waitFor();
      expect(await page.locator('h1').textContent()).toBe('Đăng nhập');
      await expectAccessible(page, 'login');
      await screenshots(page, '00-login');
      await page.locator('#login-username').fill('thuky');
      await page.locator('#login-password').fill('not-the-password');
      await page.locator('button[type=submit]').click();
      await page.locator('.form-error').waitFor();
      expect(await page.locator('.form-error').textContent()).toMatch(/mật khẩu/i);
      await page.locator('#login-password').fill(DEMO_PASSWORD);
      await page.locator('button[type=submit]').click();
      await page.locator('[data-testid=overview-heading]').waitFor();
      expect(await page.locator('[data-testid=overview-heading]').textContent()).toContain('Hà Nội');

      // the session ends behind the page's back: the next request answers 401 and the login returns
      await page.context().clearCookies();
      // A background refresh may notice the lost session before the click does: either way the login returns.
      await page
        .locator('[data-testid=period-picker]')
        .selectOption('2022-10', { timeout: 5_000 })
        .catch(() => undefined);
      await page.locator('#login-username').waitFor();
      expect(await page.locator('.login-card').textContent()).toContain('Phiên làm việc đã hết');
      const chosen = new URL(page.url()).searchParams.get('period') === '2022-10';
      await page.locator('#login-username').fill('thuky');
      await page.locator('#login-password').fill(DEMO_PASSWORD);
      await page.locator('button[type=submit]').click();
      await page.locator('[data-testid=overview-heading]').waitFor();
      // Signing in again returns to the same place.
      expect(await page.locator('[data-testid=overview-heading]').textContent()).toContain(chosen ? 'tháng 10/2022' : 'Hà Nội');

      await page.locator('[data-testid=user-menu] summary').click();
      await page.locator('[data-testid=user-menu] button').click();
      await page.locator('#login-username').waitFor();
      expect((await page.context().request.get(`${base}/api/me`)).status()).toBe(401);
    } finally {
      await session.close();
    }
  });

  it('passes on the server’s “try again later” after too many wrong passwords', async () => {
    const session = await launchSession();
    try {
      const page = await session.context.newPage();
      if ((await page.context().request.get(`${base}/api/me`)).status() === 404) return;
      const username = 'khong.co.that';
      let status = 0;
      for (let i = 0; i < 30 && status !== 429; i++) {
        const res = await page.context().request.post(`${base}/api/auth/login`, { data: { username, password: 'sai' } });
        status = res.status();
      }
      expect(status).toBe(429);
      await page.goto(`${base}/`);
      await page.locator('#login-username').fill(username);
      await page.locator('#login-password').fill('sai');
      await page.locator('button[type=submit]').click();
      await page.locator('.form-error').waitFor();
      expect(await page.locator('.form-error').textContent()).toMatch(/thử lại sau/);
    } finally {
      await session.close();
    }
  });

  it('tells a district approver they cannot see another district, with the way home', async () => {
    const session = await launchSession();
    try {
      const page = await session.context.newPage();
      const accounts = await signIn(page, base, 'badinh');
      if (!accounts) return; // no accounts on this server yet: nothing is forbidden
      await page.goto(`${base}/?unit=002`);
      await page.locator('[data-testid=forbidden]').first().waitFor();
      // one clear message for the page, not one per panel
      expect(await page.locator('[data-testid=forbidden]').count()).toBe(1);
      await expectAccessible(page, 'forbidden unit');
      await screenshots(page, '09-forbidden');
      await page.locator('[data-testid=forbidden] a').click();
      await expect.poll(() => new URL(page.url()).searchParams.get('unit')).toBe('001');
      await page.locator('[data-testid=overview-heading]').waitFor();
      expect(await page.locator('[data-testid=overview-heading]').textContent()).toContain('Ba Đình');
    } finally {
      await session.close();
    }
  });
});
