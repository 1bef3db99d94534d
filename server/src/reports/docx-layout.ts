/** docx helpers: Times New Roman runs and paragraphs, ruled tables, SVG charts with a PNG fallback. */
import {
  AlignmentType,
  BorderStyle,
  Header,
  ImageRun,
  PageNumber,
  Paragraph,
  type ParagraphChild,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import { rasterSvg } from './chart-raster.ts';
import { textWidth } from './font-metrics.ts';
import { type Chart, chartTexts, SVG_PAD, toSvg } from './svg-charts.ts';
import { fitTable, type TableSpec } from './table-fit.ts';

/** Set once in the document defaults (every run inherits it), not on each run: a third less XML. */
export const FONT = 'Times New Roman';
/** Content width in twips: A4 (11906) less 30 mm left and 15 mm right margins. */
export const CONTENT = 11906 - 1701 - 850;
export const CHART_PT = 467;

export interface RunOpts {
  bold?: boolean;
  italic?: boolean;
  size?: number;
  align?: 'left' | 'center' | 'right' | 'justify';
  indent?: boolean;
  before?: number;
  after?: number;
  underline?: boolean;
  /** Keeps the paragraph on the page of the next one (a heading with what it heads). */
  keepNext?: boolean;
}

export const ALIGN = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
  justify: AlignmentType.JUSTIFIED,
};

export function run(text: string, o: RunOpts = {}): TextRun {
  return new TextRun({
    text,
    bold: o.bold,
    italics: o.italic,
    size: (o.size ?? 14) * 2,
    ...(o.underline ? { underline: {} } : {}),
  });
}

export function p(text: string | ParagraphChild[], o: RunOpts = {}): Paragraph {
  const children =
    typeof text === 'string'
      ? text
          .split('\n')
          .map((line) => run(line, o))
          .flatMap((r, i) => (i === 0 ? [r] : [new TextRun({ break: 1 }), r]))
      : text;
  return new Paragraph({
    children,
    alignment: ALIGN[o.align ?? 'justify'],
    spacing: { ...(o.before ? { before: o.before } : {}), after: o.after ?? 60, line: 276 },
    ...(o.indent ? { indent: { firstLine: 567 } } : {}),
    ...(o.keepNext ? { keepNext: true } : {}),
  });
}

export const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
export const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };

/** Cell margins left and right, twips (2.85 pt): Word's default of 108 would waste a tenth of a narrow column. */
const CELL_MARGIN = 57;
export const TABLE_SIZES = [11, 10.5, 10, 9.5, 9] as const;

/**
 * Column widths in twips and the font size of a table. Measured with Noto Serif, wider than Times
 * New Roman (and Liberation Serif, which LibreOffice sets it in) in every glyph, so a token that
 * fits here fits in Word and LibreOffice; one point of slack covers the cell borders.
 */
export function docxTableLayout(spec: TableSpec): { widths: number[]; size: number } {
  const { widths, size } = fitTable(
    spec,
    CONTENT / 20,
    TABLE_SIZES,
    (size) => (text, bold) => textWidth(text, size, bold ? 'bold' : 'regular') + 1,
    CELL_MARGIN / 20,
  );
  const twips = widths.map((w) => Math.floor(w * 20));
  twips[twips.length - 1] = CONTENT - twips.slice(0, -1).reduce((a, b) => a + b, 0);
  return { widths: twips, size };
}

export function table(spec: TableSpec): Table {
  const { widths: w, size } = docxTableLayout(spec);
  const row = (cells: string[], bold: boolean, head = false) =>
    new TableRow({
      tableHeader: head,
      cantSplit: true,
      children: cells.map(
        (text, i) =>
          new TableCell({
            width: { size: w[i] as number, type: WidthType.DXA },
            verticalAlign: VerticalAlign.CENTER,
            ...(head ? { shading: { fill: 'E8EDF2' } } : {}),
            children: [p(text, { size, bold, align: head ? 'center' : (spec.cols[i]?.align ?? 'left'), after: 0 })],
          }),
      ),
    });
  return new Table({
    width: { size: CONTENT, type: WidthType.DXA },
    columnWidths: w,
    // Fixed: Word and LibreOffice keep the widths measured here instead of re-fitting them.
    layout: TableLayoutType.FIXED,
    margins: { left: CELL_MARGIN, right: CELL_MARGIN, top: 20, bottom: 20 },
    rows: [
      row(
        spec.cols.map((c) => c.header),
        true,
        true,
      ),
      ...spec.rows.map((r, i) => row(r, spec.boldRows?.has(i) ?? false)),
    ],
  });
}

/**
 * A chart as an SVG picture (vectors in Word 2016+) with a PNG of the same SVG for every other
 * reader; the alt text carries all of its words for screen readers.
 */
export function chart(c: Chart, title: string): Paragraph {
  const px = 96 / 72;
  const [w, h] = [c.width + 2 * SVG_PAD, c.height + 2 * SVG_PAD];
  const scale = Math.min(1, CHART_PT / w);
  const svg = toSvg(c);
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { after: 120 },
    keepNext: false,
    children: [
      new ImageRun({
        type: 'svg',
        data: Buffer.from(svg),
        fallback: { type: 'png', data: rasterSvg(svg) },
        transformation: { width: Math.round(w * scale * px), height: Math.round(h * scale * px) },
        altText: { name: title, description: chartTexts(c).join(' · '), title },
      }),
    ],
  });
}

/** Decree 30: the page number centred at the top, from the second page (the first has none). */
export function pageNumberHeaders(): { default: Header; first: Header } {
  return {
    default: new Header({
      children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], size: 26 })] })],
    }),
    first: new Header({ children: [new Paragraph({ children: [] })] }),
  };
}
