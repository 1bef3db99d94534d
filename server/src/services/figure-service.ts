/**
 * Reads figures for the dashboards and the public API, on either basis (as submitted, or approved
 * only) and either map (the period's, or today's): the unit's own figures and the roll-up table,
 * a handful of indexed range reads per request (figure-history.ts), whatever the size of the
 * subtree. Replies are cached by request and served as encoded JSON.
 */
import {
  type Basis,
  type BreakdownReply,
  breakdownReplySchema,
  completenessReplySchema,
  type Figure,
  type FiguresReply,
  figuresReplySchema,
  followsKpi,
  type MapView,
  periodRange,
  type SeriesReply,
  seriesReplySchema,
} from '@tiendo/shared';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { cachedRead } from '../db/change-token.ts';
import { ormOf, type Sqlite } from '../db/client.ts';
import { settings as settingsTable } from '../db/schema.ts';
import { ValidationError } from '../errors.ts';
import { EncodedBody } from '../http-encoding.ts';
import { type CatalogService, isActiveKpi, type KpiDef, type UnitNode } from './catalog-service.ts';
import { periodDataVersion } from './data-version.ts';
import { type BreakdownSources, breakdownOf } from './figure-breakdown.ts';
import { at, FigureHistories, type KpiHistory } from './figure-history.ts';
import { figureOf } from './figure-of.ts';
import { mapPeriodOf, unitRef } from './map-view.ts';
import { ProvenanceService } from './provenance.ts';
import type { ReportStateService } from './report-state-service.ts';
import type { SettingsService } from './settings-service.ts';
import { noteFor, UnitNotesService } from './unit-notes.ts';

export { POPULATION_KPI } from './figure-breakdown.ts';
export { mapPeriodOf, unitRef } from './map-view.ts';

/** Which figures a reply is about: the basis they count from, and the map its units are read on. */
export interface FigureView {
  basis: Basis;
  map: MapView;
}

/** The cache key of a reply: its kind, its view, and what else it was asked with. */
function keyOf(kind: string, view: FigureView, ...args: string[]): string {
  return `${kind}:${view.basis}:${view.map}:${args.join(':')}`;
}

const CACHE_LIMIT = 4000;

interface CacheEntry {
  stamp: string;
  value: unknown;
  /** The reply encoded once: JSON through its schema, as UTF-8 bytes (and compressed once as asked). */
  body?: EncodedBody;
}

/** A reply made of cached parts: kept while its parts are the same cached bytes. */
interface ListEntry {
  parts: Buffer[];
  body: EncodedBody;
}

const TRENDS_OPEN = Buffer.from('{"series":[');
const BREAKDOWNS_OPEN = Buffer.from('{"breakdowns":[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']}');

/** `{"<field>":[part,part,…]}` from parts already encoded, without decoding or encoding them again. */
function jsonList(open: Buffer, parts: readonly Buffer[]): Buffer {
  return Buffer.concat([open, ...parts.flatMap((p, i) => (i === 0 ? [p] : [COMMA, p])), CLOSE]);
}

function sameParts(a: readonly Buffer[], b: readonly Buffer[]): boolean {
  return a.length === b.length && a.every((p, i) => p === b[i]);
}

export class FigureService {
  /**
   * Replies keyed by request, stamped with the catalogue's version and the data version of the
   * period they are about (data-version.ts) when they were computed. Every write bumps them in
   * the same transaction, so a reply is never served stale, in this process or any other that
   * shares the database; a write for December leaves November's replies cached.
   */
  private readonly cache = new Map<string, CacheEntry>();
  /** Replies composed of cached replies (trends, breakdowns), so that they are compressed once too. */
  private readonly lists = new Map<string, ListEntry>();
  /** The versions a reply about a period depends on: the catalogue's, and the data's up to that period. */
  private readonly stamp: (period: string) => string;
  private readonly histories: FigureHistories;
  private readonly provenance: ProvenanceService;
  /** The report notes shown beside figures: on the approved basis, those of approved reports only. */
  private readonly notes: Record<Basis, UnitNotesService>;

