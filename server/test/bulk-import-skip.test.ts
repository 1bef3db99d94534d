/**
 * Issue 13: the template sent back as downloaded imports cleanly whatever the states of the
 * reports in it; only a row that changes a report that cannot be changed is refused, by name.
 */

import { smallWorld } from '@tiendo/seed/factories';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../src/services/csv.ts';
import { TEST_OPEN } from './constants.ts';
import { createTestApp, type Session, type TestContext } from './helpers.ts';
import { importer, type Refusal, snapshot } from './support/bulk-import.ts';

let t: TestContext;
let hongha: Session;
let reporter: Session;
let imp: ReturnType<typeof importer>;
/** The template's unit rows once the states below are set up: codes in template order. */
let codes: string[];
const APPROVED = [2, 3, 4];
const RETURNED = 5;
const SUBMITTED = 6;

/** A team's row with plausible new figures: last month's, a little more for the counts. */
async function freshRow(header: string[], row: string[]): Promise<string[]> {
  const r = await imp.report(hongha, row[0] as string);
  const prev = (k: string) => r.kpis.find((x) => x.code === k)?.previous;
  const lam = (prev('lam_sach_dan_cu') as { numerator: number; denominator: number } | null) ?? { numerator: 90, denominator: 100 };
  const by: Record<string, string> = {
    dinh_danh_tiep_nhan: String(((prev('dinh_danh_tiep_nhan') as number | null) ?? 3) + 1),
    cccd_thu_nhan: String(((prev('cccd_thu_nhan') as number | null) ?? 3) + 1),
    lam_sach_dan_cu_numerator: String(lam.numerator),
    lam_sach_dan_cu_denominator: String(lam.denominator),
  };
  return header.map((h, i) => by[h] ?? (row[i] as string));
}

beforeAll(async () => {
  t = await createTestApp({ world: smallWorld({ teams: [9, 1] }) });
  hongha = await t.login('hongha');
  reporter = await t.login('to1.phucxa');
  imp = importer(t, TEST_OPEN);
  // A draft by the team's own reporter, half filled in.
  const draft = await t.app.inject({
    method: 'PUT',
    url: `/api/units/00001-01/reports/${TEST_OPEN}`,
    headers: reporter.headers,
    payload: { version: 0, values: { dinh_danh_tiep_nhan: 7 } },
  });
  expect(draft.statusCode, draft.body).toBe(200);
  // Five teams imported by the commune, then three approved, one returned, one left submitted.
  const rows = await imp.templateRows(hongha);
  const header = rows[0] as string[];
  const units = rows.slice(2);
  codes = units.map((r) => r[0] as string);
  const filled = [header, ...(await Promise.all(units.map((r, i) => (i >= 2 && i <= SUBMITTED ? freshRow(header, r) : r))))];
  const first = await imp.upload(hongha, 'first.csv', Buffer.from(toCsv(filled)));
  expect(first.statusCode, first.body).toBe(200);
  expect(first.json()).toEqual({ imported: 5, skipped: units.length - 5 });
  for (const i of APPROVED) {
    const r = await t.app.inject({ method: 'POST', url: `/api/units/${codes[i]}/reports/${TEST_OPEN}/approve`, headers: hongha.headers });
    expect(r.statusCode, r.body).toBe(200);
  }
  const back = await t.app.inject({
    method: 'POST',
    url: `/api/units/${codes[RETURNED]}/reports/${TEST_OPEN}/return`,
    headers: hongha.headers,
    payload: { comment: 'Kiểm tra lại số CCCD' },
  });
  expect(back.statusCode, back.body).toBe(200);
});
afterAll(() => t.close());

const stateOf = (code: string) =>
  t.db.sqlite
    .prepare(
      `SELECT r.state FROM reports r JOIN unit_versions v ON v.unit_id = r.unit_id
       WHERE v.code = ? AND r.period = ? AND COALESCE(v.valid_to, '9999-12') >= r.period AND COALESCE(v.valid_from, '') <= r.period`,
    )
    .pluck()
    .get(code, TEST_OPEN) as string | undefined;

describe('the template sent back untouched', () => {
  it('has teams in every state: draft, approved, returned, submitted, not started', () => {
    expect(stateOf(codes[0] as string)).toBe('draft');
    for (const i of APPROVED) expect(stateOf(codes[i] as string)).toBe('approved');
    expect(stateOf(codes[RETURNED] as string)).toBe('returned');
    expect(stateOf(codes[SUBMITTED] as string)).toBe('submitted');
    expect(stateOf(codes[1] as string)).toBeUndefined();
  });

  it('imports cleanly as XLSX and as CSV: every row skipped, nothing written', async () => {
    for (const format of ['xlsx', 'csv'] as const) {
      const before = snapshot(t, TEST_OPEN);
      const file = await imp.template(hongha, format);
      const r = await imp.upload(hongha, `mau.${format}`, file);
      expect([format, r.statusCode], r.body).toEqual([format, 200]);
      expect(r.json()).toEqual({ imported: 0, skipped: codes.length });
      expect(snapshot(t, TEST_OPEN)).toEqual(before);
    }
  });

  it('skips the approved rows of a file that changes another team, and imports that one', async () => {
    const rows = await imp.templateRows(hongha);
    const header = rows[0] as string[];
    const target = rows.findIndex((r) => r[0] === codes[7]);
    rows[target] = await freshRow(header, rows[target] as string[]);
    const r = await imp.upload(hongha, 'one.csv', Buffer.from(toCsv(rows)));
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ imported: 1, skipped: codes.length - 1 });
    expect(stateOf(codes[7] as string)).toBe('submitted');
    for (const i of APPROVED) expect(stateOf(codes[i] as string)).toBe('approved');
  });
});

