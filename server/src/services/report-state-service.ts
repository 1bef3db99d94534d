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
import { periodDataVersion } from './data-version.ts';
import type { SettingsService } from './settings-service.ts';

export type ReportState = 'on_time' | 'late' | 'missing' | 'not_expected';

/** Submitted and approved reports count; drafts and returned reports do not. */
const COUNTED: (typeof reports.$inferSelect.state)[] = ['submitted', 'approved'];

/** Periods whose submissions are kept (each a map of a few thousand units, 80,000 nationally). */
const SUBMITTED_PERIODS = 8;
/** Up to this many units, their reports are looked up one by one (a point read each) rather than the period's read whole. */
export const ONE_BY_ONE = 200;

export class ReportStateService {
  private readonly s;
  /** The data version of a period: every report transition moves its period's (data-version.ts). */
  private readonly version: (period: string) => string;
  /** When each unit's counted report of a period was submitted, by period, with the version read. */
  private readonly submitted = new Map<string, { stamp: string; at: Map<number, string | null> }>();

  constructor(
    private readonly sqlite: Sqlite,
    private readonly catalog: CatalogService,
    private readonly settings: SettingsService,
  ) {
    this.version = periodDataVersion(sqlite);
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

  /**
   * When each of `units` submitted its counted report of the period (undefined: it has none).
   * A few units (a commune's teams) are looked up one by one; more than that, the period's
   * reports are read in one pass and kept until the period's data version moves. Before, every
   * completeness read the whole period: 25 ms for each commune of the Hanoi demo as leaders
   * drilled down, and as much again for the next one.
   */
  private submittedAt(units: readonly UnitNode[], period: string): (unitId: number) => string | null | undefined {
    const stamp = this.version(period);
    const hit = this.submitted.get(period);
    if (hit?.stamp === stamp) return (id) => hit.at.get(id);
    if (units.length <= ONE_BY_ONE) {
      const at = new Map(units.map((u) => [u.id, this.s.one.get({ unitId: u.id, period })?.submittedAt]));
      return (id) => at.get(id);
    }
    const at = this.submittedIn(period, stamp);
    return (id) => at.get(id);
  }

  /** Every counted report of the period, unit → submitted at; kept, except inside a transaction (it could be rolled back). */
  private submittedIn(period: string, stamp: string): Map<number, string | null> {
    const at = new Map<number, string | null>();
    for (const r of this.s.submitted.all({ period })) at.set(r.unitId, r.submittedAt);
    if (this.sqlite.inTransaction) return at;
    this.submitted.delete(period);
    if (this.submitted.size >= SUBMITTED_PERIODS) this.submitted.delete(this.submitted.keys().next().value as string);
    this.submitted.set(period, { stamp, at });
    return at;
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
    const expected = units.filter((u) => levels.has(u.level) && isValidAt(u, period));
    const submitted = this.submittedAt(expected, period);
    const out = new Map<number, ReportState>();
    for (const u of units) out.set(u.id, 'not_expected');
    for (const u of expected) out.set(u.id, this.classify(submitted(u.id), window));
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
    const parentName = new Map<number, string | null>();
    const expected: UnitNode[] = [];
    const walk = (u: UnitNode) => {
      for (const c of childrenAt(cat, u, mapPeriod)) {
        parentName.set(c.id, unitAtView(u, mapPeriod).name);
        if (levels.has(c.level) && isValidAt(c, period)) expected.push(c);
        walk(c);
      }
    };
    walk(unit);
    const submitted = this.submittedAt(expected, period);
    const byLevel = new Map<number, { expected: number; reported: number; onTime: number; late: number }>();
    const missing: UnitNode[] = [];
    for (const c of expected) {
      const s = byLevel.get(c.level) ?? { expected: 0, reported: 0, onTime: 0, late: 0 };
      s.expected++;
      const state = this.classify(submitted(c.id), window);
      if (state === 'missing') missing.push(c);
      else {
        s.reported++;
        if (state === 'on_time') s.onTime++;
        else s.late++;
      }
      byLevel.set(c.level, s);
    }
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
