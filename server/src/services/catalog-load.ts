/**
 * Reads the whole catalogue (the map with its versions and lineage, the KPIs with their items,
 * the targets) into the shape `CatalogService` keeps in memory. Runs at startup and after every
 * change of the map, KPIs or targets: a few tens of thousands of rows, each read once, in order.
 */
import { addMonths, isCarriedForward } from '@tiendo/shared';
import { asc, eq, sql } from 'drizzle-orm';
import type { Orm } from '../db/client.ts';
import {
  kpiGroups,
  kpiItems,
  kpis as kpiTable,
  targets as targetTable,
  unitLineage,
  units as unitTable,
  unitVersions,
} from '../db/schema.ts';
import type { Catalog, KpiDef, KpiGroupDef, KpiItemDef, TargetDef, UnitNode } from './catalog-service.ts';

/** The statements of a load, prepared once per connection. */
function statements(orm: Orm) {
  return {
    units: orm
      .select({
        id: unitTable.id,
        code: unitTable.code,
        name: unitTable.name,
        level: unitTable.level,
        type: unitTable.type,
        parentId: unitTable.parentId,
        path: unitTable.path,
        validFrom: unitTable.validFrom,
        validTo: unitTable.validTo,
        sortOrder: unitTable.sortOrder,
      })
      .from(unitTable)
      .orderBy(unitTable.level, unitTable.sortOrder, unitTable.code)
      .prepare(),
    versions: orm.select().from(unitVersions).orderBy(unitVersions.unitId, sql`coalesce(${unitVersions.validFrom}, '')`).prepare(),
    lineage: orm.select().from(unitLineage).prepare(),
    groups: orm
      .select({ code: kpiGroups.code, name: kpiGroups.name, nameEn: kpiGroups.nameEn, order: kpiGroups.sortOrder })
      .from(kpiGroups)
      .prepare(),
    items: orm
      .select({
        id: kpiItems.id,
        kpiId: kpiItems.kpiId,
        code: kpiItems.code,
        name: kpiItems.name,
        nameEn: kpiItems.nameEn,
        lead: kpiItems.lead,
        order: kpiItems.sortOrder,
        retiredFrom: kpiItems.retiredFrom,
      })
      .from(kpiItems)
      .orderBy(kpiItems.sortOrder, kpiItems.id)
      .prepare(),
    kpis: orm
      .select({
        id: kpiTable.id,
        code: kpiTable.code,
        name: kpiTable.name,
        nameEn: kpiTable.nameEn,
        unit: kpiTable.unit,
        unitEn: kpiTable.unitEn,
        kind: kpiTable.kind,
        ratioMode: kpiTable.ratioMode,
        reportLevels: kpiTable.reportLevels,
        higherIsBetter: kpiTable.higherIsBetter,
        groupCode: kpiTable.groupCode,
        order: kpiTable.sortOrder,
        retiredFrom: kpiTable.retiredFrom,
        atMost: kpiTable.atMost,
      })
      .from(kpiTable)
      .leftJoin(kpiGroups, eq(kpiGroups.code, kpiTable.groupCode))
      .orderBy(asc(kpiGroups.sortOrder), asc(kpiTable.sortOrder), asc(kpiTable.code))
      .prepare(),
    targets: orm.select().from(targetTable).orderBy(targetTable.id).prepare(),
  };
}

const prepared = new WeakMap<Orm, ReturnType<typeof statements>>();

export function loadCatalog(orm: Orm, version: number): Catalog {
  let s = prepared.get(orm);
  if (!s) {
    s = statements(orm);
    prepared.set(orm, s);
  }

  const units = new Map<number, UnitNode>();
  for (const r of s.units.all()) units.set(r.id, { ...r, children: [], versions: [], predecessors: [], successors: [] });
  for (const v of s.versions.all()) {
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
  for (const { predecessorId, successorId, share, period } of s.lineage.all()) {
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
  for (const g of s.groups.all()) groups.set(g.code, g);

  const items = new Map<number, KpiItemDef[]>();
  for (const { kpiId, ...item } of s.items.all()) {
    const list = items.get(kpiId) ?? [];
    list.push(item);
    items.set(kpiId, list);
  }

  const kpis: KpiDef[] = s.kpis.all().map((k) => {
    const base = { ...k, reportLevels: JSON.parse(k.reportLevels) as number[] };
    return { ...base, carried: isCarriedForward(base), items: items.get(k.id) ?? [] };
  });

  const targets = new Map<number, TargetDef[]>();
  for (const t of s.targets.all()) {
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
