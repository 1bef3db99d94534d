/** The report download's URL (the file itself comes through `downloadFile` in api/http.ts). */
import type { ReportFormat } from '@tiendo/shared/report-formats';

/** The report of a unit for a period, on the map the dashboard reads it on (`today` only when asked). */
export function reportUrl(
  unit: string,
  period: string,
  format: ReportFormat,
  lang: 'vi' | 'en',
  map: 'period' | 'today' = 'period',
): string {
  const q = new URLSearchParams({ period, format, lang });
  if (map === 'today') q.set('map', 'today');
  return `/api/units/${encodeURIComponent(unit)}/report?${q.toString()}`;
}
