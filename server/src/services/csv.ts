/** RFC 4180 CSV, enough for the import template: quoted fields, doubled quotes, CRLF or LF. */

export interface CsvLimits {
  maxRows: number;
  maxColumns: number;
  /** Characters in one field: an unterminated quote otherwise swallows the rest of the file. */
  maxCellChars: number;
}

/** The file passed a limit at this row and column (1-based); nothing after it was read. */
export class CsvLimitError extends Error {
  constructor(
    readonly limit: 'rows' | 'columns' | 'cell',
    readonly row: number,
    readonly column: number,
  ) {
    super(`CSV ${limit} limit at row ${row}, column ${column}`);
    this.name = 'CsvLimitError';
  }
}

const UNLIMITED: CsvLimits = {
  maxRows: Number.POSITIVE_INFINITY,
  maxColumns: Number.POSITIVE_INFINITY,
  maxCellChars: Number.POSITIVE_INFINITY,
};

/** Parses `text`; with `limits`, stops at the first one passed (CsvLimitError). */
export function parseCsv(text: string, limits: CsvLimits = UNLIMITED): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
    if (row.length > limits.maxColumns) throw new CsvLimitError('columns', rows.length + 1, row.length);
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
    if (rows.length > limits.maxRows) throw new CsvLimitError('rows', rows.length, 0);
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') endField();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else field += ch;
    if (field.length > limits.maxCellChars) throw new CsvLimitError('cell', rows.length + 1, row.length + 1);
  }
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

export function toCsv(rows: (string | number | null)[][]): string {
  const esc = (v: string | number | null) => {
    if (v === null) return '';
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return `${rows.map((r) => r.map(esc).join(',')).join('\r\n')}\r\n`;
}
