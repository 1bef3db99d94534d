/**
 * The writers the demo loads through, and the tests' small worlds with it: units with their first
 * version, the KPI catalogue, targets, own figures, reports and accounts. The many-row ones
 * (figures, reports, accounts, units) go through `bulkInsert`: a million figures at the raw
 * statement's speed.
 */
import type { SeedFigure, SeedKpi, SeedKpiGroup, SeedReport, SeedTarget, SeedUnit } from '@tiendo/seed';
import { isCarriedForward } from '@tiendo/shared';
import { eq, max, sql } from 'drizzle-orm';
import { bulkInsert } from '../db/bulk-insert.ts';
import { ormOf, type Sqlite } from '../db/client.ts';
import {
  figures,
  kpiGroups,
  kpiItems,
  kpis as kpiTable,
  reports,
  targets as targetTable,
  units as unitTable,
  unitVersions,
  users,
} from '../db/schema.ts';

export function insertUnits(sqlite: Sqlite, units: SeedUnit[]): Map<string, number> {
  const orm = ormOf(sqlite);
  const ids = new Map<string, number>();
  const paths = new Map<string, string>();
  const next =
    (orm
      .select({ last: max(unitTable.id) })
      .from(unitTable)
      .get()?.last ?? 0) + 1;
  const unit = bulkInsert(sqlite, unitTable, [
    'id',
    'code',
    'name',
    'level',
    'type',
    'parentId',
    'path',
    'validFrom',
    'validTo',
    'sortOrder',
  ]);
  const version = bulkInsert(sqlite, unitVersions, ['unitId', 'validFrom', 'validTo', 'code', 'name', 'type', 'parentId', 'sortOrder']);
  const parentPath = orm
    .select({ id: unitTable.id, path: unitTable.path })
    .from(unitTable)
    .where(eq(unitTable.code, sql.placeholder('code')))
    .prepare();
  [...units]
    .sort((a, b) => a.level - b.level)
    .forEach((u, i) => {
      const id = next + i;
      let parentId: number | null = null;
      let base = '/';
      if (u.parentCode !== null) {
        const known = ids.get(u.parentCode);
        if (known !== undefined) {
          parentId = known;
          base = paths.get(u.parentCode) as string;
        } else {
          const row = parentPath.get({ code: u.parentCode });
          if (!row) throw new Error(`Unknown parent ${u.parentCode} of ${u.code}`);
          parentId = row.id;
          base = row.path;
        }
      }
      const path = `${base}${id}/`;
      const life = { validFrom: u.validFrom ?? null, validTo: u.validTo ?? null };
      unit({ id, code: u.code, name: u.name, level: u.level, type: u.type, parentId, path, ...life, sortOrder: u.sortOrder });
      version({ unitId: id, ...life, code: u.code, name: u.name, type: u.type, parentId, sortOrder: u.sortOrder });
      ids.set(u.code, id);
      paths.set(u.code, path);
    });
  return ids;
}

export function insertCatalogue(sqlite: Sqlite, groups: SeedKpiGroup[], kpis: SeedKpi[]): Map<string, number> {
  const orm = ormOf(sqlite);
  for (const x of groups) orm.insert(kpiGroups).values({ code: x.code, name: x.name, nameEn: x.nameEn, sortOrder: x.order }).run();
  const ids = new Map<string, number>();
  for (const x of kpis) {
    const { id } = orm
      .insert(kpiTable)
      .values({
        code: x.code,
        name: x.name,
        nameEn: x.nameEn,
        unit: x.unit,
        unitEn: x.unitEn,
        kind: x.kind,
        ratioMode: x.ratioMode,
        reportLevels: JSON.stringify(x.reportLevels),
        higherIsBetter: x.higherIsBetter,
        groupCode: x.group,
        sortOrder: x.order,
      })
      .returning({ id: kpiTable.id })
      .get();
    ids.set(x.code, id);
    (x.items ?? []).forEach((item, i) => {
      orm
        .insert(kpiItems)
        .values({ kpiId: id, code: item.code, name: item.name, nameEn: item.nameEn ?? null, lead: item.lead ?? null, sortOrder: i + 1 })
        .run();
    });
  }
  // `at_most` names another KPI (a foreign key to its code), which may come later in the list.
  for (const x of kpis) if (x.atMost) orm.update(kpiTable).set({ atMost: x.atMost }).where(eq(kpiTable.code, x.code)).run();
  return ids;
}

