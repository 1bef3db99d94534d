import { useQuery } from '@tanstack/react-query';
import { formatDate, formatNumber, formatPercent } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/index.ts';
import { CompletenessBar, TierCounts } from '../../completeness/completeness-parts.tsx';
import type { DashboardView } from '../../dashboard/view.ts';
import { breakdownQuery, completenessQuery } from '../../units/queries.ts';
import { lateBelow, missingByParent } from '../meeting-data.ts';
import { NotesList } from './OverviewSlide.tsx';
import { SlideEmpty, SlideQueries, Tile } from './parts.tsx';

/** Enough of the missing units to count them by the unit above (the API lists up to this many). */
const MISSING_LIMIT = 2000;
/** Units above the missing ones shown on the slide (two columns); the rest are counted. */
const LIST_ROWS = 20;
/** Names of units below that were late, or sent nothing, shown on the slide; the rest are counted. */
const NAMES_SHOWN = 10;

function useCompleteness(view: DashboardView) {
  const { lang } = useLang();
  const completeness = useQuery(completenessQuery(view.unitCode, view, MISSING_LIMIT));
  // who sent late or nothing on the level below: the report states of the units below, which every
  // KPI's breakdown carries (the same for every KPI), so the one the "units behind" slide fetched first
  const first = view.kpis[0]?.code ?? '';
  const breakdown = useQuery({ ...breakdownQuery(view.unitCode, first, view), enabled: first !== '' });
  const below = breakdown.data ? lateBelow(breakdown.data.rows, lang) : { late: [], missing: [] };
  const byParent = completeness.data ? missingByParent(completeness.data.missing, lang) : [];
  return { completeness, breakdown, below, byParent };
}

export function CompletenessSlide({ view }: { view: DashboardView }) {
  const { t, lang } = useLang();
  const { completeness, breakdown, below, byParent } = useCompleteness(view);
  return (
    <SlideQueries
      error={completeness.error ?? breakdown.error}
      loading={!completeness.data || (!breakdown.data && breakdown.fetchStatus !== 'idle')}
      retry={() => {
        void completeness.refetch();
        void breakdown.refetch();
      }}
    >
      {() => {
        const c = completeness.data;
        if (!c) return null;
        if (c.expected === 0) return <SlideEmpty>{t('completeness.empty')}</SlideEmpty>;
        const parentsShown = byParent.slice(0, LIST_ROWS);
        const parentsLeft = byParent.slice(LIST_ROWS).reduce((s, p) => s + p.count, 0);
        const listedMissing = c.missing.length;
        return (
          <div className="deck-completeness">
            <section className="deck-col" aria-labelledby="deck-cp-counts">
              <h2 id="deck-cp-counts" className="visually-hidden">
                {t('completeness.heading')}
              </h2>
              <p className="deck-big">
                <strong data-testid="deck-completeness">{formatPercent(c.completeness, lang)}</strong>
                <span>
                  {t('meeting.reportedOf', { reported: formatNumber(c.reported, lang), expected: formatNumber(c.expected, lang) })}
                </span>
              </p>
              <p className="deck-muted">
                {t('meeting.timeliness', { percent: formatPercent(c.timeliness, lang) })} ·{' '}
                {t('completeness.deadline', { date: formatDate(c.deadline, lang) })}
              </p>
              <CompletenessBar c={c} className="deck-stack" />
              <div className="deck-tiles deck-tiles-3">
                <Tile n={formatNumber(c.onTime, lang)} label={t('completeness.onTime')} tone="achieved" testId="deck-on-time" />
                <Tile n={formatNumber(c.late, lang)} label={t('completeness.late')} tone="at_risk" testId="deck-late" />
                <Tile n={formatNumber(c.missingTotal, lang)} label={t('completeness.missing')} tone="off_track" testId="deck-missing" />
              </div>
              {c.byLevel.length > 1 && <TierCounts levels={c.byLevel} className="deck-table deck-table-tiers" testId="deck-tiers" />}
            </section>
            <section className="deck-col" aria-labelledby="deck-cp-who">
              <h2 id="deck-cp-who">{t('meeting.whoIsLate')}</h2>
              <h3>
                {t('meeting.lateBelow')} <span className="deck-count-pill">{formatNumber(below.late.length, lang)}</span>
              </h3>
              {below.late.length === 0 ? (
                <p>{t('meeting.noneLate')}</p>
              ) : (
                <p className="deck-names" data-testid="deck-late-below">
                  {below.late
                    .slice(0, NAMES_SHOWN)
                    .map((r) => r.name)
                    .join(', ')}
                  {below.late.length > NAMES_SHOWN && ` ${t('meeting.andMore', { n: below.late.length - NAMES_SHOWN })}`}
                </p>
              )}
              {below.missing.length > 0 && (
                <>
                  <h3>
                    {t('meeting.missingBelow')} <span className="deck-count-pill">{formatNumber(below.missing.length, lang)}</span>
                  </h3>
                  <p className="deck-names" data-testid="deck-missing-below">
                    {below.missing
                      .slice(0, NAMES_SHOWN)
                      .map((r) => r.name)
                      .join(', ')}
                    {below.missing.length > NAMES_SHOWN && ` ${t('meeting.andMore', { n: below.missing.length - NAMES_SHOWN })}`}
                  </p>
                </>
              )}
              <h3>
                {t('meeting.missingByParent')} <span className="deck-count-pill">{formatNumber(c.missingTotal, lang)}</span>
              </h3>
              {c.missingTotal === 0 ? (
                <p>{t('completeness.noneMissing')}</p>
              ) : (
                <ul className="deck-parents" data-testid="deck-missing-parents">
                  {parentsShown.map((p) => (
                    <li key={p.parent}>
                      <span>{p.parent}</span> <strong>{formatNumber(p.count, lang)}</strong>
                    </li>
                  ))}
                  {(parentsLeft > 0 || c.missingTotal > listedMissing) && (
                    <li className="deck-muted">
                      {t('meeting.missingElsewhere', { n: formatNumber(parentsLeft + c.missingTotal - listedMissing, lang) })}
                    </li>
                  )}
                </ul>
              )}
            </section>
          </div>
        );
      }}
    </SlideQueries>
  );
}

export function CompletenessNotes({ view }: { view: DashboardView }) {
  const { t, lang } = useLang();
  const { completeness, below, byParent } = useCompleteness(view);
  const c = completeness.data;
  if (!c) return null;
  if (c.expected === 0) return <NotesList lines={[t('completeness.empty')]} />;
  const lines = [
    t('meeting.notes.completeness', {
      reported: formatNumber(c.reported, lang),
      expected: formatNumber(c.expected, lang),
      percent: formatPercent(c.completeness, lang),
      onTime: formatNumber(c.onTime, lang),
      late: formatNumber(c.late, lang),
      missing: formatNumber(c.missingTotal, lang),
    }),
  ];
  if (below.late.length > 0) lines.push(t('meeting.notes.lateBelow', { names: below.late.map((r) => r.name).join(', ') }));
  if (below.missing.length > 0) lines.push(t('meeting.notes.missingBelow', { names: below.missing.map((r) => r.name).join(', ') }));
  if (byParent.length > 0)
    lines.push(
      t('meeting.notes.missingParents', {
        list: byParent
          .slice(0, LIST_ROWS)
          .map((p) => `${p.parent} (${formatNumber(p.count, lang)})`)
          .join(', '),
      }),
    );
  return <NotesList lines={lines} />;
}
