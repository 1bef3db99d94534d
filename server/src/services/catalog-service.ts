/**
 * The hierarchy, the KPI catalogue and the targets, held in memory: 5,857 units and a dozen KPIs
 * fit easily, and every figure request needs them. A version counter in `settings` is checked on
 * each read, so a change made by another server process is picked up on its next request.
 */
import { isCarriedForward, type Kpi, type KpiKind, type KpiRule, type Period, type RatioMode } from '@tiendo/shared';
import type { Sqlite } from '../db/client.ts';
import { NotFoundError } from '../errors.ts';

export interface UnitNode {
  id: number;
  code: string;
  name: string;
  level: number;
  type: string;
  parentId: number | null;
  path: string;
  validFrom: string | null;
  validTo: string | null;
  sortOrder: number;
  children: number[];
}

export interface KpiItemDef {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  lead: string | null;
  order: number;
  retiredFrom: string | null;
}

export interface KpiDef extends KpiRule {
  id: number;
  name: string;
  nameEn: string;
  unit: string;
  unitEn: string;
  kind: KpiKind;
  ratioMode: RatioMode | null;
  groupCode: string;
  order: number;
  retiredFrom: string | null;
  atMost: string | null;
  carried: boolean;
  items: KpiItemDef[];
}

export interface KpiGroupDef {
  code: string;
  name: string;
  nameEn: string;
  order: number;
}

export interface TargetDef {
  id: number;
  kpiId: number;
  unitId: number | null;
  level: number | null;
  value: number;
  deadline: string;
  createdAt: string;
}

export interface Catalog {
  version: number;
  units: Map<number, UnitNode>;
  unitsByCode: Map<string, UnitNode>;
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

export function isValidAt(unit: Pick<UnitNode, 'validFrom' | 'validTo'>, period: Period): boolean {
  return (unit.validFrom === null || unit.validFrom <= period) && (unit.validTo === null || unit.validTo >= period);
}

export function isActiveKpi(kpi: KpiDef, period: Period): boolean {
  return kpi.retiredFrom === null || kpi.retiredFrom > period;
}

export const CATALOG_VERSION_KEY = 'catalog_version';

/** Call inside the transaction that changed units, KPIs or targets. */
export function bumpCatalogVersion(sqlite: Sqlite): void {
  sqlite
    .prepare(
      `INSERT INTO settings (key, value) VALUES (?, '1')
       ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1`,
    )
    .run(CATALOG_VERSION_KEY);
}

export class CatalogService {
  private cached: Catalog | null = null;
  private readonly versionStmt;

  constructor(private readonly sqlite: Sqlite) {
    this.versionStmt = sqlite.prepare('SELECT value FROM settings WHERE key = ?').pluck();
  }

  get(): Catalog {
    const raw = this.versionStmt.get(CATALOG_VERSION_KEY) as string | undefined;
    const version = raw === undefined ? 0 : Number(raw);
    if (this.cached && this.cached.version === version) return this.cached;
    this.cached = this.load(version);
    return this.cached;
  }

  unit(code: string): UnitNode {
    const u = this.get().unitsByCode.get(code);
    if (!u) throw new NotFoundError(`Không tìm thấy đơn vị "${code}" / Unit "${code}" not found`);
    return u;
  }

  kpi(code: string): KpiDef {
    const k = this.get().kpisByCode.get(code);
    if (!k) throw new NotFoundError(`Không tìm thấy chỉ tiêu "${code}" / KPI "${code}" not found`);
    return k;
  }

  /** Ancestors from the parent up to the root. */
  ancestors(unit: UnitNode): UnitNode[] {
    const { units } = this.get();
    const out: UnitNode[] = [];
    let p = unit.parentId === null ? undefined : units.get(unit.parentId);
    while (p) {
      out.push(p);
      p = p.parentId === null ? undefined : units.get(p.parentId);
    }
    return out;
  }

  childrenAt(unit: UnitNode, period: Period | null): UnitNode[] {
    const { units } = this.get();
    return unit.children.map((id) => units.get(id) as UnitNode).filter((c) => period === null || isValidAt(c, period));
  }

