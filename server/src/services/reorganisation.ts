/**
 * A reorganisation of the map from a period on, planned as a pure function from today's catalogue
 * and a correspondence table (`old_code,new_code,new_name,new_type,share`), then written by the
 * hierarchy service in one transaction. Nothing is edited in place:
 * - every old unit ends the month before; each new unit is a new identity (a code may be reused);
 * - each new unit records its predecessors with the share it took of each;
 * - the units below an old unit move, keeping their identity and figures, to its successor (a
 *   split divides them in proportion to the shares);
 * - a unit above that is left with nothing below it ends too (the districts in July 2025), and a
 *   new unit goes under the nearest ancestor that continues.
 */
import { addMonths } from '@tiendo/shared';
import { ValidationError } from '../errors.ts';
import { ancestorsAt, type Catalog, childrenAt, parentAt, type UnitNode, unitAtView, unitByCodeAt } from './catalog-service.ts';

export interface ReorgInputRow {
  oldCode: string;
  newCode: string;
  newName: string;
  newType: string;
  share: number;
}

export interface PlannedUnit {
  code: string;
  name: string;
  type: string;
  level: number;
  parentId: number;
  sortOrder: number;
  predecessors: { unitId: number; share: number }[];
}

export interface ReorgPlan {
  period: string;
  /** Units that end the month before: the old units and the ancestors left empty. */
  closes: UnitNode[];
  creates: PlannedUnit[];
  /** Units below an old unit that go on under a new one (by the new unit's code). */
  moves: { unit: UnitNode; to: string }[];
}

const CODE = /^[0-9A-Za-z-]{1,32}$/;

