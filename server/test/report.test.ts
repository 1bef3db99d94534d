/**
 * The monthly report in its three formats, read back: every figure equals the read API's figure
 * (XLSX cells as numbers; PDF text through pdftotext; DOCX table cells from word/document.xml),
 * diacritics survive, the first PDF page is rendered to PNG under test-artifacts/report/, and bad
 * requests give clear errors.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reformedWorld, SMALL_WORLD_KPIS } from '@tiendo/seed/factories';
import { addMonths, type BreakdownReply, type Figure, type FiguresReply, type SeriesReply, type UnitReply } from '@tiendo/shared';
import ExcelJS from 'exceljs';
import * as fontkit from 'fontkit';
import JSZip from 'jszip';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docxTableLayout } from '../src/reports/docx-layout.ts';
import { pdfTableLayout, registerFonts } from '../src/reports/pdf-layout.ts';
import { bodyTexts, reportSections } from '../src/reports/report-body.ts';
import { buildReportModel } from '../src/reports/report-data.ts';
import { TEXT, unitFullName } from '../src/reports/text.ts';
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
  // Hà Nội across the 2025 reform (districts until 2025-06, communes after), with the 24 months of
  // the annex's trend and, as in the demo, directive documents that the districts reported too.
  t = await createTestApp({ world: reformedWorld({ from: '2024-01', kpis: [...SMALL_WORLD_KPIS, 'van_ban_chi_dao'] }) });
  leader = await t.login('lanhdao');
  phucxa = await t.login('phucxa');
  hongha = await t.login('hongha');
});
afterAll(() => t?.close());

async function downloadFrom(ctx: TestContext, session: Session, url: string) {
  const r = await ctx.app.inject({ url, headers: session.headers });
  return { status: r.statusCode, headers: r.headers, body: r.rawPayload };
}
const download = (session: Session, url: string) => downloadFrom(t, session, url);

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

const vi1 = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });
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
  { unit: '01', name: 'Hà Nội', place: 'Tổ dân phố/Thôn', who: () => leader, label: 'city', period: P },
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
    // One sheet per KPI × the units below, against the breakdown API; named by the KPI's number and name.
    const kpis = (await t.get<{ code: string; name: string }[]>(who(), '/api/kpis')).body;
    const kpiOf = (ws: ExcelJS.Worksheet) =>
      api.figures.find((f) => String(ws.getCell(1, 1).value).startsWith(`${kpis.find((k) => k.code === f.kpi)?.name} (`));
    const kpiSheets = wb.worksheets.filter((ws) => kpiOf(ws) !== undefined);
    expect(kpiSheets.length).toBeGreaterThan(0);
    for (const ws of kpiSheets) {
      const kpi = kpiOf(ws)?.kpi as string;
      const index = api.figures.findIndex((f) => f.kpi === kpi) + 1;
      expect(ws.name.startsWith(`${index}. `), ws.name).toBe(true);
      const b = (await t.get<BreakdownReply>(who(), `/api/units/${unit}/breakdown?kpi=${kpi}&period=${period}`)).body;
      const header = Array.from(ws.getRow(2).values as unknown[], (v) => String(v ?? ''));
      const col = (prefix: string) => header.findIndex((h) => h.startsWith(prefix));
      expect(ws.rowCount).toBe(b.rows.length + 2);
      for (const [i, row] of b.rows.entries()) {
        const cells = ws.getRow(i + 3);
        expect(cells.getCell(1).value).toBe(row.code);
        expect(cells.getCell(col('Kết quả')).value ?? null, `${kpi} ${row.code}`).toBe(row.value);
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
    // With no difficulties, the section says so; it says there is nothing at all only when no proposal came up either.
    const proposals = t.app.services.proposals.list(unit, period, 'all');
    const anyProposal = [...proposals.raised, ...proposals.waiting].some(
      (p) => p.period <= period && (p.state === 'open' || p.period === period),
    );
    if (notes.length === 0)
      expect(text).toContain(anyProposal ? 'Không có khó khăn, vướng mắc nào được gửi' : 'Không có khó khăn, vướng mắc hay kiến nghị nào');
    for (const n of notes) expect(text).toContain(`Khó khăn, vướng mắc: ${n.difficulties.trim()}`);
    const kpis = await t.get<{ code: string; name: string }[]>(who(), '/api/kpis');
    for (const f of api.figures) {
      const kpiName = kpis.body.find((k) => k.code === f.kpi)?.name as string;
      const row = rows.find((cells) => cells.length === 8 && cells[1]?.startsWith(`${kpiName} (`));
      expect(row, f.kpi).toBeDefined();
      const [value, cumulative] = (row?.[2] ?? '').replace(/\u00a0/g, ' ').split('\n');
      const e = expected(f);
      expect(value, `${f.kpi} value`).toBe(e.value);
      if (e.cumulative) expect(cumulative).toBe(`Lũy kế: ${e.cumulative}`);
      expect(row?.[4]?.replace(/\u00a0/g, ' '), `${f.kpi} target`).toBe(e.target ?? '–');
      expect(row?.[6]?.replace(/\u00a0/g, ' '), `${f.kpi} attainment`).toBe(e.attainment ?? '–');
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

  // The world's map: three communes today, three districts before the reform.
  it.each([
    [P, 3, 3],
    ['2025-06', 3, 2],
  ])("the city's report of %s goes through its %i units of tier %i, the map of that month", async (period, count, tier) => {
    const children = (await t.get<UnitReply>(leader, `/api/units/01?period=${period}`)).body.children;
    expect(children).toHaveLength(count);
    expect(children.every((c) => c.level === tier)).toBe(true);
    const model = buildReportModel(t.app.services, '01', period, 'vi');
    expect(model.breakdowns.length).toBeGreaterThan(0);
    const childCodes = children.map((c) => c.code).sort();
    for (const b of model.breakdowns) expect(b.reply.rows.map((r) => r.code).sort(), b.kpi.code).toEqual(childCodes);
    // Completeness counts the units that existed then: no district from July 2025.
    expect(model.completeness.byLevel.map((l) => l.level)).toEqual(tier === 2 ? [2, 3, 4] : [3, 4]);
    // The annex sheet of each KPI ranks the same units.
    const r = await download(leader, `/api/units/01/report?period=${period}&format=xlsx`);
    expect(r.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.body as unknown as ArrayBuffer);
    const sheet = wb.worksheets.find((ws) =>
      String(ws.getCell(1, 1).value).startsWith('Thông tin công dân đã rà soát, làm sạch ('),
    ) as ExcelJS.Worksheet;
    const codes = Array.from({ length: sheet.rowCount - 2 }, (_, i) => sheet.getRow(i + 3).getCell(1).value);
    expect(codes.map(String).sort()).toEqual(childCodes);
  });
});

/** How often `token` stands whole (between spaces or line ends) in `text`; a no-break space counts as a space. */
function countToken(text: string, token: string): number {
  // pdftotext may drop the narrow gap before a per-cent sign: "0 %" reads "0%"; compare without it.
  const norm = (s: string) => s.replace(/[\s\u00a0]+/g, ' ').replace(/ %/g, '%');
  const hay = ` ${norm(text)} `;
  const needle = ` ${norm(token)} `;
  let n = 0;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length - 1)) n++;
  return n;
}

