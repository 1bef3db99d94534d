/**
 * Every query on the figure and roll-up tables, for one basis: typed from the drizzle schema and
 * prepared once per connection and basis, with placeholders (these run thousands of times a
 * second on the dashboards and on every submission). Both bases have the same columns
 * (schema.ts builds each pair from one definition), so one set of queries serves both; the basis
 * only picks the tables.
 *
 * Longer than the ~300 lines of the house style on purpose: it is the one list of the figure
 * tables' queries, each spelled out by the query builder over several lines; split in two, the
 * queries of a write would live in two files.
 */
import type { Basis } from '@tiendo/shared';
import {
  and,
  asc,
  type Column,
  desc,
  eq,
  getTableColumns,
  gt,
  gte,
  is,
  lt,
  lte,
  min,
  Param,
  Placeholder,
  type SQL,
  sql,
} from 'drizzle-orm';
import { ormOf, type Sqlite } from '../db/client.ts';
import { basisTables, type FigureTable, type RollupTable } from '../db/schema.ts';

type FigureColumns = FigureTable['$inferSelect'];
type RollupColumns = RollupTable['$inferSelect'];

/** The running totals kept on each row (flows). */
export type Cumulative = Pick<FigureColumns, 'cumValue' | 'cumNumerator' | 'cumDenominator'>;

/** A unit's own figure as the roll-up and the read path use it. */
export type FigureRow = Pick<
  FigureColumns,
  'period' | 'value' | 'numerator' | 'denominator' | 'items' | 'recordedAt' | 'cumValue' | 'cumNumerator' | 'cumDenominator'
>;

/** An aggregate row. */
export type RollupRow = Pick<
  RollupColumns,
  'period' | 'value' | 'numerator' | 'denominator' | 'items' | 'contributors' | 'updatedAt' | 'cumValue' | 'cumNumerator' | 'cumDenominator'
>;

/** What is written for a unit's own figure; the running totals are set apart. */
export type OwnFigureWrite = Pick<
  FigureColumns,
  'unitId' | 'kpiId' | 'period' | 'value' | 'numerator' | 'denominator' | 'items' | 'recordedBy' | 'recordedAt'
>;

/** A whole aggregate row, as written. */
export type RollupWrite = RollupColumns;

const ph = sql.placeholder;

/** A whole row of each table, in the order of its columns (the order an INSERT binds them). */
const OWN_ROW_ORDER = [
  'unitId',
  'kpiId',
  'period',
  'value',
  'numerator',
  'denominator',
  'items',
  'cumValue',
  'cumNumerator',
  'cumDenominator',
  'recordedBy',
  'recordedAt',
] as const satisfies readonly (keyof FigureColumns)[];
const ROLLUP_ROW_ORDER = [
  'unitId',
  'kpiId',
  'period',
  'value',
  'numerator',
  'denominator',
  'items',
  'contributors',
  'cumValue',
  'cumNumerator',
  'cumDenominator',
  'updatedAt',
] as const satisfies readonly (keyof RollupColumns)[];

/**
 * `LIMIT 1` written into the statement: drizzle binds a number as a parameter, and with a bound
 * limit SQLite finds "the latest row before a period" several times slower (measured on the demo:
 * a 30-value write 1.2 ms with `LIMIT 1`, 8–10 ms with `LIMIT ?`). The builder types a limit as a
 * number or a placeholder; a SQL chunk is rendered as written.
 */
const LIMIT_ONE = sql`1` as unknown as Placeholder;

/** A placeholder for each column named, named as the column's field: a row as parameters. */
function placeholders<K extends string>(...fields: K[]) {
  return Object.fromEntries(fields.map((k) => [k, ph(k)])) as unknown as { [F in K]: Placeholder };
}

/** `excluded.<column>` for each column given: on conflict, the UPDATE takes what the INSERT proposed. */
function fromExcluded<C extends Record<string, Column>>(columns: C) {
  return Object.fromEntries(Object.entries(columns).map(([k, c]) => [k, sql.raw(`excluded."${c.name}"`)])) as { [K in keyof C]: SQL };
}

