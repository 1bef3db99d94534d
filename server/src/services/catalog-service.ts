/**
 * The hierarchy, the KPI catalogue and the targets, held in memory: some 6,000 units and a dozen
 * KPIs fit easily, and every figure request needs them. A version counter in `settings` is checked
 * on each read, so a change made by another server process is picked up on its next request.
 *
 * The map changes over time: a unit's parent, code, name and type hold for an interval of periods
 * (its versions), and a code names different units in different periods. Every question about
 * the map is asked for a period; the pure functions at the end of this file answer them.
 */
import {
  addMonths,
  formatPeriodText,
  isCarriedForward,
  type Kpi,
  type KpiKind,
  type KpiRule,
  type Period,
  type RatioMode,
} from '@tiendo/shared';
import { sql } from 'drizzle-orm';
import { cachedRead, noteLocalWrite } from '../db/change-token.ts';
import { ormOf, type Sqlite } from '../db/client.ts';
import { targets as targetRows, unitLineage, unitVersions } from '../db/schema.ts';
import { NotFoundError } from '../errors.ts';

export interface UnitVersionDef {
  from: string | null;
  to: string | null;
  code: string;
  name: string;
  type: string;
  parentId: number | null;
  sortOrder: number;
}

export interface LineageLink {
  /** The unit on the other side: a predecessor in `predecessors`, a successor in `successors`. */
  unitId: number;
  share: number;
  period: string;
}

export interface UnitNode {
  id: number;
  /** The tier (1 province/city, 2 district, 3 commune, 4 team), never a depth. */
  level: number;
  validFrom: string | null;
  validTo: string | null;
  /** Code, name, type, parent, order and path of the unit's latest version. */
  code: string;
  name: string;
  type: string;
  parentId: number | null;
  path: string;
  sortOrder: number;
  /** Contiguous, oldest first, covering the unit's life. */
  versions: UnitVersionDef[];
  /** Every unit that is a child of this one in some period. */
  children: number[];
  predecessors: LineageLink[];
  successors: LineageLink[];
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

/**
 * One target row. A row holds for its unit or tier from `validFrom` on until a newer row of the
 * same unit or tier starts; a correction holds for its one period only and wins there; a
 * removed row ends the one before it (from then on the unit or tier has no target of its own).
 */
export interface TargetDef {
  id: number;
  kpiId: number;
  unitId: number | null;
  level: number | null;
  value: number;
  deadline: string;
  createdAt: string;
  /** First period the row holds for; null = since the programme began. */
  validFrom: string | null;
  /** Last period: the corrected period on a correction, otherwise null (until replaced). */
  validTo: string | null;
  removed: boolean;
  correction: boolean;
  reason: string | null;
  createdBy: string | null;
}

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
  noteLocalWrite(sqlite);
}

export class CatalogService {
  private cached: Catalog | null = null;
  /** The catalogue's version row, read again only after a commit. */
  private readonly version: () => string | undefined;

  constructor(private readonly sqlite: Sqlite) {
    const stmt = sqlite.prepare('SELECT value FROM settings WHERE key = ?').pluck();
    this.version = cachedRead(sqlite, () => stmt.get(CATALOG_VERSION_KEY) as string | undefined);
  }

  get(): Catalog {
    const raw = this.version();
    const version = raw === undefined ? 0 : Number(raw);
    if (this.cached && this.cached.version === version) return this.cached;
    this.cached = this.load(version);
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
      throw new NotFoundError(`Không tìm thấy đơn vị "${code}" / Unit "${code}" not found`);
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
    if (!u) throw new NotFoundError(`Không tìm thấy đơn vị "${code}" / Unit "${code}" not found`);
    return u;
  }

