/**
 * Who may make which transition of a unit's report now: the shared permissions
 * (`reportRights`) read on the period's map, with the period's phase from the calendar, and the
 * workflow's refusal (report-workflow.ts) turned into the error the caller is sent.
 */
import type { ReportState } from '@tiendo/shared';
import { type ReportRights, roleMay } from '@tiendo/shared/permissions';
import type { AppError } from '../errors.ts';
import type { Principal } from './auth-service.ts';
import { type CatalogService, isValidAt, type UnitNode } from './catalog-service.ts';
import { refusalError } from './report-refusals.ts';
import { refusal, type Transition } from './report-workflow.ts';
import { reportRightsAt } from './scope.ts';
import type { SettingsService } from './settings-service.ts';

export class ReportAccess {
  constructor(private readonly d: { catalog: CatalogService; settings: SettingsService }) {}

  /** What the caller may do with the report; `sender` is who sent it while it waits. */
  rights(p: Principal, unit: UnitNode, period: string, state: ReportState, sender: number | null): ReportRights {
    const s = this.d.settings;
    return reportRightsAt(this.d.catalog.get(), p, unit, period, {
      state,
      phase: s.phase(period),
      reportable: period >= s.programmeStart() && isValidAt(unit, period),
      sentByCaller: sender !== null && p.id === sender,
    });
  }

  /** Why `t` is refused now, as the error to send, or null. */
  problem(t: Transition, p: Principal, unit: UnitNode, period: string, state: ReportState, sender: number | null = null): AppError | null {
    const r = refusal(t, state, this.rights(p, unit, period, state, sender), asker(p, unit));
    return r ? refusalError(t, r) : null;
  }

  /**
   * Throws why `t` is refused. A caller who may not touch the report at all learns that before
   * anything about its version (`versionCheck`, asked next), and that before its state.
   */
  require(
    t: Transition,
    p: Principal,
    unit: UnitNode,
    period: string,
    state: ReportState,
    versionCheck: (() => void) | null = null,
    sender: number | null = null,
  ): void {
    const r = refusal(t, state, this.rights(p, unit, period, state, sender), asker(p, unit));
    if (r?.kind === 'not_yours' || r?.kind === 'reopen_role') throw refusalError(t, r);
    versionCheck?.();
    if (r) throw refusalError(t, r);
  }
}

function asker(p: Principal, unit: UnitNode) {
  return { reopens: roleMay(p.role, 'report.reopen'), decides: roleMay(p.role, 'report.decide'), own: unit.id === p.unit.id };
}
