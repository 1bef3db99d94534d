/**
 * Reads figures for the dashboards and the public API from the units' own figures and the
 * roll-up table: a handful of indexed range reads per request, whatever the size of the subtree.
 */
import {
  type Amount,
  addMonths,
  assessStatus,
  type BreakdownReply,
  type BreakdownRow,
  breakdownReplySchema,
  type Figure,
  type FiguresReply,
  figuresReplySchema,
  headlineValue,
  type MapView,
  periodRange,
  ratioPercent,
  roundPercent,
  type SeriesReply,
  seriesReplySchema,
  TREND_WINDOW,
  type TrendPoint,
  type UnitRef,
} from '@tiendo/shared';
import { z } from 'zod';
import { cachedRead } from '../db/change-token.ts';
import type { Sqlite } from '../db/client.ts';
import { ValidationError } from '../errors.ts';
import { amountOfFigureRow, amountOfRollupRow, type DatedAmount, datedOf, type FigureRow, type RollupRow } from './amount-rows.ts';
import { type CatalogService, isActiveKpi, isEstimatedHistory, type KpiDef, type UnitNode, unitAtView } from './catalog-service.ts';
import { periodDataVersion } from './data-version.ts';
import { ProvenanceService } from './provenance.ts';
import type { ReportStateService } from './report-state-service.ts';
import { APPROVED_TABLES, type FigureTables, SUBMITTED_TABLES } from './rollup-service.ts';
import type { SettingsService } from './settings-service.ts';
import { noteFor, UnitNotesService } from './unit-notes.ts';

/**
 * The KPI whose denominator counts a unit's citizen records: the population that "per 1,000
 * inhabitants" divides by, so a large commune does not top a ranking by its size alone.
 */
export const POPULATION_KPI = 'lam_sach_dan_cu';

/** A unit as it was in a period (its code and name then). */
export function unitRef(u: UnitNode, period?: string): UnitRef {
  return period === undefined ? { code: u.code, name: u.name, level: u.level, type: u.type } : unitAtView(u, period);
}

/** The period whose map answers "which unit, which parent, which children" for a view. */
export function mapPeriodOf(period: string, map: MapView, current: string): string {
  return map === 'today' && period < current ? current : period;
}

/** A unit's figures for one KPI, oldest first, from the source that the KPI uses at its level. */
interface KpiHistory {
  kpi: KpiDef;
  source: 'own' | 'aggregate';
  /** Rows in the periods read, oldest first, preceded by the last row before them. */
  rows: DatedAmount[];
  /** The unit's first period: rows before it are its history rebuilt from its predecessors. */
  birth: string | null;
  /** The unit's last period: nothing after it. */
  end: string | null;
  estimated: boolean;
}

/** Months read before the asked period: the trend window and last month. */
const WINDOW = TREND_WINDOW;

export interface PointFigure {
  value: number | null;
  amount: Amount | null;
  /** Period of the row the value comes from (earlier than asked for a carried level). */
  from: string | null;
  updatedAt: string | null;
  cumulative: number | null;
  cumulativeAmount: Amount | null;
}

function at(history: KpiHistory, period: string): PointFigure {
  const { kpi, rows, birth, end } = history;
  const none = { value: null, amount: null, from: null, updatedAt: null, cumulative: null, cumulativeAmount: null };
  if (end !== null && period > end) return none;
  let latest: DatedAmount | null = null;
  for (const r of rows) {
    if (r.period > period) break;
    latest = r;
  }
  // A level holds until the next row; a flow's row counts only for its own month. A unit's own
  // level does not continue its rebuilt past: that was its predecessors'.
  const sameSide = latest !== null && (birth === null || history.source === 'aggregate' || latest.period < birth === period < birth);
  const hit = kpi.carried ? (sameSide ? latest : null) : latest?.period === period ? latest : null;
  const amount = hit?.amount ?? null;
  const value = amount ? headlineValue(kpi.kind, amount) : null;
  let cumulative: number | null = null;
  let cumulativeAmount: Amount | null = null;
  if (!kpi.carried && latest) {
    if (kpi.kind === 'count') cumulative = latest.cum.value;
    if (kpi.kind === 'ratio') {
      cumulative = ratioPercent(latest.cum.numerator, latest.cum.denominator);
      cumulativeAmount = { value: 0, numerator: latest.cum.numerator, denominator: latest.cum.denominator, items: {}, contributors: 0 };
    }
  }
  return { value, amount, from: hit?.period ?? null, updatedAt: hit?.updatedAt ?? null, cumulative, cumulativeAmount };
}

