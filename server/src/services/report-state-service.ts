/**
 * Who reported for a period, and when: completeness (units that submitted / units expected to)
 * and timeliness (submitted by the deadline). A unit that did not exist in a period, or whose
 * level reports no KPI, is not expected in it.
 */
import { type CompletenessReply, isOnTime, type PeriodWindow } from '@tiendo/shared';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { ormOf, type Sqlite } from '../db/client.ts';
import { reports } from '../db/schema.ts';
import { type CatalogService, childrenAt, isActiveKpi, isValidAt, type UnitNode, unitAtView } from './catalog-service.ts';
import type { SettingsService } from './settings-service.ts';

export type ReportState = 'on_time' | 'late' | 'missing' | 'not_expected';

/** Submitted and approved reports count; drafts and returned reports do not. */
const COUNTED: (typeof reports.$inferSelect.state)[] = ['submitted', 'approved'];

export class ReportStateService {
  private readonly s;

  constructor(
    sqlite: Sqlite,
    private readonly catalog: CatalogService,
    private readonly settings: SettingsService,
  ) {
    const orm = ormOf(sqlite);
    const ph = sql.placeholder;
    const counted = inArray(reports.state, COUNTED);
    this.s = {
      submitted: orm
        .select({ unitId: reports.unitId, submittedAt: reports.submittedAt })
        .from(reports)
        .where(and(eq(reports.period, ph('period')), counted))
        .prepare(),
      one: orm
        .select({ submittedAt: reports.submittedAt })
        .from(reports)
        .where(and(eq(reports.unitId, ph('unitId')), eq(reports.period, ph('period')), counted))
        .prepare(),
    };
  }

  reportingLevels(period: string): Set<number> {
    const levels = new Set<number>();
    for (const k of this.catalog.get().kpis) if (isActiveKpi(k, period)) for (const l of k.reportLevels) levels.add(l);
    return levels;
  }

  window(period: string): PeriodWindow {
    return this.settings.window(period);
  }

  private classify(submittedAt: string | null | undefined, window: PeriodWindow): ReportState {
    if (!submittedAt) return 'missing';
    return isOnTime(submittedAt, window) ? 'on_time' : 'late';
  }

  statesFor(units: UnitNode[], period: string): Map<number, ReportState> {
    const levels = this.reportingLevels(period);
    const window = this.window(period);
    const out = new Map<number, ReportState>();
    for (const u of units) {
      if (!levels.has(u.level) || !isValidAt(u, period)) out.set(u.id, 'not_expected');
      else out.set(u.id, this.classify(this.s.one.get({ unitId: u.id, period })?.submittedAt, window));
    }
    return out;
  }

  /**
   * Who was expected to report in `period` below `unit`, read on the map of `mapPeriod` (today's
   * map, or the period's own): only units that existed in `period` are expected.
   */
  completeness(unit: UnitNode, period: string, limit: number, mapPeriod: string = period): CompletenessReply {
    const cat = this.catalog.get();
    const levels = this.reportingLevels(period);
    const window = this.window(period);
    const submitted = new Map<number, string | null>();
    for (const r of this.s.submitted.all({ period })) {
      submitted.set(r.unitId, r.submittedAt);
    }
    const parentName = new Map<number, string | null>();
    const byLevel = new Map<number, { expected: number; reported: number; onTime: number; late: number }>();
    const missing: UnitNode[] = [];
    const walk = (u: UnitNode) => {
      for (const c of childrenAt(cat, u, mapPeriod)) {
        parentName.set(c.id, unitAtView(u, mapPeriod).name);
        if (levels.has(c.level) && isValidAt(c, period)) {
          const s = byLevel.get(c.level) ?? { expected: 0, reported: 0, onTime: 0, late: 0 };
          s.expected++;
          const state = this.classify(submitted.get(c.id), window);
          if (state === 'missing') missing.push(c);
          else {
            s.reported++;
            if (state === 'on_time') s.onTime++;
            else s.late++;
          }
          byLevel.set(c.level, s);
        }
        walk(c);
      }
    };
    walk(unit);
    const totals = { expected: 0, reported: 0, onTime: 0, late: 0 };
    for (const s of byLevel.values()) {
      totals.expected += s.expected;
      totals.reported += s.reported;
      totals.onTime += s.onTime;
      totals.late += s.late;
    }
    return {
      unit: unitAtView(unit, mapPeriod),
      period,
      deadline: window.deadline,
      ...totals,
      completeness: totals.expected === 0 ? null : (totals.reported / totals.expected) * 100,
      timeliness: totals.expected === 0 ? null : (totals.onTime / totals.expected) * 100,
      byLevel: [...byLevel.entries()].sort(([a], [b]) => a - b).map(([level, s]) => ({ level, ...s, missing: s.expected - s.reported })),
      missingTotal: missing.length,
      missing: missing.slice(0, limit).map((m) => ({ ...unitAtView(m, mapPeriod), parentName: parentName.get(m.id) ?? null })),
    };
  }
}
