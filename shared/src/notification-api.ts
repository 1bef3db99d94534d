/** In-app notifications (the bell) and reminders from the late list. */
import { z } from 'zod';

export const NOTIFICATION_KINDS = [
  /** A report of the recipient's unit was returned (or reopened) with a comment. */
  'report_returned',
  /** The deadline is 3 days, then 1 day, away and the unit's report is not sent. */
  'deadline_near',
  /** A meeting assigned a task to the recipient's unit. */
  'task_assigned',
  /** Reports of the units below wait for the recipient's decision (a daily digest). */
  'reports_waiting',
  /** Every unit expected to report below the recipient's unit has sent the month's report. */
  'period_complete',
  /** Someone above chased the unit from the late list. */
  'late_reminder',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const notificationSchema = z.object({
  id: z.number(),
  kind: z.enum(NOTIFICATION_KINDS),
  message: z.string(),
  /** Where clicking the notification goes, an app path (`/report?unit=…&period=…`). */
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof notificationSchema>;

export const notificationsQuerySchema = z.object({
  unread: z.enum(['0', '1']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const notificationsReplySchema = z.object({
  /** Newest first, the caller's own only. */
  items: z.array(notificationSchema),
  /** What the bell shows, counted over all the caller's notifications, not only those listed. */
  unread: z.number(),
});
export type NotificationsReply = z.infer<typeof notificationsReplySchema>;

export const notificationIdParamsSchema = z.object({ id: z.coerce.number().int().positive() });

export const readAllReplySchema = z.object({ marked: z.number(), unread: z.number() });

/**
 * `POST /api/units/{code}/late/remind?period=`: one late unit, or every late unit of the list when
 * `units` is left out (the period is in the query, where the scope check reads it).
 */
export const remindLateBodySchema = z.object({
  units: z
    .array(
      z
        .string()
        .max(32)
        .regex(/^[0-9A-Za-z-]+$/),
    )
    .max(10_000)
    .optional(),
});
export type RemindLateBody = z.infer<typeof remindLateBodySchema>;

export const remindLateReplySchema = z.object({
  /** Units whose people were told now, with how many accounts were told. */
  reminded: z.array(z.object({ code: z.string(), name: z.string(), recipients: z.number() })),
  /** Units reminded within the last hour, left alone: when they were and when they may be again. */
  skipped: z.array(z.object({ code: z.string(), name: z.string(), remindedAt: z.string(), nextAt: z.string() })),
});
export type RemindLateReply = z.infer<typeof remindLateReplySchema>;

/** A unit is not reminded twice within this long: a reminder is a nudge, not a siren. */
export const REMIND_INTERVAL_MS = 60 * 60 * 1000;
