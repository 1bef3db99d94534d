import { useQuery } from '@tanstack/react-query';
import { formatNumber, formatPeriod } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/index.ts';
import type { DashboardView } from '../../dashboard/view.ts';
import { OLD_PROPOSAL_DAYS, waitingProposals } from '../meeting-data.ts';
import { proposalsQuery } from '../queries.ts';
import { NotesList } from './OverviewSlide.tsx';
import { SlideEmpty, SlideQueries, Tile } from './parts.tsx';

/** Proposals listed on the slide, the longest waiting first; the rest are counted. */
export const PROPOSAL_ROWS = 8;

export function ProposalsSlide({ view }: { view: DashboardView }) {
  const { t, lang } = useLang();
  const q = useQuery(proposalsQuery(view.unitCode, view.period));
  return (
    <SlideQueries error={q.error} loading={q.data === undefined} retry={() => void q.refetch()}>
      {() => {
        const w = waitingProposals(q.data?.waiting ?? []);
        if (w.ordered.length === 0) return <SlideEmpty testId="proposals-none">{t('meeting.proposalsNone')}</SlideEmpty>;
        const shown = w.ordered.slice(0, PROPOSAL_ROWS);
        return (
          <div className="deck-proposals">
            <div className="deck-tiles deck-tiles-3">
              <Tile
                n={formatNumber(w.ordered.length, lang)}
                label={t('meeting.proposalsWaiting')}
                tone="on_track"
                testId="proposals-waiting"
              />
              <Tile
                n={formatNumber(w.old, lang)}
                label={t('meeting.proposalsOld', { days: OLD_PROPOSAL_DAYS })}
                tone="off_track"
                testId="proposals-old"
              />
              <Tile
                n={t('meeting.days', { n: formatNumber(w.oldest, lang) })}
                label={t('meeting.proposalsOldest')}
                tone="at_risk"
                testId="proposals-oldest"
              />
            </div>
            <table className="deck-table deck-table-proposals" data-testid="proposals-table">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t('meeting.colAge')}
                  </th>
                  <th scope="col">{t('meeting.colFrom')}</th>
                  <th scope="col">{t('meeting.colProposal')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((p) => (
                  <tr key={p.id} data-proposal-id={p.id}>
                    <td className={`num deck-nowrap deck-age${p.ageDays >= OLD_PROPOSAL_DAYS ? ' deck-age-old' : ''}`}>
                      <strong data-testid="proposal-age">{t('meeting.days', { n: formatNumber(p.ageDays, lang) })}</strong>
                    </td>
                    <th scope="row" className="deck-unit">
                      {p.unit.name}
                      <span className="deck-muted deck-sub">{t('meeting.raisedIn', { period: formatPeriod(p.period, lang) })}</span>
                    </th>
                    <td>
                      <span className="deck-clamp">{p.text}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {w.ordered.length > shown.length && (
              <p className="deck-muted deck-more">
                {t('meeting.moreProposals', { n: formatNumber(w.ordered.length - shown.length, lang) })}
              </p>
            )}
          </div>
        );
      }}
    </SlideQueries>
  );
}

export function ProposalsNotes({ view }: { view: DashboardView }) {
  const { t, lang } = useLang();
  const q = useQuery(proposalsQuery(view.unitCode, view.period));
  if (q.data === undefined) return null;
  const w = waitingProposals(q.data?.waiting ?? []);
  if (w.ordered.length === 0) return <NotesList lines={[t('meeting.proposalsNone')]} />;
  return (
    <NotesList
      lines={[
        t('meeting.notes.proposals', { n: w.ordered.length, old: w.old, days: OLD_PROPOSAL_DAYS, oldest: w.oldest ?? 0 }),
        ...w.ordered.map((p) =>
          t('meeting.notes.proposal', {
            unit: p.unit.name,
            age: formatNumber(p.ageDays, lang),
            period: formatPeriod(p.period, lang),
            text: p.text,
          }),
        ),
      ]}
    />
  );
}
