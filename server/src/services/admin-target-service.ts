/**
 * Targets, edited by the secretariat of the top unit or an admin, and read by everyone signed in
 * (within their scope). Targets never rewrite the past: a change is a new row from its period,
 * a past period changes only by an explicit correction with its reason (see `targets` in the
 * schema). Each change bumps the catalogue version inside its transaction.
 */
import { formatPeriodText, type Target, type TargetCorrectionBody, type TargetInput, type TargetsReply } from '@tiendo/shared';
import { ormOf, type Sqlite } from '../db/client.ts';
import { targets as targetRows } from '../db/schema.ts';
import { ValidationError } from '../errors.ts';
import { tiersOf } from './admin-kpi-service.ts';
import { requireTopAdmin } from './admin-scope.ts';
import { actorOf } from './admin-user-service.ts';
import type { AuditService } from './audit-service.ts';
import type { Principal } from './auth-service.ts';
import { bumpCatalogVersion, type CatalogService, isValidAt, scopeRowAt, unitByCodeAt } from './catalog-service.ts';
import type { SettingsService } from './settings-service.ts';
import { historyOf, sameScope, scopeKey, scopesOf, unitCodeAt, unitRefOf, visibleTargets, type Write } from './target-rows.ts';

export class AdminTargetService {
  constructor(
    private readonly sqlite: Sqlite,
    private readonly catalog: CatalogService,
    private readonly audit: AuditService,
    private readonly settings: SettingsService,
  ) {}

  /**
   * The targets in force at the open period and every target row ever written. With a `viewer`,
   * only tiers' targets and those of units in the viewer's scope (in a period the row is about):
   * a reporter sees its own unit's and its tier's targets, not another district's.
   */
  targets(code: string, viewer: Principal | null = null): TargetsReply {
    const kpi = this.catalog.kpi(code);
    const cat = this.catalog.get();
    const open = this.settings.currentPeriod();
    const all = cat.targets.get(kpi.id) ?? [];
    const rows = viewer === null ? all : visibleTargets(all, cat, viewer, open);
    const current: Target[] = [];
    for (const scope of scopesOf(rows, cat)) {
      const unit = scope.unitId === null ? null : (cat.units.get(scope.unitId) ?? null);
      if (unit && !isValidAt(unit, open)) continue;
      const t = scopeRowAt(rows, scope.has, open);
      if (!t || t.removed) continue;
      current.push({
        id: t.id,
        unit: unit && unitRefOf(unit, open),
        level: t.level,
        value: t.value,
        deadline: t.deadline,
        from: t.validFrom,
        createdAt: t.createdAt,
        createdBy: t.createdBy,
      });
    }
    return { kpi: kpi.code, open, current, history: historyOf(rows, cat) };
  }

  /**
   * Sets the targets in force from each item's `from` (default: the open period) on. Nothing is
   * rewritten: a changed or new target is a new row from its period, one the body no longer
   * lists ends with a removal from the open period, an unchanged one writes nothing. Periods
   * before the open one are left as they were judged (see `correctTarget`).
   */
  replaceTargets(p: Principal, code: string, list: TargetInput[], ip: string | null): TargetsReply {
    requireTopAdmin(p);
    const kpi = this.catalog.kpi(code);
    const cat = this.catalog.get();
    const open = this.settings.currentPeriod();
    const wanted = list.map((t) => {
      const from = t.from ?? open;
      if (from < open) {
        throw new ValidationError(
          `Mục tiêu thay đổi từ kỳ đang mở (${formatPeriodText(open, 'vi')}) trở đi, không từ ${formatPeriodText(from, 'vi')}; sửa một kỳ đã qua bằng "Sửa số liệu kỳ đã qua" kèm lý do / ` +
            `a target changes from the open period (${formatPeriodText(open, 'en')}) on, not from ${formatPeriodText(from, 'en')}; a past period is changed by a correction with a reason`,
        );
      }
      return { ...this.scopeOf(t, from), value: t.value, deadline: t.deadline, from };
    });
    const seen = new Set<string>();
    for (const w of wanted) {
      const k = `${scopeKey(w)}@${w.from}`;
      if (seen.has(k)) {
        throw new ValidationError(
          'Hai mục tiêu cho cùng đơn vị/cấp từ cùng một kỳ / two targets for the same unit or level from the same period',
        );
      }
      seen.add(k);
    }
    wanted.sort((a, b) => a.from.localeCompare(b.from));

    // Decide against what holds, including the rows this body adds before each item.
    const rows = [...(cat.targets.get(kpi.id) ?? [])];
    let nextId = Math.max(0, ...rows.map((r) => r.id)) + 1;
    const writes: Write[] = [];
    const add = (w: Write) => {
      rows.push({
        id: nextId++,
        kpiId: kpi.id,
        unitId: w.unitId,
        level: w.level,
        value: w.value,
        deadline: w.deadline,
        createdAt: '',
        validFrom: w.from,
        validTo: null,
        removed: w.removed,
        correction: false,
        reason: null,
        createdBy: p.username,
      });
      writes.push(w);
    };
    for (const w of wanted) {
      const held = scopeRowAt(rows, (t) => sameScope(t, w), w.from, false);
      const was = held && !held.removed ? held : null;
      if (was && was.value === w.value && was.deadline === w.deadline) continue;
      add({ ...w, removed: false, was });
    }
    const listed = new Set(wanted.map(scopeKey));
    for (const scope of scopesOf(rows, cat)) {
      if (listed.has(scopeKey(scope))) continue;
      const unit = scope.unitId === null ? null : cat.units.get(scope.unitId);
      if (unit && !isValidAt(unit, open)) continue;
      const held = scopeRowAt(rows, scope.has, open, false);
      if (!held || held.removed) continue;
      add({ unitId: scope.unitId, level: scope.level, value: held.value, deadline: held.deadline, from: open, removed: true, was: held });
    }
    if (writes.length === 0) return this.targets(code);

    let after: TargetsReply | null = null;
    this.sqlite.transaction(() => {
      const orm = ormOf(this.sqlite);
      for (const w of writes) {
        orm
          .insert(targetRows)
          .values({
            kpiId: kpi.id,
            unitId: w.unitId,
            level: w.level,
            value: w.value,
            deadline: w.deadline,
            validFrom: w.from,
            removed: w.removed,
            createdBy: p.username,
          })
          .run();
      }
      bumpCatalogVersion(this.sqlite);
      after = this.targets(code);
      const who = (w: Write) => ({ unit: w.unitId === null ? null : unitCodeAt(cat, w.unitId, w.from), level: w.level, from: w.from });
      this.audit.record({
        actor: actorOf(p),
        action: 'kpi.targets',
        target: code,
        before: writes.map((w) => ({
          ...who(w),
          value: w.was?.value ?? null,
          deadline: w.was?.deadline ?? null,
          since: w.was?.validFrom ?? null,
        })),
        after: writes.map((w) => ({
          ...who(w),
          value: w.removed ? null : w.value,
          deadline: w.removed ? null : w.deadline,
          removed: w.removed,
        })),
        ip,
      });
    })();
    return after as unknown as TargetsReply;
  }