/** What a target is compared with: the running total for counts, the level otherwise. */
function measureOf(kpi: KpiDef, p: PointFigure): number | null {
  return kpi.kind === 'count' ? p.cumulative : p.value;
}

const CACHE_LIMIT = 4000;

export class FigureService {
  private readonly s;
  /**
   * Replies keyed by request, stamped with the catalogue's version and the data version of the
   * period they are about (data-version.ts) when they were computed. Every write bumps them in
   * the same transaction, so a reply is never served stale, in this process or any other that
   * shares the database; a write for December leaves November's replies cached.
   */
  private readonly cache = new Map<string, { stamp: string; value: unknown; json?: string }>();
  /** The versions a reply about a period depends on: the catalogue's, and the data's up to that period. */
  private readonly stamp: (period: string) => string;
  private readonly provenance: ProvenanceService;
  private readonly notes: UnitNotesService;

  constructor(
    sqlite: Sqlite,
    private readonly catalog: CatalogService,
    private readonly reportStates: ReportStateService,
    private readonly settings: SettingsService,
    t: FigureTables = SUBMITTED_TABLES,
  ) {
    this.provenance = new ProvenanceService(sqlite, catalog, t);
    this.notes = new UnitNotesService(sqlite, t.figures === APPROVED_TABLES.figures);
    const cum = 'cum_value AS cumValue, cum_numerator AS cumNumerator, cum_denominator AS cumDenominator';
    const fig = `period, value, numerator, denominator, items, recorded_at AS updatedAt, ${cum}`;
    const rol = `period, value, numerator, denominator, items, contributors, updated_at AS updatedAt, ${cum}`;
    const catalogStmt = sqlite.prepare(`SELECT value FROM settings WHERE key = 'catalog_version'`).pluck();
    const catalogVersion = cachedRead(sqlite, () => String(catalogStmt.get() ?? ''));
    const dataVersion = periodDataVersion(sqlite);
    this.stamp = (period) => `${catalogVersion()}:${dataVersion(period)}`;
    this.s = {
      ownOne: sqlite.prepare(`SELECT ${fig} FROM ${t.figures} WHERE unit_id = ? AND kpi_id = ? AND period <= ? ORDER BY period`),
      ownWindow: sqlite.prepare(
        `SELECT ${fig} FROM ${t.figures} WHERE unit_id = ? AND kpi_id = ? AND period >= ? AND period <= ? ORDER BY period`,
      ),
      ownBefore: sqlite.prepare(
        `SELECT ${fig} FROM ${t.figures} WHERE unit_id = ? AND kpi_id = ? AND period < ? ORDER BY period DESC LIMIT 1`,
      ),
      rollWindow: sqlite.prepare(
        `SELECT ${rol} FROM ${t.rollups} WHERE unit_id = ? AND kpi_id = ? AND period >= ? AND period <= ? ORDER BY period`,
      ),
      rollOne: sqlite.prepare(`SELECT ${rol} FROM ${t.rollups} WHERE unit_id = ? AND kpi_id = ? AND period <= ? ORDER BY period`),
      rollBefore: sqlite.prepare(
        `SELECT ${rol} FROM ${t.rollups} WHERE unit_id = ? AND kpi_id = ? AND period < ? ORDER BY period DESC LIMIT 1`,
      ),
    };
  }

  private entry(key: string, period: string, compute: () => unknown): { stamp: string; value: unknown; json?: string } {
    const stamp = this.stamp(period);
    const hit = this.cache.get(key);
    if (hit && hit.stamp === stamp) return hit;
    const fresh = { stamp, value: compute() };
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(key, fresh);
    return fresh;
  }

  private memo<T>(key: string, period: string, compute: () => T): T {
    return this.entry(key, period, compute).value as T;
  }

