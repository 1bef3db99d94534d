import { useSyncExternalStore } from 'react';
import { currentPathname } from '../../routing/location.ts';
import { type AdminRoute, adminPath, parseAdminPath } from './admin-route.ts';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  return () => window.removeEventListener('popstate', onChange);
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, currentPathname, currentPathname);
}

export function useAdminRoute(): AdminRoute {
  return parseAdminPath(usePathname());
}

/** Moves within the SPA (the dashboard is `/`); every listener of popstate re-reads the URL. */
export function goTo(path: string): void {
  if (path === `${window.location.pathname}${window.location.search}`) return;
  window.history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function goAdmin(route: AdminRoute): void {
  goTo(adminPath(route));
}
