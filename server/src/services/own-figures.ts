/**
 * A unit's own figures as the report workflow reads them: this month's (to fill a form or a
 * recall's draft), the last months' (the soft rules and "last month" on the form) and the running
 * total before a month (the hard rules between counts). Always the submitted basis: a report's
 * own figures are what its unit sent. Prepared once per connection: every submission asks them.
 */
import type { ReportValue } from '@tiendo/shared';
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { ormOf, type Sqlite } from '../db/client.ts';
import { figures, rollups } from '../db/schema.ts';
import type { KpiDef, UnitNode } from './catalog-service.ts';
import type { NormalizedValue } from './report-rules.ts';
import type { FigureInput } from './rollup-service.ts';

const ph = sql.placeholder;

/** What a month's own figure holds, as read back for the form and the rules. */
export type OwnFigure = Pick<typeof figures.$inferSelect, 'period' | 'value' | 'numerator' | 'denominator' | 'items'>;

const OWN = {
  period: figures.period,
  value: figures.value,
  numerator: figures.numerator,
  denominator: figures.denominator,
  items: figures.items,
};

export function toReportValue(kind: KpiDef['kind'], r: OwnFigure): ReportValue {
  if (kind === 'ratio') return { numerator: r.numerator ?? 0, denominator: r.denominator ?? 0 };
  if (kind === 'checklist') return { items: r.items ? (JSON.parse(r.items) as string[]) : [] };
  return r.value ?? 0;
}

/** The number the soft rules compare, from a stored figure. */
export function normalize(k: KpiDef, r: OwnFigure): NormalizedValue {
  if (k.kind === 'ratio') return { numerator: r.numerator ?? 0, denominator: r.denominator ?? 0 };
  return { value: r.value ?? 0 };
}

/** A report's value as the roll-up takes it. */
export function figureInputOf(v: ReportValue): FigureInput {
  if (typeof v === 'number') return { value: v };
  if ('numerator' in v) return { numerator: v.numerator, denominator: v.denominator };
  return { items: v.items };
}

export class OwnFigures {
  private readonly q;

  constructor(sqlite: Sqlite) {
    const orm = ormOf(sqlite);
    const of = and(eq(figures.unitId, ph('unit')), eq(figures.kpiId, ph('kpi')));
    this.q = {
      at: orm
        .select(OWN)
        .from(figures)
        .where(and(of, eq(figures.period, ph('period'))))
        .prepare(),
      recent: orm
        .select(OWN)
        .from(figures)
        .where(and(of, lt(figures.period, ph('period'))))
        .orderBy(desc(figures.period))
        .limit(12)
        .prepare(),
      totalBefore: orm
        .select({ total: sql<number | null>`sum(${figures.value})` })
        .from(figures)
        .where(and(of, lt(figures.period, ph('period'))))
        .prepare(),
      rebuiltTotal: orm
        .select({ total: rollups.cumValue })
        .from(rollups)
        .where(and(eq(rollups.unitId, ph('unit')), eq(rollups.kpiId, ph('kpi')), lt(rollups.period, ph('period'))))
        .orderBy(desc(rollups.period))
        .limit(1)
        .prepare(),
    };
  }

  at(unit: UnitNode, kpi: KpiDef, period: string): OwnFigure | undefined {
    return this.q.at.get({ unit: unit.id, kpi: kpi.id, period });
  }

  /** The last twelve months with a figure before `period`, newest first. */
  recent(unit: UnitNode, kpi: KpiDef, period: string): OwnFigure[] {
    return this.q.recent.all({ unit: unit.id, kpi: kpi.id, period });
  }

  /** This month's own values of `kpis`, by KPI code; a KPI without a figure is left out. */
  values(unit: UnitNode, kpis: readonly KpiDef[], period: string): Record<string, ReportValue> {
    const out: Record<string, ReportValue> = {};
    for (const k of kpis) {
      const r = this.at(unit, k, period);
      if (r) out[k.code] = toReportValue(k.kind, r);
    }
    return out;
  }

  /**
   * A unit's own running total of a count before `period`; null when it has none. A unit created
   * by a reorganisation goes on from its rebuilt past, as the dashboards do (figure-service
   * rowsOf), so a rule comparing it with an aggregate running total compares like with like.
   */
  totalBefore(unit: UnitNode, kpiId: number, period: string): number | null {
    const own = this.q.totalBefore.get({ unit: unit.id, kpi: kpiId, period })?.total ?? null;
    const birth = unit.validFrom;
    const rebuilt =
      birth !== null && period >= birth ? this.q.rebuiltTotal.get({ unit: unit.id, kpi: kpiId, period: birth })?.total : undefined;
    return rebuilt === undefined ? own : (own ?? 0) + rebuilt;
  }
}
