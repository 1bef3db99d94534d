/**
 * The heat map of attainment: the units below in rows, the KPIs that have a target for them in
 * columns, each cell the unit's attainment of that target and its status. Pure, so the table and
 * the browser test read the same model.
 */
import type { BreakdownReply, FigureNote, FigureStatus, Kpi, UnitRef } from '@tiendo/shared';
import { followsKpi } from '@tiendo/shared/figure-rules';
import { nextSortOf } from '../../components/SortHeader.tsx';
import { distinctNames } from '../units/unit-names.ts';

export interface HeatCell {
  attainment: number | null;
  status: FigureStatus;
  note?: FigureNote;
}

export interface HeatRow {
  code: string;
  name: string;
  cells: Record<string, HeatCell>;
}

export interface HeatmapModel {
  columns: Kpi[];
  rows: HeatRow[];
}

/** KPIs the units of a tier can have a figure for: reported at that tier or below it. */
export function heatmapCandidates(kpis: readonly Kpi[], tier: number | undefined): Kpi[] {
  if (tier === undefined) return [];
  return kpis.filter((k) => !k.retired && followsKpi(k, tier));
}

/**
 * Rows in the map's order of the units below; a column for each KPI whose breakdown gives some
 * unit a target (targets are set per tier and from a period on, so the reply says which).
 */
export function buildHeatmap(
  units: readonly Pick<UnitRef, 'code' | 'name'>[],
  candidates: readonly Kpi[],
  replies: readonly (BreakdownReply | undefined)[],
): HeatmapModel {
  const columns: Kpi[] = [];
  const byKpi = new Map<string, Map<string, HeatCell>>();
  candidates.forEach((k, i) => {
    const reply = replies[i];
    if (!reply?.rows.some((r) => r.target !== null)) return;
    columns.push(k);
    byKpi.set(
      k.code,
      new Map(
        reply.rows.map((r) => [
          r.code,
          { attainment: r.target === null ? null : r.attainment, status: r.status, ...(r.note ? { note: r.note } : {}) },
        ]),
      ),
    );
  });
  const names = distinctNames(units);
  const rows = units.map((u) => {
    const cells: Record<string, HeatCell> = {};
    for (const k of columns) cells[k.code] = byKpi.get(k.code)?.get(u.code) ?? { attainment: null, status: 'no_target' };
    return { code: u.code, name: names.get(u.code) ?? u.name, cells };
  });
  return { columns, rows };
}

export type HeatSort = { column: string; dir: 'asc' | 'desc' };

/** The default order: furthest behind first on the first column, so the units to ask about lead. */
export function defaultHeatSort(model: HeatmapModel): HeatSort {
  const first = model.columns[0];
  return first ? { column: first.code, dir: 'asc' } : { column: 'name', dir: 'asc' };
}

/** Sorts by name, or by a KPI's attainment; units without one last whichever way. */
export function sortHeatRows(rows: readonly HeatRow[], sort: HeatSort, locale: string): HeatRow[] {
  const collator = new Intl.Collator(locale === 'en' ? 'en' : 'vi');
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (sort.column === 'name') return sign * collator.compare(a.name, b.name);
    const x = a.cells[sort.column]?.attainment ?? null;
    const y = b.cells[sort.column]?.attainment ?? null;
    if (x === null || y === null) return (x === null ? 1 : 0) - (y === null ? 1 : 0) || collator.compare(a.name, b.name);
    return sign * (x - y) || collator.compare(a.name, b.name);
  });
}

/** The next order when a column header is pressed: the same column flips, a new one starts worst first. */
export function nextHeatSort(current: HeatSort, column: string): HeatSort {
  return nextSortOf(current, column, 'asc');
}
