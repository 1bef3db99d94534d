/**
 * Bulk entry for the level above: a template of the units below (XLSX or CSV), filled in and
 * uploaded. The upload is validated whole before anything is written, then applied in one
 * transaction: every row is saved, or none is. Also the list of units that are late.
 */
import type { LateReply, ReportValue } from '@tiendo/shared';
import ExcelJS from 'exceljs';
import type { Sqlite } from '../db/client.ts';
import { UnprocessableError, ValidationError } from '../errors.ts';
import type { Principal } from './auth-service.ts';
import { type CatalogService, childrenAt, type KpiDef, type UnitNode, unitAtView } from './catalog-service.ts';
import { parseCsv, toCsv } from './csv.ts';
import type { ReportStateService } from './report-state-service.ts';
import type { SettingsService } from './settings-service.ts';
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

const MAX_ROWS = 20_000;

export class BulkService {
  constructor(
    private readonly sqlite: Sqlite,
    private readonly catalog: CatalogService,
    private readonly submissions: SubmissionService,
    private readonly reportStates: ReportStateService,
    private readonly settings: SettingsService,
    private readonly today: () => string,
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

  private async readRows(filename: string, buffer: Buffer): Promise<string[][]> {
    const isXlsx = buffer.subarray(0, 2).toString('latin1') === 'PK';
    if (!isXlsx) {
      if (!/\.csv$/i.test(filename) && buffer.includes(0))
        throw new ValidationError('Tệp phải là XLSX hoặc CSV / the file must be XLSX or CSV');
      return parseCsv(buffer.toString('utf8').replace(/^\uFEFF/, ''));
    }
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    } catch {
      throw new ValidationError('Không đọc được tệp Excel / the Excel file cannot be read');
    }
    const ws = wb.worksheets[0];
    if (!ws) throw new ValidationError('Tệp Excel không có trang tính / the workbook has no sheet');
    const out: string[][] = [];
    ws.eachRow({ includeEmpty: true }, (row) => {
      const cells: string[] = [];
      for (let c = 1; c <= ws.columnCount; c++) {
        const v = row.getCell(c).value;
        const plain = v !== null && typeof v === 'object' && 'result' in v ? v.result : v;
        cells.push(plain === null || plain === undefined ? '' : String(plain));
      }
      out.push(cells);
    });
    return out;
  }

  async import(p: Principal, code: string, period: string, filename: string, buffer: Buffer, ip: string): Promise<{ imported: number }> {
    const { units, columns } = this.layout(code, period);
    const rows = await this.readRows(filename, buffer);
    if (rows.length > MAX_ROWS) throw new ValidationError(`Tối đa ${MAX_ROWS} dòng / at most ${MAX_ROWS} rows`);
    const header = (rows[0] ?? []).map((h) => h.trim());
    const errors: ImportError[] = [];
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
        errors.push({ row: 1, unit: null, kpi: h, message: `Cột không thuộc mẫu: "${h}" / unknown column "${h}"` });
    }
    if (errors.length) throw new UnprocessableError('Tệp không đúng mẫu / the file does not match the template', { errors });

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
      throw new UnprocessableError(`Có ${errors.length} lỗi; chưa lưu dòng nào / ${errors.length} errors; nothing was saved`, { errors });
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

  late(code: string, period: string): LateReply {
    const unit = this.catalog.unitAt(code, period);
    const cat = this.catalog.get();
    const levels = this.reportStates.reportingLevels(period);
    const w = this.settings.window(period);
    const states = new Map(
      (
        this.sqlite.prepare(`SELECT r.unit_id AS id, r.state FROM reports r WHERE r.period = ?`).all(period) as {
          id: number;
          state: string;
        }[]
      ).map((r) => [r.id, r.state]),
    );
    const late: UnitNode[] = [];
    const parentName = new Map<number, string>();
    const walk = (u: UnitNode) => {
      for (const c of childrenAt(cat, u, period)) {
        parentName.set(c.id, unitAtView(u, period).name);
        const s = states.get(c.id);
        if (levels.has(c.level) && s !== 'submitted' && s !== 'approved') late.push(c);
        walk(c);
      }
    };
    walk(unit);
    const daysLate = Math.max(0, Math.round((Date.parse(this.today()) - Date.parse(w.deadline)) / 86_400_000));
    const contacts = this.sqlite.prepare(
      `SELECT username, display_name AS displayName, role FROM users WHERE unit_id = ? AND active = 1 AND role IN ('reporter', 'approver', 'secretariat')`,
    );
    const byLevel = new Map<number, number>();
    for (const u of late) byLevel.set(u.level, (byLevel.get(u.level) ?? 0) + 1);
    return {
      unit: unitAtView(unit, period),
      period,
      deadline: w.deadline,
      total: late.length,
      byLevel: [...byLevel.entries()].sort(([a], [b]) => a - b).map(([level, count]) => ({ level, count })),
      units: late.slice(0, 1000).map((u) => ({
        ...unitAtView(u, period),
        parentName: parentName.get(u.id) ?? null,
        state: (states.get(u.id) ?? 'not_started') as 'not_started' | 'draft' | 'returned',
        daysLate,
        contacts: contacts.all(u.id) as { username: string; displayName: string; role: string }[],
      })),
    };
  }
}