  constructor(
    sqlite: Sqlite,
    private readonly catalog: CatalogService,
    private readonly reportStates: ReportStateService,
    private readonly settings: SettingsService,
  ) {
    this.histories = new FigureHistories(sqlite, catalog);
    this.provenance = new ProvenanceService(sqlite, catalog);
    this.notes = { submitted: new UnitNotesService(sqlite, false), approved: new UnitNotesService(sqlite, true) };
    const orm = ormOf(sqlite);
    const catalogStmt = orm
      .select({ value: settingsTable.value })
      .from(settingsTable)
      .where(eq(settingsTable.key, 'catalog_version'))
      .prepare();
    const catalogVersion = cachedRead(sqlite, () => String(catalogStmt.get()?.value ?? ''));
    const dataVersion = periodDataVersion(sqlite);
    this.stamp = (period) => `${catalogVersion()}:${dataVersion(period)}`;
  }

  private entry(key: string, period: string, compute: () => unknown): CacheEntry {
    const stamp = this.stamp(period);
    const hit = this.cache.get(key);
    if (hit && hit.stamp === stamp) return hit;
    const fresh = { stamp, value: compute() };
    if (this.cache.size >= CACHE_LIMIT) {
      this.cache.clear();
      // the composed replies hold their parts' bytes: they go with them
      this.lists.clear();
    }
    this.cache.set(key, fresh);
    return fresh;
  }

  private memo<T>(key: string, period: string, compute: () => T): T {
    return this.entry(key, period, compute).value as T;
  }

  /**
   * The reply as JSON, encoded through its response schema once per version (what the route's
   * serializer would do) and kept as UTF-8 bytes, so a repeated question costs a version check and
   * a write: turning a reply of Vietnamese names back into bytes each time costs more than the
   * rest of it (a 57 KB breakdown, 0.2–0.5 ms).
   */
  private memoJson(key: string, period: string, schema: z.ZodType, compute: () => unknown): EncodedBody {
    const e = this.entry(key, period, compute);
    e.body ??= new EncodedBody(Buffer.from(JSON.stringify(z.encode(schema, e.value))));
    return e.body;
  }

  /** `{"<field>":[…]}` of cached replies, composed again only when one of them changed. */
  private memoList(key: string, open: Buffer, parts: EncodedBody[]): EncodedBody {
    const bytes = parts.map((p) => p.bytes);
    const hit = this.lists.get(key);
    if (hit && sameParts(hit.parts, bytes)) return hit.body;
    const body = new EncodedBody(jsonList(open, bytes));
    if (this.lists.size >= CACHE_LIMIT) this.lists.clear();
    this.lists.set(key, { parts: bytes, body });
    return body;
  }

  figuresJson(code: string, period: string, view: FigureView): EncodedBody {
    return this.memoJson(keyOf('f', view, code, period), period, figuresReplySchema, () => this.computeFigures(code, period, view));
  }

  seriesJson(code: string, kpi: string, from: string, to: string, view: FigureView): EncodedBody {
    return this.memoJson(keyOf('s', view, code, kpi, from, to), to, seriesReplySchema, () => this.computeSeries(code, kpi, from, to, view));
  }

  /**
   * Every KPI's series for the unit, as the cards of its dashboard show them: one request instead
   * of one per KPI, each series from its own cache entry.
   */
  trendsJson(code: string, from: string, to: string, view: FigureView): EncodedBody {
    const unit = this.resolve(code, to, view.map);
    return this.memoList(
      keyOf('t', view, code, from, to),
      TRENDS_OPEN,
      this.kpisFor(unit, to).map((k) => this.seriesJson(code, k.code, from, to, view)),
    );
  }

  /**
   * The breakdown of every KPI the units below follow (those reported at their tier or further
   * down), as the heat map shows them: one request instead of one per KPI.
   */
  breakdownsJson(code: string, period: string, view: FigureView): EncodedBody {
    const mapPeriod = mapPeriodOf(period, view.map, this.settings.currentPeriod());
    const below = this.catalog.childrenAt(this.catalog.unitAt(code, mapPeriod), mapPeriod)[0];
    return this.memoList(
      keyOf('bs', view, code, period),
      BREAKDOWNS_OPEN,
      (below ? this.kpisFor(below, period) : []).map((k) => this.breakdownJson(code, k.code, period, view)),
    );
  }

  breakdownJson(code: string, kpi: string, period: string, view: FigureView): EncodedBody {
    return this.memoJson(keyOf('b', view, code, kpi, period), period, breakdownReplySchema, () =>
      this.computeBreakdown(code, kpi, period, view),
    );
  }

