/** Accounts, sessions and tokens: the contract between the server and the SPA. */
import { z } from 'zod';
import { kpisReplySchema, periodsReplySchema, unitRefSchema } from './api.ts';

export const ROLES = ['reporter', 'approver', 'leader', 'secretariat', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const usernameSchema = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9._-]+$/, { message: 'Tên đăng nhập chỉ gồm a-z, 0-9, ".", "_", "-" / username: a-z, 0-9, ".", "_", "-" only' });

export const loginBodySchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const userSchema = z.object({
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  /** The account's unit, with its life: an account whose unit ended reads its past only. */
  unit: unitRefSchema.extend({ validFrom: z.string().nullable().optional(), validTo: z.string().nullable().optional() }),
  active: z.boolean(),
  mustChangePassword: z.boolean(),
});
export type User = z.infer<typeof userSchema>;

/** Reply of POST /api/auth/login and GET /api/me: send `csrfToken` as `x-csrf-token` on every write. */
export const meReplySchema = z.object({
  user: userSchema,
  csrfToken: z.string(),
  mustChangePassword: z.boolean(),
  /** The account's unit is the top of today's map (no unit above it, not ended): see administersProgramme. */
  atTop: z.boolean(),
});
export type MeReply = z.infer<typeof meReplySchema>;

/**
 * Reply of GET /api/auth/session: who is looking, asked before sign-in too. Signed out is an
 * answer (200), not an error, so the login page opens without a failed request.
 */
/**
 * What every page needs before its first request, sent with the session (and the sign-in) so
 * the SPA asks for the unit, its figures and its panels at once, one step after it. Absent while
 * the account must still replace a one-time password.
 */
export const sessionCatalogSchema = z.object({
  periods: periodsReplySchema,
  kpis: kpisReplySchema,
  /** The server's date in Hà Nội (YYYY-MM-DD): deadlines count their days from it. */
  today: z.string(),
});
export type SessionCatalog = z.infer<typeof sessionCatalogSchema>;

/** The reply of a sign-in: who, and the catalogue. */
export const signedInReplySchema = meReplySchema.extend({ catalog: sessionCatalogSchema.optional() });
export type SignedInReply = z.infer<typeof signedInReplySchema>;

export const sessionReplySchema = z.discriminatedUnion('state', [
  signedInReplySchema.extend({ state: z.literal('signed-in') }),
  z.object({ state: z.literal('signed-out') }),
]);
export type SessionReply = z.infer<typeof sessionReplySchema>;

export const changePasswordBodySchema = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

export const tokenCreateBodySchema = z.object({ name: z.string().trim().min(1).max(100) });
export const tokenCreatedSchema = z.object({ id: z.number(), name: z.string(), token: z.string() });
export const tokenSchema = z.object({
  id: z.number(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export const tokensReplySchema = z.array(tokenSchema);

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * GET /api/audit: the log, newest first, filtered by who (`actor`, or `user` as before), what
 * (`action`: a code, or a family as `report.*`), about which unit (its subtree), which reporting
 * period, and between two dates of Hà Nội (inclusive). Paged by `cursor` (the `nextCursor` of the
 * page before: stable while new entries arrive) or, as before, by `offset`.
 */
export const auditQuerySchema = z.object({
  unit: z.string().max(32).optional(),
  actor: z.string().max(64).optional(),
  user: z.string().max(64).optional(),
  action: z
    .string()
    .max(64)
    .regex(/^[a-z_]+(\.[a-z_]+)*(\.\*)?$/)
    .optional(),
  period: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type AuditLogQuery = z.infer<typeof auditQuerySchema>;
export const auditEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  actor: z.string().nullable(),
  /** The account's display name, where the account still exists. */
  actorName: z.string().nullable(),
  action: z.string(),
  unit: z.string().nullable(),
  unitName: z.string().nullable(),
  target: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  ip: z.string().nullable(),
});
export type AuditLogEntry = z.infer<typeof auditEntrySchema>;
export const auditReplySchema = z.object({
  total: z.number(),
  entries: z.array(auditEntrySchema),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.number().nullable(),
});
export type AuditLogReply = z.infer<typeof auditReplySchema>;
