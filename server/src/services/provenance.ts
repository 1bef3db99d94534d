/**
 * How an aggregate was made: of the units whose own figures flow into it (the first unit down
 * each branch that reports the KPI), how many were expected in the period, how many reported in
 * it, and how many count with a level carried from an earlier month. "99,93 % — 256 of 5,247
 * teams reported this month, the rest carried" is said from these three numbers.
 */
import type { Basis } from '@tiendo/shared';
import type { Sqlite } from '../db/client.ts';
import { type Catalog, type CatalogService, childrenAt, type KpiDef, type UnitNode } from './catalog-service.ts';
import { periodDataVersion } from './data-version.ts';
import { FigureStore } from './figure-store.ts';

export interface ReportedCount {
  /** Units expected to report the KPI in the period whose figures flow into this one. */
  expected: number;
  /** Of them, those with their own figure for this very period. */
  reported: number;
}

export class ProvenanceService {
  private readonly version: (period: string) => string;
  /** Own figures of one period by KPI, per basis and data version of that period: one indexed read per period. */
  private readonly cache = new Map<string, { stamp: string; byKpi: Map<number, Set<number>> }>();

  constructor(
    private readonly sqlite: Sqlite,
    private readonly catalog: CatalogService,
  ) {
    this.version = periodDataVersion(sqlite);
  }

  private reportedIn(basis: Basis, period: string): Map<number, Set<number>> {
    const stamp = this.version(period);
    const key = `${basis}:${period}`;
    const hit = this.cache.get(key);
    if (hit && hit.stamp === stamp) return hit.byKpi;
    const byKpi = new Map<number, Set<number>>();
    for (const r of FigureStore.of(this.sqlite, basis).reportedIn(period)) {
      const set = byKpi.get(r.kpiId) ?? new Set<number>();
      set.add(r.unitId);
      byKpi.set(r.kpiId, set);
    }
    if (this.cache.size > 96) this.cache.clear();
    this.cache.set(key, { stamp, byKpi });
    return byKpi;
  }

  /** For an aggregate of `unit` in `period` (on that period's map), on a basis. */
  of(basis: Basis, unit: UnitNode, kpi: KpiDef, period: string): ReportedCount {
    const cat: Catalog = this.catalog.get();
    const reported = this.reportedIn(basis, period).get(kpi.id);
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
