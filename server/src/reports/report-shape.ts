/**
 * Pure shaping of the report: who issues it, how each figure reads in a table cell and in a
 * sentence, which units are behind. No database here, so every rule is unit-tested on its own.
 *
 * Kept as one file because these are the pure rules the report model and its charts share
 * (report-data.ts and svg-charts.ts import them from here), tested together in report-shape.test.ts.
 */
import { type BreakdownRow, type Figure, type FigureStatus, isUnreported, targetMeasure, unitsBehindOn } from '@tiendo/shared';
import {
  capitalise,
  dateLabel,
  formatNumber,
  formatPercent,
  formatShare,
  type Lang,
  periodLabel,
  STATUS_WORDS,
  TEXT,
  unitFullName,
} from './text.ts';

export interface UnitLike {
  code: string;
  name: string;
  level: number;
  type: string;
}

export interface KpiInfo {
  code: string;
  name: string;
  measure: string;
  kind: Figure['kind'];
  higherIsBetter: boolean;
}

export interface Issuer {
  /** The body above the issuer ("UBND THÀNH PHỐ HÀ NỘI"); the issuer's own line follows. */
  superior: string;
  body: string;
  numberSuffix: string;
}

/**
 * Decree 30/2020 top-left block: the People's Committee the steering committee sits under, then
 * the committee. A level-4 unit (residential group, village) has no committee: its commune's
 * People's Committee is above it and the group itself issues.
 */
export function issuerOf(unit: UnitLike, parent: UnitLike | null, lang: Lang): Issuer {
  const t = TEXT[lang];
  if (unit.level >= 4 && parent) {
    return { superior: t.peoplesCommittee(unitFullName(parent, lang)), body: unit.name.toLocaleUpperCase('vi'), numberSuffix: 'BC' };
  }
  return { superior: t.peoplesCommittee(unitFullName(unit, lang)), body: t.committee, numberSuffix: 'BC-BCĐ06' };
}

/** Decree 30: the city for city bodies, the district or commune name for theirs, the commune for a group. */
export function placeOf(unit: UnitLike, parent: UnitLike | null): string {
  return unit.level >= 4 && parent ? parent.name : unit.name;
}

/** "toàn thành phố", "toàn quận", "across Ba Đình District". */
export function scopePhrase(unit: UnitLike, lang: Lang): string {
  if (lang === 'en') return unit.level >= 4 ? `in ${unit.name}` : `across ${unitFullName(unit, lang)}`;
  return unit.level >= 4 ? `tại ${unit.name}` : `toàn ${unit.type}`;
}

/**
 * A number of the KPI's kind: percent for ratios (never rounded up into 100 % or the target it is
 * judged against), whole numbers otherwise.
 */
export function formatKpiNumber(kind: Figure['kind'], v: number | null | undefined, lang: Lang, target?: number | null): string {
  if (v === null || v === undefined) return '–';
  return kind === 'ratio' ? formatShare(v, lang, target) : formatNumber(v, lang);
}

/** Change on the previous month: relative for amounts, in percentage points for ratios. */
export function changeText(f: Figure, lang: Lang): string {
  if (f.change === null || f.change === undefined) return '–';
  // the sign of the number as printed, rounded as the dashboard rounds it (toFixed), so a change
  // that prints as 0,0 carries no sign and -0,05 is "-0,1", never "±0,1"
  const shown = f.kind === 'ratio' ? Number(f.change.toFixed(1)) : f.change;
  const sign = shown > 0 ? '+' : shown < 0 ? '-' : '±';
  // No-break spaces: "+0,2 điểm %" is one quantity and never wraps inside a table cell.
  if (f.kind === 'ratio') return `${sign}${formatNumber(Math.abs(f.change), lang, 1)}${lang === 'vi' ? '\u00a0điểm\u00a0%' : '\u00a0pp'}`;
  if (f.kind === 'checklist') return `${sign}${formatNumber(Math.abs(f.change), lang)}`;
  if (!f.previous) return `${sign}${formatNumber(Math.abs(f.change), lang)}`;
  return `${sign}${formatPercent(Math.abs((f.change / f.previous) * 100), lang)}`;
}

