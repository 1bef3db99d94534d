/**
 * The report's charts, drawn by our own code as a short list of shapes and written out as SVG: the
 * PDF draws that SVG as vectors (svg-to-pdfkit), the DOCX embeds it with a PNG that resvg renders
 * from the very same SVG and font (chart-raster.ts). Labels are measured with the font's metrics,
 * so long titles wrap instead of running off the picture.
 *
 * Kept as one file because both charts are drawn with the same measuring, ticks and list of shapes
 * that `toSvg` writes out: a change to any of them is seen in both charts at once.
 */
import { formatCompactText } from '@tiendo/shared';
import { FAMILY, type Face, textWidth, wrapText } from './font-metrics.ts';
import type { TrendChartData } from './report-data.ts';
import { formatKpiNumber, RANK_SHOWN, type RankingData, type RankingRow } from './report-shape.ts';
import { formatNumber, type Lang, TEXT } from './text.ts';

export type Shape =
  | { t: 'rect'; x: number; y: number; w: number; h: number; fill: string }
  | { t: 'line'; points: [number, number][]; stroke: string; width: number; dash?: boolean }
  | { t: 'circle'; x: number; y: number; r: number; fill: string }
  | {
      t: 'text';
      x: number;
      y: number;
      text: string;
      size: number;
      anchor: 'start' | 'middle' | 'end';
      fill: string;
      bold?: boolean;
      italic?: boolean;
    };

export interface Chart {
  width: number;
  height: number;
  shapes: Shape[];
}

export const COLORS = { ink: '#1f2933', muted: '#52606d', grid: '#d5dbe1', value: '#1d4ed8', target: '#c2410c', bar: '#2563eb' };

/**
 * Round steps (1, 2, 2.5, 5 × 10ⁿ) so that about `count` of them cover `max`, from 0. For whole
 * numbers (counts, documents, services) steps are whole too: 0, 1, 2, 3, never 0, 0.5, 1.
 */
export function niceTicks(max: number, count = 4, integer = false): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const fits = (m: number) => m * mag >= raw && (!integer || Number.isInteger(Number((m * mag).toPrecision(12))));
  const step = integer && raw <= 1 ? 1 : ([1, 2, 2.5, 5, 10].find(fits) ?? 10) * mag;
  const ticks: number[] = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  if ((ticks.at(-1) ?? 0) < max) ticks.push(Number(((ticks.at(-1) ?? 0) + step).toPrecision(12)));
  return ticks;
}

/** Short tick labels as people say them: 45 triệu / 45M, 12 nghìn / 12k (the dashboard's rule). */
export function shortNumber(v: number, lang: Lang): string {
  return formatCompactText(v, lang);
}

function face(bold?: boolean, italic?: boolean): Face {
  return bold ? (italic ? 'boldItalic' : 'bold') : italic ? 'italic' : 'regular';
}

/** Text lines wrapped to `width`, one shape each, from baseline `y`; returns the y below them. */
function paragraph(
  shapes: Shape[],
  text: string,
  x: number,
  y: number,
  width: number,
  size: number,
  opts: { bold?: boolean; italic?: boolean; fill?: string } = {},
): number {
  const lead = size * 1.25;
  for (const line of wrapText(text, width, size, face(opts.bold, opts.italic))) {
    shapes.push({
      t: 'text',
      x,
      y,
      text: line,
      size,
      anchor: 'start',
      fill: opts.fill ?? COLORS.ink,
      bold: opts.bold,
      italic: opts.italic,
    });
    y += lead;
  }
  return y - lead;
}

const tickLabel = (kind: TrendChartData['kpi']['kind'], v: number, lang: Lang) =>
  kind === 'ratio' ? `${formatNumber(v, lang, Number.isInteger(v) ? 0 : 1)}${lang === 'vi' ? '\u00a0%' : '%'}` : shortNumber(v, lang);

