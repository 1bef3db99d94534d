import { useQueries, useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { Empty, ErrorPanel, Loading, QueryState } from '../../components/QueryState.tsx';
import { ReportBadge, StatusBadge } from '../../components/StatusBadge.tsx';
import { formatPeriod } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { navigate } from '../../routing/use-url-state.ts';
import { CompletenessPanel } from '../completeness/CompletenessPanel.tsx';
import type { DashboardView } from '../dashboard/view.ts';
import { kpiName } from '../dashboard/view.ts';
import { KpiCard } from '../overview/KpiCard.tsx';
import { groupCards, hasFigure, statusCounts } from '../overview/overview-data.ts';
import { Gauge, targetGauges } from '../targets/TargetsPanel.tsx';
import { HistoryTag } from '../units/HistoryTag.tsx';
import { breakdownQuery, figuresQuery } from '../units/queries.ts';
import { buildSlides, laggingSummary, type Slide, slideAfterKey } from './meeting-data.ts';

/** The projector deck: one topic per slide, arrows or a clicker to move, Esc to leave. */
export default function MeetingMode({ view, slide }: { view: DashboardView; slide: number }) {
  const { t, lang } = useLang();
  const figures = useQuery(figuresQuery(view.unitCode, view));
  const deckRef = useRef<HTMLElement>(null);
  const groups = figures.data ? groupCards(view.kpis, figures.data.figures) : [];
  const slides = buildSlides(
    groups.map((g) => g.group),
    (view.unit?.children.length ?? 0) > 0,
  );
  const index = Math.min(slide, slides.length - 1);
  const current = slides[index] ?? slides[0];

  const leave = useCallback(() => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    navigate({ slide: null });
  }, []);
  const go = useCallback((n: number) => navigate({ slide: n }, { replace: true }), []);

  useEffect(() => {
    deckRef.current?.focus();
    const el = document.documentElement;
    if (!document.fullscreenElement && el.requestFullscreen) void el.requestFullscreen().catch(() => undefined);
    // Esc in full screen is taken by the browser: leaving full screen leaves the deck too
    const onFs = () => {
      if (!document.fullscreenElement) navigate({ slide: null });
    };
    document.addEventListener('fullscreenchange', onFs);
    return () => document.removeEventListener('fullscreenchange', onFs);
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'SELECT' || target.tagName === 'INPUT')) return;
      const next = slideAfterKey(e.key, index, slides.length);
      if (next === null) return;
      e.preventDefault();
      if (next === 'exit') leave();
      else if (next !== index) go(next);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [index, slides.length, leave, go]);

  const title = current ? slideTitle(current) : '';
  function slideTitle(s: Slide): string {
    if (s.kind === 'overview') return t('meeting.overview');
    if (s.kind === 'lagging') return t('meeting.lagging');
    if (s.kind === 'completeness') return t('meeting.completeness');
    const g = groups.find((x) => x.group === s.group);
    return g ? (lang === 'en' ? g.nameEn : g.name) : '';
  }

  return (
    <section
      className="meeting"
      ref={deckRef}
      tabIndex={-1}
      aria-roledescription={t('meeting.title')}
      aria-label={t('meeting.title')}
      data-testid="meeting"
    >
      <header className="meeting-bar">
        <p className="meeting-where">
          {view.unit?.name ?? view.unitCode} · {formatPeriod(view.period, lang)}
          {view.map === 'today' && view.mapDiffers && ` · ${t('mapView.onToday')}`}
        </p>
        <p className="meeting-count" aria-live="polite" data-testid="meeting-count">
          {t('meeting.slideOf', { n: index + 1, total: slides.length })}
        </p>
        <div className="meeting-buttons">
          <button type="button" onClick={() => go(Math.max(0, index - 1))} disabled={index === 0} aria-label={t('meeting.prev')}>
            <span aria-hidden="true">←</span>
          </button>
          <button
            type="button"
            onClick={() => go(Math.min(slides.length - 1, index + 1))}
            disabled={index >= slides.length - 1}
            aria-label={t('meeting.next')}
          >
            <span aria-hidden="true">→</span>
          </button>
          <button type="button" onClick={leave} data-testid="meeting-exit">
            {t('meeting.exit')}
          </button>
        </div>
      </header>
      <main className="slide" id="main" data-testid="meeting-slide" data-slide-kind={current?.kind}>
        <h1>{title}</h1>
        <QueryState query={figures}>
          {(data) => {
            if (!current) return null;
            if (current.kind === 'overview') {
              const c = statusCounts(data.figures);
              const any = data.figures.some(hasFigure);
              return (
                <>
                  <p className="slide-lead">
                    {any
                      ? t('overview.summary', { achieved: c.achieved, onTrack: c.on_track, atRisk: c.at_risk, offTrack: c.off_track })
                      : t('overview.empty')}
                  </p>
                  {any && (
                    <div className="slide-counts" aria-hidden="true">
                      {(['achieved', 'on_track', 'at_risk', 'off_track'] as const).map((st) => (
                        <div key={st} className={`slide-count status-${st}`}>
                          <span className="slide-count-n">{c[st]}</span>
                          <StatusBadge status={st} />
                        </div>
                      ))}
                    </div>
                  )}
                  <ul className="slide-status-list">
                    {groups.flatMap((g) =>
                      g.cards.map((card) => (
                        <li key={card.kpi.code}>
                          <StatusBadge status={card.figure.status} /> {kpiName(card.kpi, lang)}
                        </li>
                      )),
                    )}
                  </ul>
                </>
              );
            }
            if (current.kind === 'group') {
              const g = groups.find((x) => x.group === current.group);
              if (!g) return null;
              const gauges = targetGauges(
                g.cards.map((c) => c.kpi),
                data.figures,
              );
              return (
                <>
                  <div className="kpi-grid slide-grid">
                    {g.cards.map((card) => (
                      <KpiCard key={card.kpi.code} card={card} view={view} compact />
                    ))}
                  </div>
                  {gauges.length > 0 && (
                    <div className="gauges">
                      {gauges.map(({ kpi, figure }) => (
                        <Gauge key={kpi.code} kpi={kpi} figure={figure} period={view.period} />
                      ))}
                    </div>
                  )}
                </>
              );
            }
            if (current.kind === 'lagging') return <LaggingSlide view={view} />;
            return <CompletenessPanel view={view} headingLevel={3} />;
          }}
        </QueryState>
        <p className="meeting-help">{t('meeting.help')}</p>
      </main>
    </section>
  );
}

