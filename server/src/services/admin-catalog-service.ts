/**
 * The KPI catalogue, checklist items and targets, edited by the secretariat of the top unit or an
 * admin. Each change bumps the catalogue version inside its transaction, so every server process
 * (and the figures API, the dashboard and reports) uses it from the next request on.
 */
import {
  addMonths,
  formatPeriodText,
  type KpiCreateBody,
  type KpiDetail,
  type KpiItemInput,
  type KpiPatchBody,
  type Target,
  type TargetCorrectionBody,
  type TargetHistoryEntry,
  type TargetInput,
  type TargetsReply,
} from '@tiendo/shared';
import { ormOf, type Sqlite } from '../db/client.ts';
import { targets as targetRows } from '../db/schema.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import { requireTopAdmin } from './admin-scope.ts';
import { actorOf } from './admin-user-service.ts';
import type { AuditService } from './audit-service.ts';
import type { Principal } from './auth-service.ts';
import {
  bumpCatalogVersion,
  type Catalog,
  type CatalogService,
  isValidAt,
  type KpiDef,
  kpiReply,
  scopeRowAt,
  type TargetDef,
  type UnitNode,
  unitAtView,
  unitByCodeAt,
} from './catalog-service.ts';
import type { RollupService } from './rollup-service.ts';
import { isInScopeAt } from './scope.ts';
import type { SettingsService } from './settings-service.ts';

export class AdminCatalogService {
  constructor(
    private readonly sqlite: Sqlite,
    private readonly catalog: CatalogService,
    private readonly rollups: RollupService,
    private readonly audit: AuditService,
    private readonly settings: SettingsService,
  ) {}

  kpiDetail(code: string): KpiDetail {
    return this.detail(this.catalog.kpi(code));
  }

