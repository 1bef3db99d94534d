/** The targets list as edited on screen, its checks, and the PUT body. */
import { isPeriod, type TargetInput, type TargetsReply, type UnitRef } from '@tiendo/shared';

export interface TargetRow {
  key: string;
  scope: 'level' | 'unit';
  level: string;
  unit: UnitRef | null;
  value: string;
  deadline: string;
}

let seq = 0;
export const newRowKey = () => `t${++seq}`;

export function rowsOf(reply: TargetsReply): TargetRow[] {
  return reply.targets.map((t) => ({
    key: String(t.id),
    scope: t.unit ? 'unit' : 'level',
    level: String(t.level ?? 1),
    unit: t.unit,
    value: String(t.value),
    deadline: t.deadline,
  }));
}

export type RowProblems = Partial<Record<'value' | 'deadline' | 'unit' | 'row', string>>;

/** Numbers may be typed with a decimal comma, as Vietnamese readers write them. */
export function parseNumber(s: string): number | null {
  const t = s.trim().replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(t)) return null;
  return Number(t);
}

export function targetProblems(rows: TargetRow[]): RowProblems[] {
  const seen = new Map<string, number>();
  return rows.map((r) => {
    const p: RowProblems = {};
    if (parseNumber(r.value) === null) p.value = 'admin.targets.valueRule';
    if (!isPeriod(r.deadline.trim())) p.deadline = 'admin.targets.deadlineRule';
    if (r.scope === 'unit' && !r.unit) p.unit = 'admin.users.unitRequired';
    const k = `${r.scope === 'unit' ? `u${r.unit?.code}` : `l${r.level}`}|${r.deadline.trim()}`;
    if (seen.has(k)) p.row = 'admin.targets.duplicate';
    seen.set(k, 1);
    return p;
  });
}

export function bodyOfTargets(rows: TargetRow[]): TargetInput[] {
  return rows.map((r) => ({
    ...(r.scope === 'unit' ? { unit: r.unit?.code ?? '' } : { level: Number(r.level) }),
    value: parseNumber(r.value) ?? 0,
    deadline: r.deadline.trim(),
  }));
}
