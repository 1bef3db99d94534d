/**
 * Issued meeting reports: the monthly report of a unit as the secretariat issued it to the
 * meeting, with its number, issue date and signer, kept byte for byte; and who signs for a unit.
 * ("Report" in `/reports/{period}` stays the monthly workflow of a unit's figures.)
 */
import { z } from 'zod';
import { figureSchema, figuresReplySchema, periodSchema, unitCodeSchema, unitRefSchema } from './api.ts';
import { REPORT_FORMATS, type ReportFormat } from './report-formats.ts';

/** An issued report is kept in every format the monthly report is built in. */
export const MEETING_REPORT_FORMATS = REPORT_FORMATS;
export type MeetingReportFormat = ReportFormat;
export const REPORT_LANGS = ['vi', 'en'] as const;

const signerText = (what: string) =>
  z
    .string()
    .trim()
    .min(2, { message: `${what} quá ngắn / too short` })
    .max(120, { message: `${what} quá dài / too long` })
    .refine((s) => !/[\r\n]/.test(s), { message: `${what}: một dòng / one line` });

/** "PHÓ TRƯỞNG BAN" / "Nguyễn Văn A": printed under "TM. BAN CHỈ ĐẠO" as typed. */
export const signerBodySchema = z.object({ title: signerText('Chức vụ'), name: signerText('Họ tên') });
export type SignerBody = z.infer<typeof signerBodySchema>;

export const signerSchema = z.object({ title: z.string(), name: z.string() });
export type Signer = z.infer<typeof signerSchema>;

export const signerReplySchema = z.object({
  unit: unitRefSchema,
  /** Null until the secretariat sets one: a meeting report cannot be issued without it. */
  signer: signerSchema.extend({ updatedAt: z.string(), updatedBy: z.string().nullable() }).nullable(),
});
export type SignerReply = z.infer<typeof signerReplySchema>;

export const meetingReportIssueBodySchema = z.object({
  period: periodSchema,
  lang: z.enum(REPORT_LANGS).default('vi'),
});
export type MeetingReportIssueBody = z.input<typeof meetingReportIssueBodySchema>;

export const meetingReportSchema = z.object({
  id: z.number().int(),
  /** The number within the unit's year of issue: `Số: 12/BC-BCĐ06`. */
  number: z.number().int(),
  year: z.number().int(),
  /** The number as printed: `12/BC-BCĐ06`. */
  reference: z.string(),
  period: z.string(),
  /** When it was issued (an instant, UTC). */
  issuedAt: z.string(),
  /** The date printed in the place-and-date line, `YYYY-MM-DD` (the app's today in Hà Nội). */
  issueDate: z.string(),
  issuedBy: z.string(),
  lang: z.enum(REPORT_LANGS),
  signer: signerSchema,
  /** The id of the report that re-issued this period, if any: the old one is kept, never edited. */
  replacedBy: z.number().int().nullable(),
  sha256: z.object({ pdf: z.string(), docx: z.string(), xlsx: z.string() }),
});
export type MeetingReport = z.infer<typeof meetingReportSchema>;
export const meetingReportsReplySchema = z.array(meetingReportSchema);

export const meetingReportsQuerySchema = z.object({ period: periodSchema.optional() });
export const meetingReportParamsSchema = z.object({
  code: unitCodeSchema,
  id: z.coerce
    .number()
    .int()
    .min(1)
    .max(2 ** 31),
});
export const meetingReportFileQuerySchema = z.object({
  format: z.enum(MEETING_REPORT_FORMATS).default('pdf'),
  /** Only to name a unit whose code meant something else today (the report's own period). */
  period: periodSchema.optional(),
});

export const MEETING_REPORT_FIELDS = ['value', 'cumulative', 'target', 'status'] as const;

/** A KPI whose figure now differs from the one presented. */
export const meetingReportChangeSchema = z.object({
  kpi: z.string(),
  fields: z.array(z.enum(MEETING_REPORT_FIELDS)),
  presented: figureSchema.nullable(),
  current: figureSchema.nullable(),
});
export type MeetingReportChange = z.infer<typeof meetingReportChangeSchema>;

/** A step of the monthly workflow in the unit's subtree, for the report's period, after its issue. */
export const meetingReportEventSchema = z.object({
  unit: z.object({ code: z.string(), name: z.string() }),
  action: z.string(),
  from: z.string().nullable(),
  to: z.string(),
  actor: z.string().nullable(),
  at: z.string(),
});
export type MeetingReportEvent = z.infer<typeof meetingReportEventSchema>;

export const meetingReportChangesReplySchema = z.object({
  report: meetingReportSchema,
  /** The unit's figures as presented (the figures reply at issue time). */
  presented: figuresReplySchema,
  changed: z.array(meetingReportChangeSchema),
  /** The latest events first, at most a short page; `eventsTotal` counts them all. */
  events: z.array(meetingReportEventSchema),
  eventsTotal: z.number().int(),
});
export type MeetingReportChangesReply = z.infer<typeof meetingReportChangesReplySchema>;
