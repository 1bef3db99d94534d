/**
 * The rules a monthly report is checked against. Hard rules reject, with an error per field;
 * soft rules flag a value far outside the unit's own history, which then needs a short
 * explanation to be submitted. Pure functions: the service feeds them the history.
 *
 * Each error and flag carries a stable `code` and the `params` of its sentence (the SPA says it
 * from those, in the reader's language) and a bilingual `message` for any other reader.
 */
import { type FieldError, formatNumberText, formatPercentText, type ItemParams, type KpiKind, type ReportValue } from '@tiendo/shared';

export interface RuleKpi {
  code: string;
  name: string;
  kind: KpiKind;
  items: { code: string; retiredFrom: string | null }[];
  atMost: string | null;
}

export interface NormalizedValue {
  value?: number;
  numerator?: number;
  denominator?: number;
  items?: string[];
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 1e12;

/** Checks one value against its KPI's kind; returns the value in figure form, or errors. */
export function checkValue(kpi: RuleKpi, raw: ReportValue, period: string): { value: NormalizedValue | null; errors: FieldError[] } {
  const err = (field: string | null, code: string, message: string, params: ItemParams = {}): FieldError => ({
    kpi: kpi.code,
    field,
    code,
    params,
    message,
  });
  if (kpi.kind === 'count' || kpi.kind === 'stock') {
    if (!isCount(raw))
      return { value: null, errors: [err('value', 'not_whole_number', 'Phải là số nguyên không âm / must be a whole number, 0 or more')] };
    return { value: { value: raw }, errors: [] };
  }
  if (kpi.kind === 'ratio') {
    if (typeof raw !== 'object' || !('numerator' in raw)) {
      return { value: null, errors: [err(null, 'ratio_parts_required', 'Cần tử số và mẫu số / numerator and denominator required')] };
    }
    const errors: FieldError[] = [];
    if (!isCount(raw.numerator))
      errors.push(err('numerator', 'not_whole_number', 'Tử số phải là số nguyên không âm / numerator must be a whole number, 0 or more'));
    if (!isCount(raw.denominator))
      errors.push(
        err('denominator', 'not_whole_number', 'Mẫu số phải là số nguyên không âm / denominator must be a whole number, 0 or more'),
      );
    if (errors.length === 0 && raw.denominator === 0 && raw.numerator > 0) {
      errors.push(
        err(
          'denominator',
          'zero_denominator',
          'Mẫu số bằng 0 thì tử số cũng phải bằng 0 / with a denominator of 0 the numerator must be 0',
        ),
      );
    }
    if (errors.length === 0 && raw.numerator > raw.denominator) {
      errors.push(err('numerator', 'above_denominator', 'Tử số không được lớn hơn mẫu số / numerator may not exceed the denominator'));
    }
    return errors.length ? { value: null, errors } : { value: { numerator: raw.numerator, denominator: raw.denominator }, errors: [] };
  }
  if (typeof raw !== 'object' || !('items' in raw))
    return { value: null, errors: [err('items', 'items_required', 'Cần danh sách mục / list of items required')] };
  const allowed = new Set(kpi.items.filter((i) => i.retiredFrom === null || i.retiredFrom > period).map((i) => i.code));
  const unknown = raw.items.filter((i) => !allowed.has(i));
  if (unknown.length)
    return {
      value: null,
      errors: [
        err('items', 'unknown_items', `Mục không có trong danh mục / items not in the catalogue: ${unknown.join(', ')}`, {
          items: unknown.join(', '),
        }),
      ],
    };
  return { value: { items: [...new Set(raw.items)].sort() }, errors: [] };
}

/** The number a soft rule compares: the amount, or the percentage of a ratio. */
export function comparable(v: NormalizedValue): number | null {
  if (v.value !== undefined) return v.value;
  if (v.numerator !== undefined && v.denominator !== undefined) return v.denominator > 0 ? (v.numerator / v.denominator) * 100 : null;
  if (v.items) return v.items.length;
  return null;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** How many robust deviations a value may stray from the unit's recent median before it is flagged. */
export const UNUSUAL_THRESHOLD = 6;
export const MIN_HISTORY = 4;

/**
 * Median absolute deviation over the unit's recent values: robust to a zero-heavy series (the
 * spread never falls below a floor) and to slow growth (only the last months count).
 */
export function unusualness(history: number[], value: number, isPercent: boolean): number | null {
  const recent = history.slice(-6);
  if (recent.length < MIN_HISTORY) return null;
  const m = median(recent);
  const mad = median(recent.map((x) => Math.abs(x - m))) * 1.4826;
  const floor = isPercent ? 2 : Math.max(3, Math.abs(m) * 0.25);
  return Math.abs(value - m) / Math.max(mad, floor);
}

/**
 * The flag of a value far from the unit's recent months: code `far_from_recent`, params `usual`
 * (a count) or `usualPercent` (a ratio's percentage), the recent months' middle value.
 */
export function unusualFlag(
  history: number[],
  value: number,
  isPercent: boolean,
): { code: string; params: ItemParams; message: string } | null {
  const z = unusualness(history, value, isPercent);
  if (z === null || z <= UNUSUAL_THRESHOLD) return null;
  const m = median(history.slice(-6));
  // Said in plain words: "usually about …" is the recent months' middle value (the median).
  const vi = isPercent ? formatPercentText(m, 'vi') : formatNumberText(Math.round(m), 'vi');
  const en = isPercent ? formatPercentText(m, 'en') : formatNumberText(Math.round(m), 'en');
  return {
    code: 'far_from_recent',
    params: isPercent ? { usualPercent: m } : { usual: Math.round(m) },
    message: `Khác nhiều so với các tháng gần đây (thường vào khoảng ${vi}); cần giải trình / far from recent months (usually about ${en}); please explain`,
  };
}

/** The flag's message alone (see `unusualFlag`). */
export function unusualMessage(history: number[], value: number, isPercent: boolean): string | null {
  return unusualFlag(history, value, isPercent)?.message ?? null;
}
