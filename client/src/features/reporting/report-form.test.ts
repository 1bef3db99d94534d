import type { ReportReply } from '@tiendo/shared';
import { describe, expect, it } from 'vitest';
import {
  checkForm,
  errorsByField,
  formFromReport,
  parseCount,
  type ReportKpi,
  ratioPercent,
  sameContent,
  toSaveBody,
} from './report-form.ts';

const kpi = (code: string, kind: ReportKpi['kind'], extra: Partial<ReportKpi> = {}): ReportKpi => ({
  code,
  kind,
  ratioMode: kind === 'ratio' ? 'level' : null,
  name: code,
  nameEn: code,
  unit: '',
  unitEn: '',
  previous: null,
  cumulative: null,
  ...extra,
});

const kpis = [
  kpi('received', 'count', { previous: 7, cumulative: 1802 }),
  kpi('cleaned', 'ratio', { previous: { numerator: 1977, denominator: 1978 } }),
  kpi('services', 'checklist', {
    items: [
      { code: 'dv01', name: 'a' },
      { code: 'dv02', name: 'b' },
      { code: 'dv03', name: 'c' },
    ],
    previous: { items: ['dv02', 'dv01'] },
  }),
];
const reply = (over: Partial<ReportReply> = {}): Pick<ReportReply, 'kpis' | 'values' | 'notes' | 'flags'> => ({
  kpis,
  values: {},
  notes: { difficulties: '', recommendations: '' },
  flags: [],
  ...over,
});

describe('parseCount', () => {
  it('reads whole numbers as typed on a phone, with either thousands separator', () => {
    expect(parseCount('')).toBeNull();
    expect(parseCount('  ')).toBeNull();
    expect(parseCount('42')).toBe(42);
    expect(parseCount(' 007 ')).toBe(7);
    expect(parseCount('1.802')).toBe(1802);
    expect(parseCount('3,412,560')).toBe(3412560);
    expect(parseCount('12 345')).toBe(12345);
  });
  it('refuses what is not a whole number rather than guessing', () => {
    for (const s of ['1.5', '-3', '1,23', 'abc', '1e3', '12.34.567', '0x10']) expect(parseCount(s), s).toBe('invalid');
  });
});

describe('the form and the save body', () => {
  it('starts from the stored values, and a checklist not yet reported from last month’s ticks', () => {
    const f = formFromReport(reply({ values: { received: 9, cleaned: { numerator: 5, denominator: 6 } } }));
    expect(f.values.received).toEqual({ value: '9' });
    expect(f.values.cleaned).toEqual({ numerator: '5', denominator: '6' });
    expect(f.values.services).toEqual({ items: ['dv01', 'dv02'] });
    const empty = formFromReport(reply());
    expect(empty.values.received).toEqual({ value: '' });
    expect(empty.values.cleaned).toEqual({ numerator: '', denominator: '' });
  });

  it('keeps the explanations the server holds for flagged values', () => {
    const f = formFromReport(
      reply({ flags: [{ kpi: 'received', code: 'far_from_recent', params: { usual: 12 }, message: 'far', explanation: 'đợt cao điểm' }] }),
    );
    expect(f.explanations).toEqual({ received: 'đợt cao điểm' });
  });

  it('builds the PUT body with every KPI, empty ones cleared, separators removed', () => {
    const f = formFromReport(reply());
    f.values.received = { value: '1.234' };
    f.values.cleaned = { numerator: '10', denominator: '12' };
    f.notes.difficulties = 'Thiếu máy đọc chip';
    f.explanations = { received: '  lý do  ', stranger: 'x' };
    expect(toSaveBody(kpis, f, 3)).toEqual({
      values: { received: 1234, cleaned: { numerator: 10, denominator: 12 }, services: { items: ['dv01', 'dv02'] } },
      notes: { difficulties: 'Thiếu máy đọc chip', recommendations: '' },
      explanations: { received: 'lý do' },
      version: 3,
    });
    f.values.received = { value: '' };
    f.values.cleaned = { numerator: '', denominator: '' };
    expect(toSaveBody(kpis, f, 3)?.values).toMatchObject({ received: null, cleaned: null });
  });

  it('checks the hard rules field by field, as the server would', () => {
    const f = formFromReport(reply());
    f.values.received = { value: '-1' };
    f.values.cleaned = { numerator: '11', denominator: '10' };
    expect(checkForm(kpis, f)).toEqual([
      { kpi: 'received', field: 'value', code: 'notWhole' },
      { kpi: 'cleaned', field: 'numerator', code: 'numeratorOverDenominator' },
    ]);
    expect(toSaveBody(kpis, f, 0)).toBeNull();
    f.values.received = { value: '3' };
    f.values.cleaned = { numerator: '2', denominator: '0' };
    expect(checkForm(kpis, f)).toEqual([{ kpi: 'cleaned', field: 'denominator', code: 'denominatorZero' }]);
    f.values.cleaned = { numerator: '', denominator: '5' };
    expect(checkForm(kpis, f)).toEqual([{ kpi: 'cleaned', field: 'numerator', code: 'ratioHalf' }]);
    f.values.cleaned = { numerator: '0', denominator: '0' };
    expect(checkForm(kpis, f)).toEqual([]);
  });

  it('shows the live percentage only when both halves make sense', () => {
    expect(ratioPercent('1977', '1978')).toBeCloseTo(99.949, 2);
    expect(ratioPercent('1', '')).toBeNull();
    expect(ratioPercent('1', '0')).toBeNull();
    expect(ratioPercent('x', '3')).toBeNull();
  });

  it('tells unsent edits from the same figures spelt differently', () => {
    const server = formFromReport(reply({ values: { received: 1802 } }));
    const same = structuredClone(server);
    same.values.received = { value: '1.802' };
    same.notes.difficulties = '  ';
    expect(sameContent(kpis, server, same)).toBe(true);
    const changed = structuredClone(server);
    changed.values.received = { value: '1803' };
    expect(sameContent(kpis, server, changed)).toBe(false);
    const halfTyped = structuredClone(server);
    halfTyped.values.received = { value: '18.' };
    expect(sameContent(kpis, server, halfTyped)).toBe(false);
  });

  it('groups the server’s field errors by KPI and field', () => {
    const m = errorsByField([
      { kpi: 'cleaned', field: 'numerator', message: 'a' },
      { kpi: 'cleaned', field: 'numerator', message: 'b' },
      { kpi: 'received', field: null, message: 'c' },
    ]);
    expect(m.get('cleaned:numerator')?.map((e) => e.message)).toEqual(['a', 'b']);
    expect(m.get('received:')?.map((e) => e.message)).toEqual(['c']);
  });
});
