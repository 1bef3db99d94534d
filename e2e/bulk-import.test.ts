/**
 * Issue 13, bulk entry as Phường Hồng Hà's approver does it in the browser: the XLSX template
 * downloaded and sent back untouched imports cleanly (every row skipped, nothing changed); a CSV
 * saved the Vietnamese way (`;`, a BOM, `1.234`) that changes one team imports that team; a file
 * with hundreds of wrong rows lists 200 errors and counts the rest. Progress shows while the file
 * goes up and while the server checks it; the panel fits a projector and a phone.
 */
import { readFileSync } from 'node:fs';
import type { ReportReply, UnitReply } from '@tiendo/shared';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchSession, type Session } from './browser.ts';
import { api, expectAccessible, expectNoSideScroll, screenshots, settle, signIn } from './helpers.ts';

const hasChromium = inject('chromium');
const base = inject('baseUrl');
const WARD = '00097';
const PERIOD = '2026-12';
const vi = (n: number) => new Intl.NumberFormat('vi-VN').format(n);

describe.skipIf(!hasChromium)('bulk import by the level above', () => {
  let session: Session;
  let page: Page;
  let teams: string[];

  const report = (unit: string) => api<ReportReply>(page, base, `/units/${unit}/reports/${PERIOD}`);
  /** What the progress area said while an upload ran, recorded as it changed. */
  const watchProgress = () =>
    page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { progressSeen: string[] }).progressSeen = seen;
      new MutationObserver(() => {
        const text = document.querySelector('.upload-progress')?.textContent;
        if (text && seen.at(-1) !== text) seen.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
  const progressSeen = () => page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
  async function upload(name: string, mimeType: string, buffer: Buffer) {
    await page.locator('[data-testid=import-file]').setInputFiles({ name, mimeType, buffer });
    await watchProgress();
    await page.locator('[data-testid=import-submit]').click();
    await page.locator('[data-testid=import-done], [data-testid=import-errors]').first().waitFor();
  }

  beforeAll(async () => {
    session = await launchSession();
    page = await session.context.newPage();
    await signIn(page, base, 'hongha');
    await page.goto(`${base}/report?unit=${WARD}&period=${PERIOD}`);
    await page.locator('[data-testid=bulk]').waitFor();
    await settle(page);
    teams = (await api<UnitReply>(page, base, `/units/${WARD}?period=${PERIOD}`)).children.map((c) => c.code);
    expect(teams.length).toBeGreaterThan(10);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('the XLSX template, downloaded and sent back untouched, imports cleanly: every row skipped', async () => {
    const before = await Promise.all(teams.slice(0, 5).map(report));
    const download = page.waitForEvent('download');
    await page.locator('[data-testid=template-xlsx]').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`mau-nhap-${WARD}-${PERIOD}.xlsx`);
    const xlsx = readFileSync((await file.path()) as string);
    // Slow the upload down as a commune's connection would, so its progress can be seen.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 50, downloadThroughput: -1, uploadThroughput: 8 * 1024 });
    try {
      await upload('mau.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', xlsx);
    } finally {
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    }
    const done = page.locator('[data-testid=import-done]');
    await done.waitFor();
    expect(await done.textContent()).toBe(`Tệp không thay đổi số liệu nào: ${vi(teams.length)} đơn vị giữ nguyên, không nhập gì.`);
    const seen = await progressSeen();
    expect(
      seen.some((s) => /^Đang tải lên… \d+\s%$/.test(s)),
      seen.join(' | '),
    ).toBe(true);
    expect(seen).toContain('Máy chủ đang kiểm tra tệp…');
    expect((await Promise.all(teams.slice(0, 5).map(report))).map((r) => [r.state, r.version])).toEqual(
      before.map((r) => [r.state, r.version]),
    );
    await screenshots(page, 'bulk-import-unchanged', '[data-testid=bulk]');
  });

  it('a `;` CSV with a BOM and vi-VN numbers that changes one team imports that team', async () => {
    const template = await page.context().request.get(`${base}/api/units/${WARD}/reports/${PERIOD}/template?format=csv`);
    const rows = parse(await template.body(), { bom: true, relax_column_count: true }) as string[][];
    const header = rows[0] as string[];
    // a team whose report the ward may still fill in
    let target: ReportReply | null = null;
    for (const code of teams) {
      const r = await report(code);
      if (r.editable && r.state === 'not_started') {
        target = r;
        break;
      }
    }
    if (!target) throw new Error('no team left to fill in');
    const prev = (k: string) => target?.kpis.find((x) => x.code === k)?.previous;
    const cleaned = (prev('lam_sach_dan_cu') as { numerator: number; denominator: number } | null) ?? { numerator: 900, denominator: 1000 };
    const figures: Record<string, number> = {
      dinh_danh_tiep_nhan: ((prev('dinh_danh_tiep_nhan') as number | null) ?? 0) + 1001,
      cccd_thu_nhan: ((prev('cccd_thu_nhan') as number | null) ?? 0) + 1002,
      lam_sach_dan_cu_numerator: cleaned.numerator,
      lam_sach_dan_cu_denominator: cleaned.denominator,
    };
    const row = rows.find((r) => r[0] === target?.unit.code) as string[];
    header.forEach((h, i) => {
      if (figures[h] !== undefined) row[i] = vi(figures[h] as number);
    });
    expect(row.some((c) => /^\d{1,3}(\.\d{3})+$/.test(c))).toBe(true);
    const csv = Buffer.from(`\uFEFF${stringify(rows, { delimiter: ';', record_delimiter: 'windows' })}`, 'utf8');
    await upload('bao-cao-vi.csv', 'text/csv', csv);
    const done = page.locator('[data-testid=import-done]');
    await done.waitFor();
    expect(await done.textContent()).toBe(`Đã nhập số liệu của 1 đơn vị. ${vi(teams.length - 1)} đơn vị không thay đổi, đã bỏ qua.`);
    const after = await report(target.unit.code);
    expect(after.state).toBe('submitted');
    expect(after.values).toMatchObject({
      dinh_danh_tiep_nhan: figures.dinh_danh_tiep_nhan,
      cccd_thu_nhan: figures.cccd_thu_nhan,
      lam_sach_dan_cu: { numerator: cleaned.numerator, denominator: cleaned.denominator },
    });
    await expectAccessible(page, 'bulk import result');
    await screenshots(page, 'bulk-import-done', '[data-testid=bulk]');
    await expectNoSideScroll(page, 'bulk import result');
  });

  it('a file of hundreds of wrong rows lists 200 errors by indicator name and counts the rest; it fits a phone', async () => {
    const header = [
      'unit_code',
      'unit_name',
      'dinh_danh_tiep_nhan',
      'cccd_thu_nhan',
      'lam_sach_dan_cu_numerator',
      'lam_sach_dan_cu_denominator',
    ];
    // teams the ward may still fill in, so the error is about the cell, not the report's state
    const open: string[] = [];
    for (const code of teams) {
      const r = await report(code);
      if (r.editable && open.length < 3) open.push(code);
    }
    const bad = open.map((code) => [code, '', '1', 'mười', '1', '2']);
    const strangers = Array.from({ length: 300 }, (_, i) => [`X${i}`, '', '1', '1', '1', '1']);
    await upload('sai.csv', 'text/csv', Buffer.from(stringify([header, ...bad, ...strangers])));
    const errors = page.locator('[data-testid=import-errors]');
    await errors.waitFor();
    expect(await errors.locator('strong').first().textContent()).toMatch(/^\d+ lỗi — chưa lưu dòng nào/);
    expect(await errors.locator('tbody tr').count()).toBe(200);
    expect(await page.locator('[data-testid=import-omitted]').textContent()).toMatch(/^Còn \d+ lỗi nữa không liệt kê/);
    expect(await page.locator('[data-testid=import-counts]').textContent()).toMatch(/^\d+ dòng bị từ chối/);
    const first = (await errors.locator('tbody tr').first().textContent()) ?? '';
    // said from the row error's code in the page's language, not cut from the server's words
    expect(first).toContain('Ô “Dữ liệu CCCD gắn chip thu nhận” phải là số: “mười”.');
    expect(first).not.toContain(' / ');
    expect(first).not.toContain('cccd_thu_nhan');
    // at the projector size the panel sits inside the window
    const box = await page.locator('[data-testid=bulk]').boundingBox();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(1366);
    await expectAccessible(page, 'bulk import errors');
    await screenshots(page, 'bulk-import-errors', '[data-testid=import-errors]');
    await expectNoSideScroll(page, 'bulk import errors');
  });
});
