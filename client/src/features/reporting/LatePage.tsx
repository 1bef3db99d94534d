import { useQuery } from '@tanstack/react-query';
import { formatPhone, type LateReply, REMIND_INTERVAL_MS, type RemindLateReply, tierName } from '@tiendo/shared';
import { MutationError } from '../../components/MutationError.tsx';
import { ErrorPanel, Loading, QueryState } from '../../components/QueryState.tsx';
import { TableScroll } from '../../components/TableScroll.tsx';
import { formatDate, formatDateTime, formatNumber, formatPeriod } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { useUrlState } from '../../routing/use-url-state.ts';
import { useSession } from '../auth/session-context.ts';
import { periodsQuery } from '../catalog/queries.ts';
import { useRemindLate } from '../notifications/mutations.ts';
import { unitQuery } from '../units/queries.ts';
import { PeriodSelect } from './PeriodSelect.tsx';
import { lateQuery } from './queries.ts';
import { sortLate } from './report-view.ts';
import { dashboardHref, goTo, lateHref, onLinkClick, reportHref } from './routes.ts';
import { StateBadge } from './StateBadge.tsx';
import { EndedAccountBanner, NotInPeriodPanel, UnitCodeLine, useFormerParents, useHomeLife } from './UnitLife.tsx';
import { defaultReportPeriod, endedBefore, notInPeriodOf } from './unit-life.ts';

