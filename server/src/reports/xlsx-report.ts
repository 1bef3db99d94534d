/**
 * The XLSX annex: a summary sheet, one sheet per KPI with the units below, and the trend. Numbers
 * are stored as numbers (percentages as the API gives them, 0–100) with Vietnamese-locale number
 * formats; every sheet has a frozen header row and filters.
 */
import { cellPercentDecimals } from '@tiendo/shared';
import ExcelJS from 'exceljs';
import { annexPeriods, type ReportModel } from './report-data.ts';
import { STATUS_WORDS, TEXT } from './text.ts';

/** [$-42A] is Vietnamese: LibreOffice and Excel show 3.412.560 and 8,2 in that locale. */
export const NUM = {
  int: '[$-42A]#,##0',
  dec: '[$-42A]#,##0.0',
  pct: '[$-42A]#,##0.0" %"',
};

/**
 * A percentage cell's format: one decimal, more where the spreadsheet's rounding would carry the
 * exact value onto 100 % or the target it is judged against (99.96 shows 99,96 %, never 100,0 %).
 */
export function percentFormat(value: unknown, thresholds: readonly number[] = [100]): string {
  const d = typeof value === 'number' ? cellPercentDecimals(value, 1, thresholds) : 1;
  return `[$-42A]#,##0.${'0'.repeat(d)}" %"`;
}

/** Sets the format of a percentage column cell by cell, from row 3 (below the title and header). */
function percentCells(ws: ExcelJS.Worksheet, col: number, count: number, thresholds: (i: number) => readonly number[]): void {
  for (let i = 0; i < count; i++) {
    const cell = ws.getRow(i + 3).getCell(col);
    cell.numFmt = percentFormat(cell.value, thresholds(i));
  }
}

interface ColSpec {
  header: string;
  key: string;
  width: number;
  fmt?: string;
}

function sheet(wb: ExcelJS.Workbook, name: string, title: string, cols: ColSpec[], rows: Record<string, unknown>[]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2, xSplit: 0 }] });
  ws.getCell(1, 1).value = title;
  ws.getCell(1, 1).font = { bold: true, size: 12 };
  const head = ws.getRow(2);
  cols.forEach((c, i) => {
    const cell = head.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EDF2' } };
    cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    ws.getColumn(i + 1).width = c.width;
    if (c.fmt) ws.getColumn(i + 1).numFmt = c.fmt;
  });
  for (const r of rows) ws.addRow(cols.map((c) => r[c.key] ?? null));
  ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: Math.max(2, rows.length + 2), column: cols.length } };
  return ws;
}

/** Sheet names: at most 31 characters, none of []:*?/\ and unique. */
export function sheetName(base: string, used: Set<string>): string {
  const clean = base.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet';
  let name = clean;
  for (let i = 2; used.has(name.toLowerCase()); i++) name = `${clean.slice(0, 27)} (${i})`;
  used.add(name.toLowerCase());
  return name;
}

