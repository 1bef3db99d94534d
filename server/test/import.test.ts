import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { smallWorld, team } from '@tiendo/seed/factories';
import type { FiguresReply, ReportReply, UnitReply } from '@tiendo/shared';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from '../src/services/csv.ts';
import { TEST_OPEN, TEST_TODAY } from './constants.ts';
import { createTestApp, type Session, type TestContext, uploadFile } from './helpers.ts';

/** Phường Hồng Hà: from 2025-07 the level above the teams of Phúc Xá (`00001-01`…) and of its other predecessors. */
const COMMUNE = '00097';

let t: TestContext;
let commune: Session;
beforeAll(async () => {
  // Hồng Hà's own first team beside the two that came over from Phúc Xá, as the demo's Hồng Hà has teams of several predecessors.
  t = await createTestApp({ world: smallWorld({ units: [{ ...team('00097', 1), sortOrder: 3 }] }) });
  commune = await t.login('hongha');
});
afterAll(() => t.close());

const base = `/api/units/${COMMUNE}/reports/${TEST_OPEN}`;
const upload = (name: string, body: Buffer, session = commune, url = `${base}/import`) => uploadFile(t, session, url, name, body);
/** Reports of the open period from the units below Hồng Hà on that period's map. */
const submittedTeams = () =>
  t.db.sqlite
    .prepare(
      `SELECT COUNT(*) FROM reports r JOIN unit_versions v ON v.unit_id = r.unit_id
       JOIN unit_versions p ON p.unit_id = v.parent_id AND p.code = @commune
       WHERE r.period = @period
         AND COALESCE(v.valid_from, '') <= @period AND COALESCE(v.valid_to, '9999-12') >= @period
         AND COALESCE(p.valid_from, '') <= @period AND COALESCE(p.valid_to, '9999-12') >= @period`,
    )
    .pluck()
    .get({ commune: COMMUNE, period: TEST_OPEN }) as number;

/** A filled template: every team gets last month's figures, a little more for the counts. */
async function filledRows(): Promise<string[][]> {
  const csv = await t.app.inject({ url: `${base}/template?format=csv`, headers: commune.headers });
  const rows = parseCsv(csv.body.replace(/^\uFEFF/, ''));
  const header = rows[0] as string[];
  const out = [header];
  // rows[1] holds the Vietnamese labels; the units follow.
  for (const row of rows.slice(2)) {
    const code = row[0] as string;
    const r = (await t.get<ReportReply>(commune, `/api/units/${code}/reports/${TEST_OPEN}`)).body;
    const prev = (k: string) => r.kpis.find((x) => x.code === k)?.previous;
    const lam = (prev('lam_sach_dan_cu') as { numerator: number; denominator: number } | null) ?? { numerator: 90, denominator: 100 };
    const byHeader: Record<string, string> = {
      unit_code: code,
      unit_name: row[1] as string,
      dinh_danh_tiep_nhan: String(((prev('dinh_danh_tiep_nhan') as number | null) ?? 3) + 1),
      cccd_thu_nhan: String(((prev('cccd_thu_nhan') as number | null) ?? 3) + 1),
      lam_sach_dan_cu_numerator: String(lam.numerator),
      lam_sach_dan_cu_denominator: String(lam.denominator),
    };
    out.push(header.map((h) => byHeader[h] ?? ''));
  }
  return out;
}