  /**
   * The reply as JSON, encoded through its response schema once per version (what the route's
   * serializer would do), so a repeated question costs a version check and a write.
   */
  private memoJson(key: string, period: string, schema: z.ZodType, compute: () => unknown): string {
    const e = this.entry(key, period, compute);
    e.json ??= JSON.stringify(z.encode(schema, e.value));
    return e.json;
  }

  figuresJson(code: string, period: string, map: MapView = 'period'): string {
    return this.memoJson(`f:${code}:${period}:${map}`, period, figuresReplySchema, () => this.computeFigures(code, period, map));
  }

  seriesJson(code: string, kpi: string, from: string, to: string, map: MapView = 'period'): string {
    return this.memoJson(`s:${code}:${kpi}:${from}:${to}:${map}`, to, seriesReplySchema, () =>
      this.computeSeries(code, kpi, from, to, map),
    );
  }

  breakdownJson(code: string, kpi: string, period: string, map: MapView = 'period'): string {
    return this.memoJson(`b:${code}:${kpi}:${period}:${map}`, period, breakdownReplySchema, () =>
      this.computeBreakdown(code, kpi, period, map),
    );
  }

  /** The unit a code names for a view of a period (today's map, or that period's). */
  resolve(code: string, period: string, map: MapView = 'period'): UnitNode {
    return this.catalog.unitAt(code, mapPeriodOf(period, map, this.settings.currentPeriod()));
  }

  /** KPIs that mean something for a unit: reported at its tier or at some tier below it. */
  kpisFor(unit: UnitNode, period: string): KpiDef[] {
    return this.catalog.get().kpis.filter((k) => isActiveKpi(k, period) && k.reportLevels.some((l) => l >= unit.level));
  }

  /**
   * A unit's rows for one KPI in [from, upto], preceded by the last row before `from` (the level in
   * force, or the running total so far). A unit that reports the KPI itself reads its own reports
   * from its first period and its rebuilt past (roll-up rows) before it; its running total goes
   * on from where the rebuilt past left it, so a new commune's curve has no cliff.
   */
  private rowsOf(u: UnitNode, kpi: KpiDef, from: string, upto: string): KpiHistory {
    const cat = this.catalog.get();
    const base = { kpi, birth: u.validFrom, end: u.validTo, estimated: isEstimatedHistory(cat, u, kpi) };
    const rollRows = (a: string, b: string) =>
      (this.s.rollWindow.all(u.id, kpi.id, a, b) as RollupRow[]).map((r) => datedOf(r.period, amountOfRollupRow(r), r.updatedAt, r));
    const rollBefore = (p: string) => {
      const r = this.s.rollBefore.get(u.id, kpi.id, p) as RollupRow | undefined;
      return r ? datedOf(r.period, amountOfRollupRow(r), r.updatedAt, r) : null;
    };
    if (!kpi.reportLevels.includes(u.level)) {
      const rows = rollRows(from, upto);
      const before = rollBefore(from);
      if (before) rows.unshift(before);
      return { ...base, source: 'aggregate', rows };
    }
    const birth = u.validFrom;
    const lastRebuilt = birth === null ? null : addMonths(birth, -1);
    const rebuilt = lastRebuilt !== null && from <= lastRebuilt ? rollRows(from, upto < lastRebuilt ? upto : lastRebuilt) : [];
    const ownFrom = birth !== null && birth > from ? birth : from;
    const offset = birth !== null && upto >= birth ? rollBefore(birth)?.cum : undefined;
    const own =
      ownFrom <= upto
        ? (this.s.ownWindow.all(u.id, kpi.id, ownFrom, upto) as FigureRow[]).map((r) => {
            const d = datedOf(r.period, amountOfFigureRow(kpi.kind, r), r.updatedAt, r);
            if (offset)
              d.cum = {
                value: d.cum.value + offset.value,
                numerator: d.cum.numerator + offset.numerator,
                denominator: d.cum.denominator + offset.denominator,
              };
            return d;
          })
        : [];
    const rows = [...rebuilt, ...own];
    const ownBefore = this.s.ownBefore.get(u.id, kpi.id, from) as FigureRow | undefined;
    if (ownBefore && (birth === null || ownBefore.period >= birth)) {
      const d = datedOf(ownBefore.period, amountOfFigureRow(kpi.kind, ownBefore), ownBefore.updatedAt, ownBefore);
      if (offset)
        d.cum = {
          value: d.cum.value + offset.value,
          numerator: d.cum.numerator + offset.numerator,
          denominator: d.cum.denominator + offset.denominator,
        };
      rows.unshift(d);
    } else if (birth !== null) {
      const before = rollBefore(from < birth ? from : birth);
      if (before) rows.unshift(before);
    }
    return { ...base, source: 'own', rows };
  }

