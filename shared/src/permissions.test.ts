import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from './auth-api.ts';
import {
  ACTION_ROLES,
  ACTIONS,
  type Actor,
  administersProgramme,
  inScope,
  inSubtreeToday,
  knowsOn,
  mayAt,
  mayGrant,
  type PeriodPhase,
  type Place,
  type ReportSituation,
  reportRights,
  roleMay,
  rolesForTier,
  rolesGrantableBy,
} from './permissions.ts';
import { REPORT_STATES } from './report-api.ts';

/**
 * A small map: city 1 → communes 10, 20 → teams 11, 12 under 10 and 21 under 20. Commune 10 was
 * made from commune 5 (ended), whose team was 6.
 */
const CITY: Place = { id: 1, ancestors: [] };
const C10: Place = { id: 10, ancestors: [1] };
const C20: Place = { id: 20, ancestors: [1] };
const T11: Place = { id: 11, ancestors: [10, 1] };
const T21: Place = { id: 21, ancestors: [20, 1] };
const OLD5: Place = { id: 5, ancestors: [1] };
const OLD6: Place = { id: 6, ancestors: [5, 1] };

const actor = (role: Role, home: number, more: number[] = [], alive = true): Actor => ({ role, home, homes: [home, ...more], alive });
const situation = (s: Partial<ReportSituation> = {}): ReportSituation => ({
  state: 'draft',
  phase: 'open',
  reportable: true,
  sentByCaller: false,
  ...s,
});

const role = fc.constantFrom(...ROLES);
const state = fc.constantFrom(...REPORT_STATES);
const phase = fc.constantFrom<PeriodPhase>('upcoming', 'open', 'closed');
/** A chain of ids from the root down, distinct: a unit and its ancestors on one map. */
const chain = fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 });
const placeOf = (c: number[]): Place => ({ id: c[c.length - 1] as number, ancestors: c.slice(0, -1).reverse() });
const anyActor = fc.record({
  role,
  home: fc.integer({ min: 1, max: 40 }),
  more: fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { maxLength: 2 }),
  alive: fc.boolean(),
});
const toActor = (a: { role: Role; home: number; more: number[]; alive: boolean }) => actor(a.role, a.home, a.more, a.alive);
const anySituation = fc.record({ state, phase, reportable: fc.boolean(), sentByCaller: fc.boolean() });

describe('roles', () => {
  it('gates each action as the routes always did', () => {
    expect(ACTION_ROLES['report.enter']).toEqual(['reporter', 'approver', 'secretariat', 'admin']);
    expect(ACTION_ROLES['report.decide']).toEqual(['approver', 'secretariat', 'admin']);
    expect(ACTION_ROLES['report.reopen']).toEqual(['secretariat', 'admin']);
    expect(ACTION_ROLES['proposal.answer']).toEqual(['approver', 'leader', 'secretariat', 'admin']);
    expect(ACTION_ROLES.read).toEqual(ROLES);
    for (const a of ['users.administer', 'programme.administer', 'audit.read', 'meeting-report.issue', 'conclusions.record'] as const) {
      expect(ACTION_ROLES[a]).toEqual(['secretariat', 'admin']);
    }
  });

  it('lets an admin do everything and a leader only read, answer proposals and chase', () => {
    for (const a of ACTIONS) expect(roleMay('admin', a)).toBe(true);
    expect(ACTIONS.filter((a) => roleMay('leader', a))).toEqual(['read', 'late.remind', 'proposal.answer']);
    expect(roleMay('leader', ['report.enter', 'proposal.answer'])).toBe(true);
    expect(roleMay('reporter', [])).toBe(false);
  });

  it('grants no role above one’s own, and each tier only its roles', () => {
    expect(rolesGrantableBy('secretariat')).toEqual(['reporter', 'approver', 'leader', 'secretariat']);
    expect(rolesGrantableBy('reporter')).toEqual(['reporter']);
    expect(mayGrant('approver', 'leader')).toBe(true);
    expect(mayGrant('secretariat', 'admin')).toBe(false);
    expect(rolesForTier(4)).toEqual(['reporter']);
    expect(rolesForTier(3)).toEqual(['reporter', 'approver', 'leader', 'secretariat']);
    expect(rolesForTier(1)).toEqual(ROLES);
  });

  it('gives the programme to an admin or the secretariat of the top unit', () => {
    expect(administersProgramme({ role: 'admin', atTop: false })).toBe(true);
    expect(administersProgramme({ role: 'secretariat', atTop: true })).toBe(true);
    expect(administersProgramme({ role: 'secretariat', atTop: false })).toBe(false);
    expect(administersProgramme({ role: 'leader', atTop: true })).toBe(false);
  });
});

