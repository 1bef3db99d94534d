/**
 * How numbers and percentages are written, once for the dashboard, the meeting report, the Excel
 * annex and meeting mode. Vietnamese writes 3.412.560 and 99,5 %; English 3,412,560 and 99.5%.
 * Done by hand so the output never depends on the ICU data a Node or browser build carries.
 *
 * A percentage is never rounded up into a threshold it has not reached (100 %, or the target it is
 * judged against): 99.96 % shows as "99,96 %", not "100 %", and 69.97 % against a 70 % target as
 * "69,97 %", so a figure marked behind never reads as done.
 */
export type NumberLang = 'vi' | 'en';

/** Groups thousands and fixes the decimals; `-0` prints as `0`. Trailing zeros kept as asked. */
export function formatFixed(value: number, lang: NumberLang, decimals = 0): string {
  if (!Number.isFinite(value)) return '–';
  const fixed = Math.abs(value).toFixed(decimals);
  const [int = '0', frac] = fixed.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'vi' ? '.' : ',');
  const negative = value < 0 && Number(fixed) !== 0;
  return `${negative ? '-' : ''}${grouped}${frac ? (lang === 'vi' ? ',' : '.') + frac : ''}`;
}

/** Up to `decimals` decimals, trailing zeros dropped: `99,5`, `100`, `1.234,25`. */
export function formatNumberText(value: number, lang: NumberLang, decimals = 0): string {
  const s = formatFixed(value, lang, decimals);
  if (decimals === 0) return s;
  const dec = lang === 'vi' ? ',' : '.';
  return s.includes(dec) ? s.replace(/0+$/, '').replace(new RegExp(`\\${dec}$`), '') : s;
}

/**
 * The decimals to show a percentage with so that it does not reach a threshold it is below:
 * `decimals` normally; one more when rounding would carry it onto the threshold (99,96 %), and
 * cut there when even that would (99,999 % shows as 99,99 %).
 */
export function percentDecimals(value: number, decimals = 1, thresholds: readonly number[] = [100]): number {
  if (!Number.isFinite(value)) return decimals;
  for (let d = decimals; d <= decimals + 1; d++) {
    const rounded = Number(value.toFixed(d));
    if (!thresholds.some((t) => value < t && rounded >= t)) return d;
  }
  return decimals + 1;
}

/** The number a percentage is shown as: rounded, or cut where rounding would reach a threshold. */
export function roundPercent(value: number, decimals = 1, thresholds: readonly number[] = [100]): number {
  const d = percentDecimals(value, decimals, thresholds);
  const rounded = Number(value.toFixed(d));
  const crosses = thresholds.some((t) => value < t && rounded >= t);
  return crosses ? Math.floor(value * 10 ** d) / 10 ** d : rounded;
}

/** `99,5 %` / `99.5%`; trailing zeros dropped; never rounded up into a threshold. */
export function formatPercentText(value: number, lang: NumberLang, decimals = 1, thresholds: readonly number[] = [100]): string {
  if (!Number.isFinite(value)) return '–';
  const d = percentDecimals(value, decimals, thresholds);
  const n = formatNumberText(roundPercent(value, decimals, thresholds), lang, d);
  return lang === 'vi' ? `${n}\u00a0%` : `${n}%`;
}

/** What a share is never rounded up into: 100 %, and the target it is judged against when it has one. */
export function shareThresholds(target?: number | null): number[] {
  return target === null || target === undefined ? [100] : [100, target];
}

/**
 * A share, an attainment or a ratio KPI's value, one decimal, as the dashboard, the deck and the
 * report all write it: 99.96 against 100 prints as 99,96 %, 69.97 against a 70 % target as 69,97 %.
 */
export function formatShareText(value: number, lang: NumberLang, target?: number | null): string {
  return formatPercentText(value, lang, 1, shareThresholds(target));
}

/**
 * A change with its sign: `+30.436`, `−76` (a true minus sign, U+2212), and `0` with no sign when
 * it rounds to nothing at the decimals asked; trailing zeros dropped.
 */
export function formatSignedText(value: number, lang: NumberLang, decimals = 0): string {
  if (!Number.isFinite(value)) return '–';
  const rounded = Number(value.toFixed(decimals));
  const body = formatNumberText(Math.abs(rounded), lang, decimals);
  if (rounded === 0) return body;
  return rounded > 0 ? `+${body}` : `\u2212${body}`;
}

/**
 * The decimals a spreadsheet cell needs so that its own rounding of the exact value does not
 * reach a threshold the value is below (Excel and LibreOffice round half away from zero, as
 * `toFixed` does): `decimals` normally, more for 99.96 % (2) or 99.996 % (3). The cell keeps the
 * exact number; only its format changes.
 */
export function cellPercentDecimals(value: number, decimals = 1, thresholds: readonly number[] = [100]): number {
  if (!Number.isFinite(value)) return decimals;
  for (let d = decimals; d < 6; d++) {
    const rounded = Number(value.toFixed(d));
    if (!thresholds.some((t) => value < t && rounded >= t)) return d;
  }
  return 6;
}

const COMPACT: Record<NumberLang, readonly (readonly [number, string])[]> = {
  vi: [
    [1e9, '\u00a0tỷ'],
    [1e6, '\u00a0triệu'],
    [1e3, '\u00a0nghìn'],
  ],
  en: [
    [1e9, 'bn'],
    [1e6, 'M'],
    [1e3, 'k'],
  ],
};

/**
 * A number as people write it where space is short (chart axes, tiles): `1,8 nghìn`, `2 triệu`,
 * `3,4 tỷ` / `1.8k`, `2M`, `3.4bn`: one decimal at most, none from 100 of a unit on, and a value
 * that rounds up to the next unit is written in it (999 950 is `1 triệu`, not `1.000 nghìn`).
 * Below 1 000 the number itself. Never for tables: there the exact figure is the point.
 */
export function formatCompactText(value: number, lang: NumberLang): string {
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  const sign = value < 0 ? '-' : '';
  const scales = COMPACT[lang];
  for (let i = 0; i < scales.length; i++) {
    const [size, word] = scales[i] as readonly [number, string];
    if (abs < size) continue;
    const scaled = abs / size;
    const decimals = scaled >= 100 ? 0 : 1;
    const rounded = Number(scaled.toFixed(decimals));
    // 999 950 → 1 000 nghìn: say it with the larger unit instead
    const bigger = scales[i - 1];
    if (bigger && rounded * size >= bigger[0]) return `${sign}${formatNumberText(1, lang)}${bigger[1]}`;
    return `${sign}${formatNumberText(rounded, lang, decimals)}${word}`;
  }
  return `${sign}${formatNumberText(abs, lang, Number.isInteger(abs) ? 0 : 1)}`;
}
