import type { BreakdownRow, Figure } from '@tiendo/shared';
import { describe, expect, it } from 'vitest';
import { rasterise } from './png-raster.ts';
import {
  behindUnits,
  changeText,
  cleanText,
  figureCells,
  issuerOf,
  type KpiInfo,
  kpiSentence,
  madeOfText,
  placeOf,
  summarySentences,
} from './report-shape.ts';
import { niceTicks, rankingChart, toSvg, trendChart } from './svg-charts.ts';
import { formatNumber, formatPercent, formatShare, placeDate, unitFullName } from './text.ts';
import { percentFormat } from './xlsx-report.ts';

const city = { code: '01', name: 'Hà Nội', level: 1, type: 'thành phố' };
const district = { code: '001', name: 'Ba Đình', level: 2, type: 'quận' };
const ward = { code: '00001', name: 'Phúc Xá', level: 3, type: 'phường' };
const group = { code: '00001-01', name: 'Tổ dân phố số 1', level: 4, type: 'tổ dân phố' };

const count: KpiInfo = {
  code: 'dinh_danh',
  name: 'Hồ sơ định danh điện tử tiếp nhận',
  measure: 'hồ sơ',
  kind: 'count',
  higherIsBetter: true,
};
const ratio: KpiInfo = { code: 'lam_sach', name: 'Dữ liệu đã làm sạch', measure: '%', kind: 'ratio', higherIsBetter: true };

function fig(over: Partial<Figure>): Figure {
  return {
    kpi: 'x',
    kind: 'count',
    value: null,
    status: 'no_target',
    source: 'aggregate',
    carried: false,
    contributors: 1,
    updatedAt: null,
    ...over,
  };
}

describe('numbers in Vietnamese and English', () => {
  it('groups thousands with dots and uses a decimal comma in Vietnamese', () => {
    expect(formatNumber(3412560, 'vi')).toBe('3.412.560');
    expect(formatNumber(3412560, 'en')).toBe('3,412,560');
    expect(formatPercent(8.2, 'vi')).toBe('8,2\u00a0%');
    expect(formatPercent(8.2, 'en')).toBe('8.2%');
    expect(formatNumber(-1234.56, 'vi', 1)).toBe('-1.234,6');
    expect(formatNumber(-0.01, 'vi', 1)).toBe('0,0');
    expect(formatNumber(999, 'vi')).toBe('999');
    expect(formatNumber(Number.NaN, 'vi')).toBe('–');
  });

  it('never rounds a shortfall up to 100\u00a0%', () => {
    expect(formatShare(99.96, 'vi')).toBe('99,96\u00a0%');
    expect(formatShare(99.999, 'vi')).toBe('99,99\u00a0%');
    expect(formatShare(99.94, 'vi')).toBe('99,9\u00a0%');
    expect(formatShare(100, 'vi')).toBe('100\u00a0%');
    // Nor into the target it is judged against.
    expect(formatShare(69.97, 'vi', 70)).toBe('69,97\u00a0%');
    expect(formatShare(69.97, 'en', 70)).toBe('69.97%');
  });

  it('writes the place and date after Decree 30 (leading zero for days < 10 and months < 3)', () => {
    expect(placeDate('Hà Nội', '2022-09-14', 'vi')).toBe('Hà Nội, ngày 14 tháng 9 năm 2022');
    expect(placeDate('Hà Nội', '2026-02-05', 'vi')).toBe('Hà Nội, ngày 05 tháng 02 năm 2026');
    expect(placeDate('Hà Nội', '2026-11-14', 'en')).toBe('Hà Nội, 14 November 2026');
  });
});

describe('issuing body and place', () => {
  it('derives the People’s Committee from the unit', () => {
    expect(issuerOf(city, null, 'vi')).toEqual({
      superior: 'UBND THÀNH PHỐ HÀ NỘI',
      body: 'BAN CHỈ ĐẠO ĐỀ ÁN 06',
      numberSuffix: 'BC-BCĐ06',
    });
    expect(issuerOf(district, city, 'vi').superior).toBe('UBND QUẬN BA ĐÌNH');
    expect(issuerOf(ward, district, 'vi').superior).toBe('UBND PHƯỜNG PHÚC XÁ');
    expect(issuerOf(group, ward, 'vi')).toEqual({ superior: 'UBND PHƯỜNG PHÚC XÁ', body: 'TỔ DÂN PHỐ SỐ 1', numberSuffix: 'BC' });
    expect(issuerOf(district, city, 'en').superior).toBe("PEOPLE'S COMMITTEE OF BA ĐÌNH DISTRICT");
  });

  it('places a group’s report in its commune', () => {
    expect(placeOf(city, null)).toBe('Hà Nội');
    expect(placeOf(group, ward)).toBe('Phúc Xá');
    expect(unitFullName(ward, 'vi')).toBe('Phường Phúc Xá');
  });
});

