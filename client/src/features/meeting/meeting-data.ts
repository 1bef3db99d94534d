import type { BreakdownRow, CompletenessReply, KpiKind, Proposal, Task, TaskStatus } from '@tiendo/shared';
import { isBehind, targetMeasure, unitsBehindOn } from '@tiendo/shared/figure-rules';
import { type HistoryMark, historyMark } from '../units/history-mark.ts';

/**
 * The meeting deck, in the order a steering committee's monthly meeting runs: the month at a
 * glance, each KPI group's trend against its target, the units behind and why, who reported,
 * the tasks of the last meeting, the proposals waiting for an answer.
 */
export type Slide =
  | { kind: 'overview' }
  | { kind: 'group'; group: string }
  | { kind: 'behind' }
  | { kind: 'completeness' }
  | { kind: 'tasks' }
  | { kind: 'proposals' };

export type SlideKind = Slide['kind'];

/**
 * A team has no units below, no meeting and nobody to answer: its deck is its own figures only.
 */
export function buildSlides(groups: readonly string[], hasUnitsBelow: boolean): Slide[] {
  const slides: Slide[] = [{ kind: 'overview' }, ...groups.map((group) => ({ kind: 'group' as const, group }))];
  if (hasUnitsBelow) slides.push({ kind: 'behind' }, { kind: 'completeness' }, { kind: 'tasks' }, { kind: 'proposals' });
  return slides;
}

const NEXT_KEYS = new Set(['ArrowRight', 'ArrowDown', 'PageDown', ' ']);
const PREV_KEYS = new Set(['ArrowLeft', 'ArrowUp', 'PageUp']);

/** Where a key press moves the deck; presenter remotes send PageUp/PageDown. */
export function slideAfterKey(key: string, current: number, total: number): number | 'exit' | null {
  if (key === 'Escape') return 'exit';
  if (NEXT_KEYS.has(key)) return Math.min(total - 1, current + 1);
  if (PREV_KEYS.has(key)) return Math.max(0, current - 1);
  if (key === 'Home') return 0;
  if (key === 'End') return total - 1;
  return null;
}

// ——— units behind ———

export interface BehindFigure {
  kpi: string;
  /** What the target is measured against: the running total for counts, the figure otherwise. */
  value: number | null;
  target: number | null;
  attainment: number;
  status: BreakdownRow['status'];
}

export interface UnitBehind {
  code: string;
  name: string;
  type: string;
  /** The KPI it is furthest from its target on. */
  worst: BehindFigure;
  /** Every KPI it is behind on, furthest first. */
  kpis: BehindFigure[];
  /**
   * What the unit wrote: its explanation of the worst figure, else of another figure it is behind
   * on (an explanation of a flagged value, or its difficulties); null when it explained nothing.
   */
  note: NonNullable<BreakdownRow['note']> | null;
  /** The unit did not exist in the period: its figures are history rebuilt from former units. */
  mark: HistoryMark;
}

export interface BehindSummary {
  /** Units on the level below (the breakdown's rows). */
  units: number;
  /** Units behind a target on at least one KPI, furthest behind first. */
  behind: UnitBehind[];
  /** KPIs with units behind, with how many; the KPI with most first. */
  byKpi: { kpi: string; count: number }[];
  /** Units behind that gave no reason. */
  unexplained: number;
}

/**
 * The units of the level below that are behind a target, chosen on each KPI by the rule the
 * report chooses them by (`unitsBehindOn`: off track or at risk, and reported), the furthest
 * behind first: by the attainment of their worst KPI, then by how many KPIs they are behind on.
 * A unit that did not report is not "behind": it shows on the completeness slide.
 */
export function unitsBehind(
  breakdowns: readonly { kpi: string; kind: KpiKind; rows: readonly BreakdownRow[] }[],
  locale: string,
): BehindSummary {
  const byUnit = new Map<string, { row: BreakdownRow; kpis: { figure: BehindFigure; note: BreakdownRow['note'] }[]; mark: HistoryMark }>();
  const byKpi: { kpi: string; count: number }[] = [];
  let units = 0;
  for (const b of breakdowns) {
    units = Math.max(units, b.rows.length);
    const behind = unitsBehindOn(b.rows);
    for (const r of behind) {
      let u = byUnit.get(r.code);
      if (!u) {
        u = { row: r, kpis: [], mark: null };
        byUnit.set(r.code, u);
      }
      u.kpis.push({
        figure: { kpi: b.kpi, value: targetMeasure(b.kind, r), target: r.target, attainment: r.attainment, status: r.status },
        note: r.note,
      });
      const mark = historyMark(r);
      if (mark === 'estimated' || (mark === 'rebuilt' && u.mark === null)) u.mark = mark;
    }
    if (behind.length > 0) byKpi.push({ kpi: b.kpi, count: behind.length });
  }
  const behind: UnitBehind[] = [...byUnit.values()].map(({ row, kpis, mark }) => {
    const sorted = [...kpis].sort((a, b) => a.figure.attainment - b.figure.attainment);
    const first = sorted[0] as (typeof sorted)[number];
    const note = first.note ?? sorted.find((k) => k.note)?.note ?? null;
    return { code: row.code, name: row.name, type: row.type, worst: first.figure, kpis: sorted.map((k) => k.figure), note, mark };
  });
  const collator = new Intl.Collator(locale === 'en' ? 'en' : 'vi');
  behind.sort((a, b) => a.worst.attainment - b.worst.attainment || b.kpis.length - a.kpis.length || collator.compare(a.name, b.name));
  byKpi.sort((a, b) => b.count - a.count);
  return { units, behind, byKpi, unexplained: behind.filter((u) => u.note === null).length };
}

