/**
 * The monthly report in its three formats, read back: every figure equals the read API's figure
 * (XLSX cells as numbers; PDF text through pdftotext; DOCX table cells from word/document.xml),
 * diacritics survive, the first PDF page is rendered to PNG under test-artifacts/report/, and bad
 * requests give clear errors.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addMonths, type BreakdownReply, type Figure, type FiguresReply, type SeriesReply, type UnitReply } from '@tiendo/shared';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReportModel } from '../src/reports/report-data.ts';
import { descendantsAt } from '../src/services/catalog-service.ts';
import { TEST_LAST_CLOSED } from './constants.ts';
import { createTestApp, type Session, type TestContext } from './helpers.ts';

const ARTIFACTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-artifacts/report');
const P = TEST_LAST_CLOSED;

function requireTool(tool: string): void {
  try {
    execFileSync(tool, ['-v'], { stdio: 'pipe' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error(`${tool} is missing: install poppler-utils (apt-get install poppler-utils)`);
  }
}

let t: TestContext;
let leader: Session;
let phucxa: Session;
let hongha: Session;
beforeAll(async () => {
  requireTool('pdftotext');
  requireTool('pdftoppm');
  requireTool('pdfinfo');
  requireTool('pdffonts');
  mkdirSync(ARTIFACTS, { recursive: true });
  t = await createTestApp({ demo: true });
  leader = await t.login('lanhdao');
  phucxa = await t.login('phucxa');
  hongha = await t.login('hongha');
});
afterAll(() => t?.close());

async function download(session: Session, url: string) {
  const r = await t.app.inject({ url, headers: session.headers });
  return { status: r.statusCode, headers: r.headers, body: r.rawPayload };
}

function pdfText(pdf: Buffer, name: string): string {
  const file = join(ARTIFACTS, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/** Paragraph texts and table rows (cells joined by line breaks) of word/document.xml. */
async function docxContent(docx: Buffer): Promise<{ text: string; rows: string[][] }> {
  const zip = await JSZip.loadAsync(docx);
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  const decode = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  const textOf = (frag: string) =>
    decode(
      [...frag.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:br\/>|<\/w:p>/g)].map((m) => (m[1] !== undefined ? m[1] : '\n')).join(''),
    ).trim();
  const rows = [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((tr) =>
    [...tr[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((tc) => textOf(tc[0])),
  );
  return { text: textOf(xml), rows };
}

const vi1 = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const vi0 = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });
const vi2 = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** A shortfall is never rounded up to 100 %: 99.96 prints with two decimals, cut, not rounded. */
const share = (v: number) => (v < 100 && v >= 99.95 ? `${vi2.format(Math.floor(v * 100) / 100)} %` : `${vi1.format(v)} %`);
/** The report's way of writing a figure, by an independent formatter (ICU's vi-VN). */
function expected(f: Figure): { value: string; cumulative: string | null; target: string | null; attainment: string | null } {
  const num = (v: number) => (f.kind === 'ratio' ? share(v) : vi0.format(v));
  return {
    value: f.value === null ? '–' : f.kind === 'checklist' ? `${vi0.format(f.value)}/${vi0.format(f.itemsTotal ?? 0)}` : num(f.value),
    cumulative: f.kind === 'count' && f.cumulative != null ? vi0.format(f.cumulative) : null,
    target: f.target === undefined ? null : num(f.target),
    attainment: f.attainment == null ? null : share(f.attainment),
  };
}

const squash = (s: string) => s.replace(/\s+/g, ' ');

