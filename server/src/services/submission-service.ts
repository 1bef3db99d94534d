/**
 * The monthly report of a unit: draft → submitted → approved, or returned with a comment →
 * resubmitted. Figures count on the dashboards from submission: submitting writes them through
 * the roll-up in the same transaction as the state change.
 */
import {
  addMonths,
  type DecideManyReply,
  type FieldError,
  formatNumberText,
  formatPeriodText,
  type ReportReply,
  type ReportState,
  type ReportValue,
  type SaveReportBody,
} from '@tiendo/shared';
import type { Sqlite } from '../db/client.ts';
import { AppError, ConflictError, ForbiddenError, ValidationError } from '../errors.ts';
import type { AuditService } from './audit-service.ts';
import type { Principal } from './auth-service.ts';
import {
  ancestorsAt,
  type CatalogService,
  childrenAt,
  isActiveKpi,
  isValidAt,
  type KpiDef,
  type UnitNode,
  unitAtView,
} from './catalog-service.ts';
import { bumpDataVersion } from './data-version.ts';
import type { FigureService } from './figure-service.ts';
import type { ReportTransition } from './notification-service.ts';
import { checkValue, comparable, type NormalizedValue, unusualMessage } from './report-rules.ts';
import type { FigureInput, RollupService } from './rollup-service.ts';
import { couldKnowUnit, isInScopeAt, unknownUnit } from './scope.ts';
import type { SettingsService } from './settings-service.ts';

interface ReportRow {
  state: Exclude<ReportState, 'not_started'>;
  submittedAt: string | null;
  updatedAt: string;
  draft: string | null;
  difficulties: string | null;
  recommendations: string | null;
  flags: string | null;
  version: number;
  updatedBy: string | null;
  updatedByName: string | null;
  submittedBy: string | null;
  submittedById: number | null;
  decidedBy: string | null;
  decidedAt: string | null;
  comment: string | null;
}

interface FigureRow {
  period: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  items: string | null;
}

export function toReportValue(kind: KpiDef['kind'], r: FigureRow): ReportValue {
  if (kind === 'ratio') return { numerator: r.numerator ?? 0, denominator: r.denominator ?? 0 };
  if (kind === 'checklist') return { items: r.items ? (JSON.parse(r.items) as string[]) : [] };
  return r.value ?? 0;
}

const PRIVILEGED = new Set(['secretariat', 'admin']);
const DECIDERS = new Set(['approver', 'secretariat', 'admin']);

export class SubmissionService {
  private readonly s;

  constructor(
    private readonly sqlite: Sqlite,
    private readonly catalog: CatalogService,
    private readonly rollups: RollupService,
    private readonly approvedRollups: RollupService,
    private readonly figures: FigureService,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
    private readonly today: () => string,
  ) {
    this.s = {
      ownAt: sqlite.prepare(
        'SELECT period, value, numerator, denominator, items FROM figures WHERE unit_id = ? AND kpi_id = ? AND period = ?',
      ),
      ownRecent: sqlite.prepare(
        `SELECT period, value, numerator, denominator, items FROM figures WHERE unit_id = ? AND kpi_id = ? AND period < ?
         ORDER BY period DESC LIMIT 12`,
      ),
      totalBefore: sqlite.prepare('SELECT SUM(value) FROM figures WHERE unit_id = ? AND kpi_id = ? AND period < ?').pluck(),
      submittedIn: sqlite.prepare(`SELECT unit_id FROM reports WHERE period = ? AND state = 'submitted'`).pluck(),
      lastSubmission: sqlite
        .prepare(`SELECT before FROM audit_log WHERE action = 'report.submit' AND unit_id = ? AND target = ? ORDER BY id DESC LIMIT 1`)
        .pluck(),
      rebuiltTotal: sqlite
        .prepare('SELECT cum_value FROM rollups WHERE unit_id = ? AND kpi_id = ? AND period < ? ORDER BY period DESC LIMIT 1')
        .pluck(),
    };
  }