function LaggingSlide({ view }: { view: DashboardView }) {
  const { t, lang } = useLang();
  const results = useQueries({ queries: view.kpis.map((k) => breakdownQuery(view.unitCode, k.code, view)) });
  const failed = results.find((r) => r.error);
  if (failed) return <ErrorPanel error={failed.error} onRetry={() => results.forEach((r) => void r.refetch())} />;
  if (results.some((r) => !r.data)) return <Loading />;
  const units = laggingSummary(
    results.flatMap((r) => (r.data ? [{ kpi: r.data.kpi, rows: r.data.rows }] : [])),
    lang,
  );
  if (units.length === 0) return <Empty>{t('meeting.noLagging')}</Empty>;
  const name = (code: string) => {
    const k = view.kpis.find((x) => x.code === code);
    return k ? kpiName(k, lang) : code;
  };
  return (
    <>
      <p className="slide-lead">{t('meeting.laggingLead', { n: units.length })}</p>
      <table className="slide-table" data-testid="lagging-table">
        <thead>
          <tr>
            <th scope="col">{t('ranking.unit')}</th>
            <th scope="col">{t('meeting.laggingOn')}</th>
            <th scope="col">{t('ranking.report')}</th>
          </tr>
        </thead>
        <tbody>
          {units.slice(0, 10).map((u) => (
            <tr key={u.code} data-unit={u.code}>
              <th scope="row">
                {u.name}
                <HistoryTag mark={u.mark} />
              </th>
              <td>{u.kpis.map(name).join('; ')}</td>
              <td>{u.missing ? <ReportBadge state="missing" /> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {units.length > 10 && <p className="muted">{t('common.more', { n: units.length - 10 })}</p>}
    </>
  );
}
