/**
 * Monthly reporting in headless Chromium against the seeded demo (today 2026-11-27, open period
 * 2026-12), on the map of 2025: Tổ dân phố số 1 of the former Phúc Xá (`00001-01`) belongs to
 * Phường Hồng Hà (`00097`) since 2025-07. The team fills and submits its report (a save lost to a
 * dropped connection is kept and sent when the network is back); Hồng Hà returns it with a comment;
 * the team corrects and resubmits; the ward approves; the city's figure moves by exactly the amount.
 */
import type { FiguresReply, Kpi, LateReply, PeriodInfo, ReportReply, UnitReply } from '@tiendo/shared';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { primaryValue } from '../client/src/features/overview/overview-data.ts';
import { openPeriod } from '../client/src/features/reporting/report-view.ts';
import { formatNumber } from '../client/src/i18n/format.ts';
import { launchSession, type Session } from './browser.ts';
import { api, expectAccessible, expectNoSideScroll, screenshots, settle, signIn } from './helpers.ts';

const hasChromium = inject('chromium');
const base = inject('baseUrl');
if (!hasChromium) console.warn('[e2e] Chromium missing: skipping the reporting browser tests.');

const TEAM = '00001-01';
/** Phường Hồng Hà, formed in 2025-07 from Phúc Xá and six other wards: the team's ward today. */
const WARD = '00097';
const WARD_USER = 'hongha';
const KPI = 'dinh_danh_tiep_nhan';

