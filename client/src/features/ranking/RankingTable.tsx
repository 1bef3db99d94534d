import type { Kpi } from '@tiendo/shared';
import { SortHeader } from '../../components/SortHeader.tsx';
import { ReportBadge, StatusBadge } from '../../components/StatusBadge.tsx';
import { TableScroll } from '../../components/TableScroll.tsx';
import { formatNumber, formatPercent } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { UnitLink } from '../dashboard/UnitLink.tsx';
import { HistoryTag } from '../units/HistoryTag.tsx';
import { historyMark } from '../units/history-mark.ts';
import { distinctNames } from '../units/unit-names.ts';
import { RowNote } from './RowNote.tsx';
import { measureText, type PlacedRow, type RankBy } from './rank-by.ts';
import { type LagReason, rowValue, type SortColumn, type SortDir } from './ranking-data.ts';

export function RankingTable({
  rows,
  kpi,
  by,
  lagging,
  sort,
  onSort,
}: {
  rows: PlacedRow[];
  kpi: Kpi;
  by: RankBy;
  lagging: ReadonlyMap<string, LagReason>;
  sort: { column: SortColumn; dir: SortDir };
  onSort: (c: SortColumn) => void;
}) {
  const { t, lang } = useLang();
  const showCumulative = kpi.kind === 'count';
  const hasTarget = rows.some((r) => r.target !== null);
  // change and per 1,000 have a column of their own; attainment and the figure have theirs already
  const measureColumn = by === 'change' || by === 'perThousand';
  const names = distinctNames(rows);
  // how many units hold each place: "2" shared by two reads as a tie
  const holders = new Map<number, number>();
  for (const r of rows) if (r.place !== null) holders.set(r.place, (holders.get(r.place) ?? 0) + 1);
  const head = (column: SortColumn, label: string, ranked = false) => (
    <SortHeader column={column} label={label} sort={sort} onSort={onSort} className={ranked ? 'ranked-by' : undefined} />
  );
  return (
    <TableScroll label={t('ranking.heading')}>
      <table className="ranking-table" data-testid="ranking-table" data-by={by}>
        <caption className="visually-hidden">
          {t('ranking.heading')} · {t('ranking.by.label')}: {t(`ranking.by.${by}`)}
        </caption>
        <thead>
          <tr>
            {head('rank', t('ranking.rank'))}
            {head('name', t('ranking.unit'))}
            {head('value', showCumulative ? t('ranking.monthValue') : t('ranking.value'), by === 'value' && !showCumulative)}
            {showCumulative && (
              <th scope="col" className={by === 'value' ? 'ranked-by' : undefined}>
                {t('ranking.cumulative')}
              </th>
            )}
            {hasTarget && head('attainment', t('ranking.attainment'), by === 'attainment')}
            {measureColumn && head('measure', t(`ranking.by.${by}`), true)}
            {head('status', t('ranking.status'))}
            {head('report', t('ranking.report'))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const reason = lagging.get(r.code);
            const lag = reason !== undefined;
            const tie = r.place !== null && (holders.get(r.place) ?? 0) > 1;
            return (
              <tr key={r.code} className={lag ? 'lagging' : undefined} data-unit={r.code} data-lagging={lag} data-noted={!!r.note}>
                <td data-testid={`ranking-rank-${r.code}`} title={tie ? t('ranking.tie') : undefined}>
                  {r.place ?? (
                    <>
                      <span aria-hidden="true">—</span>
                      <span className="visually-hidden">{t('ranking.unranked')}</span>
                    </>
                  )}
                </td>
                <th scope="row">
                  <UnitLink code={r.code}>{names.get(r.code) ?? r.name}</UnitLink>
                  <HistoryTag mark={historyMark(r)} />
                  {lag && (
                    <span className="lag-flag">
                      {' '}
                      <span aria-hidden="true">⚑</span> {t(`ranking.lag.${reason}`)}
                    </span>
                  )}
                  {r.note && <RowNote note={r.note} testId={`ranking-note-${r.code}`} />}
                </th>
                <td className="num">
                  <span data-testid={`ranking-value-${r.code}`}>{rowValue(kpi, r, lang)}</span>
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
                {hasTarget && (
                  <td className="num" data-testid={`ranking-attainment-${r.code}`}>
                    {formatPercent(r.attainment, lang)}
                  </td>
                )}
                {measureColumn && (
                  <td className="num" data-testid={`ranking-measure-${r.code}`}>
                    {measureText(kpi, r, by, lang)}
                  </td>
                )}
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
