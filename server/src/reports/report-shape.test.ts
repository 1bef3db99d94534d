import type { BreakdownRow, Figure } from '@tiendo/shared';
import { describe, expect, it } from 'vitest';
import { rasterise } from './chart-raster.ts';
import { textWidth } from './font-metrics.ts';
import {
  changeText,
  cleanText,
  compareOnTarget,
  figureCells,
  issuerOf,
  type KpiInfo,
  kpiSentence,
  madeOfText,
  placeOf,
  rankingOf,
  summarySentences,
} from './report-shape.ts';
import { niceTicks, rankingChart, toSvg, trendChart } from './svg-charts.ts';
import { columnNeeds, fitColumns, fitTable, tokensOf } from './table-fit.ts';
import { formatNumber, formatPercent, formatShare, placeDate, unitFullName } from './text.ts';
import { kpiSheetName, percentFormat } from './xlsx-report.ts';

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
    // One quantity, held together by no-break spaces so a table never wraps it.
    expect(changeText(fig({ kind: 'ratio', value: 80, previous: 78.8, change: 1.2 }), 'vi')).toBe('+1,2\u00a0điểm\u00a0%');
    expect(changeText(fig({ kind: 'ratio', value: 80, previous: 80.01, change: -0.01 }), 'vi')).toBe('±0,0\u00a0điểm\u00a0%');
    expect(changeText(fig({ kind: 'ratio', value: 80, previous: 78.8, change: 1.2 }), 'en')).toBe('+1.2\u00a0pp');
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

describe('units against their targets', () => {
  const row = (
    code: string,
    status: BreakdownRow['status'],
    attainment: number | null,
    over: Partial<BreakdownRow> = {},
  ): BreakdownRow => ({
    code,
    name: `Đơn vị ${code}`,
    level: 3,
    type: 'xã',
    value: attainment,
    target: 100,
    attainment,
    status,
    rank: null,
    carried: false,
    reportState: 'on_time',
    ...over,
  });
  const label = (r: BreakdownRow) => unitFullName(r, 'vi');

  it('lists the units furthest behind, worst first, each with its reason or a sentence that it gave none', () => {
    const rows = [
      row('a', 'at_risk', 92, { note: { text: 'Thiếu máy đọc chip', source: 'flag' } }),
      row('b', 'off_track', 60, { note: { text: 'Mất điện', source: 'difficulties' } }),
      row('c', 'achieved', 100),
      ...['d', 'e', 'f', 'g', 'h'].map((c, i) => row(c, 'off_track', 70 + i)),
      row('x', 'no_target', null, { reportState: 'missing', attainment: null }),
    ];
    const c = compareOnTarget(ratio, rows, 'vi', label);
    expect(c?.even).toBeNull();
    expect(c?.behindCount).toBe(7);
    expect(c?.unreported).toBe(1);
    expect(c?.sameTarget).toBe('100\u00a0%');
    expect(c?.behind.map((b) => b.unit)).toEqual(['Xã Đơn vị b', 'Xã Đơn vị d', 'Xã Đơn vị e', 'Xã Đơn vị f', 'Xã Đơn vị g']);
    expect(c?.behind[0]).toMatchObject({
      value: '60\u00a0%',
      attainment: '60\u00a0%',
      reason: 'Khó khăn, vướng mắc: Mất điện',
      explained: true,
    });
    expect(c?.behind[1]).toMatchObject({ reason: 'Đơn vị chưa giải trình.', explained: false });
    const en = compareOnTarget(ratio, rows, 'en', label);
    expect(en?.behind[1]?.reason).toBe('The unit gave no explanation.');
  });

  it('does not rank units that are all within a percentage point of each other', () => {
    const level = [row('a', 'off_track', 99.8), row('b', 'off_track', 99.96), row('c', 'off_track', 99.9)];
    expect(compareOnTarget(ratio, level, 'vi', label)?.even).toEqual({ low: '99,8\u00a0%', high: '99,96\u00a0%' });
    expect(compareOnTarget(ratio, [...level, row('d', 'off_track', 94.4)], 'vi', label)?.even).toBeNull();
    expect(compareOnTarget(ratio, [row('a', 'no_target', null, { target: null })], 'vi', label)).toBeNull();
  });

  it('ranks by the rank given (ties share it), shows the top and the bottom, and names the unreported last', () => {
    const ranked = Array.from({ length: 14 }, (_, i) =>
      row(String(i).padStart(2, '0'), 'at_risk', 99 - i, { rank: i < 2 ? 1 : i + 1, value: 99 - i }),
    );
    const missing = row('zz', 'no_target', null, { reportState: 'missing', value: null, attainment: null, rank: null });
    const r = rankingOf(ratio, [missing, ...ranked], (x) => x.name);
    expect(r.ranked).toBe(14);
    expect(r.total).toBe(15);
    expect(r.shown).toHaveLength(11);
    expect(r.shown[0]).toEqual({ name: 'Đơn vị 00', rank: 1, value: 99 });
    expect(r.shown[1]).toEqual({ name: 'Đơn vị 01', rank: 1, value: 98 });
    expect(r.shown[5]).toBe('gap');
    expect(r.shown.at(-1)).toEqual({ name: 'Đơn vị 13', rank: 14, value: 86 });
    expect(r.unreported).toEqual([{ name: 'Đơn vị zz', rank: null, value: null }]);
    const svg = toSvg(rankingChart(r, 'vi'));
    expect(svg).toContain('>1. Đơn vị 00<');
    expect(svg).toContain('>1. Đơn vị 01<');
    expect(svg).toContain('>chưa báo cáo<');
    expect(svg).not.toContain('. Đơn vị zz<');
    // Bars start at zero, and the axis says so.
    expect(svg).toContain('>0\u00a0%<');
    expect(svg).toContain('>100\u00a0%<');
  });
});