  /** The whole history of one unit and KPI (series over many months). */
  private history(unit: UnitNode, kpi: KpiDef, upto: string): KpiHistory {
    return this.rowsOf(unit, kpi, '0000-01', upto);
  }

  /** The last months of several units' KPIs up to `upto`: a few indexed reads, however long the programme has run. */
  private windowed(units: UnitNode[], kpis: KpiDef[], upto: string): Map<number, KpiHistory[]> {
    const from = addMonths(upto, -WINDOW);
    const out = new Map<number, KpiHistory[]>();
    for (const u of units)
      out.set(
        u.id,
        kpis.map((kpi) => this.rowsOf(u, kpi, from, upto)),
      );
    return out;
  }

  private figureOf(unit: UnitNode, h: KpiHistory, period: string): Figure {
    const { kpi } = h;
    const now = at(h, period);
    const prev = at(h, addMonths(period, -1));
    const target = this.catalog.targetFor(kpi, unit, period);
    const trend: TrendPoint[] = [];
    for (const p of periodRange(addMonths(period, -(TREND_WINDOW - 1)), period)) {
      const m = measureOf(kpi, p === period ? now : at(h, p));
      if (m !== null) trend.push({ period: p, value: m });
    }
    const assessed = assessStatus({
      history: trend,
      period,
      target: target?.value ?? null,
      deadline: target?.deadline ?? null,
      higherIsBetter: kpi.higherIsBetter,
      ceiling: kpi.kind === 'ratio' ? 100 : kpi.kind === 'checklist' ? kpi.items.length : null,
    });
    const rebuilt = h.birth !== null && period < h.birth;
    const carried = kpi.carried && h.source === 'own' && !rebuilt && now.from !== null && now.from !== period;
    const f: Figure = {
      kpi: kpi.code,
      kind: kpi.kind,
      value: now.value,
      status: assessed.status,
      source: now.amount === null ? 'none' : h.source,
      carried,
      contributors: now.amount?.contributors ?? 0,
      updatedAt: now.updatedAt,
      previous: prev.value,
      change: now.value !== null && prev.value !== null ? now.value - prev.value : null,
    };
    if (carried && now.from) f.carriedFrom = now.from;
    if (h.source === 'aggregate' && !rebuilt && now.amount !== null) {
      const p = this.provenance.of(unit, kpi, period);
      // Flows count only what came in this period; a level counts every unit's latest report.
      f.units = { expected: p.expected, reported: p.reported, carried: kpi.carried ? Math.max(0, f.contributors - p.reported) : 0 };
    }
    if (rebuilt) {
      f.rebuilt = true;
      f.estimated = h.estimated;
      if (f.source === 'own') f.source = 'aggregate';
    }
    if (kpi.kind === 'ratio') {
      f.numerator = now.amount?.numerator ?? 0;
      f.denominator = now.amount?.denominator ?? 0;
    }
    if (kpi.kind === 'checklist') {
      const active = kpi.items.filter((i) => i.retiredFrom === null || i.retiredFrom > period);
      f.items = active.map((i) => ({ code: i.code, name: i.name, done: now.amount?.items[i.code] ?? 0 }));
      f.itemsTotal = active.length;
    }
    if (kpi.kind === 'count' || (kpi.kind === 'ratio' && !kpi.carried)) f.cumulative = now.cumulative;
    if (target) {
      f.target = target.value;
      f.deadline = target.deadline;
      f.attainment = assessed.attainment;
      f.projection = assessed.projection;
    }
    return f;
  }