describe('figures in cells and sentences', () => {
  const f = fig({
    kind: 'count',
    value: 3412560,
    previous: 3154000,
    change: 258560,
    cumulative: 45000000,
    target: 50000000,
    deadline: '2026-12',
    attainment: 90,
    status: 'on_track',
  });

  it('formats each cell', () => {
    expect(figureCells(f, 'vi')).toEqual({
      value: '3.412.560',
      cumulative: '45.000.000',
      change: '+8,2\u00a0%',
      target: '50.000.000',
      deadline: '12/2026',
      attainment: '90\u00a0%',
      status: 'Đúng tiến độ',
    });
    expect(figureCells(fig({ kind: 'checklist', value: 20, itemsTotal: 25 }), 'vi').value).toBe('20/25');
  });

  it('gives ratios’ change in percentage points and rounds a tiny change to none', () => {
    expect(changeText(fig({ kind: 'ratio', value: 80, previous: 78.8, change: 1.2 }), 'vi')).toBe('+1,2 điểm %');
    expect(changeText(fig({ kind: 'ratio', value: 80, previous: 80.01, change: -0.01 }), 'vi')).toBe('±0,0 điểm %');
    expect(changeText(fig({ kind: 'count', value: 5, previous: 0, change: 5 }), 'vi')).toBe('+5');
    expect(changeText(fig({ value: 5 }), 'vi')).toBe('–');
  });

  it('writes a sentence from the figure', () => {
    expect(kpiSentence(count, f, 'vi')).toBe(
      'Hồ sơ định danh điện tử tiếp nhận trong tháng: 3.412.560 hồ sơ, tăng 8,2\u00a0% so với tháng trước; lũy kế 45.000.000 hồ sơ, đạt 90\u00a0% chỉ tiêu giao (đúng tiến độ).',
    );
    expect(kpiSentence(ratio, fig({ kind: 'ratio', value: 99.9, previous: 99.9, change: 0 }), 'vi')).toBe(
      'Dữ liệu đã làm sạch: 99,9\u00a0%, không đổi so với tháng trước.',
    );
    expect(kpiSentence(count, fig({ value: null }), 'vi')).toBeNull();
    expect(kpiSentence({ ...count, name: 'Documents', measure: 'documents' }, fig({ value: 1 }), 'en')).toBe(
      'Documents this month: 1 document.',
    );
  });

  it('says when an aggregate is built from carried levels', () => {
    const made = fig({ kind: 'ratio', value: 99.93, units: { expected: 5247, reported: 256, carried: 4991 } });
    expect(kpiSentence(ratio, made, 'vi')).toBe(
      'Dữ liệu đã làm sạch: 99,9\u00a0%. (Số liệu gồm báo cáo tháng này của 256/5.247 đơn vị; 4.991 đơn vị giữ số kỳ trước.)',
    );
    expect(madeOfText({ units: { expected: 10, reported: 10, carried: 0 } }, 'vi')).toBeNull();
    expect(madeOfText({ units: { expected: 10, reported: 4, carried: 0 } }, 'en')).toBe(
      "(Built from this month's reports of 4 of 10 units.)",
    );
  });

  it('formats a spreadsheet percentage cell so that it does not round up into 100 % or the target', () => {
    expect(percentFormat(99.5)).toBe('[$-42A]#,##0.0" %"');
    expect(percentFormat(99.96)).toBe('[$-42A]#,##0.00" %"');
    expect(percentFormat(69.97, [100, 70])).toBe('[$-42A]#,##0.00" %"');
    expect(percentFormat(null)).toBe('[$-42A]#,##0.0" %"');
  });

  it('opens the summary with the count of KPIs by status', () => {
    const [opening] = summarySentences(city, '2026-11', [{ kpi: count, figure: f }], 'vi');
    expect(opening).toBe(
      'Tháng 11/2026, toàn thành phố theo dõi 1 chỉ tiêu, trong đó 1 chỉ tiêu có giao chỉ tiêu: 0 chỉ tiêu đã đạt, 1 đúng tiến độ, 0 có nguy cơ chậm và 0 chậm tiến độ.',
    );
  });
});

describe('units behind target', () => {
  const row = (code: string, status: BreakdownRow['status'], attainment: number): BreakdownRow => ({
    code,
    name: `Đơn vị ${code}`,
    level: 2,
    type: 'quận',
    value: attainment,
    target: 100,
    attainment,
    status,
    rank: null,
    carried: false,
    reportState: 'on_time',
  });

  it('lists off-track and at-risk units, worst first, with their figures', () => {
    const out = behindUnits(
      [
        { kpi: ratio, rows: [row('a', 'at_risk', 92), row('b', 'off_track', 60), row('c', 'achieved', 100)] },
        { kpi: count, rows: [row('a', 'off_track', 50)] },
      ],
      'vi',
    );
    expect(out.map((u) => u.unit.code)).toEqual(['a', 'b']);
    expect(out[0]?.items.map((i) => i.attainment)).toEqual(['50\u00a0%', '92\u00a0%']);
    expect(out[1]?.items[0]?.value).toBe('60\u00a0%');
  });
});

describe('free text and charts', () => {
  it('strips what XML and PDF text cannot carry, keeps Vietnamese and emoji', () => {
    expect(cleanText('Khó\u0000 khăn\u0007 😀 \uD800x\n')).toBe('Khó khăn 😀 x');
    expect(cleanText(null)).toBe('');
  });

  it('draws charts as SVG with escaped text and rasterises a PNG fallback', () => {
    expect(niceTicks(93)).toEqual([0, 25, 50, 75, 100]);
    const points = [
      { period: '2026-10', value: 90 },
      { period: '2026-11', value: null },
    ];
    const svg = toSvg(trendChart({ kpi: { ...ratio, name: 'A & <B>' }, target: 100, points }, 'vi'));
    expect(svg).toContain('A &amp; &lt;B&gt;');
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 480 190"/);
    const ranking = rankingChart({ kpi: ratio, rows: [{ code: '1', name: 'Ba Đình', value: 99 }] }, 'vi');
    expect(toSvg(ranking)).toContain('1. Ba Đình');
    const png = rasterise(ranking);
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
  });
});
