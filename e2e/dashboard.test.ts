/**
 * The leaders' dashboard in headless Chromium against the app as `npm start` serves it. At every
 * stop the figures on screen are compared with the API's figures for that unit, period and map:
 * Hà Nội is 30 districts until 2025-06 and 126 communes from 2025-07, and a month before the
 * reform can be read on today's map, its communes' history rebuilt from the units they were made of.
 */
import {
  type BreakdownReply,
  type CompletenessReply,
  type FiguresReply,
  type Kpi,
  type MapView,
  type PeriodInfo,
  tierName,
  type UnitReply,
} from '@tiendo/shared';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { primaryValue } from '../client/src/features/overview/overview-data.ts';
import { rowValue } from '../client/src/features/ranking/ranking-data.ts';
import { formatNumber, formatPeriod, type Lang } from '../client/src/i18n/format.ts';
import { launchSession, type Session } from './browser.ts';
import { api, DEMO_PASSWORD, expectAccessible, expectNoSideScroll, screenshots, settle, signIn } from './helpers.ts';

const hasChromium = inject('chromium');
const base = inject('baseUrl');

/** The query that reads a period on a map: nothing for the period's own map (the API's default). */
const onMap = (map: MapView) => (map === 'today' ? '&map=today' : '');

/** How a card or a ranking row says its figure is history rebuilt from former units (HistoryTag). */
const MARKS = {
  vi: { rebuilt: 'Dựng lại từ đơn vị cũ', estimated: 'Ước tính', rebuiltShort: '(dựng lại)', estimatedShort: '(ước tính)' },
  en: { rebuilt: 'Rebuilt from former units', estimated: 'Estimated', rebuiltShort: '(rebuilt)', estimatedShort: '(estimated)' },
} as const;

/** The unit's cards, each as the API gives its figure for that period and map, marked rebuilt or estimated where it says so. */
async function expectFiguresOn(page: Page, kpis: Kpi[], unit: string, period: string, lang: Lang, map: MapView) {
  await settle(page);
  const u = await api<UnitReply>(page, base, `/units/${unit}?period=${period}${onMap(map)}`);
  await expect.poll(() => page.locator('[data-testid=overview-heading]').textContent()).toContain(u.name);
  expect(await page.locator('[data-testid=overview-heading]').textContent()).toContain(formatPeriod(period, lang));
  const figs = await api<FiguresReply>(page, base, `/units/${unit}/figures?period=${period}${onMap(map)}`);
  let checked = 0;
  for (const f of figs.figures) {
    const kpi = kpis.find((k) => k.code === f.kpi);
    if (!kpi || kpi.retired) continue;
    const shown = await page.locator(`[data-testid=kpi-value-${f.kpi}]`).textContent();
    expect(shown, `${unit} ${period} ${map} ${f.kpi}`).toBe(primaryValue(kpi, f, lang));
    const mark = page.locator(`[data-testid=kpi-history-${f.kpi}]`);
    if (f.estimated) expect((await mark.textContent())?.trim(), `${unit} ${f.kpi} estimated`).toBe(MARKS[lang].estimated);
    else if (f.rebuilt) expect((await mark.textContent())?.trim(), `${unit} ${f.kpi} rebuilt`).toBe(MARKS[lang].rebuilt);
    else expect(await mark.count(), `${unit} ${f.kpi} as reported`).toBe(0);
    checked++;
  }
  expect(checked).toBeGreaterThan(0);
  expect(await page.locator('[data-testid^=kpi-card-]').count()).toBe(checked);
}

/** The ranking, row by row as the API ranks the units below on that map, rebuilt rows marked; the API's reply. */
async function expectRankingOn(page: Page, kpis: Kpi[], unit: string, kpiCode: string, period: string, lang: Lang, map: MapView) {
  const kpi = kpis.find((k) => k.code === kpiCode);
  if (!kpi) throw new Error(kpiCode);
  const b = await api<BreakdownReply>(page, base, `/units/${unit}/breakdown?kpi=${kpiCode}&period=${period}${onMap(map)}`);
  await page.locator('[data-testid=ranking-table]').waitFor();
  await expect.poll(() => page.locator('[data-testid=ranking-table] tbody tr').count()).toBe(b.rows.length);
  const tags = await page
    .locator('[data-testid=ranking-table] tbody tr')
    .evaluateAll((rows) =>
      Object.fromEntries(rows.map((r) => [r.getAttribute('data-unit'), r.querySelector('th .history-tag')?.textContent?.trim() ?? null])),
    );
  for (const r of b.rows) {
    expect(await page.locator(`[data-testid=ranking-value-${r.code}]`).textContent(), `${unit} ${kpiCode} ${r.code}`).toBe(
      rowValue(kpi, r, lang),
    );
    const mark = r.estimated ? MARKS[lang].estimatedShort : r.rebuilt ? MARKS[lang].rebuiltShort : null;
    expect(tags[r.code], `${unit} ${kpiCode} ${r.code} mark`).toBe(mark);
  }
  return b;
}

