/**
 * An issued meeting report is kept as issued, in headless Chromium against the seeded demo (today
 * 2026-11-27). The secretariat issues Phường Hồng Hà's report of 2026-11 from the dashboard; the
 * DOCX it stored opens in LibreOffice with its number, date and signer; then an overdue team report
 * moves the ward's figures: the dashboard marks the changed KPI with who did what, and "as
 * presented at the meeting" shows the figure as it was issued.
 */

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FiguresReply, LateReply, MeetingReport, ReportReply } from '@tiendo/shared';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchSession, type Session } from './browser.ts';
import { api, expectAccessible, screenshots, settle, signIn } from './helpers.ts';

const hasChromium = inject('chromium');
const base = inject('baseUrl');

const WARD = '00097';
const PERIOD = '2026-11';
const KPI = 'dinh_danh_tiep_nhan';

describe.skipIf(!hasChromium)('an issued meeting report, kept as issued', () => {
  let session: Session;
  let page: Page;
  let issued: MeetingReport;
  let presentedValue = '';
  const dir = mkdtempSync(join(tmpdir(), 'tiendo-issued-'));

  async function signInAs(username: string) {
    await page.context().clearCookies();
    await signIn(page, base, username);
    await settle(page);
  }
  const card = () => page.locator(`[data-testid=kpi-value-${KPI}]`);

  beforeAll(async () => {
    session = await launchSession();
    page = await session.context.newPage();
  });

  afterAll(async () => {
    await session?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the secretariat issues the ward’s report of the month from its dashboard', async () => {
    await signInAs('thuky');
    await page.goto(`${base}/?unit=${WARD}&period=${PERIOD}`);
    await settle(page);
    presentedValue = (await card().textContent()) ?? '';
    await page.locator('[data-testid=meeting-report-issue]').click();
    await page.locator('[data-testid=meeting-report-issue-dialog]').waitFor();
    await page.locator('[data-testid=meeting-report-issue-confirm]').click();
    await expect
      .poll(async () => (await api<MeetingReport[]>(page, base, `/units/${WARD}/meeting-reports?period=${PERIOD}`)).length, {
        timeout: 60_000,
      })
      .toBe(1);
    issued = (await api<MeetingReport[]>(page, base, `/units/${WARD}/meeting-reports?period=${PERIOD}`))[0] as MeetingReport;
    expect(issued.signer).toMatchObject({ title: 'TRƯỞNG BAN', name: 'Trần Thị B' });
    await page.locator('[data-testid=presented]').waitFor();
  });

  it('stores the DOCX as issued, and it opens in LibreOffice with its number, date and signer', async () => {
    const res = await page.context().request.get(`${base}/api/units/${WARD}/meeting-reports/${issued.id}?format=docx&period=${PERIOD}`);
    expect(res.status()).toBe(200);
    const bytes = await res.body();
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(issued.sha256.docx);
    const docx = join(dir, 'issued.docx');
    writeFileSync(docx, bytes);
    execFileSync(
      'soffice',
      [`-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, docx],
      {
        timeout: 180_000,
        stdio: 'ignore',
      },
    );
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'issued.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain(`Số: ${issued.number}`);
    expect(text).toMatch(/Hồng Hà/);
    expect(text).toMatch(/ngày 27 tháng 11 năm 2026/);
    expect(text).toMatch(/TM\. BAN CHỈ ĐẠO/);
    expect(text).toContain('Trần Thị B');
  });

  it('after an overdue team report moves the ward’s figures, the dashboard says what changed, who did it, and shows the month as presented', async () => {
    // The secretariat enters the overdue report of one of the ward's teams for the month.
    const late = await api<LateReply>(page, base, `/units/${WARD}/late?period=${PERIOD}`);
    const team = late.units.find((u) => u.level === 4 && u.state === 'not_started')?.code as string;
    expect(team).toBeDefined();
    const req = page.context().request;
    const me = (await (await req.get(`${base}/api/me`)).json()) as { csrfToken: string };
    const headers = { 'x-csrf-token': me.csrfToken };
    const form = await api<ReportReply>(page, base, `/units/${team}/reports/${PERIOD}`);
    const values: Record<string, unknown> = {};
    for (const k of form.kpis) values[k.code] = k.previous ?? (k.kind === 'ratio' ? { numerator: 1, denominator: 1 } : 1);
    values[KPI] = ((form.kpis.find((k) => k.code === KPI)?.previous as number | null) ?? 0) + 7;
    const saved = await req.put(`${base}/api/units/${team}/reports/${PERIOD}`, { data: { version: form.version, values }, headers });
    expect(saved.status(), await saved.text()).toBe(200);
    const submitted = await req.post(`${base}/api/units/${team}/reports/${PERIOD}/submit`, {
      data: { version: ((await saved.json()) as ReportReply).version },
      headers,
    });
    expect(submitted.status()).toBe(200);

    await signInAs('hongha');
    await page.goto(`${base}/?unit=${WARD}&period=${PERIOD}`);
    await settle(page);
    await page.locator('[data-testid=presented]').waitFor();
    const now = await api<FiguresReply>(page, base, `/units/${WARD}/figures?period=${PERIOD}`);
    expect(now.figures.find((f) => f.kpi === KPI)).toBeDefined();
    await expect.poll(() => card().textContent()).not.toBe(presentedValue);
    const flag = page.locator(`[data-testid=kpi-changed-${KPI}]`);
    await flag.waitFor();
    await page.locator('[data-testid=presented-changes] summary').click();
    await expect.poll(() => page.locator('[data-testid=presented-changes]').textContent()).toContain(team);
    await expect.poll(() => page.locator('[data-testid=presented-changes]').textContent()).toMatch(/thuky|Thường trực/);
    await page.locator('[data-testid=presented-on]').check();
    await page.locator('[data-testid=presented-note]').waitFor();
    await expect.poll(() => card().textContent()).toBe(presentedValue);
    await expectAccessible(page, 'ward-as-presented');
    await screenshots(page, 'ward-as-presented');
    await page.locator('[data-testid=presented-off]').check();
    await expect.poll(() => card().textContent()).not.toBe(presentedValue);

    // The stored files did not move.
    const again = await page.context().request.get(`${base}/api/units/${WARD}/meeting-reports/${issued.id}?format=docx&period=${PERIOD}`);
    expect(
      createHash('sha256')
        .update(await again.body())
        .digest('hex'),
    ).toBe(issued.sha256.docx);
  });
});