  createKpi(p: Principal, body: KpiCreateBody, ip: string | null): KpiDetail {
    requireTopAdmin(p);
    if (this.catalog.get().kpisByCode.has(body.code)) {
      throw new ConflictError(`Mã chỉ tiêu "${body.code}" đã có / KPI code "${body.code}" is taken`);
    }
    this.requireGroup(body.group);
    this.requireLevels(body.reportLevels);
    const ratioMode = this.ratioModeFor(body.kind, body.ratioMode ?? null);
    if (body.kind !== 'checklist' && body.items?.length) {
      throw new ValidationError('Chỉ chỉ tiêu dạng danh mục mới có các mục / only checklist KPIs have items');
    }
    const order =
      body.order ??
      ((this.sqlite.prepare('SELECT MAX(sort_order) FROM kpis WHERE group_code = ?').pluck().get(body.group) as number | null) ?? 0) + 1;
    let detail: KpiDetail | null = null;
    this.sqlite.transaction(() => {
      const id = Number(
        this.sqlite
          .prepare(
            `INSERT INTO kpis (code, name, name_en, unit, unit_en, kind, ratio_mode, report_levels, higher_is_better, group_code, sort_order)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            body.code,
            body.name,
            body.nameEn,
            body.unit,
            body.unitEn,
            body.kind,
            ratioMode,
            JSON.stringify(uniqueSorted(body.reportLevels)),
            body.higherIsBetter ? 1 : 0,
            body.group,
            order,
          ).lastInsertRowid,
      );
      this.applyItems(id, [], body.items ?? []);
      bumpCatalogVersion(this.sqlite);
      detail = this.detail(this.catalog.kpi(body.code));
      this.audit.record({ actor: actorOf(p), action: 'kpi.create', target: body.code, after: detail, ip });
    })();
    return detail as unknown as KpiDetail;
  }

  updateKpi(p: Principal, code: string, patch: KpiPatchBody, ip: string | null): KpiDetail {
    requireTopAdmin(p);
    const kpi = this.catalog.kpi(code);
    const before = this.detail(kpi);
    const kind = patch.kind ?? kpi.kind;
    const ratioMode = this.ratioModeFor(kind, patch.ratioMode === undefined ? (kind === 'ratio' ? kpi.ratioMode : null) : patch.ratioMode);
    if ((kind !== kpi.kind || ratioMode !== kpi.ratioMode) && before.hasFigures) {
      const { n, first } = this.figureSpan(kpi.id);
      throw new ConflictError(
        `Không thể đổi loại chỉ tiêu: đã có ${n} số liệu từ ${formatPeriodText(first, 'vi')} / the kind cannot change: ${n} figures exist since ${formatPeriodText(first, 'en')}`,
        { figures: n, since: first },
      );
    }
    if (patch.group !== undefined) this.requireGroup(patch.group);
    if (patch.reportLevels !== undefined) this.requireLevels(patch.reportLevels);
    if (kind !== 'checklist' && patch.items?.length) {
      throw new ValidationError('Chỉ chỉ tiêu dạng danh mục mới có các mục / only checklist KPIs have items');
    }
    const levels = patch.reportLevels === undefined ? kpi.reportLevels : uniqueSorted(patch.reportLevels);
    const levelsChanged = JSON.stringify(levels) !== JSON.stringify(kpi.reportLevels);
    let after: KpiDetail | null = null;
    this.sqlite.transaction(() => {
      this.sqlite
        .prepare(
          `UPDATE kpis SET name = ?, name_en = ?, unit = ?, unit_en = ?, kind = ?, ratio_mode = ?, report_levels = ?,
             higher_is_better = ?, group_code = ?, sort_order = ?, retired_from = ? WHERE id = ?`,
        )
        .run(
          patch.name ?? kpi.name,
          patch.nameEn ?? kpi.nameEn,
          patch.unit ?? kpi.unit,
          patch.unitEn ?? kpi.unitEn,
          kind,
          ratioMode,
          JSON.stringify(levels),
          (patch.higherIsBetter ?? kpi.higherIsBetter) ? 1 : 0,
          patch.group ?? kpi.groupCode,
          patch.order ?? kpi.order,
          patch.retiredFrom === undefined ? kpi.retiredFrom : patch.retiredFrom,
          kpi.id,
        );
      if (patch.items)
        this.applyItems(
          kpi.id,
          kpi.items.map((i) => i.code),
          patch.items,
        );
      bumpCatalogVersion(this.sqlite);
      const updated = this.catalog.kpi(code);
      // Who reports the KPI decides what the aggregates are made of: rebuild them with the change.
      if (levelsChanged && before.hasFigures) this.rollups.rebuildRollups(this.catalog.get(), new Date().toISOString(), [updated]);
      after = this.detail(updated);
      if (JSON.stringify(before) !== JSON.stringify(after)) {
        this.audit.record({ actor: actorOf(p), action: 'kpi.update', target: code, before, after, ip });
      }
    })();
    return after as unknown as KpiDetail;
  }

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
    if (!this.hierarchyLevels().has(t.level as number)) throw new ValidationError(`Không có cấp ${t.level} / there is no level ${t.level}`);
    return { unitId: null, level: t.level as number };
  }

  private detail(k: KpiDef): KpiDetail {
    const hasFigures = this.sqlite.prepare('SELECT 1 FROM figures WHERE kpi_id = ? LIMIT 1').pluck().get(k.id) !== undefined;
    return {
      ...kpiReply(k, this.catalog.get().groups),
      retiredFrom: k.retiredFrom,
      hasFigures,
      items: k.items.map((i) => ({
        code: i.code,
        name: i.name,
        nameEn: i.nameEn,
        lead: i.lead,
        order: i.order,
        retiredFrom: i.retiredFrom,
      })),
    };
  }

  /** Items are never deleted: a retired item stays, so past periods still show it as it was. */
  private applyItems(kpiId: number, existingCodes: string[], inputs: KpiItemInput[]): void {
    const codes = new Set(existingCodes);
    const given = inputs.map((i) => i.code).filter((c): c is string => c !== undefined);
    if (new Set(given).size !== given.length) throw new ValidationError('Hai mục trùng mã / two items with the same code');
    const prefix = /^([a-z_]*)/.exec(existingCodes[0] ?? '')?.[1] || 'm';
    let next = Math.max(0, ...existingCodes.map((c) => Number(/(\d+)$/.exec(c)?.[1] ?? 0))) + 1;
    let order = (this.sqlite.prepare('SELECT MAX(sort_order) FROM kpi_items WHERE kpi_id = ?').pluck().get(kpiId) as number | null) ?? 0;
    const existing = this.sqlite.prepare(
      'SELECT name_en AS nameEn, lead, sort_order AS "order", retired_from AS retiredFrom FROM kpi_items WHERE kpi_id = ? AND code = ?',
    );
    const update = this.sqlite.prepare(
      'UPDATE kpi_items SET name = ?, name_en = ?, lead = ?, sort_order = ?, retired_from = ? WHERE kpi_id = ? AND code = ?',
    );
    const insert = this.sqlite.prepare(
      'INSERT INTO kpi_items (kpi_id, code, name, name_en, lead, sort_order, retired_from) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    // Omitted fields keep their value; null or '' clears an optional one.
    const pick = <T>(given: T | undefined, kept: T) => (given === undefined ? kept : given);
    for (const it of inputs) {
      if (it.code !== undefined && codes.has(it.code)) {
        const was = existing.get(kpiId, it.code) as {
          nameEn: string | null;
          lead: string | null;
          order: number;
          retiredFrom: string | null;
        };
        update.run(
          it.name,
          pick(it.nameEn, was.nameEn) || null,
          pick(it.lead, was.lead) || null,
          pick(it.order, was.order),
          pick(it.retiredFrom, was.retiredFrom),
          kpiId,
          it.code,
        );
        continue;
      }
      let code = it.code;
      while (code === undefined || codes.has(code)) code = `${prefix}${String(next++).padStart(2, '0')}`;
      codes.add(code);
      order = it.order ?? order + 1;
      insert.run(kpiId, code, it.name, it.nameEn || null, it.lead || null, order, it.retiredFrom ?? null);
    }
  }

  private figureSpan(kpiId: number): { n: number; first: string } {
    const r = this.sqlite.prepare('SELECT COUNT(*) AS n, MIN(period) AS first FROM figures WHERE kpi_id = ?').get(kpiId) as {
      n: number;
      first: string;
    };
    return r;
  }

  private ratioModeFor(kind: KpiDef['kind'], mode: KpiDef['ratioMode']): KpiDef['ratioMode'] {
    if (kind === 'ratio' && mode === null) {
      throw new ValidationError('Chỉ tiêu tỷ lệ cần chọn dạng: mức (level) hay luồng (flow) / a ratio needs a mode: level or flow');
    }
    if (kind !== 'ratio' && mode !== null) {
      throw new ValidationError('Chỉ chỉ tiêu tỷ lệ mới có dạng tỷ lệ / only ratios have a ratio mode');
    }
    return mode;
  }

  private requireGroup(code: string): void {
    if (!this.catalog.get().groups.has(code)) throw new ValidationError(`Không có nhóm chỉ tiêu "${code}" / no KPI group "${code}"`);
  }

  private hierarchyLevels(): Set<number> {
    return new Set([...this.catalog.get().units.values()].map((u) => u.level));
  }

  private requireLevels(levels: number[]): void {
    const known = this.hierarchyLevels();
    const bad = levels.filter((l) => !known.has(l));
    if (bad.length) throw new ValidationError(`Không có cấp ${bad.join(', ')} / there is no level ${bad.join(', ')}`);
  }
}

function uniqueSorted(levels: number[]): number[] {
  return [...new Set(levels)].sort((a, b) => a - b);
}

interface Scope {
  unitId: number | null;
  level: number | null;
}

interface Write extends Scope {
  value: number;
  deadline: string;
  from: string;
  removed: boolean;
  /** What held for the unit or tier at `from` before the write. */
  was: TargetDef | null;
}

const scopeKey = (s: Scope) => (s.unitId === null ? `l${s.level}` : `u${s.unitId}`);
const sameScope = (t: Scope, s: Scope) => (s.unitId === null ? t.unitId === null && t.level === s.level : t.unitId === s.unitId);

/** The units and tiers that have target rows: tiers first, then units by tier and code. */
function scopesOf(rows: readonly TargetDef[], cat: Catalog): (Scope & { has: (t: TargetDef) => boolean })[] {
  const out = new Map<string, Scope>();
  for (const t of rows) out.set(scopeKey(t), { unitId: t.unitId, level: t.unitId === null ? t.level : null });
  const rank = (s: Scope) => {
    const u = s.unitId === null ? null : cat.units.get(s.unitId);
    return [u ? 1 : 0, u ? u.level : (s.level ?? 0), u?.code ?? ''] as const;
  };
  return [...out.values()]
    .sort((a, b) => {
      const [x, y] = [rank(a), rank(b)];
      return x[0] - y[0] || x[1] - y[1] || x[2].localeCompare(y[2]);
    })
    .map((s) => ({ ...s, has: (t: TargetDef) => sameScope(t, s) }));
}

/** A period inside the unit's life: the nearest one to `period`. */
function withinLife(u: UnitNode, period: string): string {
  if (u.validFrom !== null && period < u.validFrom) return u.validFrom;
  if (u.validTo !== null && period > u.validTo) return u.validTo;
  return period;
}

/**
 * The rows a viewer may see: every tier's, and a unit's (all of them, so its history reads whole)
 * when the unit is in the viewer's scope in the period of one of its rows or in the open period.
 */
function visibleTargets(rows: readonly TargetDef[], cat: Catalog, viewer: Principal, open: string): TargetDef[] {
  const seen = new Map<number, boolean>();
  const sees = (unitId: number) => {
    let ok = seen.get(unitId);
    if (ok === undefined) {
      const u = cat.units.get(unitId);
      const periods = [open, ...rows.filter((t) => t.unitId === unitId).map((t) => t.validFrom ?? u?.validFrom ?? open)];
      ok = u !== undefined && periods.some((p) => isInScopeAt(cat, viewer, u, withinLife(u, p)));
      seen.set(unitId, ok);
    }
    return ok;
  };
  return rows.filter((t) => t.unitId === null || sees(t.unitId));
}

function unitRefOf(u: UnitNode, period: string) {
  const v = unitAtView(u, period);
  return { code: v.code, name: v.name, level: v.level, type: v.type };
}

function unitCodeAt(cat: Catalog, unitId: number, period: string): string | null {
  const u = cat.units.get(unitId);
  return u ? unitAtView(u, period).code : null;
}

/**
 * Every row with the periods it decided: a standing row until the next one of its unit or tier
 * starts (or the unit ends), a correction for its one period.
 */
function historyOf(rows: readonly TargetDef[], cat: Catalog): TargetHistoryEntry[] {
  const out: TargetHistoryEntry[] = [];
  for (const scope of scopesOf(rows, cat)) {
    const unit = scope.unitId === null ? null : (cat.units.get(scope.unitId) ?? null);
    const mine = rows.filter(scope.has);
    const standing = mine.filter((t) => !t.correction).sort((a, b) => (a.validFrom ?? '').localeCompare(b.validFrom ?? '') || a.id - b.id);
    const entries = mine.map((t) => {
      let to: string | null = t.validTo;
      let superseded = false;
      if (t.correction) {
        superseded = mine.some((o) => o.correction && o.validFrom === t.validFrom && o.id > t.id);
      } else {
        const next = standing[standing.indexOf(t) + 1];
        if (next && (next.validFrom ?? '') === (t.validFrom ?? '')) superseded = true;
        else if (next) to = addMonths(next.validFrom as string, -1);
        if (!superseded && unit?.validTo && (to === null || to > unit.validTo)) to = unit.validTo;
        if (superseded) to = null;
      }
      return { t, to, superseded };
    });
    entries.sort((a, b) => (a.t.validFrom ?? '').localeCompare(b.t.validFrom ?? '') || a.t.id - b.t.id);
    for (const { t, to, superseded } of entries) {
      out.push({
        id: t.id,
        unit: unit && unitRefOf(unit, t.validFrom ?? unit.validFrom ?? unit.versions[0]?.from ?? '0000-01'),
        level: t.level,
        value: t.value,
        deadline: t.deadline,
        from: t.validFrom,
        to,
        removed: t.removed,
        correction: t.correction,
        superseded,
        reason: t.reason,
        createdBy: t.createdBy,
        createdAt: t.createdAt,
      });
    }
  }
  return out;
}