/** The builders this module runs: the SQL they compile to, and (a select) the fields it reads. */
interface Compilable {
  toSQL(): { sql: string; params: unknown[] };
}
interface Selecting extends Compilable {
  all(): unknown[];
  readonly _: { readonly selectedFields: Record<string, unknown> };
}

/**
 * Queries built by drizzle from the schema, run on better-sqlite3's own statements with their
 * parameters in order. Drizzle's prepared query looks each placeholder up by name with entity
 * checks and maps each row through the columns' decoders, on every call: a 30-value write runs
 * ~300 statements, and through `.prepare()` it took several times as long as the raw statements
 * it replaced (measured on the demo; see the report of issue 15). The SQL and the row types still
 * come from the schema; `order` names the placeholders in the order the SQL binds them, checked
 * here once, so a call passes its values straight through. The columns here are numbers and text,
 * which drizzle neither encodes nor decodes; rows are read as arrays and named by the selection.
 */
function runner(sqlite: Sqlite) {
  const compile = (q: Compilable, order: readonly string[]) => {
    const { sql: text, params } = q.toSQL();
    const names = params.map((p) => {
      if (is(p, Placeholder)) return p.name;
      if (is(p, Param) && is(p.value, Placeholder)) return p.value.name;
      throw new Error(`figure-store: a literal parameter in ${text}`);
    });
    if (names.join() !== order.join()) throw new Error(`figure-store: binds (${names.join()}), not (${order.join()}): ${text}`);
    return sqlite.prepare(text);
  };
  return {
    read<Q extends Selecting>(q: Q, order: readonly string[]) {
      type Row = ReturnType<Q['all']>[number];
      const stmt = compile(q, order).raw(true);
      // The select list is the selection's fields in order (flat here: no nested objects, no joins).
      const keys = Object.keys(q._.selectedFields);
      const named = (a: unknown[]): Row => {
        const row: Record<string, unknown> = {};
        for (let i = 0; i < keys.length; i++) row[keys[i] as string] = a[i];
        return row as Row;
      };
      return {
        get: (...args: unknown[]): Row | undefined => {
          const a = stmt.get(...args) as unknown[] | undefined;
          return a === undefined ? undefined : named(a);
        },
        all: (...args: unknown[]): Row[] => (stmt.all(...args) as unknown[][]).map(named),
      };
    },
    write(q: Compilable, order: readonly string[]) {
      const stmt = compile(q, order);
      return { run: (...args: unknown[]) => void stmt.run(...args) };
    },
  };
}