/** Row problems, in Vietnamese and English, as the bulk import reports them. */
export function planReorganisation(cat: Catalog, rows: ReorgInputRow[], period: string): ReorgPlan {
  const before = addMonths(period, -1);
  const errors: string[] = [];
  const fail = (line: number, msg: string) => errors.push(`Dòng ${line + 2} / row ${line + 2}: ${msg}`);
  if (rows.length === 0) throw new ValidationError('Bảng chuyển đổi trống / the correspondence table is empty');

  const olds = new Map<string, UnitNode>();
  const shares = new Map<string, number>();
  const news = new Map<string, { name: string; type: string; preds: { unitId: number; share: number }[]; level: number | null }>();
  rows.forEach((r, i) => {
    const old = unitByCodeAt(cat, r.oldCode, before);
    if (!old) fail(i, `mã cũ "${r.oldCode}" không có trong kỳ ${before} / old code "${r.oldCode}" names no unit in ${before}`);
    else if (old.validTo !== null && old.validTo < before) fail(i, `"${r.oldCode}" đã kết thúc / "${r.oldCode}" has ended`);
    if (!CODE.test(r.newCode)) fail(i, `mã mới "${r.newCode}" không hợp lệ / invalid new code "${r.newCode}"`);
    if (!r.newName.trim()) fail(i, 'thiếu tên mới / the new name is missing');
    if (!r.newType.trim()) fail(i, 'thiếu loại đơn vị mới / the new type is missing');
    if (!(r.share > 0 && r.share <= 1)) fail(i, `tỷ lệ phải trong (0, 1] / share must be in (0, 1], got ${r.share}`);
    if (!old) return;
    olds.set(old.code, old);
    shares.set(old.code, (shares.get(old.code) ?? 0) + r.share);
    const n = news.get(r.newCode) ?? { name: r.newName.trim(), type: r.newType.trim(), preds: [], level: null };
    if (n.name !== r.newName.trim()) fail(i, `"${r.newCode}" có hai tên / "${r.newCode}" has two names`);
    if (n.preds.some((p) => p.unitId === old.id)) fail(i, `cặp "${r.oldCode}" → "${r.newCode}" lặp lại / pair repeated`);
    n.preds.push({ unitId: old.id, share: r.share });
    if (n.level !== null && n.level !== old.level) fail(i, `"${r.newCode}" gộp các cấp khác nhau / "${r.newCode}" mixes tiers`);
    n.level = old.level;
    news.set(r.newCode, n);
  });
  for (const [code, total] of shares) {
    if (Math.abs(total - 1) > 1e-6) errors.push(`"${code}": tổng tỷ lệ ${total} khác 1 / shares of "${code}" add up to ${total}, not 1`);
  }
  const closing = new Set([...olds.values()].map((u) => u.id));
  // Ancestors left with nothing below them end too, from the bottom up — below the lowest unit
  // above every old one, which keeps existing and takes the new units.
  const chains = [...olds.values()].map((u) => ancestorsAt(cat, u, before).map((a) => a.id));
  const keep = (chains[0] ?? []).find((id) => chains.every((c) => c.includes(id)));
  let grew = true;
  while (grew) {
    grew = false;
    for (const u of [...closing].map((id) => cat.units.get(id) as UnitNode)) {
      const p = parentAt(cat, u, before);
      if (!p || closing.has(p.id) || p.id === keep) continue;
      if (childrenAt(cat, p, before).every((c) => closing.has(c.id))) {
        closing.add(p.id);
        grew = true;
      }
    }
  }
  for (const code of news.keys()) {
    const taken = unitByCodeAt(cat, code, period) ?? unitByCodeAt(cat, code, before);
    if (taken && !closing.has(taken.id)) errors.push(`mã mới "${code}" đang dùng / new code "${code}" is used by a unit that continues`);
  }
  if (errors.length > 0)
    throw new ValidationError(`Bảng chuyển đổi có ${errors.length} lỗi / the table has ${errors.length} errors`, {
      errors: errors.slice(0, 200),
    });

  const creates: PlannedUnit[] = [];
  let order = 0;
  for (const [code, n] of [...news.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const first = cat.units.get((n.preds[0] as { unitId: number }).unitId) as UnitNode;
    let parent = parentAt(cat, first, before);
    while (parent && closing.has(parent.id)) parent = parentAt(cat, parent, before);
    if (!parent) throw new ValidationError(`"${code}" không có đơn vị cấp trên / "${code}" has no unit above it that continues`);
    creates.push({
      code,
      name: n.name,
      type: n.type,
      level: n.level as number,
      parentId: parent.id,
      sortOrder: order++,
      predecessors: n.preds,
    });
  }

  // The units below each old unit go to its successors, divided by share for a split.
  const moves: { unit: UnitNode; to: string }[] = [];
  for (const old of olds.values()) {
    const succ = creates.filter((c) => c.predecessors.some((p) => p.unitId === old.id));
    const kids = childrenAt(cat, old, before).filter((c) => !closing.has(c.id));
    let given = 0;
    let cumShare = 0;
    succ.forEach((s, i) => {
      cumShare += (s.predecessors.find((p) => p.unitId === old.id) as { share: number }).share;
      const upto = i === succ.length - 1 ? kids.length : Math.round(kids.length * cumShare);
      for (; given < upto; given++) moves.push({ unit: kids[given] as UnitNode, to: s.code });
    });
  }
  return { period, closes: [...closing].map((id) => cat.units.get(id) as UnitNode), creates, moves };
}

/** Parse `old_code,new_code,new_name,new_type,share` rows (header first), already split into cells. */
export function reorgRowsOf(cells: string[][]): ReorgInputRow[] {
  const [header, ...body] = cells;
  const want = ['old_code', 'new_code', 'new_name', 'new_type', 'share'];
  if (!header || want.some((h, i) => (header[i] ?? '').trim().replace(/^\uFEFF/, '') !== h)) {
    throw new ValidationError(`Dòng đầu phải là "${want.join(',')}" / the first row must be "${want.join(',')}"`);
  }
  return body
    .filter((r) => r.some((c) => c.trim() !== ''))
    .map((r) => ({
      oldCode: (r[0] ?? '').trim(),
      newCode: (r[1] ?? '').trim(),
      newName: (r[2] ?? '').trim(),
      newType: (r[3] ?? '').trim(),
      share: Number((r[4] ?? '').trim().replace(',', '.')),
    }));
}

/** For messages: the unit as it was before the reorganisation. */
export function describeOld(u: UnitNode, period: string): string {
  const v = unitAtView(u, addMonths(period, -1));
  return `${v.type} ${v.name} (${v.code})`;
}
