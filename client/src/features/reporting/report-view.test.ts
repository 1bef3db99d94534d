import type { LateReply, ReportState } from '@tiendo/shared';
import { describe, expect, it } from 'vitest';
import { type ImportError, importErrorsCsv, sortImportErrors } from './import-errors.ts';
import {
  changeFromPrevious,
  cleanWaiting,
  countStates,
  hanoiParts,
  lastAction,
  nextStep,
  openPeriod,
  perspective,
  readOnlyReason,
  sortLate,
  sortWorklist,
} from './report-view.ts';
import { valueText } from './value-text.ts';

describe('reading a report reply', () => {
  it('says why a form is read-only', () => {
    expect(readOnlyReason({ editable: true, state: 'draft', locked: false }, 'reporter')).toBeNull();
    expect(readOnlyReason({ editable: false, state: 'approved', locked: false }, 'reporter')).toBe('approved');
    expect(readOnlyReason({ editable: false, state: 'submitted', locked: false }, 'reporter')).toBe('submitted');
    expect(readOnlyReason({ editable: false, state: 'draft', locked: true }, 'reporter')).toBe('locked');
    expect(readOnlyReason({ editable: false, state: 'draft', locked: false }, 'leader')).toBe('viewOnly');
  });

  it('says an account whose unit ended before the period changes nothing in it', () => {
    expect(readOnlyReason({ editable: false, state: 'draft', locked: false }, 'approver', true)).toBe('ended');
    expect(readOnlyReason({ editable: false, state: 'approved', locked: true }, 'reporter', true)).toBe('ended');
  });

  it('knows whose turn it is', () => {
    expect(nextStep('not_started')).toBe('fill');
    expect(nextStep('returned')).toBe('fix');
    expect(nextStep('submitted')).toBe('decide');
    expect(nextStep('approved')).toBe('done');
  });

  it('picks the latest open period', () => {
    expect(
      openPeriod([
        { period: '2026-11', state: 'closed' },
        { period: '2026-12', state: 'open' },
        { period: '2027-01', state: 'upcoming' },
      ]),
    ).toBe('2026-12');
    expect(openPeriod([{ period: '2026-11', state: 'closed' }])).toBeNull();
  });

  it('counts the states of the units below', () => {
    expect(countStates(['approved', 'submitted', 'submitted', null, 'not_started'])).toEqual({
      not_started: 1,
      draft: 0,
      submitted: 2,
      returned: 0,
      approved: 1,
    });
  });

  it('orders the late list: most late first, then by parent and name in Vietnamese order', () => {
    const u = (code: string, name: string, daysLate: number, parentName: string | null, level = 4): LateReply['units'][number] => ({
      code,
      name,
      level,
      type: 't',
      parentName,
      state: 'not_started',
      daysLate,
      contacts: [],
      remindedAt: null,
    });
    const sorted = sortLate([
      u('a', 'Tổ 10', 3, 'Phúc Xá'),
      u('b', 'Tổ 2', 3, 'Phúc Xá'),
      u('c', 'Tổ 1', 9, 'Trúc Bạch'),
      u('d', 'Ba Đình', 3, null, 2),
    ]);
    expect(sorted.map((x) => x.code)).toEqual(['c', 'd', 'b', 'a']);
  });

  it('keeps each former commune’s teams together in a merged commune’s late list', () => {
    const team = (code: string, name: string): LateReply['units'][number] => ({
      code,
      name,
      level: 4,
      type: 'tổ dân phố',
      parentName: 'Hồng Hà',
      state: 'not_started',
      daysLate: 0,
      contacts: [],
      remindedAt: null,
    });
    const formerOf = new Map([
      ['00001-01', 'Phúc Xá'],
      ['00001-02', 'Phúc Xá'],
      ['00097-01', 'Tứ Liên'],
    ]);
    const rows = [team('00097-01', 'Tổ dân phố số 1'), team('00001-02', 'Tổ dân phố số 2'), team('00001-01', 'Tổ dân phố số 1')];
    expect(sortLate(rows, formerOf).map((x) => x.code)).toEqual(['00001-01', '00001-02', '00097-01']);
    // without a map, same names still come in a fixed order (by code)
    expect(sortLate(rows).map((x) => x.code)).toEqual(['00001-01', '00097-01', '00001-02']);
  });

  it('writes stored values the way the reader reads numbers', () => {
    expect(valueText(undefined, 1802, 'vi')).toBe('1.802');
    expect(valueText(undefined, { numerator: 1, denominator: 4 }, 'en')).toBe('1/4 (25%)');
    expect(
      valueText(
        {
          kind: 'checklist',
          items: [
            { code: 'a', name: 'a' },
            { code: 'b', name: 'b' },
          ],
        },
        { items: ['a'] },
        'en',
      ),
    ).toBe('1/2');
    expect(valueText(undefined, null, 'vi')).toBe('—');
  });
});

