/**
 * One model of the monthly report, assembled from the same services the read API answers from,
 * so every figure printed is the API's figure. The PDF, DOCX and XLSX builders only lay it out.
 */
import {
  addMonths,
  type BreakdownReply,
  type CompletenessReply,
  type Figure,
  type MapView,
  periodRange,
  type SeriesReply,
} from '@tiendo/shared';
import { childrenAt, descendantsAt, type KpiDef, parentAt, type UnitNode, unitAtView } from '../services/catalog-service.ts';
import { mapPeriodOf } from '../services/figure-service.ts';
import type { Services } from '../services/index.ts';
import {
  type BehindUnit,
  behindUnits,
  cleanText,
  type FigureCells,
  figureCells,
  type Issuer,
  issuerOf,
  type KpiInfo,
  measureOf,
  placeOf,
  summarySentences,
  type UnitLike,
} from './report-shape.ts';
import { type Lang, periodLabel, placeDate, TEXT, unitFullName } from './text.ts';

export interface KpiLine {
  kpi: KpiInfo;
  figure: Figure;
  cells: FigureCells;
}

export interface TrendChartData {
  kpi: KpiInfo;
  target: number | null;
  /** Running totals for counts, the figure otherwise. */
  points: { period: string; value: number | null }[];
}

export interface RankingData {
  kpi: KpiInfo;
  rows: { code: string; name: string; value: number }[];
}

export interface NoteGroup {
  /** The unit directly below the report's unit that the notes come from (or the unit itself). */
  group: string;
  entries: { code: string; name: string; difficulties: string; recommendations: string }[];
}

/** What an issued meeting report carries and the on-the-fly download leaves blank ("Số: …"). */
export interface ReportIssue {
  number: number;
  /** The issue date printed in the place-and-date line, `YYYY-MM-DD`. */
  issuedAt: string;
  signer: { title: string; name: string };
}

/** The services a report is read from. */
export type ReportSources = Pick<Services, 'db' | 'catalog' | 'settings' | 'figures' | 'reportStates'>;

export interface ReportModel {
  lang: Lang;
  unit: UnitLike;
  fullName: string;
  issuer: Issuer;
  placeDate: string;
  period: string;
  periodLabel: string;
  title: string;
  hasData: boolean;
  asOf: string | null;
  lines: KpiLine[];
  summary: string[];
  trends: TrendChartData[];
  ranking: RankingData | null;
  hasChildren: boolean;
  behind: BehindUnit[];
  completeness: CompletenessReply;
  notes: NoteGroup[];
  breakdowns: { kpi: KpiInfo; reply: BreakdownReply }[];
  /** The annex's trend (24 months of every KPI), read only when the XLSX asks for it. */
  series: () => { kpi: KpiInfo; reply: SeriesReply }[];
  /** Set when the secretariat issues the report: its number, issue date and signer. */
  issue?: ReportIssue;
}

/** The cells of section II's KPI table, in column order, as both the PDF and the DOCX print them. */
export function kpiTableRows(m: ReportModel): string[][] {
  const c = TEXT[m.lang].cols;
  return m.lines.map((l, i) => [
    String(i + 1),
    `${l.kpi.name} (${l.kpi.measure})`,
    l.cells.cumulative ? `${l.cells.value}\n${c.cumulative}: ${l.cells.cumulative}` : l.cells.value,
    l.cells.change,
    l.cells.target,
    l.cells.deadline,
    l.cells.attainment,
    l.cells.status,
  ]);
}

export const TREND_MONTHS = 12;
export const ANNEX_TREND_MONTHS = 24;
export const MAX_TRENDS = 4;
export const MISSING_LIMIT = 1000;

function kpiInfo(k: KpiDef, lang: Lang): KpiInfo {
  return {
    code: k.code,
    name: lang === 'en' ? k.nameEn : k.name,
    measure: lang === 'en' ? k.unitEn : k.unit,
    kind: k.kind,
    higherIsBetter: k.higherIsBetter,
  };
}

interface NoteRow {
  unitId: number;
  difficulties: string | null;
  recommendations: string | null;
}

/** Notes of the units below, on the period's map, grouped by the unit directly below the report's. */
function notesFor(services: ReportSources, unit: UnitNode, period: string, mapPeriod: string, lang: Lang): NoteGroup[] {
  const cat = services.catalog.get();
  const rows = services.db.sqlite
    .prepare(
      `SELECT r.unit_id AS unitId, r.difficulties, r.recommendations FROM reports r
       WHERE r.period = ? AND r.state IN ('submitted', 'approved')
         AND (TRIM(COALESCE(r.difficulties, '')) <> '' OR TRIM(COALESCE(r.recommendations, '')) <> '')`,
    )
    .all(period) as NoteRow[];
  const byUnit = new Map(rows.map((r) => [r.unitId, r]));
  const groups = new Map<number, NoteGroup>();
  const add = (head: UnitNode, u: UnitNode) => {
    const r = byUnit.get(u.id);
    if (!r) return;
    const g = groups.get(head.id) ?? { group: unitFullName(unitAtView(head, mapPeriod), lang), entries: [] };
    const v = unitAtView(u, mapPeriod);
    g.entries.push({
      code: v.code,
      name: unitFullName(v, lang),
      difficulties: cleanText(r.difficulties),
      recommendations: cleanText(r.recommendations),
    });
    groups.set(head.id, g);
  };
  add(unit, unit);
  for (const child of childrenAt(cat, unit, mapPeriod)) {
    add(child, child);
    for (const d of descendantsAt(cat, child, mapPeriod)) add(child, d);
  }
  return [...groups.values()];
}

