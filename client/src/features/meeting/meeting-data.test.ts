import type { BreakdownRow, Proposal, Task, TaskStatus } from '@tiendo/shared';
import { describe, expect, it } from 'vitest';
import {
  belowOnTarget,
  buildSlides,
  isDeckMessage,
  lateBelow,
  missingByParent,
  slideAfterKey,
  taskBoard,
  unitsBehind,
  waitingProposals,
} from './meeting-data.ts';

describe('meeting deck', () => {
  it('runs as the meeting does: overview, a slide per group, units behind, reporting, tasks, proposals', () => {
    expect(buildSlides(['a', 'b'], true).map((s) => s.kind)).toEqual([
      'overview',
      'group',
      'group',
      'behind',
      'completeness',
      'tasks',
      'proposals',
    ]);
  });
  it('is the unit’s own figures only for a team, which has no units below and no meeting', () => {
    expect(buildSlides(['a'], false).map((s) => s.kind)).toEqual(['overview', 'group']);
  });
  it('moves with arrows and presenter-remote keys, jumps with Home/End, stops at the ends, leaves on Esc', () => {
    expect(slideAfterKey('PageDown', 0, 3)).toBe(1);
    expect(slideAfterKey('ArrowRight', 2, 3)).toBe(2);
    expect(slideAfterKey('PageUp', 0, 3)).toBe(0);
    expect(slideAfterKey('ArrowLeft', 2, 3)).toBe(1);
    expect(slideAfterKey('Home', 2, 3)).toBe(0);
    expect(slideAfterKey('End', 0, 3)).toBe(2);
    expect(slideAfterKey('Escape', 1, 3)).toBe('exit');
    expect(slideAfterKey('x', 1, 3)).toBeNull();
  });
});

const row = (code: string, status: BreakdownRow['status'], attainment: number | null, extra: Partial<BreakdownRow> = {}): BreakdownRow => ({
  code,
  name: code.toUpperCase(),
  level: 3,
  type: 'xã',
  value: attainment,
  target: 100,
  attainment,
  status,
  rank: 1,
  carried: false,
  reportState: 'on_time',
  ...extra,
});

