/**
 * Issue 3's walk: Phúc Xá's approver signs in, sees Phúc Xá's figures, is told clearly that Ba
 * Đình is not theirs to see (not a blank page), and signs out.
 */
import type { FiguresReply, Kpi, PeriodInfo } from '@tiendo/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { primaryValue } from '../client/src/features/overview/overview-data.ts';
import { launchSession, type Session } from './browser.ts';
import { api, expectAccessible, settle, signIn } from './helpers.ts';

const hasChromium = inject('chromium');
const base = inject('baseUrl');
if (!hasChromium) console.warn('[e2e] Chromium missing: skipping the scope browser test.');

describe.skipIf(!hasChromium)('a commune approver and the units of others', () => {
  let session: Session;
  beforeAll(async () => {
    session = await launchSession();
  });
  afterAll(() => session?.close());

  it('sees Phúc Xá, is refused Ba Đình with a message, and signs out', async () => {
    const page = await session.context.newPage();
    await signIn(page, base, 'phucxa');
    await settle(page);
    await page.locator('[data-testid=overview-heading]').waitFor();
    expect(await page.locator('[data-testid=overview-heading]').textContent()).toContain('Phúc Xá');
    const kpis = await api<Kpi[]>(page, base, '/kpis');
    // The dashboard opens on the latest month whose cut-off has passed.
    const period = (await api<PeriodInfo[]>(page, base, '/periods')).filter((p) => p.cutoffPassed).at(-1)?.period ?? '';
    const figures = await api<FiguresReply>(page, base, `/units/00001/figures?period=${period}`);
    for (const f of figures.figures) {
      const kpi = kpis.find((k) => k.code === f.kpi);
      if (!kpi) continue;
      expect(await page.locator(`[data-testid=kpi-value-${f.kpi}]`).textContent(), f.kpi).toBe(primaryValue(kpi, f, 'vi'));
    }

    await page.goto(`${base}/?unit=001`);
    await page.locator('[data-testid=forbidden]').first().waitFor();
    expect(await page.locator('[data-testid=forbidden]').textContent()).toMatch(/không có quyền/);
    await expectAccessible(page, 'forbidden for phucxa');
    expect((await page.context().request.get(`${base}/api/units/001/figures?period=${period}`)).status()).toBe(403);

    await page.locator('[data-testid=forbidden] a').click();
    await page.locator('[data-testid=overview-heading]').waitFor();
    await page.locator('[data-testid=user-menu] summary').click();
    await page.locator('[data-testid=user-menu] button').click();
    await page.locator('#login-username').waitFor();
    expect((await page.context().request.get(`${base}/api/me`)).status()).toBe(401);
  });
});
