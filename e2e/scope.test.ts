/**
 * Issue 3's walk on the 2025 map. Hồng Hà's approver signs in, sees Hồng Hà's figures, is told
 * clearly that Phường Ba Đình is not theirs to see (not a blank page), and signs out. Phúc Xá's
 * approver, whose ward was merged into Hồng Hà on 2025-07-01, opens on June 2025 with a banner that
 * says so, reads Phúc Xá's history and cannot go past it; the city secretariat then moves the
 * account to Hồng Hà in one click, and it signs in to Hồng Hà.
 *
 * The move cannot be undone (no account is put on a unit that has ended), so it comes last, in this
 * file: vitest does not order the files, and none other signs in as `phucxa`.
 */
import type { AdminUser, FiguresReply, Kpi, PeriodInfo, UsersReply } from '@tiendo/shared';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { primaryValue } from '../client/src/features/overview/overview-data.ts';
import { formatPeriod } from '../client/src/i18n/format.ts';
import { launchSession, type Session } from './browser.ts';
import { api, expectAccessible, screenshots, settle, signIn } from './helpers.ts';

const hasChromium = inject('chromium');
const base = inject('baseUrl');
if (!hasChromium) console.warn('[e2e] Chromium missing: skipping the scope browser test.');

const HONG_HA = '00097';
const PHUC_XA = '00001';
const TEAM = '00001-01';

/** The overview's cards are the API's figures for that unit and period. */
async function expectCards(page: Page, unit: string, period: string) {
  await settle(page);
  const kpis = await api<Kpi[]>(page, base, '/kpis');
  const figures = await api<FiguresReply>(page, base, `/units/${unit}/figures?period=${period}`);
  expect(await page.locator('[data-testid=overview-heading]').textContent()).toContain(formatPeriod(period, 'vi'));
  let checked = 0;
  for (const f of figures.figures) {
    const kpi = kpis.find((k) => k.code === f.kpi);
    if (!kpi || kpi.retired) continue;
    expect(await page.locator(`[data-testid=kpi-value-${f.kpi}]`).textContent(), `${unit} ${period} ${f.kpi}`).toBe(
      primaryValue(kpi, f, 'vi'),
    );
    checked++;
  }
  expect(checked).toBeGreaterThan(0);
}

/** The latest month whose cut-off has passed: where the dashboard opens. */
const closedPeriod = async (page: Page) =>
  (await api<PeriodInfo[]>(page, base, '/periods')).filter((p) => p.cutoffPassed).at(-1)?.period ?? '';

const status = async (page: Page, path: string) => (await page.context().request.get(`${base}/api${path}`)).status();

async function signOut(page: Page) {
  await page.locator('[data-testid=user-menu] summary').click();
  await page.locator('[data-testid=user-menu] button').click();
  await page.locator('#login-username').waitFor();
  expect((await page.context().request.get(`${base}/api/me`)).status()).toBe(401);
}