describe('import errors as CSV', () => {
  const errors: ImportError[] = [
    { row: 4, unit: '00001-02', kpi: 'b', message: 'Phải là số nguyên / must be whole' },
    { row: 2, unit: '00001-01', kpi: null, message: 'Mã "lạ", sai; =cmd' },
    { row: 4, unit: '00001-02', kpi: 'a', message: '=HYPERLINK("x")' },
  ];
  it('lists them in file order with a BOM for Excel, quoting what needs it and defusing formulas', () => {
    const csv = importErrorsCsv(sortImportErrors(errors));
    expect(csv.startsWith('\uFEFFrow,unit_code,kpi,message\r\n')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[1]).toBe('2,00001-01,,"Mã ""lạ"", sai; =cmd"');
    expect(lines[2]).toBe(`4,00001-02,a,"'=HYPERLINK(""x"")"`);
    expect(lines[3]).toBe('4,00001-02,b,Phải là số nguyên / must be whole');
  });
});

describe('the approver’s worklist and the sender’s summary', () => {
  const row = (code: string, state: ReportState | null, late: boolean | null = null, flags = 0) => ({ code, state, late, flags });

  it('puts waiting reports first, then late ones, keeping map order within each', () => {
    const sorted = sortWorklist([
      row('a', 'approved'),
      row('b', 'not_started', true),
      row('c', 'submitted', false, 2),
      row('d', 'draft'),
      row('e', 'submitted', true),
      row('f', 'approved', true),
    ]);
    expect(sorted.map((r) => r.code)).toEqual(['c', 'e', 'b', 'a', 'd', 'f']);
  });

  it('selects the waiting reports without flags', () => {
    expect(cleanWaiting([row('a', 'submitted'), row('b', 'submitted', null, 1), row('c', 'approved'), row('d', 'submitted')])).toEqual([
      'a',
      'd',
    ]);
  });

  it('says who did what last: the latest transition, or a later save', () => {
    const history = [
      { action: 'create', from: null, to: 'draft', actor: 'to1', actorName: 'Nguyễn Văn A', at: '2026-11-20T01:00:00.000Z', comment: null },
      {
        action: 'submit',
        from: 'draft',
        to: 'submitted',
        actor: 'to1',
        actorName: 'Nguyễn Văn A',
        at: '2026-11-25T07:05:00.010Z',
        comment: null,
      },
    ];
    expect(lastAction({ history, updatedAt: '2026-11-25T07:05:00.000Z', updatedBy: 'to1', updatedByName: 'Nguyễn Văn A' })).toEqual({
      who: 'Nguyễn Văn A',
      action: 'submit',
      at: '2026-11-25T07:05:00.010Z',
    });
    expect(
      lastAction({ history: history.slice(0, 1), updatedAt: '2026-11-21T02:00:00.000Z', updatedBy: 'hongha', updatedByName: 'Trần Thị B' }),
    ).toEqual({ who: 'Trần Thị B', action: 'save', at: '2026-11-21T02:00:00.000Z' });
    expect(lastAction({ history: [], updatedAt: null, updatedBy: null, updatedByName: null })).toBeNull();
    // 07:05 UTC is 14:05 in Hà Nội
    expect(hanoiParts('2026-11-25T07:05:00.010Z')).toEqual({ date: '2026-11-25', time: '14:05' });
    expect(hanoiParts('2026-11-25T18:30:00Z')).toEqual({ date: '2026-11-26', time: '01:30' });
  });

  it('tells the reviewer from the sender', () => {
    const r = { unit: { code: '00001-01', name: 'Tổ 1', level: 4, type: 't' } };
    expect(perspective(r, '00097', 'approver')).toBe('reviewer');
    expect(perspective(r, '00001-01', 'reporter')).toBe('sender');
    expect(perspective(r, '00097', 'reporter')).toBe('sender');
    expect(readOnlyReason({ editable: false, state: 'submitted', locked: false, canDecide: true }, 'approver')).toBe('awaitingYou');
  });

  it('says how each value moved from last month', () => {
    expect(changeFromPrevious(10, 12)).toEqual({ kind: 'number', delta: 2 });
    expect(changeFromPrevious(null, 12)).toEqual({ kind: 'first' });
    expect(changeFromPrevious(10, null)).toEqual({ kind: 'none' });
    expect(changeFromPrevious({ numerator: 1, denominator: 4 }, { numerator: 1, denominator: 2 })).toEqual({ kind: 'points', delta: 25 });
    expect(changeFromPrevious({ items: ['a', 'b'] }, { items: ['b', 'c', 'd'] })).toEqual({ kind: 'items', added: 2, removed: 1 });
  });
});
