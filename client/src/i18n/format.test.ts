import { describe, expect, it } from 'vitest';
import { formatNumber, formatPercent, formatPeriod, formatPeriodShort, formatSigned } from './format.ts';

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
});