/** Chasing the late: the units below that have not submitted, whom to call, how late they are (on the period's map). */
export function LatePage() {
  const { t, lang } = useLang();
  const [url] = useUrlState();
  const { home } = useSession();
  const homeLife = useHomeLife();
  const periods = useQuery(periodsQuery());
  const unit = url.unit ?? home;
  const period = url.period ?? (periods.data ? defaultReportPeriod(periods.data, homeLife) : null);
  const late = useQuery({ ...lateQuery(unit, period ?? ''), enabled: period !== null });
  // after a merge, which former unit each late unit came from (six "Tổ dân phố số 1" in Hồng Hà)
  const unitInfo = useQuery({ ...unitQuery(unit, period, 'period'), enabled: period !== null });
  const formerOf = useFormerParents(unitInfo.data, period ?? '');
  const remind = useRemindLate(unit, period ?? '');

  if (periods.error && !periods.data) return <ErrorPanel error={periods.error} onRetry={() => void periods.refetch()} />;
  if (!periods.data || period === null) return <Loading />;
  const nip = notInPeriodOf(late.error);
  return (
    <>
      <nav className="report-nav" aria-label={t('reporting.lateLink')}>
        <a href={dashboardHref(unit, period)} onClick={onLinkClick(dashboardHref(unit, period))}>
          ← {t('reporting.toDashboard')}
        </a>
        <a href={reportHref(unit, period)} onClick={onLinkClick(reportHref(unit, period))}>
          {t('reporting.nav')}
        </a>
      </nav>
      {endedBefore(homeLife, defaultReportPeriod(periods.data, null)) && <EndedAccountBanner />}
      <div className="report-top">
        <h1 data-testid="late-heading">
          {t('reporting.late.title', { unit: late.data?.unit.name ?? unit })} — {formatPeriod(period, lang)}
        </h1>
        <PeriodSelect periods={periods.data} value={period} home={homeLife} onChange={(p) => goTo(lateHref(unit, p))} />
      </div>
      {nip && <NotInPeriodPanel nip={nip} code={unit} period={period} hrefOf={lateHref} />}
      {!nip && (
        <QueryState query={late}>
          {(l) => {
            const rows = sortLate(l.units, formerOf);
            return (
              <section className="panel" aria-labelledby="late-list-heading" data-testid="late-list">
                <h2 id="late-list-heading">
                  {l.total === 0 ? t('reporting.late.none') : t('reporting.late.total', { n: formatNumber(l.total, lang) })}
                </h2>
                <p className="muted">
                  {t('reporting.late.deadline', { date: formatDate(l.deadline, lang) })}
                  {l.byLevel.length > 0 && ' · '}
                  {l.byLevel
                    .map((b) => t('reporting.tier.count', { tier: tierName(b.level, lang), n: formatNumber(b.count, lang) }))
                    .join(' · ')}
                </p>
                {rows.length > 0 && (
                  <div className="remind-bar">
                    <p className="muted">{t('reporting.late.remindHint')}</p>
                    <button type="button" data-testid="remind-all" disabled={remind.isPending} onClick={() => remind.mutate(undefined)}>
                      {t('reporting.late.remindAll', { n: formatNumber(l.total, lang) })}
                    </button>
                    <p aria-live="polite" data-testid="remind-result">
                      {remind.data && <RemindResult r={remind.data} />}
                    </p>
                    <MutationError error={remind.error} />
                  </div>
                )}
                {rows.length > 0 && (
                  <TableScroll label={t('reporting.lateLink')}>
                    <table className="compact-table stack-table">
                      <thead>
                        <tr>
                          <th scope="col">{t('reporting.late.unit')}</th>
                          <th scope="col">{t('reporting.late.state')}</th>
                          <th scope="col">{t('reporting.late.days')}</th>
                          <th scope="col">{t('reporting.late.contacts')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {rows.map((u) => (
                          <tr key={u.code} data-unit={u.code}>
                            <th scope="row">
                              <a href={reportHref(u.code, period)} onClick={onLinkClick(reportHref(u.code, period))}>
                                {u.name}
                              </a>
                              {u.parentName && u.parentName !== l.unit.name && <span className="muted late-parent"> · {u.parentName}</span>}
                              <UnitCodeLine code={u.code} former={formerOf.get(u.code)} />
                            </th>
                            <td>
                              <StateBadge state={u.state} />
                            </td>
                            <td className="num" data-testid={`late-days-${u.code}`}>
                              {u.daysLate > 0
                                ? t('reporting.late.daysValue', { n: formatNumber(u.daysLate, lang) })
                                : t('reporting.late.notDue')}
                            </td>
                            <td>
                              {u.contacts.length === 0 ? (
                                <span className="muted">{t('reporting.late.noContact')}</span>
                              ) : (
                                <ul className="contacts">
                                  {u.contacts.map((c) => (
                                    <li key={c.username}>
                                      {c.displayName}{' '}
                                      <span className="muted">
                                        ({c.username} · {t(`auth.role.${c.role}`, c.role)})
                                      </span>
                                      {c.phone && (
                                        <>
                                          {' '}
                                          <a
                                            href={`tel:${c.phone.replace(/[^\d+]/g, '')}`}
                                            aria-label={t('reporting.late.call', { name: c.displayName, phone: formatPhone(c.phone) })}
                                            data-testid={`tel-${c.username}`}
                                          >
                                            {formatPhone(c.phone)}
                                          </a>
                                        </>
                                      )}
                                    </li>
                                  ))}
                                </ul>
                              )}
                              {u.contacts.length > 0 && (
                                <RemindOne unit={u} pending={remind.isPending} onRemind={() => remind.mutate([u.code])} />
                              )}
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </TableScroll>
                )}
                {l.total > rows.length && <p className="muted">{t('reporting.late.more', { shown: rows.length, total: l.total })}</p>}
              </section>
            );
          }}
        </QueryState>
      )}
    </>
  );
}

/** One unit's "nhắc nhở": disabled, with when it was and when it may be again, within the hour after the last. */
function RemindOne({ unit, pending, onRemind }: { unit: LateReply['units'][number]; pending: boolean; onRemind: () => void }) {
  const { t, lang } = useLang();
  const last = unit.remindedAt;
  const next = last ? Date.parse(last) + REMIND_INTERVAL_MS : null;
  const waiting = next !== null && next > Date.now();
  return (
    <div className="remind-one">
      <button
        type="button"
        className="link-button"
        data-testid={`remind-${unit.code}`}
        disabled={pending || waiting}
        aria-label={t('reporting.late.remindOneLabel', { unit: unit.name })}
        onClick={onRemind}
      >
        {t('reporting.late.remindOne')}
      </button>
      {last && (
        <span className="muted" data-testid={`reminded-${unit.code}`}>
          {' '}
          {t('reporting.late.remindedAt', { time: formatDateTime(last, lang) })}
          {waiting &&
            next !== null &&
            `; ${t('reporting.late.remindAgainAt', { time: formatDateTime(new Date(next).toISOString(), lang) })}`}
        </span>
      )}
    </div>
  );
}

function RemindResult({ r }: { r: RemindLateReply }) {
  const { t, lang } = useLang();
  const told = r.reminded.filter((u) => u.recipients > 0).length;
  const nobody = r.reminded.length - told;
  return (
    <>
      {t('reporting.late.remindDone', { n: formatNumber(told, lang) })}
      {r.skipped.length > 0 && ` ${t('reporting.late.remindSkipped', { n: formatNumber(r.skipped.length, lang) })}`}
      {nobody > 0 && ` ${t('reporting.late.remindNobody', { n: formatNumber(nobody, lang) })}`}
    </>
  );
}
