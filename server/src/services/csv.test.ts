import { describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from './csv.ts';

describe('csv', () => {
  it('round-trips quotes, commas, line breaks and Vietnamese', () => {
    const rows = [
      ['unit_code', 'unit_name', 'x'],
      ['00001-01', 'Tổ dân phố số 1, "Phúc Xá"', '12'],
      ['00001-02', 'dòng\nhai', ''],
    ];
    expect(parseCsv(toCsv(rows))).toEqual(rows);
  });

  it('reads LF files without a trailing newline', () => {
    expect(parseCsv('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
});
