/**
 * How an aggregate was made: of the units whose own figures flow into it (the first unit down
 * each branch that reports the KPI), how many were expected in the period, how many reported in
 * it, and how many count with a level carried from an earlier month. "99,93 % — 256 of 5,247
 * teams reported this month, the rest carried" is said from these three numbers.
 */
import type { Sqlite } from '../db/client.ts';
import { type Catalog, type CatalogService, childrenAt, type KpiDef, type UnitNode } from './catalog-service.ts';
import { periodDataVersion } from './data-version.ts';
import type { FigureTables } from './rollup-service.ts';

export interface ReportedCount {
  /** Units expected to report the KPI in the period whose figures flow into this one. */
  expected: number;
  /** Of them, those with their own figure for this very period. */
  reported: number;
}

export class ProvenanceService {
  private readonly ownAt;
  private readonly version: (period: string) => string;
  /** Own figures of one period by KPI, per data version of that period: one indexed read per period. */
  private readonly cache = new Map<string, { stamp: string; byKpi: Map<number, Set<number>> }>();

  constructor(
    sqlite: Sqlite,
    private readonly catalog: CatalogService,
    t: FigureTables,
  ) {
    this.ownAt = sqlite.prepare(`SELECT kpi_id AS kpiId, unit_id AS unitId FROM ${t.figures} WHERE period = ?`);
    this.version = periodDataVersion(sqlite);
  }

  private reportedIn(period: string): Map<number, Set<number>> {
    const stamp = this.version(period);
    const hit = this.cache.get(period);
    if (hit && hit.stamp === stamp) return hit.byKpi;
    const byKpi = new Map<number, Set<number>>();
    for (const r of this.ownAt.all(period) as { kpiId: number; unitId: number }[]) {
      const set = byKpi.get(r.kpiId) ?? new Set<number>();
      set.add(r.unitId);
      byKpi.set(r.kpiId, set);
    }
    if (this.cache.size > 48) this.cache.clear();
    this.cache.set(period, { stamp, byKpi });
    return byKpi;
  }

  /** For an aggregate of `unit` in `period` (on that period's map). */
  of(unit: UnitNode, kpi: KpiDef, period: string): ReportedCount {
    const cat: Catalog = this.catalog.get();
    const reported = this.reportedIn(period).get(kpi.id);
    const out = { expected: 0, reported: 0 };
    const walk = (u: UnitNode) => {
      for (const c of childrenAt(cat, u, period)) {
        if (kpi.reportLevels.includes(c.level)) {
          out.expected++;
          if (reported?.has(c.id)) out.reported++;
        } else walk(c);
      }
    };
    walk(unit);
    return out;
  }
}