/** One KPI's last months against its target, titled with the KPI's name (and its measure). */
export function trendChart(data: TrendChartData, lang: Lang, width = 467, height = 190): Chart {
  const shapes: Shape[] = [];
  const t = TEXT[lang];
  const values = data.points.map((p) => p.value).filter((v): v is number => v !== null);
  const ratio = data.kpi.kind === 'ratio';
  const max = Math.max(...values, data.target ?? 0, ratio ? 0 : 1);
  // Shares that stay high (most are above 90 %) would be a flat line on a 0–100 axis: start lower,
  // and say so under the chart.
  const low = Math.min(...values, data.target ?? Number.POSITIVE_INFINITY);
  const lo = ratio && values.length > 0 && low > 60 ? Math.floor((low - 2) / 10) * 10 : 0;
  const ticks = niceTicks(max - lo, 4, !ratio).map((v) => Number((v + lo).toPrecision(12)));
  const labels = ticks.map((v) => tickLabel(data.kpi.kind, v, lang));
  const left = Math.max(...labels.map((l) => textWidth(l, 7))) + 8;
  // The last month's label is centred on the plot's right edge: leave room for its half.
  const right = textWidth('00/00', 7) / 2 + 2;
  const titleEnd = paragraph(shapes, `${data.kpi.name} (${data.kpi.measure})`, 0, 9, width, 8, { bold: true });
  const top = titleEnd + 12;
  const note = lo > 0 ? t.axisFrom(tickLabel(data.kpi.kind, lo, lang)) : null;
  const noteLines = note ? wrapText(note, width, 6.5, 'italic').length : 0;
  const bottom = 18 + noteLines * 8.5;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const top1 = ticks.at(-1) ?? 1;
  const y = (v: number) => top + plotH - ((v - lo) / (top1 - lo || 1)) * plotH;
  const n = data.points.length;
  const x = (i: number) => left + (n <= 1 ? plotW / 2 : (i / (n - 1)) * plotW);
  ticks.forEach((v, i) => {
    shapes.push({
      t: 'line',
      points: [
        [left, y(v)],
        [left + plotW, y(v)],
      ],
      stroke: COLORS.grid,
      width: 0.5,
    });
    shapes.push({ t: 'text', x: left - 4, y: y(v) + 2.5, text: labels[i] as string, size: 7, anchor: 'end', fill: COLORS.ink });
  });
  data.points.forEach((p, i) => {
    if (i % 2 === (n - 1) % 2) {
      const label = `${p.period.slice(5)}/${p.period.slice(2, 4)}`;
      shapes.push({ t: 'text', x: x(i), y: top + plotH + 10, text: label, size: 7, anchor: 'middle', fill: COLORS.ink });
    }
  });
  if (note) paragraph(shapes, note, 0, top + plotH + 19, width, 6.5, { italic: true, fill: COLORS.muted });
  const last = [...data.points].reverse().find((p) => p.value !== null);
  // The value's label goes on the side of the line away from the target's label.
  const valueAbove = last?.value != null && data.target !== null && last.value >= data.target;
  if (data.target !== null) {
    shapes.push({
      t: 'line',
      points: [
        [left, y(data.target)],
        [left + plotW, y(data.target)],
      ],
      stroke: COLORS.target,
      width: 1.2,
      dash: true,
    });
    shapes.push({
      t: 'text',
      x: left + 4,
      y: y(data.target) + (valueAbove ? 9 : -3),
      text: `${t.targetLine}: ${formatKpiNumber(data.kpi.kind, data.target, lang)}`,
      size: 7,
      anchor: 'start',
      fill: COLORS.target,
    });
  }
  let run: [number, number][] = [];
  const flush = () => {
    if (run.length > 1) shapes.push({ t: 'line', points: run, stroke: COLORS.value, width: 1.6 });
    run = [];
  };
  data.points.forEach((p, i) => {
    if (p.value === null) {
      flush();
      return;
    }
    run.push([x(i), y(p.value)]);
    shapes.push({ t: 'circle', x: x(i), y: y(p.value), r: 1.8, fill: COLORS.value });
  });
  flush();
  if (last?.value !== null && last !== undefined) {
    const i = data.points.lastIndexOf(last);
    shapes.push({
      t: 'text',
      x: x(i),
      y: y(last.value as number) + (valueAbove ? -5 : 11),
      text: formatKpiNumber(data.kpi.kind, last.value, lang, data.target),
      size: 7,
      anchor: 'end',
      fill: COLORS.value,
      bold: true,
    });
  }
  shapes.push({
    t: 'line',
    points: [
      [left, top + plotH],
      [left + plotW, top + plotH],
    ],
    stroke: COLORS.ink,
    width: 0.8,
  });
  return { width, height, shapes };
}