export async function buildXlsx(m: ReportModel): Promise<Buffer> {
  const t = TEXT[m.lang];
  const c = t.cols;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tiến độ 06';
  wb.title = `${t.reportWord} ${m.title} – ${m.fullName}`;
  const used = new Set<string>();
  const pctOrInt = (kind: string) => (kind === 'ratio' ? NUM.pct : NUM.int);

  // An issued report says which one it is annexed to: "Số: 12/BC-BCĐ06 – Hà Nội, ngày 05 tháng 12 năm 2026".
  const issued = m.issue ? ` (${t.number(m.issuer.numberSuffix, m.issue.number)} – ${m.placeDate})` : '';
  const summary = sheet(
    wb,
    sheetName(t.sheetSummary, used),
    `${t.reportWord} ${m.title} – ${m.fullName}${issued}`,
    [
      { header: c.code, key: 'code', width: 22 },
      { header: c.kpi, key: 'name', width: 48 },
      { header: c.measure, key: 'measure', width: 12 },
      { header: c.value, key: 'value', width: 14 },
      { header: c.cumulative, key: 'cumulative', width: 16, fmt: NUM.int },
      { header: c.change, key: 'change', width: 14 },
      { header: c.target, key: 'target', width: 14 },
      { header: c.deadline, key: 'deadline', width: 10 },
      { header: c.attainment, key: 'attainment', width: 12, fmt: NUM.pct },
      { header: c.status, key: 'status', width: 20 },
    ],
    m.lines.map((l) => ({
      code: l.kpi.code,
      name: l.kpi.name,
      measure: l.kpi.measure,
      value: l.figure.value,
      cumulative: l.figure.cumulative ?? null,
      change: l.figure.change ?? null,
      target: l.figure.target ?? null,
      deadline: l.figure.deadline ?? null,
      attainment: l.figure.attainment ?? null,
      status: STATUS_WORDS[m.lang][l.figure.status],
    })),
  );
  // Value, change and target take the KPI's own format, row by row; a ratio's value and every
  // attainment are never shown rounded up into 100 % or the target.
  m.lines.forEach((l, i) => {
    const row = summary.getRow(i + 3);
    for (const col of [4, 6, 7]) row.getCell(col).numFmt = pctOrInt(l.kpi.kind);
    const target = l.figure.target;
    if (l.kpi.kind === 'ratio') row.getCell(4).numFmt = percentFormat(l.figure.value, target == null ? [100] : [100, target]);
  });
  percentCells(summary, 9, m.lines.length, () => [100]);
  if (!m.hasData) summary.getCell(1, 4).value = t.noData(m.periodLabel);

  for (const { kpi, reply } of m.breakdowns) {
    const ratio = kpi.kind === 'ratio';
    const cols: ColSpec[] = [
      { header: c.code, key: 'code', width: 12 },
      { header: c.unit, key: 'name', width: 28 },
      { header: `${c.value} (${kpi.measure})`, key: 'value', width: 16, fmt: pctOrInt(kpi.kind) },
      ...(ratio
        ? [
            { header: c.numerator, key: 'numerator', width: 14, fmt: NUM.int },
            { header: c.denominator, key: 'denominator', width: 14, fmt: NUM.int },
          ]
        : []),
      ...(kpi.kind === 'count' ? [{ header: c.cumulative, key: 'cumulative', width: 16, fmt: NUM.int }] : []),
      { header: c.target, key: 'target', width: 14, fmt: pctOrInt(kpi.kind) },
      { header: c.attainment, key: 'attainment', width: 12, fmt: NUM.pct },
      { header: c.status, key: 'status', width: 20 },
      { header: c.rank, key: 'rank', width: 10, fmt: NUM.int },
      { header: c.reportState, key: 'reportState', width: 18 },
    ];
    const ws = sheet(
      wb,
      sheetName(kpi.code, used),
      `${kpi.name} – ${m.fullName} – ${m.periodLabel}`,
      cols,
      reply.rows.map((r) => ({
        ...r,
        status: STATUS_WORDS[m.lang][r.status],
        reportState: t.reportStates[r.reportState],
      })),
    );
    const at = (key: string) => cols.findIndex((c) => c.key === key) + 1;
    const rows = reply.rows;
    if (ratio) percentCells(ws, at('value'), rows.length, (i) => [100, ...(rows[i]?.target == null ? [] : [rows[i]?.target as number])]);
    percentCells(ws, at('attainment'), rows.length, () => [100]);
  }

  const periods = annexPeriods(m.period);
  const series = m.series();
  const trendCols: ColSpec[] = [
    { header: c.period, key: 'period', width: 10 },
    ...series.flatMap(({ kpi }) => [
      { header: `${kpi.name} (${kpi.measure})`, key: kpi.code, width: 18, fmt: kpi.kind === 'ratio' ? NUM.pct : NUM.int },
      ...(kpi.kind === 'count' ? [{ header: `${kpi.name} – ${c.cumulative}`, key: `${kpi.code}__cum`, width: 18, fmt: NUM.int }] : []),
    ]),
  ];
  const trendRows = periods.map((period, i) => {
    const row: Record<string, unknown> = { period: `${period.slice(5)}/${period.slice(0, 4)}` };
    for (const { kpi, reply } of series) {
      const pt = reply.points[i];
      row[kpi.code] = pt?.value ?? null;
      if (kpi.kind === 'count') row[`${kpi.code}__cum`] = pt?.cumulative ?? null;
    }
    return row;
  });
  const trend = sheet(wb, sheetName(t.sheetTrend, used), `${t.sheetTrend} – ${m.fullName}`, trendCols, trendRows);
  for (const { kpi, reply } of series) {
    if (kpi.kind !== 'ratio') continue;
    const col = trendCols.findIndex((c) => c.key === kpi.code) + 1;
    percentCells(trend, col, periods.length, (i) => {
      const target = reply.points[i]?.target;
      return target == null ? [100] : [100, target];
    });
  }
  trend.getRow(2).height = 60;

  return Buffer.from(await wb.xlsx.writeBuffer());
}
