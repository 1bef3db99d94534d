/** A stored report value as one short text: beside a field (last month) and in the 409's table. */
import { formatNumber, formatPercent, type Lang } from '../../i18n/format.ts';
import type { ReportKpi } from './report-form.ts';

export function valueText(kpi: Pick<ReportKpi, 'kind' | 'items'> | undefined, v: unknown, lang: Lang): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return formatNumber(v, lang);
  if (typeof v !== 'object') return String(v);
  if ('numerator' in v && 'denominator' in v) {
    const { numerator: n, denominator: d } = v as { numerator: number; denominator: number };
    const pct = d > 0 ? ` (${formatPercent((n / d) * 100, lang)})` : '';
    return `${formatNumber(n, lang)}/${formatNumber(d, lang)}${pct}`;
  }
  if ('items' in v && Array.isArray((v as { items: unknown }).items)) {
    const done = (v as { items: unknown[] }).items.length;
    const total = kpi?.items?.length;
    return total ? `${formatNumber(done, lang)}/${formatNumber(total, lang)}` : formatNumber(done, lang);
  }
  return '—';
}
