/**
 * The targets as edited on screen: the list in force at the open period, from which period a
 * change applies, the history of each unit or tier, and the correction of one past period.
 */
import {
  addMonths,
  isPeriod,
  type TargetCorrectionBody,
  type TargetHistoryEntry,
  type TargetInput,
  type TargetsReply,
  type UnitRef,
} from '@tiendo/shared';

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

/** The targets in force at the open period, as rows to edit. */
export function rowsOf(reply: TargetsReply): TargetRow[] {
  return reply.current.map((t) => ({
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

const rowScope = (r: TargetRow) => (r.scope === 'unit' ? `u${r.unit?.code ?? ''}` : `l${r.level}`);

/** One target per unit or tier: they all start from the same period. */
export function targetProblems(rows: TargetRow[]): RowProblems[] {
  const seen = new Set<string>();
  return rows.map((r) => {
    const p: RowProblems = {};
    if (parseNumber(r.value) === null) p.value = 'admin.targets.valueRule';
    if (!isPeriod(r.deadline.trim())) p.deadline = 'admin.targets.deadlineRule';
    if (r.scope === 'unit' && !r.unit) p.unit = 'admin.users.unitRequired';
    const k = rowScope(r);
    if (seen.has(k)) p.row = 'admin.targets.duplicate';
    seen.add(k);
    return p;
  });
}

export function bodyOfTargets(rows: TargetRow[], from: string): TargetInput[] {
  return rows.map((r) => ({
    ...(r.scope === 'unit' ? { unit: r.unit?.code ?? '' } : { level: Number(r.level) }),
    value: parseNumber(r.value) ?? 0,
    deadline: r.deadline.trim(),
    from,
  }));
}

/** Periods a change can start from: the open one (first) and the months after; never earlier. */
export function fromChoices(open: string, months = 24): string[] {
  return Array.from({ length: months + 1 }, (_, i) => addMonths(open, i));
}

/** Rows in force that the list no longer has: the server removes them from the open period. */
export function droppedScopes(reply: TargetsReply, rows: TargetRow[]): number {
  const kept = new Set(rows.map(rowScope));
  return reply.current.filter((t) => !kept.has(t.unit ? `u${t.unit.code}` : `l${t.level}`)).length;
}

export interface HistoryGroup {
  key: string;
  unit: UnitRef | null;
  level: number | null;
  entries: TargetHistoryEntry[];
}

const entryScope = (h: Pick<TargetHistoryEntry, 'unit' | 'level'>) => (h.unit ? `u${h.unit.code}` : `l${h.level}`);

/** The history grouped by unit or tier, in the server's order (tiers first, oldest first within). */
export function historyGroups(reply: TargetsReply): HistoryGroup[] {
  const groups = new Map<string, HistoryGroup>();
  for (const h of reply.history) {
    const key = entryScope(h);
    const g = groups.get(key) ?? { key, unit: h.unit, level: h.unit ? null : h.level, entries: [] };
    g.entries.push(h);
    groups.set(key, g);
  }
  return [...groups.values()];
}

/**
 * The entry that decided a unit's or tier's own target in a period (the server's rule): a
 * correction of that period, else the latest start on or before it; null when none or removed.
 */
export function heldAt(history: readonly TargetHistoryEntry[], scope: string, period: string): TargetHistoryEntry | null {
  let fix: TargetHistoryEntry | null = null;
  let standing: TargetHistoryEntry | null = null;
  for (const h of history) {
    if (entryScope(h) !== scope || h.superseded) continue;
    if (h.correction) {
      if (h.from === period) fix = h;
    } else if ((h.from ?? '') <= period && (!standing || (h.from ?? '') >= (standing.from ?? ''))) {
      standing = h;
    }
  }
  const found = fix ?? standing;
  return found && !found.removed ? found : null;
}

export interface CorrectionDraft {
  period: string;
  scope: 'level' | 'unit';
  level: string;
  unit: UnitRef | null;
  value: string;
  deadline: string;
  reason: string;
}

export type CorrectionProblems = Partial<Record<'period' | 'value' | 'deadline' | 'unit' | 'reason' | 'same', string>>;

/** Past periods a correction can name, newest first. */
export function pastPeriods(open: string, start: string): string[] {
  const out: string[] = [];
  for (let p = addMonths(open, -1); p >= start; p = addMonths(p, -1)) out.push(p);
  return out;
}

/** A draft for a period and a unit or tier, with the target that held then filled in. */
export function correctionDraft(
  reply: TargetsReply,
  period: string,
  scope: Pick<CorrectionDraft, 'scope' | 'level' | 'unit'>,
  reason = '',
): CorrectionDraft {
  const held = heldAt(reply.history, scope.scope === 'unit' ? `u${scope.unit?.code ?? ''}` : `l${scope.level}`, period);
  return {
    period,
    ...scope,
    value: held ? String(held.value) : '',
    deadline: held?.deadline ?? '',
    reason,
  };
}

export const MIN_REASON = 5;

export function correctionProblems(d: CorrectionDraft, reply: TargetsReply): CorrectionProblems {
  const p: CorrectionProblems = {};
  if (!isPeriod(d.period) || d.period >= reply.open) p.period = 'admin.targets.correction.periodRule';
  const value = parseNumber(d.value);
  if (value === null) p.value = 'admin.targets.valueRule';
  if (!isPeriod(d.deadline.trim())) p.deadline = 'admin.targets.deadlineRule';
  if (d.scope === 'unit' && !d.unit) p.unit = 'admin.users.unitRequired';
  if (d.reason.trim().length < MIN_REASON) p.reason = 'admin.targets.correction.reasonRule';
  const held = heldAt(reply.history, d.scope === 'unit' ? `u${d.unit?.code ?? ''}` : `l${d.level}`, d.period);
  if (held && value === held.value && d.deadline.trim() === held.deadline) p.same = 'admin.targets.correction.same';
  return p;
}

export function correctionBody(d: CorrectionDraft): TargetCorrectionBody {
  return {
    period: d.period,
    ...(d.scope === 'unit' ? { unit: d.unit?.code ?? '' } : { level: Number(d.level) }),
    value: parseNumber(d.value) ?? 0,
    deadline: d.deadline.trim(),
    reason: d.reason.trim(),
  };
}
