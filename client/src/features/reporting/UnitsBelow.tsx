import { useQueries } from '@tanstack/react-query';
import type { UnitRef } from '@tiendo/shared';
import { Loading } from '../../components/QueryState.tsx';
import { TableScroll } from '../../components/TableScroll.tsx';
import { formatDateTime, formatNumber, formatPeriod } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { reportQuery } from './queries.ts';
import { countStates } from './report-view.ts';
import { onLinkClick, reportHref } from './routes.ts';
import { StateBadge } from './StateBadge.tsx';
import { UnitCodeLine } from './UnitLife.tsx';

/**
 * The approver's worklist: each unit below on the period's map, its report's state, a link to it.
 * `formerOf`: for a unit formed by a reorganisation, the former unit each one came from, so six
 * "Tổ dân phố số 1" can be told apart.
 */
export function UnitsBelow({ units, period, formerOf }: { units: UnitRef[]; period: string; formerOf?: Map<string, string> }) {
  const { t, lang } = useLang();
  const reports = useQueries({ queries: units.map((u) => reportQuery(u.code, period)) });
  const counts = countStates(reports.map((r) => r.data?.state ?? null));
  const pending = counts.not_started + counts.draft;
  return (
    <section className="panel units-below" aria-labelledby="units-below-heading" data-testid="units-below">
      <h2 id="units-below-heading">
        {t('reporting.below.heading')} — {formatPeriod(period, lang)}
      </h2>
      {units.length === 0 ? (
        <p className="muted">{t('reporting.below.empty')}</p>
      ) : (
        <>
          <p data-testid="units-below-summary">
            {t('reporting.below.summary', {
              submitted: formatNumber(counts.submitted, lang),
              approved: formatNumber(counts.approved, lang),
              returned: formatNumber(counts.returned, lang),
              pending: formatNumber(pending, lang),
            })}
          </p>
          <TableScroll label={t('reporting.below.heading')}>
            <table className="compact-table stack-table">
              <thead>
                <tr>
                  <th scope="col">{t('reporting.below.unit')}</th>
                  <th scope="col">{t('reporting.below.state')}</th>
                  <th scope="col">{t('reporting.below.submitted')}</th>
                  <th scope="col">{t('reporting.below.flags')}</th>
                </tr>
              </thead>
              <tbody>
                {units.map((u, i) => {
                  const r = reports[i]?.data;
                  const href = reportHref(u.code, period);
                  return (
                    <tr key={u.code} data-unit={u.code}>
                      <th scope="row">
                        <a href={href} onClick={onLinkClick(href)} data-testid={`below-${u.code}`}>
                          {u.name}
                        </a>
                        <UnitCodeLine code={u.code} former={formerOf?.get(u.code)} />
                      </th>
                      <td>{r ? <StateBadge state={r.state} testId={`below-state-${u.code}`} /> : reports[i]?.isPending ? '…' : '—'}</td>
                      <td>
                        {r?.submittedAt ? formatDateTime(r.submittedAt, lang) : '—'}
                        {r?.late ? <span className="muted"> ◔ {t('reporting.lateMark')}</span> : null}
                      </td>
                      <td className="num inline-cell">
                        {r && r.flags.length > 0 ? (
                          `⚠ ${t('reporting.below.flags')}: ${formatNumber(r.flags.length, lang)}`
                        ) : (
                          <span className="none-mark">—</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableScroll>
          {reports.some((r) => r.isPending) && <Loading />}
        </>
      )}
    </section>
  );
}