describe('free text and charts', () => {
  it('strips what XML and PDF text cannot carry, keeps Vietnamese and emoji', () => {
    expect(cleanText('Khó\u0000 khăn\u0007 😀 \uD800x\n')).toBe('Khó khăn 😀 x');
    expect(cleanText(null)).toBe('');
  });

  it('puts ticks at round values, whole ones for counts', () => {
    expect(niceTicks(93)).toEqual([0, 25, 50, 75, 100]);
    expect(niceTicks(3, 4, true)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(2, 4, true)).toEqual([0, 1, 2]);
    expect(niceTicks(2)).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(niceTicks(7, 4, true)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(25, 4, true)).toEqual([0, 10, 20, 30]);
  });

  it('says when a trend’s axis does not start at zero, and keeps every label inside the chart', () => {
    const points = [
      { period: '2026-10', value: 99.8 },
      { period: '2026-11', value: 99.9 },
    ];
    const long = { ...ratio, name: 'DVC trực tuyến tái cấu trúc, tích hợp Cổng DVC quốc gia và các hệ thống khác' };
    const c = trendChart({ kpi: long, target: 100, points }, 'vi', 225, 165);
    const texts = c.shapes.filter((s) => s.t === 'text');
    expect(texts.map((s) => s.text)).toContain('Trục dọc bắt đầu từ 90\u00a0%, không từ 0, để thấy rõ biến động.');
    for (const s of texts) {
      const w = textWidth(s.text, s.size, s.bold ? 'bold' : s.italic ? 'italic' : 'regular');
      const x0 = s.anchor === 'start' ? s.x : s.anchor === 'end' ? s.x - w : s.x - w / 2;
      expect(x0, s.text).toBeGreaterThanOrEqual(-0.01);
      expect(x0 + w, s.text).toBeLessThanOrEqual(225.01);
    }
    const counts = trendChart({ kpi: count, target: null, points: [{ period: '2026-11', value: 3 }] }, 'vi');
    expect(counts.shapes.some((s) => s.t === 'text' && s.text.startsWith('Trục dọc'))).toBe(false);
  });

  it('draws charts as SVG with escaped text; the PNG rendered from it carries the text in the embedded font', () => {
    const points = [
      { period: '2026-10', value: 90 },
      { period: '2026-11', value: null },
    ];
    const svg = toSvg(trendChart({ kpi: { ...ratio, name: 'A & <B>' }, target: 100, points }, 'vi'));
    expect(svg).toContain('A &amp; &lt;B&gt;');
    expect(svg).toMatch(/^<svg [^>]*viewBox="-2 -2 471 194"[^>]*font-family="Noto Serif"/);
    const chart = rankingChart(
      rankingOf(ratio, [{ ...rowOf('1', 99), name: 'Ba Đình' }], (r) => r.name),
      'vi',
    );
    const png = rasterise(chart, 1);
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    // The same chart without its words: if resvg had no font, both would be the same picture.
    const bare = rasterise({ ...chart, shapes: chart.shapes.filter((s) => s.t !== 'text') }, 1);
    expect(png.equals(bare)).toBe(false);
    expect(png.length).toBeGreaterThan(bare.length + 500);
  });
});