function shifted(shapes: Shape[], dx: number, dy: number): Shape[] {
  return shapes.map((s): Shape => {
    if (s.t === 'line') return { ...s, points: s.points.map(([a, b]): [number, number] => [a + dx, b + dy]) };
    return { ...s, x: s.x + dx, y: s.y + dy };
  });
}

/**
 * The trend charts two to a row, the first row under the panel's title: four KPIs take half a page,
 * not two, and a row can start at the foot of a page that has room for it.
 */
export function trendRows(trends: TrendChartData[], lang: Lang, width = 467, months = 12): Chart[] {
  const gap = 18;
  const cellW = (width - gap) / 2;
  const cellH = 165;
  const rows: Chart[] = [];
  for (let i = 0; i < trends.length; i += 2) {
    const shapes: Shape[] = [];
    const top = i === 0 ? paragraph(shapes, TEXT[lang].trendPanel(months), 0, 10, width, 9, { bold: true }) + 8 : 0;
    trends.slice(i, i + 2).forEach((tr, j) => {
      shapes.push(...shifted(trendChart(tr, lang, cellW, cellH).shapes, j * (cellW + gap), top));
    });
    rows.push({ width, height: top + cellH, shapes });
  }
  return rows;
}

/**
 * The top and the bottom of a ranking as bars from zero, each labelled with its rank (ties share
 * one) and value; units that did not report are named last, "chưa báo cáo", with no bar.
 */
