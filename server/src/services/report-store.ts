/**
 * The rows of the report workflow: a unit's report of a period (`reports`) and its history
 * (`report_events`). Each write is one transition's; the caller runs it inside the transaction
 * that also moves the figures. Prepared once per connection: a submission reads and writes here
 * for every team of an import.
 */
import type { ReportReply, ReportState, ReportValue } from '@tiendo/shared';
import { and, asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { ormOf, type Sqlite } from '../db/client.ts';
import { reportEvents, reports, users } from '../db/schema.ts';

const ph = sql.placeholder;

/**
 * What the submitted basis held for a report before its submission (`reports.prior_submission`
 * while it waits): a recall puts exactly this back.
 */
export interface SubmissionSnapshot {
  state: ReportState;
  submittedAt: string | null;
  basis: Record<string, ReportValue>;
}

const updatedBy = alias(users, 'updated_by_user');
const submittedBy = alias(users, 'submitted_by_user');
const decidedBy = alias(users, 'decided_by_user');

const REPORT = {
  state: reports.state,
  submittedAt: reports.submittedAt,
  updatedAt: reports.updatedAt,
  draft: reports.draft,
  difficulties: reports.difficulties,
  recommendations: reports.recommendations,
  flags: reports.flags,
  version: reports.version,
  priorSubmission: reports.priorSubmission,
  updatedBy: updatedBy.username,
  updatedByName: updatedBy.displayName,
  submittedBy: submittedBy.username,
  submittedById: reports.submittedBy,
  decidedBy: decidedBy.username,
  decidedAt: reports.decidedAt,
  comment: reports.comment,
};

export type ReportRow = Omit<typeof reports.$inferSelect, 'unitId' | 'period' | 'updatedBy' | 'submittedBy' | 'decidedBy'> & {
  /** Usernames and names of who last changed, sent and decided it. */
  updatedBy: string | null;
  updatedByName: string | null;
  submittedBy: string | null;
  submittedById: number | null;
  decidedBy: string | null;
};

export interface DraftWrite {
  state: 'draft' | 'returned';
  draft: Record<string, ReportValue>;
  difficulties: string | null;
  recommendations: string | null;
  flags: Record<string, string>;
  version: number;
}

export class ReportStore {
  private readonly q;

  constructor(sqlite: Sqlite) {
    const orm = ormOf(sqlite);
    const key = and(eq(reports.unitId, ph('unit')), eq(reports.period, ph('period')));
    this.q = {
      row: orm
        .select(REPORT)
        .from(reports)
        .leftJoin(updatedBy, eq(updatedBy.id, reports.updatedBy))
        .leftJoin(submittedBy, eq(submittedBy.id, reports.submittedBy))
        .leftJoin(decidedBy, eq(decidedBy.id, reports.decidedBy))
        .where(key)
        .prepare(),
      history: orm
        .select({
          action: reportEvents.action,
          from: reportEvents.fromState,
          to: reportEvents.toState,
          actor: reportEvents.actor,
          actorName: users.displayName,
          at: reportEvents.at,
          comment: reportEvents.comment,
        })
        .from(reportEvents)
        .leftJoin(users, eq(users.id, reportEvents.actorId))
        .where(and(eq(reportEvents.unitId, ph('unit')), eq(reportEvents.period, ph('period'))))
        .orderBy(asc(reportEvents.id))
        .prepare(),
      waiting: orm
        .select({ unitId: reports.unitId })
        .from(reports)
        .where(and(eq(reports.period, ph('period')), eq(reports.state, 'submitted')))
        .prepare(),
      saveDraft: orm
        .insert(reports)
        .values({
          unitId: ph('unit'),
          period: ph('period'),
          state: ph('state') as never,
          updatedAt: ph('now'),
          draft: ph('draft'),
          difficulties: ph('difficulties'),
          recommendations: ph('recommendations'),
          flags: ph('flags'),
          version: ph('version'),
          updatedBy: ph('by'),
        })
        .onConflictDoUpdate({
          target: [reports.unitId, reports.period],
          set: {
            state: sql`excluded.state`,
            updatedAt: sql`excluded.updated_at`,
            draft: sql`excluded.draft`,
            difficulties: sql`excluded.difficulties`,
            recommendations: sql`excluded.recommendations`,
            flags: sql`excluded.flags`,
            version: sql`excluded.version`,
            updatedBy: sql`excluded.updated_by`,
          },
        })
        .prepare(),
      submit: orm
        .insert(reports)
        .values({
          unitId: ph('unit'),
          period: ph('period'),
          state: 'submitted',
          submittedAt: ph('now'),
          updatedAt: ph('now'),
          draft: null,
          flags: ph('flags'),
          version: 1,
          updatedBy: ph('by'),
          submittedBy: ph('by'),
          priorSubmission: ph('prior'),
        })
        .onConflictDoUpdate({
          target: [reports.unitId, reports.period],
          set: {
            state: 'submitted',
            // the first submission's time stands: a resubmission after a return is not "on time" anew
            submittedAt: sql`coalesce(${reports.submittedAt}, excluded.submitted_at)`,
            updatedAt: sql`excluded.updated_at`,
            draft: null,
            version: sql`${reports.version} + 1`,
            updatedBy: sql`excluded.updated_by`,
            submittedBy: sql`excluded.submitted_by`,
            comment: null,
            priorSubmission: sql`excluded.prior_submission`,
          },
        })
        .prepare(),
      recall: orm
        .update(reports)
        .set({
          state: 'draft',
          draft: sql`${ph('draft')}`,
          submittedAt: sql`${ph('submittedAt')}`,
          submittedBy: null,
          version: sql`${reports.version} + 1`,
          updatedAt: sql`${ph('now')}`,
          updatedBy: sql`${ph('by')}`,
          priorSubmission: null,
        })
        .where(key)
        .prepare(),
      decide: orm
        .update(reports)
        .set({
          state: sql`${ph('state')}`,
          decidedBy: sql`${ph('by')}`,
          decidedAt: sql`${ph('now')}`,
          comment: sql`${ph('comment')}`,
          draft: sql`${ph('draft')}`,
          version: sql`${reports.version} + 1`,
          updatedAt: sql`${ph('now')}`,
          priorSubmission: null,
        })
        .where(key)
        .prepare(),
      event: orm
        .insert(reportEvents)
        .values({
          unitId: ph('unit'),
          period: ph('period'),
          action: ph('action'),
          fromState: ph('from'),
          toState: ph('to'),
          actorId: ph('actorId'),
          actor: ph('actor'),
          at: ph('at'),
          comment: ph('comment'),
        })
        .prepare(),
    };
  }

  row(unitId: number, period: string): ReportRow | null {
    return this.q.row.get({ unit: unitId, period }) ?? null;
  }

  history(unitId: number, period: string): ReportReply['history'] {
    return this.q.history.all({ unit: unitId, period });
  }

  /** The units whose report of `period` waits for a decision. */
  waiting(period: string): Set<number> {
    return new Set(this.q.waiting.all({ period }).map((r) => r.unitId));
  }

  saveDraft(unitId: number, period: string, w: DraftWrite, by: number, now: string): void {
    this.q.saveDraft.run({
      unit: unitId,
      period,
      state: w.state,
      now,
      draft: JSON.stringify(w.draft),
      difficulties: w.difficulties,
      recommendations: w.recommendations,
      flags: JSON.stringify(w.flags),
      version: w.version,
      by,
    });
  }

  submit(unitId: number, period: string, flags: Record<string, string>, prior: SubmissionSnapshot, by: number, now: string): void {
    this.q.submit.run({ unit: unitId, period, now, flags: JSON.stringify(flags), by, prior: JSON.stringify(prior) });
  }

  /** The snapshot kept while the report waits; null when there is none (a report sent before it was kept). */
  prior(row: ReportRow): SubmissionSnapshot | null {
    return row.priorSubmission ? (JSON.parse(row.priorSubmission) as SubmissionSnapshot) : null;
  }

  recall(unitId: number, period: string, draft: Record<string, ReportValue>, submittedAt: string | null, by: number, now: string): void {
    this.q.recall.run({ unit: unitId, period, draft: JSON.stringify(draft), submittedAt, now, by });
  }

  decide(
    unitId: number,
    period: string,
    to: ReportState,
    comment: string | null,
    draft: Record<string, ReportValue> | null,
    by: number,
    now: string,
  ): void {
    this.q.decide.run({ unit: unitId, period, state: to, by, now, comment, draft: draft === null ? null : JSON.stringify(draft) });
  }

  event(
    unitId: number,
    period: string,
    e: { action: string; from: string | null; to: string; actor: { id: number; username: string }; comment: string | null },
    at: string,
  ): void {
    this.q.event.run({
      unit: unitId,
      period,
      action: e.action,
      from: e.from,
      to: e.to,
      actorId: e.actor.id,
      actor: e.actor.username,
      at,
      comment: e.comment,
    });
  }
}
