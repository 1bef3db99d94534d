/**
 * A column header that sorts its table, for the ranking and the heat map alike: a button named
 * "Sắp xếp theo …" / "Sort by …", the column's order told to screen readers by `aria-sort` and
 * shown by an arrow (↕ while another column leads).
 */
import { useLang } from '../i18n/index.ts';

export type SortDir = 'asc' | 'desc';

/** The next order when a header is pressed: the same column flips, a new one starts in `start`. */
export function nextSortOf<C extends string>(current: { column: C; dir: SortDir }, column: C, start: SortDir): { column: C; dir: SortDir } {
  if (current.column === column) return { column, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { column, dir: start };
}

export function SortHeader<C extends string>({
  column,
  label,
  sort,
  onSort,
  className,
  title,
}: {
  column: C;
  label: string;
  sort: { column: C; dir: SortDir };
  onSort: (column: C) => void;
  className?: string | undefined;
  /** The full name where the label is cut short (a KPI's name over a narrow column). */
  title?: string | undefined;
}) {
  const { t } = useLang();
  const active = sort.column === column;
  return (
    <th scope="col" className={className} aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <button
        type="button"
        className="sort-button"
        title={title}
        onClick={() => onSort(column)}
        aria-label={t('ranking.sortBy', { column: title ?? label })}
      >
        {label}
        <span aria-hidden="true" className="sort-icon">
          {active ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ' ↕'}
        </span>
      </button>
    </th>
  );
}