describe('bulk entry by the level above', () => {
  it('gives a CSV and an XLSX template of the units below, codes first, Vietnamese labels second, codes locked', async () => {
    const csv = await t.app.inject({ url: `${base}/template?format=csv`, headers: commune.headers });
    expect(csv.statusCode).toBe(200);
    const rows = parseCsv(csv.body.replace(/^\uFEFF/, ''));
    expect(rows[0]).toEqual([
      'unit_code',
      'unit_name',
      'dinh_danh_tiep_nhan',
      'cccd_thu_nhan',
      'lam_sach_dan_cu_numerator',
      'lam_sach_dan_cu_denominator',
    ]);
    expect(rows[1]?.slice(0, 3)).toEqual(['Mã đơn vị', 'Tên đơn vị', expect.stringMatching(/Hồ sơ định danh điện tử tiếp nhận/)]);
    expect(rows[2]?.[0]).toBe('00001-01');
    expect(rows[2]?.[1]).toBe('Tổ dân phố số 1');
    // Every team of Hồng Hà in the open period, whichever commune it came from, and nothing else.
    const unit = await t.get<UnitReply>(commune, `/api/units/${COMMUNE}?period=${TEST_OPEN}`);
    expect(unit.body.name).toBe('Hồng Hà');
    expect(rows.slice(2).map((r) => r[0])).toEqual(unit.body.children.map((c) => c.code));
    expect(rows.slice(2).map((r) => r[0])).toEqual(['00001-01', '00001-02', '00097-01']);

    const xlsx = await t.app.inject({ url: `${base}/template?format=xlsx`, headers: commune.headers });
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    expect(ws.getRow(1).getCell(3).value).toBe('dinh_danh_tiep_nhan');
    expect(String(ws.getRow(2).getCell(3).value)).toMatch(/Hồ sơ định danh điện tử tiếp nhận/);
    expect(ws.getRow(3).getCell(1).value).toBe('00001-01');
    expect(ws.getCell(3, 1).protection?.locked).not.toBe(false);
    expect(ws.getCell(3, 3).protection?.locked).toBe(false);
  });

  it('imports nothing when one row is wrong, and lists the errors by row, unit and KPI', async () => {
    const rows = await filledRows();
    const bad = rows.map((r) => [...r]);
    (bad[2] as string[])[4] = '999999';
    (bad[2] as string[])[5] = '10';
    (bad[3] as string[])[2] = 'mười';
    const r = await upload('import.csv', Buffer.from(toCsv(bad)));
    expect(r.statusCode).toBe(422);
    const errors = (r.json() as { error: { details: { errors: { row: number; unit: string; kpi: string }[] } } }).error.details.errors;
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 3, unit: bad[2]?.[0], kpi: 'lam_sach_dan_cu' }),
        expect.objectContaining({ row: 4, unit: bad[3]?.[0], kpi: 'dinh_danh_tiep_nhan' }),
      ]),
    );
    expect(submittedTeams()).toBe(0);
  });

  it('leaves the database as before when the process is killed half-way through an import', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tiendo-kill-'));
    const file = join(dir, 'import.csv');
    writeFileSync(file, toCsv(await filledRows()));
    t.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const child = spawnSync(
      resolve('node_modules/.bin/tsx'),
      [resolve('server/test/fixtures/killed-import.ts'), t.db.sqlite.name as string, file, TEST_OPEN, TEST_TODAY, 'hongha', COMMUNE],
      { encoding: 'utf8', timeout: 60_000 },
    );
    // tsx relays the child's death by SIGKILL as exit status 128 + 9.
    expect(child.signal === 'SIGKILL' || child.status === 137, child.stderr.slice(-800)).toBe(true);
    expect(child.stdout).toMatch(/imported \d+, killing before commit/);
    expect(submittedTeams()).toBe(0);
  });

  it('imports every row of a good file, as submitted figures that count at once', async () => {
    const before = (await t.get<FiguresReply>(commune, `/api/units/${COMMUNE}/figures?period=${TEST_OPEN}`)).body;
    const rows = await filledRows();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('x');
    rows.forEach((r, n) => {
      ws.addRow(r.map((c, i) => (n > 0 && i >= 2 && c !== '' ? Number(c) : c)));
    });
    const r = await upload('import.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ imported: rows.length - 1, skipped: 0 });
    expect(submittedTeams()).toBe(rows.length - 1);
    const after = (await t.get<FiguresReply>(commune, `/api/units/${COMMUNE}/figures?period=${TEST_OPEN}`)).body;
    const sum = rows.slice(1).reduce((s, row) => s + Number(row[2]), 0);
    const received = (x: FiguresReply) => x.figures.find((f) => f.kpi === 'dinh_danh_tiep_nhan')?.value ?? 0;
    expect(received(after) - received(before)).toBe(sum);
    // The same rows again change nothing: every one is skipped, though the reports are now submitted.
    const again = await upload('import.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual({ imported: 0, skipped: rows.length - 1 });
    expect(submittedTeams()).toBe(rows.length - 1);
    // A changed figure for a submitted report is refused, and says why.
    const changed = new ExcelJS.Workbook();
    const cs = changed.addWorksheet('x');
    rows.forEach((r, n) => {
      cs.addRow(r.map((c, i) => (n > 0 && i >= 2 && c !== '' ? Number(c) + (n === 1 && i === 2 ? 1 : 0) : c)));
    });
    const refused = await upload('import.xlsx', Buffer.from(await changed.xlsx.writeBuffer()));
    expect(refused.statusCode).toBe(422);
    expect((refused.json() as { error: { details: { errors: { message: string }[] } } }).error.details.errors[0]?.message).toMatch(
      /đang chờ duyệt.*awaiting review/,
    );
  });

  it('refuses a reporter and a file that is not a spreadsheet', async () => {
    const team = await t.login('to1.phucxa');
    expect((await upload('x.csv', Buffer.from('unit_code\n'), team)).statusCode).toBe(403);
    const junk = await upload('x.bin', Buffer.from([0, 1, 2, 3, 0, 5]));
    expect(junk.statusCode).toBe(400);
  });

  it('gives the account of an ended commune no template and takes no import from it after its end', async () => {
    const phucxa = await t.login('phucxa');
    const before = submittedTeams();
    const template = await t.app.inject({ url: `/api/units/00001/reports/${TEST_OPEN}/template?format=csv`, headers: phucxa.headers });
    expect(template.statusCode).toBe(404);
    expect(template.json()).toMatchObject({ error: { code: 'unit_not_in_period' } });
    const csv = Buffer.from(toCsv(await filledRows()));
    const own = await upload('import.csv', csv, phucxa, `/api/units/00001/reports/${TEST_OPEN}/import`);
    expect(own.statusCode).toBe(404);
    expect(own.json()).toMatchObject({ error: { code: 'unit_not_in_period' } });
    // Its former teams are Hồng Hà's now: not its to fill in.
    const successor = await upload('import.csv', csv, phucxa);
    expect(successor.statusCode).toBe(403);
    expect(submittedTeams()).toBe(before);
  });
});