describe.each([
  // `place`: a name with diacritics that the report must print besides the unit's own.
  { unit: '01', name: 'Hà Nội', place: 'Ba Đình', who: () => leader, label: 'city', period: P },
  { unit: '00097', name: 'Hồng Hà', place: 'Thành phố Hà Nội', who: () => hongha, label: 'hong-ha', period: P },
  // A unit that ended with the reform: its account still gets its reports up to its end.
  { unit: '00001', name: 'Phúc Xá', place: 'Quận Ba Đình', who: () => phucxa, label: 'phuc-xa', period: '2025-06' },
])('report of $label for $period', ({ unit, name, place, who, label, period }) => {
  let api: FiguresReply;
  beforeAll(async () => {
    const r = await t.get<FiguresReply>(who(), `/api/units/${unit}/figures?period=${period}`);
    expect(r.status).toBe(200);
    api = r.body;
    expect(api.figures.some((f) => f.value !== null)).toBe(true);
  });

  it('XLSX: summary, per-KPI sheets and trend hold the API figures as numbers', async () => {
    const r = await download(who(), `/api/units/${unit}/report?period=${period}&format=xlsx`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    expect(String(r.headers['content-disposition'])).toMatch(/^attachment; filename="[\x20-\x7e]+\.xlsx"; filename\*=UTF-8''/);
    writeFileSync(join(ARTIFACTS, `${label}-${period}.xlsx`), r.body);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.body as unknown as ArrayBuffer);
    const summary = wb.worksheets[0] as ExcelJS.Worksheet;
    expect(summary.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(summary.autoFilter).toBeTruthy();
    for (const f of api.figures) {
      const row = (summary.getSheetValues() as unknown[][]).findIndex((v) => v?.[1] === f.kpi);
      expect(row, f.kpi).toBeGreaterThan(2);
      const cells = summary.getRow(row);
      expect(cells.getCell(4).value, `${f.kpi} value`).toBe(f.value);
      expect(cells.getCell(5).value ?? null, `${f.kpi} cumulative`).toBe(f.cumulative ?? null);
      expect(cells.getCell(6).value ?? null, `${f.kpi} change`).toBe(f.change ?? null);
      expect(cells.getCell(7).value ?? null, `${f.kpi} target`).toBe(f.target ?? null);
      expect(cells.getCell(9).value ?? null, `${f.kpi} attainment`).toBe(f.attainment ?? null);
      if (f.value !== null) expect(cells.getCell(4).numFmt).toMatch(/#,##0/);
    }
    // One sheet per KPI × the units below, against the breakdown API.
    const kpiSheets = wb.worksheets.filter((ws) => api.figures.some((f) => f.kpi === ws.name));
    expect(kpiSheets.length).toBeGreaterThan(0);
    for (const ws of kpiSheets) {
      const b = (await t.get<BreakdownReply>(who(), `/api/units/${unit}/breakdown?kpi=${ws.name}&period=${period}`)).body;
      const header = Array.from(ws.getRow(2).values as unknown[], (v) => String(v ?? ''));
      const col = (prefix: string) => header.findIndex((h) => h.startsWith(prefix));
      expect(ws.rowCount).toBe(b.rows.length + 2);
      for (const [i, row] of b.rows.entries()) {
        const cells = ws.getRow(i + 3);
        expect(cells.getCell(1).value).toBe(row.code);
        expect(cells.getCell(col('Kết quả')).value ?? null, `${ws.name} ${row.code}`).toBe(row.value);
        expect(cells.getCell(col('Tỷ lệ đạt')).value ?? null).toBe(row.attainment);
        expect(cells.getCell(col('Xếp hạng')).value ?? null).toBe(row.rank);
      }
    }
    const trend = wb.getWorksheet('Xu hướng') as ExcelJS.Worksheet;
    const kpi = api.figures[0]?.kpi as string;
    // The annex's trend: the 24 months up to the report's.
    const s = (await t.get<SeriesReply>(who(), `/api/units/${unit}/series?kpi=${kpi}&from=${addMonths(period, -23)}&to=${period}`)).body;
    expect(s.points).toHaveLength(24);
    const kcol = Array.from(trend.getRow(2).values as unknown[]).findIndex((h) => typeof h === 'string' && h.endsWith(')') && h.length > 5);
    s.points.forEach((pt, i) => {
      expect(trend.getRow(i + 3).getCell(kcol).value ?? null, pt.period).toBe(pt.value);
    });
  });

  it('PDF: figures, header lines and diacritics in the text; first page rendered to PNG', async () => {
    const r = await download(who(), `/api/units/${unit}/report?period=${period}&format=pdf`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    const text = pdfText(r.body, `${label}-${period}`);
    const flat = squash(text);
    for (const s of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'BÁO CÁO', 'BAN CHỈ ĐẠO ĐỀ ÁN 06', name, place]) {
      expect(text, s).toContain(s);
    }
    expect(flat).toContain(`Kết quả thực hiện Đề án 06 tháng ${period.slice(5)}/${period.slice(0, 4)}`);
    expect(flat).toContain('Số: …/BC-BCĐ06');
    // Decree 30/2020: a zero before days under 10 and before months 1 and 2 only.
    expect(flat).toMatch(/, ngày (0[1-9]|[12]\d|3[01]) tháng (0[12]|[3-9]|1[0-2]) năm \d{4}/);
    for (const f of api.figures) {
      const e = expected(f);
      expect(flat, `${f.kpi} value`).toContain(e.value);
      if (e.cumulative) expect(flat, `${f.kpi} cumulative`).toContain(e.cumulative);
      if (e.target) expect(flat, `${f.kpi} target`).toContain(e.target);
      if (e.attainment) expect(flat, `${f.kpi} attainment`).toContain(e.attainment);
    }
    // A4, with Noto Serif embedded (subset) for every face used.
    const pdfFile = join(ARTIFACTS, `${label}-${period}.pdf`);
    expect(execFileSync('pdfinfo', [pdfFile], { encoding: 'utf8' })).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    const fonts = execFileSync('pdffonts', [pdfFile], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) expect(f).toMatch(/^[A-Z]{6}\+NotoSerif-\S+\s.*\byes\s+yes\s+yes\b/);
    const prefix = join(ARTIFACTS, `${label}-${period}-page`);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', join(ARTIFACTS, `${label}-${period}.pdf`), prefix]);
    expect(statSync(`${prefix}.png`).size).toBeGreaterThan(10_000);
  });

  it('DOCX: the KPI table cells are the API figures; header lines and diacritics intact', async () => {
    const r = await download(who(), `/api/units/${unit}/report?period=${period}&format=docx`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toContain('wordprocessingml');
    writeFileSync(join(ARTIFACTS, `${label}-${period}.docx`), r.body);
    const { text, rows } = await docxContent(r.body);
    for (const s of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'BÁO CÁO', name, place, 'Số: …/BC-BCĐ06']) {
      expect(text, s).toContain(s);
    }
    // A4 portrait, Times New Roman throughout.
    const zip = await JSZip.loadAsync(r.body);
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    const styles = (await zip.file('word/styles.xml')?.async('string')) ?? '';
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(styles).toMatch(
      /<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman" w:hAnsi="Times New Roman"\/><w:sz w:val="28"\/>/,
    );
    const faces = new Set([...xml.matchAll(/w:ascii="([^"]+)"/g)].map((m) => m[1]));
    expect([...faces].filter((f) => f !== 'Times New Roman')).toEqual([]);
    // Section VI: the difficulties and recommendations sent up this month, or a sentence saying there are none.
    // The units whose notes count are the unit and those below it on the period's map.
    const cat = t.app.services.catalog.get();
    const node = t.app.services.catalog.unitAt(unit, period);
    const below = new Set([node, ...descendantsAt(cat, node, period)].map((u) => u.id));
    const notes = (
      t.db.sqlite
        .prepare(
          `SELECT unit_id AS unitId, difficulties FROM reports
           WHERE period = ? AND state IN ('submitted', 'approved') AND TRIM(COALESCE(difficulties, '')) <> ''`,
        )
        .all(period) as { unitId: number; difficulties: string }[]
    ).filter((n) => below.has(n.unitId));
    if (notes.length === 0) expect(text).toContain('Không có khó khăn, vướng mắc hay kiến nghị nào');
    for (const n of notes) expect(text).toContain(`Khó khăn, vướng mắc: ${n.difficulties.trim()}`);
    const kpis = await t.get<{ code: string; name: string }[]>(who(), '/api/kpis');
    for (const f of api.figures) {
      const kpiName = kpis.body.find((k) => k.code === f.kpi)?.name as string;
      const row = rows.find((cells) => cells.length === 8 && cells[1]?.startsWith(`${kpiName} (`));
      expect(row, f.kpi).toBeDefined();
      const [value, cumulative] = (row?.[2] ?? '').split('\n');
      const e = expected(f);
      expect(value, `${f.kpi} value`).toBe(e.value);
      if (e.cumulative) expect(cumulative).toBe(`Lũy kế: ${e.cumulative}`);
      expect(row?.[4], `${f.kpi} target`).toBe(e.target ?? '–');
      expect(row?.[6], `${f.kpi} attainment`).toBe(e.attainment ?? '–');
    }
  });
});

describe('report requests', () => {
  it('answers in English with lang=en', async () => {
    const r = await download(leader, `/api/units/01/report?period=${P}&format=pdf&lang=en`);
    expect(r.status).toBe(200);
    const text = pdfText(r.body, `city-${P}-en`);
    expect(text).toContain('SOCIALIST REPUBLIC OF VIET NAM');
    expect(text).toContain('Independence - Freedom - Happiness');
    expect(text).toContain('REPORT');
  });

  it('gives a valid report that says so for a period with no data', async () => {
    for (const format of ['pdf', 'docx', 'xlsx'] as const) {
      const r = await download(leader, `/api/units/01/report?period=2021-06&format=${format}`);
      expect(r.status, format).toBe(200);
      if (format === 'pdf') expect(squash(pdfText(r.body, 'city-2021-06'))).toContain('Chưa có số liệu cho kỳ 06/2021');
      if (format === 'docx') expect((await docxContent(r.body)).text).toContain('Chưa có số liệu cho kỳ 06/2021');
      if (format === 'xlsx') {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(r.body as unknown as ArrayBuffer);
        expect(wb.worksheets.length).toBeGreaterThan(1);
      }
    }
  });

  it('rejects bad requests with clear errors', async () => {
    const cases: [Session, string, number][] = [
      [leader, `/api/units/99999/report?period=${P}&format=pdf`, 404],
      [leader, `/api/units/01/report?period=${P}&format=odt`, 400],
      [leader, `/api/units/01/report?period=2026-13&format=pdf`, 400],
      [leader, `/api/units/01/report?format=pdf`, 400],
      [leader, `/api/units/01/report?period=${P}&lang=fr`, 400],
      // Above or beside the caller's unit, on the map of the period asked.
      [phucxa, '/api/units/001/report?period=2025-06&format=pdf', 403],
      [hongha, `/api/units/00004/report?period=${P}&format=pdf`, 403],
      [hongha, '/api/units/00004/report?period=2025-06&format=pdf', 403],
      // Phúc Xá ended with June 2025: its code names nothing later.
      [phucxa, `/api/units/00001/report?period=${P}&format=pdf`, 404],
    ];
    for (const [session, url, status] of cases) {
      const r = await t.app.inject({ url, headers: session.headers });
      expect(r.statusCode, url).toBe(status);
      const body = r.json() as { error: { code: string; message: string } };
      expect(body.error.message.length, url).toBeGreaterThan(5);
    }
    const anon = await t.app.inject({ url: `/api/units/01/report?period=${P}&format=pdf` });
    expect(anon.statusCode).toBe(401);
  });

  it.each([
    [P, 126, 3],
    ['2025-06', 30, 2],
  ])("the city's report of %s goes through its %i units of tier %i, the map of that month", async (period, count, tier) => {
    const children = (await t.get<UnitReply>(leader, `/api/units/01?period=${period}`)).body.children;
    expect(children).toHaveLength(count);
    expect(children.every((c) => c.level === tier)).toBe(true);
    const model = buildReportModel(t.app.services, '01', period, 'vi');
    expect(model.breakdowns.length).toBeGreaterThan(0);
    for (const b of model.breakdowns)
      expect(
        b.reply.rows.map((r) => r.code),
        b.kpi.code,
      ).toEqual(children.map((c) => c.code));
    // Completeness counts the units that existed then: no district from July 2025.
    expect(model.completeness.byLevel.map((l) => l.level)).toEqual(tier === 2 ? [2, 3, 4] : [3, 4]);
    // The annex sheet of each KPI ranks the same units.
    const r = await download(leader, `/api/units/01/report?period=${period}&format=xlsx`);
    expect(r.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.body as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('lam_sach_dan_cu') as ExcelJS.Worksheet;
    const codes = Array.from({ length: sheet.rowCount - 2 }, (_, i) => sheet.getRow(i + 3).getCell(1).value);
    expect(codes).toEqual(children.map((c) => c.code));
  });
});