  /**
   * The target in force for a unit: a target for the unit itself wins over one for its level;
   * among equals the newest wins.
   */
  targetFor(kpi: KpiDef, unit: UnitNode): TargetDef | null {
    const list = this.get().targets.get(kpi.id) ?? [];
    let best: TargetDef | null = null;
    let bestScore = -1;
    for (const t of list) {
      const score = t.unitId === unit.id ? 2 : t.unitId === null && t.level === unit.level ? 1 : 0;
      if (score === 0) continue;
      if (
        score > bestScore ||
        (score === bestScore && best && (t.createdAt > best.createdAt || (t.createdAt === best.createdAt && t.id > best.id)))
      ) {
        best = t;
        bestScore = score;
      }
    }
    return best;
  }

  private load(version: number): Catalog {
    const units = new Map<number, UnitNode>();
    const unitsByCode = new Map<string, UnitNode>();
    const rows = this.sqlite
      .prepare(
        `SELECT id, code, name, level, type, parent_id AS parentId, path, valid_from AS validFrom,
                valid_to AS validTo, sort_order AS sortOrder
         FROM units ORDER BY level, sort_order, code`,
      )
      .all() as Omit<UnitNode, 'children'>[];
    for (const r of rows) {
      const node: UnitNode = { ...r, children: [] };
      units.set(node.id, node);
      unitsByCode.set(node.code, node);
    }
    for (const u of units.values()) {
      if (u.parentId !== null) units.get(u.parentId)?.children.push(u.id);
    }

    const groups = new Map<string, KpiGroupDef>();
    for (const g of this.sqlite
      .prepare('SELECT code, name, name_en AS nameEn, sort_order AS "order" FROM kpi_groups')
      .all() as KpiGroupDef[]) {
      groups.set(g.code, g);
    }

    const items = new Map<number, KpiItemDef[]>();
    for (const it of this.sqlite
      .prepare(
        `SELECT id, kpi_id AS kpiId, code, name, name_en AS nameEn, lead, sort_order AS "order",
                retired_from AS retiredFrom
         FROM kpi_items ORDER BY sort_order, id`,
      )
      .all() as (KpiItemDef & { kpiId: number })[]) {
      const { kpiId, ...item } = it;
      const list = items.get(kpiId) ?? [];
      list.push(item);
      items.set(kpiId, list);
    }

    const kpiRows = this.sqlite
      .prepare(
        `SELECT k.id, k.code, k.name, k.name_en AS nameEn, k.unit, k.unit_en AS unitEn, k.kind,
                k.ratio_mode AS ratioMode, k.report_levels AS reportLevels,
                k.higher_is_better AS higherIsBetter, k.group_code AS groupCode,
                k.sort_order AS "order", k.retired_from AS retiredFrom, k.at_most AS atMost
         FROM kpis k LEFT JOIN kpi_groups g ON g.code = k.group_code
         ORDER BY g.sort_order, k.sort_order, k.code`,
      )
      .all() as (Omit<KpiDef, 'reportLevels' | 'higherIsBetter' | 'carried' | 'items'> & {
      reportLevels: string;
      higherIsBetter: number;
    })[];
    const kpis: KpiDef[] = kpiRows.map((k) => {
      const base = { ...k, reportLevels: JSON.parse(k.reportLevels) as number[], higherIsBetter: k.higherIsBetter === 1 };
      return { ...base, carried: isCarriedForward(base), items: items.get(k.id) ?? [] };
    });

    const targets = new Map<number, TargetDef[]>();
    for (const t of this.sqlite
      .prepare(
        `SELECT id, kpi_id AS kpiId, unit_id AS unitId, level, value, deadline, created_at AS createdAt
         FROM targets`,
      )
      .all() as TargetDef[]) {
      const list = targets.get(t.kpiId) ?? [];
      list.push(t);
      targets.set(t.kpiId, list);
    }

    return {
      version,
      units,
      unitsByCode,
      kpis,
      kpisByCode: new Map(kpis.map((k) => [k.code, k])),
      kpisById: new Map(kpis.map((k) => [k.id, k])),
      groups,
      targets,
    };
  }
}
