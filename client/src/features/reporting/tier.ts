/**
 * A unit's tier by name (1 city, 2 district, 3 commune, 4 team), never "level N": a commune is at
 * depth 3 before the July-2025 reform and at depth 2 after it, but it is a commune either way.
 */
type T = (key: string, opts?: Record<string, unknown>) => string;

export function tierName(t: T, level: number): string {
  return t(`reporting.tier.${level}`, { defaultValue: t('reporting.tier.other', { level }) });
}
