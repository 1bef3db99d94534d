/**
 * The hierarchy, the KPI catalogue and the targets, held in memory: some 6,000 units and a dozen
 * KPIs fit easily, and every figure request needs them. A version counter in `settings` is checked
 * on each read, so a change made by another server process is picked up on its next request.
 *
 * The map changes over time: a unit's parent, code, name and type hold for an interval of periods
 * (its versions), and a code names different units in different periods. Every question about
 * the map is asked for a period; the pure functions at the end of this file answer them.
 */
import { formatPeriodText, type Kpi, type KpiRule, type Period } from '@tiendo/shared';
import { eq, sql } from 'drizzle-orm';
import { cachedRead, noteLocalWrite } from '../db/change-token.ts';
import { ormOf, type Sqlite } from '../db/client.ts';
import type { kpiGroups, kpiItems, kpis, targets, units, unitVersions } from '../db/schema.ts';
import { settings } from '../db/schema.ts';
import { NotFoundError } from '../errors.ts';
import { loadCatalog } from './catalog-load.ts';
import { ancestorsAt, childrenAt, followers, scopeRowAt, unitByCodeAt } from './catalog-map.ts';

// The map's pure functions live in catalog-map.ts; most callers import them from here.
export * from './catalog-map.ts';

/** One version of a unit: its row in `unit_versions`, with the interval named `from`…`to`. */
export interface UnitVersionDef extends Pick<typeof unitVersions.$inferSelect, 'code' | 'name' | 'type' | 'parentId' | 'sortOrder'> {
  from: string | null;
  to: string | null;
}

export interface LineageLink {
  /** The unit on the other side: a predecessor in `predecessors`, a successor in `successors`. */
  unitId: number;
  share: number;
  period: string;
}

/**
 * A unit as its `units` row has it: the tier (`level`, never a depth), its life, and the code,
 * name, type, parent, order and path of its latest version; with its versions and links.
 */
export interface UnitNode
  extends Pick<
    typeof units.$inferSelect,
    'id' | 'level' | 'validFrom' | 'validTo' | 'code' | 'name' | 'type' | 'parentId' | 'path' | 'sortOrder'
  > {
  /** Contiguous, oldest first, covering the unit's life. */
  versions: UnitVersionDef[];
  /** Every unit that is a child of this one in some period. */
  children: number[];
  predecessors: LineageLink[];
  successors: LineageLink[];
}

/** A checklist item; `order` is its `sort_order`. */
export interface KpiItemDef extends Pick<typeof kpiItems.$inferSelect, 'id' | 'code' | 'name' | 'nameEn' | 'lead' | 'retiredFrom'> {
  order: number;
}

/** A KPI: its row with the report levels parsed, and its items. */
export interface KpiDef
  extends KpiRule,
    Pick<
      typeof kpis.$inferSelect,
      | 'id'
      | 'code'
      | 'name'
      | 'nameEn'
      | 'unit'
      | 'unitEn'
      | 'kind'
      | 'ratioMode'
      | 'groupCode'
      | 'retiredFrom'
      | 'atMost'
      | 'higherIsBetter'
    > {
  order: number;
  carried: boolean;
  items: KpiItemDef[];
}

export interface KpiGroupDef extends Pick<typeof kpiGroups.$inferSelect, 'code' | 'name' | 'nameEn'> {
  order: number;
}

/**
 * One target row. A row holds for its unit or tier from `validFrom` on until a newer row of the
 * same unit or tier starts; a correction holds for its one period only and wins there; a
 * removed row ends the one before it (from then on the unit or tier has no target of its own).
 */
export type TargetDef = typeof targets.$inferSelect;

export interface Catalog {
  version: number;
  units: Map<number, UnitNode>;
  /** Every unit that has carried the code in some period, oldest first. */
  unitsByCode: Map<string, UnitNode[]>;
  /** Periods at which the map changes (a version starts, or ends the month before), sorted. */
  boundaries: string[];
  kpis: KpiDef[];
  kpisByCode: Map<string, KpiDef>;
  kpisById: Map<number, KpiDef>;
  groups: Map<string, KpiGroupDef>;
  targets: Map<number, TargetDef[]>;
}

