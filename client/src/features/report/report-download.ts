/** Pure helpers of the report download: the URL to ask for and the file name the server gave. */

export const REPORT_FORMATS = ['pdf', 'docx', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

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

/** The UTF-8 name (RFC 5987 `filename*`) if given, else the plain `filename`, else null. */
export function filenameFromDisposition(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the ASCII name
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(header);
  const name = (plain?.[1] ?? plain?.[2])?.trim();
  return name ? name : null;
}

/** The server's error message from a JSON error body, if there is one. */
export function errorMessage(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } };
    return typeof parsed.error?.message === 'string' ? parsed.error.message : null;
  } catch {
    return null;
  }
}
