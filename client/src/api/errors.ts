/**
 * What a failed call says to a person. The server's `code` picks the sentence (`apiErrors.<code>`
 * in the catalogues), its `details` fill the blanks; the server's message is shown only for a code
 * the catalogues do not know, and a 5xx never shows the server's words.
 */
import type { FieldError, ItemParams } from '@tiendo/shared';
import type { i18n as I18n } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatNumber, formatPercent, formatPeriod, type Lang } from '../i18n/format.ts';
import { HttpError, NetworkError } from './http.ts';

/** The little of i18next the error text needs: a catalogue lookup in one language. */
export interface Translator {
  t: (key: string, params?: Record<string, unknown>) => string;
  exists: (key: string) => boolean;
  language: string;
}

/** `i18n` in `lang` (its current language when not given). */
export function translatorOf(i18n: Pick<I18n, 'getFixedT' | 'exists' | 'language'>, lang: string = i18n.language): Translator {
  const t = i18n.getFixedT(lang);
  return { t: (key, params) => t(key, params), exists: (key) => i18n.exists(key, { lng: lang }), language: lang };
}

/** The blanks of a code's sentence: `details` as sent, with periods and states in words. */
export function errorParams(details: unknown, i18n: Translator): Record<string, unknown> {
  if (!details || typeof details !== 'object' || Array.isArray(details)) return {};
  const lang: Lang = i18n.language === 'en' ? 'en' : 'vi';
  const d = details as Record<string, unknown>;
  const params: Record<string, unknown> = { ...d };
  if (typeof d.period === 'string') params.period = formatPeriod(d.period, lang);
  if (typeof d.state === 'string' && i18n.exists(`reporting.state.${d.state}`)) params.state = i18n.t(`reporting.state.${d.state}`);
  if (typeof d.retryAfterSeconds === 'number') params.minutes = Math.max(1, Math.ceil(d.retryAfterSeconds / 60));
  if (Array.isArray(d.errors)) params.n = d.errors.length;
  return params;
}

/** The sentence for `error` in the reader's language. */
export function errorText(error: unknown, i18n: Translator): string {
  if (error instanceof HttpError) {
    // a request that failed its schema: each problem said from its zod code, where it is
    const issues = error.code === 'validation_error' ? schemaIssues(error.details) : [];
    if (issues.length > 0) {
      const list = issues.map((i) => (i.field ? `${i.field}: ${itemText(i, i18n)}` : itemText(i, i18n))).join('; ');
      return i18n.t('itemErrors.invalid_request', { list });
    }
    const key = `apiErrors.${error.code}`;
    if (i18n.exists(key)) return i18n.t(key, errorParams(error.details, i18n));
    if (error.status < 500 && error.serverMessage) return error.serverMessage;
    return i18n.t('common.serverError', { status: error.status });
  }
  // fetch's own failure is a TypeError; ours is wrapped as a NetworkError
  if (error instanceof NetworkError || error instanceof TypeError) return i18n.t('common.networkError');
  return error instanceof Error && error.message ? error.message : i18n.t('common.networkError');
}

/** `errorText` bound to the app's i18next instance, re-rendering when the language changes. */
export function useErrorText(): (error: unknown) => string {
  const { i18n } = useTranslation();
  return (error) => errorText(error, translatorOf(i18n));
}

/** An item as received: a server older than its codes sends only the message. */
export type Received<T extends { code: string; params: ItemParams }> = Omit<T, 'code' | 'params'> & Partial<Pick<T, 'code' | 'params'>>;

/** `details.errors` of a 400 (per field) or a 422 (per row), when the server sent them. */
export function detailErrors<T = Received<FieldError>>(e: unknown): T[] {
  if (!(e instanceof HttpError)) return [];
  const d = e.details as { errors?: unknown } | undefined;
  return Array.isArray(d?.errors) ? (d.errors as T[]) : [];
}

/** Details of a `stale_version` refusal on save; not in `@tiendo/shared` because the server builds it ad hoc. */
export interface ConflictDetails {
  currentVersion: number;
  updatedBy: string | null;
  updatedAt: string | null;
  changes: { kpi: string; yours: unknown; theirs: unknown }[];
}

