import { REPORT_STATES, type ReportState, type Role } from '@tiendo/shared';
import { type Actor, type Place, type ReportSituation, reportRights, roleMay } from '@tiendo/shared/permissions';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextState, refusal, TRANSITIONS, type Transition } from './report-workflow.ts';

const transition = fc.constantFrom(...TRANSITIONS);
const state = fc.constantFrom(...REPORT_STATES);
const ROLES: Role[] = ['reporter', 'approver', 'leader', 'secretariat', 'admin'];

/** The transitions of a sequence that the states let through, with the state each one left. */
function walk(ts: readonly Transition[]): { t: Transition; from: ReportState; to: ReportState }[] {
  const out: { t: Transition; from: ReportState; to: ReportState }[] = [];
  let s: ReportState = 'not_started';
  for (const t of ts) {
    const to = nextState(s, t);
    if (to === null) continue;
    out.push({ t, from: s, to });
    s = to;
  }
  return out;
}

describe('the states and transitions', () => {
  it('leaves "approved" only by a reopen', () => {
    fc.assert(
      fc.property(fc.array(transition, { maxLength: 40 }), (ts) => {
        for (const step of walk(ts)) if (step.from === 'approved') expect(step.t).toBe('reopen');
      }),
    );
  });

  it('lets a recall, an approval or a return only follow a submission with no decision since', () => {
    fc.assert(
      fc.property(fc.array(transition, { maxLength: 40 }), (ts) => {
        const steps = walk(ts);
        for (const [i, step] of steps.entries()) {
          if (step.t !== 'recall' && step.t !== 'approve' && step.t !== 'return') continue;
          // saves never happen while a report waits, so the step before is the submission itself
          expect(steps[i - 1]?.t).toBe('submit');
        }
      }),
    );
  });

  it('takes figures (save, submit) only while the report is not started, a draft or returned', () => {
    fc.assert(
      fc.property(state, fc.constantFrom<Transition>('save', 'submit'), (s, t) => {
        expect(nextState(s, t) !== null).toBe(s === 'not_started' || s === 'draft' || s === 'returned');
      }),
    );
  });

  it('keeps a saved returned report "returned" and sends every submission to "submitted"', () => {
    expect(nextState('returned', 'save')).toBe('returned');
    expect(nextState('not_started', 'save')).toBe('draft');
    for (const s of ['not_started', 'draft', 'returned'] as const) expect(nextState(s, 'submit')).toBe('submitted');
    expect(nextState('submitted', 'recall')).toBe('draft');
    expect(nextState('submitted', 'reopen')).toBe('returned');
    expect(nextState('approved', 'reopen')).toBe('returned');
    expect(nextState('draft', 'reopen')).toBeNull();
  });
});

// ——— who may make a transition ———

const ids = fc.integer({ min: 1, max: 6 });
const actor: fc.Arbitrary<Actor> = fc
  .record({ role: fc.constantFrom(...ROLES), home: ids, more: fc.array(ids, { maxLength: 2 }), alive: fc.boolean() })
  .map(({ role, home, more, alive }) => ({ role, home, homes: [...new Set([home, ...more])], alive }));
const place: fc.Arbitrary<Place> = fc
  .record({ id: ids, ancestors: fc.uniqueArray(ids, { maxLength: 3 }) })
  .map(({ id, ancestors }) => ({ id, ancestors: ancestors.filter((a) => a !== id) }));
const situation: fc.Arbitrary<ReportSituation> = fc.record({
  state,
  phase: fc.constantFrom('upcoming', 'open', 'closed'),
  reportable: fc.boolean(),
  sentByCaller: fc.boolean(),
});

function decide(t: Transition, a: Actor, p: Place, s: ReportSituation) {
  const rights = reportRights(a, p, s);
  const who = { reopens: roleMay(a.role, 'report.reopen'), decides: roleMay(a.role, 'report.decide'), own: p.id === a.home };
  return refusal(t, s.state, rights, who);
}

describe('who may make a transition', () => {
  it('never lets through a transition the state does not allow', () => {
    fc.assert(
      fc.property(transition, actor, place, situation, (t, a, p, s) => {
        if (decide(t, a, p, s) === null) expect(nextState(s.state, t)).not.toBeNull();
      }),
    );
  });

  it('lets no one but the secretariat write in a closed period, and no one before a period opens', () => {
    fc.assert(
      fc.property(fc.constantFrom<Transition>('save', 'submit', 'recall'), actor, place, situation, (t, a, p, s) => {
        const r = decide(t, a, p, s);
        if (s.phase === 'upcoming' || !s.reportable || !a.alive) expect(r).not.toBeNull();
        if (s.phase === 'closed' && !roleMay(a.role, 'report.reopen')) expect(r).not.toBeNull();
      }),
    );
  });

  it('never has a unit decide on its own report (an admin excepted), nor a leader do anything', () => {
    fc.assert(
      fc.property(transition, actor, place, situation, (t, a, p, s) => {
        const r = decide(t, a, p, s);
        if ((t === 'approve' || t === 'return') && p.id === a.home && a.role !== 'admin') expect(r).toEqual({ kind: 'not_yours' });
        if (a.role === 'leader') expect(r).not.toBeNull();
      }),
    );
  });

  it('answers the reason people can act on, in order: rights, then period, then state', () => {
    const team: Actor = { role: 'reporter', home: 3, homes: [3], alive: true };
    const mine: Place = { id: 3, ancestors: [2, 1] };
    const open: ReportSituation = { state: 'approved', phase: 'open', reportable: true, sentByCaller: true };
    expect(decide('recall', team, mine, open)).toEqual({ kind: 'not_waiting', state: 'approved' });
    expect(decide('save', team, mine, open)).toEqual({ kind: 'state', state: 'approved' });
    expect(decide('save', team, mine, { ...open, phase: 'closed' })).toEqual({ kind: 'period_locked' });
    expect(decide('submit', team, mine, { ...open, phase: 'upcoming' })).toEqual({ kind: 'period_not_open' });
    expect(decide('reopen', team, mine, open)).toEqual({ kind: 'reopen_role' });
    const commune: Actor = { role: 'approver', home: 2, homes: [2], alive: true };
    const waiting = { ...open, state: 'submitted' as const, sentByCaller: false };
    expect(decide('recall', commune, mine, waiting)).toEqual({ kind: 'not_sender' });
    expect(decide('approve', commune, mine, waiting)).toBeNull();
    expect(decide('approve', commune, mine, { ...waiting, state: 'draft' })).toEqual({ kind: 'state', state: 'draft' });
    const elsewhere: Actor = { ...commune, home: 5, homes: [5] };
    expect(decide('save', elsewhere, mine, { ...open, state: 'draft' })).toEqual({ kind: 'not_yours' });
  });
});