export interface FigureCells {
  value: string;
  cumulative: string | null;
  change: string;
  target: string;
  deadline: string;
  attainment: string;
  status: string;
}

export function figureCells(f: Figure, lang: Lang): FigureCells {
  const value =
    f.kind === 'checklist' && f.value !== null
      ? `${formatNumber(f.value, lang)}/${formatNumber(f.itemsTotal ?? 0, lang)}`
      : formatKpiNumber(f.kind, f.value, lang, f.target);
  return {
    value,
    cumulative: f.kind === 'count' && f.cumulative !== null && f.cumulative !== undefined ? formatNumber(f.cumulative, lang) : null,
    change: changeText(f, lang),
    target: f.target === undefined ? '–' : formatKpiNumber(f.kind, f.target, lang),
    deadline: f.deadline ? periodLabel(f.deadline) : '–',
    attainment: f.attainment === null || f.attainment === undefined ? '–' : formatShare(f.attainment, lang),
    status: STATUS_WORDS[lang][f.status],
  };
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLocaleLowerCase('vi') + s.slice(1);
}

/** One sentence about one KPI, from its figure; null when there is no figure. */
export function kpiSentence(kpi: KpiInfo, f: Figure, lang: Lang): string | null {
  if (f.value === null) return null;
  const c = figureCells(f, lang);
  const vi = lang === 'vi';
  const parts: string[] = [];
  // English measures are plurals: "1 document", "2 documents".
  const measure = !vi && f.value === 1 && kpi.measure.endsWith('s') ? kpi.measure.slice(0, -1) : kpi.measure;
  const amount = f.kind === 'ratio' ? c.value : `${c.value} ${measure}`;
  parts.push(`${kpi.name}${f.kind === 'count' ? (vi ? ' trong tháng' : ' this month') : ''}: ${amount}`);
  if (f.change !== null && f.change !== undefined && (f.kind === 'ratio' || f.previous)) {
    if (c.change.startsWith('±')) parts.push(vi ? 'không đổi so với tháng trước' : 'unchanged on last month');
    else {
      const by = c.change.slice(1);
      const up = f.change > 0;
      parts.push(vi ? `${up ? 'tăng' : 'giảm'} ${by} so với tháng trước` : `${up ? 'up' : 'down'} ${by} on last month`);
    }
  }
  let sentence = parts.join(', ');
  if (c.cumulative) sentence += vi ? `; lũy kế ${c.cumulative} ${kpi.measure}` : `; ${c.cumulative} ${kpi.measure} to date`;
  if (f.attainment !== null && f.attainment !== undefined) {
    const status = lowerFirst(STATUS_WORDS[lang][f.status]);
    sentence += vi ? `, đạt ${c.attainment} chỉ tiêu giao (${status})` : `, ${c.attainment} of the target (${status})`;
  }
  const made = madeOfText(f, lang);
  return `${sentence}.${made ? ` ${made}` : ''}`;
}

/**
 * What an aggregate is made of when not every unit below reported this month: "Số liệu gồm báo cáo
 * tháng này của 256/5.247 đơn vị; 4.991 đơn vị giữ số kỳ trước." Null when all reported.
 */
export function madeOfText(f: Pick<Figure, 'units'>, lang: Lang): string | null {
  const u = f.units;
  if (!u || u.reported >= u.expected) return null;
  const reported = formatNumber(u.reported, lang);
  const expected = formatNumber(u.expected, lang);
  const carried = formatNumber(u.carried, lang);
  if (lang === 'vi')
    return u.carried > 0
      ? `(Số liệu gồm báo cáo tháng này của ${reported}/${expected} đơn vị; ${carried} đơn vị giữ số kỳ trước.)`
      : `(Số liệu gồm báo cáo tháng này của ${reported}/${expected} đơn vị.)`;
  return u.carried > 0
    ? `(Built from this month's reports of ${reported} of ${expected} units; ${carried} carried from earlier months.)`
    : `(Built from this month's reports of ${reported} of ${expected} units.)`;
}