  /**
   * Who reported below a unit, cached like the figures: every report transition bumps its
   * period's data version, and a change of the map or of the indicators the catalogue's. The
   * period's window (its deadline decides "on time") is part of the key, the calendar being
   * read afresh after any commit.
   */
  completenessJson(unit: UnitNode, period: string, limit: number, mapPeriod: string): EncodedBody {
    const window = this.settings.window(period);
    const key = `c:${unit.id}:${period}:${mapPeriod}:${limit}:${JSON.stringify(window)}`;
    return this.memoJson(key, period, completenessReplySchema, () => this.reportStates.completeness(unit, period, limit, mapPeriod));
  }

  /** The unit a code names for a view of a period (today's map, or that period's). */
  resolve(code: string, period: string, map: MapView = 'period'): UnitNode {
    return this.catalog.unitAt(code, mapPeriodOf(period, map, this.settings.currentPeriod()));
  }

  /** KPIs that mean something for a unit: reported at its tier or at some tier below it. */
  kpisFor(unit: UnitNode, period: string): KpiDef[] {
    return this.catalog.get().kpis.filter((k) => isActiveKpi(k, period) && followsKpi(k, unit.level));
  }

  figures(code: string, period: string, view: FigureView): FiguresReply {
    return this.memo(keyOf('f', view, code, period), period, () => this.computeFigures(code, period, view));
  }

  private computeFigures(code: string, period: string, { basis, map }: FigureView): FiguresReply {
    const unit = this.resolve(code, period, map);
    const kpis = this.kpisFor(unit, period);
    const notes = this.notes[basis].of([unit.id], period).get(unit.id);
    const figures = (this.histories.windowed(basis, [unit], kpis, period).get(unit.id) ?? []).map((h) => {
      const f = figureOf(this.catalog, this.provenance, basis, unit, h, period);
      const note = noteFor(notes, h.kpi.code);
      if (note) f.note = note;
      return f;
    });
    const asOf = figures.reduce<string | null>((m, f) => (f.updatedAt && (!m || f.updatedAt > m) ? f.updatedAt : m), null);
    return { unit: unitRef(unit, period), period, asOf, figures };
  }

  series(code: string, kpiCode: string, from: string, to: string, view: FigureView): SeriesReply {
    return this.memo(keyOf('s', view, code, kpiCode, from, to), to, () => this.computeSeries(code, kpiCode, from, to, view));
  }

  private computeSeries(code: string, kpiCode: string, from: string, to: string, { basis, map }: FigureView): SeriesReply {
    if (from > to) throw new ValidationError('"from" phải trước "to" / "from" must not be after "to"');
    const periods = periodRange(from, to);
    if (periods.length > 240) throw new ValidationError('Tối đa 240 tháng / at most 240 months per request');
    const unit = this.resolve(code, to, map);
    const kpi = this.catalog.kpi(kpiCode);
    const h = this.histories.history(basis, unit, kpi, to);
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
      if (kpi.kind === 'checklist' && valid && f.amount) {
        const items: Record<string, number> = {};
        for (const i of kpi.items) if (i.retiredFrom === null || i.retiredFrom > p) items[i.code] = f.amount.items[i.code] ?? 0;
        point.items = items;
      }
      return point;
    });
    return { unit: unitRef(unit, to), kpi: kpi.code, target: target?.value ?? null, deadline: target?.deadline ?? null, points };
  }

  /** One figure for a unit and KPI on a basis; used by reports and validation. */
  figure(basis: Basis, unit: UnitNode, kpi: KpiDef, period: string): Figure {
    const h = (this.histories.windowed(basis, [unit], [kpi], period).get(unit.id) ?? [])[0] as KpiHistory;
    return figureOf(this.catalog, this.provenance, basis, unit, h, period);
  }

  breakdown(code: string, kpiCode: string, period: string, view: FigureView): BreakdownReply {
    return this.memo(keyOf('b', view, code, kpiCode, period), period, () => this.computeBreakdown(code, kpiCode, period, view));
  }

  private computeBreakdown(code: string, kpiCode: string, period: string, view: FigureView): BreakdownReply {
    const { basis, map } = view;
    const mapPeriod = mapPeriodOf(period, map, this.settings.currentPeriod());
    const unit = this.catalog.unitAt(code, mapPeriod);
    const kpi = this.catalog.kpi(kpiCode);
    const src: BreakdownSources = {
      catalog: this.catalog,
      reportStates: this.reportStates,
      histories: this.histories,
      provenance: this.provenance,
      notes: this.notes[basis],
      shared: (part, compute) => this.memo(keyOf('bp', view, code, period, mapPeriod, part), period, compute),
    };
    return breakdownOf(src, basis, unit, kpi, period, mapPeriod);
  }
}
