import type { PeriodInfo } from '@tiendo/shared';
import { formatPeriod } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { viewablePeriods } from '../catalog/queries.ts';

/** The months one can report or look back on, newest first; the open one says so. */
export function PeriodSelect({ periods, value, onChange }: { periods: PeriodInfo[]; value: string; onChange: (p: string) => void }) {
  const { t, lang } = useLang();
  const options = viewablePeriods(periods).reverse();
  return (
    <label className="field inline-field">
      <span>{t('reporting.period')}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid="report-period">
        {options.map((p) => (
          <option key={p.period} value={p.period}>
            {formatPeriod(p.period, lang)}
            {p.state === 'open' ? ` ${t('nav.openPeriod')}` : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
