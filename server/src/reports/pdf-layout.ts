/** pdfkit helpers: the embedded Noto Serif faces, ruled tables that break across pages. */
import { FACES, parsedFonts } from './font-metrics.ts';
import { fitTable, type TableSpec } from './table-fit.ts';

export const FONT = FACES;

/**
 * pdfkit accepts a parsed fontkit font in place of the file: parsing the four faces costs more
 * than laying out the whole report, so it is done once per process (each document still embeds
 * its own subset).
 */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  for (const [face, font] of parsedFonts()) {
    // fontkit caches glyphs with the characters they were first looked up for; a glyph first met
    // as a component of an accented one (E inside Ề) has none, and a later document would then
    // embed it without its Unicode mapping, so text extraction would lose it. Start each document
    // with an empty glyph cache (the parsed tables, the expensive part, are kept).
    (font as { _glyphs: Record<number, unknown> })._glyphs = {};
    doc.registerFont(FACES[face], font as Buffer);
  }
  doc.font(FONT.regular);
}

/** A4 with Decree 30 margins: 20 mm top and bottom, 30 mm left, 15 mm right. */
export const MM = 72 / 25.4;
export const MARGINS = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };

export interface TableOptions {
  /** Font sizes to try, largest first, until every token fits its column. */
  sizes?: readonly number[];
}

/** Cell padding, points. */
export const PAD = 3;
/** pdfkit wraps a token that is wider than its line by a hair: keep that hair of room. */
const SLACK = 0.5;
export const TABLE_SIZES = [9, 8.5, 8, 7.5] as const;

/** The column widths and size a table is drawn with: from its content, so no token is ever broken. */
export function pdfTableLayout(doc: PDFKit.PDFDocument, spec: TableSpec, width: number, sizes: readonly number[] = TABLE_SIZES) {
  return fitTable(
    spec,
    width,
    sizes,
    (size) => (text, bold) =>
      doc
        .font(bold ? FONT.bold : FONT.regular)
        .fontSize(size)
        .widthOfString(text) + SLACK,
    PAD,
  );
}

interface Laid {
  widths: number[];
  aligns: ('left' | 'center' | 'right')[];
  size: number;
}

function rowHeight(doc: PDFKit.PDFDocument, t: Laid, cells: string[], bold: boolean): number {
  doc.font(bold ? FONT.bold : FONT.regular).fontSize(t.size);
  let h = 0;
  t.widths.forEach((w, i) => {
    h = Math.max(h, doc.heightOfString(cells[i] ?? '', { width: w - 2 * PAD }));
  });
  return h + 2 * PAD;
}

function drawRow(doc: PDFKit.PDFDocument, t: Laid, cells: string[], y: number, h: number, bold: boolean, fill?: string) {
  let x = doc.page.margins.left;
  doc.font(bold ? FONT.bold : FONT.regular).fontSize(t.size);
  for (const [i, w] of t.widths.entries()) {
    if (fill) doc.rect(x, y, w, h).fill(fill);
    doc.lineWidth(0.5).rect(x, y, w, h).stroke('#555555');
    doc.fillColor('#000000').text(cells[i] ?? '', x + PAD, y + PAD, { width: w - 2 * PAD, align: t.aligns[i] ?? 'left' });
    x += w;
  }
}

/** Draws a ruled table from the current y across `width`, repeating the header on each new page. */
export function drawTable(doc: PDFKit.PDFDocument, spec: TableSpec, width: number, opts: TableOptions = {}): void {
  const { widths, size } = pdfTableLayout(doc, spec, width, opts.sizes);
  const t: Laid = { widths, size, aligns: spec.cols.map((c) => c.align ?? 'left') };
  const headAligns: Laid = { ...t, aligns: spec.cols.map(() => 'center') };
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const header = spec.cols.map((c) => c.header);
  const headerH = rowHeight(doc, t, header, true);
  let y = doc.y;
  const startPage = () => {
    drawRow(doc, headAligns, header, y, headerH, true, '#e8edf2');
    y += headerH;
  };
  const firstH = spec.rows[0] ? rowHeight(doc, t, spec.rows[0], spec.boldRows?.has(0) ?? false) : 0;
  if (y + headerH + firstH > bottom()) {
    doc.addPage();
    y = doc.y;
  }
  startPage();
  spec.rows.forEach((cells, i) => {
    const bold = spec.boldRows?.has(i) ?? false;
    const h = rowHeight(doc, t, cells, bold);
    if (y + h > bottom()) {
      doc.addPage();
      y = doc.y;
      startPage();
    }
    drawRow(doc, t, cells, y, h, bold);
    y += h;
  });
  doc.x = doc.page.margins.left;
  doc.y = y + 6;
}