function statements(sqlite: Sqlite, f: FigureTable, r: RollupTable) {
  const orm = ormOf(sqlite);
  const { read, write } = runner(sqlite);
  // What a read needs of a row: everything but the key it was asked by (and who recorded it).
  const { unitId: _fu, kpiId: _fk, recordedBy: _fb, ...figureCols } = getTableColumns(f);
  const { unitId: _ru, kpiId: _rk, ...rollupCols } = getTableColumns(r);
  const { period: _rp, ...rollupValues } = rollupCols;
  const rollupRow = placeholders(...ROLLUP_ROW_ORDER);
  const own = and(eq(f.unitId, ph('unitId')), eq(f.kpiId, ph('kpiId')));
  const agg = and(eq(r.unitId, ph('unitId')), eq(r.kpiId, ph('kpiId')));
  // A unit's own row: a new one whole, an existing one its figure and who recorded it, and `also`.
  const upsertOwnRow = (also: Partial<Record<keyof FigureColumns, Column>>) =>
    write(
      orm
        .insert(f)
        .values(placeholders(...OWN_ROW_ORDER))
        .onConflictDoUpdate({
          target: [f.unitId, f.kpiId, f.period],
          set: fromExcluded({
            value: f.value,
            numerator: f.numerator,
            denominator: f.denominator,
            items: f.items,
            ...also,
            recordedBy: f.recordedBy,
            recordedAt: f.recordedAt,
          }),
        }),
      OWN_ROW_ORDER,
    );
  return {
    ownAt: read(
      orm
        .select(figureCols)
        .from(f)
        .where(and(own, eq(f.period, ph('period')))),
      ['unitId', 'kpiId', 'period'],
    ),
    ownBefore: read(
      orm
        .select(figureCols)
        .from(f)
        .where(and(own, lt(f.period, ph('period'))))
        .orderBy(desc(f.period))
        .limit(LIMIT_ONE),
      ['unitId', 'kpiId', 'period'],
    ),
    // A write's first read: the unit's latest own row up to the period. Usually the row before it
    // (a new month's figure); only a correction finds the period's own row and reads again for
    // the one before. One row, not two: each is another page of the table, and a page not yet in
    // the cache is a system call (LIMIT 2 measured 6–11 % slower for a commune's 30-value import).
    ownLatest: read(
      orm
        .select(figureCols)
        .from(f)
        .where(and(own, lte(f.period, ph('period'))))
        .orderBy(desc(f.period))
        .limit(LIMIT_ONE),
      ['unitId', 'kpiId', 'period'],
    ),
    ownNext: read(
      orm
        .select({ period: min(f.period) })
        .from(f)
        .where(and(own, gt(f.period, ph('period')))),
      ['unitId', 'kpiId', 'period'],
    ),
    ownWindow: read(
      orm
        .select(figureCols)
        .from(f)
        .where(and(own, gte(f.period, ph('from')), lte(f.period, ph('upto'))))
        .orderBy(asc(f.period)),
      ['unitId', 'kpiId', 'from', 'upto'],
    ),
    ownKpis: read(
      orm
        .select({ kpiId: f.kpiId })
        .from(f)
        .where(and(eq(f.unitId, ph('unitId')), eq(f.period, ph('period')))),
      ['unitId', 'period'],
    ),
    // From the period index alone (it holds the unit): who reported in a period.
    reportedIn: read(
      orm
        .select({ kpiId: f.kpiId, unitId: f.unitId })
        .from(f)
        .where(eq(f.period, ph('period'))),
      ['period'],
    ),
    // No ORDER BY, no index: one sequential pass over the table beats walking an index by period.
    // The builder cannot say NOT INDEXED, hence SQL, with the columns and names of the schema.
    ownOfKpi: (kpiId: number) => {
      const cols = { unitId: f.unitId, ...figureCols };
      const list = sql.join(
        Object.entries(cols).map(([name, c]) => sql`${sql.identifier(c.name)} AS ${sql.identifier(name)}`),
        sql`, `,
      );
      return orm.all<Pick<FigureColumns, keyof typeof cols>>(
        sql`SELECT ${list} FROM ${f} NOT INDEXED WHERE ${sql.identifier(f.kpiId.name)} = ${kpiId}`,
      );
    },
    upsertOwn: upsertOwnRow({}),
    // A flow's row written with its running totals (known before the write), in one statement.
    upsertOwnWithCum: upsertOwnRow({ cumValue: f.cumValue, cumNumerator: f.cumNumerator, cumDenominator: f.cumDenominator }),
    deleteOwn: write(orm.delete(f).where(and(own, eq(f.period, ph('period')))), ['unitId', 'kpiId', 'period']),
    shiftOwnCum: write(
      orm
        .update(f)
        .set({
          cumValue: sql`${f.cumValue} + ${ph('dv')}`,
          cumNumerator: sql`${f.cumNumerator} + ${ph('dn')}`,
          cumDenominator: sql`${f.cumDenominator} + ${ph('dd')}`,
        })
        .where(and(own, gt(f.period, ph('period')))),
      ['dv', 'dn', 'dd', 'unitId', 'kpiId', 'period'],
    ),
    rollAt: read(
      orm
        .select(rollupCols)
        .from(r)
        .where(and(agg, eq(r.period, ph('period')))),
      ['unitId', 'kpiId', 'period'],
    ),
    rollBefore: read(
      orm
        .select(rollupCols)
        .from(r)
        .where(and(agg, lt(r.period, ph('period'))))
        .orderBy(desc(r.period))
        .limit(LIMIT_ONE),
      ['unitId', 'kpiId', 'period'],
    ),
    rollLatest: read(
      orm
        .select(rollupCols)
        .from(r)
        .where(and(agg, lte(r.period, ph('period'))))
        .orderBy(desc(r.period))
        .limit(LIMIT_ONE),
      ['unitId', 'kpiId', 'period'],
    ),
    rollWindow: read(
      orm
        .select(rollupCols)
        .from(r)
        .where(and(agg, gte(r.period, ph('from')), lte(r.period, ph('upto'))))
        .orderBy(asc(r.period)),
      ['unitId', 'kpiId', 'from', 'upto'],
    ),
    rollBetween: read(
      orm
        .select(rollupCols)
        .from(r)
        .where(and(agg, gte(r.period, ph('from')), lt(r.period, ph('end'))))
        .orderBy(asc(r.period)),
      ['unitId', 'kpiId', 'from', 'end'],
    ),
    shiftRollCum: write(
      orm
        .update(r)
        .set({
          cumValue: sql`${r.cumValue} + ${ph('dv')}`,
          cumNumerator: sql`${r.cumNumerator} + ${ph('dn')}`,
          cumDenominator: sql`${r.cumDenominator} + ${ph('dd')}`,
          updatedAt: sql`${ph('now')}`,
        })
        .where(and(agg, gt(r.period, ph('period')))),
      ['dv', 'dn', 'dd', 'now', 'unitId', 'kpiId', 'period'],
    ),
    upsertRollup: write(
      orm
        .insert(r)
        .values(rollupRow)
        .onConflictDoUpdate({ target: [r.unitId, r.kpiId, r.period], set: fromExcluded(rollupValues) }),
      ROLLUP_ROW_ORDER,
    ),
    insertRollup: write(orm.insert(r).values(rollupRow), ROLLUP_ROW_ORDER),
    clearRollups: write(orm.delete(r).where(eq(r.kpiId, ph('kpiId'))), ['kpiId']),
  };
}

