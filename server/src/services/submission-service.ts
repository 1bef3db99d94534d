/**
 * The monthly report of a unit, moved through its workflow (report-workflow.ts): saved as a
 * draft, submitted, recalled by its sender, approved or returned by the level above, reopened by
 * the secretariat. Figures count on the dashboards from submission: each transition writes its
 * figures through the roll-up in the same transaction as the state change, and counts on the
 * approved-only basis from approval. The rules live elsewhere (report-workflow.ts, -access,
 * -validation, -store); what stays here is one method per transition, kept together so that
 * each transaction reads top to bottom (a little over 300 lines).
 */
import type { Basis, DecideManyReply, ReportReply, ReportState, ReportValue, SaveReportBody } from '@tiendo/shared';
import type { Sqlite } from '../db/client.ts';
import { type AppError, ValidationError } from '../errors.ts';
import type { AuditService } from './audit-service.ts';
import type { Principal } from './auth-service.ts';
import { type CatalogService, childrenAt, type KpiDef, type UnitNode, unitAtView } from './catalog-service.ts';
import { bumpDataVersion } from './data-version.ts';
import { decideMany } from './decide-many.ts';
import type { FigureService } from './figure-service.ts';
import type { ReportTransition } from './notification-service.ts';
import { figureInputOf, OwnFigures } from './own-figures.ts';
import { ReportAccess } from './report-access.ts';
import { staleVersionError } from './report-refusals.ts';
import { reportReply } from './report-reply.ts';
import type { NormalizedValue } from './report-rules.ts';
import { type ReportRow, ReportStore, type SubmissionSnapshot } from './report-store.ts';
import { ReportValidation } from './report-validation.ts';
import { nextState } from './report-workflow.ts';
import type { FigureChange, RollupService } from './rollup-service.ts';
import type { SettingsService } from './settings-service.ts';

export interface SubmissionDeps {
  sqlite: Sqlite;
  catalog: CatalogService;
  /** The roll-ups of both bases (the basis is a parameter of each write). */
  rollups: RollupService;
  figures: FigureService;
  settings: SettingsService;
  audit: AuditService;
  today: () => string;
}

/** A validated report ready to be written as submitted (one report, or one row of an import). */
export interface Submission {
  kpis: readonly KpiDef[];
  valid: Map<string, NormalizedValue>;
  values: Record<string, ReportValue>;
  explanations: Record<string, string>;
  /** The state it leaves. */
  state: ReportState;
}

export class SubmissionService {
  readonly own: OwnFigures;
  readonly validation: ReportValidation;
  private readonly store: ReportStore;
  private readonly access: ReportAccess;

  /** Told of every transition inside its transaction (the notifications, wired by createServices). */
  onTransition: ((e: ReportTransition) => void) | null = null;

  constructor(private readonly d: SubmissionDeps) {
    this.own = new OwnFigures(d.sqlite);
    this.store = new ReportStore(d.sqlite);
    this.access = new ReportAccess(d);
    this.validation = new ReportValidation({ catalog: d.catalog, own: this.own, figures: d.figures });
  }

  kpisOf(unit: UnitNode, period: string): KpiDef[] {
    return this.validation.kpisOf(unit, period);
  }

  stateOf(unit: UnitNode, period: string): ReportState {
    return this.store.row(unit.id, period)?.state ?? 'not_started';
  }

  currentValuesOf(unit: UnitNode, period: string): Record<string, ReportValue> {
    return this.currentValues(unit, this.kpisOf(unit, period), period, this.store.row(unit.id, period));
  }

  /** Why the caller cannot enter this unit's report for the period, or null. */
  entryProblem(p: Principal, unit: UnitNode, period: string): AppError | null {
    return this.access.problem('save', p, unit, period, this.stateOf(unit, period));
  }

  get(p: Principal, code: string, period: string): ReportReply {
    const unit = this.d.catalog.unitAt(code, period);
    const kpis = this.kpisOf(unit, period);
    const row = this.store.row(unit.id, period);
    const state: ReportState = row?.state ?? 'not_started';
    const rights = this.access.rights(p, unit, period, state, row?.submittedById ?? null);
    const values = this.currentValues(unit, kpis, period, row);
    return reportReply(this.own, {
      unit,
      period,
      row,
      state,
      rights,
      window: this.d.settings.window(period),
      today: this.d.today(),
      kpis,
      values,
      flags: this.validation.flagsFor(unit, kpis, period, values),
      history: this.store.history(unit.id, period),
      // for whoever decides on this unit (warned before approving it) or on the units below (their worklist)
      waitingBelow: rights.seesWaitingBelow ? this.waitingBelow(unit, period) : [],
    });
  }

