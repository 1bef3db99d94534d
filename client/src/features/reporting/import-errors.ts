/**
 * A refused import as the approver sees it: its errors in the order of the file, and the same
 * list as a CSV they can open in Excel next to the file they sent.
 */
import type { ImportRefusal } from '@tiendo/shared';
import { stringify } from 'csv-stringify/browser/esm/sync';
import type { Received } from '../../api/errors.ts';

export type ImportError = Received<ImportRefusal['errors'][number]>;

/** Text a spreadsheet would run as a formula, made inert by a leading apostrophe. */
function inert(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** UTF-8 with a BOM so Excel shows Vietnamese correctly; CRLF rows; no cell runs as a formula. */
export function importErrorsCsv(errors: readonly ImportError[], header = ['row', 'unit_code', 'kpi', 'message']): string {
  const rows = [header, ...errors.map((e) => [e.row, e.unit, e.kpi, e.message])];
  const body = stringify(rows, {
    record_delimiter: 'windows',
    // a lone LF or a `;` (Excel's separator in a Vietnamese locale) in a cell is quoted too
    quoted_match: /[\r\n;]/,
    cast: { string: inert },
  });
  return `\uFEFF${body}`;
}

/** The errors in the order of the file, then by KPI. */
export function sortImportErrors(errors: readonly ImportError[]): ImportError[] {
  return [...errors].sort((a, b) => a.row - b.row || (a.kpi ?? '').localeCompare(b.kpi ?? ''));
}

/** The counts of a refusal (422 `details`), when the server sent them. */
export function refusalCounts(details: unknown): Omit<ImportRefusal, 'errors'> | null {
  const d = details as Partial<ImportRefusal> | undefined;
  if (!d || typeof d.total !== 'number') return null;
  return { total: d.total, omitted: d.omitted ?? 0, refused: d.refused ?? 0, skipped: d.skipped ?? 0 };
}
