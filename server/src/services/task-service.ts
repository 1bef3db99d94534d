/**
 * The conclusions of a meeting (Thông báo kết luận) and the tasks they assign: the secretariat
 * records them after the meeting on a period; each unit in charge reports progress on its tasks in
 * its following monthly reports (done, in progress with a note, blocked with a reason); the next
 * meeting starts from what is done and what is overdue.
 *
 * Longer than 300 lines on purpose: recording a meeting and reading its tasks back share the reply
 * builders and the period rules (a task's status as of a period), which would otherwise be split
 * across two services that must agree.
 */
import {
  type Conclusion,
  type ConclusionsReply,
  formatDateText,
  formatPeriodText,
  type RecordConclusionBody,
  type Task,
  type TaskAssignee,
  type TaskStatus,
  type TasksReply,
} from '@tiendo/shared';
import { and, asc, desc, eq, inArray, lt, max, sql } from 'drizzle-orm';
import { keptUntilCommit } from '../db/change-token.ts';
import { ormOf, type Sqlite } from '../db/client.ts';
import { conclusions, taskAssignees, taskProgress, tasks } from '../db/schema.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import { actorOf } from './admin-user-service.ts';
import type { AuditService } from './audit-service.ts';
import type { Principal } from './auth-service.ts';
import { type Catalog, type CatalogService, isWithinAt, type UnitNode, unitAtView, unitByCodeAt } from './catalog-service.ts';
import { homeUnits, isInScopeAt, mayAt } from './scope.ts';
import type { SettingsService } from './settings-service.ts';

type TaskRow = typeof tasks.$inferSelect;
type ConclusionRow = typeof conclusions.$inferSelect;
type ProgressRow = typeof taskProgress.$inferSelect;

/** `Số: 5/TB-BCĐ06`: a committee's notice of conclusions. */
export function conclusionNumber(n: number): string {
  return `${n}/TB-BCĐ06`;
}

/** A task's overall status from its units': done when all are, blocked if any is, else the furthest along. */
export function overallStatus(statuses: readonly TaskStatus[]): TaskStatus {
  if (statuses.length > 0 && statuses.every((s) => s === 'done')) return 'done';
  if (statuses.includes('blocked')) return 'blocked';
  if (statuses.some((s) => s === 'in_progress' || s === 'done')) return 'in_progress';
  return 'not_started';
}

export class TaskService {
  private readonly orm;
  /** Told of the tasks a meeting assigns, inside the recording transaction (the notifications, wired by createServices). */
  onAssigned: ((period: string, number: string, tasks: { content: string; deadline: string | null; units: UnitNode[] }[]) => void) | null =
    null;

  constructor(
    private readonly sqlite: Sqlite,
    private readonly catalog: CatalogService,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
    private readonly today: () => string,
  ) {
    this.orm = ormOf(sqlite);
    this.tasksMemo = keptUntilCommit(sqlite);
  }

  /**
   * Replies of `tasksOf`, kept until the next commit (this process's or another's): every
   * dashboard asks for them, and many more often than anything is written. Inside a
   * transaction nothing is kept.
   */
  private readonly tasksMemo: (key: string, compute: () => TasksReply) => TasksReply;

  // ——— recording ———

