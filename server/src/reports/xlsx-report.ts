/**
 * The XLSX annex: the summary, one sheet per KPI with every unit below (and what each wrote about
 * it), a unit × KPI heat map of attainment, the trend, the units that did not report and the
 * difficulties sent up. Numbers are stored as numbers (percentages as the API gives them, 0–100)
 * and dates as dates, both in Vietnamese-locale formats; sheets are named in the report's
 * language, freeze their header row and print on A4 landscape, one page wide, the header repeated.
 *
 * Kept as one file because the annex's sheets share one set of number formats, column specs and
 * print setup, and `buildXlsx` writes them in the workbook's order.
 */
import { AT_RISK_MARGIN, cellPercentDecimals } from '@tiendo/shared';
import ExcelJS from 'exceljs';
import { annexPeriods, type ReportModel } from './report-data.ts';
import { formatPercent, type Lang, STATUS_WORDS, TEXT, unitFullName } from './text.ts';

/** [$-42A] is Vietnamese: LibreOffice and Excel show 3.412.560, 8,2 and 05/12/2026 in that locale. */
export const NUM = {
  int: '[$-42A]#,##0',
  dec: '[$-42A]#,##0.0',
  pct: '[$-42A]#,##0.0" %"',
  date: '[$-42A]dd/mm/yyyy',
  dateTime: '[$-42A]dd/mm/yyyy hh:mm',
  month: '[$-42A]mm/yyyy',
};

/** The heat map's amber starts where a projection still counts as only "at risk" (shared/status.ts). */
export const HEAT_AMBER = Number((100 * (1 - AT_RISK_MARGIN)).toPrecision(12));
export const HEAT_FILLS = { green: 'FFC6EFCE', amber: 'FFFFEB9C', red: 'FFFFC7CE' } as const;

/**
 * A percentage cell's format: one decimal, more where the spreadsheet's rounding would carry the
 * exact value onto 100 % or the target it is judged against (99.96 shows 99,96 %, never 100,0 %).
 */
export function percentFormat(value: unknown, thresholds: readonly number[] = [100]): string {
  const d = typeof value === 'number' ? cellPercentDecimals(value, 1, thresholds) : 1;
  return `[$-42A]#,##0.${'0'.repeat(d)}" %"`;
}

/** A date in the spreadsheet: midnight UTC of that day, which Excel and LibreOffice show as that day. */
export function excelDate(ymd: string): Date {
  return new Date(Date.UTC(Number(ymd.slice(0, 4)), Number(ymd.slice(5, 7)) - 1, Number(ymd.slice(8, 10) || '1')));
}

/** A period's last day: a target due "12/2022" is due by 31/12/2022. */
export function periodEnd(period: string): Date {
  return new Date(Date.UTC(Number(period.slice(0, 4)), Number(period.slice(5, 7)), 0));
}

/** An instant as Hà Nội's wall-clock time (UTC+7, no daylight saving), for a cell without a zone. */
function hanoiTime(iso: string): Date {
  return new Date(new Date(iso).getTime() + 7 * 3600_000);
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
  wrap?: boolean;
}

/**
 * Neither exceljs nor LibreOffice sizes a row to its wrapped text on opening: give each row the
 * lines its longest wrapped cell needs (a column's width is about that many characters a line).
 */
function fitHeight(row: ExcelJS.Row, cols: ColSpec[], text: (c: ColSpec) => unknown): void {
  let lines = 1;
  for (const c of cols) {
    const v = text(c);
    if (typeof v !== 'string' || v === '') continue;
    const perLine = Math.max(4, c.width - 2);
    const n = v.split('\n').reduce((k, para) => k + Math.max(1, Math.ceil(para.length / perLine)), 0);
    lines = Math.max(lines, n);
  }
  if (lines > 1) row.height = 15 * lines;
}

/** A4 landscape, one page wide and as many tall as it takes, the header row on every page. */
function printSetup(ws: ExcelJS.Worksheet, lang: Lang): void {
  ws.pageSetup = {
    ...ws.pageSetup,
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: '2:2',
    horizontalCentered: true,
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.25, footer: 0.3 },
  };
  ws.headerFooter = { oddFooter: lang === 'vi' ? '&CTrang &P/&N' : '&CPage &P of &N' };
}