/**
 * How the units below stand on one KPI with a target: how many reached it, how many are behind,
 * and the one furthest from it (the ranking a leader asks for, in one line).
 */
export function belowOnTarget(
  rows: readonly BreakdownRow[],
  count = 5,
): { units: number; achieved: number; behind: number; lowest: BreakdownRow[] } | null {
  const withTarget = rows.filter((r) => r.target !== null && r.status !== 'no_target');
  if (withTarget.length === 0) return null;
  const lowest = unitsBehindOn(withTarget).slice(0, count);
  return {
    units: rows.length,
    achieved: withTarget.filter((r) => r.status === 'achieved').length,
    behind: withTarget.filter(isBehind).length,
    lowest,
  };
}

// ——— completeness: who is late ———

export interface MissingByParent {
  parent: string;
  count: number;
}

/**
 * The units that have not reported, counted by the unit above them: "Xã Ba Vì: 3 teams" is who
 * to call, where a list of a hundred "Tổ dân phố số N" is not.
 */
export function missingByParent(missing: CompletenessReply['missing'], locale: string): MissingByParent[] {
  const counts = new Map<string, number>();
  for (const m of missing) {
    const parent = m.parentName ?? m.name;
    counts.set(parent, (counts.get(parent) ?? 0) + 1);
  }
  const collator = new Intl.Collator(locale === 'en' ? 'en' : 'vi');
  return [...counts.entries()]
    .map(([parent, count]) => ({ parent, count }))
    .sort((a, b) => b.count - a.count || collator.compare(a.parent, b.parent));
}

/** The units of the level below that sent their report after the deadline, or not at all. */
export function lateBelow(rows: readonly BreakdownRow[], locale: string): { late: BreakdownRow[]; missing: BreakdownRow[] } {
  const collator = new Intl.Collator(locale === 'en' ? 'en' : 'vi');
  const byName = (a: BreakdownRow, b: BreakdownRow) => collator.compare(a.name, b.name);
  return {
    late: rows.filter((r) => r.reportState === 'late').sort(byName),
    missing: rows.filter((r) => r.reportState === 'missing').sort(byName),
  };
}

// ——— tasks of the last meeting ———

/**
 * The tasks in four piles that add up to the total, as the meeting goes through them: done,
 * overdue (past the deadline and not done, whatever the unit says of it), blocked within the
 * deadline, and under way within the deadline (in progress or not started yet).
 */
export interface TaskBoard {
  total: number;
  done: number;
  overdue: number;
  blocked: number;
  onSchedule: number;
  /** Overdue first, then blocked, in progress, not started, done; earliest deadline first within each. */
  ordered: Task[];
}

const TASK_ORDER: Record<TaskStatus, number> = { blocked: 1, in_progress: 2, not_started: 3, done: 4 };

const isOverdue = (t: Task) => t.overdue && t.status !== 'done';

export function taskBoard(tasks: readonly Task[]): TaskBoard {
  const rank = (t: Task) => (isOverdue(t) ? 0 : TASK_ORDER[t.status]);
  const ordered = [...tasks].sort((a, b) => rank(a) - rank(b) || a.deadline.localeCompare(b.deadline) || a.id - b.id);
  const pile = (p: (t: Task) => boolean) => tasks.filter(p).length;
  return {
    total: tasks.length,
    done: pile((t) => t.status === 'done'),
    overdue: pile(isOverdue),
    blocked: pile((t) => t.status === 'blocked' && !isOverdue(t)),
    onSchedule: pile((t) => (t.status === 'in_progress' || t.status === 'not_started') && !isOverdue(t)),
    ordered,
  };
}

// ——— proposals waiting for an answer ———

/** Days after which a proposal waiting for an answer is called old on the slide. */
export const OLD_PROPOSAL_DAYS = 30;

export function waitingProposals(waiting: readonly Proposal[]): { ordered: Proposal[]; old: number; oldest: number | null } {
  const ordered = waiting.filter((p) => p.state === 'open').sort((a, b) => b.ageDays - a.ageDays || a.id - b.id);
  return {
    ordered,
    old: ordered.filter((p) => p.ageDays >= OLD_PROPOSAL_DAYS).length,
    oldest: ordered[0]?.ageDays ?? null,
  };
}

// ——— presenter window ———

/**
 * What goes between the deck and its presenter window: a move, and a newly opened window asking
 * where the deck is. `place` (unit, period, map) keeps two decks of different units apart.
 */
export type DeckMessage = { type: 'slide'; place: string; slide: number } | { type: 'hello'; place: string };

export function isDeckMessage(m: unknown): m is DeckMessage {
  if (!m || typeof m !== 'object') return false;
  const x = m as Record<string, unknown>;
  if (typeof x.place !== 'string') return false;
  return (x.type === 'slide' && typeof x.slide === 'number' && Number.isInteger(x.slide) && x.slide >= 0) || x.type === 'hello';
}
