/**
 * The public read API, v1. Routes validate with these schemas and the client infers its types
 * from them, so the two cannot drift. Other systems read these replies: keep them stable.
 *
 * Kept as one file because it is the read API's published contract, v1: its schemas build on one
 * another (unit refs, lineage, figures) and change together under one version.
 */
import { z } from 'zod';
import { KPI_KINDS, RATIO_MODES } from './kpi.ts';
import { isPeriod } from './period.ts';
import { FIGURE_STATUSES } from './status.ts';

export const periodSchema = z.string().refine(isPeriod, { message: 'Kỳ báo cáo phải có dạng YYYY-MM / period must be YYYY-MM' });

export const unitCodeSchema = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[0-9A-Za-z-]+$/, { message: 'Mã đơn vị không hợp lệ / invalid unit code' });

export const kpiCodeSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9_]+$/, { message: 'Mã chỉ tiêu không hợp lệ / invalid KPI code' });

export const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export const healthSchema = z.object({ status: z.literal('ok') });

export const periodInfoSchema = z.object({
  period: z.string(),
  from: z.string(),
  to: z.string(),
  deadline: z.string(),
  lockAfter: z.string(),
  state: z.enum(['closed', 'open', 'upcoming']),
  cutoffPassed: z.boolean(),
});
export const periodsReplySchema = z.array(periodInfoSchema);
export type PeriodInfo = z.infer<typeof periodInfoSchema>;

export const checklistItemSchema = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  lead: z.string().nullable(),
  order: z.number(),
  retired: z.boolean(),
});
export type ChecklistItem = z.infer<typeof checklistItemSchema>;

export const kpiSchema = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  kind: z.enum(KPI_KINDS),
  ratioMode: z.enum(RATIO_MODES).nullable(),
  unit: z.string(),
  unitEn: z.string(),
  group: z.string(),
  groupName: z.string(),
  groupNameEn: z.string(),
  order: z.number(),
  reportLevels: z.array(z.number()),
  higherIsBetter: z.boolean(),
  carriedForward: z.boolean(),
  retired: z.boolean(),
  items: z.array(checklistItemSchema).optional(),
});
export const kpisReplySchema = z.array(kpiSchema);
export type Kpi = z.infer<typeof kpiSchema>;

export const unitRefSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.number(),
  type: z.string(),
});
export type UnitRef = z.infer<typeof unitRefSchema>;

/**
 * Which map a period is read on: `period` (default), the map of that period, as reported; `today`,
 * today's map, where units created by a reorganisation show their history rebuilt from their
 * predecessors. The two differ only before a reorganisation.
 */
export const mapViewSchema = z.enum(['period', 'today']).default('period');
export type MapView = z.infer<typeof mapViewSchema>;

export const lineageRefSchema = unitRefSchema.extend({
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  /** Share of the predecessor that went to the successor (1 for a merge). */
  share: z.number(),
  /** First period of the successor. */
  period: z.string(),
});
export type LineageRef = z.infer<typeof lineageRefSchema>;

export const unitReplySchema = unitRefSchema.extend({
  fullName: z.string(),
  /** The period the unit was read in: its parent, ancestors and children are those of that period's map. */
  period: z.string(),
  map: z.enum(['period', 'today']),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  parent: unitRefSchema.nullable(),
  ancestors: z.array(unitRefSchema),
  children: z.array(unitRefSchema),
  predecessors: z.array(lineageRefSchema),
  successors: z.array(lineageRefSchema),
});
export type UnitReply = z.infer<typeof unitReplySchema>;

export const unitParamsSchema = z.object({ code: unitCodeSchema });
export const unitQuerySchema = z.object({ period: periodSchema.optional(), map: mapViewSchema });

export const lineageReplySchema = z.object({
  unit: unitRefSchema.extend({ validFrom: z.string().nullable(), validTo: z.string().nullable() }),
  predecessors: z.array(lineageRefSchema),
  successors: z.array(lineageRefSchema),
});
export type LineageReply = z.infer<typeof lineageReplySchema>;
export const lineageQuerySchema = z.object({ period: periodSchema.optional() });

/** The 404 of a code that names no unit in the period asked, with where to go instead. */
export const unitNotInPeriodDetailsSchema = z.union([
  z.object({
    successors: z.array(
      z.object({ code: z.string(), name: z.string(), validFrom: z.string().nullable(), validTo: z.string().nullable(), share: z.number() }),
    ),
  }),
  z.object({
    predecessors: z.array(
      z.object({ code: z.string(), name: z.string(), validFrom: z.string().nullable(), validTo: z.string().nullable(), share: z.number() }),
    ),
  }),
]);
export type UnitNotInPeriodDetails = z.infer<typeof unitNotInPeriodDetailsSchema>;