function sheet(
  wb: ExcelJS.Workbook,
  lang: Lang,
  name: string,
  title: string,
  cols: ColSpec[],
  rows: Record<string, unknown>[],
  xSplit = 0,
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2, xSplit }] });
  ws.getCell(1, 1).value = title;
  ws.getCell(1, 1).font = { bold: true, size: 12 };
  const head = ws.getRow(2);
  cols.forEach((c, i) => {
    const cell = head.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EDF2' } };
    cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    const col = ws.getColumn(i + 1);
    col.width = c.width;
    if (c.fmt) col.numFmt = c.fmt;
  });
  for (const r of rows) {
    const row = ws.addRow(cols.map((c) => r[c.key] ?? null));
    cols.forEach((c, i) => {
      if (c.wrap) row.getCell(i + 1).alignment = { wrapText: true, vertical: 'top' };
    });
    fitHeight(row, cols, (c) => (c.wrap ? r[c.key] : null));
  }
  fitHeight(head, cols, (c) => c.header);
  ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: Math.max(2, rows.length + 2), column: cols.length } };
  printSetup(ws, lang);
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

/** "4. Thông tin công dân đã rà…": the KPI's number in the report's table and its name, cut at a word. */
export function kpiSheetName(index: number, name: string): string {
  const prefix = `${index}. `;
  const room = 31 - prefix.length;
  if (name.length <= room) return prefix + name;
  const cut = name.slice(0, room - 1);
  const atWord = cut.lastIndexOf(' ') > room / 2 ? cut.slice(0, cut.lastIndexOf(' ')) : cut;
  return `${prefix}${atWord.replace(/[,;:–-]\s*$/, '')}…`;
}

