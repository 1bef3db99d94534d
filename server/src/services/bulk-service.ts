/**
 * Bulk entry for the level above: a template of the units below (XLSX or CSV), filled in and
 * uploaded. Row 1 holds the column codes (the key on import), row 2 their Vietnamese labels,
 * then a row per unit, pre-filled with what is stored.
 *
 * A row that is the same as what is stored is skipped, whatever the report's state: the template
 * filled in only where something was missing, or sent back untouched, imports cleanly. A row
 * that changes something is checked like a submission; a change to a report that cannot be
 * changed (approved, submitted, a locked period) is refused, naming the unit and the indicators.
 * The upload is checked whole before anything is written, then applied in one transaction:
 * every changed row is saved, or none is.
 *
 * The file is read in a worker thread (upload-reader.ts) within UPLOAD_LIMITS; the error list
 * of a reply is capped and what it echoes of the file is clipped.
 *
 * Kept as one file because the template and the import are the two ends of one file format (row 1's
 * column codes, the pre-filled rows) that must change together, and the import is one transaction
 * best read top to bottom.
 */
import type { FieldError, ImportReply, ItemParams, ReportState, ReportValue } from '@tiendo/shared';
import ExcelJS from 'exceljs';
import type { Sqlite } from '../db/client.ts';
import { type AppError, UnprocessableError } from '../errors.ts';
import type { Principal } from './auth-service.ts';
import type { CatalogService, UnitNode } from './catalog-service.ts';
import { toCsv } from './csv.ts';
import {
  type Column,
  clip,
  ErrorList,
  halves,
  LABEL_ROW_MARKS,
  type Reading,
  readCell,
  sameAsStored,
  storedPart,
  templateColumns,
  UPLOAD_LIMITS,
} from './import-template.ts';
import { pools, WorkerFailure } from './render-pool.ts';
import type { SubmissionService } from './submission-service.ts';
import type { UploadCell } from './upload-reader.ts';