function rowOf(code: string, value: number): BreakdownRow {
  return {
    code,
    name: code,
    level: 3,
    type: 'xã',
    value,
    target: 100,
    attainment: value,
    status: 'at_risk',
    rank: 1,
    carried: false,
    reportState: 'on_time',
  };
}

describe('table columns from their content', () => {
  const measure = (text: string) => text.length * 5;

  it('keeps no-break-joined quantities as one token', () => {
    expect(tokensOf('99,9\u00a0% Chậm tiến độ\nLũy kế: 4')).toEqual(['99,9\u00a0%', 'Chậm', 'tiến', 'độ', 'Lũy', 'kế:', '4']);
  });

  it('gives every column at least its widest token, the rest to the columns that wrap', () => {
    const spec = {
      cols: [{ header: 'TT' }, { header: 'Chỉ tiêu' }, { header: 'Thời hạn' }],
      rows: [['10', 'Hồ sơ định danh điện tử tiếp nhận trong tháng', '12/2022']],
    };
    const needs = columnNeeds(spec, measure, 3);
    expect(needs.map((n) => n.min)).toEqual([16, 31, 41]);
    const tight = fitColumns(needs, 200) as number[];
    expect(tight.reduce((a, b) => a + b, 0)).toBeCloseTo(200);
    tight.forEach((w, i) => {
      expect(w).toBeGreaterThanOrEqual(needs[i]?.min as number);
    });
    const loose = fitColumns(needs, 400) as number[];
    expect(loose[1]).toBeGreaterThan(needs[1]?.max as number);
    expect(fitColumns(needs, 80)).toBeNull();
  });

  it('sets a table smaller when its tokens do not fit at the first size', () => {
    const spec = { cols: [{ header: 'Deadline' }, { header: 'Attainment' }], rows: [['12/2022', '125.7%']] };
    const at = (size: number) => (text: string, bold: boolean) => textWidth(text, size, bold ? 'bold' : 'regular');
    const need = (size: number) => at(size)('Deadline', true) + at(size)('Attainment', true) + 8;
    const total = (need(11) + need(9)) / 2;
    const fit = fitTable(spec, total, [11, 9, 7], at, 2);
    expect(fit.size).toBe(9);
    expect(at(9)('Deadline', true) + 4).toBeLessThanOrEqual((fit.widths[0] as number) + 1e-6);
    expect(at(9)('Attainment', true) + 4).toBeLessThanOrEqual((fit.widths[1] as number) + 1e-6);
  });

  it('names a KPI sheet by its number and name within Excel’s 31 characters', () => {
    const name = kpiSheetName(4, 'Thông tin công dân đã rà soát, làm sạch');
    expect(name.length).toBeLessThanOrEqual(31);
    expect(name).toMatch(/^4\. Thông tin công dân đã rà.*…$/);
    expect(kpiSheetName(10, 'Văn bản chỉ đạo ban hành')).toBe('10. Văn bản chỉ đạo ban hành');
  });
});