export function conflictDetails(e: unknown): ConflictDetails | null {
  if (!(e instanceof HttpError) || e.status !== 409) return null;
  const d = e.details as Partial<ConflictDetails> | undefined;
  if (!d || typeof d.currentVersion !== 'number' || !Array.isArray(d.changes)) return null;
  return { currentVersion: d.currentVersion, updatedBy: d.updatedBy ?? null, updatedAt: d.updatedAt ?? null, changes: d.changes };
}

/**
 * The reader's half of a "tiếng Việt / English" text: what `itemText` shows of an item whose code
 * it does not know (a newer server's, or an older one's that sent none).
 */
export function bilingualPart(text: string, lang: string): string {
  const parts = text.split(' / ');
  if (parts.length !== 2) return text;
  return (lang === 'en' ? parts[1] : parts[0]) ?? text;
}

/** An item listed inside a reply (report-api.ts `codedItem`); code and params may be missing from an older server. */
export interface CodedItem {
  code?: string;
  params?: ItemParams;
  message: string;
  /** A report field's part (`numerator`, …): picks the sentence's variant where it has one. */
  field?: string | null;
}

/** `details.issues` of a request that failed its schema, when they carry their codes. */
function schemaIssues(details: unknown): (CodedItem & { field: string | null })[] {
  const issues = (details as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return [];
  return issues.filter((i): i is CodedItem & { field: string | null } => typeof i?.code === 'string' && typeof i?.message === 'string');
}

/**
 * The blanks of an item's sentence in the reader's language: numbers formatted (a `…Percent`
 * param as a percentage, under its name without the suffix), names in both languages halved,
 * a refusal's `reason` code said as that refusal would be.
 */
export function itemParams(params: ItemParams | undefined, i18n: Translator): Record<string, unknown> {
  const lang: Lang = i18n.language === 'en' ? 'en' : 'vi';
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params ?? {})) {
    if (typeof v === 'number' && k.endsWith('Percent')) out[k.slice(0, -'Percent'.length)] = formatPercent(v, lang);
    else if (typeof v === 'number') out[k] = formatNumber(v, lang);
    else if (typeof v === 'string') out[k] = v;
    else if (v && typeof v === 'object' && typeof v.vi === 'string') out[k] = lang === 'en' ? v.en : v.vi;
  }
  const reason = params?.reason;
  if (typeof reason === 'string' && i18n.exists(`apiErrors.${reason}`)) {
    out.reason = i18n.t(`apiErrors.${reason}`, errorParams(params, i18n)).replace(/\.$/, '');
  } else if (params?.why && typeof params.why === 'object') out.reason = out.why;
  return out;
}

/**
 * What an item says in the reader's language: its code's sentence (`itemErrors`, else the
 * `apiErrors` sentence of a row refused as a request would be), prefixed by the cell it is about
 * (`at`); the reader's half of the server's message for a code neither knows.
 */
export function itemText(item: CodedItem, i18n: Translator): string {
  const code = item.code;
  const params = itemParams(item.params, i18n);
  let text: string | null = null;
  if (code && i18n.exists(`itemErrors.${code}`)) {
    // i18next's context picks `not_whole_number_numerator`, `too_small_string`, … where there is one
    const variant = (c: unknown) => (typeof c === 'string' && i18n.exists(`itemErrors.${code}_${c}`) ? c : undefined);
    const context = variant(item.field) ?? variant(item.params?.origin);
    text = i18n.t(`itemErrors.${code}`, { ...params, ...(context ? { context } : {}) });
  } else if (code && i18n.exists(`apiErrors.${code}`)) {
    // a period or a state in words, as the reply's own error would say them
    const words = errorParams(item.params, i18n);
    text = i18n.t(`apiErrors.${code}`, { ...words, ...params, period: words.period, state: words.state });
  }
  if (text === null) return bilingualPart(item.message, i18n.language);
  return params.at ? i18n.t('itemErrors.in_cell', { at: params.at, text }) : text;
}

/** `itemText` bound to the app's i18next instance, re-rendering when the language changes. */
export function useItemText(): (item: CodedItem) => string {
  const { i18n } = useTranslation();
  return (item) => itemText(item, translatorOf(i18n));
}
