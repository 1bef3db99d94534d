/**
 * Period arithmetic for the client. Kept apart from `@tiendo/shared`'s runtime entry so the
 * initial bundle does not pull in every zod schema; the rules are the same (`YYYY-MM`).
 */
export function periodIndex(period: string): number {
  const [y, m] = period.split('-').map(Number);
  return (y ?? 0) * 12 + ((m ?? 1) - 1);
}

export function periodFromIndex(index: number): string {
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function addMonths(period: string, months: number): string {
  return periodFromIndex(periodIndex(period) + months);
}

export function periodRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let i = periodIndex(from); i <= periodIndex(to); i++) out.push(periodFromIndex(i));
  return out;
}

export function isPeriodString(value: string | null | undefined): value is string {
  return !!value && /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}