/** The completeness counts, and the table by tier, as the API counts that period on that map; the API's reply. */
async function expectCompletenessOn(page: Page, unit: string, period: string, lang: Lang, map: MapView) {
  const c = await api<CompletenessReply>(page, base, `/units/${unit}/completeness?period=${period}${onMap(map)}`);
  if (c.expected === 0) return c;
  const panel = page.locator('[data-testid=completeness]');
  await expect.poll(() => panel.locator('[data-testid=completeness-on-time]').first().textContent()).toBe(formatNumber(c.onTime, lang));
  expect(await panel.locator('[data-testid=completeness-late]').first().textContent()).toBe(formatNumber(c.late, lang));
  expect(await panel.locator('[data-testid=completeness-missing]').first().textContent()).toBe(formatNumber(c.missingTotal, lang));
  // one row per tier expected to report (tier, expected, on time, late, missing), when there is more than one
  const rows = await panel
    .locator('table tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => cell.textContent?.trim() ?? '')));
  // tiers by name (Phường/Xã), never "Cấp 3"
  const expected = c.byLevel.length > 1 ? c.byLevel.map((l) => [l.level, l.expected, l.onTime, l.late, l.missing]) : [];
  expect(rows, `${unit} ${period} ${map} completeness by tier`).toEqual(
    expected.map(([tier, ...counts]) => [tierName(tier as number, lang), ...counts.map((n) => formatNumber(n ?? null, lang))]),
  );
  return c;
}

describe.skipIf(!hasChromium)('leaders’ dashboard', () => {
  let session: Session;
  let page: Page;
  let kpis: Kpi[];
  let defaultPeriod: string;

  const unitOf = () => new URL(page.url()).searchParams.get('unit');

  async function expectFigures(unit: string, period: string, lang: Lang, map: MapView = 'period') {
    await expectFiguresOn(page, kpis, unit, period, lang, map);
  }

  async function expectRanking(unit: string, kpiCode: string, period: string, lang: Lang, map: MapView = 'period') {
    return expectRankingOn(page, kpis, unit, kpiCode, period, lang, map);
  }

  async function expectCompleteness(unit: string, period: string, lang: Lang, map: MapView = 'period') {
    return expectCompletenessOn(page, unit, period, lang, map);
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
    // the trend's axes are as wide as their labels ("450 nghìn", "8 triệu"): none is cut at the chart's edge
    await page.locator('#trend .recharts-cartesian-axis-tick-value').first().waitFor();
    const cut = await page.locator('#trend').evaluate((trend) =>
      [...trend.querySelectorAll<SVGGraphicsElement>('.recharts-cartesian-axis-tick-value')]
        .filter((t) => {
          const b = t.ownerSVGElement?.getBoundingClientRect();
          const r = t.getBoundingClientRect();
          return b !== undefined && r.width > 0 && (r.left < b.left - 1 || r.right > b.right + 1);
        })
        .map((t) => t.textContent),
    );
    expect(cut, 'trend chart tick labels outside the chart').toEqual([]);
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

  it('drills down the city → a commune → a team on today’s map, and back by the breadcrumb and the back button', async () => {
    // no districts any more: the city's ranking lists the 126 communes of the 2025 map
    const city = await expectRanking('01', kpis[0]?.code ?? '', defaultPeriod, 'vi');
    expect(city.rows).toHaveLength(126);
    expect(new Set(city.rows.map((r) => r.level))).toEqual(new Set([3]));

    await page.locator('[data-testid=ranking-table] a[data-unit="00097"]').click();
    await expect.poll(unitOf).toBe('00097');
    // the link carries the period, so it names the same unit whenever it is opened
    expect(new URL(page.url()).searchParams.get('period')).toBe(defaultPeriod);
    await expectFigures('00097', defaultPeriod, 'vi');
    await expectRanking('00097', kpis[0]?.code ?? '', defaultPeriod, 'vi');
    await expectCompleteness('00097', defaultPeriod, 'vi');
    await expectAccessible(page, 'commune');
    await screenshots(page, '03-commune');

    await page.locator('[data-testid=ranking-table] a[data-unit="00001-01"]').click();
    await expect.poll(unitOf).toBe('00001-01');
    await expectFigures('00001-01', defaultPeriod, 'vi');
    expect(await page.locator('[data-testid=ranking]').count()).toBe(0);
    await expectAccessible(page, 'team');
    await screenshots(page, '04-team');

    const crumbs = page.locator('[data-testid=breadcrumb] a');
    expect(await crumbs.allTextContents()).toEqual(['Hà Nội', 'Hồng Hà']);
    await page.locator('[data-testid=breadcrumb] a[data-unit="01"]').click();
    await expect.poll(unitOf).toBe('01');
    await expectFigures('01', defaultPeriod, 'vi');

    await page.goBack();
    await expect.poll(unitOf).toBe('00001-01');
    await expectFigures('00001-01', defaultPeriod, 'vi');
    await page.goForward();
    await expect.poll(unitOf).toBe('01');
  });

  it('ranks and counts the 30 districts in June 2025, and the 126 communes from July 2025', async () => {
    await page.goto(`${base}/?unit=01&period=2025-06`);
    await expectFigures('01', '2025-06', 'vi');
    // the two maps differ here: the URL says which one is on screen
    await expect.poll(() => new URL(page.url()).searchParams.get('map')).toBe('period');
    expect(await page.locator('[data-testid=map-switch]').inputValue()).toBe('period');
    const june = await expectRanking('01', kpis[0]?.code ?? '', '2025-06', 'vi');
    expect(june.rows).toHaveLength(30);
    expect(new Set(june.rows.map((r) => r.level))).toEqual(new Set([2]));
    const juneCounts = await expectCompleteness('01', '2025-06', 'vi');
    expect(juneCounts.byLevel.find((l) => l.level === 2)?.expected).toBe(30);
    await screenshots(page, '02-city-2025-06', '[data-testid=completeness]');

    await page.locator('[data-testid=period-picker]').selectOption('2025-07');
    await expect.poll(() => new URL(page.url()).searchParams.get('period')).toBe('2025-07');
    await expectFigures('01', '2025-07', 'vi');
    const july = await expectRanking('01', kpis[0]?.code ?? '', '2025-07', 'vi');
    expect(july.rows).toHaveLength(126);
    expect(new Set(july.rows.map((r) => r.level))).toEqual(new Set([3]));
    const julyCounts = await expectCompleteness('01', '2025-07', 'vi');
    // communes and their teams report; no district is expected any more
    expect(julyCounts.byLevel.map((l) => l.level)).toEqual([3, 4]);
    expect(julyCounts.byLevel.find((l) => l.level === 3)?.expected).toBe(126);
    // the same map whichever the choice: no switch to offer
    expect(await page.locator('[data-testid=map-switch]').count()).toBe(0);
  });

  it('in June 2025, as reported, drills down the city → a district → a commune → a team, the period in every link', async () => {
    await page.goto(`${base}/?unit=01&period=2025-06`);
    await expectFigures('01', '2025-06', 'vi');
    await page.locator('[data-testid=ranking-table] a[data-unit="001"]').click();
    await expect.poll(unitOf).toBe('001');
    expect(new URL(page.url()).searchParams.get('period')).toBe('2025-06');
    await expectFigures('001', '2025-06', 'vi');
    await expectRanking('001', kpis[0]?.code ?? '', '2025-06', 'vi');
    await expectAccessible(page, 'district');
    await screenshots(page, '02-district');

    await page.locator('[data-testid=ranking-table] a[data-unit="00001"]').click();
    await expect.poll(unitOf).toBe('00001');
    await expectFigures('00001', '2025-06', 'vi');
    await expectCompleteness('00001', '2025-06', 'vi');
    await expectAccessible(page, 'commune, June 2025');

    await page.locator('[data-testid=ranking-table] a[data-unit="00001-01"]').click();
    await expect.poll(unitOf).toBe('00001-01');
    expect(new URL(page.url()).searchParams.get('period')).toBe('2025-06');
    await expectFigures('00001-01', '2025-06', 'vi');
    // the same team, on the map of its day: under Phúc Xá in Quận Ba Đình
    expect(await page.locator('[data-testid=breadcrumb] a').allTextContents()).toEqual(['Hà Nội', 'Ba Đình', 'Phúc Xá']);
    await page.locator('[data-testid=breadcrumb] a[data-unit="01"]').click();
    await expect.poll(unitOf).toBe('01');
    expect(new URL(page.url()).searchParams.get('period')).toBe('2025-06');
    await expectFigures('01', '2025-06', 'vi');
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
});

/**
 * A leader reads a month before the July-2025 reform on its own map (districts, as reported) or on
 * today's (the 126 communes, their history rebuilt from the units they were made of). Its own
 * browser, so the remembered choice starts from the default.
 */
/**
 * The map goes into the URL once the unit's replies on both maps have come, beside the panels'
 * own requests for the account's unit: on a loaded machine that is more than expect.poll's
 * default second.
 */
const MAP_IN_URL_MS = 15_000;

describe.skipIf(!hasChromium)('the map a month is read on', () => {
  let session: Session;
  let page: Page;
  let kpis: Kpi[];
  const param = (name: string) => new URL(page.url()).searchParams.get(name);
  const cardValues = () =>
    page
      .locator('[data-testid^=kpi-value-]')
      .evaluateAll((els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-testid'), e.textContent])));

  beforeAll(async () => {
    session = await launchSession();
    page = await session.context.newPage();
    await signIn(page, base, 'lanhdao');
    kpis = await api<Kpi[]>(page, base, '/kpis');
  });
  afterAll(async () => {
    await session?.close();
  });

  it('shows June 2025 on today’s map: the 126 communes marked rebuilt or estimated, remembered, and said in the URL', async () => {
    const KPI = 'dinh_danh_giai_quyet'; // reported by communes: split communes' own figures are shared out
    await page.goto(`${base}/?unit=01&period=2025-06&kpi=${KPI}`);
    await expectFiguresOn(page, kpis, '01', '2025-06', 'vi', 'period');
    await expect.poll(() => param('map'), { timeout: MAP_IN_URL_MS }).toBe('period');
    await expectRankingOn(page, kpis, '01', KPI, '2025-06', 'vi', 'period');
    const asReported = await cardValues();

    await page.locator('[data-testid=map-switch]').selectOption('today');
    await expect.poll(() => param('map'), { timeout: MAP_IN_URL_MS }).toBe('today');
    expect(param('period')).toBe('2025-06');
    expect(param('unit')).toBe('01');
    await expectFiguresOn(page, kpis, '01', '2025-06', 'vi', 'today');
    // the reform moved units; the city's own totals are the same on either map
    expect(await cardValues()).toEqual(asReported);
    const b = await expectRankingOn(page, kpis, '01', KPI, '2025-06', 'vi', 'today');
    expect(b.rows).toHaveLength(126);
    expect(b.rows.every((r) => r.rebuilt)).toBe(true);
    const estimated = b.rows.filter((r) => r.estimated).length;
    expect(estimated).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=ranking-rebuilt-note]').textContent()).toBe(
      `126 đơn vị chưa tồn tại trong kỳ: cột nhạt viền đứt là số liệu dựng lại từ đơn vị cũ (${estimated} đơn vị có phần ước tính)`,
    );
    await expectCompletenessOn(page, '01', '2025-06', 'vi', 'today');
    await expectAccessible(page, 'city, June 2025, today’s map');
    await screenshots(page, '12-city-2025-06-today', '[data-testid=ranking]');
    await page.evaluate(() => window.scrollTo(0, 0));

    // remembered: after a reload, and for a month opened without a map in its link
    await page.reload();
    await settle(page);
    expect(await page.locator('[data-testid=map-switch]').inputValue()).toBe('today');
    await expectRankingOn(page, kpis, '01', KPI, '2025-06', 'vi', 'today');
    await page.goto(`${base}/?unit=01&period=2025-05&kpi=${KPI}`);
    await expect.poll(() => param('map'), { timeout: MAP_IN_URL_MS }).toBe('today');
    await expectFiguresOn(page, kpis, '01', '2025-05', 'vi', 'today');
    const may = await expectRankingOn(page, kpis, '01', KPI, '2025-05', 'vi', 'today');

    // a commune of today whose history is partly an estimate: its cards say so, and its link keeps the map
    const split = may.rows.find((r) => r.estimated);
    if (!split) throw new Error('no estimated commune in 2025-05');
    await page.locator(`[data-testid=ranking-table] a[data-unit="${split.code}"]`).click();
    await expect.poll(() => param('unit')).toBe(split.code);
    expect([param('period'), param('map')]).toEqual(['2025-05', 'today']);
    await expectFiguresOn(page, kpis, split.code, '2025-05', 'vi', 'today');
    expect((await page.locator('[data-testid^=kpi-history-]').allTextContents()).map((t) => t.trim())).toContain(MARKS.vi.estimated);
  });

  it('names what a code means on the other map, and goes there in one click', async () => {
    // on today's map 00097 is Phường Hồng Hà, formed in 2025-07
    await page.goto(`${base}/?unit=00097&period=2025-05&map=today`);
    await expectFiguresOn(page, kpis, '00097', '2025-05', 'vi', 'today');
    const notice = page.locator('[data-testid=map-notice]');
    expect(await notice.textContent()).toContain(
      'Phường Hồng Hà thành lập từ tháng 7/2025; số liệu tháng 5/2025 được dựng lại từ các đơn vị cũ',
    );
    // the code's other meaning is named once the other map's reply is in
    await expect.poll(() => notice.textContent()).toContain('Theo bản đồ của kỳ, mã 00097 là Phường Tứ Liên.');
    await expectAccessible(page, 'Hồng Hà rebuilt');
    await screenshots(page, '13-hong-ha-2025-05-today');

    await page.locator('[data-testid=map-notice-switch]').click();
    await expect.poll(() => param('map'), { timeout: MAP_IN_URL_MS }).toBe('period');
    // the same code as reported in 2025-05: Phường Tứ Liên in Quận Tây Hồ, its own figures
    await expectFiguresOn(page, kpis, '00097', '2025-05', 'vi', 'period');
    expect(await page.locator('[data-testid=overview-heading]').textContent()).toContain('Tứ Liên');
    expect(await page.locator('[data-testid=breadcrumb] a').allTextContents()).toEqual(['Hà Nội', 'Tây Hồ']);
    expect(await page.evaluate(() => localStorage.getItem('tiendo.map'))).toBe('period');
  });

  it('says Phúc Xá does not exist in July 2025 and opens Hồng Hà, its successor, in one click', async () => {
    await page.goto(`${base}/?unit=00001&period=2025-06&map=period`);
    await expectFiguresOn(page, kpis, '00001', '2025-06', 'vi', 'period');

    await page.locator('[data-testid=period-picker]').selectOption('2025-07');
    const panel = page.locator('[data-testid=unit-not-in-period]');
    await panel.waitFor();
    expect([param('unit'), param('period')]).toEqual(['00001', '2025-07']);
    const gone = await page.context().request.get(`${base}/api/units/00001?period=2025-07`);
    expect(gone.status()).toBe(404);
    const { error } = (await gone.json()) as { error: { code: string; details: { successors: { code: string }[] } } };
    expect(error.code).toBe('unit_not_in_period');
    await expect
      .poll(() => panel.locator('h2').textContent())
      .toBe('Phường Phúc Xá không tồn tại trong tháng 7/2025 (đã sáp nhập từ tháng 7/2025)');
    // every successor the API names, and nothing else, one click each
    const offered = await panel.locator('.lineage-list a').evaluateAll((as) => as.map((a) => a.getAttribute('data-unit')));
    expect(offered).toEqual(error.details.successors.map((u) => u.code));
    expect(await page.locator('[data-testid^=kpi-card-]').count()).toBe(0);
    await expectAccessible(page, 'unit not in period');
    await screenshots(page, '14-not-in-period');

    const hongHa = panel.locator('a[data-unit="00097"]');
    expect((await hongHa.textContent())?.replace('→', '').trim()).toBe('Phường Hồng Hà');
    await hongHa.click();
    await expect.poll(() => param('unit')).toBe('00097');
    expect(param('period')).toBe('2025-07');
    await expectFiguresOn(page, kpis, '00097', '2025-07', 'vi', 'period');
    // its own month: nothing rebuilt, and no switch (both maps are today's from 2025-07)
    expect(await page.locator('[data-testid^=kpi-history-]').count()).toBe(0);
    expect(await page.locator('[data-testid=map-switch]').count()).toBe(0);
  });

  it('fits a phone’s width in June 2025, as reported and on today’s map', async () => {
    for (const map of ['period', 'today'] as const) {
      await page.goto(`${base}/?unit=01&period=2025-06&map=${map}`);
      await expectFiguresOn(page, kpis, '01', '2025-06', 'vi', map);
      await page.locator('[data-testid=ranking-table]').waitFor();
      await expectNoSideScroll(page, `city, June 2025, ${map} map`);
    }
    await page.goto(`${base}/?unit=00097&period=2025-06&map=today`);
    await page.locator('[data-testid=map-notice]').waitFor();
    await expectNoSideScroll(page, 'Hồng Hà rebuilt, June 2025');
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
