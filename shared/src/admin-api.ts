/**
 * Administration from the browser: accounts, the KPI catalogue, targets and the reporting
 * calendar. The server validates with these schemas and the SPA infers its types from them.
 * The messages here are bilingual ("tiếng Việt / English") for callers other than the SPA: its
 * forms check with these schemas but say their own words, and a refusal that reaches it is read
 * by the issue's code (`details.issues[].code`), the message only a fallback.
 *
 * Kept as one file because its four parts (accounts, KPI catalogue, targets, calendar; marked
 * `———` below) share the paging, "something to change", reason and range helpers at its top.
 */
import { z } from 'zod';
import { kpiCodeSchema, kpiSchema, periodSchema, unitCodeSchema, unitRefSchema } from './api.ts';
import { ROLES, usernameSchema, userSchema } from './auth-api.ts';
import { emailSchema, optionalContact, phoneSchema } from './contact.ts';
import { KPI_KINDS, RATIO_MODES } from './kpi.ts';
import { codedItem } from './report-api.ts';

// The role rules (rank, what a tier takes) live with the other permissions: ./permissions.ts.

const page = z.coerce.number().int().min(1).max(100_000).default(1);
const pageSize = z.coerce.number().int().min(1).max(200).default(50);
const search = z.string().trim().max(100).optional();

/** One page of a list: how many there are in all, which page, and its rows under `key`. */
const paged = <K extends string, T extends z.ZodType>(key: K, row: T) =>
  z.object({ total: z.number(), page: z.number(), pageSize: z.number() }).extend({ [key]: z.array(row) } as { [P in K]: z.ZodArray<T> });

/** A PATCH must change something: a body of only absent fields is refused. */
const somethingToChange = <T extends z.ZodObject>(body: T) =>
  body.refine((b) => Object.values(b).some((v) => v !== undefined), {
    message: 'Không có gì để thay đổi / nothing to change',
  });

/** A reason written for the record (a correction, a one-off change): 5 to 500 characters. */
const reasonSchema = (tooShort: string) =>
  z.string().trim().min(5, { message: tooShort }).max(500, { message: 'Lý do tối đa 500 ký tự / the reason is at most 500 characters' });

/** A whole number in a range, with one message for either side of it. */
const intBetween = (min: number, max: number, message: string) => z.number().int().min(min, { message }).max(max, { message });

// ——— accounts ———

export const USER_STATES = ['active', 'disabled', 'pending'] as const;
export type UserState = (typeof USER_STATES)[number];

export const usersQuerySchema = z.object({
  /** The unit and everything below it. */
  unit: unitCodeSchema.optional(),
  role: z.enum(ROLES).optional(),
  /** `pending`: must still replace a one-time password. */
  state: z.enum(USER_STATES).optional(),
  q: search,
  page,
  pageSize,
});
export type UsersQuery = z.infer<typeof usersQuerySchema>;

