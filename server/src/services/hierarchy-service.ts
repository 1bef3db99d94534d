/**
 * Changes of the map of units without breaking history: units are never edited in place. A
 * reorganisation (planned in `reorganisation.ts`) ends the old units the month before, opens the
 * new ones with their lineage, moves the units below to their successors with a new version from
 * that month, and rebuilds the roll-ups, so every past month still adds up exactly as reported.
 */
import { addMonths, isPeriod } from '@tiendo/shared';
import type { Sqlite } from '../db/client.ts';
import { ValidationError } from '../errors.ts';
import type { AuditActor, AuditService } from './audit-service.ts';
import { bumpCatalogVersion, type CatalogService, type UnitNode, unitByCodeAt, versionAt } from './catalog-service.ts';
import { planReorganisation, type ReorgInputRow, type ReorgPlan } from './reorganisation.ts';
import type { RollupService } from './rollup-service.ts';

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
    private readonly rollups: RollupService[],
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
      // A change of hierarchy is applied by recomputing every aggregate from the reported figures.
      const now = new Date().toISOString();
      for (const r of this.rollups) r.rebuildRollups(this.catalog.get(), now);
    }
    return { created: plan.creates.length, closed: plan.closes.length, moved: plan.moves.length };
  }

  private write(plan: ReorgPlan, actor: AuditActor | null): void {
    const { period } = plan;
    const before = addMonths(period, -1);
    const cat = this.catalog.get();
    const s = {
      closeUnit: this.sqlite.prepare('UPDATE units SET valid_to = ? WHERE id = ?'),
      dropLater: this.sqlite.prepare('DELETE FROM unit_versions WHERE unit_id = ? AND valid_from IS NOT NULL AND valid_from > ?'),
      closeVersion: this.sqlite.prepare(
        'UPDATE unit_versions SET valid_to = ? WHERE unit_id = ? AND (valid_from IS NULL OR valid_from <= ?) AND (valid_to IS NULL OR valid_to > ?)',
      ),
      insertUnit: this.sqlite.prepare(
        `INSERT INTO units (code, name, level, type, parent_id, path, valid_from, valid_to, sort_order, predecessors)
         VALUES (?, ?, ?, ?, ?, '', ?, NULL, ?, ?)`,
      ),
      setPath: this.sqlite.prepare('UPDATE units SET path = ? WHERE id = ?'),
      insertVersion: this.sqlite.prepare(
        `INSERT INTO unit_versions (unit_id, valid_from, valid_to, code, name, type, parent_id, sort_order)
         VALUES (?, ?, NULL, ?, ?, ?, ?, ?)`,
      ),
      lineage: this.sqlite.prepare('INSERT INTO unit_lineage (predecessor_id, successor_id, share, period) VALUES (?, ?, ?, ?)'),
      moveUnit: this.sqlite.prepare('UPDATE units SET parent_id = ? WHERE id = ?'),
      movePaths: this.sqlite.prepare(`UPDATE units SET path = ? || substr(path, ?) WHERE path >= ? AND path < ? || ':'`),
      pathOf: this.sqlite.prepare('SELECT path FROM units WHERE id = ?').pluck(),
    };
    for (const u of plan.closes) {
      s.closeUnit.run(before, u.id);
      s.dropLater.run(u.id, before);
      s.closeVersion.run(before, u.id, before, before);
    }
    const ids = new Map<string, number>();
    for (const c of plan.creates) {
      const preds = c.predecessors.map((p) => (cat.units.get(p.unitId) as UnitNode).code);
      const id = Number(
        s.insertUnit.run(c.code, c.name, c.level, c.type, c.parentId, period, c.sortOrder, JSON.stringify(preds)).lastInsertRowid,
      );
      s.setPath.run(`${s.pathOf.get(c.parentId) as string}${id}/`, id);
      s.insertVersion.run(id, period, c.code, c.name, c.type, c.parentId, c.sortOrder);
      for (const p of c.predecessors) s.lineage.run(p.unitId, id, p.share, period);
      ids.set(c.code, id);
    }
    const sortOf = new Map<number, number>();
    for (const m of plan.moves) {
      const to = ids.get(m.to) as number;
      const v = versionAt(m.unit, before) ?? m.unit.versions.at(-1);
      if (!v) continue;
      const n = (sortOf.get(to) ?? 0) + 1;
      sortOf.set(to, n);
      s.dropLater.run(m.unit.id, before);
      s.closeVersion.run(before, m.unit.id, before, before);
      s.insertVersion.run(m.unit.id, period, v.code, v.name, v.type, to, n);
      s.moveUnit.run(to, m.unit.id);
      const oldPath = s.pathOf.get(m.unit.id) as string;
      const newPath = `${s.pathOf.get(to) as string}${m.unit.id}/`;
      s.movePaths.run(newPath, oldPath.length + 1, oldPath, oldPath);
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