  figures(code: string, period: string, map: MapView = 'period'): FiguresReply {
    return this.memo(`f:${code}:${period}:${map}`, period, () => this.computeFigures(code, period, map));
  }

  private computeFigures(code: string, period: string, map: MapView): FiguresReply {
    const unit = this.resolve(code, period, map);
    const kpis = this.kpisFor(unit, period);
    const notes = this.notes.of([unit.id], period).get(unit.id);
    const figures = (this.windowed([unit], kpis, period).get(unit.id) ?? []).map((h) => {
      const f = this.figureOf(unit, h, period);
      const note = noteFor(notes, h.kpi.code);
      if (note) f.note = note;
      return f;
    });
    const asOf = figures.reduce<string | null>((m, f) => (f.updatedAt && (!m || f.updatedAt > m) ? f.updatedAt : m), null);
    return { unit: unitRef(unit, period), period, asOf, figures };
  }

  series(code: string, kpiCode: string, from: string, to: string, map: MapView = 'period'): SeriesReply {
    return this.memo(`s:${code}:${kpiCode}:${from}:${to}:${map}`, to, () => this.computeSeries(code, kpiCode, from, to, map));
  }

  private computeSeries(code: string, kpiCode: string, from: string, to: string, map: MapView): SeriesReply {
    if (from > to) throw new ValidationError('"from" phải trước "to" / "from" must not be after "to"');
    const periods = periodRange(from, to);
    if (periods.length > 240) throw new ValidationError('Tối đa 240 tháng / at most 240 months per request');
    const unit = this.resolve(code, to, map);
    const kpi = this.catalog.kpi(kpiCode);
    const h = this.history(unit, kpi, to);
    // The reply's target is the one in force at `to`; each point carries the one of its own period.
    const target = this.catalog.targetFor(kpi, unit, to);
    const points = periods.map((p) => {
      const f = at(h, p);
      const valid = unit.validTo === null || p <= unit.validTo;
      const rebuilt = unit.validFrom !== null && p < unit.validFrom;
      const point: SeriesReply['points'][number] = {
        period: p,
        value: valid ? f.value : null,
        cumulative: valid ? f.cumulative : null,
        carried: valid && !rebuilt && kpi.carried && h.source === 'own' && f.from !== null && f.from !== p,
        contributors: valid ? (f.amount?.contributors ?? 0) : 0,
        target: this.catalog.targetFor(kpi, unit, p)?.value ?? null,
      };
      if (rebuilt) {
        point.rebuilt = true;
        point.estimated = h.estimated;
      }
      if (kpi.kind === 'ratio') {
        point.numerator = valid ? (f.amount?.numerator ?? 0) : 0;
        point.denominator = valid ? (f.amount?.denominator ?? 0) : 0;
      }
      return point;
    });
    return { unit: unitRef(unit, to), kpi: kpi.code, target: target?.value ?? null, deadline: target?.deadline ?? null, points };
  }

  /** One figure for a unit and KPI; used by reports and validation. */
  figure(unit: UnitNode, kpi: KpiDef, period: string): Figure {
    return this.figureOf(unit, (this.windowed([unit], [kpi], period).get(unit.id) ?? [])[0] as KpiHistory, period);
  }

  breakdown(code: string, kpiCode: string, period: string, map: MapView = 'period'): BreakdownReply {
    return this.memo(`b:${code}:${kpiCode}:${period}:${map}`, period, () => this.computeBreakdown(code, kpiCode, period, map));
  }

