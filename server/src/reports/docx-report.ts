/**
 * The report as DOCX: A4, Decree 30/2020 margins and header, Times New Roman 14 pt body (13 pt in
 * the header block, up to 11 pt in tables), the page number at the top from page 2. Charts are
 * SVG pictures (vectors in Word 2016+) with a PNG of the same SVG for LibreOffice and older Word.
 */
import { Document, Packer, type Paragraph, Table, TableCell, TableRow, WidthType } from 'docx';
import { CONTENT, chart, FONT, NO_BORDERS, p, pageNumberHeaders, type RunOpts, table } from './docx-layout.ts';
import { reportSections } from './report-body.ts';
import type { ReportModel } from './report-data.ts';
import { TEXT } from './text.ts';

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
  const out: (Paragraph | Table)[] = [];
  for (const section of reportSections(m)) {
    out.push(p(section.title, { bold: true, align: 'left', before: 160, after: 80, keepNext: true }));
    for (const b of section.blocks) {
      if (b.t === 'para')
        out.push(p(b.text, { italic: b.italic, bold: b.bold, indent: b.indent, align: b.bold ? 'left' : 'justify', keepNext: b.bold }));
      else if (b.t === 'table') {
        out.push(table(b.table));
        // Word puts the next paragraph flush against a table's last rule: a small gap.
        out.push(p('', { after: 0, size: 6 }));
      } else out.push(chart(b.chart, b.title));
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
        cantSplit: true,
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
          titlePage: true,
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: 1134, bottom: 1134, left: 1701, right: 850 },
          },
        },
        headers: pageNumberHeaders(),
        children: [...header(m), ...body(m), p('', {}), signature(m)],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
