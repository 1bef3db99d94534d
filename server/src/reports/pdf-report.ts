/** The report as PDF: A4, Decree 30/2020 header, embedded Noto Serif, charts as vectors. */
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { drawTable, FONT, MARGINS, registerFonts } from './pdf-layout.ts';
import { reportSections } from './report-body.ts';
import type { ReportModel } from './report-data.ts';
import { type Chart, SVG_PAD, toSvg } from './svg-charts.ts';
import { TEXT } from './text.ts';

const BODY = 12;

function centred(doc: PDFKit.PDFDocument, text: string, x: number, y: number, width: number, font: string, size: number): number {
  let s = size;
  doc.font(font);
  while (s > 8 && doc.fontSize(s).widthOfString(text) > width) s -= 0.5;
  doc.fontSize(s).text(text, x, y, { width, align: 'center', lineBreak: false });
  return y + doc.currentLineHeight(true);
}

function rule(doc: PDFKit.PDFDocument, cx: number, y: number, len: number) {
  doc
    .lineWidth(0.7)
    .moveTo(cx - len / 2, y)
    .lineTo(cx + len / 2, y)
    .stroke('#000000');
}

function header(doc: PDFKit.PDFDocument, m: ReportModel) {
  const t = TEXT[m.lang];
  const left = MARGINS.left;
  const width = doc.page.width - MARGINS.left - MARGINS.right;
  const leftW = width * 0.4;
  const rightX = left + leftW;
  const rightW = width - leftW;
  let y = MARGINS.top;
  y = centred(doc, m.issuer.superior, left, y, leftW, FONT.regular, 12);
  y = centred(doc, m.issuer.body, left, y, leftW, FONT.bold, 12);
  rule(doc, left + leftW / 2, y + 3, 60);
  centred(doc, t.number(m.issuer.numberSuffix, m.issue?.number), left, y + 10, leftW, FONT.regular, 12);
  let ry = MARGINS.top;
  ry = centred(doc, t.nation, rightX, ry, rightW, FONT.bold, 12);
  ry = centred(doc, t.motto, rightX, ry, rightW, FONT.bold, 12.5);
  doc.font(FONT.bold).fontSize(12.5);
  rule(doc, rightX + rightW / 2, ry + 3, doc.widthOfString(t.motto));
  ry = centred(doc, m.placeDate, rightX, ry + 10, rightW, FONT.italic, 12);
  let ty = Math.max(y + 30, ry) + 18;
  ty = centred(doc, t.reportWord, left, ty, width, FONT.bold, 14);
  ty = centred(doc, m.title, left, ty, width, FONT.bold, 13);
  ty = centred(doc, m.fullName, left, ty, width, FONT.bold, 13);
  rule(doc, left + width / 2, ty + 2, 120);
  doc.x = left;
  doc.y = ty + 14;
}

/** A section heading, kept on the page with at least `keep` points of what follows. */
function heading(doc: PDFKit.PDFDocument, text: string, keep = 60) {
  if (doc.y > doc.page.height - MARGINS.bottom - keep) doc.addPage();
  doc.moveDown(0.4).font(FONT.bold).fontSize(BODY).text(text, MARGINS.left, doc.y, { align: 'left' }).moveDown(0.3);
}

function para(doc: PDFKit.PDFDocument, text: string, opts: { italic?: boolean; bold?: boolean; indent?: number } = {}) {
  doc
    .font(opts.bold ? FONT.bold : opts.italic ? FONT.italic : FONT.regular)
    .fontSize(BODY)
    .text(text, MARGINS.left, doc.y, { align: opts.bold ? 'left' : 'justify', indent: opts.indent ?? 28, paragraphGap: 4, lineGap: 1 });
}

function chart(doc: PDFKit.PDFDocument, c: Chart) {
  if (doc.y + c.height > doc.page.height - MARGINS.bottom) doc.addPage();
  const y = doc.y;
  SVGtoPDF(doc, toSvg(c), MARGINS.left - SVG_PAD, y - SVG_PAD, {
    width: c.width + 2 * SVG_PAD,
    height: c.height + 2 * SVG_PAD,
    assumePt: true,
    fontCallback: (_family, bold, italic) => (bold ? (italic ? FONT.boldItalic : FONT.bold) : italic ? FONT.italic : FONT.regular),
  });
  doc.x = MARGINS.left;
  doc.y = y + c.height + 10;
}

function sections(doc: PDFKit.PDFDocument, m: ReportModel, width: number) {
  for (const section of reportSections(m)) {
    const first = section.blocks[0];
    // A heading stays with the start of what follows it: a table's header and first rows, a chart.
    heading(doc, section.title, first?.t === 'chart' ? first.chart.height + 20 : first?.t === 'table' ? 130 : 60);
    for (const b of section.blocks) {
      if (b.t === 'para') para(doc, b.text, { italic: b.italic, bold: b.bold, indent: b.indent ? 28 : 0 });
      else if (b.t === 'table') drawTable(doc, b.table, width);
      else chart(doc, b.chart);
    }
  }
}

function signature(doc: PDFKit.PDFDocument, m: ReportModel, width: number) {
  const t = TEXT[m.lang];
  if (doc.y > doc.page.height - MARGINS.bottom - (m.issue ? 150 : 90)) doc.addPage();
  const y = doc.y + 12;
  doc
    .font(FONT.boldItalic)
    .fontSize(11)
    .text(t.recipients, MARGINS.left, y, { width: width * 0.5 });
  doc.font(FONT.regular).fontSize(10);
  for (const line of t.recipientLines) doc.text(line, { width: width * 0.5 });
  const x = MARGINS.left + width * 0.5;
  doc
    .font(FONT.bold)
    .fontSize(12)
    .text(t.signer, x, y, { width: width * 0.5, align: 'center' });
  if (m.issue) {
    // Decree 30: the title under "TM.", room for the signature and seal, then the name.
    doc.text(m.issue.signer.title.toLocaleUpperCase('vi'), x, doc.y, { width: width * 0.5, align: 'center' });
    doc.text(m.issue.signer.name, x, doc.y + 60, { width: width * 0.5, align: 'center' });
  }
}

export async function buildPdf(m: ReportModel): Promise<Buffer> {
  const t = TEXT[m.lang];
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    bufferPages: true,
    info: { Title: `${t.reportWord} ${m.title} – ${m.fullName}`, Author: m.issuer.body, Creator: 'Tiến độ 06' },
    lang: m.lang === 'vi' ? 'vi-VN' : 'en-GB',
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  registerFonts(doc);
  const width = doc.page.width - MARGINS.left - MARGINS.right;
  header(doc, m);
  sections(doc, m, width);
  signature(doc, m, width);
  // Decree 30: page numbers centred at the top, from the second page.
  const range = doc.bufferedPageRange();
  for (let i = range.start + 1; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc
      .font(FONT.regular)
      .fontSize(11)
      .text(String(i + 1), MARGINS.left, MARGINS.top / 2, { width, align: 'center', lineBreak: false });
  }
  doc.end();
  return done;
}

/**
 * Lays out a line in each face of a throwaway document: fontkit reads the font tables lazily, so
 * the first real report would otherwise pay for it. The server calls this once it listens.
 */
export function warmUpPdf(): void {
  const doc = new PDFDocument({ size: 'A4', margins: MARGINS });
  registerFonts(doc);
  for (const face of Object.values(FONT))
    doc.font(face).fontSize(12).text('Báo cáo Đề án 06 – CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM 0123456789');
  doc.end();
}
