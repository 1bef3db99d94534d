import { describe, expect, it } from 'vitest';
import {
  formatCompact,
  formatDate,
  formatDateTime,
  formatNumber,
  formatPercent,
  formatPeriod,
  formatPeriodShort,
  formatSigned,
} from './format.ts';

describe('locale formatting', () => {
  it('writes numbers the Vietnamese and the English way', () => {
    expect(formatNumber(3412560, 'vi')).toBe('3.412.560');
    expect(formatNumber(3412560, 'en')).toBe('3,412,560');
    expect(formatNumber(null, 'vi')).toBe('—');
  });
  it('writes percentages with a space in Vietnamese only', () => {
    expect(formatPercent(99.49, 'vi')).toBe('99,5\u00a0%');
    expect(formatPercent(99.49, 'en')).toBe('99.5%');
  });
  it('names months', () => {
    expect(formatPeriod('2022-09', 'vi')).toBe('tháng 9/2022');
    expect(formatPeriod('2022-09', 'en')).toBe('Sep 2022');
    expect(formatPeriodShort('2022-12', 'en')).toBe('Dec 22');
  });
  it('signs changes and never shows −0', () => {
    expect(formatSigned(30436, 'vi')).toBe('+30.436');
    expect(formatSigned(-76, 'en')).toBe('−76');
    expect(formatSigned(-0.00001, 'en', 1)).toBe('0');
  });
  it('writes dates as dd/mm/yyyy in Vietnamese and with the month named in English', () => {
    expect(formatDate('2026-12-15', 'vi')).toBe('15/12/2026');
    expect(formatDate('2026-12-05', 'vi')).toBe('05/12/2026');
    expect(formatDate('2026-12-05', 'en')).toBe('5 Dec 2026');
    expect(formatDate(null, 'vi')).toBe('—');
  });
  it('writes timestamps in Hà Nội time, across midnight too', () => {
    expect(formatDateTime('2026-11-17T11:11:00.000Z', 'vi')).toBe('17/11/2026 18:11');
    expect(formatDateTime('2026-11-17T11:11:00.000Z', 'en')).toBe('17 Nov 2026, 18:11');
    expect(formatDateTime('2026-12-31T17:30:00.000Z', 'vi')).toBe('01/01/2027 00:30');
  });
  it('writes compact numbers in words, never "1,8 N"', () => {
    expect(formatCompact(1800, 'vi')).toBe('1,8\u00a0nghìn');
    expect(formatCompact(2_000_000, 'vi')).toBe('2\u00a0triệu');
    expect(formatCompact(3_400_000_000, 'vi')).toBe('3,4\u00a0tỷ');
    expect(formatCompact(1800, 'en')).toBe('1.8k');
    expect(formatCompact(null, 'en')).toBe('—');
  });
});
