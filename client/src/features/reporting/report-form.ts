/**
 * The report form as the inputs hold it (strings, so a half-typed number survives a re-render)
 * and the pure steps between it and the API: from a reply, to a save body, checked on the way.
 */
import type { FieldError, ReportReply, ReportValue, SaveReportBody } from '@tiendo/shared';

export type ReportKpi = ReportReply['kpis'][number];

export type FieldInput = { value: string } | { numerator: string; denominator: string } | { items: string[] };

export interface FormState {
  values: Record<string, FieldInput>;
  notes: { difficulties: string; recommendations: string };
  explanations: Record<string, string>;
}

/** A client-side check failed: `code` is a key under `reporting.errors`. */
export interface LocalError {
  kpi: string;
  field: 'value' | 'numerator' | 'denominator';
  code: 'notWhole' | 'numeratorOverDenominator' | 'denominatorZero' | 'ratioHalf';
}

const PLAIN = /^\d+$/;
/** Thousands written the Vietnamese (1.802) or English (1,802) way, or with spaces. */
const GROUPED = /^\d{1,3}([., \u00a0]\d{3})+$/;

/**
 * A whole number as typed on a phone: `''` is empty (null); separators count only where they
 * group thousands, so "1.5" is refused rather than read as 15.
 */
export function parseCount(raw: string): number | null | 'invalid' {
  const s = raw.trim();
  if (s === '') return null;
  if (PLAIN.test(s)) return Number(s);
  if (GROUPED.test(s)) return Number(s.replace(/[., \u00a0]/g, ''));
  return 'invalid';
}

export function emptyInput(kpi: Pick<ReportKpi, 'kind'>): FieldInput {
  if (kpi.kind === 'ratio') return { numerator: '', denominator: '' };
  if (kpi.kind === 'checklist') return { items: [] };
  return { value: '' };
}

export function inputFromValue(kpi: Pick<ReportKpi, 'kind'>, v: ReportValue | null | undefined): FieldInput {
  if (v === null || v === undefined) return emptyInput(kpi);
  if (typeof v === 'number') return kpi.kind === 'ratio' || kpi.kind === 'checklist' ? emptyInput(kpi) : { value: String(v) };
  if ('numerator' in v) return { numerator: String(v.numerator), denominator: String(v.denominator) };
  return { items: [...v.items].sort() };
}

/**
 * A checklist is a level: a month not yet reported starts from last month's ticks, so the
 * city ticks what went live rather than re-ticking 24 services.
 */
export function formFromReport(r: Pick<ReportReply, 'kpis' | 'values' | 'notes' | 'flags'>): FormState {
  const values: Record<string, FieldInput> = {};
  for (const k of r.kpis) {
    const own = r.values[k.code];
    values[k.code] = inputFromValue(k, own === undefined && k.kind === 'checklist' ? k.previous : own);
  }
  const explanations: Record<string, string> = {};
  for (const f of r.flags) if (f.explanation) explanations[f.kpi] = f.explanation;
  return { values, notes: { ...r.notes }, explanations };
}

/** The form as the API reads it; an empty field is sent as null (cleared). */
export function valueFromInput(input: FieldInput | undefined): ReportValue | null | 'invalid' {
  if (!input) return null;
  if ('items' in input) return { items: [...input.items].sort() };
  if ('value' in input) return parseCount(input.value);
  const n = parseCount(input.numerator);
  const d = parseCount(input.denominator);
  if (n === null && d === null) return null;
  if (typeof n !== 'number' || typeof d !== 'number') return 'invalid';
  return { numerator: n, denominator: d };
}

/** The hard rules the server applies to one value, checked as the user types. */
export function checkForm(kpis: readonly ReportKpi[], form: FormState): LocalError[] {
  const errors: LocalError[] = [];
  for (const k of kpis) {
    const input = form.values[k.code];
    if (!input || 'items' in input) continue;
    if ('value' in input) {
      if (parseCount(input.value) === 'invalid') errors.push({ kpi: k.code, field: 'value', code: 'notWhole' });
      continue;
    }
    const n = parseCount(input.numerator);
    const d = parseCount(input.denominator);
    if (n === 'invalid') errors.push({ kpi: k.code, field: 'numerator', code: 'notWhole' });
    if (d === 'invalid') errors.push({ kpi: k.code, field: 'denominator', code: 'notWhole' });
    if (n === 'invalid' || d === 'invalid') continue;
    if ((n === null) !== (d === null)) errors.push({ kpi: k.code, field: n === null ? 'numerator' : 'denominator', code: 'ratioHalf' });
    else if (n !== null && d !== null && d === 0 && n > 0) errors.push({ kpi: k.code, field: 'denominator', code: 'denominatorZero' });
    else if (n !== null && d !== null && n > d) errors.push({ kpi: k.code, field: 'numerator', code: 'numeratorOverDenominator' });
  }
  return errors;
}

/** Null when the form does not pass `checkForm`. */
export function toSaveBody(kpis: readonly ReportKpi[], form: FormState, version: number): SaveReportBody | null {
  if (checkForm(kpis, form).length) return null;
  const values: SaveReportBody['values'] = {};
  for (const k of kpis) {
    const v = valueFromInput(form.values[k.code]);
    if (v === 'invalid') return null;
    values[k.code] = v;
  }
  const explanations: Record<string, string> = {};
  for (const [k, text] of Object.entries(form.explanations)) if (kpis.some((x) => x.code === k)) explanations[k] = text.trim();
  return { values, notes: { ...form.notes }, explanations, version };
}

/** Live percentage of a ratio as typed; null while either half is missing or invalid. */
export function ratioPercent(numerator: string, denominator: string): number | null {
  const n = parseCount(numerator);
  const d = parseCount(denominator);
  if (typeof n !== 'number' || typeof d !== 'number' || d === 0) return null;
  return (n / d) * 100;
}

function canonical(kpis: readonly Pick<ReportKpi, 'code' | 'kind'>[], form: FormState): string {
  const values: Record<string, unknown> = {};
  for (const k of kpis) {
    const v = valueFromInput(form.values[k.code]);
    // an invalid half-typed value still differs from what is stored
    values[k.code] = v === 'invalid' ? JSON.stringify(form.values[k.code]) : v;
  }
  const explanations = Object.fromEntries(
    Object.entries(form.explanations)
      .map(([k, t]) => [k, t.trim()] as const)
      .filter(([, t]) => t !== '')
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return JSON.stringify({ values, notes: [form.notes.difficulties.trim(), form.notes.recommendations.trim()], explanations });
}

/** Same report content, whatever the spelling of the numbers ("1.802" and "1802"). */
export function sameContent(kpis: readonly Pick<ReportKpi, 'code' | 'kind'>[], a: FormState, b: FormState): boolean {
  return canonical(kpis, a) === canonical(kpis, b);
}

/** Server field errors keyed `kpi:field` (field null → the KPI as a whole). */
export function errorsByField<E extends Pick<FieldError, 'kpi' | 'field'>>(errors: readonly E[]): Map<string, E[]> {
  const m = new Map<string, E[]>();
  for (const e of errors) {
    const key = `${e.kpi ?? ''}:${e.field ?? ''}`;
    m.set(key, [...(m.get(key) ?? []), e]);
  }
  return m;
}
