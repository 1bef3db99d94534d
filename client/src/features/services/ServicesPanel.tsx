import { useQuery } from '@tanstack/react-query';
import type { Kpi } from '@tiendo/shared';
import { QueryState } from '../../components/QueryState.tsx';
import { TableScroll } from '../../components/TableScroll.tsx';
import { formatPeriod } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import type { DashboardView } from '../dashboard/view.ts';
import { figuresQuery, seriesQuery } from '../units/queries.ts';
import { serviceRows } from './services-data.ts';

export function checklistKpi(kpis: readonly Kpi[]): Kpi | undefined {
  return kpis.find((k) => k.kind === 'checklist' && (k.items?.length ?? 0) > 0);
}

export function ServicesPanel({ view }: { view: DashboardView }) {
  const kpi = checklistKpi(view.kpis);
  const figures = useQuery(figuresQuery(view.unitCode, view));
  const figure = kpi ? figures.data?.figures.find((f) => f.kpi === kpi.code) : undefined;
  if (!kpi || (figures.data && (!figure || figure.value === null))) return null;
  return <ServicesMatrix kpi={kpi} view={view} />;
}

export function ServicesMatrix({ kpi, view }: { kpi: Kpi; view: DashboardView }) {
  const { t, lang } = useLang();
  const figures = useQuery(figuresQuery(view.unitCode, view));
  const series = useQuery(seriesQuery(view.unitCode, kpi.code, view.firstPeriod, view));
  return (
    <section className="panel services" aria-labelledby="services-heading" data-testid="services">
      <h2 id="services-heading">{t('services.heading')}</h2>
      <QueryState query={figures}>
        {(data) => {
          const current = data.figures.find((f) => f.kpi === kpi.code);
          if (!current) return <p>{t('services.empty')}</p>;
          const rows = serviceRows(kpi.items ?? [], current, series.data?.points ?? []);
          return (
            <>
              <p className="services-summary">
                {t('services.summary', { done: current.value ?? 0, total: current.itemsTotal ?? rows.length })}
              </p>
              {/* the matrix at a glance; the table below says the same in words */}
              <ol className="service-tiles" aria-hidden="true">
                {rows.map((r) => (
                  <li key={r.code} className={r.live ? 'tile-live' : 'tile-not-live'} title={lang === 'en' && r.nameEn ? r.nameEn : r.name}>
                    <span className="tile-number">{r.order}</span>
                    <span className="tile-icon">{r.live ? '✔' : '✖'}</span>
                  </li>
                ))}
              </ol>
              <TableScroll label={t('services.heading')}>
                <table className="services-table">
                  <caption className="visually-hidden">{t('services.heading')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('services.number')}</th>
                      <th scope="col">{t('services.service')}</th>
                      <th scope="col">{t('services.state')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr key={r.code} className={r.live ? 'live' : 'not-live'} data-live={r.live}>
                        <td>{r.order}</td>
                        <th scope="row">
                          {lang === 'en' && r.nameEn ? r.nameEn : r.name}
                          {r.lead && <span className="lead"> · {r.lead}</span>}
                        </th>
                        <td>
                          <span className={`badge ${r.live ? 'status-achieved' : 'status-off_track'}`}>
                            <span aria-hidden="true" className="badge-icon">
                              {r.live ? '✔' : '✖'}
                            </span>
                            {r.live ? t('services.live') : t('services.notLive')}
                          </span>
                          {r.since && (
                            <span className="since">
                              {' '}
                              {r.sinceFirst
                                ? t('services.sinceBefore', { period: formatPeriod(r.since, lang) })
                                : t('services.since', { period: formatPeriod(r.since, lang) })}
                            </span>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
