/**
 * The rows of an uploaded XLSX or CSV, read in the uploads worker (render-pool.ts) and bounded
 * before any row is walked: its sheets, and its rows, columns and cells as the file declares
 * them, stopping at the first limit passed. Used by the report import and the accounts import.
 */
import ExcelJS from 'exceljs';
import { AppError, NotASpreadsheetError, ValidationError } from '../errors.ts';
import { CsvFormatError, CsvLimitError, parseCsv } from './csv.ts';
import type { UploadLimits } from './render-pool.ts';

/** A cell as read: text, or (asked for, from an XLSX numeric cell) the number itself. */
export type UploadCell = string | number;

/** A file beyond its limits: refused before the rest of it is read. */
export class UploadLimitError extends AppError {
  constructor(message: string) {
    super(422, 'upload_limit', message);
  }
}

/**
 * The value of an ExcelJS cell as the template's reader sees it. With `typed`, a number stays a
 * number: its text ("1.234" for 1.234) would otherwise be read the vi-VN way as a thousand.
 */
function cellValue(v: ExcelJS.CellValue, typed: boolean): UploadCell {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return typed ? v : String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v !== 'object') return String(v);
  if ('result' in v) return v.result === undefined || v.result === null ? '' : cellValue(v.result as ExcelJS.CellValue, typed);
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('text' in v && typeof v.text === 'string') return v.text;
  if ('error' in v) return String(v.error);
  return '';
}

/**
 * The rows of `buffer` within `limits`. An XLSX is checked against its own dimensions (sheets,
 * last row, widest row) before a row is walked, so a file with one cell at row 1,048,576 is
 * refused at once; a CSV (`,` or `;`, with or without a BOM) stops at the first limit.
 */
export async function readUpload(filename: string, buffer: Buffer, limits: UploadLimits, typed = false): Promise<UploadCell[][]> {
  const isXlsx = buffer.subarray(0, 2).toString('latin1') === 'PK';
  if (!isXlsx) {
    if (!/\.csv$/i.test(filename) && buffer.includes(0))
      throw new NotASpreadsheetError('Tệp phải là XLSX hoặc CSV / the file must be XLSX or CSV');
    try {
      return parseCsv(buffer, limits);
    } catch (err) {
      if (err instanceof CsvLimitError) throw new UploadLimitError(limitMessage(err.limit, err.row, err.column, limits));
      if (err instanceof CsvFormatError)
        throw new ValidationError(
          `Tệp CSV hỏng từ dòng ${err.row} (dấu ngoặc kép chưa đóng?) / the CSV file is broken from row ${err.row} (a quote left open?)`,
          { row: err.row },
          'csv_broken',
        );
      throw err;
    }
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new NotASpreadsheetError('Không đọc được tệp Excel / the Excel file cannot be read');
  }
  if (wb.worksheets.length > limits.maxSheets) throw new UploadLimitError(limitMessage('sheets', 0, 0, limits));
  const ws = wb.worksheets[0];
  if (!ws) throw new NotASpreadsheetError('Tệp Excel không có trang tính / the workbook has no sheet');
  // The last row's number, read without walking the rows before it.
  const lastRow = ws.rowCount;
  if (lastRow > limits.maxRows) throw new UploadLimitError(limitMessage('rows', lastRow, 0, limits));
  let width = 0;
  ws.eachRow((row) => {
    width = Math.max(width, row.cellCount);
  });
  if (width > limits.maxColumns) throw new UploadLimitError(limitMessage('columns', 0, width, limits));
  const out: UploadCell[][] = [];
  for (let r = 1; r <= lastRow; r++) {
    const row = ws.findRow(r);
    const cells: UploadCell[] = [];
    for (let c = 1; c <= width; c++) {
      const value = row ? cellValue(row.getCell(c).value, typed) : '';
      if (typeof value === 'string' && value.length > limits.maxCellChars) throw new UploadLimitError(limitMessage('cell', r, c, limits));
      cells.push(value);
    }
    out.push(cells);
  }
  return out;
}

function limitMessage(limit: 'rows' | 'columns' | 'cell' | 'sheets', row: number, column: number, l: UploadLimits): string {
  switch (limit) {
    case 'rows':
      return `Tệp có quá nhiều dòng (tối đa ${l.maxRows}) / the file has too many rows (at most ${l.maxRows})`;
    case 'columns':
      return `Tệp có quá nhiều cột (tối đa ${l.maxColumns}) / the file has too many columns (at most ${l.maxColumns})`;
    case 'sheets':
      return `Tệp có quá nhiều trang tính (tối đa ${l.maxSheets}) / the workbook has too many sheets (at most ${l.maxSheets})`;
    case 'cell':
      return `Ô ở dòng ${row}, cột ${column} dài quá ${l.maxCellChars} ký tự / the cell at row ${row}, column ${column} is longer than ${l.maxCellChars} characters`;
  }
}
