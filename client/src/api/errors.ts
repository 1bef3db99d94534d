/**
 * What a failed call says to a person. The server's `code` picks the sentence (`apiErrors.<code>`
 * in the catalogues), its `details` fill the blanks; the server's message is shown only for a code
 * the catalogues do not know, and a 5xx never shows the server's words.
 */
import type { FieldError } from '@tiendo/shared';
import type { i18n as I18n } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatPeriod, type Lang } from '../i18n/format.ts';
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

/** `details.errors` of a 400 (per field) or a 422 (per row), when the server sent them. */
export function detailErrors<T = FieldError>(e: unknown): T[] {
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
 * The reader's half of a "tiếng Việt / English" text that carries no code of its own: the items
 * listed inside a reply (a field's error, an import row's, an unusual figure's flag, one unit's
 * result of a batch). A reply's own error never comes here: `errorText` translates its code.
 */
export function bilingualPart(text: string, lang: string): string {
  const parts = text.split(' / ');
  if (parts.length !== 2) return text;
  return (lang === 'en' ? parts[1] : parts[0]) ?? text;
}