export const figureItemSchema = z.object({ code: z.string(), name: z.string(), done: z.number() });

/**
 * How an aggregate was made: of the units whose own figures flow into it, how many were expected
 * this period, how many reported in it, and how many count with a level carried from an earlier
 * month ("256 of 5,247 teams reported this month, the rest carried").
 */
export const provenanceSchema = z.object({ expected: z.number(), reported: z.number(), carried: z.number() });
export type Provenance = z.infer<typeof provenanceSchema>;

/**
 * What a unit wrote in its report of the period about a figure: the explanation of a value flagged
 * for this KPI (`flag`), or else its difficulties (khó khăn, vướng mắc). Reports sent up only.
 */
export const figureNoteSchema = z.object({ text: z.string(), source: z.enum(['flag', 'difficulties']) });
export type FigureNote = z.infer<typeof figureNoteSchema>;

export const figureSchema = z.object({
  kpi: z.string(),
  kind: z.enum(KPI_KINDS),
  /** Counts and stocks: the amount; ratios: percent; checklists: items done. Null: no figure. */
  value: z.number().nullable(),
  numerator: z.number().optional(),
  denominator: z.number().optional(),
  items: z.array(figureItemSchema).optional(),
  itemsTotal: z.number().optional(),
  /** Running total since the first period (counts), or Σnum/Σden to date in percent (flow ratios). */
  cumulative: z.number().nullable().optional(),
  target: z.number().optional(),
  deadline: z.string().optional(),
  attainment: z.number().nullable().optional(),
  projection: z.number().nullable().optional(),
  status: z.enum(FIGURE_STATUSES),
  previous: z.number().nullable().optional(),
  change: z.number().nullable().optional(),
  /** `own`: the unit's own report; `aggregate`: rolled up from the units below; `none`: no figure. */
  source: z.enum(['own', 'aggregate', 'none']),
  /** A level carried forward from an earlier period because no report came in for this one. */
  carried: z.boolean(),
  carriedFrom: z.string().optional(),
  contributors: z.number(),
  /**
   * How an aggregate was made: of the units whose own figures flow into it, how many were
   * expected this period, how many reported in it, and how many count with a level carried from
   * an earlier month ("256 of 5,247 teams reported this month, the rest carried").
   */
  units: provenanceSchema.optional(),
  updatedAt: z.string().nullable(),
  /** The unit did not exist in this period: the figure is its history rebuilt from its predecessors. */
  rebuilt: z.boolean().optional(),
  /** Rebuilt from a predecessor's own figure shared out between its successors: an estimate. */
  estimated: z.boolean().optional(),
  /** The unit's own note on this figure (see `figureNoteSchema`), in the figures reply. Absent: none. */
  note: figureNoteSchema.optional(),
});
export type Figure = z.infer<typeof figureSchema>;

/** `submitted` (default): figures count from submission; `approved`: approved reports only. */
export const basisSchema = z.enum(['submitted', 'approved']).default('submitted');
export type Basis = z.infer<typeof basisSchema>;

export const figuresQuerySchema = z.object({ period: periodSchema, basis: basisSchema, map: mapViewSchema });
export const figuresReplySchema = z.object({
  unit: unitRefSchema,
  period: z.string(),
  asOf: z.string().nullable(),
  figures: z.array(figureSchema),
});
export type FiguresReply = z.infer<typeof figuresReplySchema>;

export const seriesQuerySchema = z.object({
  kpi: kpiCodeSchema,
  from: periodSchema,
  to: periodSchema,
  basis: basisSchema,
  map: mapViewSchema,
});
export const seriesPointSchema = z.object({
  period: z.string(),
  value: z.number().nullable(),
  numerator: z.number().optional(),
  denominator: z.number().optional(),
  cumulative: z.number().nullable(),
  carried: z.boolean(),
  contributors: z.number(),
  /** The target in force in this period (targets change from a period on); null: none. */
  target: z.number().nullable().optional(),
  /** Before the unit existed: rebuilt from its predecessors (exact, or `estimated`). */
  rebuilt: z.boolean().optional(),
  estimated: z.boolean().optional(),
  /**
   * Checklists: how many units have each item live (item code → count; for a unit's own figure,
   * 1 or 0), so the month an item went live is read from the series alone.
   */
  items: z.record(z.string(), z.number()).optional(),
});
export type SeriesPoint = z.infer<typeof seriesPointSchema>;
export const seriesReplySchema = z.object({
  unit: unitRefSchema,
  kpi: z.string(),
  target: z.number().nullable(),
  deadline: z.string().nullable(),
  points: z.array(seriesPointSchema),
});
export type SeriesReply = z.infer<typeof seriesReplySchema>;

