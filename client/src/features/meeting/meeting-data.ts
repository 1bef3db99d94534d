import type { BreakdownRow } from '@tiendo/shared';
import { lagReasons } from '../ranking/ranking-data.ts';
import { type HistoryMark, historyMark } from '../units/history-mark.ts';

/**
 * The meeting deck: one topic per slide — the overview, each KPI group, the lagging units,
 * the completeness of reporting.
 */
export type Slide = { kind: 'overview' } | { kind: 'group'; group: string } | { kind: 'lagging' } | { kind: 'completeness' };

export function buildSlides(groups: readonly string[], hasUnitsBelow: boolean): Slide[] {
  const slides: Slide[] = [{ kind: 'overview' }, ...groups.map((group) => ({ kind: 'group' as const, group }))];
  if (hasUnitsBelow) slides.push({ kind: 'lagging' }, { kind: 'completeness' });
  return slides;
}

const NEXT_KEYS = new Set(['ArrowRight', 'ArrowDown', 'PageDown', ' ']);
const PREV_KEYS = new Set(['ArrowLeft', 'ArrowUp', 'PageUp']);

/** Where a key press moves the deck; clickers send PageUp/PageDown. */
export function slideAfterKey(key: string, current: number, total: number): number | 'exit' | null {
  if (key === 'Escape') return 'exit';
  if (NEXT_KEYS.has(key)) return Math.min(total - 1, current + 1);
  if (PREV_KEYS.has(key)) return Math.max(0, current - 1);
  if (key === 'Home') return 0;
  if (key === 'End') return total - 1;
  return null;
}

export interface LaggingUnit {
  code: string;
  name: string;
  /** KPIs on which the unit lags, in the order given. */
  kpis: string[];
  /** The unit's report for the month is missing (for any KPI). */
  missing: boolean;
  /** The unit did not exist in the period: what it lags on is its history rebuilt from former units. */
  mark: HistoryMark;
}

/**
 * Units below that are behind a target or did not report, on any KPI; the ones lagging on most
 * KPIs first. The ranking's "bottom group" of KPIs without a target is left out: being small is
 * not being late.
 */
export function laggingSummary(breakdowns: readonly { kpi: string; rows: readonly BreakdownRow[] }[], locale: string): LaggingUnit[] {
  const byUnit = new Map<string, LaggingUnit>();
  for (const b of breakdowns) {
    const lag = lagReasons(b.rows);
    for (const r of b.rows) {
      const reason = lag.get(r.code);
      if (!reason || reason === 'bottom') continue;
      let u = byUnit.get(r.code);
      if (!u) {
        u = { code: r.code, name: r.name, kpis: [], missing: false, mark: null };
        byUnit.set(r.code, u);
      }
      u.kpis.push(b.kpi);
      if (r.reportState === 'missing') u.missing = true;
      const mark = historyMark(r);
      if (mark === 'estimated' || (mark === 'rebuilt' && u.mark === null)) u.mark = mark;
    }
  }
  const collator = new Intl.Collator(locale === 'en' ? 'en' : 'vi');
  return [...byUnit.values()].sort((a, b) => b.kpis.length - a.kpis.length || collator.compare(a.name, b.name));
}