/** The queries of one basis's figure and roll-up tables. */
export class FigureStore {
  private readonly q;

  private constructor(sqlite: Sqlite, basis: Basis) {
    const t = basisTables[basis];
    this.q = statements(sqlite, t.figures, t.rollups);
  }

  private static readonly stores = new WeakMap<Sqlite, Record<Basis, FigureStore>>();

  /** The store of a basis on a connection (prepared once per connection). */
  static of(sqlite: Sqlite, basis: Basis): FigureStore {
    let both = FigureStore.stores.get(sqlite);
    if (!both) {
      both = { submitted: new FigureStore(sqlite, 'submitted'), approved: new FigureStore(sqlite, 'approved') };
      FigureStore.stores.set(sqlite, both);
    }
    return both[basis];
  }

  ownAt(unitId: number, kpiId: number, period: string): FigureRow | undefined {
    return this.q.ownAt.get(unitId, kpiId, period);
  }

  /** The unit's latest own row before `period`. */
  ownBefore(unitId: number, kpiId: number, period: string): FigureRow | undefined {
    return this.q.ownBefore.get(unitId, kpiId, period);
  }

  /** A unit's own row of `period` (if any) and its latest own row before it (if any): what a write needs to know. */
  ownAtAndBefore(unitId: number, kpiId: number, period: string): { at: FigureRow | undefined; before: FigureRow | undefined } {
    const latest = this.q.ownLatest.get(unitId, kpiId, period);
    return latest?.period === period
      ? { at: latest, before: this.q.ownBefore.get(unitId, kpiId, period) }
      : { at: undefined, before: latest };
  }

  /** The period of the unit's next own row after `period`, if any. */
  ownNext(unitId: number, kpiId: number, period: string): string | null {
    return this.q.ownNext.get(unitId, kpiId, period)?.period ?? null;
  }

