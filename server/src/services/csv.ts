/**
 * CSV for the import template and the command-line tools, through csv-parse / csv-stringify
 * (node-csv): quoted fields, doubled quotes, CRLF, LF or CR, a UTF-8 BOM, `,` or `;`.
 *
 * What we add is the safety an upload needs: limits on rows, columns and the characters of a
 * cell, checked while the file is read so that nothing past the first limit is looked at, and a
 * guard against spreadsheet formulas in the text we write.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

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

/** The file is not CSV the parser can read (a quote opened and never closed) at this row. */
export class CsvFormatError extends Error {
  constructor(readonly row: number) {
    super(`CSV cannot be read at row ${row}`);
    this.name = 'CsvFormatError';
  }
}

const UNLIMITED: CsvLimits = {
  maxRows: Number.POSITIVE_INFINITY,
  maxColumns: Number.POSITIVE_INFINITY,
  maxCellChars: Number.POSITIVE_INFINITY,
};

export type CsvSeparator = ',' | ';';

/**
 * The separator of a file, read off its first line: `;` when it has more semicolons than commas
 * (Excel in a Vietnamese locale saves `;`, its decimal mark being `,`), otherwise `,`. The
 * template's first line holds only column codes, which contain neither, so it decides cleanly.
 */
export function csvSeparator(text: string): CsvSeparator {
  const end = text.search(/[\r\n]/);
  const first = end === -1 ? text : text.slice(0, end);
  const count = (ch: string) => first.split(ch).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

/**
 * Parses `input` (a BOM is dropped) with the separator of its first line; with `limits`, stops
 * at the first one passed (CsvLimitError). Rows keep their number in the file: a blank line is a
 * row of one empty cell, so errors can name the row the user sees in Excel.
 */
export function parseCsv(input: string | Buffer, limits: CsvLimits = UNLIMITED): string[][] {
  const head = typeof input === 'string' ? input.slice(0, 64 * 1024) : input.subarray(0, 64 * 1024).toString('utf8');
  const bounded = Number.isFinite(limits.maxColumns) && Number.isFinite(limits.maxCellChars);
  try {
    return parse(input, {
      bom: true,
      delimiter: csvSeparator(head.replace(/^\uFEFF/, '')),
      // Any line ending, even mixed in one file (rows pasted from elsewhere).
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: false,
      // The parser's own bound on a record in bytes, so a quote left open cannot take the whole
      // file into one field; per cell and per column the cast below is exact.
      max_record_size: bounded ? (limits.maxColumns + 1) * limits.maxCellChars * 4 : 0,
      cast: (value, ctx) => {
        const row = ctx.records + 1;
        const column = (ctx.column as number) + 1;
        if (column > limits.maxColumns) throw new CsvLimitError('columns', row, column);
        if (value.length > limits.maxCellChars) throw new CsvLimitError('cell', row, column);
        return value;
      },
      on_record: (record: string[], ctx) => {
        if (ctx.records > limits.maxRows) throw new CsvLimitError('rows', ctx.records, 0);
        return record;
      },
    }) as string[][];
  } catch (err) {
    if (err instanceof CsvError) {
      const e = err as CsvError & { column?: number; records?: number; lines?: number };
      const row = (e.records ?? 0) + 1;
      if (e.code === 'CSV_MAX_RECORD_SIZE') {
        const column = (e.column ?? 0) + 1;
        throw column > limits.maxColumns ? new CsvLimitError('columns', row, column) : new CsvLimitError('cell', row, column);
      }
      throw new CsvFormatError(row);
    }
    throw err;
  }
}

/** A text cell Excel or LibreOffice would run as a formula, made inert by a leading apostrophe. */
export function inertFormula(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

export interface CsvWriteOptions {
  separator?: CsvSeparator;
  /** Prefix text cells that would start a formula (for files opened in a spreadsheet). */
  guardFormulas?: boolean;
}

/** CRLF rows; null is an empty cell; numbers are written plainly (`1234.5`). */
export function toCsv(rows: (string | number | null)[][], options: CsvWriteOptions = {}): string {
  return stringify(rows, {
    delimiter: options.separator ?? ',',
    record_delimiter: 'windows',
    // A lone LF in a cell is quoted too, or Excel would split the row there.
    quoted_match: /[\r\n]/,
    cast: { string: (s) => (options.guardFormulas ? inertFormula(s) : s) },
  });
}
