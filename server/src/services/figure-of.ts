/**
 * A figure as the dashboards, the public API and the reports show it, made from a unit's history
 * of a KPI: the value, last month's, the running total, the target and the status it gives, where
 * the value comes from (own report, carried level, aggregate, rebuilt past) and how many units
 * below reported it.
 */
import { addMonths, assessStatus, type Basis, type Figure, periodRange, TREND_WINDOW, type TrendPoint } from '@tiendo/shared';
import type { CatalogService, UnitNode } from './catalog-service.ts';
import { at, type KpiHistory, measureOf } from './figure-history.ts';
import type { ProvenanceService } from './provenance.ts';

/** The figure of `unit` at `period` from its history `h` of one KPI, on a basis. */
export function figureOf(
  catalog: CatalogService,
  provenance: ProvenanceService,
  basis: Basis,
  unit: UnitNode,
  h: KpiHistory,
  period: string,
): Figure {
  const { kpi } = h;
  const now = at(h, period);
  const prev = at(h, addMonths(period, -1));
  const target = catalog.targetFor(kpi, unit, period);
  const trend: TrendPoint[] = [];
  for (const p of periodRange(addMonths(period, -(TREND_WINDOW - 1)), period)) {
    const m = measureOf(kpi, p === period ? now : at(h, p));
    if (m !== null) trend.push({ period: p, value: m });
  }
  const assessed = assessStatus({
    history: trend,
    period,
    target: target?.value ?? null,
    deadline: target?.deadline ?? null,
    higherIsBetter: kpi.higherIsBetter,
    ceiling: kpi.kind === 'ratio' ? 100 : kpi.kind === 'checklist' ? kpi.items.length : null,
  });
  const rebuilt = h.birth !== null && period < h.birth;
  const carried = kpi.carried && h.source === 'own' && !rebuilt && now.from !== null && now.from !== period;
  const f: Figure = {
    kpi: kpi.code,
    kind: kpi.kind,
    value: now.value,
    status: assessed.status,
    source: now.amount === null ? 'none' : h.source,
    carried,
    contributors: now.amount?.contributors ?? 0,
    updatedAt: now.updatedAt,
    previous: prev.value,
    change: now.value !== null && prev.value !== null ? now.value - prev.value : null,
  };
  if (carried && now.from) f.carriedFrom = now.from;
  if (h.source === 'aggregate' && !rebuilt && now.amount !== null) {
    const p = provenance.of(basis, unit, kpi, period);
    // Flows count only what came in this period; a level counts every unit's latest report.
    f.units = { expected: p.expected, reported: p.reported, carried: kpi.carried ? Math.max(0, f.contributors - p.reported) : 0 };
  }
  if (rebuilt) {
    f.rebuilt = true;
    f.estimated = h.estimated;
    if (f.source === 'own') f.source = 'aggregate';
  }
  if (kpi.kind === 'ratio') {
    f.numerator = now.amount?.numerator ?? 0;
    f.denominator = now.amount?.denominator ?? 0;
  }
  if (kpi.kind === 'checklist') {
    const active = kpi.items.filter((i) => i.retiredFrom === null || i.retiredFrom > period);
    f.items = active.map((i) => ({ code: i.code, name: i.name, done: now.amount?.items[i.code] ?? 0 }));
    f.itemsTotal = active.length;
  }
  if (kpi.kind === 'count' || (kpi.kind === 'ratio' && !kpi.carried)) f.cumulative = now.cumulative;
  if (target) {
    f.target = target.value;
    f.deadline = target.deadline;
    f.attainment = assessed.attainment;
    f.projection = assessed.projection;
  }
  return f;
}
