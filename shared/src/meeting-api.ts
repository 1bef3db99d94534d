/**
 * What the monthly meeting runs on besides the figures: the proposals (kiến nghị) units send up
 * the tree and the answers they get, and the conclusions of a meeting (Thông báo kết luận) with
 * the tasks it assigns to units and the progress each unit reports on them.
 */
import { z } from 'zod';
import { kpiCodeSchema, periodSchema, unitCodeSchema, unitRefSchema } from './api.ts';

const dateSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'Ngày phải có dạng YYYY-MM-DD / date must be YYYY-MM-DD' });
const text = (max: number) => z.string().trim().min(3, { message: 'Nội dung quá ngắn / text too short' }).max(max);

// ——— proposals ———

/** `open`: waiting for an answer (from `waitingOn`, which moves up when forwarded). */
export const PROPOSAL_STATES = ['open', 'answered', 'closed'] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];
export const PROPOSAL_ACTIONS = ['raised', 'forwarded', 'answered', 'closed'] as const;

export const proposalEventSchema = z.object({
  action: z.enum(PROPOSAL_ACTIONS),
  /** The unit on whose behalf it was done (the raising unit, or the unit answering or forwarding). */
  unit: unitRefSchema,
  by: z.string(),
  at: z.string(),
  text: z.string().nullable(),
});

export const proposalSchema = z.object({
  id: z.number(),
  /** The unit that raised it, as it was then. */
  unit: unitRefSchema,
  /** The report period it was raised in. */
  period: z.string(),
  text: z.string(),
  raisedAt: z.string(),
  raisedBy: z.string(),
  state: z.enum(PROPOSAL_STATES),
  /** The unit that must answer now; null once answered or closed. */
  waitingOn: unitRefSchema.nullable(),
  /** Whole days from raising to the answer or closing, or to today while open. */
  ageDays: z.number(),
  answer: z.object({ text: z.string(), unit: unitRefSchema, by: z.string(), at: z.string() }).nullable(),
  events: z.array(proposalEventSchema),
});
export type Proposal = z.infer<typeof proposalSchema>;

export const proposalsQuerySchema = z.object({
  /** The period whose map names the unit (default: the open period). */
  period: periodSchema.optional(),
  /** `open` (default): only those still waiting; `all`: every one. */
  state: z.enum(['open', 'all']).default('open'),
});

export const proposalsReplySchema = z.object({
  unit: unitRefSchema,
  /** Raised by this unit, newest first. */
  raised: z.array(proposalSchema),
  /** Raised below this unit and waiting for this unit's answer (or already answered by it, with `state=all`), oldest first. */
  waiting: z.array(proposalSchema),
});
export type ProposalsReply = z.infer<typeof proposalsReplySchema>;

export const raiseProposalBodySchema = z.object({ period: periodSchema, text: text(2000) });
export const proposalIdParamsSchema = z.object({ id: z.coerce.number().int().positive() });
export const answerProposalBodySchema = z.object({ text: text(2000) });
export const forwardProposalBodySchema = z.object({ text: z.string().trim().max(2000).optional() });
export const closeProposalBodySchema = z.object({ text: z.string().trim().max(2000).optional() });

// ——— conclusions and tasks ———

export const TASK_STATUSES = ['not_started', 'in_progress', 'done', 'blocked'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const taskAssigneeSchema = z.object({
  unit: unitRefSchema,
  status: z.enum(TASK_STATUSES),
  /** The note of the latest progress report (required for in progress and blocked). */
  note: z.string().nullable(),
  /** The report period the latest progress was given in. */
  period: z.string().nullable(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  /** Past its deadline and not done. */
  overdue: z.boolean(),
});
export type TaskAssignee = z.infer<typeof taskAssigneeSchema>;

export const taskSchema = z.object({
  id: z.number(),
  conclusionId: z.number(),
  /** The committee whose meeting assigned it. */
  from: unitRefSchema,
  /** The period of that meeting. */
  meetingPeriod: z.string(),
  content: z.string(),
  deadline: z.string(),
  kpi: z.string().nullable(),
  assignees: z.array(taskAssigneeSchema),
  /** `done` once every unit in charge is done; `blocked` if any is; else the furthest along. */
  status: z.enum(TASK_STATUSES),
  overdue: z.boolean(),
});
export type Task = z.infer<typeof taskSchema>;

export const conclusionSchema = z.object({
  id: z.number(),
  unit: unitRefSchema,
  /** The period the meeting reviewed. */
  period: z.string(),
  meetingDate: z.string(),
  /** `Số: 05/TB-BCĐ06`, numbered per unit and year. */
  number: z.string(),
  summary: z.string(),
  recordedAt: z.string(),
  recordedBy: z.string(),
  tasks: z.array(taskSchema),
});
export type Conclusion = z.infer<typeof conclusionSchema>;

export const conclusionsQuerySchema = z.object({ period: periodSchema.optional() });
export const conclusionsReplySchema = z.object({ unit: unitRefSchema, conclusions: z.array(conclusionSchema) });
export type ConclusionsReply = z.infer<typeof conclusionsReplySchema>;

export const newTaskSchema = z.object({
  content: text(2000),
  deadline: dateSchema,
  /** Codes of the units in charge, on the map of the meeting's period; any unit in scope. */
  units: z.array(unitCodeSchema).min(1).max(200),
  kpi: kpiCodeSchema.optional(),
});
export const recordConclusionBodySchema = z.object({
  period: periodSchema,
  meetingDate: dateSchema,
  summary: z.string().trim().max(8000).default(''),
  tasks: z.array(newTaskSchema).min(1).max(100),
});
export type RecordConclusionBody = z.infer<typeof recordConclusionBodySchema>;

export const tasksQuerySchema = z.object({ period: periodSchema.optional() });
export const tasksReplySchema = z.object({
  unit: unitRefSchema,
  period: z.string(),
  /**
   * Tasks this unit is in charge of: assigned at meetings before `period`, still open then or done
   * in it (with this unit's progress only).
   */
  assigned: z.array(taskSchema),
  /** Tasks this unit's own meetings assigned, in the same window, with every unit's progress. */
  issued: z.array(taskSchema),
});
export type TasksReply = z.infer<typeof tasksReplySchema>;

export const taskParamsSchema = z.object({ code: unitCodeSchema, id: z.coerce.number().int().positive() });
export const taskProgressBodySchema = z
  .object({
    period: periodSchema,
    status: z.enum(['in_progress', 'done', 'blocked']),
    note: z.string().trim().max(2000).default(''),
  })
  .refine((b) => b.status === 'done' || b.note.length >= 3, {
    message: 'Cần ghi rõ tiến độ hoặc lý do vướng mắc / say how it is going or why it is blocked',
    path: ['note'],
  });
