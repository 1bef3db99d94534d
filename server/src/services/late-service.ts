/**
 * The units that have not sent this period's report: every reporting unit below, whose report is
 * not submitted or approved, with who to contact at each.
 */
import type { LateReply } from '@tiendo/shared';
import type { Sqlite } from '../db/client.ts';
import { type CatalogService, childrenAt, type UnitNode, unitAtView } from './catalog-service.ts';
import type { ReportStateService } from './report-state-service.ts';
import type { SettingsService } from './settings-service.ts';

export class LateService {
  constructor(
    private readonly sqlite: Sqlite,
    private readonly catalog: CatalogService,
    private readonly reportStates: ReportStateService,
    private readonly settings: SettingsService,
    private readonly today: () => string,
  ) {}

  late(code: string, period: string): LateReply {
    const unit = this.catalog.unitAt(code, period);
    const cat = this.catalog.get();
    const levels = this.reportStates.reportingLevels(period);
    const w = this.settings.window(period);
    const states = new Map(
      (
        this.sqlite.prepare(`SELECT r.unit_id AS id, r.state FROM reports r WHERE r.period = ?`).all(period) as {
          id: number;
          state: string;
        }[]
      ).map((r) => [r.id, r.state]),
    );
    const late: UnitNode[] = [];
    const parentName = new Map<number, string>();
    const walk = (u: UnitNode) => {
      for (const c of childrenAt(cat, u, period)) {
        parentName.set(c.id, unitAtView(u, period).name);
        const s = states.get(c.id);
        if (levels.has(c.level) && s !== 'submitted' && s !== 'approved') late.push(c);
        walk(c);
      }
    };
    walk(unit);
    const daysLate = Math.max(0, Math.round((Date.parse(this.today()) - Date.parse(w.deadline)) / 86_400_000));
    const contacts = this.sqlite.prepare(
      `SELECT username, display_name AS displayName, role FROM users WHERE unit_id = ? AND active = 1 AND role IN ('reporter', 'approver', 'secretariat')`,
    );
    const byLevel = new Map<number, number>();
    for (const u of late) byLevel.set(u.level, (byLevel.get(u.level) ?? 0) + 1);
    return {
      unit: unitAtView(unit, period),
      period,
      deadline: w.deadline,
      total: late.length,
      byLevel: [...byLevel.entries()].sort(([a], [b]) => a - b).map(([level, count]) => ({ level, count })),
      units: late.slice(0, 1000).map((u) => ({
        ...unitAtView(u, period),
        parentName: parentName.get(u.id) ?? null,
        state: (states.get(u.id) ?? 'not_started') as 'not_started' | 'draft' | 'returned',
        daysLate,
        contacts: contacts.all(u.id) as { username: string; displayName: string; role: string }[],
      })),
    };
  }
}
