/**
 * Proposals (kiến nghị) go up the tree: a unit raises one with its monthly report; the unit above
 * answers it, forwards it to its own level above, or closes it. The raising unit sees the answer
 * in its next report form; each unit has the list of proposals waiting for it, with their age.
 * A proposal waiting on a unit that a reorganisation ended waits on its successors.
 */
import type { Proposal, ProposalsReply } from '@tiendo/shared';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { ormOf, type Sqlite } from '../db/client.ts';
import { proposalEvents, proposals } from '../db/schema.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import { actorOf } from './admin-user-service.ts';
import type { AuditService } from './audit-service.ts';
import type { Principal } from './auth-service.ts';
import { type Catalog, type CatalogService, parentAt, type UnitNode, unitAtView } from './catalog-service.ts';
import { homeUnits, mayAt } from './scope.ts';
import type { SettingsService } from './settings-service.ts';

type ProposalRow = typeof proposals.$inferSelect;
type EventRow = typeof proposalEvents.$inferSelect;

/** Whole days between two ISO dates or timestamps. */
export function daysBetween(from: string, to: string): number {
  const a = Date.parse(from.slice(0, 10));
  const b = Date.parse(to.slice(0, 10));
  return Math.max(0, Math.round((b - a) / 86_400_000));
}

export class ProposalService {
  private readonly orm;

  constructor(
    private readonly sqlite: Sqlite,
    private readonly catalog: CatalogService,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
    private readonly today: () => string,
  ) {
    this.orm = ormOf(sqlite);
  }

  // ——— reading ———

  /**
   * Proposals a unit raised (newest first) and those waiting for its answer (oldest first); with
   * `all`, also the answered and closed ones, and those it answered.
   */
  list(code: string, period: string | undefined, state: 'open' | 'all'): ProposalsReply {
    const at = period ?? this.settings.currentPeriod();
    const unit = this.catalog.unitAt(code, at);
    const cat = this.catalog.get();
    const open = state === 'open';
    const raised = this.orm
      .select()
      .from(proposals)
      .where(open ? and(eq(proposals.unitId, unit.id), eq(proposals.state, 'open')) : eq(proposals.unitId, unit.id))
      .orderBy(desc(proposals.raisedAt), desc(proposals.id))
      .all();
    // What waits on this unit, or on a unit it was made from (a reorganisation ended it).
    const selves = homeUnits(cat, unit).map((u) => u.id);
    const waiting = this.orm
      .select()
      .from(proposals)
      .where(and(inArray(proposals.waitingOnId, selves), eq(proposals.state, 'open')))
      .orderBy(asc(proposals.raisedAt), asc(proposals.id))
      .all();
    const answered = open
      ? []
      : this.orm
          .select()
          .from(proposals)
          .where(inArray(proposals.answerUnitId, selves))
          .orderBy(asc(proposals.raisedAt), asc(proposals.id))
          .all();
    const events = this.eventsOf([...raised, ...waiting, ...answered].map((r) => r.id));
    const reply = (r: ProposalRow) => this.toReply(cat, r, events.get(r.id) ?? []);
    return { unit: unitAtView(unit, at), raised: raised.map(reply), waiting: [...waiting, ...answered].map(reply) };
  }

  get(id: number): Proposal {
    const row = this.row(id);
    return this.toReply(this.catalog.get(), row, this.eventsOf([id]).get(id) ?? []);
  }

  // ——— writing ———

  /** Raises a proposal of the unit `code` in `period` (an open period); it waits on the unit above. */
  raise(p: Principal, code: string, period: string, text: string, ip: string | null): Proposal {
    const unit = this.catalog.unitAt(code, period);
    const cat = this.catalog.get();
    if (!mayAt(cat, p, 'proposal.raise', unit, period)) {
      throw new ForbiddenError(`Bạn không được gửi kiến nghị thay "${unit.name}" / you may not raise proposals for ${code}`);
    }
    if (this.settings.phase(period) !== 'open') {
      throw new ValidationError(
        `Kỳ ${period} không mở để báo cáo / period ${period} is not open for reports`,
        { period },
        'period_not_open',
      );
    }
    const above = parentAt(cat, unit, period);
    if (!above) throw new ValidationError(`"${unit.name}" là cấp cao nhất: không có cấp trên nhận kiến nghị / ${code} has no level above`);
    const now = new Date().toISOString();
    const id = this.sqlite.transaction(() => {
      const row = this.orm
        .insert(proposals)
        .values({ unitId: unit.id, period, text, state: 'open', waitingOnId: above.id, raisedAt: now, raisedBy: p.displayName })
        .returning({ id: proposals.id })
        .get();
      this.orm
        .insert(proposalEvents)
        .values({ proposalId: row.id, action: 'raised', unitId: unit.id, actor: p.displayName, at: now, text })
        .run();
      this.audit.record({
        actor: actorOf(p),
        action: 'proposal.raise',
        unitId: unit.id,
        target: `${code}/${period}`,
        after: { id: row.id, text },
        ip,
      });
      return row.id;
    })();
    return this.get(id);
  }

  /** The unit it waits on answers it: the raising unit sees the answer in its next report form. */
  answer(p: Principal, id: number, text: string, ip: string | null): Proposal {
    return this.decide(p, id, 'answered', text, ip);
  }

  /** The unit it waits on sends it to its own level above. */
  forward(p: Principal, id: number, text: string | undefined, ip: string | null): Proposal {
    return this.decide(p, id, 'forwarded', text ?? null, ip);
  }

