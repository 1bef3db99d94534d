import { describe, expect, it } from 'vitest';
import { adminPath, isAdminPath, parseAdminPath } from './admin-route.ts';

describe('admin paths', () => {
  it('parses and formats every screen', () => {
    for (const path of [
      '/admin/users',
      '/admin/kpis',
      '/admin/kpis/tthc_tich_hop',
      '/admin/kpis/new',
      '/admin/calendar',
      '/admin/signers',
      '/admin/audit',
    ]) {
      expect(adminPath(parseAdminPath(path))).toBe(path);
    }
    expect(parseAdminPath('/admin')).toEqual({ tab: 'users' });
    expect(parseAdminPath('/admin/kpis/<script>')).toEqual({ tab: 'kpis', kpi: null, isNew: false });
  });

  it('tells the admin area from the dashboard', () => {
    expect(isAdminPath('/admin')).toBe(true);
    expect(isAdminPath('/admin/kpis')).toBe(true);
    expect(isAdminPath('/')).toBe(false);
    expect(isAdminPath('/administrator')).toBe(false);
  });
});
