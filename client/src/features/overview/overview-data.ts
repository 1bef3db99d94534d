/**
 * Shapes the catalogue and one month's figures into what the overview shows. Pure: the cards
 * and the browser tests both call these, so the screen and the check cannot disagree.
 */
import type { Figure, FigureStatus, Kpi, SeriesPoint } from '@tiendo/shared';
import { formatNumber, formatPercent, formatSigned, type Lang } from '../../i18n/format.ts';
import { type HistoryMark, historyMark } from '../units/history-mark.ts';

export interface KpiCardModel {
  kpi: Kpi;
  figure: Figure;
}

export interface KpiGroupModel {
  group: string;
  name: string;
  nameEn: string;
  cards: KpiCardModel[];
}

/** Cards grouped as the catalogue groups them, groups and cards in catalogue order. */
export function groupCards(kpis: readonly Kpi[], figures: readonly Figure[]): KpiGroupModel[] {
  const byCode = new Map(figures.map((f) => [f.kpi, f]));
  const groups = new Map<string, KpiGroupModel>();
  const sorted = kpis.filter((k) => !k.retired).map((k, i) => ({ k, i }));
  for (const { k } of sorted) {
    const figure = byCode.get(k.code);
    if (!figure) continue;
    let g = groups.get(k.group);
    if (!g) {
      g = { group: k.group, name: k.groupName, nameEn: k.groupNameEn, cards: [] };
      groups.set(k.group, g);
    }
    g.cards.push({ kpi: k, figure });
  }
  for (const g of groups.values()) g.cards.sort((a, b) => a.kpi.order - b.kpi.order);
  return [...groups.values()];
}

/**
 * True when no unit reported anything for the month itself: what is on screen is only running
 * totals and levels carried from earlier months, and the page says so.
 */
export function isMonthEmpty(figures: readonly Figure[]): boolean {
  return !figures.some((f) => f.value !== null && !f.carried && f.source !== 'none');
}

/** True when a card has anything at all to show. */
export function hasFigure(f: Figure): boolean {
  return f.value !== null || (f.cumulative ?? null) !== null;
}

/**
 * The headline of a card. Counts lead with the running total (the article's "3.4 M received"
 * is cumulative), ratios with the percentage, checklists with "done/total".
 */
export function primaryValue(kpi: Pick<Kpi, 'kind'>, f: Figure, lang: Lang): string {
  switch (kpi.kind) {
    case 'count':
      return formatNumber(f.cumulative ?? f.value, lang);
    case 'ratio':
      return formatPercent(f.value, lang, 1, [100, ...(f.target === undefined ? [] : [f.target])]);
    case 'checklist':
      return f.value === null ? '—' : `${formatNumber(f.value, lang)}/${formatNumber(f.itemsTotal ?? null, lang)}`;
    default:
      return formatNumber(f.value, lang);
  }
}

export function targetValue(kpi: Pick<Kpi, 'kind'>, f: Figure, lang: Lang): string | null {
  if (f.target === undefined) return null;
  if (kpi.kind === 'ratio') return formatPercent(f.target, lang, 1);
  if (kpi.kind === 'checklist') return `${formatNumber(f.target, lang)}/${formatNumber(f.itemsTotal ?? f.target, lang)}`;
  return formatNumber(f.target, lang);
}

export type ChangeModel = { kind: 'none' } | { kind: 'flat' } | { kind: 'up' | 'down'; text: string; points: boolean };

/** Change vs last month; ratios move in percentage points, everything else in its own unit. */
export function changeModel(kpi: Pick<Kpi, 'kind'>, f: Figure, lang: Lang): ChangeModel {
  if (f.change === null || f.change === undefined) return { kind: 'none' };
  const points = kpi.kind === 'ratio';
  const digits = points ? 1 : 0;
  const text = formatSigned(f.change, lang, digits);
  if (Number(f.change.toFixed(digits)) === 0) return { kind: 'flat' };
  return { kind: f.change > 0 ? 'up' : 'down', text, points };
}

/** Values for the small trend line: monthly flow for counts, the level for everything else. */
export function sparklineValues(points: readonly SeriesPoint[]): number[] {
  return points.map((p) => p.value).filter((v): v is number => v !== null);
}

export interface SparklineModel {
  values: number[];
  /**
   * How many of the first values are history rebuilt from former units (the unit did not exist
   * yet): the line is dashed up to the first value the unit reported itself.
   */
  rebuilt: number;
  /** Some of the rebuilt values are estimates (a split unit's figure shared out). */
  estimated: boolean;
}

/** The small trend line with its rebuilt start marked; gaps left out as in `sparklineValues`. */
export function sparklineModel(points: readonly SeriesPoint[]): SparklineModel {
  const shown = points.filter((p): p is SeriesPoint & { value: number } => p.value !== null);
  let rebuilt = 0;
  while (rebuilt < shown.length && historyMark(shown[rebuilt] as SeriesPoint) !== null) rebuilt++;
  return { values: shown.map((p) => p.value), rebuilt, estimated: shown.slice(0, rebuilt).some((p) => p.estimated === true) };
}

/** The mark of a card's figure: rebuilt from former units, estimated, or its own. */
export function figureMark(f: Pick<Figure, 'rebuilt' | 'estimated'>): HistoryMark {
  return historyMark(f);
}

export type StatusCounts = Record<FigureStatus, number>;

export function statusCounts(figures: readonly Figure[]): StatusCounts {
  const out: StatusCounts = { achieved: 0, on_track: 0, at_risk: 0, off_track: 0, no_target: 0 };
  for (const f of figures) if (hasFigure(f)) out[f.status] += 1;
  return out;
}

/** The newest update among the figures: what "as of" means for the whole page. */
export function latestUpdate(figures: readonly Figure[]): string | null {
  let best: string | null = null;
  for (const f of figures) if (f.updatedAt && (best === null || f.updatedAt > best)) best = f.updatedAt;
  return best;
}