describe('a row that changes a report that cannot be changed', () => {
  it('is refused, naming the unit, the indicator and who may reopen it, and nothing is written', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await imp.template(hongha, 'xlsx')) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    const col = (h: string) => header.indexOf(h) + 1;
    const rowOf = (code: string) => {
      for (let r = 3; r <= ws.rowCount; r++) if (ws.getCell(r, 1).value === code) return r;
      throw new Error(code);
    };
    // The approved team's CCCD figure changed, and a team not started yet filled in.
    const approvedRow = rowOf(codes[2] as string);
    ws.getCell(approvedRow, col('cccd_thu_nhan')).value = Number(ws.getCell(approvedRow, col('cccd_thu_nhan')).value) + 5;
    const fresh = rowOf(codes[8] as string);
    for (const [h, v] of [
      ['dinh_danh_tiep_nhan', 4],
      ['cccd_thu_nhan', 4],
      ['lam_sach_dan_cu_numerator', 90],
      ['lam_sach_dan_cu_denominator', 100],
    ] as const)
      ws.getCell(fresh, col(h)).value = v;
    const before = snapshot(t, TEST_OPEN);
    const r = await imp.upload(hongha, 'changed.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(r.statusCode).toBe(422);
    const { message, details } = (r.json() as Refusal).error;
    expect(message).toMatch(/Có 1 lỗi ở 1 dòng; chưa lưu dòng nào .* 1 errors in 1 rows; nothing was saved/);
    expect(details).toMatchObject({ total: 1, omitted: 0, refused: 1, skipped: codes.length - 2 });
    expect(details.errors).toEqual([
      {
        row: approvedRow,
        unit: codes[2],
        kpi: 'cccd_thu_nhan',
        code: 'report_approved',
        params: {
          unit: expect.stringContaining(`(${codes[2]})`),
          kpis: { vi: '"Dữ liệu CCCD gắn chip thu nhận"', en: '"Chip-based citizen-ID records collected"' },
        },
        message: expect.stringMatching(/đã được duyệt/),
      },
    ]);
    const text = details.errors[0]?.message ?? '';
    expect(text).toContain(`(${codes[2]})`);
    expect(text).toContain('"Dữ liệu CCCD gắn chip thu nhận"');
    expect(text).toContain('"Chip-based citizen-ID records collected"');
    expect(text).toMatch(/Thường trực.*mở lại.*secretariat.*reopen/);
    expect(text).not.toMatch(/cccd_thu_nhan/);
    expect(snapshot(t, TEST_OPEN)).toEqual(before);
    expect(stateOf(codes[8] as string)).toBeUndefined();
  });

  it('names every indicator a row changes, and refuses a blanked figure of a submitted report', async () => {
    const rows = await imp.templateRows(hongha);
    const header = rows[0] as string[];
    const approved = rows.find((r) => r[0] === codes[3]) as string[];
    for (const h of ['dinh_danh_tiep_nhan', 'lam_sach_dan_cu_denominator']) {
      const i = header.indexOf(h);
      approved[i] = String(Number(approved[i]) + 1);
    }
    const submitted = rows.find((r) => r[0] === codes[SUBMITTED]) as string[];
    submitted[header.indexOf('cccd_thu_nhan')] = '';
    const before = snapshot(t, TEST_OPEN);
    const r = await imp.upload(hongha, 'two.csv', Buffer.from(toCsv(rows)));
    expect(r.statusCode).toBe(422);
    const { details } = (r.json() as Refusal).error;
    expect(details).toMatchObject({ total: 2, refused: 2, skipped: codes.length - 2 });
    const [a, s] = details.errors;
    expect(a).toMatchObject({ unit: codes[3], kpi: null });
    expect(a?.message).toMatch(/"Hồ sơ định danh điện tử tiếp nhận", "Thông tin công dân đã rà soát, làm sạch"/);
    expect(s).toMatchObject({
      unit: codes[SUBMITTED],
      kpi: 'cccd_thu_nhan',
      message: expect.stringMatching(/đang chờ duyệt.*awaiting review/),
    });
    expect(snapshot(t, TEST_OPEN)).toEqual(before);
  });
});
