/**
 * The unsent draft of a report, kept in the browser per user, unit and period, so figures typed
 * on a phone survive a lost connection or a closed tab and are sent when the network is back.
 */
import type { FieldInput, FormState } from './report-form.ts';

export interface LocalDraft {
  form: FormState;
  /** The server version the edits started from: a save sends it, so a clash gives a 409. */
  baseVersion: number;
  savedAt: string;
  /** The user asked to send it; it goes as soon as the connection allows. */
  queued: boolean;
}

/** Only what `localStorage` offers that we use: tests pass a Map-backed stand-in. */
export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export const draftKey = (user: string, unit: string, period: string) => `tiendo.reportDraft.v1:${user}:${unit}:${period}`;

const isString = (x: unknown): x is string => typeof x === 'string';

function isInput(x: unknown): x is FieldInput {
  if (!x || typeof x !== 'object') return false;
  const o = x as Record<string, unknown>;
  if ('items' in o) return Array.isArray(o.items) && o.items.every(isString);
  if ('value' in o) return isString(o.value);
  return isString(o.numerator) && isString(o.denominator);
}

/** A stored draft, or null when there is none or it is not one we wrote (old format, tampered). */
export function readDraft(storage: DraftStorage | null, key: string): LocalDraft | null {
  let raw: string | null = null;
  try {
    raw = storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
  if (!raw) return null;
  try {
    const d = JSON.parse(raw) as Partial<LocalDraft>;
    const f = d.form as Partial<FormState> | undefined;
    if (typeof d.baseVersion !== 'number' || !isString(d.savedAt) || !f || typeof f !== 'object') return null;
    if (!f.values || !Object.values(f.values).every(isInput)) return null;
    if (!f.notes || !isString(f.notes.difficulties) || !isString(f.notes.recommendations)) return null;
    const explanations = f.explanations && Object.values(f.explanations).every(isString) ? f.explanations : {};
    return {
      form: { values: f.values, notes: f.notes, explanations },
      baseVersion: d.baseVersion,
      savedAt: d.savedAt,
      queued: d.queued === true,
    };
  } catch {
    return null;
  }
}

/** False when the browser refuses (private mode, quota): the screen then says so. */
export function writeDraft(storage: DraftStorage | null, key: string, draft: LocalDraft): boolean {
  try {
    if (!storage) return false;
    storage.setItem(key, JSON.stringify(draft));
    return true;
  } catch {
    return false;
  }
}

export function clearDraft(storage: DraftStorage | null, key: string): void {
  try {
    storage?.removeItem(key);
  } catch {
    // nothing stored, nothing to clear
  }
}

export function browserStorage(): DraftStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** Waiting before the next automatic try: 5 s, 10 s, 20 s … capped at 2 minutes. */
export function retryDelay(attempt: number): number {
  return Math.min(120_000, 5_000 * 2 ** Math.max(0, attempt));
}