  /**
   * The explicit correction of one past period's target for a unit or tier: its own row, for that
   * period only, with the reason, audited with the target it replaces.
   */
  correctTarget(p: Principal, code: string, body: TargetCorrectionBody, ip: string | null): TargetsReply {
    requireTopAdmin(p);
    const kpi = this.catalog.kpi(code);
    const cat = this.catalog.get();
    const open = this.settings.currentPeriod();
    const { period } = body;
    if (period >= open) {
      throw new ValidationError(
        `Kỳ ${period} chưa qua: thay đổi mục tiêu từ kỳ đang mở (${open}) thay vì sửa / ` +
          `${period} is not a past period: change the target from the open period (${open}) instead`,
      );
    }
    const scope = this.scopeOf(body, period);
    const held = scopeRowAt(cat.targets.get(kpi.id) ?? [], (t) => sameScope(t, scope), period);
    const was = held && !held.removed ? held : null;
    if (was && was.value === body.value && was.deadline === body.deadline) {
      throw new ValidationError(
        `Mục tiêu ${formatPeriodText(period, 'vi')} đã là ${body.value} hạn ${formatPeriodText(body.deadline, 'vi')}: không có gì để sửa / ` +
          `the target of ${formatPeriodText(period, 'en')} is already ${body.value} by ${formatPeriodText(body.deadline, 'en')}: nothing to correct`,
      );
    }
    let after: TargetsReply | null = null;
    this.sqlite.transaction(() => {
      ormOf(this.sqlite)
        .insert(targetRows)
        .values({
          kpiId: kpi.id,
          unitId: scope.unitId,
          level: scope.level,
          value: body.value,
          deadline: body.deadline,
          validFrom: period,
          validTo: period,
          correction: true,
          reason: body.reason,
          createdBy: p.username,
        })
        .run();
      bumpCatalogVersion(this.sqlite);
      after = this.targets(code);
      const who = { period, unit: body.unit ?? null, level: scope.level };
      this.audit.record({
        actor: actorOf(p),
        action: 'kpi.target.correction',
        target: code,
        unitId: scope.unitId,
        before: {
          ...who,
          value: was?.value ?? null,
          deadline: was?.deadline ?? null,
          since: was?.validFrom ?? null,
          correction: was?.correction ?? false,
        },
        after: { ...who, value: body.value, deadline: body.deadline, reason: body.reason },
        ip,
      });
    })();
    return after as unknown as TargetsReply;
  }

  /** The unit (as its code names one in `period`) or tier a target is for. */
  private scopeOf(t: { unit?: string; level?: number }, period: string): { unitId: number | null; level: number | null } {
    const cat = this.catalog.get();
    if (t.unit !== undefined) {
      const u = unitByCodeAt(cat, t.unit, period);
      if (u) return { unitId: u.id, level: null };
      if (cat.unitsByCode.has(t.unit)) {
        throw new ValidationError(
          `Đơn vị "${t.unit}" không tồn tại trong ${formatPeriodText(period, 'vi')} / unit "${t.unit}" did not exist in ${formatPeriodText(period, 'en')}`,
        );
      }
      throw new ValidationError(`Không có đơn vị "${t.unit}" / no unit "${t.unit}"`);
    }
    if (!tiersOf(cat).has(t.level as number)) throw new ValidationError(`Không có cấp ${t.level} / there is no level ${t.level}`);
    return { unitId: null, level: t.level as number };
  }
}
