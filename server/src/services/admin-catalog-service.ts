/**
 * The KPI catalogue, checklist items and targets, edited by the secretariat of the top unit or an
 * admin. Each change bumps the catalogue version inside its transaction, so every server process
 * (and the figures API, the dashboard and reports) uses it from the next request on.
 */
import type { KpiCreateBody, KpiDetail, KpiItemInput, KpiPatchBody, Target, TargetInput, TargetsReply } from '@tiendo/shared';
import type { Sqlite } from '../db/client.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import { requireTopAdmin } from './admin-scope.ts';
import { actorOf } from './admin-user-service.ts';
import type { AuditService } from './audit-service.ts';
import type { Principal } from './auth-service.ts';
import { bumpCatalogVersion, type CatalogService, type KpiDef, kpiReply } from './catalog-service.ts';
import type { RollupService } from './rollup-service.ts';

export class AdminCatalogService {
  constructor(
    private readonly sqlite: Sqlite,
    private readonly catalog: CatalogService,
    private readonly rollups: RollupService,
    private readonly audit: AuditService,
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
        `Không thể đổi loại chỉ tiêu: đã có ${n} số liệu từ kỳ ${first} / the kind cannot change: ${n} figures exist since ${first}`,
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

  targets(code: string): TargetsReply {
    const kpi = this.catalog.kpi(code);
    const { units } = this.catalog.get();
    const list = [...(this.catalog.get().targets.get(kpi.id) ?? [])].sort(
      (a, b) =>
        (a.level ?? units.get(a.unitId ?? 0)?.level ?? 0) - (b.level ?? units.get(b.unitId ?? 0)?.level ?? 0) ||
        a.createdAt.localeCompare(b.createdAt) ||
        a.id - b.id,
    );
    return {
      kpi: kpi.code,
      targets: list.map((t): Target => {
        const u = t.unitId === null ? undefined : units.get(t.unitId);
        return {
          id: t.id,
          unit: u ? { code: u.code, name: u.name, level: u.level, type: u.type } : null,
          level: t.level,
          value: t.value,
          deadline: t.deadline,
          createdAt: t.createdAt,
        };
      }),
    };
  }

  /**
   * Replaces the KPI's targets with the list. Unchanged targets keep their row (and their age);
   * changed or new ones are inserted now, so they are the newest and win where they apply.
   */
  replaceTargets(p: Principal, code: string, list: TargetInput[], ip: string | null): TargetsReply {
    requireTopAdmin(p);
    const kpi = this.catalog.kpi(code);
    const { unitsByCode } = this.catalog.get();
    const levels = this.hierarchyLevels();
    const wanted = list.map((t) => {
      if (t.unit !== undefined) {
        const u = unitsByCode.get(t.unit)?.at(-1);
        if (!u) throw new ValidationError(`Không có đơn vị "${t.unit}" / no unit "${t.unit}"`);
        return { unitId: u.id, level: null, value: t.value, deadline: t.deadline };
      }
      if (!levels.has(t.level as number)) throw new ValidationError(`Không có cấp ${t.level} / there is no level ${t.level}`);
      return { unitId: null, level: t.level as number, value: t.value, deadline: t.deadline };
    });
    const scopeKey = (t: { unitId: number | null; level: number | null; deadline: string }) =>
      `${t.unitId ?? ''}|${t.level ?? ''}|${t.deadline}`;
    const seen = new Set<string>();
    for (const t of wanted) {
      if (seen.has(scopeKey(t))) {
        throw new ValidationError('Hai mục tiêu trùng đơn vị/cấp và kỳ hạn / two targets for the same unit or level and deadline');
      }
      seen.add(scopeKey(t));
    }
    const before = this.targets(code);
    const fullKey = (t: { unitId: number | null; level: number | null; value: number; deadline: string }) => `${scopeKey(t)}|${t.value}`;
    const existing = this.catalog.get().targets.get(kpi.id) ?? [];
    const keep = new Set<number>();
    const toInsert = wanted.filter((w) => {
      const match = existing.find((e) => !keep.has(e.id) && fullKey(e) === fullKey(w));
      if (match) keep.add(match.id);
      return !match;
    });
    const toDelete = existing.filter((e) => !keep.has(e.id));
    if (toInsert.length === 0 && toDelete.length === 0) return before;
    let after: TargetsReply | null = null;
    this.sqlite.transaction(() => {
      const del = this.sqlite.prepare('DELETE FROM targets WHERE id = ?');
      for (const d of toDelete) del.run(d.id);
      const ins = this.sqlite.prepare('INSERT INTO targets (kpi_id, unit_id, level, value, deadline) VALUES (?, ?, ?, ?, ?)');
      for (const t of toInsert) ins.run(kpi.id, t.unitId, t.level, t.value, t.deadline);
      bumpCatalogVersion(this.sqlite);
      after = this.targets(code);
      const plain = (r: TargetsReply) =>
        r.targets.map((t) => ({ unit: t.unit?.code ?? null, level: t.level, value: t.value, deadline: t.deadline }));
      this.audit.record({ actor: actorOf(p), action: 'kpi.targets', target: code, before: plain(before), after: plain(after), ip });
    })();
    return after as unknown as TargetsReply;
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