describe('unitsBehind', () => {
  it('lists units off track or at risk, furthest from a target first, counting every unit below', () => {
    const s = unitsBehind(
      [
        {
          kpi: 'k1',
          kind: 'ratio',
          rows: [row('a', 'off_track', 96), row('b', 'at_risk', 99), row('c', 'achieved', 100), row('d', 'off_track', 90)],
        },
        {
          kpi: 'k2',
          kind: 'ratio',
          rows: [row('a', 'off_track', 94), row('b', 'on_track', 100), row('c', 'achieved', 100), row('d', 'achieved', 100)],
        },
      ],
      'vi',
    );
    expect(s.units).toBe(4);
    expect(s.behind.map((u) => [u.code, u.worst.kpi, u.worst.attainment, u.kpis.length])).toEqual([
      ['d', 'k1', 90, 1],
      ['a', 'k2', 94, 2],
      ['b', 'k1', 99, 1],
    ]);
    expect(s.byKpi).toEqual([
      { kpi: 'k1', count: 3 },
      { kpi: 'k2', count: 1 },
    ]);
  });
  it('gives the reason the unit wrote for its worst figure, else for another figure it is behind on; counts the silent ones', () => {
    const difficulties = { text: 'Thiếu máy đọc thẻ', source: 'difficulties' as const };
    const flag = { text: 'Số liệu tháng trước nhập trùng', source: 'flag' as const };
    const s = unitsBehind(
      [
        {
          kpi: 'k1',
          kind: 'ratio',
          rows: [row('a', 'off_track', 90), row('b', 'off_track', 91, { note: flag }), row('c', 'off_track', 92)],
        },
        {
          kpi: 'k2',
          kind: 'ratio',
          rows: [row('a', 'off_track', 95, { note: difficulties }), row('b', 'off_track', 93), row('c', 'achieved', 100)],
        },
      ],
      'vi',
    );
    expect(s.behind.map((u) => [u.code, u.note?.text ?? null])).toEqual([
      ['a', 'Thiếu máy đọc thẻ'],
      ['b', 'Số liệu tháng trước nhập trùng'],
      ['c', null],
    ]);
    expect(s.unexplained).toBe(1);
  });
  it('does not call a unit behind for not reporting, nor for a KPI without a target', () => {
    const s = unitsBehind(
      [
        { kpi: 'count', kind: 'count', rows: [row('a', 'no_target', null, { rank: 10 })] },
        { kpi: 'k', kind: 'ratio', rows: [row('b', 'no_target', null, { reportState: 'missing' })] },
      ],
      'vi',
    );
    expect(s.behind).toEqual([]);
    expect(s.byKpi).toEqual([]);
  });
  it('says which units behind did not exist yet: rebuilt from former units, estimated if any figure is', () => {
    const s = unitsBehind(
      [
        { kpi: 'k1', kind: 'ratio', rows: [row('a', 'off_track', 90, { rebuilt: true }), row('b', 'off_track', 91, { rebuilt: true })] },
        { kpi: 'k2', kind: 'ratio', rows: [row('a', 'off_track', 92, { rebuilt: true, estimated: true }), row('b', 'achieved', 100)] },
      ],
      'vi',
    );
    expect(s.behind.map((u) => [u.code, u.mark])).toEqual([
      ['a', 'estimated'],
      ['b', 'rebuilt'],
    ]);
  });
  it('leaves out a figure without attainment, and ties by name in Vietnamese order', () => {
    const s = unitsBehind(
      [{ kpi: 'k', kind: 'ratio', rows: [row('đ', 'off_track', null), row('e', 'off_track', 80), row('d', 'off_track', 80)] }],
      'vi',
    );
    expect(s.behind.map((u) => u.code)).toEqual(['d', 'e']);
  });
  it('measures a count by its running total, and never calls a silent unit behind on its running total alone', () => {
    const s = unitsBehind(
      [
        {
          kpi: 'c',
          kind: 'count',
          rows: [
            row('a', 'off_track', 40, { value: 12, cumulative: 4000, target: 10000 }),
            row('b', 'off_track', 30, { value: null, cumulative: 3000, target: 10000, reportState: 'missing' }),
          ],
        },
      ],
      'vi',
    );
    expect(s.behind.map((u) => [u.code, u.worst.value, u.worst.target])).toEqual([['a', 4000, 10000]]);
  });
});

describe('belowOnTarget', () => {
  it('counts the units that reached a target and those behind, and names the one furthest from it', () => {
    const s = belowOnTarget(
      [row('a', 'achieved', 100), row('b', 'off_track', 94), row('c', 'at_risk', 98), row('d', 'no_target', null)],
      1,
    );
    expect(s).toMatchObject({ units: 4, achieved: 1, behind: 2 });
    expect(s?.lowest.map((r) => r.code)).toEqual(['b']);
  });
  it('names nobody when every unit reached it, and says nothing of a KPI without a target', () => {
    expect(belowOnTarget([row('a', 'achieved', 120), row('b', 'achieved', 101)])?.lowest).toEqual([]);
    expect(belowOnTarget([{ ...row('a', 'no_target', null), target: null }])).toBeNull();
  });
});

describe('who is late', () => {
  it('counts the missing units by the unit above, most first', () => {
    const m = (code: string, parentName: string | null) => ({ code, name: `Tổ ${code}`, level: 4, type: 'tổ dân phố', parentName });
    expect(missingByParent([m('1', 'Ba Vì'), m('2', 'Ba Đình'), m('3', 'Ba Vì'), m('4', null)], 'vi')).toEqual([
      { parent: 'Ba Vì', count: 2 },
      { parent: 'Ba Đình', count: 1 },
      { parent: 'Tổ 4', count: 1 },
    ]);
  });
  it('picks the units below that sent late or nothing, by name', () => {
    const rows = [
      row('b', 'off_track', 1, { reportState: 'late' }),
      row('a', 'off_track', 1, { reportState: 'late' }),
      row('c', 'off_track', 1, { reportState: 'missing' }),
      row('d', 'off_track', 1),
    ];
    const r = lateBelow(rows, 'vi');
    expect(r.late.map((x) => x.code)).toEqual(['a', 'b']);
    expect(r.missing.map((x) => x.code)).toEqual(['c']);
  });
});