/** Key KPIs for the trend charts: those with a target, in catalogue order; else the first with figures. */
function keyKpis(lines: KpiLine[]): KpiLine[] {
  const withTarget = lines.filter((l) => l.figure.target !== undefined && l.figure.value !== null);
  const pool = withTarget.length > 0 ? withTarget : lines.filter((l) => l.figure.value !== null);
  return pool.slice(0, MAX_TRENDS);
}

function rankingOf(breakdowns: { kpi: KpiInfo; reply: BreakdownReply }[]): RankingData | null {
  const ranked = breakdowns.map(({ kpi, reply }) => ({
    kpi,
    rows: reply.rows
      .filter((r) => r.rank !== null)
      .sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0))
      .map((r) => ({ code: r.code, name: r.name, value: (kpi.kind === 'count' ? r.cumulative : r.value) ?? 0 })),
  }));
  // Ratios compare units of any size fairly; fall back to the first KPI ranked at all.
  return ranked.find((r) => r.kpi.kind === 'ratio' && r.rows.length >= 2) ?? ranked.find((r) => r.rows.length >= 2) ?? null;
}

/**
 * The meeting report of a unit for a period, on that period's map (`map: 'period'`) or on today's
 * (`'today'`: the units of today, their past rebuilt), as the dashboard shows it. An issued report
 * passes its `issue`: dated the day it is issued, not at the period's end.
 */
export function buildReportModel(
  services: ReportSources,
  code: string,
  period: string,
  lang: Lang,
  map: MapView = 'period',
  issue?: ReportIssue,
): ReportModel {
  const mapPeriod = mapPeriodOf(period, map, services.settings.currentPeriod());
  const { catalog, figures: fs, reportStates } = services;
  const node = fs.resolve(code, period, map);
  const t = TEXT[lang];
  const parentNode = parentAt(catalog.get(), node, mapPeriod);
  const unit = { ...node, ...unitAtView(node, mapPeriod) };
  const parent = parentNode ? { ...parentNode, ...unitAtView(parentNode, mapPeriod) } : null;
  const reply = fs.figures(code, period, map);
  const kpis = catalog.get().kpisByCode;
  const lines: KpiLine[] = reply.figures.map((f) => ({
    kpi: kpiInfo(kpis.get(f.kpi) as KpiDef, lang),
    figure: f,
    cells: figureCells(f, lang),
  }));
  const hasData = lines.some((l) => l.figure.value !== null);

  const from = addMonths(period, -(TREND_MONTHS - 1));
  const trends = keyKpis(lines).map((l) => {
    const s = fs.series(code, l.kpi.code, from, period, map);
    return {
      kpi: l.kpi,
      target: s.target,
      points: s.points.map((p) => ({ period: p.period, value: measureOf({ kind: l.kpi.kind, value: p.value, cumulative: p.cumulative }) })),
    };
  });

  const children = catalog.childrenAt(node, mapPeriod);
  const breakdowns =
    children.length === 0
      ? []
      : lines
          .filter((l) => (kpis.get(l.kpi.code) as KpiDef).reportLevels.some((lv) => lv > unit.level))
          .map((l) => ({ kpi: l.kpi, reply: fs.breakdown(code, l.kpi.code, period, map) }));

  const annexFrom = addMonths(period, -(ANNEX_TREND_MONTHS - 1));
  const series = () => lines.map((l) => ({ kpi: l.kpi, reply: fs.series(code, l.kpi.code, annexFrom, period, map) }));
  const window = reportStates.window(period);
  // Before the programme (or a month nobody reported) the list of units would be every unit: leave it out.
  const completeness = reportStates.completeness(node, period, MISSING_LIMIT, mapPeriod);
  if (completeness.reported === 0) completeness.missing = [];

  return {
    lang,
    unit: { code: unit.code, name: unit.name, level: unit.level, type: unit.type },
    // Below the district, the district (or commune) too: "Phường Phúc Xá, Quận Ba Đình".
    fullName: unit.level >= 3 && parent ? `${unitFullName(unit, lang)}, ${unitFullName(parent, lang)}` : unitFullName(unit, lang),
    issuer: issuerOf(unit, parent, lang),
    placeDate: placeDate(placeOf(unit, parent), issue ? issue.issuedAt : window.to, lang),
    period,
    periodLabel: periodLabel(period),
    title: t.title(periodLabel(period)),
    hasData,
    asOf: reply.asOf,
    lines,
    summary: hasData ? summarySentences(unit, period, lines, lang) : [t.noData(periodLabel(period))],
    trends: hasData ? trends : [],
    ranking: hasData ? rankingOf(breakdowns) : null,
    hasChildren: children.length > 0,
    behind: behindUnits(
      breakdowns.map((b) => ({ kpi: b.kpi, rows: b.reply.rows })),
      lang,
    ),
    completeness,
    notes: notesFor(services, node, period, mapPeriod, lang),
    breakdowns,
    series,
    ...(issue ? { issue } : {}),
  };
}

/** The periods of the annex's trend sheet, oldest first. */
export function annexPeriods(period: string): string[] {
  return periodRange(addMonths(period, -(ANNEX_TREND_MONTHS - 1)), period);
}
