import type { FigureStatus } from '@tiendo/shared';
import { useLang } from '../i18n/index.ts';

/** Status is never told by colour alone: each badge carries an icon and a word. */
export const STATUS_ICONS: Record<FigureStatus, string> = {
  achieved: '✔',
  on_track: '↗',
  at_risk: '⚠',
  off_track: '✖',
  no_target: '–',
};

export function StatusBadge({ status }: { status: FigureStatus }) {
  const { t } = useLang();
  return (
    <span className={`badge status-${status}`} data-status={status}>
      <span aria-hidden="true" className="badge-icon">
        {STATUS_ICONS[status]}
      </span>
      {t(`status.${status}`)}
    </span>
  );
}

const REPORT_ICONS = { on_time: '✔', late: '◔', missing: '✖', not_expected: '–' } as const;

export function ReportBadge({ state }: { state: keyof typeof REPORT_ICONS }) {
  const { t } = useLang();
  return (
    <span className={`badge report-${state}`} data-report={state}>
      <span aria-hidden="true" className="badge-icon">
        {REPORT_ICONS[state]}
      </span>
      {t(`report.${state}`)}
    </span>
  );
}
