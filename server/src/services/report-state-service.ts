/**
 * Who reported for a period, and when: completeness (units that submitted / units expected to)
 * and timeliness (submitted by the deadline). A unit that did not exist in a period, or whose
 * level reports no KPI, is not expected in it.
 */
import { type CompletenessReply, isOnTime, type PeriodWindow, periodWindow } from '@tiendo/shared';
import type { Sqlite } from '../db/client.ts';
import { type CatalogService, isActiveKpi, isValidAt, type UnitNode } from './catalog-service.ts';
import type { SettingsService } from './settings-service.ts';

export type ReportState = 'on_time' | 'late' | 'missing' | 'not_expected';

/** Submitted and approved reports count; drafts and returned reports do not. */
const COUNTED = `('submitted', 'approved')`;

export class ReportStateService {
  private readonly s;

  constructor(
    sqlite: Sqlite,
    private readonly catalog: CatalogService,
    private readonly settings: SettingsService,
  ) {
    this.s = {
      submitted: sqlite.prepare(
        `SELECT r.unit_id AS unitId, r.submitted_at AS submittedAt
         FROM reports r JOIN units u ON u.id = r.unit_id
         WHERE r.period = ? AND r.state IN ${COUNTED} AND u.path LIKE ? || '%'`,
      ),
      one: sqlite.prepare(`SELECT submitted_at FROM reports WHERE unit_id = ? AND period = ? AND state IN ${COUNTED}`).pluck(),
    };
  }

  reportingLevels(period: string): Set<number> {
    const levels = new Set<number>();
    for (const k of this.catalog.get().kpis) if (isActiveKpi(k, period)) for (const l of k.reportLevels) levels.add(l);
    return levels;
  }

  window(period: string): PeriodWindow {
    return periodWindow(period, this.settings.reporting());
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
      else out.set(u.id, this.classify(this.s.one.get(u.id, period) as string | undefined, window));
    }
    return out;
  }

  completeness(unit: UnitNode, period: string, limit: number): CompletenessReply {
    const { units } = this.catalog.get();
    const levels = this.reportingLevels(period);
    const window = this.window(period);
    const submitted = new Map<number, string | null>();
    for (const r of this.s.submitted.all(period, unit.path) as { unitId: number; submittedAt: string | null }[]) {
      submitted.set(r.unitId, r.submittedAt);
    }
    const byLevel = new Map<number, { expected: number; reported: number; onTime: number; late: number }>();
    const missing: UnitNode[] = [];
    const walk = (u: UnitNode) => {
      for (const cid of u.children) {
        const c = units.get(cid) as UnitNode;
        if (!isValidAt(c, period)) continue;
        if (levels.has(c.level)) {
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
      unit: { code: unit.code, name: unit.name, level: unit.level, type: unit.type },
      period,
      deadline: window.deadline,
      ...totals,
      completeness: totals.expected === 0 ? null : (totals.reported / totals.expected) * 100,
      timeliness: totals.expected === 0 ? null : (totals.onTime / totals.expected) * 100,
      byLevel: [...byLevel.entries()].sort(([a], [b]) => a - b).map(([level, s]) => ({ level, ...s, missing: s.expected - s.reported })),
      missingTotal: missing.length,
      missing: missing.slice(0, limit).map((m) => ({
        code: m.code,
        name: m.name,
        level: m.level,
        type: m.type,
        parentName: m.parentId === null ? null : (units.get(m.parentId)?.name ?? null),
      })),
    };
  }
}
