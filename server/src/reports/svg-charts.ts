/**
 * The report's charts, drawn by our own code as a short list of shapes: rendered to SVG for the
 * PDF (as vectors, through svg-to-pdfkit) and the DOCX, and rasterised (without text) for the
 * DOCX's PNG fallback.
 */
import type { RankingData, TrendChartData } from './report-data.ts';
import { formatKpiNumber } from './report-shape.ts';
import { formatNumber, type Lang, TEXT } from './text.ts';

export type Shape =
  | { t: 'rect'; x: number; y: number; w: number; h: number; fill: string }
  | { t: 'line'; points: [number, number][]; stroke: string; width: number; dash?: boolean }
  | { t: 'circle'; x: number; y: number; r: number; fill: string }
  | { t: 'text'; x: number; y: number; text: string; size: number; anchor: 'start' | 'middle' | 'end'; fill: string; bold?: boolean };

export interface Chart {
  width: number;
  height: number;
  shapes: Shape[];
}

export const COLORS = { ink: '#1f2933', grid: '#d5dbe1', value: '#1d4ed8', target: '#c2410c', bar: '#2563eb', barLow: '#b91c1c' };

/** Round steps (1, 2, 2.5, 5 × 10ⁿ) so that about `count` of them cover `max`. */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const ticks: number[] = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  if ((ticks.at(-1) ?? 0) < max) ticks.push(Number(((ticks.at(-1) ?? 0) + step).toPrecision(12)));
  return ticks;
}

/** Short tick labels: 45 tr / 45M for millions, 12 N / 12k for thousands. */
export function shortNumber(v: number, lang: Lang): string {
  const abs = Math.abs(v);
  if (abs >= 1e6) return `${formatNumber(v / 1e6, lang, abs % 1e6 === 0 ? 0 : 1)}${lang === 'vi' ? ' tr' : 'M'}`;
  if (abs >= 1e4) return `${formatNumber(v / 1e3, lang, 0)}${lang === 'vi' ? ' N' : 'k'}`;
  return formatNumber(v, lang, Number.isInteger(v) ? 0 : 1);
}