  save(p: Principal, code: string, period: string, body: SaveReportBody, ip: string): ReportReply {
    const unit = this.d.catalog.unitAt(code, period);
    const row = this.store.row(unit.id, period);
    const state: ReportState = row?.state ?? 'not_started';
    this.access.require('save', p, unit, period, state, () => this.requireVersion(row, body.version, unit, period, body.values));
    const valid = this.validation.validate(unit, period, body.values, false);
    const draft: Record<string, ReportValue> = {};
    for (const [k, v] of Object.entries(body.values)) if (v !== null && valid.has(k)) draft[k] = v;
    const explanations = { ...(row?.flags ? (JSON.parse(row.flags) as Record<string, string>) : {}), ...(body.explanations ?? {}) };
    for (const [k, v] of Object.entries(explanations)) if (!v.trim()) delete explanations[k];
    const now = new Date().toISOString();
    this.d.sqlite.transaction(() => {
      const write = {
        state: nextState(state, 'save') as 'draft' | 'returned',
        draft,
        difficulties: body.notes?.difficulties ?? row?.difficulties ?? null,
        recommendations: body.notes?.recommendations ?? row?.recommendations ?? null,
        flags: explanations,
        version: (row?.version ?? 0) + 1,
      };
      this.store.saveDraft(unit.id, period, write, p.id, now);
      if (!row) this.event(unit, period, 'create', null, 'draft', p, null);
      const before = row?.draft ? JSON.parse(row.draft) : null;
      this.audit(p, 'report.save', unit, period, before, draft, ip);
    })();
    return this.get(p, code, period);
  }

  submit(p: Principal, code: string, period: string, version: number, ip: string): ReportReply {
    const unit = this.d.catalog.unitAt(code, period);
    const row = this.store.row(unit.id, period);
    const state: ReportState = row?.state ?? 'not_started';
    this.access.require('submit', p, unit, period, state, () => this.requireVersion(row, version, unit, period));
    const kpis = this.kpisOf(unit, period);
    const values = this.currentValues(unit, kpis, period, row);
    const valid = this.validation.validate(unit, period, values, true);
    const explanations = row?.flags ? (JSON.parse(row.flags) as Record<string, string>) : {};
    const unexplained = this.validation.flagsFor(unit, kpis, period, values).filter((f) => !explanations[f.kpi]);
    if (unexplained.length) {
      throw new ValidationError(
        'Có số liệu bất thường cần giải trình / unusual figures need a short explanation',
        { errors: unexplained.map((f) => ({ kpi: f.kpi, field: 'explanation', code: f.code, params: f.params, message: f.message })) },
        'unexplained_flags',
      );
    }
    const submission = { kpis, valid, values, explanations, state };
    this.d.sqlite.transaction(() => this.applySubmissions(p, period, [{ unit, submission }], ip))();
    return this.get(p, code, period);
  }

  /**
   * Writes validated reports through the roll-up and marks them submitted, keeping what the
   * submitted basis held for each before (`prior_submission`): a recall puts exactly that back.
   * The figures of every report go through the roll-up at once, so an import of ten teams of a
   * commune writes each ancestor's aggregate once per KPI, not once per team. Runs inside the
   * caller's transaction (one report, or every row of an import).
   */
  applySubmissions(p: Principal, period: string, reports: readonly { unit: UnitNode; submission: Submission }[], ip: string): void {
    const now = new Date().toISOString();
    const priors = reports.map(
      ({ unit, submission: s }): SubmissionSnapshot => ({
        state: s.state,
        submittedAt: this.store.row(unit.id, period)?.submittedAt ?? null,
        basis: this.own.values(unit, s.kpis, period),
      }),
    );
    this.apply(
      'submitted',
      reports.flatMap(({ unit, submission: s }) => s.kpis.map((kpi) => ({ unit, kpi, period, input: s.valid.get(kpi.code) ?? null }))),
      p.id,
      now,
    );
    for (const [i, { unit, submission: s }] of reports.entries()) {
      const prior = priors[i] as SubmissionSnapshot;
      this.store.submit(unit.id, period, s.explanations, prior, p.id, now);
      const action = s.state === 'returned' ? 'resubmit' : 'submit';
      this.event(unit, period, action, s.state === 'not_started' ? null : s.state, 'submitted', p, null);
      this.audit(p, 'report.submit', unit, period, prior, s.values, ip);
    }
  }

