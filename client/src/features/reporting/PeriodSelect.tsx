import type { PeriodInfo } from '@tiendo/shared';
import { formatPeriod } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { viewablePeriods } from '../catalog/queries.ts';
import { type Life, periodsWithin } from './unit-life.ts';

/**
 * The months one can report or look back on, newest first; the open one says so. An account whose
 * unit ended is offered no month after the end (it can read its past only).
 */
export function PeriodSelect({
  periods,
  value,
  home,
  onChange,
}: {
  periods: PeriodInfo[];
  value: string;
  home?: Life | null;
  onChange: (p: string) => void;
}) {
  const { t, lang } = useLang();
  const options: { period: string; state?: PeriodInfo['state']; off?: boolean }[] = periodsWithin(viewablePeriods(periods), home).reverse();
  // a link may carry a month the list does not offer: show it as it is (not choosable), not a wrong one
  if (!options.some((p) => p.period === value)) {
    options.push({ period: value, off: true });
    options.sort((a, b) => b.period.localeCompare(a.period));
  }
  return (
    <label className="field inline-field">
      <span>{t('reporting.period')}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid="report-period">
        {options.map((p) => (
          <option key={p.period} value={p.period} disabled={p.off}>
            {formatPeriod(p.period, lang)}
            {p.state === 'open' ? ` ${t('nav.openPeriod')}` : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
