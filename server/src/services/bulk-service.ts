/**
 * Bulk entry for the level above: a template of the units below (XLSX or CSV), filled in and
 * uploaded. The upload is validated whole before anything is written, then applied in one
 * transaction: every row is saved, or none is.
 *
 * An upload is read in a worker thread (render-pool.ts) and bounded before any row is walked:
 * its size (the multipart limit), its sheets, and its rows and columns as the file declares them,
 * stopping at the first limit passed; a file that needs more time or memory than a template ever
 * does is refused. The error list of a reply is capped and what it echoes of the file is clipped.
 */
import type { ReportValue } from '@tiendo/shared';
import ExcelJS from 'exceljs';
import type { Sqlite } from '../db/client.ts';
import { AppError, UnprocessableError, ValidationError } from '../errors.ts';
import type { Principal } from './auth-service.ts';
import type { CatalogService, KpiDef, UnitNode } from './catalog-service.ts';
import { CsvLimitError, parseCsv, toCsv } from './csv.ts';
import { pools, type UploadLimits, WorkerFailure } from './render-pool.ts';
import type { SubmissionService } from './submission-service.ts';

interface Column {
  header: string;
  label: string;
  kpi: KpiDef;
  part: 'value' | 'numerator' | 'denominator' | 'items';
}

export interface ImportError {
  row: number;
  unit: string | null;
  kpi: string | null;
  message: string;
}

/**
 * What an upload may hold. A template has a row per unit below (a few hundred at most) and two
 * columns per KPI; these leave room for notes and blank lines, not for a sheet of a million rows.
 */
export const UPLOAD_LIMITS: UploadLimits = { maxRows: 5_000, maxColumns: 100, maxCellChars: 1_000, maxSheets: 20 };
/** Errors listed in a reply; the rest are counted. */
export const MAX_LISTED_ERRORS = 200;
/** Characters of a cell or header echoed back in an error. */
const ECHO_CHARS = 60;

/** A file beyond UPLOAD_LIMITS: refused before the rest of it is read. */
export class UploadLimitError extends AppError {
  constructor(message: string) {
    super(422, 'upload_limit', message);
  }
}

/** What of a value from the file goes back in an error message: its start. */
export function clip(s: string, max = ECHO_CHARS): string {
  return s.length <= max ? s : `${s.slice(0, max)}…`;
}

/** The text of an ExcelJS cell value as the template's reader sees it. */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v !== 'object') return String(v);
  if ('result' in v) return v.result === undefined || v.result === null ? '' : cellText(v.result as ExcelJS.CellValue);
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('text' in v && typeof v.text === 'string') return v.text;
  if ('error' in v) return String(v.error);
  return '';
}

/**
 * The rows of an uploaded XLSX or CSV as text, within `limits`: run in a worker thread. An XLSX
 * is checked against its own dimensions (sheets, last row, widest row) before a row is walked,
 * so a file with one cell at row 1,048,576 is refused at once; a CSV stops at the first limit.
 */
