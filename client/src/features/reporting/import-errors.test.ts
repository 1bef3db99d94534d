import { describe, expect, it } from 'vitest';
import { importErrorsCsv, refusalCounts, sortImportErrors } from './import-errors.ts';

describe('the import error list', () => {
  it('is a CSV with a BOM, CRLF rows, quoted where needed and no formula', () => {
    const csv = importErrorsCsv([
      { row: 3, unit: '00001-01', kpi: 'cccd_thu_nhan', message: 'Ô "Dữ liệu CCCD gắn chip thu nhận" phải là số / must be a number' },
      { row: 4, unit: '=1+1', kpi: null, message: 'a;b\nc' },
    ]);
    expect(csv).toBe(
      '\uFEFFrow,unit_code,kpi,message\r\n' +
        '3,00001-01,cccd_thu_nhan,"Ô ""Dữ liệu CCCD gắn chip thu nhận"" phải là số / must be a number"\r\n' +
        `4,'=1+1,,"a;b\nc"\r\n`,
    );
  });

  it('sorts by row then indicator, and reads the counts of a refusal', () => {
    const e = (row: number, kpi: string | null) => ({ row, unit: null, kpi, message: '' });
    expect(sortImportErrors([e(5, 'b'), e(2, null), e(5, 'a')]).map((x) => [x.row, x.kpi])).toEqual([
      [2, null],
      [5, 'a'],
      [5, 'b'],
    ]);
    expect(refusalCounts({ errors: [], total: 450, omitted: 250, refused: 449, skipped: 12 })).toEqual({
      total: 450,
      omitted: 250,
      refused: 449,
      skipped: 12,
    });
    expect(refusalCounts(undefined)).toBeNull();
  });
});
