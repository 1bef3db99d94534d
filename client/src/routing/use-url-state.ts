import { useCallback, useSyncExternalStore } from 'react';
import { currentPathname, currentSearch } from './location.ts';
import { formatUrlState, mergeUrlState, parseUrlState, type UrlState } from './url-state.ts';

const EVENT = 'tiendo:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(EVENT, onChange);
  };
}

export function navigate(patch: Partial<UrlState>, opts: { replace?: boolean } = {}): void {
  const next = mergeUrlState(parseUrlState(window.location.search), patch);
  const url = `${window.location.pathname}${formatUrlState(next)}`;
  if (url === `${window.location.pathname}${window.location.search}`) return;
  if (opts.replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  window.dispatchEvent(new Event(EVENT));
}

/** A link's href for a patch of the current state (so "open in new tab" works too). */
export function hrefFor(patch: Partial<UrlState>): string {
  const next = mergeUrlState(parseUrlState(currentSearch()), patch);
  return `${currentPathname()}${formatUrlState(next)}`;
}

export function useUrlState(): [UrlState, typeof navigate] {
  const search = useSyncExternalStore(subscribe, currentSearch, currentSearch);
  // parse is cheap; keyed on the string so consumers get stable values per URL
  const state = useParsed(search);
  return [state, navigate];
}

const cache = new Map<string, UrlState>();
function useParsed(search: string): UrlState {
  const get = useCallback(() => {
    let s = cache.get(search);
    if (!s) {
      s = parseUrlState(search);
      if (cache.size > 200) cache.clear();
      cache.set(search, s);
    }
    return s;
  }, [search]);
  return get();
}
