/** The monthly report of a unit: what the form shows, what it sends, what the workflow answers. */
import { z } from 'zod';
import { unitRefSchema } from './api.ts';
import { KPI_KINDS, RATIO_MODES } from './kpi.ts';

export const REPORT_STATES = ['not_started', 'draft', 'submitted', 'returned', 'approved'] as const;
export type ReportState = (typeof REPORT_STATES)[number];

const count = z.number().finite();
export const reportValueSchema = z.union([
  count,
  z.object({ numerator: count, denominator: count }).strict(),
  z.object({ items: z.array(z.string().max(64)).max(500) }).strict(),
]);
export type ReportValue = z.infer<typeof reportValueSchema>;

export const reportNotesSchema = z.object({
  difficulties: z.string().max(4000).default(''),
  recommendations: z.string().max(4000).default(''),
});

export const reportParamsSchema = z.object({
  code: z
    .string()
    .min(1)
    .max(32)
    .regex(/^[0-9A-Za-z-]+$/),
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'Kỳ báo cáo phải có dạng YYYY-MM / period must be YYYY-MM' }),
});

export const saveReportBodySchema = z.object({
  values: z.record(z.string().max(64), reportValueSchema.nullable()).refine((v) => Object.keys(v).length <= 100, 'too many values'),
  notes: reportNotesSchema.partial().optional(),
  /** Short explanations of values flagged as unusual, by KPI code. */
  explanations: z.record(z.string().max(64), z.string().max(1000)).optional(),
  version: z.number().int().min(0),
});
export type SaveReportBody = z.infer<typeof saveReportBodySchema>;

export const submitReportBodySchema = z.object({ version: z.number().int().min(0) });
export const returnReportBodySchema = z.object({
  comment: z.string().trim().min(3).max(2000),
  version: z.number().int().min(0).optional(),
});
export const reopenReportBodySchema = z.object({ reason: z.string().trim().min(3).max(2000) });

export const reportKpiSchema = z.object({
  code: z.string(),
  kind: z.enum(KPI_KINDS),
  ratioMode: z.enum(RATIO_MODES).nullable(),
  name: z.string(),
  nameEn: z.string(),
  unit: z.string(),
  unitEn: z.string(),
  items: z.array(z.object({ code: z.string(), name: z.string() })).optional(),
  /** Last month's own figure, so a typo stands out. */
  previous: reportValueSchema.nullable(),
  /** Running total up to last month (counts). */
  cumulative: z.number().nullable(),
});

/**
 * What a listed item of a reply says (a field's error, an import row's, an unusual figure's flag),
 * for a reader in either language: a stable `code` (snake_case) picks the sentence and `params`
 * fill its blanks; `message` says it in "tiếng Việt / English" for a reader that does not know the
 * code. A param is a number (the reader formats it; a name ending in `Percent` as a percentage),
 * a code or text as it is, or a name said in both languages (`{ vi, en }`, the reader takes one).
 */
export const bilingualNameSchema = z.object({ vi: z.string(), en: z.string() });
export type BilingualName = z.infer<typeof bilingualNameSchema>;
export const itemParamsSchema = z.record(z.string(), z.union([z.number(), z.string(), bilingualNameSchema]));
export type ItemParams = z.infer<typeof itemParamsSchema>;
export const codedItem = { code: z.string(), params: itemParamsSchema, message: z.string() };

export const reportFlagSchema = z.object({
  kpi: z.string(),
  ...codedItem,
  explanation: z.string().nullable(),
});

export const reportEventSchema = z.object({
  action: z.string(),
  from: z.string().nullable(),
  to: z.string(),
  actor: z.string().nullable(),
  /** The actor's full name, for "Nguyễn Văn A gửi lúc …". */
  actorName: z.string().nullable(),
  at: z.string(),
  comment: z.string().nullable(),
});