  /** Records the conclusions of the unit's meeting on `period`, with the tasks it assigned. */
  record(p: Principal, code: string, body: RecordConclusionBody, ip: string | null): Conclusion {
    const { period } = body;
    const unit = this.catalog.unitAt(code, period);
    const cat = this.catalog.get();
    if (!mayAt(cat, p, 'conclusions.record', unit, period)) {
      throw new ForbiddenError(`Chỉ thư ký của "${unit.name}" được ghi kết luận / only the secretariat records conclusions for ${code}`);
    }
    if (unit.level >= 4) throw new ValidationError(`"${unit.name}" không có Ban Chỉ đạo họp giao ban / ${code} holds no meetings`);
    if (this.settings.phase(period) === 'upcoming') {
      throw new ValidationError(`Kỳ ${period} chưa bắt đầu / period ${period} has not started`);
    }
    if (body.meetingDate < `${period}-01`) {
      throw new ValidationError(
        `Ngày họp ${formatDateText(body.meetingDate, 'vi')} là trước ${formatPeriodText(period, 'vi')} / the meeting cannot be before its period`,
      );
    }
    // Units in charge: named on the map of the meeting's period, below (or at) the committee.
    const resolved = body.tasks.map((t, i) => {
      const units = t.units.map((c) => {
        const u = unitByCodeAt(cat, c, period);
        if (!u)
          throw new ValidationError(
            `Nhiệm vụ ${i + 1}: không có đơn vị "${c}" trong ${formatPeriodText(period, 'vi')} / task ${i + 1}: no unit ${c} in ${formatPeriodText(period, 'en')}`,
          );
        if (!isWithinAt(cat, unit, u, period) || !isInScopeAt(cat, p, u, period)) {
          throw new ValidationError(
            `Nhiệm vụ ${i + 1}: "${u.name}" (${c}) không thuộc ${unit.name} / task ${i + 1}: ${c} is not under ${code}`,
          );
        }
        return u;
      });
      if (new Set(units.map((u) => u.id)).size !== units.length) {
        throw new ValidationError(`Nhiệm vụ ${i + 1}: một đơn vị được giao hai lần / task ${i + 1}: a unit is named twice`);
      }
      const kpiId = t.kpi === undefined ? null : this.catalog.kpi(t.kpi).id;
      return { ...t, units, kpiId };
    });
    const year = Number(body.meetingDate.slice(0, 4));
    const now = new Date().toISOString();
    const id = this.sqlite.transaction(() => {
      const last = this.orm
        .select({ n: max(conclusions.number) })
        .from(conclusions)
        .where(and(eq(conclusions.unitId, unit.id), eq(conclusions.year, year)))
        .get();
      const number = (last?.n ?? 0) + 1;
      const row = this.orm
        .insert(conclusions)
        .values({
          unitId: unit.id,
          period,
          meetingDate: body.meetingDate,
          year,
          number,
          summary: body.summary,
          recordedAt: now,
          recordedBy: p.displayName,
        })
        .returning({ id: conclusions.id })
        .get();
      resolved.forEach((t, i) => {
        const task = this.orm
          .insert(tasks)
          .values({ conclusionId: row.id, content: t.content, deadline: t.deadline, kpiId: t.kpiId, sortOrder: i })
          .returning({ id: tasks.id })
          .get();
        this.orm
          .insert(taskAssignees)
          .values(t.units.map((u) => ({ taskId: task.id, unitId: u.id })))
          .run();
      });
      this.audit.record({
        actor: actorOf(p),
        action: 'conclusion.record',
        unitId: unit.id,
        target: `${code}/${period}`,
        after: {
          id: row.id,
          number: conclusionNumber(number),
          meetingDate: body.meetingDate,
          tasks: resolved.map((t) => ({ content: t.content, deadline: t.deadline, units: t.units.map((u) => u.code), kpi: t.kpi ?? null })),
        },
        ip,
      });
      this.onAssigned?.(period, conclusionNumber(number), resolved);
      return row.id;
    })();
    return this.conclusion(id);
  }

  /** A unit in charge reports how a task is going, in a report period after the meeting. */
  progress(
    p: Principal,
    code: string,
    taskId: number,
    body: { period: string; status: 'in_progress' | 'done' | 'blocked'; note: string },
    ip: string | null,
  ): Task {
    const { period } = body;
    const unit = this.catalog.unitAt(code, period);
    const cat = this.catalog.get();
    if (!mayAt(cat, p, 'task.progress', unit, period)) {
      throw new ForbiddenError(`Bạn không báo cáo thay "${unit.name}" / you may not report for ${code}`);
    }
    const task = this.orm.select().from(tasks).where(eq(tasks.id, taskId)).get();
    if (!task) throw new NotFoundError(`Không có nhiệm vụ #${taskId} / no task #${taskId}`);
    const selves = homeUnits(cat, unit).map((u) => u.id);
    const mine = this.orm
      .select({ unitId: taskAssignees.unitId })
      .from(taskAssignees)
      .where(and(eq(taskAssignees.taskId, taskId), inArray(taskAssignees.unitId, selves)))
      .get();
    if (!mine) throw new ForbiddenError(`Nhiệm vụ #${taskId} không giao cho ${unit.name} / task #${taskId} is not assigned to ${code}`);
    const meeting = this.orm.select().from(conclusions).where(eq(conclusions.id, task.conclusionId)).get() as ConclusionRow;
    if (period <= meeting.period) {
      throw new ValidationError(
        `Tiến độ được báo cáo từ kỳ sau phiên họp (${meeting.period}) / progress is reported from the period after the meeting's (${meeting.period})`,
      );
    }
    if (this.settings.phase(period) !== 'open') {
      throw new ValidationError(
        `Kỳ ${period} không mở để báo cáo / period ${period} is not open for reports`,
        { period },
        'period_not_open',
      );
    }
    const now = new Date().toISOString();
    this.sqlite.transaction(() => {
      this.orm
        .insert(taskProgress)
        .values({ taskId, unitId: mine.unitId, period, status: body.status, note: body.note, at: now, by: p.displayName })
        .run();
      this.audit.record({
        actor: actorOf(p),
        action: 'task.progress',
        unitId: unit.id,
        target: `task/${taskId}`,
        after: { period, status: body.status, note: body.note },
        ip,
      });
    })();
    const [reply] = this.tasksReply([task], period, cat, new Set(selves));
    return reply as Task;
  }

