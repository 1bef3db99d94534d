/**
 * Which figures the dashboard shows: as submitted (the default: figures count from submission)
 * or approved reports only. Remembered in the browser, like the language. Screens pass it to the
 * figure queries as part of their `Reading`, so it is in every key (api/keys.ts); no query reads it
 * behind its key's back.
 */
import type { Basis } from '@tiendo/shared';

const KEY = 'tiendo.basis';
const listeners = new Set<() => void>();

export function storedBasis(): Basis {
  try {
    return globalThis.localStorage?.getItem(KEY) === 'approved' ? 'approved' : 'submitted';
  } catch {
    return 'submitted';
  }
}

let current: Basis = storedBasis();

export function getBasis(): Basis {
  return current;
}

export function setBasis(next: Basis): void {
  current = next;
  try {
    globalThis.localStorage?.setItem(KEY, next);
  } catch {
    // Private mode: the choice lasts for the page.
  }
  for (const l of listeners) l();
}

export function subscribeBasis(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
