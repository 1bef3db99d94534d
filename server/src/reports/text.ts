/**
 * Words and number formats of the meeting report, Vietnamese and English. Numbers and percentages
 * are written by the same functions as on the dashboard (`@tiendo/shared`'s number-format):
 * 3.412.560 and 8,2 % in Vietnamese, 3,412,560 and 8.2% in English, and a percentage is never
 * rounded up into 100 % or the target it is judged against.
 */
import { type FigureStatus, formatFixed, formatPercentText } from '@tiendo/shared';

export type Lang = 'vi' | 'en';
export const LANGS = ['vi', 'en'] as const;

/** Groups thousands and fixes the decimals; `-0` prints as `0`. */
export function formatNumber(value: number, lang: Lang, decimals = 0): string {
  return formatFixed(value, lang, decimals);
}

/**
 * A percentage as written in running text and tables: `8,2 %` / `8.2%` (a no-break space in
 * Vietnamese, so the sign never goes to the next line); never rounded up into a threshold.
 */
export function formatPercent(value: number, lang: Lang, decimals = 1, thresholds: readonly number[] = [100]): string {
  return formatPercentText(value, lang, decimals, thresholds);
}

/**
 * A share, an attainment or a ratio KPI's value, one decimal; a shortfall never rounds up to
 * 100 % or to the target it is compared with: 99.96 prints as 99,96 %, 69.97 against 70 as 69,97 %.
 */
export function formatShare(value: number, lang: Lang, target?: number | null): string {
  return formatPercentText(value, lang, 1, target === null || target === undefined ? [100] : [100, target]);
}

/** `11/2026` for the period `2026-11`. */
export function periodLabel(period: string): string {
  return `${period.slice(5, 7)}/${period.slice(0, 4)}`;
}

/** `YYYY-MM-DD` → `DD/MM/YYYY`. */
export function dateLabel(date: string): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

/**
 * The place-and-date line. Decree 30/2020 writes days below 10 and months below 3 with a leading
 * zero ("ngày 05 tháng 02 năm 2026").
 */
export function placeDate(place: string, date: string, lang: Lang): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  if (lang === 'en') return `${place}, ${d} ${MONTHS_EN[m - 1]} ${y}`;
  const dd = d < 10 ? `0${d}` : String(d);
  const mm = m < 3 ? `0${m}` : String(m);
  return `${place}, ngày ${dd} tháng ${mm} năm ${y}`;
}

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const UNIT_TYPES_EN: Record<string, string> = {
  'thành phố': 'City',
  tỉnh: 'Province',
  quận: 'District',
  huyện: 'District',
  'thị xã': 'Town',
  phường: 'Ward',
  xã: 'Commune',
  'thị trấn': 'Township',
  'tổ dân phố': 'Residential group',
  thôn: 'Village',
};

export function capitalise(s: string): string {
  return s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);
}

/** "Quận Ba Đình" / "Ba Đình District"; level-4 names already say what they are. */
export function unitFullName(unit: { name: string; type: string; level: number }, lang: Lang): string {
  if (unit.level >= 4) return unit.name;
  if (lang === 'en') return `${unit.name} ${UNIT_TYPES_EN[unit.type] ?? capitalise(unit.type)}`;
  return `${capitalise(unit.type)} ${unit.name}`;
}

export const STATUS_WORDS: Record<Lang, Record<FigureStatus, string>> = {
  vi: {
    achieved: 'Đã đạt',
    on_track: 'Đúng tiến độ',
    at_risk: 'Có nguy cơ chậm',
    off_track: 'Chậm tiến độ',
    no_target: 'Chưa giao chỉ tiêu',
  },
  en: { achieved: 'Achieved', on_track: 'On track', at_risk: 'At risk', off_track: 'Off track', no_target: 'No target' },
};

