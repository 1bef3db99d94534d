import { useQueries } from '@tanstack/react-query';
import type { DecideManyReply, ItemParams, UnitRef } from '@tiendo/shared';
import { useState } from 'react';
import { useItemText } from '../../api/errors.ts';
import { MutationError } from '../../components/MutationError.tsx';
import { Loading } from '../../components/QueryState.tsx';
import { TableScroll } from '../../components/TableScroll.tsx';
import { formatDateTime, formatNumber, formatPeriod } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { useDecideMany } from './mutations.ts';
import { reportQuery } from './queries.ts';
import { cleanWaiting, countStates, sortWorklist } from './report-view.ts';
import { onLinkClick, reportHref } from './routes.ts';
import { StateBadge } from './StateBadge.tsx';
import { UnitCodeLine } from './UnitLife.tsx';

type Result = DecideManyReply['results'][number];

/**
 * The approver's worklist: each unit below on the period's map, its report's state, a link to
 * it; waiting for a decision first, then late, then the rest. Reports the caller may decide on can
 * be ticked and approved or returned together, each one answering for itself.
 * `formerOf`: for a unit formed by a reorganisation, the former unit each one came from, so six
 * "Tổ dân phố số 1" can be told apart.
 */
export function UnitsBelow({
  unit,
  units,
  period,
  formerOf,
}: {
  unit: string;
  units: UnitRef[];
  period: string;
  formerOf?: Map<string, string>;
}) {
  const { t, lang } = useLang();
  const itemText = useItemText();
  const reports = useQueries({ queries: units.map((u) => reportQuery(u.code, period)) });
  const counts = countStates(reports.map((r) => r.data?.state ?? null));
  const pending = counts.not_started + counts.draft;
  const rows = sortWorklist(
    units.map((u, i) => {
      const q = reports[i];
      const r = q?.data;
      return { u, q, r, code: u.code, state: r?.state ?? null, late: r?.late ?? null, flags: r?.flags.length ?? 0 };
    }),
  );
  const decidable = rows.filter((x) => x.r?.canDecide);
  const clean = cleanWaiting(decidable);

  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [returning, setReturning] = useState(false);
  const [comment, setComment] = useState('');
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [results, setResults] = useState<Map<string, Result>>(new Map());
  const many = useDecideMany(unit, period);
  const chosen = [...selected].filter((c) => decidable.some((x) => x.code === c));
  const short = comment.trim().length < 3;

  const run = (action: 'approve' | 'return') => {
    if (chosen.length === 0) return;
    setProgress({ done: 0, total: chosen.length });
    setResults(new Map());
    many.mutate(
      {
        action,
        units: chosen,
        comment: action === 'return' ? comment.trim() : undefined,
        onProgress: (r) => {
          setProgress({ done: r.length, total: chosen.length });
          setResults(new Map(r.map((x) => [x.unit, x])));
        },
      },
      {
        onSuccess: () => {
          setSelected(new Set());
          setReturning(false);
          setComment('');
        },
      },
    );
  };
  const toggle = (code: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(code);
      else next.delete(code);
      return next;
    });
  const okCount = [...results.values()].filter((r) => r.ok).length;

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
          <p className="muted">{t('reporting.below.waitingFirst')}</p>
          {/* kept while results show: the last approval empties the list of what can be decided */}
          {(decidable.length > 0 || results.size > 0) && (
            <div className="bulk-decide" data-testid="bulk-decide">
              <div className="actions">
                <button
                  type="button"
                  onClick={() => setSelected(new Set(clean))}
                  disabled={clean.length === 0 || many.isPending}
                  data-testid="select-clean"
                >
                  {t('reporting.below.selectClean', { n: formatNumber(clean.length, lang) })}
                </button>
                {chosen.length > 0 && (
                  <button type="button" className="link-button" onClick={() => setSelected(new Set())} disabled={many.isPending}>
                    {t('reporting.below.clear')}
                  </button>
                )}
              </div>
              <p aria-live="polite" data-testid="selected-count">
                {t('reporting.below.selected', { n: formatNumber(chosen.length, lang) })}
              </p>
              <div className="actions">
                <button
                  type="button"
                  className="primary"
                  disabled={chosen.length === 0 || many.isPending}
                  onClick={() => run('approve')}
                  data-testid="approve-selected"
                >
                  ✔ {t('reporting.below.approveSelected', { n: formatNumber(chosen.length, lang) })}
                </button>
                <button
                  type="button"
                  disabled={chosen.length === 0 || many.isPending}
                  onClick={() => setReturning(true)}
                  aria-expanded={returning}
                  data-testid="return-selected"
                >
                  ↩ {t('reporting.below.returnSelected', { n: formatNumber(chosen.length, lang) })}
                </button>
              </div>
              {returning && chosen.length > 0 && (
                <div className="bulk-return">
                  <label className="field-block">
                    <span>{t('reporting.below.returnComment')}</span>
                    <textarea
                      rows={2}
                      maxLength={2000}
                      value={comment}
                      onChange={(e) => setComment(e.target.value)}
                      data-testid="bulk-return-comment"
                    />
                  </label>
                  <div className="actions">
                    <button
                      type="button"
                      disabled={short || many.isPending}
                      onClick={() => run('return')}
                      data-testid="bulk-return-confirm"
                    >
                      {t('reporting.decide.return')}
                    </button>
                    {short && <span className="muted">{t('reporting.decide.tooShort')}</span>}
                  </div>
                </div>
              )}
              {progress && (
                <div className="upload-progress" data-testid="bulk-progress">
                  <progress value={progress.done} max={progress.total} aria-label={t('reporting.below.result')} />
                  <span>
                    {t('reporting.below.progress', { done: formatNumber(progress.done, lang), total: formatNumber(progress.total, lang) })}
                  </span>
                </div>
              )}
              {progress && progress.done === progress.total && !many.isPending && (
                <p role="status" data-testid="bulk-results">
                  {t('reporting.below.results', {
                    ok: formatNumber(okCount, lang),
                    failed: formatNumber(results.size - okCount, lang),
                  })}
                </p>
              )}
              <MutationError error={many.error} />
            </div>
          )}
          <TableScroll label={t('reporting.below.heading')}>
            <table className="compact-table stack-table worklist">
              <thead>
                <tr>
                  {decidable.length > 0 && (
                    <th scope="col" className="pick">
                      {t('reporting.below.pick')}
                    </th>
                  )}
                  <th scope="col">{t('reporting.below.unit')}</th>
                  <th scope="col">{t('reporting.below.state')}</th>
                  <th scope="col">{t('reporting.below.submitted')}</th>
                  <th scope="col">{t('reporting.below.flags')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map(({ u, q, r }) => {
                  const href = reportHref(u.code, period);
                  const result = results.get(u.code);
                  return (
                    <tr key={u.code} data-unit={u.code} data-state={r?.state}>
                      {decidable.length > 0 && (
                        <td className="pick inline-cell">
                          {r?.canDecide && (
                            <input
                              type="checkbox"
                              checked={selected.has(u.code)}
                              disabled={many.isPending}
                              onChange={(e) => toggle(u.code, e.target.checked)}
                              aria-label={t('reporting.below.select', { unit: u.name })}
                              data-testid={`pick-${u.code}`}
                            />
                          )}
                        </td>
                      )}
                      <th scope="row">
                        <a href={href} onClick={onLinkClick(href)} data-testid={`below-${u.code}`}>
                          {u.name}
                        </a>
                        <UnitCodeLine code={u.code} former={formerOf?.get(u.code)} />
                        {result && (
                          <span className={`bulk-result ${result.ok ? 'ok' : 'field-error'}`} data-testid={`result-${u.code}`}>
                            {result.ok
                              ? t('reporting.below.resultOk', { state: t(`reporting.state.${result.state ?? 'submitted'}`) })
                              : itemText({
                                  code: result.code,
                                  params: result.details as ItemParams | undefined,
                                  message: result.error ?? '',
                                })}
                          </span>
                        )}
                      </th>
                      <td>{r ? <StateBadge state={r.state} testId={`below-state-${u.code}`} /> : q?.isPending ? '…' : '—'}</td>
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
