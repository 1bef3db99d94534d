import { describe, expect, it } from 'vitest';
import {
  buildReorganisation,
  hanoiReorganisation,
  hanoiReorganisationWithRepairs,
  hanoiReorgInputs,
  reorgCsv,
  type WardMapping,
} from './reorg-hanoi.ts';

describe('Hanoi 2025-07 reorganisation', () => {
  const { rows, repairs } = hanoiReorganisationWithRepairs();
  const successorsOf = (oldCode: string) => rows.filter((r) => r.oldCode === oldCode);
  const predecessorsOf = (newCode: string) => rows.filter((r) => r.newCode === newCode);

  it('takes each of the 579 old communes to the 126 new ones: 51 phường, 75 xã', () => {
    expect(new Set(rows.map((r) => r.oldCode)).size).toBe(579);
    const fresh = new Map(rows.map((r) => [r.newCode, r]));
    expect(fresh.size).toBe(126);
    expect([...fresh.values()].filter((r) => r.newType === 'phường')).toHaveLength(51);
    expect([...fresh.values()].filter((r) => r.newType === 'xã')).toHaveLength(75);
  });

  it("gives each old commune's successors shares summing to 1", () => {
    const sums = new Map<string, number>();
    for (const r of rows) {
      expect(r.share).toBeGreaterThan(0);
      sums.set(r.oldCode, (sums.get(r.oldCode) ?? 0) + r.share);
    }
    for (const [code, sum] of sums) expect(Math.abs(sum - 1), code).toBeLessThan(1e-9);
  });

  it('knows Phường Ba Đình and Phường Hồng Hà', () => {
    const baDinh = predecessorsOf('00004');
    expect(baDinh[0]).toMatchObject({ newName: 'Ba Đình', newType: 'phường' });
    // Trúc Bạch, Nguyễn Trung Trực (matched by name: its row has no old code), Quán Thánh, Điện Biên, Đội Cấn.
    expect(baDinh.map((r) => r.oldCode)).toEqual(['00004', '00010', '00013', '00019', '00022']);
    const hongHa = predecessorsOf('00097');
    expect(hongHa[0]).toMatchObject({ newName: 'Hồng Hà', newType: 'phường' });
    expect(hongHa.map((r) => r.oldCode)).toContain('00001');
    expect(successorsOf('00001')).toEqual([{ oldCode: '00001', newCode: '00097', newName: 'Hồng Hà', newType: 'phường', share: 1 }]);
  });

  it('reports the splits, whose rows share the old commune equally', () => {
    expect(repairs.splits.length).toBeGreaterThan(0);
    for (const s of repairs.splits) {
      expect(s.successors.length).toBeGreaterThan(1);
      expect(successorsOf(s.oldCode).map((r) => [r.newCode, r.share])).toEqual(s.successors.map((x) => [x.newCode, x.share]));
      for (const x of s.successors) expect(x.share).toBeCloseTo(1 / s.successors.length, 3);
    }
    const split = new Set(repairs.splits.map((s) => s.oldCode));
    for (const r of rows) if (!split.has(r.oldCode)) expect(r.share).toBe(1);
    // Yên Hoà (00172) is only found as the row's "Yên Hòa" with the tone mark placed either way.
    expect(repairs.splits.map((s) => s.oldCode)).toEqual(['00166', '00167', '00172', '00226', '00235']);
    // Dịch Vọng went partly to Cầu Giấy, partly to Nghĩa Đô.
    expect(repairs.splits.find((s) => s.oldName === 'Phường Dịch Vọng')?.successors.map((x) => x.newName)).toEqual([
      'Nghĩa Đô',
      'Cầu Giấy',
    ]);
  });

  it('counts the repaired rows', () => {
    expect(repairs.rows).toBeGreaterThan(600);
    expect(repairs.nullOldCode).toBeGreaterThan(0);
    expect(repairs.unpaddedNewCode).toBeGreaterThan(0);
    expect(repairs.merged2025).toBeGreaterThan(0);
  });

  it('is the same on every run, ordered by new code then old code', () => {
    expect(hanoiReorganisation()).toEqual(rows);
    const keys = rows.map((r) => `${r.newCode}/${r.oldCode}`);
    expect(keys).toEqual([...keys].sort());
  });

  it('writes CSV with a header and one row per line, quoting where needed', () => {
    const lines = reorgCsv(rows).split('\r\n');
    expect(lines[0]).toBe('old_code,new_code,new_name,new_type,share');
    expect(lines[1]).toBe('00004,00004,Ba Đình,phường,1');
    expect(lines).toHaveLength(rows.length + 2);
    expect(lines.at(-1)).toBe('');
    const odd = reorgCsv([{ oldCode: '1', newCode: '2', newName: 'A, "B"', newType: 'xã', share: 0.5 }]);
    expect(odd).toBe('old_code,new_code,new_name,new_type,share\r\n1,2,"A, ""B""",xã,0.5\r\n');
  });

  describe('fails loudly', () => {
    const inputs = hanoiReorgInputs();

    it('when an old commune has no successor', () => {
      const mappings = inputs.mappings.filter((m) => m.old_ward_code !== '00001');
      expect(() => buildReorganisation({ ...inputs, mappings })).toThrow(
        /old commune 00001 Phường Phúc Xá \(Quận Ba Đình\) has no successor/,
      );
    });

    it('when a new commune has no predecessor, a row cannot be matched or names an unknown old code', () => {
      const wards = [...inputs.wards, { ward_code: '99999', name: 'Phường Mới', province_code: '01' }];
      const base = inputs.mappings.find((m) => m.old_ward_code === '00001');
      if (!base) throw new Error('no row for Phúc Xá');
      const ghost: WardMapping = { ...base, id: 'x1', old_ward_code: null, old_ward_name: 'Phường Ma' };
      const stray: WardMapping = { ...ghost, id: 'x2', old_ward_code: '99998' };
      const nowhere: WardMapping = { ...base, id: 'x3', new_ward_code: '1', new_ward_name: 'Phường Không' };
      const mappings = [...inputs.mappings, ghost, stray, nowhere];
      const error = (() => {
        try {
          buildReorganisation({ ...inputs, wards, mappings });
        } catch (e) {
          return String(e);
        }
        return '';
      })();
      expect(error).toMatch(/new commune 99999 Phường Mới has no predecessor/);
      expect(error).toMatch(/mapping row x1 .*: no old commune of that name in that district/);
      expect(error).toMatch(/mapping row x2 .*: old code 99998 is not among the 579 communes/);
      expect(error).toMatch(/mapping row x3 .*: new commune not found by code or name/);
    });
  });
});