  /**
   * A unit's own running total of a count before `period`; null when it has none. A unit created
   * by a reorganisation goes on from its rebuilt past, as the dashboards do (figure-service
   * rowsOf), so a rule comparing it with an aggregate running total compares like with like.
   */
  private totalBefore(unit: UnitNode, kpiId: number, period: string): number | null {
    const own = this.s.totalBefore.get(unit.id, kpiId, period) as number | null;
    const birth = unit.validFrom;
    const rebuilt = birth !== null && period >= birth ? (this.s.rebuiltTotal.get(unit.id, kpiId, birth) as number | undefined) : undefined;
    return rebuilt === undefined ? own : (own ?? 0) + rebuilt;
  }

  kpisOf(unit: UnitNode, period: string): KpiDef[] {
    return this.catalog.get().kpis.filter((k) => isActiveKpi(k, period) && k.reportLevels.includes(unit.level));
  }

  private row(unit: UnitNode, period: string): ReportRow | null {
    return (
      (this.sqlite
        .prepare(
          `SELECT r.state, r.submitted_at AS submittedAt, r.updated_at AS updatedAt, r.draft, r.difficulties, r.recommendations,
                  r.flags, r.version, ub.username AS updatedBy, ub.display_name AS updatedByName, sb.username AS submittedBy,
                  r.submitted_by AS submittedById, db.username AS decidedBy,
                  r.decided_at AS decidedAt, r.comment
           FROM reports r LEFT JOIN users ub ON ub.id = r.updated_by LEFT JOIN users sb ON sb.id = r.submitted_by
           LEFT JOIN users db ON db.id = r.decided_by
           WHERE r.unit_id = ? AND r.period = ?`,
        )
        .get(unit.id, period) as ReportRow | undefined) ?? null
    );
  }

  private ownRows(unit: UnitNode, kpi: KpiDef, before: string): FigureRow[] {
    return this.s.ownRecent.all(unit.id, kpi.id, before) as FigureRow[];
  }

  private storedValues(unit: UnitNode, kpis: KpiDef[], period: string): Record<string, ReportValue> {
    const out: Record<string, ReportValue> = {};
    for (const k of kpis) {
      const r = this.s.ownAt.get(unit.id, k.id, period) as FigureRow | undefined;
      if (r) out[k.code] = toReportValue(k.kind, r);
    }
    return out;
  }

  private currentValues(unit: UnitNode, kpis: KpiDef[], period: string, row: ReportRow | null): Record<string, ReportValue> {
    return row?.draft ? (JSON.parse(row.draft) as Record<string, ReportValue>) : this.storedValues(unit, kpis, period);
  }

  private access(p: Principal, unit: UnitNode, period: string, state: ReportState, sender: number | null = null) {
    const w = this.settings.window(period);
    const phase = this.settings.phase(period);
    const privileged = PRIVILEGED.has(p.role);
    // On the period's map: an account whose unit ended reads its past and changes nothing after it.
    const cat = this.catalog.get();
    const within = isInScopeAt(cat, p, unit, period);
    const below = unit.id !== p.unit.id && within;
    const homeAlive = isValidAt(p.unit, period);
    const enters =
      p.role === 'admin' ||
      (unit.id === p.unit.id && ['reporter', 'approver', 'secretariat'].includes(p.role)) ||
      (below && ['approver', 'secretariat'].includes(p.role));
    const locked = phase === 'closed';
    const open = phase !== 'upcoming' && period >= this.settings.programmeStart() && isValidAt(unit, period);
    const editable = enters && homeAlive && open && (!locked || privileged) && ['not_started', 'draft', 'returned'].includes(state);
    const canDecide = state === 'submitted' && (p.role === 'admin' || (homeAlive && below && ['approver', 'secretariat'].includes(p.role)));
    const canReopen = ['submitted', 'approved'].includes(state) && privileged && within;
    // Its sender's unit takes a report back while it waits: once the level above approves or
    // returns it, the state is no longer "submitted" and the decision stands.
    const sends = p.role === 'admin' || (enters && (p.id === sender || unit.id === p.unit.id));
    const canRecall = state === 'submitted' && sends && homeAlive && open && (!locked || privileged);
    return { w, locked, editable, canDecide, canReopen, canRecall, enters, open };
  }