export const reportReplySchema = z.object({
  unit: unitRefSchema,
  period: z.string(),
  from: z.string(),
  to: z.string(),
  deadline: z.string(),
  lockAfter: z.string(),
  state: z.enum(REPORT_STATES),
  /** The caller may save and submit. */
  editable: z.boolean(),
  /** The caller may approve or return. */
  canDecide: z.boolean(),
  /** The caller may reopen an approved report. */
  canReopen: z.boolean(),
  /** The caller (its sender's unit) may take a submitted report back until the level above acts. */
  canRecall: z.boolean(),
  locked: z.boolean(),
  late: z.boolean().nullable(),
  version: z.number(),
  kpis: z.array(reportKpiSchema),
  values: z.record(z.string(), reportValueSchema),
  notes: z.object({ difficulties: z.string(), recommendations: z.string() }),
  flags: z.array(reportFlagSchema),
  submittedAt: z.string().nullable(),
  submittedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  updatedByName: z.string().nullable(),
  comment: z.string().nullable(),
  history: z.array(reportEventSchema),
  /**
   * The units directly below whose submitted reports still wait for a decision; listed for whoever
   * decides on this unit or on the units below it, empty for others.
   */
  waitingBelow: z.array(unitRefSchema),
});
export type ReportReply = z.infer<typeof reportReplySchema>;

/** Approve or return many reports below a unit at once; each one answers for itself. */
export const MAX_DECIDE_MANY = 1000;
export const approveManyBodySchema = z.object({ units: z.array(reportParamsSchema.shape.code).min(1).max(MAX_DECIDE_MANY) });
export const returnManyBodySchema = approveManyBodySchema.extend({ comment: returnReportBodySchema.shape.comment });
export const decideManyReplySchema = z.object({
  results: z.array(
    z.object({
      unit: z.string(),
      ok: z.boolean(),
      state: z.enum(REPORT_STATES).optional(),
      /** Why this one failed: the refusal's message, and its `code` and `details` as a reply's error carries them. */
      error: z.string().optional(),
      code: z.string().optional(),
      details: z.unknown().optional(),
    }),
  ),
});
export type DecideManyReply = z.infer<typeof decideManyReplySchema>;

/** A value refused by a rule: the KPI and the part of it (`value`, `numerator`, …; null for the whole). */
export const fieldErrorSchema = z.object({ kpi: z.string().nullable(), field: z.string().nullable(), ...codedItem });
export type FieldError = z.infer<typeof fieldErrorSchema>;

export const templateQuerySchema = z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') });
/** A report import: reports written, and unit rows left alone because they change nothing. */
export const importReplySchema = z.object({ imported: z.number(), skipped: z.number() });
export type ImportReply = z.infer<typeof importReplySchema>;
export const importErrorSchema = z.object({
  row: z.number(),
  unit: z.string().nullable(),
  kpi: z.string().nullable(),
  ...codedItem,
});
/** `details` of a refused import (422): the first errors, how many more, rows refused and rows unchanged. */
export const importRefusalSchema = z.object({
  errors: z.array(importErrorSchema),
  total: z.number(),
  omitted: z.number(),
  refused: z.number(),
  skipped: z.number(),
});
export type ImportRefusal = z.infer<typeof importRefusalSchema>;

export const lateQuerySchema = z.object({ period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) });
export const lateUnitSchema = unitRefSchema.extend({
  parentName: z.string().nullable(),
  state: z.enum(['not_started', 'draft', 'returned']),
  daysLate: z.number(),
  contacts: z.array(z.object({ username: z.string(), displayName: z.string(), role: z.string(), phone: z.string().nullable() })),
  /** The last reminder sent from the late list this period, if any (one an hour at most). */
  remindedAt: z.string().nullable(),
});
export const lateReplySchema = z.object({
  unit: unitRefSchema,
  period: z.string(),
  deadline: z.string(),
  total: z.number(),
  byLevel: z.array(z.object({ level: z.number(), count: z.number() })),
  units: z.array(lateUnitSchema),
});
export type LateReply = z.infer<typeof lateReplySchema>;