  kpi(code: string): KpiDef {
    const k = this.get().kpisByCode.get(code);
    if (!k) throw new NotFoundError(`Không tìm thấy chỉ tiêu "${code}" / KPI "${code}" not found`);
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

  private load(version: number): Catalog {
    const units = new Map<number, UnitNode>();
    const rows = this.sqlite
      .prepare(
        `SELECT id, code, name, level, type, parent_id AS parentId, path, valid_from AS validFrom,
                valid_to AS validTo, sort_order AS sortOrder
         FROM units ORDER BY level, sort_order, code`,
      )
      .all() as Omit<UnitNode, 'children' | 'versions' | 'predecessors' | 'successors'>[];
    for (const r of rows) units.set(r.id, { ...r, children: [], versions: [], predecessors: [], successors: [] });
    const orm = ormOf(this.sqlite);
    const versionRows = orm.select().from(unitVersions).orderBy(unitVersions.unitId, sql`coalesce(${unitVersions.validFrom}, '')`).all();
    for (const v of versionRows) {
      units.get(v.unitId)?.versions.push({
        from: v.validFrom,
        to: v.validTo,
        code: v.code,
        name: v.name,
        type: v.type,
        parentId: v.parentId,
        sortOrder: v.sortOrder,
      });
    }
    for (const { predecessorId, successorId, share, period } of orm.select().from(unitLineage).all()) {
      units.get(successorId)?.predecessors.push({ unitId: predecessorId, share, period });
      units.get(predecessorId)?.successors.push({ unitId: successorId, share, period });
    }
    const unitsByCode = new Map<string, UnitNode[]>();
    const boundaries = new Set<string>();
    for (const u of units.values()) {
      // A unit written before versions existed stands for one version over its life.
      if (u.versions.length === 0) {
        u.versions.push({
          from: u.validFrom,
          to: u.validTo,
          code: u.code,
          name: u.name,
          type: u.type,
          parentId: u.parentId,
          sortOrder: u.sortOrder,
        });
      }
      const parents = new Set<number>();
      const codes = new Set<string>();
      for (const v of u.versions) {
        if (v.parentId !== null && !parents.has(v.parentId)) {
          parents.add(v.parentId);
          units.get(v.parentId)?.children.push(u.id);
        }
        if (!codes.has(v.code)) {
          codes.add(v.code);
          const list = unitsByCode.get(v.code) ?? [];
          list.push(u);
          unitsByCode.set(v.code, list);
        }
        if (v.from !== null) boundaries.add(v.from);
        if (v.to !== null) boundaries.add(addMonths(v.to, 1));
      }
    }
    for (const list of unitsByCode.values()) list.sort((a, b) => (a.validFrom ?? '').localeCompare(b.validFrom ?? ''));

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
    for (const t of orm.select().from(targetRows).orderBy(targetRows.id).all()) {
      const list = targets.get(t.kpiId) ?? [];
      list.push(t);
      targets.set(t.kpiId, list);
    }

    return {
      version,
      units,
      unitsByCode,
      boundaries: [...boundaries].sort(),
      kpis,
      kpisByCode: new Map(kpis.map((k) => [k.code, k])),
      kpisById: new Map(kpis.map((k) => [k.id, k])),
      groups,
      targets,
    };
  }
}

/**
 * The row that decides one unit's or tier's target in a period (it may be a removal): a
 * correction of that period (the newest), else the row with the latest start on or before it,
 * ties to the newest row. `corrections: false` asks for the standing target alone.
 */
export function scopeRowAt(
  rows: readonly TargetDef[],
  inScope: (t: TargetDef) => boolean,
  period: Period,
  corrections = true,
): TargetDef | null {
  let fix: TargetDef | null = null;
  let standing: TargetDef | null = null;
  for (const t of rows) {
    if (!inScope(t)) continue;
    if (t.correction) {
      if (corrections && t.validFrom === period && (!fix || t.id > fix.id)) fix = t;
      continue;
    }
    const from = t.validFrom ?? '';
    if (from > period || (t.validTo !== null && t.validTo < period)) continue;
    const best = standing?.validFrom ?? '';
    if (!standing || from > best || (from === best && t.id > standing.id)) standing = t;
  }
  return fix ?? standing;
}

// ---- The map at a period: pure functions over a loaded catalogue. ----

export function versionAt(unit: UnitNode, period: Period): UnitVersionDef | null {
  for (const v of unit.versions) {
    if ((v.from === null || v.from <= period) && (v.to === null || v.to >= period)) return v;
  }
  return null;
}

export function parentAt(cat: Catalog, unit: UnitNode, period: Period): UnitNode | null {
  const id = versionAt(unit, period)?.parentId ?? null;
  return id === null ? null : (cat.units.get(id) ?? null);
}

/** Ancestors at a period, from the parent up to the root. */
export function ancestorsAt(cat: Catalog, unit: UnitNode, period: Period): UnitNode[] {
  const out: UnitNode[] = [];
  let p = parentAt(cat, unit, period);
  while (p) {
    out.push(p);
    p = parentAt(cat, p, period);
  }
  return out;
}

/** Whether `ancestor` is `unit` or above it at a period. */
export function isWithinAt(cat: Catalog, ancestor: UnitNode, unit: UnitNode, period: Period): boolean {
  let p: UnitNode | null = unit;
  while (p) {
    if (p.id === ancestor.id) return true;
    p = parentAt(cat, p, period);
  }
  return false;
}

/** The children of a unit at a period, in their order. */
export function childrenAt(cat: Catalog, unit: UnitNode, period: Period): UnitNode[] {
  const out: { u: UnitNode; v: UnitVersionDef }[] = [];
  for (const id of unit.children) {
    const c = cat.units.get(id);
    const v = c ? versionAt(c, period) : null;
    if (c && v && v.parentId === unit.id) out.push({ u: c, v });
  }
  out.sort((a, b) => a.v.sortOrder - b.v.sortOrder || a.v.code.localeCompare(b.v.code));
  return out.map((x) => x.u);
}

/** Every unit below `unit` at a period (not the unit itself). */
export function descendantsAt(cat: Catalog, unit: UnitNode, period: Period): UnitNode[] {
  const out: UnitNode[] = [];
  const walk = (u: UnitNode) => {
    for (const c of childrenAt(cat, u, period)) {
      out.push(c);
      walk(c);
    }
  };
  walk(unit);
  return out;
}

export function unitByCodeAt(cat: Catalog, code: string, period: Period): UnitNode | null {
  for (const u of cat.unitsByCode.get(code) ?? []) {
    if (versionAt(u, period)?.code === code) return u;
  }
  return null;
}

export interface UnitFollower {
  code: string;
  name: string;
  validFrom: string | null;
  validTo: string | null;
  share: number;
}

/** Where to go from a code that names nothing in a period: the units before or after it. */
export function followers(
  cat: Catalog,
  named: UnitNode[],
  period: Period,
): { successors: UnitFollower[] } | { predecessors: UnitFollower[] } {
  const ref = (link: LineageLink): UnitFollower | null => {
    const u = cat.units.get(link.unitId);
    if (!u) return null;
    const v = versionAt(u, period) ?? u.versions.at(-1) ?? null;
    return { code: v?.code ?? u.code, name: v?.name ?? u.name, validFrom: u.validFrom, validTo: u.validTo, share: link.share };
  };
  const ended = named.filter((u) => u.validTo !== null && u.validTo < period);
  if (ended.length > 0) {
    const last = ended.at(-1) as UnitNode;
    return { successors: last.successors.map(ref).filter((x): x is UnitFollower => x !== null) };
  }
  const first = named[0] as UnitNode;
  return { predecessors: first.predecessors.map(ref).filter((x): x is UnitFollower => x !== null) };
}

/** The unit as it was at a period (its latest version when it did not exist then). */
export function unitAtView(unit: UnitNode, period: Period): { code: string; name: string; type: string; level: number } {
  const v = versionAt(unit, period) ?? unit.versions.at(-1);
  return { code: v?.code ?? unit.code, name: v?.name ?? unit.name, type: v?.type ?? unit.type, level: unit.level };
}

const estimatedCache = new WeakMap<Catalog, Map<string, boolean>>();

/**
 * Whether a unit's rebuilt past for a KPI rests on a predecessor's own figure shared out (a split):
 * an estimate. The sum of task teams that kept existing, or a whole predecessor taken over, is exact.
 */
export function isEstimatedHistory(cat: Catalog, unit: UnitNode, kpi: Pick<KpiDef, 'id' | 'reportLevels'>): boolean {
  if (unit.validFrom === null) return false;
  let memo = estimatedCache.get(cat);
  if (!memo) {
    memo = new Map();
    estimatedCache.set(cat, memo);
  }
  const key = `${unit.id}:${kpi.id}`;
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  memo.set(key, false);
  let estimated = false;
  if (kpi.reportLevels.includes(unit.level)) {
    for (const l of unit.predecessors) {
      const p = cat.units.get(l.unitId);
      if (l.share < 1 || (p && isEstimatedHistory(cat, p, kpi))) estimated = true;
    }
  } else {
    const birth = unit.validFrom;
    for (const id of unit.children) {
      const c = cat.units.get(id);
      if (c && versionAt(c, birth)?.parentId === unit.id && isEstimatedHistory(cat, c, kpi)) estimated = true;
    }
  }
  memo.set(key, estimated);
  return estimated;
}
