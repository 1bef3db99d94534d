import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvFormatError, CsvLimitError, csvSeparator, parseCsv, toCsv } from './csv.ts';

const LIMITS = { maxRows: 3, maxColumns: 3, maxCellChars: 5 };
const limitOf = (text: string) => {
  try {
    parseCsv(text, LIMITS);
    return null;
  } catch (e) {
    return e instanceof CsvLimitError ? { limit: e.limit, row: e.row, column: e.column } : e;
  }
};

describe('csv', () => {
  it('round-trips quotes, commas, semicolons, line breaks and Vietnamese', () => {
    const rows = [
      ['unit_code', 'unit_name', 'x'],
      ['00001-01', 'Tổ dân phố số 1, "Phúc Xá"', '12'],
      ['00001-02', 'dòng\nhai', ''],
      ['00001-03', 'a;b', '1,5'],
    ];
    expect(parseCsv(toCsv(rows))).toEqual(rows);
    expect(parseCsv(toCsv(rows, { separator: ';' }))).toEqual(rows);
  });

  it('round-trips any table of text, with either separator', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'ả', ',', ';', '"', '\n', '\r\n', ' ', '1', '.') });
    fc.assert(
      fc.property(
        fc.constantFrom<',' | ';'>(',', ';'),
        // two columns at least: a one-column file has no separator to tell apart
        fc.integer({ min: 2, max: 4 }),
        fc.array(fc.array(cell, { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        (separator, width, table) => {
          // The first row holds codes, as in the template: it decides the separator.
          const rows = [Array.from({ length: width }, (_, i) => `c${i}`), ...table.map((r) => r.slice(0, width))];
          expect(parseCsv(toCsv(rows, { separator }))).toEqual(rows);
        },
      ),
    );
  });

  it('reads LF, CR and mixed line endings, a BOM, and a file without a trailing newline', () => {
    expect(parseCsv('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseCsv('\uFEFFa;b\r\n1,5;2\n\n3;"x;y"\r')).toEqual([['a', 'b'], ['1,5', '2'], [''], ['3', 'x;y']]);
    expect(parseCsv(Buffer.from('\uFEFFa,b\r\n1,2\r\n'))).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('takes the separator from the first line', () => {
    expect(csvSeparator('unit_code;unit_name;x\n1,5;2,5;3')).toBe(';');
    expect(csvSeparator('unit_code,unit_name,x\n"1;2",3,4')).toBe(',');
    expect(csvSeparator('unit_code')).toBe(',');
  });

  it('stops at the first limit passed: columns, a long or unterminated cell, rows', () => {
    expect(limitOf('a,b,c,d\n')).toEqual({ limit: 'columns', row: 1, column: 4 });
    expect(limitOf('a\nb,123456\n')).toEqual({ limit: 'cell', row: 2, column: 2 });
    expect(limitOf(`a\n"${'x'.repeat(200)}`)).toEqual({ limit: 'cell', row: 2, column: 1 });
    expect(limitOf('a\nb\nc\nd\n')).toEqual({ limit: 'rows', row: 4, column: 0 });
    expect(limitOf('a\nb\nc\n')).toBeNull();
  });

  it('refuses a quote left open, by row', () => {
    expect(() => parseCsv('a\n"bc')).toThrow(CsvFormatError);
  });

  it('makes text that a spreadsheet would run as a formula inert, numbers untouched', () => {
    const text = toCsv([['=HYPERLINK("x")', '+1', '@a', 'ok', -5, null]], { guardFormulas: true });
    expect(parseCsv(text)).toEqual([['\'=HYPERLINK("x")', "'+1", "'@a", 'ok', '-5', '']]);
    expect(parseCsv(toCsv([['=1']]))).toEqual([['=1']]);
  });
});
