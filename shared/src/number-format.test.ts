import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cellPercentDecimals,
  formatCompactText,
  formatFixed,
  formatNumberText,
  formatPercentText,
  formatShareText,
  formatSignedText,
  percentDecimals,
  roundPercent,
  shareThresholds,
} from './number-format.ts';

describe('numbers as people write them', () => {
  it('groups thousands and uses the decimal mark of each language', () => {
    expect(formatFixed(3412560, 'vi')).toBe('3.412.560');
    expect(formatFixed(3412560, 'en')).toBe('3,412,560');
    expect(formatFixed(-0.0001, 'vi', 2)).toBe('0,00');
    expect(formatNumberText(1234.25, 'vi', 2)).toBe('1.234,25');
    expect(formatNumberText(99.5, 'en', 2)).toBe('99.5');
    expect(formatNumberText(100, 'vi', 1)).toBe('100');
  });
});

describe('percentages are never rounded up into a threshold', () => {
  it('shows 99.96 % as 99,96 %, never 100 %', () => {
    expect(formatPercentText(99.96, 'vi')).toBe('99,96\u00a0%');
    expect(formatPercentText(99.96, 'en')).toBe('99.96%');
    expect(formatPercentText(99.999, 'vi')).toBe('99,99\u00a0%');
    expect(formatPercentText(100, 'vi')).toBe('100\u00a0%');
    expect(formatPercentText(99.94, 'vi')).toBe('99,9\u00a0%');
    expect(formatPercentText(58, 'en')).toBe('58%');
  });

  it('does not round a shortfall up into the target it is judged against', () => {
    expect(formatPercentText(69.97, 'vi', 1, [70, 100])).toBe('69,97\u00a0%');
    expect(formatPercentText(70, 'vi', 1, [70, 100])).toBe('70\u00a0%');
    expect(percentDecimals(69.96, 1, [70])).toBe(2);
  });

  it('holds for any value: the shown number is below every threshold the value is below', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 200, noNaN: true }),
        fc.integer({ min: 0, max: 2 }),
        fc.double({ min: 1, max: 150, noNaN: true }),
        (v, d, t) => {
          const shown = roundPercent(v, d, [100, t]);
          if (v < 100) expect(shown).toBeLessThan(100);
          if (v < t) expect(shown).toBeLessThan(t);
          expect(Math.abs(shown - v)).toBeLessThanOrEqual(10 ** -d);
        },
      ),
    );
  });

  it('gives a spreadsheet cell the decimals its own rounding needs not to reach a threshold', () => {
    expect(cellPercentDecimals(99.5)).toBe(1);
    expect(cellPercentDecimals(99.96)).toBe(2);
    expect(cellPercentDecimals(99.996)).toBe(3);
    expect(cellPercentDecimals(100)).toBe(1);
    expect(cellPercentDecimals(69.97, 1, [100, 70])).toBe(2);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 200, noNaN: true }), fc.double({ min: 1, max: 150, noNaN: true }), (v, t) => {
        const d = cellPercentDecimals(v, 1, [100, t]);
        const shown = Number(v.toFixed(d));
        if (d < 6 && v < 100) expect(shown).toBeLessThan(100);
        if (d < 6 && v < t) expect(shown).toBeLessThan(t);
      }),
    );
  });
});

describe('compact numbers, as people say them', () => {
  it('names thousands, millions and billions in words in Vietnamese', () => {
    expect(formatCompactText(1800, 'vi')).toBe('1,8\u00a0nghìn');
    expect(formatCompactText(2_000_000, 'vi')).toBe('2\u00a0triệu');
    expect(formatCompactText(3_400_000_000, 'vi')).toBe('3,4\u00a0tỷ');
    expect(formatCompactText(250_000, 'vi')).toBe('250\u00a0nghìn');
    expect(formatCompactText(950, 'vi')).toBe('950');
    expect(formatCompactText(0, 'vi')).toBe('0');
    expect(formatCompactText(-1500, 'vi')).toBe('-1,5\u00a0nghìn');
  });
  it('uses short suffixes in English', () => {
    expect(formatCompactText(1800, 'en')).toBe('1.8k');
    expect(formatCompactText(2_000_000, 'en')).toBe('2M');
    expect(formatCompactText(3_400_000_000, 'en')).toBe('3.4bn');
  });
  it('moves to the larger unit when rounding reaches it', () => {
    expect(formatCompactText(999_960, 'vi')).toBe('1\u00a0triệu');
    expect(formatCompactText(999_999_999, 'en')).toBe('1bn');
    expect(formatCompactText(999, 'en')).toBe('999');
  });
});

describe('shares and signed changes', () => {
  it('write a share against its target by the one rule of the dashboard and the report', () => {
    expect(formatShareText(69.97, 'vi', 70)).toBe('69,97\u00a0%');
    expect(formatShareText(99.96, 'en')).toBe('99.96%');
    expect(formatShareText(58, 'vi', null)).toBe('58\u00a0%');
    expect(shareThresholds(undefined)).toEqual([100]);
    expect(shareThresholds(70)).toEqual([100, 70]);
  });

  it('sign a change with a true minus, and say nothing rounds to zero', () => {
    expect(formatSignedText(30436, 'vi')).toBe('+30.436');
    expect(formatSignedText(-76, 'en')).toBe('\u221276');
    expect(formatSignedText(-0.00001, 'en', 1)).toBe('0');
    expect(formatSignedText(2.25, 'vi', 1)).toBe('+2,3');
    expect(formatSignedText(2, 'vi', 1)).toBe('+2');
  });

  it('never put a sign on a change that reads as zero, and read back the rounded value otherwise', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.integer({ min: 0, max: 2 }), (v, d) => {
        const s = formatSignedText(v, 'en', d);
        const rounded = Number(v.toFixed(d));
        if (rounded === 0) expect(s).toBe('0');
        else expect(Number(s.replace('\u2212', '-').replaceAll(',', ''))).toBe(rounded);
      }),
    );
  });
});