export function rankingChart(data: RankingData, lang: Lang, width = 467): Chart {
  const t = TEXT[lang];
  const shapes: Shape[] = [];
  const rowH = 13;
  const integer = data.kpi.kind !== 'ratio';
  let y = paragraph(shapes, t.rankingChart(`${data.kpi.name} (${data.kpi.measure})`), 0, 10, width, 9, { bold: true });
  const all = !data.shown.includes('gap');
  y = paragraph(shapes, t.rankingScope(RANK_SHOWN, formatNumber(data.ranked, lang), all), 0, y + 11, width, 7, {
    italic: true,
    fill: COLORS.muted,
  });
  const top = y + 8;
  const label = (r: RankingRow) => (r.rank === null ? r.name : `${formatNumber(r.rank, lang)}. ${r.name}`);
  const rows = [...data.shown, ...data.unreported];
  const labelW = Math.min(width * 0.42, Math.max(60, ...rows.map((r) => (r === 'gap' ? 0 : textWidth(label(r), 7.5)))) + 10);
  const valueW = 52;
  const plotW = width - labelW - valueW;
  const values = data.shown.flatMap((r) => (r === 'gap' || r.value === null ? [] : [r.value]));
  const max = Math.max(...values, data.kpi.kind === 'ratio' ? 100 : 1);
  const ticks = niceTicks(max, 4, integer);
  const top1 = ticks.at(-1) as number;
  const x = (v: number) => labelW + (Math.max(0, v) / top1) * plotW;
  let yy = top;
  const rowTops: number[] = [];
  for (const r of rows) {
    rowTops.push(yy);
    yy += r === 'gap' ? rowH * 0.8 : rowH;
  }
  const plotBottom = yy + (data.unreportedMore > 0 ? rowH : 0);
  for (const v of ticks) {
    shapes.push({
      t: 'line',
      points: [
        [x(v), top - 2],
        [x(v), plotBottom],
      ],
      stroke: COLORS.grid,
      width: 0.5,
    });
    const text = formatKpiNumber(data.kpi.kind, v, lang);
    shapes.push({ t: 'text', x: x(v), y: plotBottom + 9, text, size: 7, anchor: 'middle', fill: COLORS.ink });
  }
  rows.forEach((r, i) => {
    const ry = rowTops[i] as number;
    if (r === 'gap') {
      shapes.push({ t: 'text', x: labelW - 6, y: ry + 7, text: '…', size: 7.5, anchor: 'end', fill: COLORS.ink });
      return;
    }
    shapes.push({ t: 'text', x: labelW - 6, y: ry + 9, text: label(r), size: 7.5, anchor: 'end', fill: COLORS.ink });
    if (r.value === null) {
      shapes.push({ t: 'text', x: labelW + 4, y: ry + 9, text: t.notReported, size: 7, anchor: 'start', fill: COLORS.muted, italic: true });
      return;
    }
    const w = Math.max(0.5, x(r.value) - labelW);
    shapes.push({ t: 'rect', x: labelW, y: ry + 2, w, h: rowH - 4, fill: COLORS.bar });
    shapes.push({
      t: 'text',
      x: labelW + w + 4,
      y: ry + 9,
      text: formatKpiNumber(data.kpi.kind, r.value, lang),
      size: 7,
      anchor: 'start',
      fill: COLORS.ink,
    });
  });
  if (data.unreportedMore > 0) {
    const more = t.unreportedMore(formatNumber(data.unreportedMore, lang));
    shapes.push({ t: 'text', x: labelW - 6, y: yy + 9, text: more, size: 7, anchor: 'end', fill: COLORS.muted, italic: true });
  }
  shapes.push({
    t: 'line',
    points: [
      [labelW, top - 2],
      [labelW, plotBottom],
      [labelW + plotW, plotBottom],
    ],
    stroke: COLORS.ink,
    width: 0.8,
  });
  return { width, height: plotBottom + 13, shapes };
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const r2 = (n: number) => Math.round(n * 100) / 100;

/** Points of margin the SVG adds on every side of a chart. */
export const SVG_PAD = 2;

/** The chart as SVG; `fontFamily` is the family the renderer knows the report's font by. */
export function toSvg(chart: Chart, fontFamily = FAMILY): string {
  const body = chart.shapes
    .map((s): string => {
      switch (s.t) {
        case 'rect':
          return `<rect x="${r2(s.x)}" y="${r2(s.y)}" width="${r2(s.w)}" height="${r2(s.h)}" fill="${s.fill}"/>`;
        case 'circle':
          return `<circle cx="${r2(s.x)}" cy="${r2(s.y)}" r="${s.r}" fill="${s.fill}"/>`;
        case 'line':
          return `<polyline points="${s.points.map(([a, b]) => `${r2(a)},${r2(b)}`).join(' ')}" fill="none" stroke="${s.stroke}" stroke-width="${s.width}"${s.dash ? ' stroke-dasharray="4 3"' : ''}/>`;
        default:
          return `<text x="${r2(s.x)}" y="${r2(s.y)}" font-size="${s.size}" text-anchor="${s.anchor}" fill="${s.fill}"${s.bold ? ' font-weight="bold"' : ''}${s.italic ? ' font-style="italic"' : ''} xml:space="preserve">${esc(s.text)}</text>`;
      }
    })
    .join('');
  // A little room around the drawing: a glyph's overshoot at x = 0 (the round of a "C") is not cut.
  const w = chart.width + 2 * SVG_PAD;
  const h = r2(chart.height + 2 * SVG_PAD);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="${-SVG_PAD} ${-SVG_PAD} ${w} ${h}" font-family="${fontFamily}">${body}</svg>`;
}

/** Every text a chart draws, for alt text and for checking a rendering against it. */
export function chartTexts(chart: Chart): string[] {
  return chart.shapes.flatMap((s) => (s.t === 'text' ? [s.text] : []));
}