export const adminUserSchema = userSchema.extend({
  /** National form (`0912345678`); whom to call when the unit is late. */
  phone: z.string().nullable(),
  email: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AdminUser = z.infer<typeof adminUserSchema>;

export const usersReplySchema = paged('users', adminUserSchema);
export type UsersReply = z.infer<typeof usersReplySchema>;

export const displayNameSchema = z
  .string()
  .trim()
  .min(1, { message: 'Cần nhập họ tên / a display name is required' })
  .max(120, { message: 'Họ tên tối đa 120 ký tự / at most 120 characters' });

export const userCreateBodySchema = z.object({
  username: usernameSchema,
  displayName: displayNameSchema,
  unit: unitCodeSchema,
  role: z.enum(ROLES),
  /** Optional; empty means none. Stored in national form. */
  phone: optionalContact(phoneSchema),
  email: optionalContact(emailSchema),
});
export type UserCreateBody = z.infer<typeof userCreateBodySchema>;

export const userCreatedSchema = z.object({ user: adminUserSchema, temporaryPassword: z.string() });
export type UserCreated = z.infer<typeof userCreatedSchema>;

export const userPatchBodySchema = somethingToChange(
  z.object({
    displayName: displayNameSchema.optional(),
    unit: unitCodeSchema.optional(),
    role: z.enum(ROLES).optional(),
    active: z.boolean().optional(),
    /** null (or empty) clears it. */
    phone: optionalContact(phoneSchema),
    email: optionalContact(emailSchema),
  }),
);
export type UserPatchBody = z.infer<typeof userPatchBodySchema>;

export const usernameParamsSchema = z.object({ username: z.string().min(1).max(64) });

export const passwordResetReplySchema = z.object({ temporaryPassword: z.string() });

/**
 * `POST /api/admin/users/import`: the columns of an accounts file, by code (row 1), with the
 * label row of the template (row 2, optional) that people read. Codes stay the key.
 */
export const USER_IMPORT_COLUMNS = [
  { code: 'username', vi: 'Tên đăng nhập', en: 'Username', required: true },
  { code: 'full_name', vi: 'Họ tên', en: 'Full name', required: true },
  { code: 'unit_code', vi: 'Mã đơn vị', en: 'Unit code', required: true },
  { code: 'role', vi: 'Vai trò', en: 'Role', required: true },
  { code: 'phone', vi: 'Số điện thoại', en: 'Phone', required: false },
  { code: 'email', vi: 'Email', en: 'E-mail', required: false },
] as const;
export type UserImportColumn = (typeof USER_IMPORT_COLUMNS)[number]['code'];

/** One refused row (1-based, as the spreadsheet numbers it) and, where it is one cell, its column. */
export const userImportErrorSchema = z.object({ row: z.number(), column: z.string().nullable(), ...codedItem });
export type UserImportError = z.infer<typeof userImportErrorSchema>;

/** The accounts created, each with its one-time password: in this reply only, never stored in clear. */
export const userImportReplySchema = z.object({
  created: z.number(),
  accounts: z.array(
    z.object({
      row: z.number(),
      username: z.string(),
      displayName: z.string(),
      unit: z.object({ code: z.string(), name: z.string() }),
      role: z.enum(ROLES),
      phone: z.string().nullable(),
      email: z.string().nullable(),
      temporaryPassword: z.string(),
    }),
  ),
});
export type UserImportReply = z.infer<typeof userImportReplySchema>;

// ——— units for pickers ———

export const unitsQuerySchema = z.object({
  /** Direct children of this unit. */
  parent: unitCodeSchema.optional(),
  /** Part of the name or the start of the code; accents optional. */
  q: search,
  level: z.coerce.number().int().min(1).max(20).optional(),
  /** Include units that no longer exist (merged or abolished). */
  all: z.enum(['true', 'false']).optional(),
  page,
  pageSize,
});
export const unitListItemSchema = unitRefSchema.extend({
  parent: unitRefSchema.nullable(),
  validTo: z.string().nullable(),
  children: z.number(),
});
export type UnitListItem = z.infer<typeof unitListItemSchema>;
export const unitsReplySchema = paged('units', unitListItemSchema);
export type UnitsReply = z.infer<typeof unitsReplySchema>;

// ——— KPI catalogue ———

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, { message: 'Không được để trống / must not be empty' })
    .max(max, { message: `Tối đa ${max} ký tự / at most ${max} characters` });

export const kpiItemDetailSchema = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  lead: z.string().nullable(),
  order: z.number(),
  retiredFrom: z.string().nullable(),
});
export type KpiItemDetail = z.infer<typeof kpiItemDetailSchema>;

export const kpiDetailSchema = kpiSchema.omit({ items: true }).extend({
  retiredFrom: z.string().nullable(),
  /** Figures exist: the kind and ratio mode can no longer change. */
  hasFigures: z.boolean(),
  items: z.array(kpiItemDetailSchema),
});
export type KpiDetail = z.infer<typeof kpiDetailSchema>;

export const itemCodeSchema = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[a-z0-9_]+$/, { message: 'Mã mục chỉ gồm a-z, 0-9, "_" / item code: a-z, 0-9, "_" only' });

/** An item edit: an existing code is renamed, reordered or retired; a new or missing code adds one. */
/** Where a KPI or an item stands in its list. */
const orderSchema = z.number().int().min(0).max(10_000);

export const kpiItemInputSchema = z.object({
  code: itemCodeSchema.optional(),
  name: text(300),
  nameEn: z.string().trim().max(300).nullable().optional(),
  lead: z.string().trim().max(200).nullable().optional(),
  order: orderSchema.optional(),
  retiredFrom: periodSchema.nullable().optional(),
});
export type KpiItemInput = z.infer<typeof kpiItemInputSchema>;

