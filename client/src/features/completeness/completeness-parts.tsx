/**
 * Who reported, drawn the same on the dashboard's panel and on the meeting's slide: the bar of
 * on time, late and missing, and the table of each tier's counts. Each place sizes them itself.
 */
import type { CompletenessReply } from '@tiendo/shared';
import { tierName } from '@tiendo/shared/tier';
import { formatNumber } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';

/** On time, late and missing as shares of the units expected to report: the bar's three widths. */
export function completenessBar(c: Pick<CompletenessReply, 'expected' | 'onTime' | 'late' | 'missingTotal'>) {
  const pct = (n: number) => `${c.expected ? (n / c.expected) * 100 : 0}%`;
  return { onTime: pct(c.onTime), late: pct(c.late), missing: pct(c.missingTotal) };
}

export function CompletenessBar({ c, className }: { c: CompletenessReply; className: string }) {
  const w = completenessBar(c);
  return (
    <div className={className} aria-hidden="true">
      <span className="seg on-time" style={{ width: w.onTime }} />
      <span className="seg late" style={{ width: w.late }} />
      <span className="seg missing" style={{ width: w.missing }} />
    </div>
  );
}

/** Expected, on time, late and missing for each tier below (shown when there is more than one). */
export function TierCounts({ levels, className, testId }: { levels: CompletenessReply['byLevel']; className: string; testId?: string }) {
  const { t, lang } = useLang();
  const head = (key: string) => (
    <th scope="col" className="num">
      {t(key)}
    </th>
  );
  return (
    <table className={className} data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{t('completeness.levelColumn')}</th>
          {head('completeness.expected')}
          {head('completeness.onTime')}
          {head('completeness.late')}
          {head('completeness.missing')}
        </tr>
      </thead>
      <tbody>
        {levels.map((l) => (
          <tr key={l.level}>
            <th scope="row">{tierName(l.level, lang)}</th>
            <td className="num">{formatNumber(l.expected, lang)}</td>
            <td className="num">{formatNumber(l.onTime, lang)}</td>
            <td className="num">{formatNumber(l.late, lang)}</td>
            <td className="num">{formatNumber(l.missing, lang)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
