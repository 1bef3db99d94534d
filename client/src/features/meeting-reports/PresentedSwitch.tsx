/**
 * "Như đã trình bày tại phiên họp (số 12/BC-BCĐ06, 05/12/2026) | Hiện tại": shown on the
 * overview once a report has been issued for the unit and period. Under it, what changed since
 * the issue: the KPIs whose figure moved and who did what in the monthly reports, and when.
 */
import type { Kpi, MeetingReportChange } from '@tiendo/shared';
import { useId } from 'react';
import { formatDateTime } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { kpiName } from '../dashboard/view.ts';
import { figureText, issueDateLabel, setPresenting } from './presented-data.ts';
import type { Presented } from './use-presented.ts';
import './meeting-reports.css';

export function PresentedSwitch({ kpis, presented }: { kpis: readonly Kpi[]; presented: Presented }) {
  const { t, lang } = useLang();
  const name = useId();
  const { report, changes, presenting, key } = presented;
  if (!report) return null;
  const date = issueDateLabel(report.issueDate, lang);
  const byCode = new Map(kpis.map((k) => [k.code, k]));
  return (
    <div className="presented" data-testid="presented">
      <fieldset className="presented-switch">
        <legend className="visually-hidden">{t('meetingReports.switchLabel')}</legend>
        <label>
          <input type="radio" name={name} checked={presenting} onChange={() => setPresenting(key, true)} data-testid="presented-on" />
          {t('meetingReports.presented', { reference: report.reference, date })}
        </label>
        <label>
          <input type="radio" name={name} checked={!presenting} onChange={() => setPresenting(key, false)} data-testid="presented-off" />
          {t('meetingReports.now')}
        </label>
      </fieldset>
      {presenting && (
        <p className="notice" role="status" data-testid="presented-note">
          {t('meetingReports.showingPresented', { reference: report.reference })}
        </p>
      )}
      {changes &&
        (changes.changed.length === 0 && changes.events.length === 0 ? (
          <p className="muted mr-nochange">{t('meetingReports.noChanges')}</p>
        ) : (
          <details className="mr-changes" data-testid="presented-changes">
            <summary>
              {t('meetingReports.changesHeading', { reference: report.reference })} ({changes.changed.length})
            </summary>
            <ul>
              {changes.changed.map((c) => {
                const kpi = byCode.get(c.kpi);
                return (
                  <li key={c.kpi}>
                    <strong>{kpi ? kpiName(kpi, lang) : c.kpi}</strong>: {kpi ? figureText(kpi, c.presented, lang) : '—'} →{' '}
                    {kpi ? figureText(kpi, c.current, lang) : '—'}
                  </li>
                );
              })}
            </ul>
            {changes.events.length > 0 && (
              <ul className="mr-events">
                {changes.events.map((e) => (
                  <li key={`${e.at}-${e.unit.code}-${e.action}`}>
                    {t('meetingReports.event', {
                      time: formatDateTime(e.at, lang),
                      actor: e.actor ?? t('meetingReports.someone'),
                      action: t(`meetingReports.actions.${e.action}`, { defaultValue: e.action }),
                      unit: `${e.unit.name} (${e.unit.code})`,
                    })}
                  </li>
                ))}
                {changes.eventsTotal > changes.events.length && (
                  <li className="muted">{t('meetingReports.moreEvents', { n: changes.eventsTotal - changes.events.length })}</li>
                )}
              </ul>
            )}
          </details>
        ))}
    </div>
  );
}

/** On a KPI card whose figure differs from the one presented at the meeting. */
export function ChangedFlag({ kpi, change, reference }: { kpi: Kpi; change: MeetingReportChange | undefined; reference: string }) {
  const { t, lang } = useLang();
  if (!change) return null;
  const help = t('meetingReports.changedHelp', {
    reference,
    presented: figureText(kpi, change.presented, lang),
    current: figureText(kpi, change.current, lang),
  });
  return (
    <span className="carried-flag mr-changed" title={help} data-testid={`kpi-changed-${kpi.code}`}>
      {t('meetingReports.changedFlag')}
      <span className="visually-hidden">: {help}</span>
    </span>
  );
}
