/**
 * Numbers and dates as each locale writes them: vi `3.412.560`, `99,5 %`, `tháng 9/2022`;
 * en `3,412,560`, `99.5%`, `Sep 2022`. Pure, so the browser tests can format the API's figures
 * exactly as the screen should show them.
 */
import { formatPercentText } from '@tiendo/shared';

export type Lang = 'vi' | 'en';

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const numberFormats = new Map<string, Intl.NumberFormat>();
function nf(lang: Lang, digits: number): Intl.NumberFormat {
  const key = `${lang}:${digits}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
    numberFormats.set(key, f);
  }
  return f;
}

export function formatNumber(value: number | null | undefined, lang: Lang, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return nf(lang, digits).format(value);
}

/**
 * `value` is already in percent (99.5 means 99.5 %). Written by the one rule the report and the
 * Excel annex use too: never rounded up into 100 % or into a target it has not reached.
 */
export function formatPercent(value: number | null | undefined, lang: Lang, digits = 1, thresholds: readonly number[] = [100]): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return formatPercentText(value, lang, digits, thresholds);
}

/** A signed number: `+30.436`, `−76`, `0`. */
export function formatSigned(value: number | null | undefined, lang: Lang, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const rounded = Number(value.toFixed(digits));
  if (rounded === 0) return nf(lang, digits).format(0);
  const body = nf(lang, digits).format(Math.abs(rounded));
  return rounded > 0 ? `+${body}` : `−${body}`;
}

/** `tháng 9/2022` / `Sep 2022`. */
export function formatPeriod(period: string | null | undefined, lang: Lang): string {
  if (!period) return '—';
  const [y, m] = period.split('-').map(Number);
  if (!y || !m) return period;
  return lang === 'vi' ? `tháng ${m}/${y}` : `${EN_MONTHS[m - 1]} ${y}`;
}

/** Compact label for chart axes: `9/2022` / `Sep 22`. */
export function formatPeriodShort(period: string, lang: Lang): string {
  const [y, m] = period.split('-').map(Number);
  if (!y || !m) return period;
  return lang === 'vi' ? `${m}/${y}` : `${EN_MONTHS[m - 1]} ${String(y).slice(2)}`;
}

/** An ISO timestamp as a date and time in Hà Nội (UTC+7): `17/11/2026 18:11` / `Nov 17, 2026, 18:11`. */
export function formatDateTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d);
}

/** A plain `YYYY-MM-DD` date: `17/11/2026` / `17 Nov 2026`. */
export function formatDate(date: string | null | undefined, lang: Lang): string {
  if (!date) return '—';
  const [y, m, d] = date.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return date;
  return lang === 'vi' ? `${d}/${m}/${y}` : `${d} ${EN_MONTHS[m - 1]} ${y}`;
}