  /** The unit it waits on closes it without an answer (or the raising unit withdraws it). */
  close(p: Principal, id: number, text: string | undefined, ip: string | null): Proposal {
    return this.decide(p, id, 'closed', text ?? null, ip);
  }

  private decide(p: Principal, id: number, action: 'answered' | 'forwarded' | 'closed', text: string | null, ip: string | null): Proposal {
    const row = this.row(id);
    const cat = this.catalog.get();
    const period = this.settings.currentPeriod();
    if (row.state !== 'open' || row.waitingOnId === null) {
      throw new ValidationError(`Kiến nghị #${id} đã được xử lý / proposal #${id} is no longer open`);
    }
    const waitingOn = this.successorToday(cat, cat.units.get(row.waitingOnId) as UnitNode, period);
    const raiser = cat.units.get(row.unitId) as UnitNode;
    const canAnswer = mayAt(cat, p, 'proposal.answer', waitingOn, period);
    // The raising unit may withdraw its own proposal (on the map of the period it was raised in).
    const withdraws = action === 'closed' && mayAt(cat, p, 'proposal.raise', raiser, row.period);
    if (!canAnswer && !withdraws) {
      throw new ForbiddenError(
        `Kiến nghị #${id} đang chờ "${waitingOn.name}" trả lời: bạn không được xử lý / proposal #${id} waits on ${waitingOn.code}: not yours to handle`,
      );
    }
    let next: UnitNode | null = null;
    if (action === 'forwarded') {
      next = parentAt(cat, waitingOn, period);
      if (!next)
        throw new ValidationError(`"${waitingOn.name}" là cấp cao nhất: không chuyển lên được nữa / nothing above ${waitingOn.code}`);
    }
    const actingUnit = canAnswer ? waitingOn : raiser;
    const now = new Date().toISOString();
    this.sqlite.transaction(() => {
      const set: Partial<ProposalRow> =
        action === 'answered'
          ? { state: 'answered', waitingOnId: null, answer: text, answerUnitId: waitingOn.id, answeredAt: now, answeredBy: p.displayName }
          : action === 'closed'
            ? { state: 'closed', waitingOnId: null, closedAt: now }
            : { waitingOnId: (next as UnitNode).id };
      this.orm.update(proposals).set(set).where(eq(proposals.id, id)).run();
      this.orm.insert(proposalEvents).values({ proposalId: id, action, unitId: actingUnit.id, actor: p.displayName, at: now, text }).run();
      this.audit.record({
        actor: actorOf(p),
        action: `proposal.${action === 'answered' ? 'answer' : action === 'closed' ? 'close' : 'forward'}`,
        unitId: actingUnit.id,
        target: `proposal/${id}`,
        before: { state: row.state, waitingOn: waitingOn.code },
        after: { ...set, text },
        ip,
      });
    })();
    return this.get(id);
  }

  // ——— helpers ———

  private row(id: number): ProposalRow {
    const row = this.orm.select().from(proposals).where(eq(proposals.id, id)).get();
    if (!row) throw new NotFoundError(`Không có kiến nghị #${id} / no proposal #${id}`);
    return row;
  }

  /** A unit a reorganisation ended answers through its (first) successor on today's map. */
  private successorToday(cat: Catalog, unit: UnitNode, period: string): UnitNode {
    let u = unit;
    for (let i = 0; i < 10 && u.validTo !== null && u.validTo < period; i++) {
      const next = u.successors[0] ? cat.units.get(u.successors[0].unitId) : undefined;
      if (!next) break;
      u = next;
    }
    return u;
  }

  private eventsOf(ids: number[]): Map<number, EventRow[]> {
    const out = new Map<number, EventRow[]>();
    if (ids.length === 0) return out;
    const rows = this.orm
      .select()
      .from(proposalEvents)
      .where(inArray(proposalEvents.proposalId, [...new Set(ids)]))
      .orderBy(asc(proposalEvents.id))
      .all();
    for (const r of rows) out.set(r.proposalId, [...(out.get(r.proposalId) ?? []), r]);
    return out;
  }

  private toReply(cat: Catalog, r: ProposalRow, events: EventRow[]): Proposal {
    const period = this.settings.currentPeriod();
    const ref = (id: number, at: string) => unitAtView(cat.units.get(id) as UnitNode, at);
    const waiting = r.waitingOnId === null ? null : this.successorToday(cat, cat.units.get(r.waitingOnId) as UnitNode, period);
    const until = r.answeredAt ?? r.closedAt ?? this.today();
    return {
      id: r.id,
      unit: ref(r.unitId, r.period),
      period: r.period,
      text: r.text,
      raisedAt: r.raisedAt,
      raisedBy: r.raisedBy,
      state: r.state,
      waitingOn: waiting ? unitAtView(waiting, period) : null,
      ageDays: daysBetween(r.raisedAt, until),
      answer:
        r.state === 'answered' && r.answer !== null && r.answerUnitId !== null
          ? { text: r.answer, unit: ref(r.answerUnitId, period), by: r.answeredBy ?? '', at: r.answeredAt ?? '' }
          : null,
      events: events.map((e) => ({
        action: e.action,
        unit: ref(e.unitId, e.action === 'raised' ? r.period : period),
        by: e.actor,
        at: e.at,
        text: e.text,
      })),
    };
  }
}
