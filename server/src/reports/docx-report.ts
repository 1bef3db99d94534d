/**
 * The report as DOCX: A4, Decree 30/2020 margins and header, Times New Roman 14 pt body (13 pt in
 * the header block, 11 pt in tables). Charts are SVG pictures (vectors in Word 2016+ and
 * LibreOffice) with a PNG fallback for older readers.
 */
import { Document, Packer, type Paragraph, Table, TableCell, TableRow, WidthType } from 'docx';
import { CHART_PT, CONTENT, type Col, chart, FONT, NO_BORDERS, p, type RunOpts, table } from './docx-layout.ts';
import { kpiTableRows, type ReportModel } from './report-data.ts';
import { rankingChart, trendChart } from './svg-charts.ts';
import { formatNumber, formatPercent, TEXT } from './text.ts';

function header(m: ReportModel): (Paragraph | Table)[] {
  const t = TEXT[m.lang];
  const left = Math.round(CONTENT * 0.4);
  const cell = (children: Paragraph[], w: number) =>
    new TableCell({ children, width: { size: w, type: WidthType.DXA }, borders: NO_BORDERS });
  const c = (text: string, o: RunOpts) => p(text, { align: 'center', after: 0, size: 13, ...o });
  const table = new Table({
    width: { size: CONTENT, type: WidthType.DXA },
    columnWidths: [left, CONTENT - left],
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          cell(
            [
              c(m.issuer.superior, {}),
              c(m.issuer.body, { bold: true, underline: true }),
              c('', {}),
              c(t.number(m.issuer.numberSuffix, m.issue?.number), {}),
            ],
            left,
          ),
          cell(
            [
              c(t.nation, { bold: true, size: 12.5 }),
              c(t.motto, { bold: true, underline: true, size: 14 }),
              c('', {}),
              c(m.placeDate, { italic: true, size: 14 }),
            ],
            CONTENT - left,
          ),
        ],
      }),
    ],
  });
  return [
    table,
    p('', { after: 120 }),
    p(t.reportWord, { bold: true, align: 'center', after: 0 }),
    p(m.title, { bold: true, align: 'center', after: 0 }),
    p(m.fullName, { bold: true, align: 'center', after: 240, underline: true }),
  ];
}

