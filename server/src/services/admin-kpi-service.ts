/**
 * The KPI catalogue and its checklist items, edited by the secretariat of the top unit or an
 * admin (targets are in `admin-target-service.ts`). Each change bumps the catalogue version inside
 * its transaction, so every server process (and the figures API, the dashboard and reports) uses
 * it from the next request on.
 */
import { formatPeriodText, type KpiCreateBody, type KpiDetail, type KpiItemInput, type KpiPatchBody } from '@tiendo/shared';
import { and, count, eq, max, min, sql } from 'drizzle-orm';
import { ormOf, type Sqlite } from '../db/client.ts';
import { figures, kpiItems, kpis } from '../db/schema.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import { requireTopAdmin } from './admin-scope.ts';
import { actorOf } from './admin-user-service.ts';
import type { AuditService } from './audit-service.ts';
import type { Principal } from './auth-service.ts';
import { bumpCatalogVersion, type Catalog, type CatalogService, type KpiDef, kpiReply } from './catalog-service.ts';
import { BASES, type RollupService } from './rollup-service.ts';

/** The tiers the map has (a target or a report level names one of them). */
export function tiersOf(cat: Catalog): Set<number> {
  return new Set([...cat.units.values()].map((u) => u.level));
}

export class AdminKpiService {
  private readonly orm;
  private readonly s;

  constructor(
    private readonly sqlite: Sqlite,
    private readonly catalog: CatalogService,
    private readonly rollups: RollupService,
    private readonly audit: AuditService,
  ) {
    this.orm = ormOf(sqlite);
    const kpiId = sql.placeholder('kpiId');
    this.s = {
      // Every KPI page asks: may its kind still change?
      hasFigures: this.orm.select({ one: sql`1` }).from(figures).where(eq(figures.kpiId, kpiId)).limit(1).prepare(),
      item: this.orm
        .select({ nameEn: kpiItems.nameEn, lead: kpiItems.lead, order: kpiItems.sortOrder, retiredFrom: kpiItems.retiredFrom })
        .from(kpiItems)
        .where(and(eq(kpiItems.kpiId, kpiId), eq(kpiItems.code, sql.placeholder('code'))))
        .prepare(),
    };
  }

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
      (this.orm
        .select({ last: max(kpis.sortOrder) })
        .from(kpis)
        .where(eq(kpis.groupCode, body.group))
        .get()?.last ?? 0) + 1;
    let detail: KpiDetail | null = null;
    this.sqlite.transaction(() => {
      const { id } = this.orm
        .insert(kpis)
        .values({
          code: body.code,
          name: body.name,
          nameEn: body.nameEn,
          unit: body.unit,
          unitEn: body.unitEn,
          kind: body.kind,
          ratioMode,
          reportLevels: JSON.stringify(uniqueSorted(body.reportLevels)),
          higherIsBetter: body.higherIsBetter,
          groupCode: body.group,
          sortOrder: order,
        })
        .returning({ id: kpis.id })
        .get();
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
      this.orm
        .update(kpis)
        .set({
          name: patch.name ?? kpi.name,
          nameEn: patch.nameEn ?? kpi.nameEn,
          unit: patch.unit ?? kpi.unit,
          unitEn: patch.unitEn ?? kpi.unitEn,
          kind,
          ratioMode,
          reportLevels: JSON.stringify(levels),
          higherIsBetter: patch.higherIsBetter ?? kpi.higherIsBetter,
          groupCode: patch.group ?? kpi.groupCode,
          sortOrder: patch.order ?? kpi.order,
          retiredFrom: patch.retiredFrom === undefined ? kpi.retiredFrom : patch.retiredFrom,
        })
        .where(eq(kpis.id, kpi.id))
        .run();
      if (patch.items)
        this.applyItems(
          kpi.id,
          kpi.items.map((i) => i.code),
          patch.items,
        );
      bumpCatalogVersion(this.sqlite);
      const updated = this.catalog.kpi(code);
      // Who reports the KPI decides what the aggregates are made of: rebuild them with the change.
      // Both bases: the approved one is aggregated by the same tiers.
      if (levelsChanged && before.hasFigures)
        for (const basis of BASES) this.rollups.rebuildRollups(basis, this.catalog.get(), new Date().toISOString(), [updated]);
      after = this.detail(updated);
      if (JSON.stringify(before) !== JSON.stringify(after)) {
        this.audit.record({ actor: actorOf(p), action: 'kpi.update', target: code, before, after, ip });
      }
    })();
    return after as unknown as KpiDetail;
  }

  private detail(k: KpiDef): KpiDetail {
    const hasFigures = this.s.hasFigures.get({ kpiId: k.id }) !== undefined;
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
    let order =
      this.orm
        .select({ last: max(kpiItems.sortOrder) })
        .from(kpiItems)
        .where(eq(kpiItems.kpiId, kpiId))
        .get()?.last ?? 0;
    // Omitted fields keep their value; null or '' clears an optional one.
    const pick = <T>(given: T | undefined, kept: T) => (given === undefined ? kept : given);
    for (const it of inputs) {
      if (it.code !== undefined && codes.has(it.code)) {
        const was = this.s.item.get({ kpiId, code: it.code });
        if (!was) continue;
        this.orm
          .update(kpiItems)
          .set({
            name: it.name,
            nameEn: pick(it.nameEn, was.nameEn) || null,
            lead: pick(it.lead, was.lead) || null,
            sortOrder: pick(it.order, was.order),
            retiredFrom: pick(it.retiredFrom, was.retiredFrom),
          })
          .where(and(eq(kpiItems.kpiId, kpiId), eq(kpiItems.code, it.code)))
          .run();
        continue;
      }
      let code = it.code;
      while (code === undefined || codes.has(code)) code = `${prefix}${String(next++).padStart(2, '0')}`;
      codes.add(code);
      order = it.order ?? order + 1;
      this.orm
        .insert(kpiItems)
        .values({
          kpiId,
          code,
          name: it.name,
          nameEn: it.nameEn || null,
          lead: it.lead || null,
          sortOrder: order,
          retiredFrom: it.retiredFrom ?? null,
        })
        .run();
    }
  }

  private figureSpan(kpiId: number): { n: number; first: string } {
    const r = this.orm
      .select({ n: count(), first: min(figures.period) })
      .from(figures)
      .where(eq(figures.kpiId, kpiId))
      .get();
    return { n: r?.n ?? 0, first: r?.first ?? '' };
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

  private requireLevels(levels: number[]): void {
    const known = tiersOf(this.catalog.get());
    const bad = levels.filter((l) => !known.has(l));
    if (bad.length) throw new ValidationError(`Không có cấp ${bad.join(', ')} / there is no level ${bad.join(', ')}`);
  }
}

function uniqueSorted(levels: number[]): number[] {
  return [...new Set(levels)].sort((a, b) => a - b);
}
