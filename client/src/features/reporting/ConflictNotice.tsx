import type { ConflictDetails } from '../../api/errors.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { kpiName } from '../dashboard/view.ts';
import type { ReportKpi } from './report-form.ts';
import { valueText } from './value-text.ts';

/** A 409: what the other person saved against what is on screen, and the two ways out. */
export function ConflictNotice({
  conflict,
  kpis,
  onReload,
  onOverwrite,
  busy,
}: {
  conflict: ConflictDetails;
  kpis: ReportKpi[];
  onReload: () => void;
  onOverwrite: () => void;
  busy: boolean;
}) {
  const { t, lang } = useLang();
  return (
    <div className="conflict error-panel" role="alert" data-testid="conflict">
      <h2>{t('reporting.conflict.heading')}</h2>
      <p>
        {t('reporting.conflict.body', {
          who: conflict.updatedBy ?? t('reporting.someone'),
          when: formatDateTime(conflict.updatedAt, lang),
        })}
      </p>
      {conflict.changes.length > 0 && (
        <table className="compact-table">
          <thead>
            <tr>
              <th scope="col">{t('reporting.conflict.kpi')}</th>
              <th scope="col">{t('reporting.conflict.yours')}</th>
              <th scope="col">{t('reporting.conflict.theirs')}</th>
            </tr>
          </thead>
          <tbody>
            {conflict.changes.map((c) => {
              const kpi = kpis.find((k) => k.code === c.kpi);
              return (
                <tr key={c.kpi}>
                  <th scope="row">{kpi ? kpiName(kpi, lang) : c.kpi}</th>
                  <td className="num">{valueText(kpi, c.yours, lang)}</td>
                  <td className="num">{valueText(kpi, c.theirs, lang)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <div className="actions">
        <button type="button" className="primary" onClick={onReload} disabled={busy} data-testid="conflict-reload">
          {t('reporting.conflict.reload')}
        </button>
        <button type="button" onClick={onOverwrite} disabled={busy} data-testid="conflict-overwrite">
          {t('reporting.conflict.overwrite')}
        </button>
      </div>
    </div>
  );
}
