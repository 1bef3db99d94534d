import { useQueries } from '@tanstack/react-query';
import type { Kpi } from '@tiendo/shared';
import { formatNumber } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/index.ts';
import type { DashboardView } from '../../dashboard/view.ts';
import { kpiName } from '../../dashboard/view.ts';
import { HistoryTag } from '../../units/HistoryTag.tsx';
import { breakdownQuery } from '../../units/queries.ts';
import { type BehindFigure, type UnitBehind, unitsBehind } from '../meeting-data.ts';
import { NotesList } from './OverviewSlide.tsx';
import { SlideEmpty, SlideQueries, targetText, valueText } from './parts.tsx';

/** Rows on the slide: the ten furthest behind; the rest are counted, and listed in the presenter's notes. */
export const BEHIND_ROWS = 10;

/** Every KPI's breakdown of the level below, on the period's map: who is behind which target. */
export function useBehind(view: DashboardView) {
  const { lang } = useLang();
  const results = useQueries({ queries: view.kpis.map((k) => breakdownQuery(view.unitCode, k.code, view)) });
  const error = results.find((r) => r.error)?.error ?? null;
  const ready = results.every((r) => r.data);
  const summary = ready
    ? unitsBehind(
        results.flatMap((r, i) => (r.data ? [{ kpi: r.data.kpi, kind: (view.kpis[i] as Kpi).kind, rows: r.data.rows }] : [])),
        lang,
      )
    : null;
  return { summary, error, retry: () => results.forEach((r) => void r.refetch()) };
}

function useFigureText(kpis: readonly Kpi[]) {
  const { lang } = useLang();
  return (f: BehindFigure) => {
    const kind = kpis.find((k) => k.code === f.kpi)?.kind ?? 'count';
    return { value: valueText(kind, f.value, f.target, lang), target: targetText(kind, f.target, lang) };
  };
}

function Reason({ unit }: { unit: UnitBehind }) {
  const { t } = useLang();
  if (!unit.note)
    return (
      <span className="deck-unexplained" data-testid="behind-unexplained">
        <span aria-hidden="true">⚠ </span>
        {t('meeting.unexplained')}
      </span>
    );
  return (
    <span className="deck-reason" title={unit.note.text} data-testid="behind-reason">
      <span className="deck-reason-source">{t(unit.note.source === 'flag' ? 'meeting.noteFlag' : 'meeting.noteDifficulties')}: </span>
      {unit.note.text}
    </span>
  );
}

export function BehindSlide({ view }: { view: DashboardView }) {
  const { t, lang } = useLang();
  const { summary, error, retry } = useBehind(view);
  const text = useFigureText(view.kpis);
  const name = (code: string) => {
    const k = view.kpis.find((x) => x.code === code);
    return k ? kpiName(k, lang) : code;
  };
  // each row's KPI by its number in the list above the table: one long name, once
  const mark = (code: string) => String((summary?.byKpi.findIndex((k) => k.kpi === code) ?? -1) + 1);
  return (
    <SlideQueries error={error} loading={!summary} retry={retry}>
      {() => {
        if (!summary) return null;
        if (summary.behind.length === 0) return <SlideEmpty testId="behind-none">{t('meeting.noBehind')}</SlideEmpty>;
        const shown = summary.behind.slice(0, BEHIND_ROWS);
        return (
          <div className="deck-behind">
            <p className="deck-lead" data-testid="behind-lead">
              <strong data-testid="behind-count">{formatNumber(summary.behind.length, lang)}</strong>
              {t('meeting.behindOf', { total: formatNumber(summary.units, lang) })}
              {summary.unexplained > 0 && (
                <>
                  {' · '}
                  <span className="deck-unexplained">
                    <strong data-testid="behind-unexplained-count">{formatNumber(summary.unexplained, lang)}</strong>{' '}
                    {t('meeting.unexplainedCount')}
                  </span>
                </>
              )}
            </p>
            <ul className="deck-chips" aria-label={t('meeting.behindByKpi')}>
              {summary.byKpi.map((k, i) => (
                <li key={k.kpi}>
                  <span className="deck-kpi-mark" aria-hidden="true">
                    {i + 1}
                  </span>{' '}
                  {name(k.kpi)}: <strong>{formatNumber(k.count, lang)}</strong>
                </li>
              ))}
            </ul>
            <table className="deck-table deck-table-behind" data-testid="behind-table">
              <caption className="visually-hidden">{t('meeting.furthest', { n: shown.length })}</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    #
                  </th>
                  <th scope="col">{t('meeting.colUnit')}</th>
                  <th scope="col">{t('meeting.colWorst')}</th>
                  <th scope="col">{t('meeting.colReason')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((u, i) => {
                  const f = text(u.worst);
                  return (
                    <tr key={u.code} data-unit={u.code} data-kpi={u.worst.kpi}>
                      <td className="num deck-rank">{i + 1}</td>
                      <th scope="row" className="deck-unit">
                        {u.name}
                        <HistoryTag mark={u.mark} />
                        <span className="deck-sub deck-muted">
                          {t(`unitType.${u.type}`, { defaultValue: u.type })}
                          {u.kpis.length > 1 && ` · ${t('meeting.behindOn', { n: u.kpis.length })}`}
                        </span>
                      </th>
                      <td className="deck-worst">
                        <span className="deck-nowrap">
                          <strong data-testid="behind-value">{f.value}</strong>
                          <span className="deck-muted"> / {f.target}</span>{' '}
                          <span className="deck-kpi-mark" title={name(u.worst.kpi)} aria-hidden="true">
                            {mark(u.worst.kpi)}
                          </span>
                          <span className="visually-hidden">{name(u.worst.kpi)}</span>
                        </span>
                      </td>
                      <td className="deck-reason-cell">
                        <Reason unit={u} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {summary.behind.length > shown.length && (
              <p className="deck-muted deck-more">
                {t('meeting.moreUnits', { n: formatNumber(summary.behind.length - shown.length, lang) })}
              </p>
            )}
          </div>
        );
      }}
    </SlideQueries>
  );
}

export function BehindNotes({ view }: { view: DashboardView }) {
  const { t, lang } = useLang();
  const { summary } = useBehind(view);
  const text = useFigureText(view.kpis);
  if (!summary) return null;
  if (summary.behind.length === 0) return <NotesList lines={[t('meeting.noBehind')]} />;
  const name = (code: string) => {
    const k = view.kpis.find((x) => x.code === code);
    return k ? kpiName(k, lang) : code;
  };
  const lines = [
    t('meeting.notes.behind', {
      n: formatNumber(summary.behind.length, lang),
      total: formatNumber(summary.units, lang),
      unexplained: formatNumber(summary.unexplained, lang),
    }),
    ...summary.behind.slice(0, BEHIND_ROWS).map((u) => {
      const f = text(u.worst);
      return t('meeting.notes.behindUnit', {
        unit: u.name,
        kpi: name(u.worst.kpi),
        value: f.value,
        target: f.target,
        reason: u.note ? u.note.text : t('meeting.unexplained'),
      });
    }),
  ];
  return <NotesList lines={lines} />;
}