  get(p: Principal, code: string, period: string): ReportReply {
    const unit = this.catalog.unitAt(code, period);
    const kpis = this.kpisOf(unit, period);
    const row = this.row(unit, period);
    const state: ReportState = row?.state ?? 'not_started';
    const a = this.access(p, unit, period, state, row?.submittedById ?? null);
    const values = this.currentValues(unit, kpis, period, row);
    const explanations = row?.flags ? (JSON.parse(row.flags) as Record<string, string>) : {};
    const prev = addMonths(period, -1);
    const events = this.sqlite
      .prepare(
        `SELECT e.action, e.from_state AS "from", e.to_state AS "to", e.actor, u.display_name AS actorName, e.at, e.comment
         FROM report_events e LEFT JOIN users u ON u.id = e.actor_id
         WHERE e.unit_id = ? AND e.period = ? ORDER BY e.id`,
      )
      .all(unit.id, period) as ReportReply['history'];
    return {
      unit: unitAtView(unit, period),
      period,
      from: a.w.from,
      to: a.w.to,
      deadline: a.w.deadline,
      lockAfter: a.w.lockAfter,
      state,
      editable: a.editable,
      canDecide: a.canDecide,
      canReopen: a.canReopen,
      canRecall: a.canRecall,
      locked: a.locked,
      late: row?.submittedAt ? row.submittedAt.slice(0, 10) > a.w.deadline : this.today() > a.w.deadline ? true : null,
      version: row?.version ?? 0,
      kpis: kpis.map((k) => {
        const history = this.ownRows(unit, k, period);
        const last = history[0]?.period === prev ? toReportValue(k.kind, history[0]) : null;
        const cumulative = k.kind === 'count' ? this.totalBefore(unit, k.id, period) : null;
        return {
          code: k.code,
          kind: k.kind,
          ratioMode: k.ratioMode,
          name: k.name,
          nameEn: k.nameEn,
          unit: k.unit,
          unitEn: k.unitEn,
          ...(k.kind === 'checklist'
            ? {
                items: k.items.filter((i) => i.retiredFrom === null || i.retiredFrom > period).map((i) => ({ code: i.code, name: i.name })),
              }
            : {}),
          previous: last,
          cumulative,
        };
      }),
      values,
      notes: { difficulties: row?.difficulties ?? '', recommendations: row?.recommendations ?? '' },
      flags: this.flagsFor(unit, kpis, period, values).map((f) => ({ ...f, explanation: explanations[f.kpi] ?? null })),
      submittedAt: row?.submittedAt ?? null,
      submittedBy: row?.submittedBy ?? null,
      decidedAt: row?.decidedAt ?? null,
      decidedBy: row?.decidedBy ?? null,
      updatedAt: row?.updatedAt ?? null,
      updatedBy: row?.updatedBy ?? null,
      updatedByName: row?.updatedByName ?? null,
      comment: row?.comment ?? null,
      history: events,
      // for whoever decides on this unit (warned before approving it) or on the units below (their worklist)
      waitingBelow: a.canDecide || (a.enters && DECIDERS.has(p.role)) ? this.waitingBelow(unit, period) : [],
    };
  }

  /** The units directly below whose submitted reports still wait for their own approver. */
  private waitingBelow(unit: UnitNode, period: string) {
    const children = childrenAt(this.catalog.get(), unit, period);
    if (children.length === 0) return [];
    const waiting = new Set(this.s.submittedIn.all(period) as number[]);
    return children.filter((c) => waiting.has(c.id)).map((c) => unitAtView(c, period));
  }

  /** Soft rule: values far from the unit's own recent months. */
  flagsFor(unit: UnitNode, kpis: KpiDef[], period: string, values: Record<string, ReportValue>): { kpi: string; message: string }[] {
    const out: { kpi: string; message: string }[] = [];
    for (const k of kpis) {
      const raw = values[k.code];
      if (raw === undefined || k.kind === 'checklist') continue;
      const { value } = checkValue(k, raw, period);
      const now = value ? comparable(value) : null;
      if (now === null) continue;
      const history = this.ownRows(unit, k, period)
        .reverse()
        .map((r) => comparable(normalize(k, r)))
        .filter((x): x is number => x !== null);
      const message = unusualMessage(history, now, k.kind === 'ratio');
      if (message) out.push({ kpi: k.code, message });
    }
    return out;
  }