describe('scope', () => {
  it('reads the home unit, what is below it and the archives of the units it was made from', () => {
    const hongHa = actor('approver', 10, [5]);
    expect([CITY, C10, C20, T11, T21, OLD5, OLD6].filter((p) => inScope(hongHa, p)).map((p) => p.id)).toEqual([10, 11, 5, 6]);
    expect(inScope(actor('admin', 10), T21)).toBe(true);
  });

  it('manages accounts from the home unit alone, on today’s map', () => {
    expect(inSubtreeToday(actor('secretariat', 10, [5]), T11)).toBe(true);
    expect(inSubtreeToday(actor('secretariat', 10, [5]), OLD6)).toBe(false);
    expect(inSubtreeToday(actor('admin', 10), OLD6)).toBe(true);
  });

  it('lets a caller know of the units above it and the peers of each (a meeting names all below it), not their teams', () => {
    const team = [T11];
    expect(knowsOn(team, C10)).toBe(true);
    expect(knowsOn(team, CITY)).toBe(true);
    expect(knowsOn(team, { id: 12, ancestors: [10, 1] })).toBe(true);
    expect(knowsOn(team, C20)).toBe(true);
    expect(knowsOn(team, T21)).toBe(false);
    expect(knowsOn([C10], C20)).toBe(true);
    expect(knowsOn([C10], T21)).toBe(false);
  });

  it('is monotone down the tree: what is in scope has everything below it in scope', () => {
    fc.assert(
      fc.property(anyActor, chain, fc.integer({ min: 41, max: 60 }), (a, c, child) => {
        const p = placeOf(c);
        const below: Place = { id: child, ancestors: [p.id, ...p.ancestors] };
        if (inScope(toActor(a), p)) expect(inScope(toActor(a), below)).toBe(true);
      }),
    );
  });

  it('never puts outside scope what the caller can act on, and knowing includes scope', () => {
    fc.assert(
      fc.property(anyActor, chain, fc.constantFrom(...ACTIONS), (a, c, action) => {
        const p = placeOf(c);
        const who = toActor(a);
        if (mayAt(who, action, p)) expect(inScope(who, p)).toBe(true);
        const homes = who.homes.map((h) => ({ id: h, ancestors: [] }));
        if (inScope(who, p)) expect(who.role === 'admin' || knowsOn(homes, p)).toBe(true);
      }),
    );
  });
});

describe('the monthly report', () => {
  it('lets the unit’s own accounts fill an open report and the level above decide on it', () => {
    const own = reportRights(actor('reporter', 11), T11, situation());
    expect(own).toMatchObject({ enters: true, editable: true, canDecide: false, canReopen: false, seesWaitingBelow: false });
    const waiting = situation({ state: 'submitted' });
    expect(reportRights(actor('approver', 10), T11, waiting)).toMatchObject({ canDecide: true, editable: false, seesWaitingBelow: true });
    expect(reportRights(actor('approver', 10), C10, waiting).canDecide).toBe(false);
    expect(reportRights(actor('leader', 1), T11, situation()).enters).toBe(false);
    expect(reportRights(actor('secretariat', 1), T11, situation({ state: 'approved' })).canReopen).toBe(true);
  });

  it('lets the sender’s unit recall a waiting report, and only it', () => {
    const waiting = situation({ state: 'submitted' });
    expect(reportRights(actor('reporter', 11), T11, waiting).canRecall).toBe(true);
    expect(reportRights(actor('approver', 10), T11, waiting).canRecall).toBe(false);
    expect(reportRights(actor('approver', 10), T11, { ...waiting, sentByCaller: true }).canRecall).toBe(true);
    expect(reportRights(actor('reporter', 11), T11, { ...waiting, phase: 'closed' }).canRecall).toBe(false);
  });

  it('keeps a closed period for the secretariat and a unit that ended to its past', () => {
    const closed = situation({ phase: 'closed' });
    expect(reportRights(actor('reporter', 11), T11, closed)).toMatchObject({ editable: false, locked: true });
    expect(reportRights(actor('secretariat', 10), T11, closed).editable).toBe(true);
    expect(reportRights(actor('approver', 5, [], false), OLD6, situation()).editable).toBe(false);
    expect(reportRights(actor('approver', 10), T11, situation({ reportable: false })).open).toBe(false);
  });

  it('never lets a reporter or a leader approve, return or reopen', () => {
    fc.assert(
      fc.property(fc.constantFrom<Role>('reporter', 'leader'), anyActor, chain, anySituation, (r, a, c, s) => {
        const rights = reportRights({ ...toActor(a), role: r }, placeOf(c), s);
        expect(rights.canDecide || rights.canReopen).toBe(false);
        if (r === 'leader') expect(rights.editable || rights.canRecall || rights.enters).toBe(false);
      }),
    );
  });

  it('gives nothing outside scope but to an admin, and no decision on one’s own unit', () => {
    fc.assert(
      fc.property(anyActor, chain, anySituation, (a, c, s) => {
        const who = toActor(a);
        const p = placeOf(c);
        const rights = reportRights(who, p, s);
        if (who.role !== 'admin' && !inScope(who, p)) {
          const { enters, editable, canDecide, canReopen, canRecall, seesWaitingBelow } = rights;
          expect([enters, editable, canDecide, canReopen, canRecall, seesWaitingBelow]).toEqual([false, false, false, false, false, false]);
        }
        if (who.role !== 'admin' && p.id === who.home) expect(rights.canDecide).toBe(false);
        // each right is also the role's: what the route lets through is never narrower than the service
        if (rights.editable) expect(roleMay(who.role, 'report.enter')).toBe(true);
        if (rights.canDecide) expect(roleMay(who.role, 'report.decide')).toBe(true);
        if (rights.canReopen) expect(roleMay(who.role, 'report.reopen')).toBe(true);
        if (rights.editable && s.phase === 'closed') expect(roleMay(who.role, 'report.enter-locked')).toBe(true);
        if (rights.editable || rights.canRecall) expect(s.phase !== 'upcoming' && s.reportable && who.alive).toBe(true);
      }),
    );
  });
});