  /** Own rows in [from, upto], oldest first. */
  ownWindow(unitId: number, kpiId: number, from: string, upto: string): FigureRow[] {
    return this.q.ownWindow.all(unitId, kpiId, from, upto);
  }

  /** The KPIs a unit has an own figure for in a period. */
  ownKpiIds(unitId: number, period: string): number[] {
    return this.q.ownKpis.all(unitId, period).map((r) => r.kpiId);
  }

  /** Every own figure of a period, as (KPI, unit) pairs. */
  reportedIn(period: string): { kpiId: number; unitId: number }[] {
    return this.q.reportedIn.all(period);
  }

  /** Every own row of one KPI, in no order (the full rebuild). */
  ownOfKpi(kpiId: number): (FigureRow & { unitId: number })[] {
    return this.q.ownOfKpi(kpiId);
  }

  /**
   * Writes a unit's own figure. With `cum`, its running totals too (a flow's, computed from the
   * month before); without, they are kept apart (a new row starts at 0).
   */
  upsertOwn(r: OwnFigureWrite, cum?: { v: number; n: number; d: number }): void {
    const row = [r.unitId, r.kpiId, r.period, r.value, r.numerator, r.denominator, r.items, cum?.v ?? 0, cum?.n ?? 0, cum?.d ?? 0];
    (cum ? this.q.upsertOwnWithCum : this.q.upsertOwn).run(...row, r.recordedBy, r.recordedAt);
  }

  deleteOwn(unitId: number, kpiId: number, period: string): void {
    this.q.deleteOwn.run(unitId, kpiId, period);
  }

  /** Add to the running totals of the unit's own rows after `period`. */
  shiftOwnCum(unitId: number, kpiId: number, period: string, dv: number, dn: number, dd: number): void {
    this.q.shiftOwnCum.run(dv, dn, dd, unitId, kpiId, period);
  }

  rollAt(unitId: number, kpiId: number, period: string): RollupRow | undefined {
    return this.q.rollAt.get(unitId, kpiId, period);
  }

  /** The latest aggregate row before `period`. */
  rollBefore(unitId: number, kpiId: number, period: string): RollupRow | undefined {
    return this.q.rollBefore.get(unitId, kpiId, period);
  }

  /** The latest aggregate row up to `period`: its own row, or else the one before it. */
  rollLatest(unitId: number, kpiId: number, period: string): RollupRow | undefined {
    return this.q.rollLatest.get(unitId, kpiId, period);
  }

  /** Aggregate rows in [from, upto], oldest first. */
  rollWindow(unitId: number, kpiId: number, from: string, upto: string): RollupRow[] {
    return this.q.rollWindow.all(unitId, kpiId, from, upto);
  }

  /** Aggregate rows in [from, end), oldest first. */
  rollBetween(unitId: number, kpiId: number, from: string, end: string): RollupRow[] {
    return this.q.rollBetween.all(unitId, kpiId, from, end);
  }

  /** Add to the running totals of the aggregate rows after `period`. */
  shiftRollCum(unitId: number, kpiId: number, period: string, dv: number, dn: number, dd: number, now: string): void {
    this.q.shiftRollCum.run(dv, dn, dd, now, unitId, kpiId, period);
  }

  upsertRollup(r: RollupWrite): void {
    this.q.upsertRollup.run(...rollupArgs(r));
  }

  insertRollup(r: RollupWrite): void {
    this.q.insertRollup.run(...rollupArgs(r));
  }

  clearRollups(kpiId: number): void {
    this.q.clearRollups.run(kpiId);
  }
}

/** A roll-up row's values in the order of its columns. */
function rollupArgs(r: RollupWrite): unknown[] {
  return [
    r.unitId,
    r.kpiId,
    r.period,
    r.value,
    r.numerator,
    r.denominator,
    r.items,
    r.contributors,
    r.cumValue,
    r.cumNumerator,
    r.cumDenominator,
    r.updatedAt,
  ];
}
