/**
 * Numbers and dates as each locale writes them: vi `3.412.560`, `99,5 %`, `tháng 9/2022`;
 * en `3,412,560`, `99.5%`, `Sep 2022`. Pure, so the browser tests can format the API's figures
 * exactly as the screen should show them.
 */
import { formatDateText, formatPeriodText } from '@tiendo/shared/date-format';
import { formatCompactText, formatNumberText, formatPercentText, formatShareText, formatSignedText } from '@tiendo/shared/number-format';

export type Lang = 'vi' | 'en';

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Up to `digits` decimals, trailing zeros dropped: the one rule the report and the Excel annex write by too. */
export function formatNumber(value: number | null | undefined, lang: Lang, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return formatNumberText(value, lang, digits);
}

/**
 * `value` is already in percent (99.5 means 99.5 %). Written by the one rule the report and the
 * Excel annex use too: never rounded up into 100 % or into a target it has not reached.
 */
export function formatPercent(value: number | null | undefined, lang: Lang, digits = 1, thresholds: readonly number[] = [100]): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return formatPercentText(value, lang, digits, thresholds);
}

/**
 * A share, an attainment or a ratio KPI's value against its target, one decimal: never rounded up
 * into 100 % or into the target (69,97 % against 70 %), as the report writes it.
 */
export function formatShare(value: number | null | undefined, lang: Lang, target?: number | null): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return formatShareText(value, lang, target);
}

/** A signed number: `+30.436`, `−76`, `0`. */
export function formatSigned(value: number | null | undefined, lang: Lang, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return formatSignedText(value, lang, digits);
}

/** `tháng 9/2022` / `Sep 2022`. */
export function formatPeriod(period: string | null | undefined, lang: Lang): string {
  if (!period) return '—';
  return formatPeriodText(period, lang);
}

/** Compact label for chart axes: `9/2022` / `Sep 22`. */
export function formatPeriodShort(period: string, lang: Lang): string {
  const [y, m] = period.split('-').map(Number);
  if (!y || !m) return period;
  return lang === 'vi' ? `${m}/${y}` : `${EN_MONTHS[m - 1]} ${String(y).slice(2)}`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Hà Nội keeps UTC+7 all year (no daylight saving), so the local time is a fixed shift. */
const HANOI_OFFSET_MS = 7 * 3600_000;

/**
 * An ISO timestamp as a date and time in Hà Nội: `17/11/2026 18:11` / `17 Nov 2026, 18:11`.
 * Written by hand, as the dates are, so it never depends on the ICU data of a browser build
 * (vi-VN puts the time first in some).
 */
export function formatDateTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const h = new Date(d.getTime() + HANOI_OFFSET_MS);
  const day = `${h.getUTCFullYear()}-${pad2(h.getUTCMonth() + 1)}-${pad2(h.getUTCDate())}`;
  const time = `${pad2(h.getUTCHours())}:${pad2(h.getUTCMinutes())}`;
  return lang === 'vi' ? `${formatDate(day, lang)} ${time}` : `${formatDate(day, lang)}, ${time}`;
}

/** A plain `YYYY-MM-DD` date: `05/12/2026` / `5 Dec 2026`. */
export function formatDate(date: string | null | undefined, lang: Lang): string {
  if (!date) return '—';
  return formatDateText(date, lang);
}

/**
 * A number as people say it where space is short (chart axes, tiles): `1,8 nghìn`, `2 triệu`,
 * `3,4 tỷ` / `1.8k`, `2M`, `3.4bn`. Not for tables, where the exact figure is the point.
 */
export function formatCompact(value: number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return formatCompactText(value, lang);
}
