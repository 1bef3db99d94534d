import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFigure } from './template-number.ts';

const vi = (n: number, fractionDigits = 0) =>
  new Intl.NumberFormat('vi-VN', { maximumFractionDigits: fractionDigits, useGrouping: true }).format(n);

describe('figures as typed in the template', () => {
  it('reads vi-VN and plain numbers', () => {
    expect(readFigure('1.234')).toBe(1234);
    expect(readFigure('1.234.567')).toBe(1_234_567);
    expect(readFigure('12,5')).toBe(12.5);
    expect(readFigure('1.234,5')).toBe(1234.5);
    expect(readFigure('1 234 567')).toBe(1_234_567);
    expect(readFigure('1\u00a0234')).toBe(1234);
    expect(readFigure(' 1234 ')).toBe(1234);
    expect(readFigure('12.5')).toBe(12.5);
    expect(readFigure('0.75')).toBe(0.75);
    expect(readFigure('0.123')).toBe(0.123);
    expect(readFigure('1234.567')).toBe(1234.567);
    expect(readFigure('-5')).toBe(-5);
    expect(readFigure('0')).toBe(0);
  });

  it('reads the ambiguous "1,234" as vi-VN 1.234, which no whole-number figure accepts', () => {
    expect(readFigure('1,234')).toBe(1.234);
    expect(Number.isInteger(readFigure('1,234'))).toBe(false);
  });

  it('refuses what is not a number by the rule', () => {
    for (const s of [
      '',
      ' ',
      'mười',
      '1,234.5',
      '1,234,567',
      '1.23.4',
      '1.2345.678',
      '12 34',
      '1e3',
      '12a',
      '.5',
      '5.',
      ',5',
      '--1',
      '0.123.456',
    ])
      expect([s, readFigure(s)]).toEqual([s, null]);
  });

  it('reads back any whole number written the vi-VN way or plainly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), (n) => {
        expect(readFigure(vi(n))).toBe(n);
        expect(readFigure(String(n))).toBe(n);
        expect(readFigure(vi(n).replaceAll('.', ' '))).toBe(n);
      }),
    );
  });

  it('reads back vi-VN decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 1, max: 99 }), (whole, cents) => {
        const n = whole + cents / 100;
        expect(readFigure(vi(n, 2))).toBeCloseTo(n, 6);
      }),
    );
  });

  it('reads a plain decimal as written, except the one shape that is a vi-VN thousand', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e9, noNaN: true }), (x) => {
        const s = String(x);
        fc.pre(!s.includes('e'));
        const ambiguous = /^[1-9]\d{0,2}\.\d{3}$/.test(s);
        expect(readFigure(s)).toBe(ambiguous ? Number(s.replace('.', '')) : x);
      }),
    );
  });

  it('never throws and gives a finite number or null', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('1', '0', '.', ',', ' ', '-', 'a', '9') }), (s) => {
        const r = readFigure(s);
        expect(r === null || Number.isFinite(r)).toBe(true);
      }),
    );
  });
});
