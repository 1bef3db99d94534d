/** The import's refusals as a CSV the approver can open in Excel next to the file they sent. */
import type { importErrorSchema } from '@tiendo/shared';

export type ImportError = ReturnType<typeof importErrorSchema.parse>;

function cell(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  // quote what would break a row, and neutralise what Excel would run as a formula
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r;]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** UTF-8 with a BOM so Excel shows Vietnamese correctly; CRLF rows. */
export function importErrorsCsv(errors: readonly ImportError[], header = ['row', 'unit_code', 'kpi', 'message']): string {
  const lines = [header.map(cell).join(',')];
  for (const e of errors) lines.push([e.row, e.unit, e.kpi, e.message].map(cell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The errors in the order of the file, then by KPI. */
export function sortImportErrors(errors: readonly ImportError[]): ImportError[] {
  return [...errors].sort((a, b) => a.row - b.row || (a.kpi ?? '').localeCompare(b.kpi ?? ''));
}