  /** Hard rules over a whole set of values; `complete` also demands every KPI of the unit. */
  validate(unit: UnitNode, period: string, values: Record<string, ReportValue | null>, complete: boolean): Map<string, NormalizedValue> {
    const kpis = this.kpisOf(unit, period);
    const byCode = new Map(kpis.map((k) => [k.code, k]));
    const errors: FieldError[] = [];
    const ok = new Map<string, NormalizedValue>();
    for (const [code, raw] of Object.entries(values)) {
      const k = byCode.get(code);
      if (!k) {
        errors.push({
          kpi: code,
          field: null,
          // by name where the catalogue knows the code: people read "Dữ liệu CCCD…", not cccd_thu_nhan
          message: ((known) =>
            `Đơn vị này không báo cáo chỉ tiêu "${known?.name ?? code}" / this unit does not report "${known?.nameEn ?? code}"`)(
            this.catalog.get().kpisByCode.get(code),
          ),
        });
        continue;
      }
      if (raw === null) continue;
      const r = checkValue(k, raw, period);
      errors.push(...r.errors);
      if (r.value) ok.set(code, r.value);
    }
    if (complete) {
      for (const k of kpis)
        if (!ok.has(k.code) && !errors.some((e) => e.kpi === k.code))
          errors.push({ kpi: k.code, field: null, message: 'Chưa nhập / missing' });
    }
    // Running totals: e.g. applications processed may not exceed applications received.
    for (const k of kpis) {
      const v = ok.get(k.code);
      if (!k.atMost || v?.value === undefined) continue;
      const bound = this.catalog.get().kpisByCode.get(k.atMost);
      if (!bound) continue;
      const mine = (this.totalBefore(unit, k.id, period) ?? 0) + v.value;
      const fresh = ok.get(bound.code)?.value;
      const limit =
        fresh !== undefined
          ? (this.totalBefore(unit, bound.id, period) ?? 0) + fresh
          : (this.figures.figure(unit, bound, period).cumulative ?? 0);
      if (mine > limit) {
        errors.push({
          kpi: k.code,
          field: 'value',
          message: `Lũy kế (${formatNumberText(mine, 'vi')}) vượt lũy kế "${bound.name}" (${formatNumberText(limit, 'vi')}) / running total (${formatNumberText(mine, 'en')}) exceeds that of "${bound.nameEn}" (${formatNumberText(limit, 'en')})`,
        });
      }
    }
    if (errors.length) throw new ValidationError('Số liệu chưa hợp lệ / some figures are not valid', { errors });
    return ok;
  }

  private requireVersion(
    row: ReportRow | null,
    version: number,
    unit: UnitNode,
    period: string,
    incoming?: Record<string, ReportValue | null>,
  ) {
    const current = row?.version ?? 0;
    if (version === current) return;
    const kpis = this.kpisOf(unit, period);
    const theirs = this.currentValues(unit, kpis, period, row);
    const changes = incoming
      ? Object.keys({ ...theirs, ...incoming })
          .filter((k) => JSON.stringify(theirs[k] ?? null) !== JSON.stringify(incoming[k] ?? null))
          .map((k) => ({ kpi: k, yours: incoming[k] ?? null, theirs: theirs[k] ?? null }))
      : [];
    throw new ConflictError(
      `Báo cáo đã được ${row?.updatedBy ?? 'người khác'} sửa lúc ${row?.updatedAt ?? '?'}; hãy tải lại / the report was changed by ${row?.updatedBy ?? 'someone else'} at ${row?.updatedAt ?? '?'}; reload it`,
      {
        currentVersion: current,
        updatedBy: row?.updatedBy ?? null,
        updatedAt: row?.updatedAt ?? null,
        state: row?.state ?? 'not_started',
        changes,
      },
    );
  }

