/**
 * The units directly below a unit, each with its figure for one KPI, ranked: the breakdown table,
 * the ranking and the heat map's rows. A unit that reported nothing this month is listed, unranked.
 */
import { type Basis, type BreakdownReply, type BreakdownRow, competitionRanks, followsKpi, rankKey } from '@tiendo/shared';
import { type CatalogService, isActiveKpi, type KpiDef, type UnitNode } from './catalog-service.ts';
import { at, type FigureHistories, type KpiHistory } from './figure-history.ts';
import { figureOf } from './figure-of.ts';
import { unitRef } from './map-view.ts';
import type { ProvenanceService } from './provenance.ts';
import type { ReportStateService } from './report-state-service.ts';
import { noteFor, type UnitNotesService } from './unit-notes.ts';

/**
 * The KPI whose denominator counts a unit's citizen records: the population that "per 1,000
 * inhabitants" divides by, so a large commune does not top a ranking by its size alone.
 */
export const POPULATION_KPI = 'lam_sach_dan_cu';

/** What a breakdown is read from; the notes are those of the basis asked for. */
export interface BreakdownSources {
  catalog: CatalogService;
  reportStates: ReportStateService;
  histories: FigureHistories;
  provenance: ProvenanceService;
  notes: UnitNotesService;
  /**
   * What every KPI's breakdown of the same unit and period reads alike (who reported, the
   * populations, the notes), worked out once for all of them and kept as the replies are.
   */
  shared: <T>(part: string, compute: () => T) => T;
}

/** The breakdown of `unit`'s children on the map of `mapPeriod`, for `kpi` in `period`, on a basis. */
export function breakdownOf(
  src: BreakdownSources,
  basis: Basis,
  unit: UnitNode,
  kpi: KpiDef,
  period: string,
  mapPeriod: string,
): BreakdownReply {
  const children = src.catalog.childrenAt(unit, mapPeriod);
  const states = src.shared('states', () => src.reportStates.statesFor(children, period));
  const histories = src.histories.windowed(basis, children, [kpi], period);
  const populations = src.shared('populations', () => populationsOf(src, basis, children, period));
  const notes = src.shared('notes', () =>
    src.notes.of(
      children.map((c) => c.id),
      period,
    ),
  );
  const rows: BreakdownRow[] = children.map((c) => {
    const f = figureOf(src.catalog, src.provenance, basis, c, (histories.get(c.id) ?? [])[0] as KpiHistory, period);
    const row: BreakdownRow = {
      ...unitRef(c, mapPeriod),
      value: f.value,
      target: f.target ?? null,
      attainment: f.attainment ?? null,
      status: f.status,
      rank: null,
      change: f.change ?? null,
      population: populations.get(c.id) ?? null,
      carried: f.carried,
      reportState: states.get(c.id) ?? 'not_expected',
    };
    if (f.rebuilt) {
      row.rebuilt = true;
      row.estimated = f.estimated ?? false;
    }
    if (kpi.kind === 'ratio') {
      row.numerator = f.value === null ? null : (f.numerator ?? null);
      row.denominator = f.value === null ? null : (f.denominator ?? null);
    }
    if (f.cumulative !== undefined) row.cumulative = f.cumulative;
    if (f.units) row.units = f.units;
    const note = noteFor(notes.get(c.id), kpi.code);
    if (note) row.note = note;
    return row;
  });
  rankRows(kpi, rows);
  // Ranked rows first, best first; rows that share a rank and the unranked ones keep the map's order.
  const order = new Map(rows.map((r, i) => [r, i]));
  rows.sort(
    (a, b) => (a.rank ?? Number.POSITIVE_INFINITY) - (b.rank ?? Number.POSITIVE_INFINITY) || (order.get(a) ?? 0) - (order.get(b) ?? 0),
  );
  return { unit: unitRef(unit, mapPeriod), kpi: kpi.code, period, rows };
}

/**
 * Each unit's citizen records in a period (the population KPI's denominator: its own report,
 * its carried level, or the roll-up of the units below); absent where it has none.
 */
function populationsOf(src: BreakdownSources, basis: Basis, units: UnitNode[], period: string): Map<number, number> {
  const out = new Map<number, number>();
  const kpi = src.catalog.get().kpis.find((k) => k.code === POPULATION_KPI && k.kind === 'ratio' && isActiveKpi(k, period));
  if (!kpi) return out;
  for (const u of units) {
    if (!followsKpi(kpi, u.level)) continue;
    const p = at(src.histories.rowsOf(basis, u, kpi, period, period), period);
    if (p.amount && p.amount.denominator > 0) out.set(u.id, p.amount.denominator);
  }
  return out;
}

/** Standard competition ranking (1, 2, 2, 4) on the measure as printed: the shared rule the dashboard ranks by too. */
function rankRows(kpi: Pick<KpiDef, 'kind' | 'higherIsBetter'>, rows: BreakdownRow[]): void {
  for (const r of competitionRanks(rows, (row) => rankKey(kpi.kind, row), kpi.higherIsBetter)) r.item.rank = r.rank;
}