export const TEXT = {
  vi: {
    nation: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    motto: 'Độc lập - Tự do - Hạnh phúc',
    committee: 'BAN CHỈ ĐẠO ĐỀ ÁN 06',
    peoplesCommittee: (typeAndName: string) => `UBND ${typeAndName.toLocaleUpperCase('vi')}`,
    /** The number, left as "…" until the report is issued. */
    number: (suffix: string, n?: number) => `Số: ${n ?? '…'}/${suffix}`,
    reportWord: 'BÁO CÁO',
    title: (p: string) => `Kết quả thực hiện Đề án 06 tháng ${p}`,
    sections: {
      summary: 'I. KẾT QUẢ CHUNG',
      kpis: 'II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU',
      charts: 'III. BIỂU ĐỒ',
      behind: 'IV. CÁC ĐƠN VỊ CHƯA ĐẠT TIẾN ĐỘ',
      completeness: 'V. TÌNH HÌNH BÁO CÁO',
      notes: 'VI. KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ',
    },
    cols: {
      no: 'TT',
      kpi: 'Chỉ tiêu',
      value: 'Kết quả',
      change: 'So với tháng trước',
      target: 'Chỉ tiêu giao',
      deadline: 'Thời hạn',
      attainment: 'Tỷ lệ đạt',
      status: 'Đánh giá',
      unit: 'Đơn vị',
      parent: 'Trực thuộc',
      level: 'Cấp',
      expected: 'Phải báo cáo',
      reported: 'Đã báo cáo',
      onTime: 'Đúng hạn',
      late: 'Muộn',
      missing: 'Chưa báo cáo',
      code: 'Mã',
      numerator: 'Tử số',
      denominator: 'Mẫu số',
      cumulative: 'Lũy kế',
      rank: 'Xếp hạng',
      reportState: 'Báo cáo',
      period: 'Kỳ',
      measure: 'Đơn vị tính',
    },
    levels: ['', 'Cấp thành phố', 'Cấp huyện', 'Cấp xã', 'Thôn, tổ dân phố'] as readonly string[],
    reportStates: { on_time: 'Đúng hạn', late: 'Muộn', missing: 'Chưa báo cáo', not_expected: 'Không phải báo cáo' },
    noData: (p: string) => `Chưa có số liệu cho kỳ ${p}: Đề án chưa triển khai hoặc các đơn vị chưa báo cáo.`,
    noBehind: 'Không có đơn vị trực thuộc nào chậm tiến độ hoặc có nguy cơ chậm.',
    noChildren: 'Đơn vị không có đơn vị trực thuộc.',
    noNotes: 'Không có khó khăn, vướng mắc hay kiến nghị nào được gửi trong báo cáo của kỳ này.',
    allReported: 'Tất cả các đơn vị đã gửi báo cáo.',
    noReports: 'Chưa có đơn vị nào gửi báo cáo cho kỳ này.',
    missingList: 'Danh sách đơn vị chưa báo cáo:',
    andMore: (n: string) => `… và ${n} đơn vị khác.`,
    difficulties: 'Khó khăn, vướng mắc',
    recommendations: 'Kiến nghị, đề xuất',
    trendChart: (name: string) => `Diễn biến so với chỉ tiêu: ${name}`,
    rankingChart: (name: string) => `Xếp hạng đơn vị trực thuộc: ${name}`,
    targetLine: 'Chỉ tiêu',
    noCharts: 'Không có số liệu để vẽ biểu đồ.',
    recipients: 'Nơi nhận:',
    recipientLines: ['- Ban Chỉ đạo Đề án 06 cấp trên;', '- Các thành viên Ban Chỉ đạo;', '- Lưu: VT.'],
    signer: 'TM. BAN CHỈ ĐẠO',
    sheetSummary: 'Tổng hợp',
    sheetTrend: 'Xu hướng',
    generated: (asOf: string) => `Số liệu cập nhật đến ${asOf}.`,
  },
  en: {
    nation: 'SOCIALIST REPUBLIC OF VIET NAM',
    motto: 'Independence - Freedom - Happiness',
    committee: 'PROJECT 06 STEERING COMMITTEE',
    peoplesCommittee: (typeAndName: string) => `PEOPLE'S COMMITTEE OF ${typeAndName.toLocaleUpperCase('vi')}`,
    number: (suffix: string, n?: number) => `No.: ${n ?? '…'}/${suffix}`,
    reportWord: 'REPORT',
    title: (p: string) => `Results of Project 06 implementation, ${p}`,
    sections: {
      summary: 'I. OVERVIEW',
      kpis: 'II. KEY PERFORMANCE INDICATORS',
      charts: 'III. CHARTS',
      behind: 'IV. UNITS BEHIND TARGET',
      completeness: 'V. REPORTING COMPLETENESS',
      notes: 'VI. DIFFICULTIES AND RECOMMENDATIONS',
    },
    cols: {
      no: 'No.',
      kpi: 'Indicator',
      value: 'Result',
      change: 'Change on last month',
      target: 'Target',
      deadline: 'Deadline',
      attainment: 'Attainment',
      status: 'Status',
      unit: 'Unit',
      parent: 'Under',
      level: 'Level',
      expected: 'Expected',
      reported: 'Reported',
      onTime: 'On time',
      late: 'Late',
      missing: 'Missing',
      code: 'Code',
      numerator: 'Numerator',
      denominator: 'Denominator',
      cumulative: 'Cumulative',
      rank: 'Rank',
      reportState: 'Report',
      period: 'Period',
      measure: 'Measure',
    },
    levels: ['', 'City', 'District', 'Commune', 'Village or residential group'] as readonly string[],
    reportStates: { on_time: 'On time', late: 'Late', missing: 'Missing', not_expected: 'Not expected' },
    noData: (p: string) => `No figures for ${p}: the programme had not started or no unit has reported.`,
    noBehind: 'No unit below is behind target or at risk.',
    noChildren: 'This unit has no units below it.',
    noNotes: 'No difficulties or recommendations were sent in the reports for this period.',
    allReported: 'Every unit has reported.',
    noReports: 'No unit has reported for this period.',
    missingList: 'Units that did not report:',
    andMore: (n: string) => `… and ${n} more units.`,
    difficulties: 'Difficulties and obstacles',
    recommendations: 'Recommendations',
    trendChart: (name: string) => `Trend against target: ${name}`,
    rankingChart: (name: string) => `Ranking of units below: ${name}`,
    targetLine: 'Target',
    noCharts: 'No figures to chart.',
    recipients: 'Recipients:',
    recipientLines: ['- Higher-level Project 06 Steering Committee;', '- Members of the Steering Committee;', '- Archive.'],
    signer: 'ON BEHALF OF THE STEERING COMMITTEE',
    sheetSummary: 'Summary',
    sheetTrend: 'Trend',
    generated: (asOf: string) => `Figures as of ${asOf}.`,
  },
} as const;

export type ReportText = (typeof TEXT)['vi'] | (typeof TEXT)['en'];