const levelsSchema = z
  .array(z.number().int().min(1).max(20))
  .min(1, { message: 'Chọn ít nhất một cấp báo cáo / choose at least one reporting level' })
  .max(20);

/** What a KPI is, as created and as changed: a change names only the fields it changes. */
const kpiFields = z.object({
  name: text(300),
  nameEn: text(300),
  unit: text(50),
  unitEn: text(50),
  kind: z.enum(KPI_KINDS),
  ratioMode: z.enum(RATIO_MODES).nullable().optional(),
  reportLevels: levelsSchema,
  higherIsBetter: z.boolean(),
  group: z.string().min(1).max(64),
  order: orderSchema.optional(),
  items: z.array(kpiItemInputSchema).max(500).optional(),
});

export const kpiCreateBodySchema = kpiFields.extend({ code: kpiCodeSchema, higherIsBetter: z.boolean().default(true) });
export type KpiCreateBody = z.infer<typeof kpiCreateBodySchema>;

export const kpiPatchBodySchema = somethingToChange(
  kpiFields.partial().extend({
    /** First period the KPI is no longer asked for; null brings it back. */
    retiredFrom: periodSchema.nullable().optional(),
  }),
);
export type KpiPatchBody = z.infer<typeof kpiPatchBodySchema>;

export const kpiCodeParamsSchema = z.object({ code: kpiCodeSchema });

// ——— targets ———

const targetScope = {
  unit: unitCodeSchema.optional(),
  level: z.number().int().min(1).max(20).optional(),
};
const oneScope = (t: { unit?: string; level?: number }) => (t.unit === undefined) !== (t.level === undefined);
const oneScopeMessage = {
  message: 'Mỗi mục tiêu dành cho một đơn vị hoặc một cấp, không cả hai / a target is for one unit or one level, not both',
};
const targetValue = z.number().finite().min(-1e12).max(1e12);

/**
 * One target of the list `PUT /api/kpis/{code}/targets` sets: it holds from `from` (default: the
 * open period) on. A past period is never changed this way, only by a correction.
 */
export const targetInputSchema = z
  .object({ ...targetScope, value: targetValue, deadline: periodSchema, from: periodSchema.optional() })
  .refine(oneScope, oneScopeMessage);
export type TargetInput = z.infer<typeof targetInputSchema>;
export const targetsPutBodySchema = z.array(targetInputSchema).max(1000);

/** `POST /api/kpis/{code}/targets/corrections`: the target of one past period, with the reason. */
export const targetCorrectionBodySchema = z
  .object({
    period: periodSchema,
    ...targetScope,
    value: targetValue,
    deadline: periodSchema,
    reason: reasonSchema('Cần nêu lý do sửa (ít nhất 5 ký tự) / a correction needs a reason (at least 5 characters)'),
  })
  .refine(oneScope, oneScopeMessage);
export type TargetCorrectionBody = z.infer<typeof targetCorrectionBodySchema>;

/** A target in force at the open period. */
export const targetSchema = z.object({
  id: z.number(),
  unit: unitRefSchema.nullable(),
  level: z.number().nullable(),
  value: z.number(),
  deadline: z.string(),
  /** First period it holds for; null = since the programme began. */
  from: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
});
export type Target = z.infer<typeof targetSchema>;

/** Every target row ever written, as the history shows it. On a removal, the value and deadline are those that ended. */
export const targetHistoryEntrySchema = targetSchema.extend({
  /** Last period it decided; null while it still holds. */
  to: z.string().nullable(),
  /** From `from` on the unit or tier has no target of its own. */
  removed: z.boolean(),
  /** A correction of the one period `from` (= `to`). */
  correction: z.boolean(),
  /** Entered again for the same start (or the same corrected period) later: it never applied. */
  superseded: z.boolean(),
  reason: z.string().nullable(),
});
export type TargetHistoryEntry = z.infer<typeof targetHistoryEntrySchema>;

export const targetsReplySchema = z.object({
  kpi: z.string(),
  /** The open period: changes apply from it on by default, and no earlier except by a correction. */
  open: z.string(),
  current: z.array(targetSchema),
  /** By unit or tier (tiers first), then by start, oldest first. */
  history: z.array(targetHistoryEntrySchema),
});
export type TargetsReply = z.infer<typeof targetsReplySchema>;