  /**
   * The sender takes a submitted report back to draft before the level above acts on it. Its
   * figures leave the submitted basis as they came in: the basis gets back what it held before
   * that submission (nothing for a first submission, the earlier figures after a return), from
   * the snapshot the submission kept. A report submitted before snapshots were kept is taken as
   * a first submission. The approved basis never holds a submitted report.
   */
  recall(p: Principal, code: string, period: string, ip: string): ReportReply {
    const unit = this.d.catalog.unitAt(code, period);
    const row = this.store.row(unit.id, period);
    const state: ReportState = row?.state ?? 'not_started';
    this.access.require('recall', p, unit, period, state, null, row?.submittedById ?? null);
    const kpis = this.kpisOf(unit, period);
    const sent = this.own.values(unit, kpis, period);
    const snap = row ? this.store.prior(row) : null;
    const basis = snap?.basis ?? {};
    const now = new Date().toISOString();
    this.d.sqlite.transaction(() => {
      this.apply(
        'submitted',
        kpis.map((kpi) => {
          const v = basis[kpi.code];
          return { unit, kpi, period, input: v === undefined ? null : figureInputOf(v) };
        }),
        p.id,
        now,
      );
      this.store.recall(unit.id, period, sent, snap?.submittedAt ?? null, p.id, now);
      this.event(unit, period, 'recall', 'submitted', 'draft', p, null);
      this.audit(p, 'report.recall', unit, period, { state: 'submitted', values: sent }, { state: 'draft', basis }, ip);
    })();
    return this.get(p, code, period);
  }

  decideMany(
    p: Principal,
    code: string,
    period: string,
    decision: 'approve' | 'return',
    units: string[],
    comment: string | null,
    ip: string,
  ): DecideManyReply {
    return decideMany({ catalog: this.d.catalog, decide: (...a) => this.decide(...a) }, p, code, period, decision, units, comment, ip);
  }

  decide(
    p: Principal,
    code: string,
    period: string,
    decision: 'approve' | 'return' | 'reopen',
    comment: string | null,
    ip: string,
  ): ReportReply {
    const unit = this.d.catalog.unitAt(code, period);
    const state = this.stateOf(unit, period);
    this.access.require(decision, p, unit, period, state);
    const to = nextState(state, decision) as ReportState;
    const kpis = this.kpisOf(unit, period);
    // Returned or reopened: the draft starts from the figures that were submitted.
    const draft = to === 'returned' ? this.own.values(unit, kpis, period) : null;
    const now = new Date().toISOString();
    this.d.sqlite.transaction(() => {
      this.store.decide(unit.id, period, to, comment, draft, p.id, now);
      // A report that leaves "approved" (the secretariat reopens it) leaves the approved-only
      // roll-up in the same transaction: that basis counts exactly the reports approved now.
      if (state === 'approved' && to !== 'approved') {
        const catalog = this.d.catalog.get();
        const left = this.d.rollups.ownKpiIds('approved', unit.id, period).flatMap((id) => catalog.kpisById.get(id) ?? []);
        this.apply(
          'approved',
          left.map((kpi) => ({ unit, kpi, period, input: null })),
          p.id,
          now,
        );
      }
      // Approval copies the figures as they stand into the approved-only roll-up.
      if (decision === 'approve') {
        const copies = kpis.map((kpi) => ({ unit, kpi, period, input: this.d.rollups.ownFigure('submitted', unit.id, kpi, period) }));
        this.apply('approved', copies, p.id, now);
      }
      this.event(unit, period, decision, state, to, p, comment);
      this.audit(p, `report.${decision}`, unit, period, { state }, { state: to, comment }, ip);
    })();
    return this.get(p, code, period);
  }

  // ——— helpers ———

  private currentValues(unit: UnitNode, kpis: readonly KpiDef[], period: string, row: ReportRow | null): Record<string, ReportValue> {
    return row?.draft ? (JSON.parse(row.draft) as Record<string, ReportValue>) : this.own.values(unit, kpis, period);
  }

  /** The units directly below whose submitted reports still wait for their own approver. */
  private waitingBelow(unit: UnitNode, period: string) {
    const children = childrenAt(this.d.catalog.get(), unit, period);
    if (children.length === 0) return [];
    const waiting = this.store.waiting(period);
    return children.filter((c) => waiting.has(c.id)).map((c) => unitAtView(c, period));
  }

  private requireVersion(
    row: ReportRow | null,
    version: number,
    unit: UnitNode,
    period: string,
    incoming?: Record<string, ReportValue | null>,
  ) {
    if (version === (row?.version ?? 0)) return;
    throw staleVersionError(row, this.currentValues(unit, this.kpisOf(unit, period), period, row), incoming);
  }

  /** The roll-up of one basis, with the catalogue as it stands. Call inside a transaction. */
  private apply(basis: Basis, changes: FigureChange[], by: number, now: string) {
    this.d.rollups.applyFigures(basis, this.d.catalog.get(), changes, by, now);
  }

  private event(unit: UnitNode, period: string, action: string, from: string | null, to: string, p: Principal, comment: string | null) {
    // Report states show in breakdowns: cached replies must see the change.
    bumpDataVersion(this.d.sqlite, period);
    this.store.event(unit.id, period, { action, from, to, actor: p, comment }, new Date().toISOString());
    this.onTransition?.({ unit, period, action, to, comment, actor: p });
  }

  private audit(p: Principal, action: string, unit: UnitNode, period: string, before: unknown, after: unknown, ip: string) {
    this.d.audit.record({ actor: p, action, unitId: unit.id, target: `${unit.code}/${period}`, before, after, ip });
  }
}