  private computeBreakdown(code: string, kpiCode: string, period: string, map: MapView): BreakdownReply {
    const mapPeriod = mapPeriodOf(period, map, this.settings.currentPeriod());
    const unit = this.catalog.unitAt(code, mapPeriod);
    const kpi = this.catalog.kpi(kpiCode);
    const children = this.catalog.childrenAt(unit, mapPeriod);
    const states = this.reportStates.statesFor(children, period);
    const histories = this.windowed(children, [kpi], period);
    const populations = this.populationsOf(children, period);
    const notes = this.notes.of(
      children.map((c) => c.id),
      period,
    );
    const rows: BreakdownRow[] = children.map((c) => {
      const f = this.figureOf(c, (histories.get(c.id) ?? [])[0] as KpiHistory, period);
      const row: BreakdownRow = {
        ...unitRef(c, mapPeriod),
        value: f.value,
        target: f.target ?? null,
        attainment: f.attainment ?? null,
        status: f.status,
        rank: null,
        change: f.change ?? null,
        population: populations.get(c.id) ?? null,
        carried: f.carried,
        reportState: states.get(c.id) ?? 'not_expected',
      };
      if (f.rebuilt) {
        row.rebuilt = true;
        row.estimated = f.estimated ?? false;
      }
      if (kpi.kind === 'ratio') {
        row.numerator = f.value === null ? null : (f.numerator ?? null);
        row.denominator = f.value === null ? null : (f.denominator ?? null);
      }
      if (f.cumulative !== undefined) row.cumulative = f.cumulative;
      if (f.units) row.units = f.units;
      const note = noteFor(notes.get(c.id), kpi.code);
      if (note) row.note = note;
      return row;
    });
    rankRows(kpi, rows);
    // Ranked rows first, best first; rows that share a rank and the unranked ones keep the map's order.
    const order = new Map(rows.map((r, i) => [r, i]));
    rows.sort(
      (a, b) => (a.rank ?? Number.POSITIVE_INFINITY) - (b.rank ?? Number.POSITIVE_INFINITY) || (order.get(a) ?? 0) - (order.get(b) ?? 0),
    );
    return { unit: unitRef(unit, mapPeriod), kpi: kpi.code, period, rows };
  }

  /**
   * Each unit's citizen records in a period (the population KPI's denominator: its own report,
   * its carried level, or the roll-up of the units below); absent where it has none.
   */
  private populationsOf(units: UnitNode[], period: string): Map<number, number> {
    const out = new Map<number, number>();
    const kpi = this.catalog.get().kpis.find((k) => k.code === POPULATION_KPI && k.kind === 'ratio' && isActiveKpi(k, period));
    if (!kpi) return out;
    for (const u of units) {
      if (!kpi.reportLevels.some((l) => l >= u.level)) continue;
      const p = at(this.rowsOf(u, kpi, period, period), period);
      if (p.amount && p.amount.denominator > 0) out.set(u.id, p.amount.denominator);
    }
    return out;
  }
}

/**
 * What a ranking compares: the running total for counts, the figure otherwise, as it is printed. A
 * percentage ranks on the number the dashboard and the report show (one decimal, never rounded up
 * into 100 % or the target): two units that both read "99,9 %" share a rank, because ranking
 * them first and second would claim a difference no reader can see. Counts, stocks and
 * checklists are whole numbers, printed exactly. Null: nothing to rank this month. A flow that
 * was not reported has no figure (its running total alone would rank a silent unit above those
 * that reported); a level counts with its carried value, as the figure itself does.
 */
export function rankKey(kpi: Pick<KpiDef, 'kind'>, row: Pick<BreakdownRow, 'value' | 'cumulative' | 'target'>): number | null {
  if (row.value === null) return null;
  if (kpi.kind === 'count') return row.cumulative ?? null;
  if (kpi.kind === 'ratio') return roundPercent(row.value, 1, row.target === null ? [100] : [100, row.target]);
  return row.value;
}

/** Standard competition ranking (1, 2, 2, 4): a unit's rank is one more than the units strictly ahead of it. */
function rankRows(kpi: Pick<KpiDef, 'kind' | 'higherIsBetter'>, rows: BreakdownRow[]): void {
  const keyed = rows.map((r) => ({ r, key: rankKey(kpi, r) })).filter((x): x is { r: BreakdownRow; key: number } => x.key !== null);
  const better = (a: number, b: number) => (kpi.higherIsBetter ? a > b : a < b);
  keyed.sort((a, b) => (kpi.higherIsBetter ? b.key - a.key : a.key - b.key));
  keyed.forEach((x, i) => {
    const prev = keyed[i - 1];
    x.r.rank = prev && !better(prev.key, x.key) ? (prev.r.rank as number) : i + 1;
  });
}
