/** pdfkit helpers: the embedded Noto Serif faces, ruled tables that break across pages. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { create } from 'fontkit';

const require = createRequire(import.meta.url);

export const FONT = {
  regular: 'NotoSerif',
  bold: 'NotoSerif-Bold',
  italic: 'NotoSerif-Italic',
  boldItalic: 'NotoSerif-BoldItalic',
} as const;

const FILES: Record<string, string> = {
  [FONT.regular]: '@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf',
  [FONT.bold]: '@expo-google-fonts/noto-serif/700Bold/NotoSerif_700Bold.ttf',
  [FONT.italic]: '@expo-google-fonts/noto-serif/400Regular_Italic/NotoSerif_400Regular_Italic.ttf',
  [FONT.boldItalic]: '@expo-google-fonts/noto-serif/700Bold_Italic/NotoSerif_700Bold_Italic.ttf',
};

let cache: Map<string, Buffer> | null = null;
let parsed: Map<string, unknown> | null = null;

/** The TTF files, read once per process. */
export function fonts(): Map<string, Buffer> {
  if (!cache) cache = new Map(Object.entries(FILES).map(([name, spec]) => [name, readFileSync(require.resolve(spec))]));
  return cache;
}

/**
 * pdfkit accepts a parsed fontkit font in place of the file: parsing the four faces costs more
 * than laying out the whole report, so it is done once per process (each document still embeds
 * its own subset).
 */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  if (!parsed) parsed = new Map([...fonts()].map(([name, data]) => [name, create(data)]));
  for (const [name, font] of parsed) {
    // fontkit caches glyphs with the characters they were first looked up for; a glyph first met
    // as a component of an accented one (E inside Ề) has none, and a later document would then
    // embed it without its Unicode mapping, so text extraction would lose it. Start each document
    // with an empty glyph cache (the parsed tables, the expensive part, are kept).
    (font as { _glyphs: Record<number, unknown> })._glyphs = {};
    doc.registerFont(name, font as Buffer);
  }
  doc.font(FONT.regular);
}

/** A4 with Decree 30 margins: 20 mm top and bottom, 30 mm left, 15 mm right. */
export const MM = 72 / 25.4;
export const MARGINS = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };

export interface Column {
  header: string;
  width: number;
  align?: 'left' | 'center' | 'right';
}

export interface TableOptions {
  size?: number;
  /** Rows drawn in bold (e.g. group headings). */
  boldRows?: Set<number>;
}

const PAD = 3;

function rowHeight(doc: PDFKit.PDFDocument, cols: Column[], cells: string[], size: number, bold: boolean): number {
  doc.font(bold ? FONT.bold : FONT.regular).fontSize(size);
  let h = 0;
  cols.forEach((c, i) => {
    h = Math.max(h, doc.heightOfString(cells[i] ?? '', { width: c.width - 2 * PAD }));
  });
  return h + 2 * PAD;
}

function drawRow(
  doc: PDFKit.PDFDocument,
  cols: Column[],
  cells: string[],
  y: number,
  h: number,
  size: number,
  bold: boolean,
  fill?: string,
) {
  let x = doc.page.margins.left;
  doc.font(bold ? FONT.bold : FONT.regular).fontSize(size);
  for (const [i, c] of cols.entries()) {
    if (fill) doc.rect(x, y, c.width, h).fill(fill);
    doc.lineWidth(0.5).rect(x, y, c.width, h).stroke('#555555');
    doc.fillColor('#000000').text(cells[i] ?? '', x + PAD, y + PAD, { width: c.width - 2 * PAD, align: c.align ?? 'left' });
    x += c.width;
  }
}

/** Draws a ruled table from the current y, repeating the header on each new page. */
export function drawTable(doc: PDFKit.PDFDocument, cols: Column[], rows: string[][], opts: TableOptions = {}): void {
  const size = opts.size ?? 9;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const header = cols.map((c) => c.header);
  const headerH = rowHeight(doc, cols, header, size, true);
  let y = doc.y;
  const startPage = () => {
    drawRow(doc, cols, header, y, headerH, size, true, '#e8edf2');
    y += headerH;
  };
  if (y + headerH * 2 > bottom()) {
    doc.addPage();
    y = doc.y;
  }
  startPage();
  rows.forEach((cells, i) => {
    const bold = opts.boldRows?.has(i) ?? false;
    const h = rowHeight(doc, cols, cells, size, bold);
    if (y + h > bottom()) {
      doc.addPage();
      y = doc.y;
      startPage();
    }
    drawRow(doc, cols, cells, y, h, size, bold);
    y += h;
  });
  doc.x = doc.page.margins.left;
  doc.y = y + 6;
}

/** Column widths from weights, summing to the given width. */
export function widths(total: number, weights: number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  return weights.map((w) => (w / sum) * total);
}
