/**
 * One model of the monthly report, assembled from the same services the read API answers from,
 * so every figure printed is the API's figure. The PDF, DOCX and XLSX builders only lay it out.
 *
 * Kept as one file because `buildReportModel` is the one place that asks the services for the
 * report, and each helper here serves one of its parts.
 */

import {
  addMonths,
  type BreakdownReply,
  type CompletenessReply,
  type Figure,
  type MapView,
  periodRange,
  reportedBelow,
  type SeriesReply,
  targetMeasure,
  type UnitRef,
} from '@tiendo/shared';
import { type AnyColumn, and, eq, inArray, or, sql } from 'drizzle-orm';
import { reports } from '../db/schema.ts';
import {
  type Catalog,
  childrenAt,
  descendantsAt,
  type KpiDef,
  parentAt,
  type UnitNode,
  unitAtView,
  unitByCodeAt,
} from '../services/catalog-service.ts';
import type { FigureView } from '../services/figure-service.ts';
import type { Services } from '../services/index.ts';
import { mapPeriodOf } from '../services/map-view.ts';
import { buildFollowup, type FollowupSection } from './followup-section.ts';
import {
  cleanText,
  compareOnTarget,
  type FigureCells,
  figureCells,
  type Issuer,
  issuerOf,
  type KpiInfo,
  placeOf,
  type RankingData,
  rankingOf,
  summarySentences,
  type TargetComparison,
  type UnitLike,
  worthRanking,
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

export type { RankingData };

export interface NoteGroup {
  /** The unit directly below the report's unit that the notes come from (or the unit itself). */
  group: string;
  /** `name` is the unit's full name, with its commune for a task team. */
  entries: { code: string; name: string; difficulties: string; recommendations: string }[];
}

/** A unit that did not report, named as a meeting reads it: "Tổ dân phố số 2 – Phường Hoàn Kiếm". */
export interface MissingUnit {
  code: string;
  name: string;
  label: string;
  level: number;
  /** The full name of the unit above it. */
  parent: string;
  /** The commune it belongs to (itself for a commune or a unit above), for grouping. */
  group: string;
}

/** What an issued meeting report carries and the on-the-fly download leaves blank ("Số: …"). */
export interface ReportIssue {
  number: number;
  /** The issue date printed in the place-and-date line, `YYYY-MM-DD`. */
  issuedAt: string;
  signer: { title: string; name: string };
}

/** The services a report is read from. */
export type ReportSources = Pick<Services, 'db' | 'catalog' | 'settings' | 'figures' | 'reportStates' | 'tasks' | 'proposals'>;

export interface ReportModel {
  lang: Lang;
  unit: UnitLike;
  fullName: string;
  issuer: Issuer;
  placeDate: string;
  /** The date the report is dated (`YYYY-MM-DD`): the issue date, or the period's cut-off for a draft. */
  dated: string;
  period: string;
  periodLabel: string;
  title: string;
  hasData: boolean;
  asOf: string | null;
  lines: KpiLine[];
  summary: string[];
  trends: TrendChartData[];
  /** For each KPI with a target among the units below: who is furthest behind and why, or that all are level. */
  targets: TargetComparison[];
  /** Rankings of the KPIs with a target whose units are not all level. */
  rankings: RankingData[];
  hasChildren: boolean;
  completeness: CompletenessReply;
  /** Every unit that did not report (up to MISSING_LIMIT), with its commune. */
  missing: MissingUnit[];
  notes: NoteGroup[];
  breakdowns: { kpi: KpiInfo; reply: BreakdownReply }[];
  /** The annex's trend (24 months of every KPI), read only when the XLSX asks for it. */
  series: () => { kpi: KpiInfo; reply: SeriesReply }[];
  /** The tasks of earlier meetings and how they stand, what comes next, the proposals of the month. */
  followup: FollowupSection;
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

/** Notes of the units below, on the period's map, grouped by the unit directly below the report's. */
function notesFor(services: ReportSources, unit: UnitNode, period: string, mapPeriod: string, lang: Lang): NoteGroup[] {
  const cat = services.catalog.get();
  const written = (c: AnyColumn) => sql`TRIM(COALESCE(${c}, '')) <> ''`;
  const rows = services.db.orm
    .select({ unitId: reports.unitId, difficulties: reports.difficulties, recommendations: reports.recommendations })
    .from(reports)
    .where(
      and(
        eq(reports.period, period),
        inArray(reports.state, ['submitted', 'approved']),
        or(written(reports.difficulties), written(reports.recommendations)),
      ),
    )
    .all();
  const byUnit = new Map(rows.map((r) => [r.unitId, r]));
  const groups = new Map<number, NoteGroup>();
  const add = (head: UnitNode, u: UnitNode) => {
    const r = byUnit.get(u.id);
    if (!r) return;
    const g = groups.get(head.id) ?? { group: unitFullName(unitAtView(head, mapPeriod), lang), entries: [] };
    const v = unitAtView(u, mapPeriod);
    g.entries.push({
      code: v.code,
      name: unitLabel(cat, u, mapPeriod, lang),
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

/** A unit as lists name it: its full name, and for a task team its commune ("Thôn 4 – Xã Sóc Sơn"). */
function unitLabel(cat: Catalog, u: UnitNode, mapPeriod: string, lang: Lang): string {
  const v = unitAtView(u, mapPeriod);
  if (v.level < 4) return unitFullName(v, lang);
  const parent = parentAt(cat, u, mapPeriod);
  return parent ? `${v.name} – ${unitFullName(unitAtView(parent, mapPeriod), lang)}` : v.name;
}

function missingUnits(services: ReportSources, cp: CompletenessReply, mapPeriod: string, lang: Lang): MissingUnit[] {
  const cat = services.catalog.get();
  return cp.missing.map((m) => {
    const node = unitByCodeAt(cat, m.code, mapPeriod);
    const parent = node ? parentAt(cat, node, mapPeriod) : null;
    const parentName = parent ? unitFullName(unitAtView(parent, mapPeriod), lang) : (m.parentName ?? '');
    const own = unitFullName(m, lang);
    return {
      code: m.code,
      name: own,
      label: m.level >= 4 ? `${m.name} – ${parentName}` : own,
      level: m.level,
      parent: parentName,
      group: m.level >= 4 ? parentName : own,
    };
  });
}

/** Key KPIs for the trend charts: those with a target, in catalogue order; else the first with figures. */
function keyKpis(lines: KpiLine[]): KpiLine[] {
  const withTarget = lines.filter((l) => l.figure.target !== undefined && l.figure.value !== null);
  const pool = withTarget.length > 0 ? withTarget : lines.filter((l) => l.figure.value !== null);
  return pool.slice(0, MAX_TRENDS);
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
  // A meeting report presents the figures as submitted: what the dashboards show unless asked otherwise.
  const view: FigureView = { basis: 'submitted', map };
  const reply = fs.figures(code, period, view);
  const kpis = catalog.get().kpisByCode;
  const lines: KpiLine[] = reply.figures.map((f) => ({
    kpi: kpiInfo(kpis.get(f.kpi) as KpiDef, lang),
    figure: f,
    cells: figureCells(f, lang),
  }));
  const hasData = lines.some((l) => l.figure.value !== null);

  const from = addMonths(period, -(TREND_MONTHS - 1));
  const trends = keyKpis(lines).map((l) => {
    const s = fs.series(code, l.kpi.code, from, period, view);
    return {
      kpi: l.kpi,
      target: s.target,
      points: s.points.map((p) => ({ period: p.period, value: targetMeasure(l.kpi.kind, p) })),
    };
  });

  const children = catalog.childrenAt(node, mapPeriod);
  const breakdowns =
    children.length === 0
      ? []
      : lines
          .filter((l) => reportedBelow(kpis.get(l.kpi.code) as KpiDef, unit.level))
          .map((l) => ({ kpi: l.kpi, reply: fs.breakdown(code, l.kpi.code, period, view) }));

  const annexFrom = addMonths(period, -(ANNEX_TREND_MONTHS - 1));
  const series = () => lines.map((l) => ({ kpi: l.kpi, reply: fs.series(code, l.kpi.code, annexFrom, period, view) }));
  const window = reportStates.window(period);
  // Before the programme (or a month nobody reported) the list of units would be every unit: leave it out.
  const completeness = reportStates.completeness(node, period, MISSING_LIMIT, mapPeriod);
  if (completeness.reported === 0) completeness.missing = [];

  // Below the commune the units are task teams, named with their commune; above, by their full name.
  const childLabel = (r: { name: string; type: string; level: number }) =>
    r.level >= 4 ? `${r.name} – ${unitFullName(unit, lang)}` : unitFullName(r, lang);
  const targets = hasData
    ? breakdowns.map((b) => compareOnTarget(b.kpi, b.reply.rows, lang, childLabel)).filter((c): c is TargetComparison => c !== null)
    : [];
  // Charts name units briefly: the chart's title says whose units they are.
  const rankings = targets
    .filter(worthRanking)
    .map((c) => rankingOf(c.kpi, c.rows, (r) => (r.level >= 4 ? r.name : unitFullName(r, lang))));

  return {
    lang,
    unit: { code: unit.code, name: unit.name, level: unit.level, type: unit.type },
    // Below the district, the district (or commune) too: "Phường Phúc Xá, Quận Ba Đình".
    fullName: unit.level >= 3 && parent ? `${unitFullName(unit, lang)}, ${unitFullName(parent, lang)}` : unitFullName(unit, lang),
    issuer: issuerOf(unit, parent, lang),
    placeDate: placeDate(placeOf(unit, parent), issue ? issue.issuedAt : window.to, lang),
    dated: issue ? issue.issuedAt : window.to,
    period,
    periodLabel: periodLabel(period),
    title: t.title(periodLabel(period)),
    hasData,
    asOf: reply.asOf,
    lines,
    summary: hasData ? summarySentences(unit, period, lines, lang) : [t.noData(periodLabel(period))],
    trends: hasData ? trends : [],
    targets,
    rankings,
    hasChildren: children.length > 0,
    completeness,
    missing: missingUnits(services, completeness, mapPeriod, lang),
    notes: notesFor(services, node, period, mapPeriod, lang),
    followup: followupOf(services, node, mapPeriod, period, lines, lang),
    breakdowns,
    series,
    ...(issue ? { issue } : {}),
  };
}

/**
 * The follow-up sections, on the map of the period: tasks and proposals name units as they are
 * (a past month read on today's map has no meetings of today's units to follow up).
 */
function followupOf(
  services: ReportSources,
  node: UnitNode,
  mapPeriod: string,
  period: string,
  lines: KpiLine[],
  lang: Lang,
): FollowupSection {
  const ref = unitAtView(node, period);
  if (mapPeriod !== period) {
    return buildFollowup({ unit: ref, period, assigned: [], issued: [] }, { unit: ref, raised: [], waiting: [] }, [], lines, period, lang);
  }
  const code = ref.code;
  const tasks = services.tasks.tasksOf(code, period);
  const proposals = services.proposals.list(code, period, 'all');
  // The notices the tasks come from (read by id: the unit's code may name another unit today).
  const conclusions = services.tasks.notices([...tasks.issued, ...tasks.assigned].map((x) => x.conclusionId));
  // A task team is named with its commune, never by its code alone.
  const cat = services.catalog.get();
  const label = (u: UnitRef) => {
    if (u.level < 4) return u.name;
    const team = unitByCodeAt(cat, u.code, period);
    const commune = team ? parentAt(cat, team, period) : null;
    return commune ? `${u.name} – ${unitAtView(commune, period).name}` : u.name;
  };
  return buildFollowup(tasks, proposals, conclusions, lines, period, lang, label);
}

/** The periods of the annex's trend sheet, oldest first. */
export function annexPeriods(period: string): string[] {
  return periodRange(addMonths(period, -(ANNEX_TREND_MONTHS - 1)), period);
}