  /** Told of every transition inside its transaction (the notifications, wired by createServices). */
  onTransition: ((e: ReportTransition) => void) | null = null;

  private event(unit: UnitNode, period: string, action: string, from: string | null, to: string, p: Principal, comment: string | null) {
    // Report states show in breakdowns: cached replies must see the change.
    bumpDataVersion(this.sqlite, period);
    this.sqlite
      .prepare(
        'INSERT INTO report_events (unit_id, period, action, from_state, to_state, actor_id, actor, at, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(unit.id, period, action, from, to, p.id, p.username, new Date().toISOString(), comment);
    this.onTransition?.({ unit, period, action, to, comment, actor: p });
  }

  save(p: Principal, code: string, period: string, body: SaveReportBody, ip: string): ReportReply {
    const unit = this.catalog.unitAt(code, period);
    const row = this.row(unit, period);
    const state: ReportState = row?.state ?? 'not_started';
    const a = this.access(p, unit, period, state);
    if (!a.enters) throw new ForbiddenError('Bạn không được nhập số liệu cho đơn vị này / you may not enter figures for this unit');
    this.requireVersion(row, body.version, unit, period, body.values);
    if (!a.editable) throw this.whyNotEditable(a, state);
    const valid = this.validate(unit, period, body.values, false);
    const draft: Record<string, ReportValue> = {};
    for (const [k, v] of Object.entries(body.values)) if (v !== null && valid.has(k)) draft[k] = v;
    const explanations = { ...(row?.flags ? (JSON.parse(row.flags) as Record<string, string>) : {}), ...(body.explanations ?? {}) };
    for (const [k, v] of Object.entries(explanations)) if (!v.trim()) delete explanations[k];
    const now = new Date().toISOString();
    this.sqlite.transaction(() => {
      this.sqlite
        .prepare(
          `INSERT INTO reports (unit_id, period, state, updated_at, draft, difficulties, recommendations, flags, version, updated_by)
           VALUES (@unitId, @period, @state, @now, @draft, @difficulties, @recommendations, @flags, @version, @by)
           ON CONFLICT (unit_id, period) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at,
             draft = excluded.draft, difficulties = excluded.difficulties, recommendations = excluded.recommendations,
             flags = excluded.flags, version = excluded.version, updated_by = excluded.updated_by`,
        )
        .run({
          unitId: unit.id,
          period,
          state: state === 'returned' ? 'returned' : 'draft',
          now,
          draft: JSON.stringify(draft),
          difficulties: body.notes?.difficulties ?? row?.difficulties ?? null,
          recommendations: body.notes?.recommendations ?? row?.recommendations ?? null,
          flags: JSON.stringify(explanations),
          version: (row?.version ?? 0) + 1,
          by: p.id,
        });
      if (!row) this.event(unit, period, 'create', null, 'draft', p, null);
      this.audit.record({
        actor: p,
        action: 'report.save',
        unitId: unit.id,
        target: `${unit.code}/${period}`,
        before: row?.draft ? JSON.parse(row.draft) : null,
        after: draft,
        ip,
      });
    })();
    return this.get(p, code, period);
  }

  private whyNotEditable(a: ReturnType<SubmissionService['access']>, state: ReportState) {
    if (!a.open) return new ForbiddenError('Kỳ báo cáo chưa mở / this period is not open for reporting');
    if (a.locked)
      return new ForbiddenError('Kỳ báo cáo đã khóa; đề nghị Thường trực mở lại / the period is locked; ask the secretariat to reopen');
    return new ConflictError(`Báo cáo đang ở trạng thái "${state}", không sửa được / the report is ${state} and cannot be edited`);
  }

  submit(p: Principal, code: string, period: string, version: number, ip: string): ReportReply {
    const unit = this.catalog.unitAt(code, period);
    const row = this.row(unit, period);
    const state: ReportState = row?.state ?? 'not_started';
    const a = this.access(p, unit, period, state);
    if (!a.enters) throw new ForbiddenError('Bạn không được gửi báo cáo của đơn vị này / you may not submit this unit’s report');
    this.requireVersion(row, version, unit, period);
    if (!a.editable) throw this.whyNotEditable(a, state);
    const kpis = this.kpisOf(unit, period);
    const values = this.currentValues(unit, kpis, period, row);
    const valid = this.validate(unit, period, values, true);
    const explanations = row?.flags ? (JSON.parse(row.flags) as Record<string, string>) : {};
    const unexplained = this.flagsFor(unit, kpis, period, values).filter((f) => !explanations[f.kpi]);
    if (unexplained.length) {
      throw new ValidationError('Có số liệu bất thường cần giải trình / unusual figures need a short explanation', {
        errors: unexplained.map((f) => ({ kpi: f.kpi, field: 'explanation', message: f.message })),
      });
    }
    this.sqlite.transaction(() => {
      this.applySubmission(p, unit, period, kpis, valid, values, explanations, state, ip);
    })();
    return this.get(p, code, period);
  }

  /**
   * Writes a validated report through the roll-up and marks it submitted. Runs inside the
   * caller's transaction (one report, or every row of an import).
   */
  applySubmission(
    p: Principal,
    unit: UnitNode,
    period: string,
    kpis: KpiDef[],
    valid: Map<string, NormalizedValue>,
    values: Record<string, ReportValue>,
    explanations: Record<string, string>,
    state: ReportState,
    ip: string,
  ): void {
    const now = new Date().toISOString();
    const catalog = this.catalog.get();
    // What the submitted basis held for this report before: a recall puts exactly this back.
    const before: SubmissionSnapshot = {
      state,
      submittedAt: this.row(unit, period)?.submittedAt ?? null,
      basis: this.storedValues(unit, kpis, period),
    };
    this.rollups.applyFigures(
      catalog,
      kpis.map((kpi) => ({ unit, kpi, period, input: valid.get(kpi.code) ?? null })),
      p.id,
      now,
    );
    this.sqlite
      .prepare(
        `INSERT INTO reports (unit_id, period, state, submitted_at, updated_at, draft, flags, version, updated_by, submitted_by)
         VALUES (@unitId, @period, 'submitted', @now, @now, NULL, @flags, 1, @by, @by)
         ON CONFLICT (unit_id, period) DO UPDATE SET state = 'submitted', submitted_at = COALESCE(reports.submitted_at, excluded.submitted_at),
           updated_at = excluded.updated_at, draft = NULL, version = reports.version + 1, updated_by = excluded.updated_by,
           submitted_by = excluded.submitted_by, comment = NULL`,
      )
      .run({ unitId: unit.id, period, now, flags: JSON.stringify(explanations), by: p.id });
    this.event(unit, period, state === 'returned' ? 'resubmit' : 'submit', state === 'not_started' ? null : state, 'submitted', p, null);
    this.audit.record({ actor: p, action: 'report.submit', unitId: unit.id, target: `${unit.code}/${period}`, before, after: values, ip });
  }

  /**
   * The sender takes a submitted report back to draft before the level above acts on it. Its
   * figures leave the submitted basis as they came in: the basis gets back what it held before
   * that submission (nothing for a first submission, the earlier figures after a return), from
   * the snapshot the submission's audit entry keeps. A report submitted before snapshots were
   * kept is taken as a first submission. The approved basis never holds a submitted report.
   */
  recall(p: Principal, code: string, period: string, ip: string): ReportReply {
    const unit = this.catalog.unitAt(code, period);
    const row = this.row(unit, period);
    const state: ReportState = row?.state ?? 'not_started';
    const a = this.access(p, unit, period, state, row?.submittedById ?? null);
    if (!a.enters) throw new ForbiddenError('Bạn không được rút báo cáo của đơn vị này / you may not recall this unit’s report');
    if (!row || state !== 'submitted')
      throw new ConflictError(
        `Báo cáo đang ở trạng thái "${state}": chỉ rút lại được khi đang chờ duyệt / the report is ${state}: only a report waiting for review can be recalled`,
      );
    if (!a.canRecall) {
      if (!a.open || a.locked) throw this.whyNotEditable(a, state);
      throw new ForbiddenError(
        'Chỉ người gửi hoặc đơn vị gửi được rút lại báo cáo / only the sender or the sending unit may recall a report',
      );
    }
    const kpis = this.kpisOf(unit, period);
    const sent = this.storedValues(unit, kpis, period);
    const raw = this.s.lastSubmission.get(unit.id, `${unit.code}/${period}`) as string | null | undefined;
    const snap = raw ? (JSON.parse(raw) as Partial<SubmissionSnapshot> | null) : null;
    const basis = snap?.basis ?? {};
    const now = new Date().toISOString();
    const catalog = this.catalog.get();
    this.sqlite.transaction(() => {
      this.rollups.applyFigures(
        catalog,
        kpis.map((kpi) => {
          const v = basis[kpi.code];
          return { unit, kpi, period, input: v === undefined ? null : figureInputOf(v) };
        }),
        p.id,
        now,
      );
      this.sqlite
        .prepare(
          `UPDATE reports SET state = 'draft', draft = ?, submitted_at = ?, submitted_by = NULL, version = version + 1,
             updated_at = ?, updated_by = ? WHERE unit_id = ? AND period = ?`,
        )
        .run(JSON.stringify(sent), snap?.submittedAt ?? null, now, p.id, unit.id, period);
      this.event(unit, period, 'recall', 'submitted', 'draft', p, null);
      this.audit.record({
        actor: p,
        action: 'report.recall',
        unitId: unit.id,
        target: `${unit.code}/${period}`,
        before: { state: 'submitted', values: sent },
        after: { state: 'draft', basis },
        ip,
      });
    })();
    return this.get(p, code, period);
  }

  /**
   * Approve or return many reports below `code`: each one through `decide`, in its own
   * transaction and audit entry; a unit that is not below `code`, out of the caller's scope or
   * not waiting fails alone with its reason.
   */
  decideMany(
    p: Principal,
    code: string,
    period: string,
    decision: 'approve' | 'return',
    units: string[],
    comment: string | null,
    ip: string,
  ): DecideManyReply {
    const parent = this.catalog.unitAt(code, period);
    const cat = this.catalog.get();
    const results: DecideManyReply['results'] = [];
    for (const c of new Set(units)) {
      try {
        const unit = this.catalog.unitAt(c, period);
        if (!ancestorsAt(cat, unit, period).some((x) => x.id === parent.id)) {
          // A unit the caller cannot know of is answered as an unknown code (see couldKnowUnit).
          if (!couldKnowUnit(cat, p, unit)) throw unknownUnit(c);
          const [u, up] = [unitAtView(unit, period), unitAtView(parent, period)];
          const [name, parentName] = [`${u.name} (${u.code})`, `${up.name} (${up.code})`];
          throw new ForbiddenError(
            `${name} không trực thuộc ${parentName} ${formatPeriodText(period, 'vi')} / ${name} is not below ${parentName} in ${formatPeriodText(period, 'en')}`,
          );
        }
        const r = this.decide(p, c, period, decision, comment, ip);
        results.push({ unit: c, ok: true, state: r.state });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        results.push({ unit: c, ok: false, error: err.message });
      }
    }
    return { results };
  }

  /** Why the caller cannot enter this unit's report for the period, or null. */
  entryProblem(p: Principal, unit: UnitNode, period: string): string | null {
    const state: ReportState = this.row(unit, period)?.state ?? 'not_started';
    const a = this.access(p, unit, period, state);
    if (!a.enters) return 'Bạn không được nhập số liệu cho đơn vị này / you may not enter figures for this unit';
    return a.editable ? null : this.whyNotEditable(a, state).message;
  }

  stateOf(unit: UnitNode, period: string): ReportState {
    return this.row(unit, period)?.state ?? 'not_started';
  }

  currentValuesOf(unit: UnitNode, period: string): Record<string, ReportValue> {
    return this.currentValues(unit, this.kpisOf(unit, period), period, this.row(unit, period));
  }

  decide(
    p: Principal,
    code: string,
    period: string,
    decision: 'approve' | 'return' | 'reopen',
    comment: string | null,
    ip: string,
  ): ReportReply {
    const unit = this.catalog.unitAt(code, period);
    const row = this.row(unit, period);
    const state: ReportState = row?.state ?? 'not_started';
    const a = this.access(p, unit, period, state);
    const allowed = decision === 'reopen' ? a.canReopen : a.canDecide;
    if (!allowed) {
      if (decision === 'reopen' && !PRIVILEGED.has(p.role))
        throw new ForbiddenError('Chỉ Thường trực được mở lại báo cáo / only the secretariat may reopen a report');
      // A submitted report the caller may not decide on is a matter of rights (e.g. a successor unit
      // on a report from before it existed: that period's level above decides), not of state.
      if (
        decision !== 'reopen' &&
        (state === 'submitted' || unit.id === p.unit.id || !['approver', 'secretariat', 'admin'].includes(p.role))
      ) {
        throw new ForbiddenError('Bạn không được duyệt báo cáo này / you may not approve or return this report');
      }
      throw new ConflictError(`Báo cáo đang ở trạng thái "${state}" / the report is ${state}`);
    }
    const to = decision === 'approve' ? 'approved' : 'returned';
    const kpis = this.kpisOf(unit, period);
    // Returned or reopened: the draft starts from the figures that were submitted.
    const draft = to === 'returned' ? JSON.stringify(this.storedValues(unit, kpis, period)) : null;
    const now = new Date().toISOString();
    this.sqlite.transaction(() => {
      this.sqlite
        .prepare(
          `UPDATE reports SET state = ?, decided_by = ?, decided_at = ?, comment = ?, draft = ?, version = version + 1, updated_at = ?
           WHERE unit_id = ? AND period = ?`,
        )
        .run(to, p.id, now, comment, draft, now, unit.id, period);
      // A report that leaves "approved" (the secretariat reopens it) leaves the approved-only
      // roll-up in the same transaction: that basis counts exactly the reports approved now.
      if (state === 'approved' && to !== 'approved') {
        const catalog = this.catalog.get();
        const kpiIds = this.sqlite
          .prepare(`SELECT kpi_id FROM ${this.approvedRollups.t.figures} WHERE unit_id = ? AND period = ?`)
          .pluck()
          .all(unit.id, period) as number[];
        for (const id of kpiIds) {
          const k = catalog.kpisById.get(id);
          if (k) this.approvedRollups.applyFigure(catalog, unit, k, period, null, p.id, now);
        }
      }
      // Approval copies the figures as they stand into the approved-only roll-up.
      if (decision === 'approve') {
        const now = new Date().toISOString();
        const catalog = this.catalog.get();
        for (const k of kpis) {
          const own = this.s.ownAt.get(unit.id, k.id, period) as
            | { value: number | null; numerator: number | null; denominator: number | null; items: string | null }
            | undefined;
          this.approvedRollups.applyFigure(
            catalog,
            unit,
            k,
            period,
            own
              ? {
                  value: own.value,
                  numerator: own.numerator,
                  denominator: own.denominator,
                  items: own.items ? (JSON.parse(own.items) as string[]) : null,
                }
              : null,
            p.id,
            now,
          );
        }
      }
      this.event(unit, period, decision, state, to, p, comment);
      this.audit.record({
        actor: p,
        action: `report.${decision}`,
        unitId: unit.id,
        target: `${unit.code}/${period}`,
        before: { state },
        after: { state: to, comment },
        ip,
      });
    })();
    return this.get(p, code, period);
  }
}

/** What a submission's audit entry keeps of the state before it (see `recall`). */
interface SubmissionSnapshot {
  state: ReportState;
  submittedAt: string | null;
  basis: Record<string, ReportValue>;
}

function figureInputOf(v: ReportValue): FigureInput {
  if (typeof v === 'number') return { value: v };
  if ('numerator' in v) return { numerator: v.numerator, denominator: v.denominator };
  return { items: v.items };
}

function normalize(k: KpiDef, r: FigureRow): NormalizedValue {
  if (k.kind === 'ratio') return { numerator: r.numerator ?? 0, denominator: r.denominator ?? 0 };
  return { value: r.value ?? 0 };
}
