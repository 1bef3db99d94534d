/**
 * A report's values checked against the rules (report-rules.ts) with the unit's own history:
 * the hard rules a save or a submission must pass, and the soft rule that flags a value far from
 * the unit's recent months. Reads only; the workflow decides what a failure stops.
 */
import { type FieldError, formatNumberText, type ItemParams, type ReportValue } from '@tiendo/shared';
import { InvalidFiguresError } from '../errors.ts';
import { type CatalogService, isActiveKpi, type KpiDef, type UnitNode } from './catalog-service.ts';
import type { FigureService } from './figure-service.ts';
import { normalize, type OwnFigures } from './own-figures.ts';
import { checkValue, comparable, type NormalizedValue, unusualFlag } from './report-rules.ts';

export interface ReportValidationDeps {
  catalog: CatalogService;
  own: OwnFigures;
  /** The dashboards' figures: a bound's running total when the report does not carry it. */
  figures: FigureService;
}

/** A value flagged as unusual: its KPI and what the flag says (code, params, bilingual message). */
export type Flag = { kpi: string; code: string; params: ItemParams; message: string };

export class ReportValidation {
  constructor(private readonly d: ReportValidationDeps) {}

  /** The KPIs a unit reports in a period. */
  kpisOf(unit: UnitNode, period: string): KpiDef[] {
    return this.d.catalog.get().kpis.filter((k) => isActiveKpi(k, period) && k.reportLevels.includes(unit.level));
  }

  /** Soft rule: values far from the unit's own recent months. */
  flagsFor(unit: UnitNode, kpis: readonly KpiDef[], period: string, values: Record<string, ReportValue>): Flag[] {
    const out: Flag[] = [];
    for (const k of kpis) {
      const raw = values[k.code];
      if (raw === undefined || k.kind === 'checklist') continue;
      const { value } = checkValue(k, raw, period);
      const now = value ? comparable(value) : null;
      if (now === null) continue;
      const history = this.d.own
        .recent(unit, k, period)
        .reverse()
        .map((r) => comparable(normalize(k, r)))
        .filter((x): x is number => x !== null);
      const flag = unusualFlag(history, now, k.kind === 'ratio');
      if (flag) out.push({ kpi: k.code, ...flag });
    }
    return out;
  }

  /** Hard rules over a whole set of values; `complete` also demands every KPI of the unit. */
  validate(unit: UnitNode, period: string, values: Record<string, ReportValue | null>, complete: boolean): Map<string, NormalizedValue> {
    const catalog = this.d.catalog.get();
    const kpis = this.kpisOf(unit, period);
    const byCode = new Map(kpis.map((k) => [k.code, k]));
    const errors: FieldError[] = [];
    const ok = new Map<string, NormalizedValue>();
    for (const [code, raw] of Object.entries(values)) {
      const k = byCode.get(code);
      if (!k) {
        // by name where the catalogue knows the code: people read "Dữ liệu CCCD…", not cccd_thu_nhan
        const known = catalog.kpisByCode.get(code);
        errors.push({
          kpi: code,
          field: null,
          code: 'kpi_not_reported',
          params: { kpi: { vi: known?.name ?? code, en: known?.nameEn ?? code } },
          message: `Đơn vị này không báo cáo chỉ tiêu "${known?.name ?? code}" / this unit does not report "${known?.nameEn ?? code}"`,
        });
        continue;
      }
      if (raw === null) continue;
      const r = checkValue(k, raw, period);
      errors.push(...r.errors);
      if (r.value) ok.set(code, r.value);
    }
    if (complete) {
      for (const k of kpis)
        if (!ok.has(k.code) && !errors.some((e) => e.kpi === k.code))
          errors.push({ kpi: k.code, field: null, code: 'required', params: {}, message: 'Chưa nhập / missing' });
    }
    // Running totals: e.g. applications processed may not exceed applications received.
    for (const k of kpis) {
      const v = ok.get(k.code);
      if (!k.atMost || v?.value === undefined) continue;
      const bound = catalog.kpisByCode.get(k.atMost);
      if (!bound) continue;
      const mine = (this.d.own.totalBefore(unit, k.id, period) ?? 0) + v.value;
      const fresh = ok.get(bound.code)?.value;
      const limit =
        fresh !== undefined
          ? (this.d.own.totalBefore(unit, bound.id, period) ?? 0) + fresh
          : (this.d.figures.figure('submitted', unit, bound, period).cumulative ?? 0);
      if (mine > limit) {
        errors.push({
          kpi: k.code,
          field: 'value',
          code: 'above_bound_total',
          params: { total: mine, bound: { vi: bound.name, en: bound.nameEn }, boundTotal: limit },
          message: `Lũy kế (${formatNumberText(mine, 'vi')}) vượt lũy kế "${bound.name}" (${formatNumberText(limit, 'vi')}) / running total (${formatNumberText(mine, 'en')}) exceeds that of "${bound.nameEn}" (${formatNumberText(limit, 'en')})`,
        });
      }
    }
    if (errors.length) throw new InvalidFiguresError('Số liệu chưa hợp lệ / some figures are not valid', { errors });
    return ok;
  }
}
