/**
 * Periods and dates as people write them, once for the screens, the exports and the server's
 * messages: vi `tháng 12/2022`, `15/12/2026`; en `Dec 2022`, `15 Dec 2026`. By hand, so the
 * output never depends on the ICU data of a Node or browser build.
 */
import type { NumberLang } from './number-format.ts';

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `2022-12` → `tháng 12/2022` / `Dec 2022`; anything else as given. */
export function formatPeriodText(period: string, lang: NumberLang): string {
  const [y, m] = period.split('-').map(Number);
  if (!y || !m || m > 12) return period;
  return lang === 'vi' ? `tháng ${m}/${y}` : `${EN_MONTHS[m - 1]} ${y}`;
}

/** `2026-12-15` (or an ISO timestamp's date) → `15/12/2026` / `15 Dec 2026`; anything else as given. */
export function formatDateText(date: string, lang: NumberLang): string {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d || m > 12) return date;
  return lang === 'vi' ? `${pad2(d)}/${pad2(m)}/${y}` : `${d} ${EN_MONTHS[m - 1]} ${y}`;
}