  // ——— reading ———

  conclusion(id: number): Conclusion {
    const row = this.orm.select().from(conclusions).where(eq(conclusions.id, id)).get();
    if (!row) throw new NotFoundError(`Không có thông báo kết luận #${id} / no conclusions #${id}`);
    return this.conclusionReply(row, this.catalog.get());
  }

  /** The number and meeting date of notices by id (without their tasks). */
  notices(ids: number[]): { id: number; number: string; meetingDate: string }[] {
    if (ids.length === 0) return [];
    return this.orm
      .select({ id: conclusions.id, number: conclusions.number, meetingDate: conclusions.meetingDate })
      .from(conclusions)
      .where(inArray(conclusions.id, [...new Set(ids)]))
      .orderBy(desc(conclusions.meetingDate), desc(conclusions.id))
      .all()
      .map((c) => ({ ...c, number: conclusionNumber(c.number) }));
  }

  /** A unit's recorded conclusions, newest first; of one period when given. */
  conclusions(code: string, period?: string): ConclusionsReply {
    const at = period ?? this.settings.currentPeriod();
    const unit = this.catalog.unitAt(code, at);
    const cat = this.catalog.get();
    const selves = homeUnits(cat, unit).map((u) => u.id);
    const rows = this.orm
      .select()
      .from(conclusions)
      .where(period ? and(inArray(conclusions.unitId, selves), eq(conclusions.period, period)) : inArray(conclusions.unitId, selves))
      .orderBy(desc(conclusions.period), desc(conclusions.id))
      .all();
    return { unit: unitAtView(unit, at), conclusions: rows.map((r) => this.conclusionReply(r, cat)) };
  }

  /**
   * The tasks a unit is in charge of, and those its meetings assigned, as they stand in `period`:
   * assigned at meetings before it, still open then or done in it.
   */
  tasksOf(code: string, period?: string): TasksReply {
    const at = period ?? this.settings.currentPeriod();
    // "overdue" is judged on today: a new day asks again
    const key = `${code}\u0000${at}\u0000${this.today()}`;
    return this.tasksMemo(key, () => this.computeTasksOf(code, at));
  }

  private computeTasksOf(code: string, at: string): TasksReply {
    const unit = this.catalog.unitAt(code, at);
    const cat = this.catalog.get();
    const selves = new Set(homeUnits(cat, unit).map((u) => u.id));
    const assignedIds = this.orm
      .select({ id: taskAssignees.taskId })
      .from(taskAssignees)
      .innerJoin(tasks, eq(tasks.id, taskAssignees.taskId))
      .innerJoin(conclusions, eq(conclusions.id, tasks.conclusionId))
      .where(and(inArray(taskAssignees.unitId, [...selves]), lt(conclusions.period, at)))
      .all()
      .map((r) => r.id);
    const assignedRows = this.taskRows(assignedIds);
    const issuedRows = this.orm
      .select({ t: tasks })
      .from(tasks)
      .innerJoin(conclusions, eq(conclusions.id, tasks.conclusionId))
      .where(and(inArray(conclusions.unitId, [...selves]), lt(conclusions.period, at)))
      .orderBy(asc(conclusions.period), asc(tasks.conclusionId), asc(tasks.sortOrder))
      .all()
      .map((r) => r.t);
    // Still open in the period, or done in it: what the form and the meeting go through.
    const current = (t: Task) => t.assignees.some((a) => a.status !== 'done' || a.period === at);
    return {
      unit: unitAtView(unit, at),
      period: at,
      assigned: this.tasksReply(assignedRows, at, cat, selves).filter(current),
      issued: this.tasksReply(issuedRows, at, cat).filter(current),
    };
  }