/** The rows of an upload, read off the event loop; XLSX numbers stay numbers. */
async function readRows(filename: string, buffer: Buffer): Promise<UploadCell[][]> {
  try {
    return await pools.uploads.run<UploadCell[][]>({ kind: 'read-upload', filename, data: buffer, limits: UPLOAD_LIMITS, typed: true });
  } catch (err) {
    if (err instanceof WorkerFailure) {
      throw new UnprocessableError(
        'Tệp quá lớn hoặc quá phức tạp để đọc; hãy dùng mẫu nhập của kỳ này / the file is too large or too complex to read; use this period’s template',
        undefined,
        'upload_too_complex',
      );
    }
    throw err;
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
    const columns = templateColumns(kpis);
    return { parent, units, columns };
  }

  async template(_p: Principal, code: string, period: string, format: 'xlsx' | 'csv') {
    const { parent, units, columns } = this.layout(code, period);
    const headers = ['unit_code', 'unit_name', ...columns.map((c) => c.header)];
    const labels = ['Mã đơn vị', 'Tên đơn vị', ...columns.map((c) => c.label)];
    const rows = units.map((u) => {
      const values = this.submissions.currentValuesOf(u, period);
      return [
        u.code,
        u.name,
        ...columns.map((c) => {
          const v = storedPart(c, values[c.kpi.code]);
          return v === undefined ? null : Array.isArray(v) ? v.join(';') : v;
        }),
      ];
    });
    const base = `mau-nhap-${parent.code}-${period}`;
    if (format === 'csv') {
      return {
        contentType: 'text/csv; charset=utf-8',
        filename: `${base}.csv`,
        body: Buffer.from(`\uFEFF${toCsv([headers, labels, ...rows], { guardFormulas: true })}`, 'utf8'),
      };
    }
    const wb = new ExcelJS.Workbook();
    wb.creator = 'Tiến độ 06';
    const ws = wb.addWorksheet(`Kỳ ${period}`, { views: [{ state: 'frozen', xSplit: 2, ySplit: 2 }] });
    ws.addRow(headers);
    ws.addRow(labels);
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

  /**
   * Why a changed row of `unit` cannot be saved, naming the unit and the indicators it changes:
   * `report_approved`, `report_submitted`, or `entry_refused` with the refusal's own code
   * (`reason`) and details beside its words.
   */
  private refusal(
    unit: UnitNode,
    state: ReportState,
    changed: Column[],
    problem: AppError,
  ): { code: string; params: ItemParams; message: string } {
    const kpis = [...new Set(changed.map((c) => c.kpi))];
    const vi = kpis.map((k) => `"${k.name}"`).join(', ');
    const en = kpis.map((k) => `"${k.nameEn}"`).join(', ');
    const who = `${unit.name} (${unit.code})`;
    const params = { unit: who, kpis: { vi, en } };
    const say = (code: string, message: string) => ({ code, params, message });
    if (state === 'approved')
      return say(
        'report_approved',
        `Báo cáo của ${who} đã được duyệt nên không sửa được ${vi}; muốn sửa, đề nghị Thường trực Ban Chỉ đạo (hoặc quản trị viên) mở lại báo cáo, hoặc để nguyên dòng này / the report of ${who} is approved, so ${en} cannot be changed; to change it, ask the secretariat (or an administrator) to reopen it, or leave this row as it was`,
      );
    if (state === 'submitted')
      return say(
        'report_submitted',
        `Báo cáo của ${who} đã gửi và đang chờ duyệt nên không sửa được ${vi}; hãy trả lại báo cáo để đơn vị sửa, hoặc để nguyên dòng này / the report of ${who} is submitted and awaiting review, so ${en} cannot be changed; return it for correction, or leave this row as it was`,
      );
    const why = halves(problem.message);
    const details = problem.details && typeof problem.details === 'object' ? (problem.details as ItemParams) : {};
    // the refusal's details fill its own sentence (a period, a state); the unit and KPIs stay ours
    return {
      code: 'entry_refused',
      params: { ...details, ...params, reason: problem.code, why },
      message: `${who}: ${why.vi} (${vi}) / ${who}: ${why.en} (${en})`,
    };
  }

  async import(p: Principal, code: string, period: string, filename: string, buffer: Buffer, ip: string): Promise<ImportReply> {
    const { units, columns } = this.layout(code, period);
    const rows = await readRows(filename, buffer);
    const text = (c: UploadCell | undefined) => (c === undefined ? '' : String(c).trim());
    const header = (rows[0] ?? []).map(text);
    const errors = new ErrorList();
    if (header[0] !== 'unit_code')
      errors.push({
        row: 1,
        unit: null,
        kpi: null,
        code: 'not_template_header',
        params: {},
        message: 'Dòng 1 phải là dòng mã cột của mẫu (unit_code, …) / row 1 must hold the template codes (unit_code, …)',
      });
    const index = new Map(header.map((h, i) => [h, i]));
    for (const c of columns)
      if (!index.has(c.header))
        errors.push({
          row: 1,
          unit: null,
          kpi: c.kpi.code,
          code: 'column_missing',
          params: { column: c.header, name: c.name },
          message: `Thiếu cột "${c.header}" (${c.name.vi}) / column "${c.header}" (${c.name.en}) missing`,
        });
    for (const h of header.slice(2)) {
      if (h && !columns.some((c) => c.header === h))
        errors.push({
          row: 1,
          unit: null,
          kpi: h,
          code: 'unknown_column',
          params: { column: clip(h) },
          message: `Cột không thuộc mẫu: "${clip(h)}" / unknown column "${clip(h)}"`,
        });
    }
    if (errors.length) throw new UnprocessableError('Tệp không đúng mẫu / the file does not match the template', errors.details());

    const byCode = new Map(units.map((u) => [u.code, u]));
    const cellOf = (cells: UploadCell[], c: Column) => cells[index.get(c.header) as number];
    // Row 2 of the template holds the labels; a file without them starts its units there.
    const isLabelRow = (cells: UploadCell[]) => {
      const first = text(cells[0]);
      if (byCode.has(first)) return false;
      return LABEL_ROW_MARKS.has(first.toLowerCase()) || columns.every((c) => text(cellOf(cells, c)) === c.label);
    };
    const seen = new Set<string>();
    const planned: { unit: UnitNode; values: Record<string, ReportValue>; row: number }[] = [];
    let skipped = 0;
    let unitRows = 0;
    for (const [i, cells] of rows.entries()) {
      const rowNo = i + 1;
      if (rowNo === 1 || (rowNo === 2 && isLabelRow(cells))) continue;
      const unitCode = text(cells[0]);
      const readings = columns.map((c) => readCell(c, cellOf(cells, c)));
      const fail = (item: { code: string; params?: ItemParams; message: string }, kpi: string | null = null) =>
        errors.push({ row: rowNo, unit: unitCode || null, kpi, params: {}, ...item });
      if (!unitCode) {
        // A blank line is nothing; figures without a unit are a mistake worth saying.
        if (readings.some((r) => r.kind !== 'blank')) fail({ code: 'unit_code_missing', message: 'Thiếu mã đơn vị / unit code missing' });
        continue;
      }
      unitRows++;
      const unit = byCode.get(unitCode);
      if (!unit) {
        fail({ code: 'not_a_unit_below', message: 'Không phải đơn vị cấp dưới trong kỳ này / not a unit below for this period' });
        continue;
      }
      if (seen.has(unitCode)) {
        fail({ code: 'unit_repeated', message: 'Đơn vị xuất hiện hai lần / unit appears twice' });
        continue;
      }
      seen.add(unitCode);
      // A row with no figure at all leaves the report as it is.
      if (readings.every((r) => r.kind === 'blank')) {
        skipped++;
        continue;
      }
      const stored = this.submissions.currentValuesOf(unit, period);
      const changed = columns.filter((c, n) => !sameAsStored(readings[n] as Reading, storedPart(c, stored[c.kpi.code])));
      if (changed.length === 0) {
        skipped++;
        continue;
      }
      const problem = this.submissions.entryProblem(p, unit, period);
      if (problem) {
        const kpis = [...new Set(changed.map((c) => c.kpi.code))];
        fail(this.refusal(unit, this.submissions.stateOf(unit, period), changed, problem), kpis.length === 1 ? (kpis[0] as string) : null);
        continue;
      }
      const values: Record<string, ReportValue> = {};
      // Indicators whose cells are already reported wrong: the rules below do not repeat them.
      const reported = new Set<string>();
      for (const [n, c] of columns.entries()) {
        const r = readings[n] as Reading;
        if (r.kind === 'blank') continue;
        if (r.kind === 'bad') {
          reported.add(c.kpi.code);
          fail(
            {
              code: 'not_a_number',
              params: { cell: c.name, text: clip(r.text) },
              message: `Ô "${c.name.vi}" phải là số: "${clip(r.text)}" / "${c.name.en}" must be a number: "${clip(r.text)}"`,
            },
            c.kpi.code,
          );
          continue;
        }
        if (r.kind === 'items') values[c.kpi.code] = { items: r.items };
        else if (c.part === 'value') values[c.kpi.code] = r.n;
        else {
          const prev = (values[c.kpi.code] as { numerator?: number; denominator?: number } | undefined) ?? {};
          values[c.kpi.code] = { ...prev, [c.part]: r.n } as ReportValue;
        }
      }
      // A ratio with one of its two cells blank: say which, rather than "numerator and denominator required".
      for (const [n, c] of columns.entries()) {
        const v = values[c.kpi.code];
        if ((c.part === 'numerator' || c.part === 'denominator') && v !== undefined && !(c.part in (v as object))) {
          if (readings[n]?.kind === 'blank')
            fail(
              { code: 'cell_missing', params: { cell: c.name }, message: `Chưa nhập ô "${c.name.vi}" / "${c.name.en}" is missing` },
              c.kpi.code,
            );
          reported.add(c.kpi.code);
        }
      }
      for (const code of reported) delete values[code];
      try {
        this.submissions.validation.validate(unit, period, values, true);
      } catch (e) {
        const details = (e as { details?: { errors?: FieldError[] } }).details;
        const whole: FieldError = {
          kpi: null,
          field: null,
          code: (e as AppError).code ?? 'invalid',
          params: {},
          message: (e as Error).message,
        };
        for (const fe of details?.errors ?? [whole]) {
          if (fe.kpi !== null && reported.has(fe.kpi)) continue;
          // Name the cell where the rule names a part (a ratio's numerator), else the indicator.
          const col = columns.find((c) => c.kpi.code === fe.kpi && c.part === fe.field);
          const kpi = columns.find((c) => c.kpi.code === fe.kpi)?.kpi;
          const name = col ? col.name : kpi ? { vi: kpi.name, en: kpi.nameEn } : null;
          const why = halves(fe.message);
          // the rule's own code and params; `at` names the cell its sentence is about
          fail(
            name
              ? { code: fe.code, params: { ...fe.params, at: name }, message: `Ô "${name.vi}": ${why.vi} / "${name.en}": ${why.en}` }
              : { code: fe.code, params: fe.params, message: fe.message },
            fe.kpi,
          );
        }
        continue;
      }
      if (reported.size > 0) continue;
      planned.push({ unit, values, row: rowNo });
    }
    if (errors.length)
      throw new UnprocessableError(
        `Có ${errors.length} lỗi ở ${errors.rows.size} dòng; chưa lưu dòng nào / ${errors.length} errors in ${errors.rows.size} rows; nothing was saved`,
        errors.details(skipped),
      );
    if (unitRows === 0)
      throw new UnprocessableError('Tệp không có dòng đơn vị nào / the file holds no unit rows', { ...errors.details(), errors: [] });
    this.sqlite.transaction(() => {
      const reports = planned.map((r) => {
        const kpis = this.submissions.kpisOf(r.unit, period);
        const valid = this.submissions.validation.validate(r.unit, period, r.values, true);
        const state = this.submissions.stateOf(r.unit, period);
        return { unit: r.unit, submission: { kpis, valid, values: r.values, explanations: {}, state } };
      });
      this.submissions.applySubmissions(p, period, reports, ip);
    })();
    return { imported: planned.length, skipped };
  }
}
