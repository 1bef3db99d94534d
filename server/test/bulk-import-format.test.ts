/**
 * Issue 13: the template as people's spreadsheets save it — `;` separators, a BOM, vi-VN numbers,
 * the Vietnamese label row in CSV and XLSX — and errors that speak of indicators by name.
 */

import { smallWorld } from '@tiendo/seed/factories';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from '../src/services/csv.ts';
import { TEST_OPEN } from './constants.ts';
import { createTestApp, type Session, type TestContext } from './helpers.ts';
import { importer, type Refusal, snapshot } from './support/bulk-import.ts';

let t: TestContext;
let hongha: Session;
let imp: ReturnType<typeof importer>;

beforeAll(async () => {
  t = await createTestApp({ world: smallWorld({ teams: [9, 1] }) });
  hongha = await t.login('hongha');
  imp = importer(t, TEST_OPEN);
});
afterAll(() => t.close());

/** A team's own figures of the open period, as stored. */
const stored = (code: string) =>
  Object.fromEntries(
    (
      t.db.sqlite
        .prepare(
          `SELECT k.code, f.value, f.numerator, f.denominator FROM figures f JOIN kpis k ON k.id = f.kpi_id
           JOIN unit_versions v ON v.unit_id = f.unit_id AND COALESCE(v.valid_to, '9999-12') >= f.period AND COALESCE(v.valid_from, '') <= f.period
           WHERE v.code = ? AND f.period = ?`,
        )
        .all(code, TEST_OPEN) as { code: string; value: number | null; numerator: number | null; denominator: number | null }[]
    ).map((r) => [r.code, r.value ?? { numerator: r.numerator, denominator: r.denominator }]),
  );

/** The template as Excel in a Vietnamese locale saves it: `;`, a BOM, CRLF, labels in row 2. */
const viCsv = (rows: string[][]) => Buffer.from(`\uFEFF${toCsv(rows, { separator: ';' })}`, 'utf8');

describe('the template carries its labels and reads what spreadsheets write', () => {
  it('writes the Vietnamese label row in CSV as in XLSX', async () => {
    const rows = await imp.templateRows(hongha);
    expect(rows[0]?.slice(0, 3)).toEqual(['unit_code', 'unit_name', 'dinh_danh_tiep_nhan']);
    expect(rows[1]).toEqual([
      'Mã đơn vị',
      'Tên đơn vị',
      'Hồ sơ định danh điện tử tiếp nhận (hồ sơ)',
      'Dữ liệu CCCD gắn chip thu nhận (hồ sơ)',
      'Thông tin công dân đã rà soát, làm sạch — tử số',
      'Thông tin công dân đã rà soát, làm sạch — mẫu số',
    ]);
    expect(rows[2]?.[0]).toBe('00001-01');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await imp.template(hongha, 'xlsx')) as unknown as ArrayBuffer);
    expect(((wb.worksheets[0] as ExcelJS.Worksheet).getRow(2).values as unknown[]).slice(1)).toEqual(rows[1]);
  });

  it('imports a `;` CSV with a BOM, the label row and vi-VN numbers, changing one team', async () => {
    const rows = await imp.templateRows(hongha);
    const header = rows[0] as string[];
    const team = rows[2] as string[];
    const set = (h: string, v: string) => {
      team[header.indexOf(h)] = v;
    };
    set('dinh_danh_tiep_nhan', '1.234');
    set('cccd_thu_nhan', '1.234.567');
    set('lam_sach_dan_cu_numerator', '12 345');
    set('lam_sach_dan_cu_denominator', '12.500');
    const file = viCsv(rows);
    expect(file.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(file.toString('utf8')).toMatch(/^\uFEFFunit_code;unit_name;.*\r\nMã đơn vị;Tên đơn vị;/);
    const r = await imp.upload(hongha, 'mau-vi.csv', file);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ imported: 1, skipped: rows.length - 3 });
    expect(stored(team[0] as string)).toEqual({
      dinh_danh_tiep_nhan: 1234,
      cccd_thu_nhan: 1_234_567,
      lam_sach_dan_cu: { numerator: 12_345, denominator: 12_500 },
    });
    // Sent again, the same figures written plainly and with `,`: unchanged, so skipped.
    const plain = rows.map((row) => [...row]);
    Object.assign(plain[2] as string[], { 2: '1234', 3: '1234567', 4: '12345', 5: '12500' });
    const again = await imp.upload(hongha, 'mau.csv', Buffer.from(toCsv(plain)));
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual({ imported: 0, skipped: rows.length - 2 });
  });

  it('accepts the label row in an XLSX built by hand, with numbers typed as text the vi-VN way', async () => {
    const rows = await imp.templateRows(hongha);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Kỳ');
    ws.addRow(rows[0]);
    ws.addRow(rows[1]);
    const team = rows[3] as string[];
    ws.addRow([team[0], team[1], '2.001', 2002, '1.000', '1.500']);
    const r = await imp.upload(hongha, 'tay.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ imported: 1, skipped: 0 });
    expect(stored(team[0] as string)).toEqual({
      dinh_danh_tiep_nhan: 2001,
      cccd_thu_nhan: 2002,
      lam_sach_dan_cu: { numerator: 1000, denominator: 1500 },
    });
  });

  it('reads a file without the label row, its units from row 2', async () => {
    const rows = await imp.templateRows(hongha);
    const team = [...(rows[4] as string[])];
    Object.assign(team, { 2: '10', 3: '11', 4: '5', 5: '6' });
    const r = await imp.upload(hongha, 'no-labels.csv', Buffer.from(toCsv([rows[0] as string[], team])));
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ imported: 1, skipped: 0 });
  });
});