const unit = { code: '00097', name: 'Hồng Hà', level: 3, type: 'phường' };

function task(id: number, status: TaskStatus, deadline: string, overdue: boolean): Task {
  return {
    id,
    conclusionId: 1,
    from: { code: '01', name: 'Hà Nội', level: 1, type: 'thành phố' },
    meetingPeriod: '2026-10',
    content: `Nhiệm vụ ${id}`,
    deadline,
    kpi: null,
    assignees: [{ unit, status, note: null, period: null, updatedAt: null, updatedBy: null, overdue }],
    status,
    overdue,
  };
}

describe('taskBoard', () => {
  it('counts the tasks and lists the overdue first, then blocked, in progress, not started, done', () => {
    const b = taskBoard([
      task(1, 'done', '2026-11-10', false),
      task(2, 'in_progress', '2026-12-20', false),
      task(3, 'not_started', '2026-11-20', true),
      task(4, 'blocked', '2026-12-30', false),
      task(5, 'in_progress', '2026-11-15', true),
    ]);
    expect(b).toMatchObject({ total: 5, done: 1, overdue: 2, blocked: 1, onSchedule: 1 });
    expect(b.ordered.map((x) => x.id)).toEqual([5, 3, 4, 2, 1]);
  });
  it('counts a blocked task past its deadline as overdue once, so the piles add up to the total', () => {
    const b = taskBoard([
      task(1, 'blocked', '2026-11-01', true),
      task(2, 'done', '2026-11-01', false),
      task(3, 'not_started', '2027-01-01', false),
    ]);
    expect(b).toMatchObject({ total: 3, done: 1, overdue: 1, blocked: 0, onSchedule: 1 });
    expect(b.done + b.overdue + b.blocked + b.onSchedule).toBe(b.total);
  });
});

function proposal(id: number, ageDays: number, state: Proposal['state'] = 'open'): Proposal {
  return {
    id,
    unit,
    period: '2026-10',
    text: `Kiến nghị ${id}`,
    raisedAt: '2026-10-20T00:00:00.000Z',
    raisedBy: 'hongha',
    state,
    waitingOn: state === 'open' ? { code: '01', name: 'Hà Nội', level: 1, type: 'thành phố' } : null,
    ageDays,
    answer: null,
    events: [],
  };
}

describe('waitingProposals', () => {
  it('lists the open ones, longest waiting first, and counts those waiting a month or more', () => {
    const w = waitingProposals([proposal(1, 5), proposal(2, 40), proposal(3, 30), proposal(4, 90, 'answered')]);
    expect(w.ordered.map((p) => p.id)).toEqual([2, 3, 1]);
    expect(w).toMatchObject({ old: 2, oldest: 40 });
    expect(waitingProposals([])).toMatchObject({ ordered: [], old: 0, oldest: null });
  });
});

describe('messages between the deck and the presenter window', () => {
  it('accepts a move and a greeting, nothing else', () => {
    expect(isDeckMessage({ type: 'slide', place: '01|2026-11|period', slide: 3 })).toBe(true);
    expect(isDeckMessage({ type: 'hello', place: '01|2026-11|period' })).toBe(true);
    expect(isDeckMessage({ type: 'slide', place: '01', slide: -1 })).toBe(false);
    expect(isDeckMessage({ type: 'slide', place: '01', slide: 1.5 })).toBe(false);
    expect(isDeckMessage({ type: 'slide', slide: 1 })).toBe(false);
    expect(isDeckMessage('slide')).toBe(false);
    expect(isDeckMessage(null)).toBe(false);
  });
});
