import type { TargetHistoryEntry, TargetsReply } from '@tiendo/shared';
import { describe, expect, it } from 'vitest';
import {
  bodyOfTargets,
  correctionBody,
  correctionDraft,
  correctionProblems,
  droppedScopes,
  fromChoices,
  heldAt,
  historyGroups,
  parseNumber,
  pastPeriods,
  rowsOf,
  targetProblems,
} from './targets-form.ts';

const entry = (x: Partial<TargetHistoryEntry>): TargetHistoryEntry => ({
  id: 1,
  unit: null,
  level: 1,
  value: 70,
  deadline: '2022-12',
  from: null,
  to: null,
  removed: false,
  correction: false,
  superseded: false,
  reason: null,
  createdBy: null,
  createdAt: '2026-11-01T00:00:00.000Z',
  ...x,
});

const HONG_HA = { code: '00097', name: 'Hồng Hà', level: 3, type: 'Phường' };

/** TTHC after the change to 80 % from 2026-12 and a correction of 2022-12, plus a unit target. */
const reply: TargetsReply = {
  kpi: 'tthc_tich_hop',
  open: '2026-12',
  current: [{ id: 2, unit: null, level: 1, value: 80, deadline: '2022-12', from: '2026-12', createdAt: '', createdBy: 'thuky' }],
  history: [
    entry({ id: 1, to: '2026-11' }),
    entry({ id: 3, value: 75, from: '2022-12', to: '2022-12', correction: true, reason: 'nhập nhầm' }),
    entry({ id: 2, value: 80, from: '2026-12', createdBy: 'thuky' }),
    entry({ id: 4, unit: HONG_HA, level: null, value: 90, from: '2026-01', superseded: true }),
    entry({ id: 5, unit: HONG_HA, level: null, value: 95, from: '2026-01', to: '2026-11' }),
    entry({ id: 6, unit: HONG_HA, level: null, value: 95, from: '2026-12', removed: true }),
  ],
};

describe('targets form', () => {
  it('edits the targets in force at the open period and sends them from the chosen period', () => {
    expect(bodyOfTargets(rowsOf(reply), '2026-12')).toEqual([{ level: 1, value: 80, deadline: '2022-12', from: '2026-12' }]);
  });
  it('offers the open period and later ones only', () => {
    const c = fromChoices('2026-12', 3);
    expect(c).toEqual(['2026-12', '2027-01', '2027-02', '2027-03']);
  });
  it('reads a decimal comma and refuses words', () => {
    expect(parseNumber('99,5')).toBe(99.5);
    expect(parseNumber('abc')).toBeNull();
  });
  it('names bad values, deadlines, missing units and a unit or tier listed twice', () => {
    const rows = rowsOf(reply);
    const bad = [
      { ...rows[0], key: 'a', value: 'x', deadline: '2022-13' },
      { ...rows[0], key: 'b', level: '2' },
      { ...rows[0], key: 'c', level: '2', deadline: '2025-12' },
      { ...rows[0], key: 'd', scope: 'unit' as const, unit: null },
    ];
    expect(targetProblems(bad as never)).toEqual([
      { value: 'admin.targets.valueRule', deadline: 'admin.targets.deadlineRule' },
      {},
      { row: 'admin.targets.duplicate' },
      { unit: 'admin.users.unitRequired' },
    ]);
  });
  it('counts the targets in force that a list leaves out', () => {
    expect(droppedScopes(reply, rowsOf(reply))).toBe(0);
    expect(droppedScopes(reply, [])).toBe(1);
  });
});

describe('target history', () => {
  it('groups the entries by tier or unit, in order', () => {
    expect(historyGroups(reply).map((g) => [g.key, g.entries.map((e) => e.id)])).toEqual([
      ['l1', [1, 3, 2]],
      ['u00097', [4, 5, 6]],
    ]);
  });
  it('finds what held in a period: a correction of it, else the latest start; nothing once removed', () => {
    expect(heldAt(reply.history, 'l1', '2022-11')?.value).toBe(70);
    expect(heldAt(reply.history, 'l1', '2022-12')?.value).toBe(75);
    expect(heldAt(reply.history, 'l1', '2026-12')?.value).toBe(80);
    expect(heldAt(reply.history, 'u00097', '2025-12')).toBeNull();
    expect(heldAt(reply.history, 'u00097', '2026-05')?.id).toBe(5);
    expect(heldAt(reply.history, 'u00097', '2026-12')).toBeNull();
  });
});

describe('correction of a past period', () => {
  it('offers past periods only, newest first', () => {
    expect(pastPeriods('2026-12', '2026-09')).toEqual(['2026-11', '2026-10', '2026-09']);
  });
  it('starts from the target that held then, and needs a reason and a change', () => {
    const d = correctionDraft(reply, '2022-11', { scope: 'level', level: '1', unit: null });
    expect(d).toMatchObject({ period: '2022-11', value: '70', deadline: '2022-12', reason: '' });
    expect(correctionProblems(d, reply)).toEqual({ reason: 'admin.targets.correction.reasonRule', same: 'admin.targets.correction.same' });
    const fixed = { ...d, value: '75', reason: '  Quyết định ghi 75 % ' };
    expect(correctionProblems(fixed, reply)).toEqual({});
    expect(correctionBody(fixed)).toEqual({ period: '2022-11', level: 1, value: 75, deadline: '2022-12', reason: 'Quyết định ghi 75 %' });
  });
  it('refuses the open period and a reason shorter than five characters', () => {
    const d = { ...correctionDraft(reply, '2026-12', { scope: 'level', level: '1', unit: null }), value: '85', reason: 'sai ' };
    expect(correctionProblems(d, reply)).toEqual({
      period: 'admin.targets.correction.periodRule',
      reason: 'admin.targets.correction.reasonRule',
    });
  });
});
