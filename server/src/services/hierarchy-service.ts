/**
 * Changes of the map of units without breaking history: units are never edited in place. A
 * reorganisation (planned in `reorganisation.ts`) ends the old units the month before, opens the
 * new ones with their lineage, moves the units below to their successors with a new version from
 * that month, and rebuilds the roll-ups, so every past month still adds up exactly as reported.
 */
import { addMonths, isPeriod } from '@tiendo/shared';
import { and, eq, gt, gte, isNotNull, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { ormOf, type Sqlite } from '../db/client.ts';
import { unitLineage, units, unitVersions } from '../db/schema.ts';
import { ValidationError } from '../errors.ts';
import type { AuditActor, AuditService } from './audit-service.ts';
import { bumpCatalogVersion, type CatalogService, type UnitNode, unitByCodeAt, versionAt } from './catalog-service.ts';
import { planReorganisation, type ReorgInputRow, type ReorgPlan } from './reorganisation.ts';
import { BASES, type RollupService } from './rollup-service.ts';

export interface MergeInput {
  /** Units to merge: same tier, all existing in the month before `period`. */
  codes: string[];
  into: { code: string; name: string; type: string };
  /** First period of the merged unit. */
  period: string;
}

export interface ReorgResult {
  created: number;
  closed: number;
  moved: number;
}

export class HierarchyService {
  constructor(
    private readonly sqlite: Sqlite,
    private readonly catalog: CatalogService,
    private readonly rollups: RollupService,
    private readonly audit: AuditService,
  ) {}

  /** A merge is the reorganisation where each old unit goes whole to one new unit. */
  merge(input: MergeInput, actor: AuditActor | null): ReorgResult & { unit: string } {
    if (!isPeriod(input.period)) throw new ValidationError('Kỳ phải có dạng YYYY-MM / period must be YYYY-MM');
    if (input.codes.length < 1) throw new ValidationError('Cần ít nhất một đơn vị / at least one unit to merge');
    const r = this.reorganise(
      input.codes.map((c) => ({ oldCode: c, newCode: input.into.code, newName: input.into.name, newType: input.into.type, share: 1 })),
      input.period,
      actor,
    );
    return { unit: input.into.code, ...r };
  }

  /** Apply a whole correspondence table from `period` on: all or nothing. */
  reorganise(rows: ReorgInputRow[], period: string, actor: AuditActor | null, opts: { rebuild?: boolean } = {}): ReorgResult {
    if (!isPeriod(period)) throw new ValidationError('Kỳ phải có dạng YYYY-MM / period must be YYYY-MM');
    const plan = planReorganisation(this.catalog.get(), rows, period);
    this.sqlite.transaction(() => this.write(plan, actor))();
    if (opts.rebuild !== false) {
      // A change of hierarchy is applied by recomputing every aggregate, of both bases, from the reported figures.
      const now = new Date().toISOString();
      for (const basis of BASES) this.rollups.rebuildRollups(basis, this.catalog.get(), now);
    }
    return { created: plan.creates.length, closed: plan.closes.length, moved: plan.moves.length };
  }

  private write(plan: ReorgPlan, actor: AuditActor | null): void {
    const { period } = plan;
    const before = addMonths(period, -1);
    const cat = this.catalog.get();
    const orm = ormOf(this.sqlite);
    const ph = sql.placeholder;
    // Prepared once: a reorganisation of a province moves thousands of units.
    const q = {
      pathOf: orm
        .select({ path: units.path })
        .from(units)
        .where(eq(units.id, ph('id')))
        .prepare(),
      dropLater: orm
        .delete(unitVersions)
        .where(and(eq(unitVersions.unitId, ph('id')), isNotNull(unitVersions.validFrom), gt(unitVersions.validFrom, before)))
        .prepare(),
      endVersion: orm
        .update(unitVersions)
        .set({ validTo: before })
        .where(
          and(
            eq(unitVersions.unitId, ph('id')),
            or(isNull(unitVersions.validFrom), lte(unitVersions.validFrom, before)),
            or(isNull(unitVersions.validTo), gt(unitVersions.validTo, before)),
          ),
        )
        .prepare(),
      newVersion: orm
        .insert(unitVersions)
        .values({
          unitId: ph('unitId'),
          validFrom: period,
          code: ph('code'),
          name: ph('name'),
          type: ph('type'),
          parentId: ph('parentId'),
          sortOrder: ph('sortOrder'),
        })
        .prepare(),
      reparent: orm
        .update(units)
        .set({ parentId: sql`${ph('parentId')}` })
        .where(eq(units.id, ph('id')))
        .prepare(),
      movePaths: orm
        .update(units)
        .set({ path: sql`${ph('newPath')} || substr(${units.path}, ${ph('cut')})` })
        .where(and(gte(units.path, ph('oldPath')), lt(units.path, ph('oldEnd'))))
        .prepare(),
    };
    const pathOf = (id: number) => q.pathOf.get({ id })?.path ?? '/';
    /** End a unit's versions at `before`, dropping any that would start after it. */
    const endVersions = (id: number) => {
      q.dropLater.run({ id });
      q.endVersion.run({ id });
    };
    for (const u of plan.closes) {
      orm.update(units).set({ validTo: before }).where(eq(units.id, u.id)).run();
      endVersions(u.id);
    }
    const ids = new Map<string, number>();
    for (const c of plan.creates) {
      const preds = c.predecessors.map((p) => (cat.units.get(p.unitId) as UnitNode).code);
      const made = orm
        .insert(units)
        .values({
          code: c.code,
          name: c.name,
          level: c.level,
          type: c.type,
          parentId: c.parentId,
          path: '',
          validFrom: period,
          sortOrder: c.sortOrder,
          predecessors: JSON.stringify(preds),
        })
        .returning({ id: units.id })
        .get();
      orm
        .update(units)
        .set({ path: `${pathOf(c.parentId)}${made.id}/` })
        .where(eq(units.id, made.id))
        .run();
      orm
        .insert(unitVersions)
        .values({
          unitId: made.id,
          validFrom: period,
          code: c.code,
          name: c.name,
          type: c.type,
          parentId: c.parentId,
          sortOrder: c.sortOrder,
        })
        .run();
      for (const p of c.predecessors) {
        orm.insert(unitLineage).values({ predecessorId: p.unitId, successorId: made.id, share: p.share, period }).run();
      }
      ids.set(c.code, made.id);
    }
    const sortOf = new Map<number, number>();
    for (const m of plan.moves) {
      const to = ids.get(m.to) as number;
      const v = versionAt(m.unit, before) ?? m.unit.versions.at(-1);
      if (!v) continue;
      const n = (sortOf.get(to) ?? 0) + 1;
      sortOf.set(to, n);
      endVersions(m.unit.id);
      orm
        .insert(unitVersions)
        .values({ unitId: m.unit.id, validFrom: period, code: v.code, name: v.name, type: v.type, parentId: to, sortOrder: n })
        .run();
      orm.update(units).set({ parentId: to }).where(eq(units.id, m.unit.id)).run();
      // The latest path of the unit and everything below it (paths hold digits and "/", all below ":").
      const oldPath = pathOf(m.unit.id);
      const newPath = `${pathOf(to)}${m.unit.id}/`;
      q.movePaths.run({ newPath, cut: oldPath.length + 1, oldPath, oldEnd: `${oldPath}:` });
    }
    bumpCatalogVersion(this.sqlite);
    this.audit.record({
      actor,
      action: 'unit.reorganise',
      unitId: plan.creates[0]?.parentId ?? null,
      target: period,
      before: { units: plan.closes.map((u) => unitByCodeAt(cat, u.code, before)?.code ?? u.code) },
      after: { from: period, units: plan.creates.map((c) => c.code), moved: plan.moves.length },
    });
  }
}