describe('errors speak of indicators by name', () => {
  it('names the cell that is not a number, and refuses a thousands comma as not a whole number', async () => {
    const rows = await imp.templateRows(hongha);
    const header = rows[0] as string[];
    const a = rows[5] as string[];
    const b = rows[6] as string[];
    Object.assign(a, { 2: '4', 3: 'mười', 4: '1', 5: '2' });
    Object.assign(b, { 2: '1,234', 3: '4', 4: '1', 5: '' });
    const before = snapshot(t, TEST_OPEN);
    const r = await imp.upload(hongha, 'sai.csv', viCsv(rows));
    expect(r.statusCode).toBe(422);
    const { details } = (r.json() as Refusal).error;
    expect(details.errors).toHaveLength(3);
    expect(details.errors).toEqual(
      expect.arrayContaining([
        {
          row: 6,
          unit: a[0],
          kpi: 'cccd_thu_nhan',
          code: 'not_a_number',
          params: { cell: { vi: 'Dữ liệu CCCD gắn chip thu nhận', en: 'Chip-based citizen-ID records collected' }, text: 'mười' },
          message:
            'Ô "Dữ liệu CCCD gắn chip thu nhận" phải là số: "mười" / "Chip-based citizen-ID records collected" must be a number: "mười"',
        },
        {
          row: 7,
          unit: b[0],
          kpi: 'dinh_danh_tiep_nhan',
          code: 'not_whole_number',
          params: { at: { vi: 'Hồ sơ định danh điện tử tiếp nhận', en: 'Electronic-ID applications received' } },
          message: expect.stringMatching(
            /^Ô "Hồ sơ định danh điện tử tiếp nhận": Phải là số nguyên .* \/ "Electronic-ID applications received": must be a whole number/,
          ),
        },
        {
          row: 7,
          unit: b[0],
          kpi: 'lam_sach_dan_cu',
          code: 'cell_missing',
          params: {
            cell: { vi: 'Thông tin công dân đã rà soát, làm sạch — mẫu số', en: 'Citizen records reviewed and cleaned — denominator' },
          },
          message: expect.stringMatching(/^Chưa nhập ô "Thông tin công dân đã rà soát, làm sạch — mẫu số"/),
        },
      ]),
    );
    for (const e of details.errors) expect(e.message).not.toMatch(new RegExp(header.slice(2).join('|')));
    expect(snapshot(t, TEST_OPEN)).toEqual(before);
  });

  it('lists the first 200 errors and counts the rest', async () => {
    const rows = await imp.templateRows(hongha);
    const bad = Array.from({ length: 450 }, (_, i) => [`X${i}`, 'tên', '1', '1', '1', '1']);
    const r = await imp.upload(hongha, 'nhieu.csv', viCsv([...rows, ...bad]));
    expect(r.statusCode).toBe(422);
    const { details, message } = (r.json() as Refusal).error;
    expect(details.errors).toHaveLength(200);
    expect(details).toMatchObject({ total: 450, omitted: 250, refused: 450, skipped: rows.length - 2 });
    expect(message).toMatch(/Có 450 lỗi ở 450 dòng/);
  });

  it('refuses a CSV whose quote is never closed, by row, without a server error', async () => {
    const r = await imp.upload(hongha, 'hong.csv', Buffer.from('unit_code;unit_name\n"00001-01;x\n'));
    expect(r.statusCode).toBe(400);
    expect((r.json() as Refusal).error.message).toMatch(/dòng 2.*row 2/);
  });

  it('reads back its own CSV template parsed by the library, row for row', async () => {
    const body = await imp.template(hongha, 'csv');
    expect(body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parseCsv(body);
    expect(rows.every((r) => r.length === (rows[0] as string[]).length)).toBe(true);
  });
});