export function insertTargets(
  sqlite: Sqlite,
  targets: SeedTarget[],
  kpiIds: Map<string, number>,
  unitIds: Map<string, number>,
  now: string,
): void {
  const orm = ormOf(sqlite);
  for (const x of targets) {
    orm
      .insert(targetTable)
      .values({
        kpiId: kpiIds.get(x.kpi) as number,
        unitId: x.unit ? (unitIds.get(x.unit) ?? null) : null,
        level: x.level ?? null,
        value: x.value,
        deadline: x.deadline,
        createdAt: now,
      })
      .run();
  }
}

/**
 * Writes own figures, each unit's months in order, keeping the running totals of flows as it goes
 * (far cheaper than recomputing them per figure). The demo and the tests' small worlds load
 * through it.
 */
export function figureWriter(
  sqlite: Sqlite,
  kpis: readonly SeedKpi[],
  kpiIds: Map<string, number>,
): (unitId: number, f: SeedFigure & { recordedAt: string }) => void {
  const fig = bulkInsert(sqlite, figures, [
    'unitId',
    'kpiId',
    'period',
    'value',
    'numerator',
    'denominator',
    'items',
    'recordedAt',
    'cumValue',
    'cumNumerator',
    'cumDenominator',
  ]);
  const flows = new Set(kpis.filter((k) => !isCarriedForward(k)).map((k) => k.code));
  const running = new Map<string, { v: number; n: number; d: number }>();
  return (unitId, f) => {
    const key = `${unitId}:${f.kpi}`;
    const cum = flows.has(f.kpi) ? (running.get(key) ?? { v: 0, n: 0, d: 0 }) : null;
    if (cum) {
      cum.v += f.value ?? 0;
      cum.n += f.numerator ?? 0;
      cum.d += f.denominator ?? 0;
      running.set(key, cum);
    }
    fig({
      unitId,
      kpiId: kpiIds.get(f.kpi) as number,
      period: f.period,
      value: f.value ?? null,
      numerator: f.numerator ?? null,
      denominator: f.denominator ?? null,
      items: f.items ? JSON.stringify([...f.items].sort()) : null,
      recordedAt: f.recordedAt,
      cumValue: cum?.v ?? 0,
      cumNumerator: cum?.n ?? 0,
      cumDenominator: cum?.d ?? 0,
    });
  };
}

/** Writes a monthly report as sent (and, when approved, decided) at `submittedAt`. */
export function reportWriter(sqlite: Sqlite): (unitId: number, r: SeedReport) => void {
  const rep = bulkInsert(sqlite, reports, [
    'unitId',
    'period',
    'state',
    'submittedAt',
    'updatedAt',
    'difficulties',
    'recommendations',
    'decidedAt',
    'version',
  ]);
  return (unitId, r) => {
    rep({
      unitId,
      period: r.period,
      state: r.state,
      submittedAt: r.submittedAt,
      updatedAt: r.submittedAt,
      difficulties: r.difficulties ?? null,
      recommendations: r.recommendations ?? null,
      decidedAt: r.state === 'approved' ? r.submittedAt : null,
      version: 1,
    });
  };
}

/** Writes an active demo account (flagged `demo`, so a production server refuses to start with it). */
export function demoAccountWriter(
  sqlite: Sqlite,
  now: string,
): (a: {
  username: string;
  displayName: string;
  unitId: number;
  role: string;
  passwordHash: string;
  phone?: string | null;
  email?: string | null;
}) => void {
  const user = bulkInsert(sqlite, users, [
    'username',
    'displayName',
    'unitId',
    'role',
    'active',
    'passwordHash',
    'mustChangePassword',
    'demo',
    'phone',
    'email',
    'createdAt',
    'updatedAt',
  ]);
  return (a) => {
    user({
      username: a.username,
      displayName: a.displayName,
      unitId: a.unitId,
      // The seed's accounts name their role as text; the schema's CHECK-free enum takes it as is.
      role: a.role as (typeof users.$inferInsert)['role'],
      active: true,
      passwordHash: a.passwordHash,
      mustChangePassword: false,
      demo: true,
      phone: a.phone ?? null,
      email: a.email ?? null,
      createdAt: now,
      updatedAt: now,
    });
  };
}
