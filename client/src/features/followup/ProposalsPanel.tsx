import { useQuery } from '@tanstack/react-query';
import type { Proposal } from '@tiendo/shared';
import { useId, useState } from 'react';
import { MutationError } from '../../components/MutationError.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDate, formatDateTime, formatPeriod } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { type ProposalAction, useDecideProposal, useRaiseProposal } from './mutations.ts';
import { proposalsQuery } from './queries.ts';

/**
 * The unit's proposals to the level above (kiến nghị), inside its monthly report: the answers
 * that came back, those still waiting and for how long, and a form to raise a new one.
 */
export function ProposalsPanel({ unit, period, canRaise }: { unit: string; period: string; canRaise: boolean }) {
  const { t } = useLang();
  const list = useQuery(proposalsQuery(unit, period, 'all'));
  return (
    <section className="panel followup" aria-labelledby="proposals-heading" data-testid="proposals-panel">
      <h2 id="proposals-heading">{t('followup.proposals.heading')}</h2>
      <p className="muted">{t('followup.proposals.intro')}</p>
      <QueryState query={list}>
        {(data) =>
          data.raised.length === 0 ? (
            <p className="muted">{t('followup.proposals.none')}</p>
          ) : (
            <ul className="proposal-list">
              {data.raised.map((p) => (
                <ProposalItem key={p.id} p={p} actions={canRaise && p.state === 'open' ? ['close'] : []} own />
              ))}
            </ul>
          )
        }
      </QueryState>
      {canRaise && <RaiseForm unit={unit} period={period} />}
    </section>
  );
}

/** What waits for this unit's answer, oldest first, with answer / forward / close. */
export function ProposalsInbox({
  unit,
  unitName,
  period,
  canDecide,
}: {
  unit: string;
  unitName: string;
  period: string;
  canDecide: boolean;
}) {
  const { t } = useLang();
  const list = useQuery(proposalsQuery(unit, period, 'open'));
  return (
    <section className="panel followup" aria-labelledby="inbox-heading" data-testid="proposals-inbox">
      <h2 id="inbox-heading">{t('followup.proposals.inbox', { unit: unitName })}</h2>
      <QueryState query={list}>
        {(data) =>
          data.waiting.length === 0 ? (
            <p className="muted">{t('followup.proposals.inboxNone')}</p>
          ) : (
            <ul className="proposal-list">
              {data.waiting.map((p) => (
                <ProposalItem key={p.id} p={p} actions={canDecide ? ['answer', 'forward', 'close'] : []} />
              ))}
            </ul>
          )
        }
      </QueryState>
    </section>
  );
}

function ProposalItem({ p, actions, own = false }: { p: Proposal; actions: ProposalAction[]; own?: boolean }) {
  const { t, lang } = useLang();
  return (
    <li className={`proposal state-${p.state}`} data-testid={`proposal-${p.id}`} data-state={p.state}>
      <p className="proposal-text">{p.text}</p>
      <p className="muted proposal-meta">
        {!own && <>{t('followup.proposals.from', { unit: p.unit.name, days: p.ageDays })} · </>}
        {t('followup.proposals.raisedIn', { period: formatPeriod(p.period, lang), by: p.raisedBy })}
        {' · '}
        <span className="proposal-state">{t(`followup.proposals.state.${p.state}`)}</span>
      </p>
      {p.state === 'open' && p.waitingOn && own && (
        <p className="proposal-waiting">{t('followup.proposals.waitingOn', { unit: p.waitingOn.name, days: p.ageDays })}</p>
      )}
      {p.answer && (
        <blockquote className="proposal-answer" data-testid={`proposal-reply-${p.id}`}>
          <p className="muted">{t('followup.proposals.answered', { unit: p.answer.unit.name, date: formatDate(p.answer.at, lang) })}</p>
          <p>{p.answer.text}</p>
        </blockquote>
      )}
      {p.events.length > 1 && (
        <details className="proposal-history">
          <summary>{t('followup.proposals.historyLabel')}</summary>
          <ol>
            {p.events.map((e) => (
              <li key={`${e.action}-${e.at}`}>
                {formatDateTime(e.at, lang)} · {t(`followup.proposals.history.${e.action}`)} · {e.unit.name} ({e.by})
                {e.text && e.action !== 'raised' ? `: ${e.text}` : ''}
              </li>
            ))}
          </ol>
        </details>
      )}
      {actions.length > 0 && <Decide p={p} actions={actions} own={own} />}
    </li>
  );
}

function Decide({ p, actions, own }: { p: Proposal; actions: ProposalAction[]; own: boolean }) {
  const { t } = useLang();
  const [text, setText] = useState('');
  const decide = useDecideProposal();
  const id = useId();
  const [done, setDone] = useState<ProposalAction | null>(null);
  return (
    <div className="proposal-decide">
      {actions.includes('answer') && (
        <label className="field-block">
          <span>{t('followup.proposals.answerText')}</span>
          <textarea
            id={id}
            rows={2}
            maxLength={2000}
            value={text}
            onChange={(e) => setText(e.target.value)}
            data-testid={`proposal-text-${p.id}`}
          />
        </label>
      )}
      <div className="actions">
        {actions.map((a) => (
          <button
            key={a}
            type="button"
            className={a === 'answer' ? 'primary' : undefined}
            disabled={decide.isPending || (a === 'answer' && text.trim().length < 3)}
            onClick={() => decide.mutate({ id: p.id, action: a, text }, { onSuccess: () => setDone(a) })}
            data-testid={`proposal-${a}-${p.id}`}
          >
            {a === 'close' && own ? t('followup.proposals.withdraw') : t(`followup.proposals.${a}`)}
          </button>
        ))}
      </div>
      {done && (
        <p role="status" className="saved-note">
          {t(`followup.proposals.done.${done}`)}
        </p>
      )}
      <MutationError error={decide.error} />
    </div>
  );
}

function RaiseForm({ unit, period }: { unit: string; period: string }) {
  const { t } = useLang();
  const [text, setText] = useState('');
  const raise = useRaiseProposal(unit);
  return (
    <form
      className="proposal-new"
      onSubmit={(e) => {
        e.preventDefault();
        raise.mutate({ period, text: text.trim() }, { onSuccess: () => setText('') });
      }}
    >
      <label className="field-block">
        <span>{t('followup.proposals.new')}</span>
        <textarea rows={3} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} data-testid="proposal-new" />
      </label>
      <button type="submit" disabled={raise.isPending || text.trim().length < 3} data-testid="proposal-send">
        {t('followup.proposals.send')}
      </button>
      {raise.isSuccess && (
        <span role="status" className="saved-note">
          {' '}
          {t('followup.proposals.sent')}
        </span>
      )}
      <MutationError error={raise.error} />
    </form>
  );
}
