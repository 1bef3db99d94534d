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
