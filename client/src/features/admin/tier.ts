/**
 * Tiers by name (Thành phố, Quận/Huyện, Phường/Xã, Tổ dân phố/Thôn), never "level N": "who reports"
 * and "targets for every unit of a tier" mean a kind of unit, whatever its depth on a period's map.
 */
type T = (key: string, opts?: Record<string, unknown>) => string;

export function tierLabel(t: T, n: number): string {
  return t(`admin.kpis.tiers.${n}`, { defaultValue: t('admin.kpis.level', { n }) });
}