/** Runs of characters between regular spaces and line breaks: a no-break space joins its two sides. */
const tokens = (cell: string) => cell.split(/[ \n\t]+/).filter(Boolean);

/** Independent metrics: fontkit on the font files the PDF embeds. */
const fontkitFaces = (() => {
  const req = createRequire(import.meta.url);
  const load = (spec: string) =>
    fontkit.create(readFileSync(req.resolve(spec))) as unknown as { unitsPerEm: number; layout(s: string): { advanceWidth: number } };
  return {
    regular: load('@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf'),
    bold: load('@expo-google-fonts/noto-serif/700Bold/NotoSerif_700Bold.ttf'),
  };
})();
const widthOf = (text: string, size: number, bold: boolean) => {
  const f = bold ? fontkitFaces.bold : fontkitFaces.regular;
  return (f.layout(text).advanceWidth / f.unitsPerEm) * size;
};

/**
 * The city's meeting report on the Hanoi demo: its layout is calibrated on Hanoi's 126 communes
 * and 5,247 teams (4 to 6 pages, the widest tokens of its tables, the units furthest behind, an
 * annex that prints on at most 6 pages a sheet), which a small world cannot stand for.
 */
describe('on the Hanoi demo', () => {
  // Shadow the small world's app and leader: everything in here runs on the demo.
  let t: TestContext;
  let leader: Session;
  const download = (session: Session, url: string) => downloadFrom(t, session, url);
  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    leader = await t.login('lanhdao');
  });
  afterAll(() => t?.close());

  describe.each(['vi', 'en'] as const)("the city's meeting report in %s", (lang) => {
    let model: ReturnType<typeof buildReportModel>;
    let pdf: Buffer;
    let pdfFile: string;
    beforeAll(async () => {
      model = buildReportModel(t.app.services, '01', P, lang);
      const r = await download(leader, `/api/units/01/report?period=${P}&format=pdf&lang=${lang}`);
      expect(r.status).toBe(200);
      pdf = r.body;
      pdfFile = join(ARTIFACTS, `city-meeting-${lang}.pdf`);
      writeFileSync(pdfFile, pdf);
    });

    it('fits on 4 to 6 pages, numbered at the top from page 2 (Decree 30)', () => {
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdfFile], { encoding: 'utf8' }))?.[1]);
      expect(pages).toBeGreaterThanOrEqual(4);
      expect(pages).toBeLessThanOrEqual(6);
      for (let n = 1; n <= pages; n++) {
        const text = execFileSync('pdftotext', ['-layout', '-f', String(n), '-l', String(n), pdfFile, '-'], { encoding: 'utf8' });
        const first = text
          .split('\n')
          .find((l) => l.trim() !== '')
          ?.trim();
        if (n === 1) expect(first).not.toBe('1');
        else expect(first, `page ${n}`).toBe(String(n));
      }
    });

    it('gives every table column room for its widest token (dates, percentages, codes, words), in the PDF and the DOCX', () => {
      const doc = new PDFDocument({ size: 'A4' });
      registerFonts(doc);
      const sections = reportSections(model);
      const tables = sections.flatMap((s) => s.blocks.flatMap((b) => (b.t === 'table' ? [b.table] : [])));
      expect(tables.length).toBeGreaterThanOrEqual(4);
      for (const spec of tables) {
        const pdfLayout = pdfTableLayout(doc, spec, 467);
        const docxLayout = docxTableLayout(spec);
        spec.cols.forEach((col, i) => {
          const cells: [string, boolean][] = [[col.header, true], ...spec.rows.map((r): [string, boolean] => [r[i] ?? '', false])];
          for (const [cell, bold] of cells)
            for (const token of tokens(cell)) {
              // pdfkit draws a cell in its width less 3 pt of padding each side.
              expect(widthOf(token, pdfLayout.size, bold), `PDF "${token}" in "${col.header}"`).toBeLessThanOrEqual(
                (pdfLayout.widths[i] as number) - 6,
              );
              // Word and LibreOffice: the cell less its margins (57 twips each side), Noto Serif being wider than Times.
              expect(widthOf(token, docxLayout.size, bold), `DOCX "${token}" in "${col.header}"`).toBeLessThanOrEqual(
                ((docxLayout.widths[i] as number) - 114) / 20,
              );
            }
        });
      }
      doc.end();
    });

    it('prints every token of every table whole on one line of the PDF', () => {
      const lines = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' }).split('\n');
      const sections = reportSections(model);
      // Everything the document prints that could hold the same token: the body, charts included, and the header.
      const printed = [...bodyTexts(sections), model.issuer.superior, model.issuer.body, model.placeDate, model.title, model.fullName];
      const cells = new Set(
        sections.flatMap((s) =>
          s.blocks.flatMap((b) => (b.t === 'table' ? [...b.table.cols.map((c) => c.header), ...b.table.rows.flat()] : [])),
        ),
      );
      const checked = new Set([...cells].flatMap(tokens));
      // Today's failures must be among those checked: a deadline, a share, the narrow first column's header.
      expect(checked).toContain('12/2022');
      expect(checked).toContain(lang === 'vi' ? 'TT' : 'No.');
      expect([...checked].some((tok) => /%$/.test(tok))).toBe(true);
      for (const token of checked) {
        const expected = printed.reduce((n, text) => n + text.split('\n').reduce((k, line) => k + countToken(line, token), 0), 0);
        const found = lines.reduce((n, line) => n + countToken(line, token), 0);
        expect(found, `"${token}" whole on a line`).toBeGreaterThanOrEqual(expected);
      }
    });

    it('names the units furthest behind with their reasons, ranks no KPI whose units are level, and names teams with their commune', () => {
      const text = squash(execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' }));
      const level = model.targets.filter((k) => k.even !== null);
      const ranked = model.targets.filter((k) => k.even === null);
      expect(level.map((k) => k.kpi.code)).toContain('lam_sach_dan_cu');
      for (const k of level) expect(text).not.toContain(squash(TEXT[lang].rankingChart(`${k.kpi.name} (${k.kpi.measure})`)));
      for (const k of ranked) {
        expect(text).toContain(squash(TEXT[lang].rankingChart(`${k.kpi.name} (${k.kpi.measure})`)));
        expect(k.behind.length).toBeLessThanOrEqual(5);
        for (const b of k.behind) {
          const row = k.rows.find((r) => unitFullName(r, lang) === b.unit);
          expect(row, b.unit).toBeDefined();
          if (row?.note) expect(b.reason).toContain(row.note.text);
          else expect(b.reason).toBe(TEXT[lang].noExplanation);
        }
      }
      // No team by its bare code: a code is printed only after a name that two teams of one commune share.
      expect(text).not.toMatch(/(?<!\()\b\d{5}-\d{2}\b/);
      const team = model.missing.find((u) => u.level === 4);
      expect(team).toBeDefined();
      expect(team?.label).toBe(`${team?.name} – ${team?.parent}`);
      expect(team?.parent).toMatch(/^(Phường|Xã|Thị trấn) |( Ward| Commune| Township)$/);
    });

    it('annexes the full lists: sheets in the report’s language, dates as dates, heat map = the API, A4 landscape', async () => {
      const r = await download(leader, `/api/units/01/report?period=${P}&format=xlsx&lang=${lang}`);
      expect(r.status).toBe(200);
      writeFileSync(join(ARTIFACTS, `city-annex-${lang}.xlsx`), r.body);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(r.body as unknown as ArrayBuffer);
      const names = wb.worksheets.map((ws) => ws.name);
      const expectedNames =
        lang === 'vi'
          ? ['Tổng hợp', 'Bản đồ nhiệt', 'Xu hướng', 'Chưa báo cáo', 'Khó khăn, kiến nghị']
          : ['Summary', 'Heat map', 'Trend', 'Not reported', 'Difficulties'];
      for (const n of expectedNames) expect(names).toContain(n);
      expect(names.filter((n) => /^\d+\. /.test(n))).toHaveLength(model.breakdowns.length);
      for (const ws of wb.worksheets) {
        expect(ws.pageSetup, ws.name).toMatchObject({
          paperSize: 9,
          orientation: 'landscape',
          fitToPage: true,
          fitToWidth: 1,
          fitToHeight: 0,
          printTitlesRow: '2:2',
        });
        // A sensible print: one page wide at no less than 60 % and at most 6 pages tall (A4 landscape
        // less margins is about 10.5 × 7.2 inches; a column of width w is about w × 7 + 5 pixels at 96 dpi).
        const widthPx = ws.columns.reduce((s, c) => s + (c.width ?? 9) * 7 + 5, 0);
        const scale = Math.min(1, (10.5 * 96) / widthPx);
        expect(scale, ws.name).toBeGreaterThanOrEqual(0.6);
        const rowsPerPage = Math.floor((7.2 * 72) / (15 * scale)) - 2;
        expect(Math.ceil(ws.rowCount / rowsPerPage), ws.name).toBeLessThanOrEqual(6);
      }
      // Dates are dates, shown the Vietnamese way.
      const summary = wb.worksheets[0] as ExcelJS.Worksheet;
      const deadline = summary.getColumn(8).values.find((v) => v instanceof Date) as Date;
      expect(deadline).toBeInstanceOf(Date);
      const row = summary.getColumn(8).values.indexOf(deadline);
      expect(summary.getRow(row).getCell(8).numFmt).toBe('[$-42A]dd/mm/yyyy');
      const trend = wb.getWorksheet(lang === 'vi' ? 'Xu hướng' : 'Trend') as ExcelJS.Worksheet;
      expect(trend.getRow(3).getCell(1).value).toEqual(new Date(Date.UTC(Number(P.slice(0, 4)) - 2, Number(P.slice(5, 7)), 1)));
      expect(trend.getRow(3).getCell(1).numFmt).toBe('[$-42A]mm/yyyy');
      // The heat map: one row per commune, one column per KPI with a target, the API's attainment.
      const heat = wb.getWorksheet(lang === 'vi' ? 'Bản đồ nhiệt' : 'Heat map') as ExcelJS.Worksheet;
      const head = (heat.getRow(2).values as unknown[]).slice(3).map(String);
      expect(head.length).toBe(model.targets.length);
      expect(head.length).toBeGreaterThanOrEqual(2);
      const children = (await t.get<UnitReply>(leader, `/api/units/01?period=${P}`)).body.children;
      expect(heat.rowCount).toBeGreaterThanOrEqual(children.length + 2);
      for (const [j, k] of model.targets.entries()) {
        const b = (await t.get<BreakdownReply>(leader, `/api/units/01/breakdown?kpi=${k.kpi.code}&period=${P}`)).body;
        const byCode = new Map(b.rows.map((r) => [r.code, r.attainment]));
        expect(byCode.size).toBe(children.length);
        for (let i = 3; i < children.length + 3; i++) {
          const cells = heat.getRow(i);
          const code = String(cells.getCell(1).value);
          expect(cells.getCell(3 + j).value ?? null, `${k.kpi.code} ${code}`).toBe(byCode.get(code));
          const v = cells.getCell(3 + j).value;
          if (typeof v === 'number' && v < 100 && v >= 99.95) expect(cells.getCell(3 + j).numFmt).toContain('0.00');
        }
      }
      // exceljs reads conditional formats back but does not declare them.
      const cf = (heat as unknown as { conditionalFormattings: ExcelJS.ConditionalFormattingOptions[] }).conditionalFormattings[0];
      expect(cf?.ref).toBe(`C3:${String.fromCharCode(66 + model.targets.length)}${children.length + 2}`);
      expect(cf?.rules.map((rule) => ('formulae' in rule ? rule.formulae?.[0] : ''))).toEqual([
        'AND(ISNUMBER(C3),C3>=100)',
        'AND(ISNUMBER(C3),C3>=90,C3<100)',
        'AND(ISNUMBER(C3),C3<90)',
      ]);
      // The full list of units that did not report, each with its commune.
      const missing = wb.getWorksheet(lang === 'vi' ? 'Chưa báo cáo' : 'Not reported') as ExcelJS.Worksheet;
      expect(missing.rowCount - 2).toBe(model.completeness.missingTotal);
    });
  });
});