export function statusCounts(figures: readonly Figure[]): Record<FigureStatus, number> {
  const out: Record<FigureStatus, number> = { achieved: 0, on_track: 0, at_risk: 0, off_track: 0, no_target: 0 };
  for (const f of figures) out[f.status]++;
  return out;
}

/** The opening sentence and one per KPI with a figure. */
export function summarySentences(unit: UnitLike, period: string, lines: { kpi: KpiInfo; figure: Figure }[], lang: Lang): string[] {
  const counts = statusCounts(lines.map((l) => l.figure));
  const withTarget = lines.length - counts.no_target;
  const p = periodLabel(period);
  const scope = scopePhrase(unit, lang);
  const opening =
    lang === 'vi'
      ? `Tháng ${p}, ${scope} theo dõi ${lines.length} chỉ tiêu, trong đó ${withTarget} chỉ tiêu có giao chỉ tiêu: ${counts.achieved} chỉ tiêu đã đạt, ${counts.on_track} đúng tiến độ, ${counts.at_risk} có nguy cơ chậm và ${counts.off_track} chậm tiến độ.`
      : `In ${p}, ${lines.length} indicators were followed ${scope}, ${withTarget} of them with a target: ${counts.achieved} achieved, ${counts.on_track} on track, ${counts.at_risk} at risk and ${counts.off_track} off track.`;
  const rest = lines.map((l) => kpiSentence(l.kpi, l.figure, lang)).filter((s): s is string => s !== null);
  return [capitalise(opening), ...rest];
}

/**
 * Units whose attainments all lie within this many percentage points are level: a ranking of
 * 99,8 % against 99,96 % names a "last" unit that is behind in no sense a meeting can act on.
 */
export const EVEN_SPREAD = 1;
/** How many units furthest behind the report's body lists per KPI; the annex has them all. */
export const BEHIND_SHOWN = 5;
/** How many units a ranking chart shows at the top and at the bottom. */
export const RANK_SHOWN = 5;
/** How many units that did not report a ranking chart names; the rest are counted. */
export const UNREPORTED_SHOWN = 3;

export interface BehindRow {
  unit: string;
  value: string;
  target: string;
  attainment: string;
  status: string;
  /** What the unit wrote about this figure, or a sentence saying it wrote nothing. */
  reason: string;
  explained: boolean;
}

export interface TargetComparison {
  kpi: KpiInfo;
  /** Every unit below, as the breakdown gives them (the annex lists them all). */
  rows: BreakdownRow[];
  /** Units with a target and a figure, compared. */
  compared: number;
  /** Set when all compared units are within EVEN_SPREAD: a sentence, no ranking. */
  even: { low: string; high: string } | null;
  behindCount: number;
  /** The furthest behind, worst first, at most BEHIND_SHOWN. */
  behind: BehindRow[];
  /** The target when every unit has the same one (said once, not in a column). */
  sameTarget: string | null;
  unreported: number;
}

/** The reason a unit gave for a figure: its explanation of the flagged value, else its difficulties. */
export function reasonOf(r: Pick<BreakdownRow, 'note'>, lang: Lang): { text: string; explained: boolean } {
  const t = TEXT[lang];
  const text = cleanText(r.note?.text);
  if (!text) return { text: t.noExplanation, explained: false };
  return { text: r.note?.source === 'difficulties' ? `${t.difficulties}: ${text}` : text, explained: true };
}

/**
 * How the units below stand against their targets on one KPI: the few furthest behind with their
 * reasons, or, when all are level, the range they lie in. Null when no unit below has a target.
 */