describe.skipIf(!hasChromium)('monthly reporting', () => {
  let session: Session;
  let page: Page;
  let period = '';
  let cityBefore: FiguresReply['figures'][number];
  let shownBefore = '';
  let amount = 0;
  let kpis: Kpi[];

  /** One browser, one person at a time: the cookie goes, the drafts in localStorage stay (keyed per user). */
  async function signInAs(username: string) {
    await page.context().clearCookies();
    await signIn(page, base, username);
    await settle(page);
  }
  const report = (unit: string) => api<ReportReply>(page, base, `/units/${unit}/reports/${period}`);
  const cityFigure = async () => {
    const f = (await api<FiguresReply>(page, base, `/units/01/figures?period=${period}`)).figures.find((x) => x.kpi === KPI);
    if (!f) throw new Error(`no city figure for ${KPI}`);
    return f;
  };
  const stateOnScreen = () => page.locator('[data-testid=report-state]').getAttribute('data-state');

  async function openMyReport(unit: string) {
    await page.locator('[data-testid=nav-report]').first().click();
    await page.waitForURL(
      (u) => u.pathname === '/report' && u.searchParams.get('unit') === unit && u.searchParams.get('period') === period,
    );
    await page.locator('[data-testid=report-state]').waitFor();
    await settle(page);
  }

  beforeAll(async () => {
    session = await launchSession();
    page = await session.context.newPage();
    await signInAs('lanhdao');
    period = openPeriod(await api<PeriodInfo[]>(page, base, '/periods')) ?? '';
    expect(period).toBe('2026-12');
    kpis = await api<Kpi[]>(page, base, '/kpis');
    cityBefore = await cityFigure();
    await page.goto(`${base}/?unit=01&period=${period}`);
    await settle(page);
    shownBefore = (await page.locator(`[data-testid=kpi-value-${KPI}]`).textContent()) ?? '';
  });

  afterAll(async () => {
    await session?.close();
  });

  it('a task team fills its report on the form, keeps a draft through a lost connection, and submits', async () => {
    await signInAs('to1.phucxa');
    await openMyReport(TEAM);
    const r = await report(TEAM);
    expect(r.state).toBe('not_started');
    expect(await stateOnScreen()).toBe('not_started');
    const prev = (code: string) => r.kpis.find((k) => k.code === code)?.previous;
    const received = prev(KPI) as number;
    const collected = prev('cccd_thu_nhan') as number;
    const cleaned = prev('lam_sach_dan_cu') as { numerator: number; denominator: number };
    // last month's figure sits beside the field, as the reader writes numbers
    expect(await page.locator(`[data-testid=previous-${KPI}]`).textContent()).toBe(formatNumber(received, 'vi'));
    expect(await page.locator(`[data-testid=input-${KPI}]`).getAttribute('inputmode')).toBe('numeric');

    // a typo is caught as it is typed, field by field
    await page.locator(`[data-testid=input-${KPI}]`).fill('-3');
    await page.locator(`[data-testid=error-${KPI}]`).waitFor();
    amount = received + 2;
    await page.locator(`[data-testid=input-${KPI}]`).fill(String(amount));
    await page.locator('[data-testid=input-cccd_thu_nhan]').fill(String(collected));
    await page.locator('[data-testid=input-lam_sach_dan_cu-numerator]').fill(String(cleaned.numerator + 1));
    await page.locator('[data-testid=input-lam_sach_dan_cu-denominator]').fill(String(cleaned.denominator + 1));
    expect(await page.locator('[data-testid=percent-lam_sach_dan_cu]').textContent()).toMatch(/\d,\d\s%/);
    await page.locator('[data-testid=notes-difficulties]').fill('Thiếu máy đọc chip ở tổ dân phố');
    expect(await page.locator('[data-testid=sync-state]').getAttribute('data-sync')).toBe('local');

    // the connection drops: the save waits in the browser, visibly not yet sent…
    await page.context().setOffline(true);
    try {
      await page.locator('[data-testid=save-draft]').click();
      await expect.poll(() => page.locator('[data-testid=sync-state]').getAttribute('data-sync')).toBe('queued');
      const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('tiendo.reportDraft')));
      expect(kept).toEqual([`tiendo.reportDraft.v1:to1.phucxa:${TEAM}:${period}`]);
      expect(await page.locator('[data-testid=submit-report]').isDisabled()).toBe(true);
      await screenshots(page, 'report-offline');
    } finally {
      // …and goes by itself when the network is back
      await page.context().setOffline(false);
    }
    await expect.poll(() => page.locator('[data-testid=sync-state]').getAttribute('data-sync'), { timeout: 20_000 }).toBe('saved');
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('tiendo.reportDraft')))).toEqual([]);
    const draft = await report(TEAM);
    expect(draft).toMatchObject({ state: 'draft', values: { [KPI]: amount } });
    expect(draft.notes.difficulties).toBe('Thiếu máy đọc chip ở tổ dân phố');

    await settle(page);
    await expectAccessible(page, 'report form');
    await screenshots(page, 'report-form');
    await expectNoSideScroll(page, 'report form');
    await page.locator('[data-testid=submit-report]').click();
    // the summary asks for a confirmation before the figures go up
    await page.locator('[data-testid=confirm-submit]').click();
    await expect.poll(stateOnScreen).toBe('submitted');
    expect(await page.locator('[data-testid=read-only]').isVisible()).toBe(true);
    expect((await report(TEAM)).state).toBe('submitted');
  });

  it('the ward sees it among the units below and returns it with a comment', async () => {
    await signInAs(WARD_USER);
    await openMyReport(WARD);
    const row = page.locator(`[data-testid=below-state-${TEAM}]`);
    await expect.poll(() => row.getAttribute('data-state')).toBe('submitted');
    // the units below are the ward's teams on this period's map, each former ward's "Tổ dân phố số 1" told apart
    const ward = await api<UnitReply>(page, base, `/units/${WARD}?period=${period}`);
    expect(ward.children.some((c) => c.code === TEAM)).toBe(true);
    expect(await page.locator('[data-testid=units-below] tbody tr').count()).toBe(ward.children.length);
    expect(await page.locator(`[data-testid=units-below] tr[data-unit="${TEAM}"] .unit-code-line`).textContent()).toBe(
      `${TEAM} · thuộc Phúc Xá cũ`,
    );
    await expectAccessible(page, 'ward report with units below');
    await page.locator('[data-testid=units-below]').scrollIntoViewIfNeeded();
    await screenshots(page, 'report-ward');
    await expectNoSideScroll(page, 'approver’s page');
    await page.locator(`[data-testid=below-${TEAM}]`).click();
    await page.waitForURL((u) => u.searchParams.get('unit') === TEAM);
    await page.locator('[data-testid=decision]').waitFor();
    await page.locator('[data-testid=return-comment]').fill('Số hồ sơ tiếp nhận chưa khớp sổ theo dõi');
    await page.locator('[data-testid=return]').click();
    await expect.poll(stateOnScreen).toBe('returned');
    expect(await page.locator('[data-testid=report-comment]').textContent()).toContain('chưa khớp sổ theo dõi');
  });

  it('the team reads the comment, corrects and resubmits', async () => {
    await signInAs('to1.phucxa');
    await openMyReport(TEAM);
    expect(await stateOnScreen()).toBe('returned');
    expect(await page.locator('[data-testid=report-comment]').textContent()).toContain('chưa khớp sổ theo dõi');
    amount += 1;
    await page.locator(`[data-testid=input-${KPI}]`).fill(String(amount));
    await page.locator('[data-testid=submit-report]').click();
    // the summary asks for a confirmation before the figures go up
    await page.locator('[data-testid=confirm-submit]').click();
    await expect.poll(stateOnScreen).toBe('submitted');
    const r = await report(TEAM);
    expect(r).toMatchObject({ state: 'submitted', values: { [KPI]: amount } });
  });

  it('the ward’s bulk import refuses a file with one bad row, saves nothing, and lists the errors to download', async () => {
    await signInAs(WARD_USER);
    await page.goto(`${base}/report?unit=${WARD}&period=${period}`);
    await page.locator('[data-testid=bulk]').waitFor();
    const template = await page.context().request.get(`${base}/api/units/${WARD}/reports/${period}/template?format=csv`);
    expect(template.status()).toBe(200);
    const lines = (await template.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    const header = lines[0]?.split(',') ?? [];
    const col = header.indexOf(KPI);
    // two teams other than the one in the workflow above (line 2 holds the Vietnamese labels)
    const rows = lines
      .slice(2)
      .filter((l) => !l.startsWith(`${TEAM},`))
      .slice(0, 2)
      .map((l, i) => {
        const cells = l.split(',');
        for (let c = 2; c < cells.length; c++) cells[c] = '1';
        if (i === 1) cells[col] = '-4';
        return cells.join(',');
      });
    expect(rows).toHaveLength(2);
    const goodUnit = rows[0]?.split(',')[0] ?? '';
    const badUnit = rows[1]?.split(',')[0] ?? '';
    const before = [await report(goodUnit), await report(badUnit)];
    await page.locator('[data-testid=import-file]').setInputFiles({
      name: 'bao-cao.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from([lines[0], ...rows].join('\n'), 'utf8'),
    });
    await page.locator('[data-testid=import-submit]').click();
    const table = page.locator('[data-testid=import-errors]');
    await table.waitFor();
    expect(await table.locator('tbody').textContent()).toContain(badUnit);
    // validated whole: the good row was not saved either
    expect([(await report(goodUnit)).version, (await report(badUnit)).version]).toEqual(before.map((r) => r.version));
    const download = page.waitForEvent('download');
    await page.locator('[data-testid=import-errors-csv]').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.csv$/);
    await expectAccessible(page, 'import errors');
  });

  it('the ward approves it; the form is then read-only, with its history', async () => {
    await page.goto(`${base}/report?unit=${TEAM}&period=${period}`);
    await page.locator('[data-testid=approve]').click();
    await expect.poll(stateOnScreen).toBe('approved');
    const r = await report(TEAM);
    expect(r.history.map((h) => h.action)).toEqual(['create', 'submit', 'return', 'resubmit', 'approve']);
    await page.locator('[data-testid=report-history] summary').click();
    expect(await page.locator('[data-testid=report-history] li').count()).toBe(5);
    await screenshots(page, 'report-approved');
  });

  it('the late list shows who has not reported, linked from the dashboard’s completeness', async () => {
    await page.goto(`${base}/?unit=${WARD}&period=${period}`);
    await settle(page);
    await page.locator('[data-testid=late-open]').click();
    await page.waitForURL((u) => u.pathname === '/late' && u.searchParams.get('unit') === WARD);
    await page.locator('[data-testid=late-list]').waitFor();
    await settle(page);
    const late = await api<LateReply>(page, base, `/units/${WARD}/late?period=${period}`);
    expect(late.units.some((u) => u.code === TEAM)).toBe(false);
    expect(await page.locator('[data-testid=late-list] tbody tr').count()).toBe(late.units.length);
    await expectAccessible(page, 'late list');
    await screenshots(page, 'late-list');
  });

  it('the leader sees the city’s figure move by exactly the submitted amount', async () => {
    await signInAs('lanhdao');
    const after = await cityFigure();
    expect((after.value ?? 0) - (cityBefore.value ?? 0)).toBe(amount);
    expect((after.cumulative ?? 0) - (cityBefore.cumulative ?? 0)).toBe(amount);
    await page.goto(`${base}/?unit=01&period=${period}`);
    await settle(page);
    const kpi = kpis.find((k) => k.code === KPI);
    if (!kpi) throw new Error(KPI);
    const shown = (await page.locator(`[data-testid=kpi-value-${KPI}]`).textContent()) ?? '';
    expect(shownBefore).toBe(primaryValue(kpi, cityBefore, 'vi'));
    expect(shown).toBe(primaryValue(kpi, after, 'vi'));
    const num = (s: string) => Number(s.replace(/\D/g, ''));
    expect(num(shown) - num(shownBefore)).toBe(amount);
  });
});