  // ——— helpers ———

  private taskRows(ids: number[]): TaskRow[] {
    if (ids.length === 0) return [];
    return this.orm
      .select({ t: tasks })
      .from(tasks)
      .innerJoin(conclusions, eq(conclusions.id, tasks.conclusionId))
      .where(inArray(tasks.id, [...new Set(ids)]))
      .orderBy(asc(tasks.deadline), asc(conclusions.period), asc(tasks.sortOrder))
      .all()
      .map((r) => r.t);
  }

  /** The date "overdue" is judged on: today, or the end of a past period's window. */
  private asOf(period: string): string {
    const today = this.today();
    if (period >= this.settings.currentPeriod()) return today;
    const end = this.settings.window(period).to;
    return end < today ? end : today;
  }

  /** Tasks with their units' progress as of `period` (only the units in `only` when given). */
  private tasksReply(rows: TaskRow[], period: string, cat: Catalog, only?: Set<number>): Task[] {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const meetings = new Map(
      this.orm
        .select()
        .from(conclusions)
        .where(inArray(conclusions.id, [...new Set(rows.map((r) => r.conclusionId))]))
        .all()
        .map((c) => [c.id, c]),
    );
    // In the order the meeting named them (insertion order).
    const assignees = this.orm.select().from(taskAssignees).where(inArray(taskAssignees.taskId, ids)).orderBy(sql`rowid`).all();
    const progress = this.orm
      .select()
      .from(taskProgress)
      .where(inArray(taskProgress.taskId, ids))
      .orderBy(asc(taskProgress.id))
      .all()
      .filter((r) => r.period <= period);
    const latest = new Map<string, ProgressRow>();
    for (const r of progress) latest.set(`${r.taskId}:${r.unitId}`, r);
    const asOf = this.asOf(period);
    const kpiCode = new Map(cat.kpis.map((k) => [k.id, k.code]));
    return rows.map((t) => {
      const meeting = meetings.get(t.conclusionId) as ConclusionRow;
      const mine = assignees.filter((a) => a.taskId === t.id && (!only || only.has(a.unitId)));
      const list: TaskAssignee[] = mine.map((a) => {
        const last = latest.get(`${t.id}:${a.unitId}`);
        const status: TaskStatus = last?.status ?? 'not_started';
        return {
          unit: unitAtView(cat.units.get(a.unitId) as UnitNode, period),
          status,
          note: last?.note || null,
          period: last?.period ?? null,
          updatedAt: last?.at ?? null,
          updatedBy: last?.by ?? null,
          overdue: status !== 'done' && t.deadline < asOf,
        };
      });
      const status = overallStatus(list.map((a) => a.status));
      return {
        id: t.id,
        conclusionId: t.conclusionId,
        from: unitAtView(cat.units.get(meeting.unitId) as UnitNode, meeting.period),
        meetingPeriod: meeting.period,
        content: t.content,
        deadline: t.deadline,
        kpi: t.kpiId === null ? null : (kpiCode.get(t.kpiId) ?? null),
        assignees: list,
        status,
        overdue: list.some((a) => a.overdue),
      };
    });
  }

  private conclusionReply(row: ConclusionRow, cat: Catalog): Conclusion {
    const rows = this.orm.select().from(tasks).where(eq(tasks.conclusionId, row.id)).orderBy(asc(tasks.sortOrder)).all();
    const now = this.settings.currentPeriod();
    return {
      id: row.id,
      unit: unitAtView(cat.units.get(row.unitId) as UnitNode, row.period),
      period: row.period,
      meetingDate: row.meetingDate,
      number: conclusionNumber(row.number),
      summary: row.summary,
      recordedAt: row.recordedAt,
      recordedBy: row.recordedBy,
      tasks: this.tasksReply(rows, now > row.period ? now : row.period, cat),
    };
  }
}
