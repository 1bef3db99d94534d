/**
 * A past that does not move, in headless Chromium: the city secretariat raises the TTHC target
 * from 70 % to 80 % from the open period in administration; the dashboard still shows December
 * 2022 with 70 % and the status word it had, and the open period with 80 %. The history lists
 * both targets.
 */
import type { FiguresReply, TargetsReply } from '@tiendo/shared';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { formatPercent, formatPeriod } from '../client/src/i18n/format.ts';
import { launchSession, type Session } from './browser.ts';
import { api, expectAccessible, screenshots, settle, signIn } from './helpers.ts';

const hasChromium = inject('chromium');
const base = inject('baseUrl');
if (!hasChromium) console.warn('[e2e] Chromium missing: skipping the target history browser tests.');

const KPI = 'tthc_tich_hop';
const PAST = '2022-12';
const GAUGE = `[data-testid=gauge-${KPI}]`;

describe.skipIf(!hasChromium)('targets from a period on', () => {
  let secretariat: Session;
  let page: Page;
  let open = '';
  let before: { caption: string; status: string | null; figure: unknown } | null = null;

  /** The dashboard's TTHC gauge for the city in a period: its caption and status word. */
  const gaugeAt = async (period: string) => {
    await page.goto(`${base}/?unit=01&period=${period}`);
    await page.locator(GAUGE).waitFor();
    await settle(page);
    return {
      caption: ((await page.locator(`${GAUGE} figcaption`).textContent()) ?? '').trim(),
      status: await page.locator(`${GAUGE} figcaption [data-status]`).getAttribute('data-status'),
      figure: (await api<FiguresReply>(page, base, `/units/01/figures?period=${period}`)).figures.find((f) => f.kpi === KPI),
    };
  };

  beforeAll(async () => {
    secretariat = await launchSession();
    page = await secretariat.context.newPage();
    await signIn(page, base, 'thuky');
    open = (await api<TargetsReply>(page, base, `/kpis/${KPI}/targets`)).open;
  });
  afterAll(async () => {
    // Leave the shared demo database as the other browser tests expect it: 70 % in force.
    if (page) {
      const req = page.context().request;
      const me = (await (await req.get(`${base}/api/me`)).json()) as { csrfToken: string };
      await req.put(`${base}/api/kpis/${KPI}/targets`, {
        data: [{ level: 1, value: 70, deadline: '2022-12' }],
        headers: { 'x-csrf-token': me.csrfToken },
      });
    }
    await secretariat?.close();
  });

  it('December 2022 is judged by 70 % before the change', async () => {
    before = await gaugeAt(PAST);
    expect(before.caption).toContain(formatPercent(70, 'vi', 0));
    expect(before.status).toMatch(/^(achieved|on_track|at_risk|off_track)$/);
  });

  it('the secretariat raises the target to 80 % from the open period, which the editor offers first and alone before it', async () => {
    await page.goto(`${base}/admin/kpis/${KPI}`);
    const value = page.locator('[data-testid=target-value]').first();
    await value.waitFor();
    expect(await value.inputValue()).toBe('70');
    const from = page.locator('[data-testid=targets-from]');
    expect(await from.inputValue()).toBe(open);
    const offered = await from.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(offered[0]).toBe(open);
    expect(offered.every((p) => p >= open)).toBe(true);

    await value.fill('80');
    await page.locator('[data-testid=targets-save]').click();
    await page
      .getByRole('status')
      .filter({ hasText: `Đã lưu: áp dụng từ ${formatPeriod(open, 'vi')}` })
      .waitFor();

    // The history of the city tier: 70 % since the programme began until the month before, 80 % from the open period.
    const history = page.locator('[data-testid=target-history-l1] li');
    await expect.poll(() => history.count()).toBeGreaterThanOrEqual(2);
    const texts = await history.allTextContents();
    const last = texts.at(-1) ?? '';
    expect(last).toContain(`Từ ${formatPeriod(open, 'vi')}`);
    expect(last).toContain(formatPercent(80, 'vi', 0));
    expect(last).toContain('thuky');
    expect(texts.some((x) => x.includes('Từ đầu chương trình') && x.includes(formatPercent(70, 'vi', 0)))).toBe(true);
    await expectAccessible(page, 'admin targets with history');
    await screenshots(page, 'admin-targets-history', '[data-testid=target-history-l1]');
  });

  it('December 2022 still shows 70 % and the same status; the open period shows 80 %', async () => {
    const after = await gaugeAt(PAST);
    expect(after.caption).toBe(before?.caption);
    expect(after.status).toBe(before?.status);
    expect(after.figure).toEqual(before?.figure);

    const now = await gaugeAt(open);
    expect(now.caption).toContain(formatPercent(80, 'vi', 0));
    expect(now.caption).not.toContain(formatPercent(70, 'vi', 0));
    expect(now.figure).toMatchObject({ target: 80 });
  });

  it('the correction of a past period asks for a reason, then is kept in the history as a correction', async () => {
    await page.goto(`${base}/admin/kpis/${KPI}`);
    await page.locator('[data-testid=target-correct]').click();
    const dialog = page.locator('dialog[open]');
    await dialog.locator('[data-testid=correction-period]').selectOption(PAST);
    await expect.poll(() => dialog.locator('[data-testid=correction-held]').textContent()).toContain(formatPercent(70, 'vi', 0));
    await dialog.locator('[data-testid=correction-value]').fill('75');
    await dialog.locator('[data-testid=correction-save]').click();
    await expect.poll(async () => (await dialog.locator('.field-error').allTextContents()).join(' ')).toContain('ít nhất 5 ký tự');
    await expectAccessible(page, 'target correction dialog');
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    await expect.poll(() => page.locator('dialog[open]').count()).toBe(0);
    // Nothing was written: 2022-12 is still judged by 70 %.
    const f = (await api<FiguresReply>(page, base, `/units/01/figures?period=${PAST}`)).figures.find((x) => x.kpi === KPI);
    expect(f?.target).toBe(70);

    // A correction with its reason, of a month no other browser test reads.
    const month = '2022-06';
    const reason = 'Quyết định giao chỉ tiêu ghi 75 %';
    await page.locator('[data-testid=target-correct]').click();
    await dialog.locator('[data-testid=correction-period]').selectOption(month);
    await dialog.locator('[data-testid=correction-value]').fill('75');
    await dialog.locator('[data-testid=correction-reason]').fill(reason);
    await dialog.locator('[data-testid=correction-save]').click();
    await page
      .getByRole('status')
      .filter({ hasText: `Đã sửa mục tiêu ${formatPeriod(month, 'vi')}` })
      .waitFor();
    const entry = page.locator('[data-testid=target-history-l1] li', { hasText: reason });
    await entry.waitFor();
    const text = (await entry.textContent()) ?? '';
    expect(text).toContain('Sửa số liệu kỳ đã qua');
    expect(text).toContain(formatPeriod(month, 'vi'));
    expect(text).toContain(formatPercent(75, 'vi', 0));
    const g = (await api<FiguresReply>(page, base, `/units/01/figures?period=${month}`)).figures.find((x) => x.kpi === KPI);
    expect(g?.target).toBe(75);
  });
});