/** Every KPI's series for a unit at once: the dashboard's cards ask for all of them together. */
export const trendsQuerySchema = seriesQuerySchema.omit({ kpi: true });
export const trendsReplySchema = z.object({
  /** One series per KPI the unit follows in `to` (reported at its tier or below), in catalogue order. */
  series: z.array(seriesReplySchema),
});
export type TrendsReply = z.infer<typeof trendsReplySchema>;

export const breakdownQuerySchema = z.object({ kpi: kpiCodeSchema, period: periodSchema, basis: basisSchema, map: mapViewSchema });
export const breakdownRowSchema = unitRefSchema.extend({
  value: z.number().nullable(),
  numerator: z.number().nullable().optional(),
  denominator: z.number().nullable().optional(),
  cumulative: z.number().nullable().optional(),
  target: z.number().nullable(),
  attainment: z.number().nullable(),
  status: z.enum(FIGURE_STATUSES),
  /**
   * Standard competition ranking (1, 2, 2, 4) on the running total for counts, the figure
   * otherwise, compared as printed: percentages after the one shared rounding (`roundPercent`
   * with the thresholds the dashboard uses), so units that read the same share a rank. Null: no
   * figure this month (a flow not reported, a level never reported): listed last, never ranked.
   */
  rank: z.number().nullable(),
  /** Value minus last month's value, as the figure's `change`; null when either month has none. */
  change: z.number().nullable().optional(),
  /**
   * The unit's population for "per 1,000 inhabitants": its citizen records, the denominator of
   * `lam_sach_dan_cu` for that unit and period (own report, carried, or rolled up). Null: none.
   */
  population: z.number().nullable().optional(),
  carried: z.boolean(),
  rebuilt: z.boolean().optional(),
  estimated: z.boolean().optional(),
  reportState: z.enum(['on_time', 'late', 'missing', 'not_expected']),
  /** For a row rolled up from the units below: how many of them reported this month (see the figure's `units`). */
  units: provenanceSchema.optional(),
  /**
   * What the unit wrote in its report of the period about this figure: the explanation of a value
   * flagged for this KPI, or else its difficulties (khó khăn, vướng mắc). Absent: it wrote nothing.
   */
  note: figureNoteSchema.optional(),
});
export type BreakdownRow = z.infer<typeof breakdownRowSchema>;
export const breakdownReplySchema = z.object({
  unit: unitRefSchema,
  kpi: z.string(),
  period: z.string(),
  /** Ranked rows first by rank (ties in map order), then the unranked ones in map order. */
  rows: z.array(breakdownRowSchema),
});
export type BreakdownReply = z.infer<typeof breakdownReplySchema>;

/** The breakdown of every KPI the units below follow, at once: the heat map shows them all. */
export const breakdownsQuerySchema = breakdownQuerySchema.omit({ kpi: true });
export const breakdownsReplySchema = z.object({
  /** One breakdown per KPI reported at the tier below the unit or further down, in catalogue order. */
  breakdowns: z.array(breakdownReplySchema),
});
export type BreakdownsReply = z.infer<typeof breakdownsReplySchema>;

export const completenessQuerySchema = z.object({
  period: periodSchema,
  map: mapViewSchema,
  limit: z.coerce.number().int().min(0).max(10000).default(500),
});
export const completenessLevelSchema = z.object({
  level: z.number(),
  expected: z.number(),
  reported: z.number(),
  onTime: z.number(),
  late: z.number(),
  missing: z.number(),
});
export const completenessReplySchema = z.object({
  unit: unitRefSchema,
  period: z.string(),
  deadline: z.string(),
  expected: z.number(),
  reported: z.number(),
  onTime: z.number(),
  late: z.number(),
  completeness: z.number().nullable(),
  timeliness: z.number().nullable(),
  byLevel: z.array(completenessLevelSchema),
  missingTotal: z.number(),
  missing: z.array(unitRefSchema.extend({ parentName: z.string().nullable() })),
});
export type CompletenessReply = z.infer<typeof completenessReplySchema>;
