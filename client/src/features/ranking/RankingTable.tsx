import type { BreakdownRow, Kpi } from '@tiendo/shared';
import { ReportBadge, StatusBadge } from '../../components/StatusBadge.tsx';
import { TableScroll } from '../../components/TableScroll.tsx';
import { formatNumber, formatPercent } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { UnitLink } from '../dashboard/UnitLink.tsx';
import { HistoryTag } from '../units/HistoryTag.tsx';
import { historyMark } from '../units/history-mark.ts';
import { distinctNames } from '../units/unit-names.ts';
import { type LagReason, rowValue, type SortColumn, type SortDir } from './ranking-data.ts';

export function RankingTable({
  rows,
  kpi,
  lagging,
  sort,
  onSort,
}: {
  rows: BreakdownRow[];
  kpi: Kpi;
  lagging: ReadonlyMap<string, LagReason>;
  sort: { column: SortColumn; dir: SortDir };
  onSort: (c: SortColumn) => void;
}) {
  const { t, lang } = useLang();
  const showCumulative = kpi.kind === 'count';
  const hasTarget = rows.some((r) => r.target !== null);
  const names = distinctNames(rows);
  const head = (column: SortColumn, label: string) => (
    <th scope="col" aria-sort={sort.column === column ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <button type="button" className="sort-button" onClick={() => onSort(column)} aria-label={t('ranking.sortBy', { column: label })}>
        {label}
        <span aria-hidden="true" className="sort-icon">
          {sort.column === column ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ' ↕'}
        </span>
      </button>
    </th>
  );
  return (
    <TableScroll label={t('ranking.heading')}>
      <table className="ranking-table" data-testid="ranking-table">
        <caption className="visually-hidden">{t('ranking.heading')}</caption>
        <thead>
          <tr>
            {head('rank', t('ranking.rank'))}
            {head('name', t('ranking.unit'))}
            {head('value', showCumulative ? t('ranking.monthValue') : t('ranking.value'))}
            {showCumulative && <th scope="col">{t('ranking.cumulative')}</th>}
            {hasTarget && head('attainment', t('ranking.attainment'))}
            {head('status', t('ranking.status'))}
            {head('report', t('ranking.report'))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const reason = lagging.get(r.code);
            const lag = reason !== undefined;
            return (
              <tr key={r.code} className={lag ? 'lagging' : undefined} data-unit={r.code} data-lagging={lag}>
                <td>{r.rank ?? '—'}</td>
                <th scope="row">
                  <UnitLink code={r.code}>{names.get(r.code) ?? r.name}</UnitLink>
                  <HistoryTag mark={historyMark(r)} />
                  {lag && (
                    <span className="lag-flag">
                      {' '}
                      <span aria-hidden="true">⚑</span> {t(`ranking.lag.${reason}`)}
                    </span>
                  )}
                </th>
                <td className="num" data-testid={`ranking-value-${r.code}`}>
                  {rowValue(kpi, r, lang)}
                  {r.units && r.units.reported < r.units.expected && (
                    <span
                      className="made-of"
                      data-testid={`ranking-made-of-${r.code}`}
                      title={t(r.units.carried > 0 ? 'overview.madeOfCarried' : 'overview.madeOfReported', {
                        reported: formatNumber(r.units.reported, lang),
                        expected: formatNumber(r.units.expected, lang),
                        carried: formatNumber(r.units.carried, lang),
                      })}
                    >
                      {t('ranking.madeOf', {
                        reported: formatNumber(r.units.reported, lang),
                        expected: formatNumber(r.units.expected, lang),
                      })}
                    </span>
                  )}
                </td>
                {showCumulative && <td className="num">{formatNumber(r.cumulative ?? null, lang)}</td>}
                {hasTarget && <td className="num">{formatPercent(r.attainment, lang)}</td>}
                <td>
                  <StatusBadge status={r.status} />
                </td>
                <td>
                  <ReportBadge state={r.reportState} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}
