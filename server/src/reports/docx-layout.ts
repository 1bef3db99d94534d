/** docx helpers: Times New Roman runs and paragraphs, ruled tables, SVG charts with a PNG fallback. */
import {
  AlignmentType,
  BorderStyle,
  ImageRun,
  Paragraph,
  type ParagraphChild,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import { rasterise } from './png-raster.ts';
import { type Chart, toSvg } from './svg-charts.ts';

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
  after?: number;
  underline?: boolean;
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
    spacing: { after: o.after ?? 60, line: 276 },
    ...(o.indent ? { indent: { firstLine: 567 } } : {}),
  });
}

export const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
export const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };

export interface Col {
  header: string;
  weight: number;
  align?: 'left' | 'center' | 'right';
}

export function table(cols: Col[], rows: string[][], boldRows = new Set<number>()): Table {
  const sum = cols.reduce((s, c) => s + c.weight, 0);
  const w = cols.map((c) => Math.round((c.weight / sum) * CONTENT));
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
            children: [p(text, { size: 11, bold, align: head ? 'center' : (cols[i]?.align ?? 'left'), after: 0 })],
          }),
      ),
    });
  return new Table({
    width: { size: CONTENT, type: WidthType.DXA },
    columnWidths: w,
    rows: [
      row(
        cols.map((c) => c.header),
        true,
        true,
      ),
      ...rows.map((r, i) => row(r, boldRows.has(i))),
    ],
  });
}

export function chart(c: Chart, title: string): Paragraph {
  const px = 96 / 72;
  const scale = CHART_PT / c.width;
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { after: 120 },
    children: [
      new ImageRun({
        type: 'svg',
        data: Buffer.from(toSvg(c)),
        fallback: { type: 'png', data: rasterise(c) },
        transformation: { width: Math.round(c.width * scale * px), height: Math.round(c.height * scale * px) },
        altText: { name: title, description: title, title },
      }),
    ],
  });
}
