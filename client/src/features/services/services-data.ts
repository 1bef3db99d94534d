/**
 * The essential-services matrix: which are live and since when. The series tells in which
 * months the count changed; only those months' figures are fetched to see which items flipped.
 */
import type { ChecklistItem, Figure, SeriesPoint } from '@tiendo/shared';

/** Months in which the checklist could have changed: the first one and every change of count. */
export function changeMonths(points: readonly SeriesPoint[]): string[] {
  const out: string[] = [];
  let prev: number | null | undefined;
  for (const p of points) {
    if (p.value === null) continue;
    if (prev === undefined || p.value !== prev) out.push(p.period);
    prev = p.value;
  }
  return out;
}

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
 * `snapshots` are the checklist figures of the change months, oldest first. An item's "since" is
 * the change month after which it stayed live up to the current figure.
 */
export function serviceRows(
  items: readonly ChecklistItem[],
  current: Pick<Figure, 'items'>,
  snapshots: readonly { period: string; figure: Pick<Figure, 'items'> }[],
): ServiceRow[] {
  const doneIn = (f: Pick<Figure, 'items'>, code: string) => (f.items ?? []).some((i) => i.code === code && i.done > 0);
  return items
    .filter((i) => !i.retired)
    .sort((a, b) => a.order - b.order)
    .map((item) => {
      const live = doneIn(current, item.code);
      let since: string | null = null;
      let sinceFirst = false;
      if (live) {
        for (let i = snapshots.length - 1; i >= 0; i--) {
          const snap = snapshots[i];
          if (!snap || !doneIn(snap.figure, item.code)) break;
          since = snap.period;
          sinceFirst = i === 0;
        }
      }
      return { code: item.code, order: item.order, name: item.name, nameEn: item.nameEn, lead: item.lead, live, since, sinceFirst };
    });
}