export async function readUpload(filename: string, buffer: Buffer, limits: UploadLimits): Promise<string[][]> {
  const isXlsx = buffer.subarray(0, 2).toString('latin1') === 'PK';
  if (!isXlsx) {
    if (!/\.csv$/i.test(filename) && buffer.includes(0))
      throw new ValidationError('Tệp phải là XLSX hoặc CSV / the file must be XLSX or CSV');
    try {
      return parseCsv(buffer.toString('utf8').replace(/^\uFEFF/, ''), limits);
    } catch (err) {
      if (err instanceof CsvLimitError) throw new UploadLimitError(limitMessage(err.limit, err.row, err.column, limits));
      throw err;
    }
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new ValidationError('Không đọc được tệp Excel / the Excel file cannot be read');
  }
  if (wb.worksheets.length > limits.maxSheets) throw new UploadLimitError(limitMessage('sheets', 0, 0, limits));
  const ws = wb.worksheets[0];
  if (!ws) throw new ValidationError('Tệp Excel không có trang tính / the workbook has no sheet');
  // The last row's number, read without walking the rows before it.
  const lastRow = ws.rowCount;
  if (lastRow > limits.maxRows) throw new UploadLimitError(limitMessage('rows', lastRow, 0, limits));
  let width = 0;
  ws.eachRow((row) => {
    width = Math.max(width, row.cellCount);
  });
  if (width > limits.maxColumns) throw new UploadLimitError(limitMessage('columns', 0, width, limits));
  const out: string[][] = [];
  for (let r = 1; r <= lastRow; r++) {
    const row = ws.findRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) {
      const text = row ? cellText(row.getCell(c).value) : '';
      if (text.length > limits.maxCellChars) throw new UploadLimitError(limitMessage('cell', r, c, limits));
      cells.push(text);
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

/** The rows of an upload, read off the event loop. */
async function readRows(filename: string, buffer: Buffer): Promise<string[][]> {
  try {
    return await pools.uploads.run<string[][]>({ kind: 'read-upload', filename, data: buffer, limits: UPLOAD_LIMITS });
  } catch (err) {
    if (err instanceof WorkerFailure) {
      throw new UnprocessableError(
        'Tệp quá lớn hoặc quá phức tạp để đọc; hãy dùng mẫu nhập của kỳ này / the file is too large or too complex to read; use this period’s template',
      );
    }
    throw err;
  }
}

/** Collects an import's errors: the first MAX_LISTED_ERRORS are kept, the rest only counted. */
class ErrorList {
  readonly listed: ImportError[] = [];
  total = 0;

  push(e: ImportError): void {
    this.total++;
    if (this.listed.length < MAX_LISTED_ERRORS)
      this.listed.push({ ...e, unit: e.unit === null ? null : clip(e.unit), kpi: e.kpi === null ? null : clip(e.kpi) });
  }

  get length(): number {
    return this.total;
  }

  details(): { errors: ImportError[]; total: number; omitted: number } {
    return { errors: this.listed, total: this.total, omitted: this.total - this.listed.length };
  }
}

export class BulkService {
  constructor(
    private readonly sqlite: Sqlite,
    private readonly catalog: CatalogService,
    private readonly submissions: SubmissionService,
  ) {}

  /** The units below that report, and the KPIs they report, as template columns. */
  private layout(code: string, period: string) {
    const parent = this.catalog.unitAt(code, period);
    const units = this.catalog.childrenAt(parent, period).filter((u) => this.submissions.kpisOf(u, period).length > 0);
    const kpis = units[0] ? this.submissions.kpisOf(units[0], period) : [];
    const columns: Column[] = kpis.flatMap((k): Column[] =>
      k.kind === 'ratio'
        ? [
            { header: `${k.code}_numerator`, label: `${k.name} — tử số`, kpi: k, part: 'numerator' },
            { header: `${k.code}_denominator`, label: `${k.name} — mẫu số`, kpi: k, part: 'denominator' },
          ]
        : [
            {
              header: k.code,
              label: k.kind === 'checklist' ? `${k.name} (mã mục, cách nhau bởi ;)` : `${k.name} (${k.unit})`,
              kpi: k,
              part: k.kind === 'checklist' ? 'items' : 'value',
            },
          ],
    );
    return { parent, units, columns };
  }

  private cell(col: Column, v: ReportValue | undefined): string | number | null {
    if (v === undefined) return null;
    if (col.part === 'value') return typeof v === 'number' ? v : null;
    if (typeof v !== 'object') return null;
    if (col.part === 'items') return 'items' in v ? v.items.join(';') : null;
    return col.part in v ? ((v as Record<string, number>)[col.part] ?? null) : null;
  }

  async template(_p: Principal, code: string, period: string, format: 'xlsx' | 'csv') {
    const { parent, units, columns } = this.layout(code, period);
    const headers = ['unit_code', 'unit_name', ...columns.map((c) => c.header)];
    const rows = units.map((u) => {
      const values = this.submissions.currentValuesOf(u, period);
      return [u.code, u.name, ...columns.map((c) => this.cell(c, values[c.kpi.code]))];
    });
    const base = `mau-nhap-${parent.code}-${period}`;
    if (format === 'csv') {
      return {
        contentType: 'text/csv; charset=utf-8',
        filename: `${base}.csv`,
        body: Buffer.from(`\uFEFF${toCsv([headers, ...rows])}`, 'utf8'),
      };
    }
    const wb = new ExcelJS.Workbook();
    wb.creator = 'Tiến độ 06';
    const ws = wb.addWorksheet(`Kỳ ${period}`, { views: [{ state: 'frozen', xSplit: 2, ySplit: 2 }] });
    ws.addRow(headers);
    ws.addRow(['Mã đơn vị', 'Tên đơn vị', ...columns.map((c) => c.label)]);
    for (const r of rows) ws.addRow(r);
    ws.getRow(1).font = { bold: true, color: { argb: 'FF555555' } };
    ws.getRow(2).font = { bold: true };
    ws.getRow(2).alignment = { wrapText: true, vertical: 'top' };
    ws.columns.forEach((col, i) => {
      col.width = i === 0 ? 12 : i === 1 ? 24 : 22;
    });
    // Unit codes and names stay locked; the figures are the only cells to fill.
    for (let r = 3; r <= rows.length + 2; r++) {
      for (let c = 3; c <= headers.length; c++) {
        const cell = ws.getCell(r, c);
        cell.protection = { locked: false };
        if (columns[c - 3]?.part !== 'items') cell.numFmt = '#,##0';
      }
    }
    await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true });
    const body = Buffer.from(await wb.xlsx.writeBuffer());
    return { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename: `${base}.xlsx`, body };
  }

  async import(p: Principal, code: string, period: string, filename: string, buffer: Buffer, ip: string): Promise<{ imported: number }> {
    const { units, columns } = this.layout(code, period);
    const rows = await readRows(filename, buffer);
    const header = (rows[0] ?? []).map((h) => h.trim());
    const errors = new ErrorList();
    if (header[0] !== 'unit_code')
      errors.push({
        row: 1,
        unit: null,
        kpi: null,
        message: 'Dòng 1 phải là dòng mã cột của mẫu (unit_code, …) / row 1 must hold the template codes (unit_code, …)',
      });
    const index = new Map(header.map((h, i) => [h, i]));
    for (const c of columns)
      if (!index.has(c.header))
        errors.push({ row: 1, unit: null, kpi: c.kpi.code, message: `Thiếu cột "${c.header}" / column "${c.header}" missing` });
    for (const h of header.slice(2)) {
      if (h && !columns.some((c) => c.header === h))
        errors.push({ row: 1, unit: null, kpi: h, message: `Cột không thuộc mẫu: "${clip(h)}" / unknown column "${clip(h)}"` });
    }
    if (errors.length) throw new UnprocessableError('Tệp không đúng mẫu / the file does not match the template', errors.details());

    const byCode = new Map(units.map((u) => [u.code, u]));
    const seen = new Set<string>();
    const planned: { unit: UnitNode; values: Record<string, ReportValue>; row: number }[] = [];
    for (const [i, cells] of rows.slice(1).entries()) {
      const rowNo = i + 2;
      const unitCode = (cells[0] ?? '').trim();
      const fail = (message: string) => errors.push({ row: rowNo, unit: unitCode, kpi: null, message });
      if (!unitCode || unitCode === 'Mã đơn vị') continue;
      const unit = byCode.get(unitCode);
      if (!unit) {
        fail('Không phải đơn vị cấp dưới trong kỳ này / not a unit below for this period');
        continue;
      }
      if (seen.has(unitCode)) {
        fail('Đơn vị xuất hiện hai lần / unit appears twice');
        continue;
      }
      seen.add(unitCode);
      const cellOf = (c: Column) => (cells[index.get(c.header) as number] ?? '').trim();
      if (columns.every((c) => cellOf(c) === '')) continue;
      const problem = this.submissions.entryProblem(p, unit, period);
      if (problem) {
        fail(problem);
        continue;
      }
      const values: Record<string, ReportValue> = {};
      for (const c of columns) {
        const text = cellOf(c);
        if (c.part === 'items') {
          values[c.kpi.code] = {
            items: text
              ? text
                  .split(/[;,]/)
                  .map((s) => s.trim())
                  .filter(Boolean)
              : [],
          };
          continue;
        }
        const n = text === '' ? Number.NaN : Number(text.replace(/[.\s](?=\d{3}\b)/g, ''));
        if (!Number.isFinite(n)) {
          errors.push({
            row: rowNo,
            unit: unitCode,
            kpi: c.kpi.code,
            message: `Ô "${c.header}" phải là số / "${c.header}" must be a number`,
          });
          continue;
        }
        if (c.part === 'value') values[c.kpi.code] = n;
        else {
          const prev = (values[c.kpi.code] as { numerator: number; denominator: number } | undefined) ?? { numerator: 0, denominator: 0 };
          values[c.kpi.code] = { ...prev, [c.part]: n };
        }
      }
      try {
        this.submissions.validate(unit, period, values, true);
      } catch (e) {
        const details = (e as { details?: { errors?: { kpi: string | null; message: string }[] } }).details;
        for (const fe of details?.errors ?? [{ kpi: null, message: (e as Error).message }])
          errors.push({ row: rowNo, unit: unitCode, kpi: fe.kpi, message: fe.message });
        continue;
      }
      planned.push({ unit, values, row: rowNo });
    }
    if (errors.length)
      throw new UnprocessableError(
        `Có ${errors.length} lỗi; chưa lưu dòng nào / ${errors.length} errors; nothing was saved`,
        errors.details(),
      );
    if (planned.length === 0) throw new UnprocessableError('Tệp không có số liệu / the file holds no figures', { errors: [] });
    this.sqlite.transaction(() => {
      for (const r of planned) {
        const kpis = this.submissions.kpisOf(r.unit, period);
        const valid = this.submissions.validate(r.unit, period, r.values, true);
        this.submissions.applySubmission(p, r.unit, period, kpis, valid, r.values, {}, this.submissions.stateOf(r.unit, period), ip);
      }
    })();
    return { imported: planned.length };
  }
}
