/**
 * Where in the administration area we are, from the path: `/admin/users`, `/admin/kpis`,
 * `/admin/kpis/<code>`, `/admin/kpis/new`, `/admin/calendar`, `/admin/signers`, `/admin/audit`. Pure parse here, so it is tested
 * without a browser; the dashboard keeps its own state in the query string.
 */
export type AdminRoute =
  | { tab: 'users' }
  | { tab: 'kpis'; kpi: string | null; isNew: boolean }
  | { tab: 'calendar' }
  | { tab: 'signers' }
  | { tab: 'audit' };

export const ADMIN_BASE = '/admin';

export function isAdminPath(pathname: string): boolean {
  return pathname === ADMIN_BASE || pathname.startsWith(`${ADMIN_BASE}/`);
}

export function parseAdminPath(pathname: string): AdminRoute {
  const parts = pathname.slice(ADMIN_BASE.length).split('/').filter(Boolean);
  if (parts[0] === 'kpis') {
    const code = parts[1] ?? null;
    if (code === 'new') return { tab: 'kpis', kpi: null, isNew: true };
    return { tab: 'kpis', kpi: code && /^[a-z0-9_]{1,64}$/.test(code) ? code : null, isNew: false };
  }
  if (parts[0] === 'calendar') return { tab: 'calendar' };
  if (parts[0] === 'signers') return { tab: 'signers' };
  if (parts[0] === 'audit') return { tab: 'audit' };
  return { tab: 'users' };
}

export function adminPath(route: AdminRoute): string {
  if (route.tab === 'kpis') return `${ADMIN_BASE}/kpis${route.isNew ? '/new' : route.kpi ? `/${route.kpi}` : ''}`;
  return `${ADMIN_BASE}/${route.tab}`;
}
