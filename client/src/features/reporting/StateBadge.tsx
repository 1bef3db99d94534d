import type { ReportState } from '@tiendo/shared';
import { useLang } from '../../i18n/index.ts';

/** The workflow state told by an icon and a word, never by colour alone. */
const ICONS: Record<ReportState, string> = { not_started: '○', draft: '✎', submitted: '➤', returned: '↩', approved: '✔' };

export function StateBadge({ state, testId }: { state: ReportState; testId?: string }) {
  const { t } = useLang();
  return (
    <span className={`badge rstate rstate-${state}`} data-state={state} data-testid={testId}>
      <span aria-hidden="true" className="badge-icon">
        {ICONS[state]}
      </span>
      {t(`reporting.state.${state}`)}
    </span>
  );
}