// ——— reporting calendar ———

/** The three settings of a period: cut-off day, submission deadline and grace days. */
export const reportingValuesSchema = z.object({
  cutoffDay: intBetween(1, 28, 'Ngày chốt số liệu từ 1 đến 28 / the cut-off day is 1 to 28'),
  deadlineDays: intBetween(0, 60, 'Hạn nộp từ 0 đến 60 ngày / the deadline is 0 to 60 days'),
  graceDays: intBetween(0, 60, 'Thời gian gia hạn từ 0 đến 60 ngày / grace is 0 to 60 days'),
});

export const calendarReasonSchema = reasonSchema('Cần nêu lý do (ít nhất 5 ký tự) / give the reason (at least 5 characters)');

/**
 * `PUT /api/settings/reporting`. Three kinds of change:
 * - from a period on (`from`, default the open period; never before it);
 * - a one-off for one period (`oneOff`, `period`, `reason`), e.g. the deadline extended over Tết;
 * - a correction of one past period (`correction`, `from`, `reason`), shown as such in the history.
 */
export const reportingSettingsBodySchema = reportingValuesSchema
  .extend({
    from: periodSchema.optional(),
    oneOff: z.boolean().optional(),
    period: periodSchema.optional(),
    correction: z.boolean().optional(),
    reason: calendarReasonSchema.optional(),
  })
  .superRefine((b, ctx) => {
    const issue = (message: string, path: string) => ctx.addIssue({ code: 'custom', message, path: [path] });
    if (b.oneOff) {
      if (b.period === undefined) issue('Chọn kỳ được thay đổi riêng / a one-off change names its period', 'period');
      if (b.reason === undefined) issue('Thay đổi riêng một kỳ cần lý do / a one-off change needs a reason', 'reason');
      if (b.from !== undefined || b.correction) {
        issue('Thay đổi riêng một kỳ chỉ dùng "period" / a one-off change takes "period" only, not "from" or a correction', 'from');
      }
    } else if (b.period !== undefined) {
      issue('"period" chỉ dùng cho thay đổi riêng một kỳ / "period" is for a one-off change', 'period');
    }
    if (b.correction) {
      if (b.from === undefined) issue('Đính chính cần kỳ được đính chính ("from") / a correction names its period in "from"', 'from');
      if (b.reason === undefined) issue('Đính chính cần lý do / a correction needs a reason', 'reason');
    }
  });
export type ReportingSettingsBody = z.infer<typeof reportingSettingsBodySchema>;

/** One row of the calendar, as its history shows it. */
export const calendarEntrySchema = reportingValuesSchema.extend({
  id: z.number(),
  /** First period it holds for; null = since the programme began. */
  from: z.string().nullable(),
  /** Last period it holds for: its own for a one-off or correction; null while open-ended. */
  to: z.string().nullable(),
  oneOff: z.boolean(),
  correction: z.boolean(),
  reason: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  /** A later row for the same start (or the same one period) that replaced this one. */
  replacedBy: z.number().nullable(),
});
export type CalendarEntry = z.infer<typeof calendarEntrySchema>;

/** A period opened ahead of its first day (from the audit log). */
export const periodOpeningSchema = z.object({
  period: z.string(),
  /** What had been opened before (null: nothing). */
  before: z.string().nullable(),
  by: z.string().nullable(),
  at: z.string(),
});
export type PeriodOpening = z.infer<typeof periodOpeningSchema>;

/** The settings in force at the open period, and the calendar's history (newest first). */
export const reportingSettingsReplySchema = reportingValuesSchema.extend({
  /** The period open today: the one these settings are for, and the default `from` of a change. */
  period: z.string(),
  /** Periods up to this one were opened ahead of their first day; null when none was. */
  openedThrough: z.string().nullable(),
  history: z.array(calendarEntrySchema),
  openings: z.array(periodOpeningSchema),
});
export type ReportingSettingsReply = z.infer<typeof reportingSettingsReplySchema>;

/** Opens the given period (the next upcoming one when omitted) before its first day. */
export const openPeriodBodySchema = z.object({ period: periodSchema.optional() });
