import { useQuery } from '@tanstack/react-query';
import type { CSSProperties } from 'react';
import { Empty, QueryState } from '../../components/QueryState.tsx';
import { formatDateTime, formatPeriod } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import type { DashboardView } from '../dashboard/view.ts';
import { ChangedFlag, PresentedSwitch } from '../meeting-reports/PresentedSwitch.tsx';
import { shownFigures } from '../meeting-reports/presented-data.ts';
import { usePresented } from '../meeting-reports/use-presented.ts';
import { RowNote } from '../ranking/RowNote.tsx';
import { figuresQuery } from '../units/queries.ts';
import { KpiCard } from './KpiCard.tsx';
import { groupCards, hasFigure, isMonthEmpty, latestUpdate, statusCounts } from './overview-data.ts';

export function OverviewPanel({ view }: { view: DashboardView }) {
  const { t, lang } = useLang();
  const figures = useQuery(figuresQuery(view.unitCode, view));
  // Once a meeting report is issued for the period: its figures as presented, or today's.
  const presented = usePresented(view);
  const unitName = view.unit?.name ?? view.unitName ?? view.unitCode;
  const open = view.periods.find((p) => p.period === view.period)?.cutoffPassed === false;
  return (
    <section aria-labelledby="overview-heading" className="overview">
      <h1 id="overview-heading" data-testid="overview-heading">
        {t('overview.heading', { unit: unitName, period: formatPeriod(view.period, lang) })}
      </h1>
      <PresentedSwitch kpis={view.kpis} presented={presented} />
      <QueryState query={figures}>
        {(live) => {
          const data = shownFigures(live, presented.changes, presented.presenting);
          const groups = groupCards(view.kpis, data.figures);
          const any = data.figures.some(hasFigure);
          const c = statusCounts(data.figures);
          const asOf = data.asOf ?? latestUpdate(data.figures);
          // the unit's difficulties are the same on every figure: shown once, above the cards
          const difficulties = data.figures.find((f) => f.note?.source === 'difficulties')?.note;
          return (
            <>
              <p className="overview-meta">
                {asOf && <span data-testid="as-of">{t('overview.asOf', { time: formatDateTime(asOf, lang) })}</span>}
                {any && (
                  <span className="overview-summary">
                    {t('overview.summary', { achieved: c.achieved, onTrack: c.on_track, atRisk: c.at_risk, offTrack: c.off_track })}
                  </span>
                )}
              </p>
              {!any ? (
                <Empty>{t('overview.empty')}</Empty>
              ) : isMonthEmpty(data.figures) ? (
                <p className="notice" role="status" data-testid="month-empty">
                  {t('overview.monthEmpty')}
                </p>
              ) : null}
              {any && open && (
                <p className="notice" role="status">
                  {t('overview.periodOpen')}
                </p>
              )}
              {difficulties && (
                <div className="overview-note">
                  <RowNote note={difficulties} testId="unit-difficulties" />
                </div>
              )}
              <div className="kpi-groups">
                {groups.map((g) => (
                  <section
                    key={g.group}
                    className="kpi-group"
                    aria-labelledby={`group-${g.group}`}
                    data-testid={`group-${g.group}`}
                    style={{ '--n': g.cards.length } as CSSProperties}
                  >
                    <h2 id={`group-${g.group}`}>{lang === 'en' ? g.nameEn : g.name}</h2>
                    <div className="kpi-grid">
                      {g.cards.map((card) => (
                        <KpiCard
                          key={card.kpi.code}
                          card={card}
                          view={view}
                          flag={
                            presented.report && (
                              <ChangedFlag
                                kpi={card.kpi}
                                change={presented.changed.get(card.kpi.code)}
                                reference={presented.report.reference}
                              />
                            )
                          }
                        />
                      ))}
                    </div>
                  </section>
                ))}
              </div>
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