/** A KPI as the public API describes it. */
export function kpiReply(k: KpiDef, groups: Map<string, KpiGroupDef>): Kpi {
  const g = groups.get(k.groupCode);
  return {
    code: k.code,
    name: k.name,
    nameEn: k.nameEn,
    kind: k.kind,
    ratioMode: k.ratioMode,
    unit: k.unit,
    unitEn: k.unitEn,
    group: k.groupCode,
    groupName: g?.name ?? k.groupCode,
    groupNameEn: g?.nameEn ?? k.groupCode,
    order: k.order,
    reportLevels: k.reportLevels,
    higherIsBetter: k.higherIsBetter,
    carriedForward: k.carried,
    retired: k.retiredFrom !== null,
    ...(k.kind === 'checklist'
      ? {
          items: k.items.map((i) => ({
            code: i.code,
            name: i.name,
            nameEn: i.nameEn,
            lead: i.lead,
            order: i.order,
            retired: i.retiredFrom !== null,
          })),
        }
      : {}),
  };
}

export const CATALOG_VERSION_KEY = 'catalog_version';

/** Call inside the transaction that changed units, KPIs or targets. */
export function bumpCatalogVersion(sqlite: Sqlite): void {
  ormOf(sqlite)
    .insert(settings)
    .values({ key: CATALOG_VERSION_KEY, value: '1' })
    .onConflictDoUpdate({ target: settings.key, set: { value: sql`CAST(${settings.value} AS INTEGER) + 1` } })
    .run();
  noteLocalWrite(sqlite);
}

export class CatalogService {
  private cached: Catalog | null = null;
  /** The catalogue's version row, read again only after a commit. */
  private readonly version: () => string | undefined;

  constructor(private readonly sqlite: Sqlite) {
    const stmt = ormOf(sqlite).select({ value: settings.value }).from(settings).where(eq(settings.key, CATALOG_VERSION_KEY)).prepare();
    this.version = cachedRead(sqlite, () => stmt.get()?.value);
  }

  get(): Catalog {
    const raw = this.version();
    const version = raw === undefined ? 0 : Number(raw);
    if (this.cached && this.cached.version === version) return this.cached;
    this.cached = loadCatalog(ormOf(this.sqlite), version);
    return this.cached;
  }

  /**
   * The unit a code names in a period. A code that names a unit at other times answers 404
   * `unit_not_in_period` with the units to follow (successors or predecessors).
   */
  unitAt(code: string, period: Period): UnitNode {
    const cat = this.get();
    const found = unitByCodeAt(cat, code, period);
    if (found) return found;
    const others = cat.unitsByCode.get(code);
    if (!others || others.length === 0) {
      throw new NotFoundError(`Không tìm thấy đơn vị "${code}" / Unit "${code}" not found`, 'unit_not_found', { unit: code });
    }
    throw new NotFoundError(
      `Đơn vị "${code}" không tồn tại trong ${formatPeriodText(period, 'vi')} / Unit "${code}" did not exist in ${formatPeriodText(period, 'en')}`,
      'unit_not_in_period',
      followers(cat, others, period),
    );
  }

  /** The unit a code names in its latest period (for tools and accounts, which live today). */
  unit(code: string): UnitNode {
    const list = this.get().unitsByCode.get(code);
    const u = list?.at(-1);
    if (!u) throw new NotFoundError(`Không tìm thấy đơn vị "${code}" / Unit "${code}" not found`, 'unit_not_found', { unit: code });
    return u;
  }

  kpi(code: string): KpiDef {
    const k = this.get().kpisByCode.get(code);
    if (!k) throw new NotFoundError(`Không tìm thấy chỉ tiêu "${code}" / KPI "${code}" not found`, 'kpi_not_found', { kpi: code });
    return k;
  }

  ancestorsAt(unit: UnitNode, period: Period): UnitNode[] {
    return ancestorsAt(this.get(), unit, period);
  }

  childrenAt(unit: UnitNode, period: Period): UnitNode[] {
    return childrenAt(this.get(), unit, period);
  }

  /**
   * The target in force for a unit in a period: the unit's own target wins over its tier's (a unit
   * whose own target was removed falls back to its tier's). Within one of them, a correction of
   * that very period first, then the row with the latest start on or before the period.
   */
  targetFor(kpi: KpiDef, unit: UnitNode, period: Period): TargetDef | null {
    const list = this.get().targets.get(kpi.id);
    if (!list) return null;
    const own = scopeRowAt(list, (t) => t.unitId === unit.id, period);
    if (own && !own.removed) return own;
    const tier = scopeRowAt(list, (t) => t.unitId === null && t.level === unit.level, period);
    return tier && !tier.removed ? tier : null;
  }
}