export async function buildXlsx(m: ReportModel): Promise<Buffer> {
  const t = TEXT[m.lang];
  const c = t.cols;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tiến độ 06';
  wb.title = `${t.reportWord} ${m.title} – ${m.fullName}`;
  const used = new Set<string>();
  const pctOrInt = (kind: string) => (kind === 'ratio' ? NUM.pct : NUM.int);
  const kpiIndex = new Map(m.lines.map((l, i) => [l.kpi.code, i + 1]));

  // An issued report says which one it is annexed to: "Số: 12/BC-BCĐ06 – Hà Nội, ngày 05 tháng 12 năm 2026".
  const issued = m.issue ? ` (${t.number(m.issuer.numberSuffix, m.issue.number)} – ${m.placeDate})` : '';
  const summary = sheet(
    wb,
    m.lang,
    sheetName(t.sheetSummary, used),
    `${t.reportWord} ${m.title} – ${m.fullName}${issued}`,
    [
      { header: c.code, key: 'code', width: 20 },
      { header: c.kpi, key: 'name', width: 56 },
      { header: c.measure, key: 'measure', width: 11 },
      { header: c.value, key: 'value', width: 13 },
      { header: c.cumulative, key: 'cumulative', width: 13, fmt: NUM.int },
      { header: c.change, key: 'change', width: 12 },
      { header: c.target, key: 'target', width: 11 },
      { header: c.deadline, key: 'deadline', width: 12, fmt: NUM.date },
      { header: c.attainment, key: 'attainment', width: 11, fmt: NUM.pct },
      { header: c.status, key: 'status', width: 18 },
    ],
    m.lines.map((l) => ({
      code: l.kpi.code,
      name: l.kpi.name,
      measure: l.kpi.measure,
      value: l.figure.value,
      cumulative: l.figure.cumulative ?? null,
      change: l.figure.change ?? null,
      target: l.figure.target ?? null,
      deadline: l.figure.deadline ? periodEnd(l.figure.deadline) : null,
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
  // The dates of the report, below the table (and outside its filter).
  const facts: [string, Date | null, string][] = [
    [t.issuedOn, excelDate(m.dated), NUM.date],
    [c.deadlineDate, m.completeness.deadline ? excelDate(m.completeness.deadline) : null, NUM.date],
    [t.asOfLabel, m.asOf ? hanoiTime(m.asOf) : null, NUM.dateTime],
  ];
  facts.forEach(([label, value, fmt], i) => {
    const row = summary.getRow(m.lines.length + 4 + i);
    row.getCell(1).value = label;
    row.getCell(1).font = { italic: true };
    row.getCell(2).value = value;
    row.getCell(2).numFmt = fmt;
    row.getCell(2).alignment = { horizontal: 'left' };
  });

  for (const { kpi, reply } of m.breakdowns) {
    const ratio = kpi.kind === 'ratio';
    const cols: ColSpec[] = [
      { header: c.code, key: 'code', width: 10 },
      { header: c.unit, key: 'name', width: 30 },
      { header: `${c.value} (${kpi.measure})`, key: 'value', width: 14, fmt: pctOrInt(kpi.kind) },
      ...(ratio
        ? [
            { header: c.numerator, key: 'numerator', width: 13, fmt: NUM.int },
            { header: c.denominator, key: 'denominator', width: 13, fmt: NUM.int },
          ]
        : []),
      ...(kpi.kind === 'count' ? [{ header: c.cumulative, key: 'cumulative', width: 13, fmt: NUM.int }] : []),
      { header: c.target, key: 'target', width: 11, fmt: pctOrInt(kpi.kind) },
      { header: c.attainment, key: 'attainment', width: 11, fmt: NUM.pct },
      { header: c.status, key: 'status', width: 16 },
      { header: c.rank, key: 'rank', width: 9, fmt: NUM.int },
      { header: c.reportState, key: 'reportState', width: 14 },
      { header: c.note, key: 'note', width: 48, wrap: true },
    ];
    const ws = sheet(
      wb,
      m.lang,
      sheetName(kpiSheetName(kpiIndex.get(kpi.code) ?? 0, kpi.name), used),
      `${kpi.name} (${kpi.measure}) – ${m.fullName} – ${m.periodLabel}`,
      cols,
      reply.rows.map((r) => ({
        ...r,
        name: unitFullName(r, m.lang),
        status: STATUS_WORDS[m.lang][r.status],
        reportState: t.reportStates[r.reportState],
        note: r.note?.text ?? null,
      })),
      2,
    );
    const at = (key: string) => cols.findIndex((c) => c.key === key) + 1;
    const rows = reply.rows;
    if (ratio) percentCells(ws, at('value'), rows.length, (i) => [100, ...(rows[i]?.target == null ? [] : [rows[i]?.target as number])]);
    percentCells(ws, at('attainment'), rows.length, () => [100]);
  }

  heatMap(wb, m, used);

  const periods = annexPeriods(m.period);
  const series = m.series();
  const trendCols: ColSpec[] = [
    { header: c.period, key: 'period', width: 9, fmt: NUM.month },
    ...series.flatMap(({ kpi }) => [
      { header: `${kpi.name} (${kpi.measure})`, key: kpi.code, width: 12, fmt: kpi.kind === 'ratio' ? NUM.pct : NUM.int },
      ...(kpi.kind === 'count' ? [{ header: `${kpi.name} – ${c.cumulative}`, key: `${kpi.code}__cum`, width: 12, fmt: NUM.int }] : []),
    ]),
  ];
  const trendRows = periods.map((period, i) => {
    const row: Record<string, unknown> = { period: excelDate(period) };
    for (const { kpi, reply } of series) {
      const pt = reply.points[i];
      row[kpi.code] = pt?.value ?? null;
      if (kpi.kind === 'count') row[`${kpi.code}__cum`] = pt?.cumulative ?? null;
    }
    return row;
  });
  const trend = sheet(wb, m.lang, sheetName(t.sheetTrend, used), `${t.sheetTrend} – ${m.fullName}`, trendCols, trendRows, 1);
  for (const { kpi, reply } of series) {
    if (kpi.kind !== 'ratio') continue;
    const col = trendCols.findIndex((c) => c.key === kpi.code) + 1;
    percentCells(trend, col, periods.length, (i) => {
      const target = reply.points[i]?.target;
      return target == null ? [100] : [100, target];
    });
  }

  sheet(
    wb,
    m.lang,
    sheetName(t.sheetMissing, used),
    t.missingTitle(m.fullName, m.periodLabel),
    [
      { header: c.no, key: 'no', width: 6, fmt: NUM.int },
      { header: c.code, key: 'code', width: 11 },
      { header: c.unit, key: 'name', width: 30 },
      { header: c.parent, key: 'parent', width: 34 },
      { header: c.level, key: 'level', width: 24 },
    ],
    m.missing.map((u, i) => ({ no: i + 1, code: u.code, name: u.name, parent: u.parent, level: t.levels[u.level] ?? String(u.level) })),
  );

  const notes = m.notes.flatMap((g) => g.entries.map((e) => ({ ...e, group: g.group })));
  sheet(
    wb,
    m.lang,
    sheetName(t.sheetNotes, used),
    t.notesTitle(m.fullName, m.periodLabel),
    [
      { header: c.no, key: 'no', width: 6, fmt: NUM.int },
      { header: c.unit, key: 'name', width: 30, wrap: true },
      { header: c.parent, key: 'group', width: 22, wrap: true },
      { header: t.difficulties, key: 'difficulties', width: 55, wrap: true },
      { header: t.recommendations, key: 'recommendations', width: 55, wrap: true },
    ],
    notes.map((e, i) => ({ no: i + 1, ...e })),
  );

  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * One row per unit below, one column per KPI with a target: the attainment, green from 100 %,
 * amber from HEAT_AMBER, red below, as conditional formats so a corrected figure recolours itself.
 */
function heatMap(wb: ExcelJS.Workbook, m: ReportModel, used: Set<string>): void {
  const t = TEXT[m.lang];
  const c = t.cols;
  const kpiIndex = new Map(m.lines.map((l, i) => [l.kpi.code, i + 1]));
  const targets = m.targets;
  const units = targets[0]?.rows ?? [];
  const cols: ColSpec[] = [
    { header: c.code, key: 'code', width: 10 },
    { header: c.unit, key: 'name', width: 30 },
    ...targets.map((k) => ({ header: `${kpiIndex.get(k.kpi.code) ?? ''}. ${k.kpi.name}`, key: k.kpi.code, width: 18, fmt: NUM.pct })),
  ];
  const byKpi = targets.map((k) => new Map(k.rows.map((r) => [r.code, r.attainment])));
  const rows = units.map((u) => {
    const row: Record<string, unknown> = { code: u.code, name: unitFullName(u, m.lang) };
    targets.forEach((k, i) => {
      row[k.kpi.code] = byKpi[i]?.get(u.code) ?? null;
    });
    return row;
  });
  const ws = sheet(wb, m.lang, sheetName(t.sheetHeatMap, used), t.heatMapTitle(m.fullName, m.periodLabel), cols, rows, 2);
  for (let i = 0; i < targets.length; i++) percentCells(ws, i + 3, rows.length, () => [100, HEAT_AMBER]);
  if (targets.length > 0 && rows.length > 0) {
    const first = ws.getRow(3).getCell(3).address;
    const last = ws.getRow(rows.length + 2).getCell(targets.length + 2).address;
    const fill = (argb: string) => ({ fill: { type: 'pattern' as const, pattern: 'solid' as const, bgColor: { argb } } });
    ws.addConditionalFormatting({
      ref: `${first}:${last}`,
      rules: [
        { type: 'expression', priority: 1, formulae: [`AND(ISNUMBER(${first}),${first}>=100)`], style: fill(HEAT_FILLS.green) },
        {
          type: 'expression',
          priority: 2,
          formulae: [`AND(ISNUMBER(${first}),${first}>=${HEAT_AMBER},${first}<100)`],
          style: fill(HEAT_FILLS.amber),
        },
        { type: 'expression', priority: 3, formulae: [`AND(ISNUMBER(${first}),${first}<${HEAT_AMBER})`], style: fill(HEAT_FILLS.red) },
      ],
    });
  }
  const legend = ws.getRow(rows.length + 4).getCell(2);
  legend.value = targets.length > 0 ? t.heatMapLegend(formatPercent(HEAT_AMBER, m.lang, 0)) : t.noTargetsBelow;
  legend.font = { italic: true };
}