function body(m: ReportModel): (Paragraph | Table)[] {
  const t = TEXT[m.lang];
  const c = t.cols;
  const n = (v: number) => formatNumber(v, m.lang);
  const h = (text: string) => p(text, { bold: true, align: 'left', after: 80 });
  const note = (text: string) => p(text, { italic: true, indent: true });
  const out: (Paragraph | Table)[] = [];

  out.push(h(t.sections.summary), ...m.summary.map((s) => p(s, { indent: true })));

  out.push(h(t.sections.kpis));
  out.push(
    table(
      [
        { header: c.no, weight: 4, align: 'center' },
        { header: c.kpi, weight: 26 },
        { header: c.value, weight: 13, align: 'right' },
        { header: c.change, weight: 10, align: 'right' },
        { header: c.target, weight: 12, align: 'right' },
        { header: c.deadline, weight: 9, align: 'center' },
        { header: c.attainment, weight: 9, align: 'right' },
        { header: c.status, weight: 12 },
      ],
      kpiTableRows(m),
    ),
  );

  out.push(h(t.sections.charts));
  if (m.trends.length === 0 && !m.ranking) out.push(note(t.noCharts));
  for (const tr of m.trends) out.push(chart(trendChart(tr, m.lang, CHART_PT), t.trendChart(tr.kpi.name)));
  if (m.ranking) out.push(chart(rankingChart(m.ranking, m.lang, CHART_PT), t.rankingChart(m.ranking.kpi.name)));

  out.push(h(t.sections.behind));
  if (!m.hasChildren) out.push(note(t.noChildren));
  else if (m.behind.length === 0) out.push(note(m.hasData ? t.noBehind : t.noData(m.periodLabel)));
  else {
    const rows: string[][] = [];
    const bold = new Set<number>();
    for (const b of m.behind) {
      b.items.forEach((it, i) => {
        if (i === 0) bold.add(rows.length);
        rows.push([i === 0 ? b.unit.name : '', it.kpi.name, it.value, it.target, it.attainment, it.status]);
      });
    }
    const cols: Col[] = [
      { header: c.unit, weight: 22 },
      { header: c.kpi, weight: 30 },
      { header: c.value, weight: 14, align: 'right' },
      { header: c.target, weight: 14, align: 'right' },
      { header: c.attainment, weight: 10, align: 'right' },
      { header: c.status, weight: 14 },
    ];
    out.push(table(cols, rows, bold));
  }

  out.push(h(t.sections.completeness));
  const cp = m.completeness;
  const pct = (v: number | null) => (v === null ? '–' : formatPercent(v, m.lang));
  out.push(
    table(
      [c.level, c.expected, c.reported, c.onTime, c.late, c.missing].map((header) => ({ header, weight: 1, align: 'right' as const })),
      [
        ...cp.byLevel.map((l) => [
          t.levels[l.level] ?? String(l.level),
          n(l.expected),
          n(l.reported),
          n(l.onTime),
          n(l.late),
          n(l.missing),
        ]),
        [
          'Σ',
          n(cp.expected),
          `${n(cp.reported)} (${pct(cp.completeness)})`,
          `${n(cp.onTime)} (${pct(cp.timeliness)})`,
          n(cp.late),
          n(cp.missingTotal),
        ],
      ],
    ),
  );
  if (cp.missingTotal === 0) out.push(note(cp.expected === 0 ? t.noData(m.periodLabel) : t.allReported));
  else if (cp.reported === 0) out.push(note(t.noReports));
  else {
    out.push(p(t.missingList, { bold: true, align: 'left' }));
    out.push(
      table(
        [
          { header: c.no, weight: 8, align: 'center' },
          { header: c.code, weight: 14 },
          { header: c.unit, weight: 40 },
          { header: c.parent, weight: 38 },
        ],
        cp.missing.map((u, i) => [String(i + 1), u.code, u.name, u.parentName ?? '']),
      ),
    );
    if (cp.missingTotal > cp.missing.length) out.push(note(t.andMore(n(cp.missingTotal - cp.missing.length))));
  }

  out.push(h(t.sections.notes));
  if (m.notes.length === 0) out.push(note(t.noNotes));
  for (const g of m.notes) {
    out.push(p(g.group, { bold: true, align: 'left' }));
    for (const e of g.entries) {
      out.push(p(`- ${e.name}:`, { italic: true, align: 'left' }));
      if (e.difficulties) out.push(p(`${t.difficulties}: ${e.difficulties}`, { indent: true }));
      if (e.recommendations) out.push(p(`${t.recommendations}: ${e.recommendations}`, { indent: true }));
    }
  }
  return out;
}

function signature(m: ReportModel): Table {
  const t = TEXT[m.lang];
  const half = Math.round(CONTENT / 2);
  const cell = (children: Paragraph[]) => new TableCell({ children, width: { size: half, type: WidthType.DXA }, borders: NO_BORDERS });
  return new Table({
    width: { size: CONTENT, type: WidthType.DXA },
    columnWidths: [half, CONTENT - half],
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          cell([
            p(t.recipients, { bold: true, italic: true, size: 12, align: 'left', after: 0 }),
            ...t.recipientLines.map((l) => p(l, { size: 11, align: 'left', after: 0 })),
          ]),
          cell([
            p(t.signer, { bold: true, align: 'center', size: 14, ...(m.issue ? { after: 0 } : {}) }),
            // Decree 30: the title under "TM.", room for the signature and seal, then the name.
            ...(m.issue
              ? [
                  p(m.issue.signer.title.toLocaleUpperCase('vi'), { bold: true, align: 'center', size: 14, after: 1200 }),
                  p(m.issue.signer.name, { bold: true, align: 'center', size: 14 }),
                ]
              : []),
          ]),
        ],
      }),
    ],
  });
}

export async function buildDocx(m: ReportModel): Promise<Buffer> {
  const t = TEXT[m.lang];
  const doc = new Document({
    creator: 'Tiến độ 06',
    title: `${t.reportWord} ${m.title} – ${m.fullName}`,
    styles: { default: { document: { run: { font: FONT, size: 28 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: 1134, bottom: 1134, left: 1701, right: 850 },
          },
        },
        children: [...header(m), ...body(m), p('', {}), signature(m)],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
