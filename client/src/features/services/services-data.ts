/**
 * The essential-services matrix: which are live and since when. The checklist's series carries,
 * for every month, how many units had each item live, so "since" is read from it alone.
 */
import type { ChecklistItem, Figure, SeriesPoint } from '@tiendo/shared';

export interface ServiceRow {
  code: string;
  order: number;
  name: string;
  nameEn: string | null;
  lead: string | null;
  live: boolean;
  /** First month (among the change months) since which the item has been live. */
  since: string | null;
  /** True when it was already live in the first month we have: "since then or earlier". */
  sinceFirst: boolean;
}

/**
 * An item's "since" is the first month of the run of months, up to the latest, in which it was
 * live (months without a figure do not break the run); `sinceFirst` when that run starts at the
 * series' first month with a figure ("since then or earlier").
 */
export function serviceRows(
  items: readonly ChecklistItem[],
  current: Pick<Figure, 'items'>,
  points: readonly Pick<SeriesPoint, 'period' | 'items'>[],
): ServiceRow[] {
  const months = points.filter((p) => p.items !== undefined);
  return items
    .filter((i) => !i.retired)
    .sort((a, b) => a.order - b.order)
    .map((item) => {
      const live = (current.items ?? []).some((i) => i.code === item.code && i.done > 0);
      let since: string | null = null;
      let sinceFirst = false;
      if (live) {
        for (let i = months.length - 1; i >= 0; i--) {
          const month = months[i];
          if (!month || !((month.items?.[item.code] ?? 0) > 0)) break;
          since = month.period;
          sinceFirst = i === 0;
        }
      }
      return { code: item.code, order: item.order, name: item.name, nameEn: item.nameEn, lead: item.lead, live, since, sinceFirst };
    });
}