export function trendChart(data: TrendChartData, lang: Lang, width = 480, height = 190): Chart {
  const shapes: Shape[] = [];
  const left = 56;
  const right = 12;
  const top = 26;
  const bottom = 24;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const values = data.points.map((p) => p.value).filter((v): v is number => v !== null);
  const max = Math.max(...values, data.target ?? 0, data.kpi.kind === 'ratio' ? 0 : 1);
  // Shares that stay high (most are above 90 %) would be a flat line on a 0–100 axis: start lower.
  const low = Math.min(...values, data.target ?? Number.POSITIVE_INFINITY);
  const lo = data.kpi.kind === 'ratio' && values.length > 0 && low > 60 ? Math.floor((low - 2) / 10) * 10 : 0;
  const ticks = niceTicks(max - lo).map((v) => Number((v + lo).toPrecision(12)));
  const top1 = ticks.at(-1) ?? 1;
  const y = (v: number) => top + plotH - ((v - lo) / (top1 - lo || 1)) * plotH;
  const n = data.points.length;
  const x = (i: number) => left + (n <= 1 ? plotW / 2 : (i / (n - 1)) * plotW);
  const t = TEXT[lang];
  shapes.push({ t: 'text', x: 0, y: 12, text: t.trendChart(data.kpi.name), size: 9, anchor: 'start', fill: COLORS.ink, bold: true });
  for (const v of ticks) {
    shapes.push({
      t: 'line',
      points: [
        [left, y(v)],
        [left + plotW, y(v)],
      ],
      stroke: COLORS.grid,
      width: 0.5,
    });
    const label =
      data.kpi.kind === 'ratio'
        ? `${formatNumber(v, lang, Number.isInteger(v) ? 0 : 1)}${lang === 'vi' ? ' %' : '%'}`
        : shortNumber(v, lang);
    shapes.push({ t: 'text', x: left - 4, y: y(v) + 3, text: label, size: 7, anchor: 'end', fill: COLORS.ink });
  }
  data.points.forEach((p, i) => {
    if (i % 2 === (n - 1) % 2) {
      shapes.push({
        t: 'text',
        x: x(i),
        y: height - 8,
        text: `${p.period.slice(5)}/${p.period.slice(2, 4)}`,
        size: 7,
        anchor: 'middle',
        fill: COLORS.ink,
      });
    }
  });
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
    const label = `${t.targetLine}: ${formatKpiNumber(data.kpi.kind, data.target, lang)}`;
    shapes.push({
      t: 'text',
      x: left + 4,
      y: y(data.target) + (valueAbove ? 10 : -4),
      text: label,
      size: 7,
      anchor: 'start',
      fill: COLORS.target,
    });
  }
  let run: [number, number][] = [];
  const flush = () => {
    if (run.length > 1) shapes.push({ t: 'line', points: run, stroke: COLORS.value, width: 1.8 });
    run = [];
  };
  data.points.forEach((p, i) => {
    if (p.value === null) {
      flush();
      return;
    }
    run.push([x(i), y(p.value)]);
    shapes.push({ t: 'circle', x: x(i), y: y(p.value), r: 2, fill: COLORS.value });
  });
  flush();
  if (last?.value !== null && last !== undefined) {
    const i = data.points.lastIndexOf(last);
    shapes.push({
      t: 'text',
      x: x(i) - 4,
      y: y(last.value as number) + (valueAbove ? -5 : 12),
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

export const MAX_RANKED = 30;

export function rankingChart(data: RankingData, lang: Lang, width = 480): Chart {
  const rows = data.rows.slice(0, MAX_RANKED);
  const rowH = 13;
  const top = 22;
  const labelW = 130;
  const valueW = 62;
  const plotW = width - labelW - valueW;
  const height = top + rows.length * rowH + 6;
  const shapes: Shape[] = [];
  shapes.push({
    t: 'text',
    x: 0,
    y: 12,
    text: TEXT[lang].rankingChart(data.kpi.name),
    size: 9,
    anchor: 'start',
    fill: COLORS.ink,
    bold: true,
  });
  const max = Math.max(...rows.map((r) => r.value), data.kpi.kind === 'ratio' ? 100 : 1);
  const median = rows[Math.floor(rows.length / 2)]?.value ?? 0;
  rows.forEach((r, i) => {
    const yy = top + i * rowH;
    const w = Math.max(0.5, (r.value / max) * plotW);
    shapes.push({ t: 'text', x: labelW - 6, y: yy + 9, text: `${i + 1}. ${r.name}`, size: 7.5, anchor: 'end', fill: COLORS.ink });
    shapes.push({ t: 'rect', x: labelW, y: yy + 2, w, h: rowH - 4, fill: r.value < median * 0.9 ? COLORS.barLow : COLORS.bar });
    shapes.push({
      t: 'text',
      x: labelW + w + 4,
      y: yy + 9,
      text: formatKpiNumber(data.kpi.kind, r.value, lang),
      size: 7,
      anchor: 'start',
      fill: COLORS.ink,
    });
  });
  shapes.push({
    t: 'line',
    points: [
      [labelW, top],
      [labelW, top + rows.length * rowH],
    ],
    stroke: COLORS.ink,
    width: 0.8,
  });
  return { width, height, shapes };
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const r2 = (n: number) => Math.round(n * 100) / 100;

export function toSvg(chart: Chart, fontFamily = 'Times New Roman'): string {
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
          return `<text x="${r2(s.x)}" y="${r2(s.y)}" font-size="${s.size}" text-anchor="${s.anchor}" fill="${s.fill}"${s.bold ? ' font-weight="bold"' : ''}>${esc(s.text)}</text>`;
      }
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${chart.width}" height="${chart.height}" viewBox="0 0 ${chart.width} ${chart.height}" font-family="${fontFamily}">${body}</svg>`;
}