describe.skipIf(!hasChromium)('a commune approver and the units of others', () => {
  let session: Session;
  beforeAll(async () => {
    session = await launchSession();
  });
  afterAll(() => session?.close());

  it('sees Hồng Hà, is refused Phường Ba Đình with a message, and signs out', async () => {
    const page = await session.context.newPage();
    await signIn(page, base, 'hongha');
    await settle(page);
    await page.locator('[data-testid=overview-heading]').waitFor();
    expect(await page.locator('[data-testid=overview-heading]').textContent()).toContain('Hồng Hà');
    const closed = await closedPeriod(page);
    await expectCards(page, HONG_HA, closed);

    // 00004 is the new Phường Ba Đình in that month: another commune
    await page.goto(`${base}/?unit=00004`);
    await page.locator('[data-testid=forbidden]').first().waitFor();
    expect(await page.locator('[data-testid=forbidden]').count()).toBe(1);
    expect(await page.locator('[data-testid=forbidden]').textContent()).toMatch(/không có quyền/);
    await expectAccessible(page, 'forbidden for hongha');
    expect(await status(page, `/units/00004/figures?period=${closed}`)).toBe(403);

    await page.locator('[data-testid=forbidden] a').click();
    await page.locator('[data-testid=overview-heading]').waitFor();
    await expect.poll(() => new URL(page.url()).searchParams.get('unit')).toBe(HONG_HA);
    expect(await page.locator('[data-testid=overview-heading]').textContent()).toContain('Hồng Hà');
    await signOut(page);
  });

  it('Phúc Xá’s account opens on June 2025 with the merger banner, reads its history, and cannot go to July 2025', async () => {
    const page = await session.context.newPage();
    await signIn(page, base, 'phucxa');
    await page.locator('[data-testid=overview-heading]').waitFor();
    expect(await page.locator('[data-testid=overview-heading]').textContent()).toBe('Tổng quan Phúc Xá — tháng 6/2025');
    const banner = page.locator('[data-testid=ended-banner]');
    await banner.waitFor();
    expect(await banner.textContent()).toContain(
      'Phường Phúc Xá đã sáp nhập vào Phường Hồng Hà từ tháng 7/2025. Tài khoản này chỉ xem được số liệu đến tháng 6/2025.',
    );
    await expectCards(page, PHUC_XA, '2025-06');
    await expectAccessible(page, 'ended account, June 2025');
    await screenshots(page, '15-ended-account');

    // its history: a month back, and back again
    await page.getByRole('button', { name: 'Kỳ trước' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('period')).toBe('2025-05');
    await expectCards(page, PHUC_XA, '2025-05');
    // nothing after June 2025 is offered
    const offered = await page
      .locator('[data-testid=period-picker] option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(offered).toContain('2025-06');
    expect(offered.filter((p) => p > '2025-06')).toEqual([]);
    await page.locator('[data-testid=period-picker]').selectOption('2025-06');
    await expect.poll(() => new URL(page.url()).searchParams.get('period')).toBe('2025-06');
    expect(await page.getByRole('button', { name: 'Kỳ sau' }).isDisabled()).toBe(true);

    // a link to July 2025: Phúc Xá is no more, and its successor is not this account's to see
    await page.goto(`${base}/?unit=${PHUC_XA}&period=2025-07`);
    const panel = page.locator('[data-testid=unit-not-in-period]');
    await panel.waitFor();
    // named once its last month is read (a link opened cold knows only the code at first)
    await expect.poll(() => panel.locator('h2').textContent()).toContain('Phường Phúc Xá không tồn tại trong tháng 7/2025');
    expect(await status(page, `/units/${PHUC_XA}/figures?period=2025-07`)).toBe(404);
    expect(await status(page, `/units/${HONG_HA}/figures?period=2025-07`)).toBe(403);
    await panel.locator(`a[data-unit="${HONG_HA}"]`).click();
    const forbidden = page.locator('[data-testid=forbidden]');
    await forbidden.waitFor();
    expect(await forbidden.textContent()).toContain('bạn chỉ xem được lịch sử của đơn vị đến tháng 6/2025');
    await forbidden.locator('a').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('period')).toBe('2025-06');
    expect(new URL(page.url()).searchParams.get('unit')).toBe(PHUC_XA);
    await expectCards(page, PHUC_XA, '2025-06');

    // its monthly report: the last month, read only, with the banner; its team of old is Hồng Hà's now
    await page.locator('[data-testid=nav-report]').first().click();
    await page.waitForURL((u) => u.pathname === '/report' && u.searchParams.get('period') === '2025-06');
    await page.locator('[data-testid=report-state]').waitFor();
    await settle(page);
    expect(await page.locator('[data-testid=ended-banner]').isVisible()).toBe(true);
    expect(await page.locator('[data-testid=read-only]').isVisible()).toBe(true);
    const months = await page
      .locator('[data-testid=report-period] option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(months.filter((p) => p > '2025-06')).toEqual([]);
    const june = await page.context().request.get(`${base}/api/units/${PHUC_XA}/reports/2025-06`);
    expect(((await june.json()) as { editable: boolean }).editable).toBe(false);
    expect(await status(page, `/units/${TEAM}/reports/2025-06`)).toBe(200);
    expect(await status(page, `/units/${TEAM}/reports/2026-12`)).toBe(403);
    await signOut(page);
  });

  it('the secretariat moves the account to Hồng Hà in one click, and it signs in to Hồng Hà', async () => {
    const secretariat = await launchSession();
    try {
      const page = await secretariat.context.newPage();
      await signIn(page, base, 'thuky');
      await page.goto(`${base}/admin/users`);
      await page.getByLabel('Tìm kiếm').fill('phucxa');
      const row = page.locator('[data-testid=users-table] tbody tr').filter({ has: page.locator('th', { hasText: /^phucxa$/ }) });
      await row.locator('[data-testid=unit-ended-phucxa]').waitFor();
      await row.getByRole('button', { name: /Sửa/ }).click();

      const dialog = page.locator('dialog[open]');
      await dialog.locator('[data-testid=unit-ended-notice]').waitFor();
      const move = dialog.locator(`[data-testid=move-to-${HONG_HA}]`);
      expect(await move.textContent()).toBe('Chuyển sang Phường Hồng Hà (00097)');
      await move.click();
      expect(await dialog.locator('[data-testid=moving-to]').textContent()).toBe('Khi lưu, tài khoản sẽ chuyển sang Hồng Hà (00097).');
      await expectAccessible(page, 'move an account to a successor');
      await screenshots(page, 'admin-move-account');
      await dialog.locator('[data-testid=user-save]').click();
      const confirm = page.locator('dialog[open]');
      await expect.poll(() => confirm.textContent()).toContain('Chuyển phucxa từ Phúc Xá (00001) sang Hồng Hà (00097)?');
      await confirm.locator('[data-testid=confirm]').click();
      await expect.poll(() => page.locator('dialog[open]').count()).toBe(0);
      await expect.poll(() => row.locator('td').nth(1).textContent()).toBe('Hồng Hà (00097)');
      expect(await row.locator('[data-testid=unit-ended-phucxa]').count()).toBe(0);

      const listed = await api<UsersReply>(page, base, '/users?q=phucxa');
      const moved = listed.users.find((u: AdminUser) => u.username === 'phucxa');
      expect(moved).toMatchObject({ role: 'approver', unit: { code: HONG_HA, name: 'Hồng Hà', validTo: null } });
    } finally {
      await secretariat.close();
    }

    const page = await session.context.newPage();
    await signIn(page, base, 'phucxa');
    await page.locator('[data-testid=overview-heading]').waitFor();
    const closed = await closedPeriod(page);
    expect(await page.locator('[data-testid=overview-heading]').textContent()).toBe(`Tổng quan Hồng Hà — ${formatPeriod(closed, 'vi')}`);
    await expectCards(page, HONG_HA, closed);
    expect(await page.locator('[data-testid=ended-banner]').count()).toBe(0);
    // Hồng Hà's approver now: its teams in the open month, and the history of the wards it was made of
    expect(await status(page, `/units/${TEAM}/reports/2026-12`)).toBe(200);
    expect(await status(page, `/units/${PHUC_XA}/figures?period=2025-06`)).toBe(200);
    await page.locator('[data-testid=nav-report]').first().click();
    await page.waitForURL((u) => u.pathname === '/report' && u.searchParams.get('unit') === HONG_HA);
    await page.locator('[data-testid=units-below]').waitFor();
    expect(await page.locator('[data-testid=ended-banner]').count()).toBe(0);
    await signOut(page);
  });
});
