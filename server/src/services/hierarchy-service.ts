/**
 * Changes of the map of units without breaking history: units are never edited in place.
 * Merging closes the old units (and everything under them) at the end of the month before, opens
 * a successor with its own code and a copy of their subtrees, records where each came from, and
 * rebuilds the roll-ups, so every past month still adds up exactly as it was reported.
 */
import { addMonths, isPeriod } from '@tiendo/shared';
import type { Sqlite } from '../db/client.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import type { AuditActor, AuditService } from './audit-service.ts';
import { bumpCatalogVersion, type CatalogService, isValidAt, type UnitNode } from './catalog-service.ts';
import type { RollupService } from './rollup-service.ts';

export interface MergeInput {
  /** Units to merge: same level, same parent, all existing in `period`. */
  codes: string[];
  into: { code: string; name: string; type: string };
  /** First period of the merged unit. */
  period: string;
}

export class HierarchyService {
  constructor(
    private readonly sqlite: Sqlite,
    private readonly catalog: CatalogService,
    private readonly rollups: RollupService[],
    private readonly audit: AuditService,
  ) {}

  merge(input: MergeInput, actor: AuditActor | null): { unit: string; created: number; closed: number } {
    const { period, into } = input;
    if (!isPeriod(period)) throw new ValidationError('Kỳ phải có dạng YYYY-MM / period must be YYYY-MM');
    if (input.codes.length < 1) throw new ValidationError('Cần ít nhất một đơn vị / at least one unit to merge');
    if (!/^[0-9A-Za-z-]{1,32}$/.test(into.code)) throw new ValidationError('Mã đơn vị không hợp lệ / invalid unit code');
    const old = input.codes.map((c) => this.catalog.unit(c));
    const first = old[0] as UnitNode;
    if (this.catalog.get().unitsByCode.has(into.code)) throw new ConflictError(`Mã "${into.code}" đã có / code "${into.code}" is taken`);
    for (const u of old) {
      if (u.level !== first.level || u.parentId !== first.parentId) {
        throw new ValidationError('Các đơn vị phải cùng cấp và cùng đơn vị cha / units must share level and parent');
      }
      if (!isValidAt(u, period))
        throw new ValidationError(`"${u.code}" không tồn tại trong kỳ ${period} / "${u.code}" does not exist in ${period}`);
    }
    const { units } = this.catalog.get();
    const parent = first.parentId === null ? null : (units.get(first.parentId) as UnitNode);
    const lastOld = addMonths(period, -1);
    let created = 0;
    let closed = 0;
    const insert = this.sqlite.prepare(
      `INSERT INTO units (code, name, level, type, parent_id, path, valid_from, valid_to, sort_order, predecessors)
       VALUES (?, ?, ?, ?, ?, '', ?, NULL, ?, ?)`,
    );
    const setPath = this.sqlite.prepare('UPDATE units SET path = ? WHERE id = ?');
    const close = this.sqlite.prepare('UPDATE units SET valid_to = ? WHERE id = ? AND (valid_to IS NULL OR valid_to > ?)');
    const create = (
      code: string,
      name: string,
      type: string,
      level: number,
      parentId: number | null,
      parentPath: string,
      sort: number,
      from: string[],
    ) => {
      const id = Number(insert.run(code, name, level, type, parentId, period, sort, JSON.stringify(from)).lastInsertRowid);
      const path = `${parentPath}${id}/`;
      setPath.run(path, id);
      created++;
      return { id, path };
    };
    const closeTree = (u: UnitNode) => {
      closed += close.run(lastOld, u.id, lastOld).changes;
      for (const c of u.children) closeTree(units.get(c) as UnitNode);
    };

    this.sqlite.transaction(() => {
      const root = create(into.code, into.name, into.type, first.level, first.parentId, parent?.path ?? '/', first.sortOrder, input.codes);
      // The units below are carried over under new codes, numbered afresh and traced to their predecessors.
      let n = 0;
      for (const u of old) {
        for (const cid of u.children) {
          const child = units.get(cid) as UnitNode;
          if (!isValidAt(child, period)) continue;
          n++;
          const name = child.name.replace(/\d+$/, String(n));
          const copy = (src: UnitNode, code: string, label: string, parentId: number, parentPath: string, sort: number) => {
            const made = create(code, label, src.type, src.level, parentId, parentPath, sort, [src.code]);
            let m = 0;
            for (const g of src.children) {
              const gc = units.get(g) as UnitNode;
              if (!isValidAt(gc, period)) continue;
              m++;
              copy(gc, `${code}-${String(m).padStart(2, '0')}`, gc.name, made.id, made.path, m);
            }
          };
          copy(child, `${into.code}-${String(n).padStart(2, '0')}`, name, root.id, root.path, n);
        }
        closeTree(u);
      }
      bumpCatalogVersion(this.sqlite);
      this.audit.record({
        actor,
        action: 'unit.merge',
        unitId: first.parentId,
        target: into.code,
        before: { units: input.codes },
        after: { unit: into.code, name: into.name, from: period },
      });
    })();
    // A change of hierarchy is applied by recomputing every aggregate from the reported figures.
    const now = new Date().toISOString();
    for (const r of this.rollups) r.rebuildRollups(this.catalog.get(), now);
    return { unit: into.code, created, closed };
  }
}
