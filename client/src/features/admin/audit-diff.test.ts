import { describe, expect, it } from 'vitest';
import { auditDiff, targetPeriod } from './audit-diff.ts';

describe('an audit entry as rows', () => {
  it('lists only the KPIs whose value moved in a saved draft', () => {
    const rows = auditDiff(
      { cccd_thu_nhan: 10, lam_sach_dan_cu: { numerator: 5, denominator: 10 }, dinh_danh_tiep_nhan: 3 },
      { cccd_thu_nhan: 12, lam_sach_dan_cu: { numerator: 6, denominator: 10 }, dinh_danh_tiep_nhan: 3 },
    );
    expect(rows).toEqual([
      { path: [{ key: 'cccd_thu_nhan' }], before: 10, after: 12 },
      { path: [{ key: 'lam_sach_dan_cu' }, { key: 'numerator' }], before: 5, after: 6 },
    ]);
  });

  it('names each target row by its tier or unit and its first period', () => {
    const rows = auditDiff(
      [{ unit: null, level: 1, from: '2026-12', value: 70, deadline: '2022-12', since: null }],
      [{ unit: null, level: 1, from: '2026-12', value: 80, deadline: '2022-12', removed: false }],
    );
    // `since` (before) and `removed` (after) are the rows' bookkeeping, not changes
    expect(rows).toEqual([{ path: [{ item: 0, unit: null, level: 1, period: '2026-12' }, { key: 'value' }], before: 70, after: 80 }]);
    // a KPI first entered in a draft is a change, though the draft before did not have it
    expect(auditDiff({ cccd_thu_nhan: 1 }, { cccd_thu_nhan: 1, dinh_danh_tiep_nhan: 4 })).toEqual([
      { path: [{ key: 'dinh_danh_tiep_nhan' }], before: undefined, after: 4 },
    ]);
  });

  it('lists every field of a creation, and a checklist as one value', () => {
    expect(auditDiff(null, { username: 'to9', role: 'reporter', items: ['dvc_01', 'dvc_02'] })).toEqual([
      { path: [{ key: 'username' }], before: undefined, after: 'to9' },
      { path: [{ key: 'role' }], before: undefined, after: 'reporter' },
      { path: [{ key: 'items' }], before: undefined, after: 'dvc_01, dvc_02' },
    ]);
    expect(auditDiff(null, null)).toEqual([]);
  });

  it('reads the period an entry is about from its target', () => {
    expect(targetPeriod('00001-01/2026-12')).toBe('2026-12');
    expect(targetPeriod('2026-07')).toBe('2026-07');
    expect(targetPeriod('tthc_tich_hop')).toBeNull();
    expect(targetPeriod(null)).toBeNull();
  });
});
