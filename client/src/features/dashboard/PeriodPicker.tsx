import type { PeriodInfo } from '@tiendo/shared';
import { useId } from 'react';
import { formatPeriod } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { navigate } from '../../routing/use-url-state.ts';
import { viewablePeriods } from '../catalog/queries.ts';

/**
 * The period on screen, with a step back and forth. An account whose unit has ended (`until`) is
 * offered nothing after its unit's last period; a period reached by a link is still shown.
 */
export function PeriodPicker({ periods, period, until = null }: { periods: PeriodInfo[]; period: string; until?: string | null }) {
  const { t, lang } = useLang();
  const id = useId();
  const list = viewablePeriods(periods, until);
  const index = list.findIndex((p) => p.period === period);
  const prev = index > 0 ? list[index - 1] : undefined;
  const next = index >= 0 && index < list.length - 1 ? list[index + 1] : undefined;
  return (
    <div className="period-picker">
      <button
        type="button"
        className="icon-button"
        onClick={() => prev && navigate({ period: prev.period })}
        disabled={!prev}
        aria-label={t('nav.previousPeriod')}
      >
        <span aria-hidden="true">‹</span>
      </button>
      <label htmlFor={id} className="visually-hidden">
        {t('nav.period')}
      </label>
      <select id={id} value={period} onChange={(e) => navigate({ period: e.target.value })} data-testid="period-picker">
        {index < 0 && <option value={period}>{formatPeriod(period, lang)}</option>}
        {[...list].reverse().map((p) => (
          <option key={p.period} value={p.period}>
            {formatPeriod(p.period, lang)}
            {p.cutoffPassed ? '' : ` ${t('nav.openPeriod')}`}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="icon-button"
        onClick={() => next && navigate({ period: next.period })}
        disabled={!next}
        aria-label={t('nav.nextPeriod')}
      >
        <span aria-hidden="true">›</span>
      </button>
    </div>
  );
}
