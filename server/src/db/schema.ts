/**
 * The drizzle schema is the source of truth; `npm run db:generate` writes the migration and the
 * migration is committed, never edited once landed.
 *
 * Periods are stored as `YYYY-MM` text so that they sort and compare as strings.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const units = sqliteTable(
  'units',
  {
    id: integer('id').primaryKey(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** 1 = top; no fixed depth. */
    level: integer('level').notNull(),
    /** Type label: thành phố, quận, huyện, thị xã, phường, xã, thị trấn, tổ dân phố, thôn… */
    type: text('type').notNull(),
    parentId: integer('parent_id'),
    /** `/1/2/17/` — ids from the root down to this unit, for subtree queries by prefix. */
    path: text('path').notNull(),
    /** First period the unit exists in; null = since always. */
    validFrom: text('valid_from'),
    /** Last period the unit exists in; null = still exists. */
    validTo: text('valid_to'),
    sortOrder: integer('sort_order').notNull().default(0),
    /** Units this one replaced (merges), as a JSON array of codes, so history can be traced. */
    predecessors: text('predecessors'),
  },
  (t) => [uniqueIndex('units_code_uq').on(t.code), index('units_parent_idx').on(t.parentId), index('units_path_idx').on(t.path)],
);

export const kpiGroups = sqliteTable('kpi_groups', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  sortOrder: integer('sort_order').notNull().default(0),
});

export const kpis = sqliteTable(
  'kpis',
  {
    id: integer('id').primaryKey(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull(),
    unit: text('unit').notNull(),
    unitEn: text('unit_en').notNull(),
    kind: text('kind', { enum: ['count', 'stock', 'ratio', 'checklist'] }).notNull(),
    ratioMode: text('ratio_mode', { enum: ['level', 'flow'] }),
    /** JSON array of the hierarchy levels that report this KPI themselves. */
    reportLevels: text('report_levels').notNull(),
    higherIsBetter: integer('higher_is_better', { mode: 'boolean' }).notNull().default(true),
    groupCode: text('group_code').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    /** First period the KPI is no longer asked for; history stays. */
    retiredFrom: text('retired_from'),
  },
  (t) => [uniqueIndex('kpis_code_uq').on(t.code)],
);

export const kpiItems = sqliteTable(
  'kpi_items',
  {
    id: integer('id').primaryKey(),
    kpiId: integer('kpi_id').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    lead: text('lead'),
    sortOrder: integer('sort_order').notNull().default(0),
    retiredFrom: text('retired_from'),
  },
  (t) => [uniqueIndex('kpi_items_code_uq').on(t.kpiId, t.code)],
);

export const targets = sqliteTable(
  'targets',
  {
    id: integer('id').primaryKey(),
    kpiId: integer('kpi_id').notNull(),
    /** A target for one unit… */
    unitId: integer('unit_id'),
    /** …or for every unit of a level. */
    level: integer('level'),
    value: real('value').notNull(),
    deadline: text('deadline').notNull(),
    createdAt: text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [index('targets_kpi_idx').on(t.kpiId)],
);

/** A unit's own figure for a KPI and period, as reported. */
export const figures = sqliteTable(
  'figures',
  {
    unitId: integer('unit_id').notNull(),
    kpiId: integer('kpi_id').notNull(),
    period: text('period').notNull(),
    value: real('value'),
    numerator: real('numerator'),
    denominator: real('denominator'),
    /** Checklist: JSON array of the item codes done. */
    items: text('items'),
    recordedBy: integer('recorded_by'),
    recordedAt: text('recorded_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.kpiId, t.period] })],
);

/**
 * The aggregate of the units below, per (unit, KPI, period), kept in the same transaction as
 * every figure written. Flows have a row per period with data; levels (carried forward) are a
 * step function: a row where the aggregate changes, read as "the latest row at or before P".
 */
export const rollups = sqliteTable(
  'rollups',
  {
    unitId: integer('unit_id').notNull(),
    kpiId: integer('kpi_id').notNull(),
    period: text('period').notNull(),
    value: real('value').notNull().default(0),
    numerator: real('numerator').notNull().default(0),
    denominator: real('denominator').notNull().default(0),
    /** Checklist: JSON object item code → number of contributing units with it done. */
    items: text('items'),
    contributors: integer('contributors').notNull().default(0),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.kpiId, t.period] })],
);

/** A unit's monthly report: its state in the workflow and when it was submitted. */
export const reports = sqliteTable(
  'reports',
  {
    unitId: integer('unit_id').notNull(),
    period: text('period').notNull(),
    state: text('state', { enum: ['draft', 'submitted', 'returned', 'approved'] }).notNull(),
    submittedAt: text('submitted_at'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.period] }), index('reports_period_idx').on(t.period, t.state)],
);

/** Small JSON settings (reporting calendar, programme start) and version counters of cached data. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
