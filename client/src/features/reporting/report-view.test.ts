import type { LateReply } from '@tiendo/shared';
import { describe, expect, it } from 'vitest';
import { type ImportError, importErrorsCsv, sortImportErrors } from './import-errors.ts';
import { conflictDetails, detailErrors, errorFrom } from './report-http.ts';
import { countStates, nextStep, openPeriod, readOnlyReason, sortLate } from './report-view.ts';
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

describe('error replies', () => {
  it('keeps the field errors of a 400 and the changes of a 409', () => {
    const bad = errorFrom(400, {
      error: { code: 'validation_error', message: 'x / y', details: { errors: [{ kpi: 'a', field: 'value', message: 'm' }] } },
    });
    expect(detailErrors(bad)).toEqual([{ kpi: 'a', field: 'value', message: 'm' }]);
    expect(conflictDetails(bad)).toBeNull();
    const clash = errorFrom(409, {
      error: {
        code: 'conflict',
        message: 'c',
        details: { currentVersion: 2, updatedBy: 'phucxa', updatedAt: 't', changes: [{ kpi: 'a', yours: 1, theirs: 2 }] },
      },
    });
    expect(conflictDetails(clash)).toMatchObject({ currentVersion: 2, updatedBy: 'phucxa', changes: [{ kpi: 'a' }] });
    // an approved report answers 409 without details: nothing to compare
    expect(conflictDetails(errorFrom(409, { error: { code: 'conflict', message: 'approved' } }))).toBeNull();
    expect(detailErrors(new Error('x'))).toEqual([]);
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