export function compareOnTarget(
  kpi: KpiInfo,
  rows: BreakdownRow[],
  lang: Lang,
  label: (r: BreakdownRow) => string,
): TargetComparison | null {
  const withTarget = rows.filter((r) => r.target !== null);
  if (withTarget.length === 0) return null;
  const attained = withTarget.filter((r) => r.attainment !== null && !isUnreported(r));
  const values = attained.map((r) => r.attainment as number);
  const low = Math.min(...values);
  const high = Math.max(...values);
  const even = values.length >= 2 && high - low < EVEN_SPREAD ? { low: formatShare(low, lang), high: formatShare(high, lang) } : null;
  // the units behind are chosen as the meeting deck chooses them; ties by the name printed
  const behind = unitsBehindOn(attained, (a, b) => label(a).localeCompare(label(b), 'vi'));
  const targets = new Set(withTarget.map((r) => r.target));
  return {
    kpi,
    rows,
    compared: attained.length,
    even,
    behindCount: behind.length,
    behind: behind.slice(0, BEHIND_SHOWN).map((r) => {
      const reason = reasonOf(r, lang);
      return {
        unit: label(r),
        value: formatKpiNumber(kpi.kind, targetMeasure(kpi.kind, r), lang, r.target),
        target: formatKpiNumber(kpi.kind, r.target, lang),
        attainment: formatShare(r.attainment, lang),
        status: STATUS_WORDS[lang][r.status],
        reason: reason.text,
        explained: reason.explained,
      };
    }),
    sameTarget: targets.size === 1 ? formatKpiNumber(kpi.kind, withTarget[0]?.target, lang) : null,
    unreported: rows.filter(isUnreported).length,
  };
}

export interface RankingRow {
  name: string;
  rank: number | null;
  value: number | null;
}

export interface RankingData {
  kpi: KpiInfo;
  /** Units ranked, of `rows.length` below. */
  ranked: number;
  total: number;
  /** The top and the bottom of the ranking (`gap` between them), then units that did not report. */
  shown: (RankingRow | 'gap')[];
  unreported: RankingRow[];
  unreportedMore: number;
}

/**
 * The top and bottom RANK_SHOWN of a breakdown, by the rank the API gives (ties share it), and the
 * units that did not report, which are named as such and never ranked.
 */
export function rankingOf(kpi: KpiInfo, rows: BreakdownRow[], name: (r: BreakdownRow) => string): RankingData {
  const value = (r: BreakdownRow) => targetMeasure(kpi.kind, r);
  const ranked = rows
    .filter((r) => r.rank !== null && !isUnreported(r))
    .sort((a, b) => (a.rank as number) - (b.rank as number) || name(a).localeCompare(name(b), 'vi'))
    .map((r): RankingRow => ({ name: name(r), rank: r.rank, value: value(r) }));
  const shown: (RankingRow | 'gap')[] =
    ranked.length <= 2 * RANK_SHOWN + 1 ? ranked : [...ranked.slice(0, RANK_SHOWN), 'gap', ...ranked.slice(-RANK_SHOWN)];
  const unreported = rows.filter(isUnreported).map((r): RankingRow => ({ name: name(r), rank: null, value: null }));
  return {
    kpi,
    ranked: ranked.length,
    total: rows.length,
    shown,
    unreported: unreported.slice(0, UNREPORTED_SHOWN),
    unreportedMore: Math.max(0, unreported.length - UNREPORTED_SHOWN),
  };
}

/** Whether a breakdown is worth a ranking chart: some unit has a target and they are not all level. */
export function worthRanking(c: TargetComparison): boolean {
  return c.even === null && c.compared >= 2;
}

/** Strips characters that XML 1.0 cannot carry and that break PDF text, from free text typed by reporters. */
export function cleanText(s: string | null | undefined): string {
  if (!s) return '';
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) out += s[i] + (s[i + 1] as string);
      i += next >= 0xdc00 && next <= 0xdfff ? 1 : 0;
      continue;
    }
    if (c >= 0xdc00 && c <= 0xdfff) continue;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f || c === 0xfffe || c === 0xffff) continue;
    out += s[i];
  }
  return out.trim();
}

export { dateLabel, periodLabel };
