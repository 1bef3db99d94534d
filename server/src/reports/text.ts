/**
 * Words and number formats of the meeting report, Vietnamese and English. Numbers and percentages
 * are written by the same functions as on the dashboard (`@tiendo/shared`'s number-format):
 * 3.412.560 and 8,2 % in Vietnamese, 3,412,560 and 8.2% in English, and a percentage is never
 * rounded up into 100 % or the target it is judged against.
 *
 * Kept as one file because it is the report's catalogue of words with Vietnamese and English side
 * by side: a word added in one language only fails to typecheck where it is used (`TEXT[lang]`
 * is the union of both).
 */
import { type FigureStatus, formatFixed, formatPercentText, formatShareText, tierName } from '@tiendo/shared';

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
  return formatShareText(value, lang, target);
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
    /** Section titles; the renderers number them (I., II., …) in the order the body gives them. */
    sections: {
      summary: 'KẾT QUẢ CHUNG',
      kpis: 'KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU',
      charts: 'BIỂU ĐỒ',
      behind: 'CÁC ĐƠN VỊ CHƯA ĐẠT TIẾN ĐỘ',
      completeness: 'TÌNH HÌNH BÁO CÁO',
      notes: 'KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ',
      tasks: 'KẾT QUẢ THỰC HIỆN NHIỆM VỤ ĐƯỢC GIAO TẠI PHIÊN HỌP TRƯỚC',
      next: 'PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG TỚI',
    },
    cols: {
      no: 'TT',
      kpi: 'Chỉ tiêu',
      value: 'Kết quả',
      change: 'So với tháng trước',
      reason: 'Lý do (đơn vị giải trình)',
      note: 'Giải trình của đơn vị',
      count: 'Số đơn vị',
      missingUnits: 'Đơn vị chưa báo cáo',
      group: 'Phường, xã (đơn vị)',
      deadlineDate: 'Hạn báo cáo',
      target: 'Chỉ tiêu giao',
      deadline: 'Thời hạn',
      attainment: 'Tỷ lệ đạt',
      status: 'Đánh giá',
      unit: 'Đơn vị',
      parent: 'Trực thuộc',
      level: 'Loại đơn vị',
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
      task: 'Nhiệm vụ',
      inCharge: 'Đơn vị thực hiện',
      result: 'Kết quả thực hiện',
      proposal: 'Kiến nghị',
      handling: 'Xử lý',
    },
    levels: ['', ...[1, 2, 3, 4].map((l) => tierName(l, 'vi'))] as readonly string[],
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
    trendPanel: (months: number) => `Diễn biến ${months} tháng gần nhất so với chỉ tiêu`,
    rankingChart: (name: string) => `Xếp hạng đơn vị trực thuộc: ${name}`,
    rankingScope: (shown: number, ranked: string, all: boolean) =>
      all
        ? `Xếp hạng ${ranked} đơn vị; cùng kết quả thì cùng hạng.`
        : `${shown} đơn vị đứng đầu và ${shown} đơn vị cuối trong ${ranked} đơn vị được xếp hạng; cùng kết quả thì cùng hạng.`,
    axisFrom: (v: string) => `Trục dọc bắt đầu từ ${v}, không từ 0, để thấy rõ biến động.`,
    notReported: 'chưa báo cáo',
    itself: 'báo cáo của chính đơn vị',
    unreportedMore: (n: string) => `… và ${n} đơn vị khác chưa báo cáo`,
    noExplanation: 'Đơn vị chưa giải trình.',
    behindIntro: (behind: string, compared: string, target: string | null, unreported: string | null) =>
      `${behind}/${compared} đơn vị chậm tiến độ hoặc có nguy cơ chậm${target ? ` (chỉ tiêu giao ${target})` : ''}${unreported ? `; ${unreported} đơn vị chưa báo cáo` : ''}.`,
    behindWorst: (n: string) => `${n} đơn vị có tỷ lệ đạt thấp nhất:`,
    behindNone: (compared: string, unreported: string | null) =>
      `Cả ${compared} đơn vị đều đạt hoặc đúng tiến độ${unreported ? `; ${unreported} đơn vị chưa báo cáo` : ''}.`,
    even: (compared: string, low: string, high: string) =>
      `${compared} đơn vị đạt từ ${low} đến ${high} chỉ tiêu giao: chênh lệch giữa các đơn vị dưới 1 điểm phần trăm, nên không xếp hạng.`,
    noTargetsBelow: 'Các đơn vị trực thuộc không được giao chỉ tiêu nào trong kỳ này.',
    annexLists:
      'Danh sách đầy đủ các đơn vị theo từng chỉ tiêu, bảng tỷ lệ đạt của từng đơn vị (bản đồ nhiệt) và danh sách đơn vị chưa báo cáo: xem Phụ lục (tệp Excel kèm theo).',
    missingSummary: (n: string, groups: string) => `Có ${n} đơn vị chưa báo cáo, thuộc ${groups} đơn vị cấp xã (hoặc tương đương):`,
    missingMore: (n: string, groups: string) =>
      `… và ${n} đơn vị khác thuộc ${groups} đơn vị cấp xã; danh sách đầy đủ tại Phụ lục, trang "Chưa báo cáo".`,
    notesMore: (n: string) => `… và ${n} đơn vị khác; toàn văn tại Phụ lục, trang "Khó khăn, kiến nghị".`,
    targetLine: 'Chỉ tiêu',
    noCharts: 'Không có số liệu để vẽ biểu đồ.',
    noTasks: 'Không có nhiệm vụ nào được giao tại các phiên họp trước còn đang theo dõi.',
    tasksFrom: (sources: string) => `Thực hiện ${sources}:`,
    tasksCount: (total: string, done: string, overdue: string, blocked: string) =>
      `${total} nhiệm vụ: ${done} đã hoàn thành, ${overdue} quá hạn, ${blocked} gặp vướng mắc.`,
    proposalsHeading: 'Kiến nghị của các đơn vị và kết quả xử lý:',
    noDifficulties: 'Không có khó khăn, vướng mắc nào được gửi trong báo cáo của kỳ này.',
    tasksMore: (n: string) => `… và ${n} nhiệm vụ khác (đã hoàn thành hoặc đang thực hiện trong hạn), theo dõi trên hệ thống.`,
    nothingNext: 'Tiếp tục duy trì kết quả đã đạt; không có nhiệm vụ tồn đọng.',
    recipients: 'Nơi nhận:',
    recipientLines: ['- Ban Chỉ đạo Đề án 06 cấp trên;', '- Các thành viên Ban Chỉ đạo;', '- Lưu: VT.'],
    signer: 'TM. BAN CHỈ ĐẠO',
    sheetSummary: 'Tổng hợp',
    sheetTrend: 'Xu hướng',
    sheetHeatMap: 'Bản đồ nhiệt',
    sheetMissing: 'Chưa báo cáo',
    sheetNotes: 'Khó khăn, kiến nghị',
    heatMapTitle: (unit: string, period: string) => `Tỷ lệ đạt chỉ tiêu của các đơn vị trực thuộc ${unit}, tháng ${period}`,
    heatMapLegend: (amber: string) =>
      `Màu: xanh – đạt chỉ tiêu (từ 100 %); vàng – từ ${amber} đến dưới 100 % (có nguy cơ chậm); đỏ – dưới ${amber}.`,
    missingTitle: (unit: string, period: string) => `Đơn vị chưa báo cáo – ${unit} – tháng ${period}`,
    notesTitle: (unit: string, period: string) => `Khó khăn, vướng mắc và kiến nghị – ${unit} – tháng ${period}`,
    issuedOn: 'Ngày lập báo cáo',
    asOfLabel: 'Số liệu cập nhật đến',
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
      summary: 'OVERVIEW',
      kpis: 'KEY PERFORMANCE INDICATORS',
      charts: 'CHARTS',
      behind: 'UNITS BEHIND TARGET',
      completeness: 'REPORTING COMPLETENESS',
      notes: 'DIFFICULTIES AND RECOMMENDATIONS',
      tasks: 'TASKS ASSIGNED AT THE PREVIOUS MEETINGS: RESULTS',
      next: 'DIRECTIONS AND TASKS FOR NEXT MONTH',
    },
    cols: {
      no: 'No.',
      kpi: 'Indicator',
      value: 'Result',
      change: 'Change on last month',
      reason: 'Reason given by the unit',
      note: 'Explanation by the unit',
      count: 'Units',
      missingUnits: 'Units that did not report',
      group: 'Commune (unit)',
      deadlineDate: 'Report due',
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
      task: 'Task',
      inCharge: 'Units in charge',
      result: 'Result',
      proposal: 'Proposal',
      handling: 'Handling',
    },
    levels: ['', ...[1, 2, 3, 4].map((l) => tierName(l, 'en'))] as readonly string[],
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
    trendPanel: (months: number) => `The last ${months} months against the target`,
    rankingChart: (name: string) => `Ranking of units below: ${name}`,
    rankingScope: (shown: number, ranked: string, all: boolean) =>
      all
        ? `${ranked} units ranked; equal results share a rank.`
        : `The top ${shown} and the bottom ${shown} of ${ranked} units ranked; equal results share a rank.`,
    axisFrom: (v: string) => `The vertical axis starts at ${v}, not at 0, to show the change.`,
    notReported: 'not reported',
    itself: 'its own report',
    unreportedMore: (n: string) => `… and ${n} more units that did not report`,
    noExplanation: 'The unit gave no explanation.',
    behindIntro: (behind: string, compared: string, target: string | null, unreported: string | null) =>
      `${behind} of ${compared} units are off track or at risk${target ? ` (target ${target})` : ''}${unreported ? `; ${unreported} did not report` : ''}.`,
    behindWorst: (n: string) => `The ${n} with the lowest attainment:`,
    behindNone: (compared: string, unreported: string | null) =>
      `All ${compared} units have achieved or are on track${unreported ? `; ${unreported} did not report` : ''}.`,
    even: (compared: string, low: string, high: string) =>
      `${compared} units attain between ${low} and ${high} of their target: less than one percentage point apart, so they are not ranked.`,
    noTargetsBelow: 'No target is set for the units below in this period.',
    annexLists:
      'The full lists of units for each indicator, every unit’s attainment (heat map) and the units that did not report are in the annex (the accompanying Excel file).',
    missingSummary: (n: string, groups: string) => `${n} units did not report, in ${groups} communes (or units of that tier):`,
    missingMore: (n: string, groups: string) =>
      `… and ${n} more units in ${groups} communes; the full list is in the annex, sheet "Not reported".`,
    notesMore: (n: string) => `… and ${n} more units; the full text is in the annex, sheet "Difficulties".`,
    targetLine: 'Target',
    noCharts: 'No figures to chart.',
    noTasks: 'No task assigned at earlier meetings is being followed.',
    tasksFrom: (sources: string) => `Following up ${sources}:`,
    tasksCount: (total: string, done: string, overdue: string, blocked: string) =>
      `${total} tasks: ${done} done, ${overdue} overdue, ${blocked} blocked.`,
    proposalsHeading: 'Proposals of the units and how they were handled:',
    noDifficulties: 'No difficulties were sent with this period’s reports.',
    tasksMore: (n: string) => `… and ${n} more tasks (done or on time), followed in the system.`,
    nothingNext: 'Keep up the results achieved; no task is outstanding.',
    recipients: 'Recipients:',
    recipientLines: ['- Higher-level Project 06 Steering Committee;', '- Members of the Steering Committee;', '- Archive.'],
    signer: 'ON BEHALF OF THE STEERING COMMITTEE',
    sheetSummary: 'Summary',
    sheetTrend: 'Trend',
    sheetHeatMap: 'Heat map',
    sheetMissing: 'Not reported',
    sheetNotes: 'Difficulties',
    heatMapTitle: (unit: string, period: string) => `Attainment of the units below ${unit}, ${period}`,
    heatMapLegend: (amber: string) =>
      `Colours: green – target achieved (100% and above); amber – ${amber} to under 100% (at risk); red – under ${amber}.`,
    missingTitle: (unit: string, period: string) => `Units that did not report – ${unit} – ${period}`,
    notesTitle: (unit: string, period: string) => `Difficulties, obstacles and recommendations – ${unit} – ${period}`,
    issuedOn: 'Report dated',
    asOfLabel: 'Figures as of',
    generated: (asOf: string) => `Figures as of ${asOf}.`,
  },
} as const;

export type ReportText = (typeof TEXT)['vi'] | (typeof TEXT)['en'];
