/**
 * The body of the meeting report as sections of blocks (paragraphs, tables, charts) that the PDF
 * and the DOCX both lay out, so the two say the same thing. A new section is one more builder in
 * `SECTIONS`; the renderers number the headings (I., II., …) in the order given here.
 *
 * Kept as one file, a little over 300 lines, because it is the report's table of contents: the
 * builders are written in the order `SECTIONS` prints them and share its limits of what is shown.
 */
import { kpiTableRows, type MissingUnit, type ReportModel } from './report-data.ts';
import { type Chart, chartTexts, rankingChart, trendRows } from './svg-charts.ts';
import type { TableSpec } from './table-fit.ts';
import { formatNumber, formatPercent, TEXT } from './text.ts';

export type Block =
  | { t: 'para'; text: string; italic?: boolean; bold?: boolean; indent?: boolean }
  | { t: 'table'; table: TableSpec }
  | { t: 'chart'; chart: Chart; title: string };

export interface Section {
  key: string;
  title: string;
  blocks: Block[];
}

/** The content width both documents lay charts out for (A4 less Decree 30's margins), in points. */
export const CHART_WIDTH = 467;
/** Communes (with their teams) named in the body's list of units that did not report. */
export const MISSING_GROUPS_SHOWN = 8;
/** Units whose difficulties and recommendations the body quotes; the annex has all. */
export const NOTES_SHOWN = 8;
/** Proposals the body lists with how they were handled. */
export const PROPOSALS_SHOWN = 5;
/** Tasks the body tables (overdue and blocked first); the rest are counted. */
export const TASKS_SHOWN = 6;
/** Lines of "Phương hướng, nhiệm vụ tháng tới". */
export const NEXT_SHOWN = 6;

/** I, II, III … for the section headings. */
export function roman(n: number): string {
  const digits: [number, string][] = [
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let out = '';
  for (const [v, s] of digits)
    while (n >= v) {
      out += s;
      n -= v;
    }
  return out;
}

function summary(m: ReportModel): Block[] {
  return m.summary.map((text) => ({ t: 'para', text, indent: true }));
}

function kpis(m: ReportModel): Block[] {
  const c = TEXT[m.lang].cols;
  return [
    {
      t: 'table',
      table: {
        cols: [
          { header: c.no, align: 'center' },
          { header: c.kpi },
          { header: c.value, align: 'right' },
          { header: c.change, align: 'right' },
          { header: c.target, align: 'right' },
          { header: c.deadline, align: 'center' },
          { header: c.attainment, align: 'right' },
          { header: c.status },
        ],
        rows: kpiTableRows(m),
      },
    },
  ];
}

function charts(m: ReportModel): Block[] {
  const t = TEXT[m.lang];
  const out: Block[] = [];
  for (const chart of trendRows(m.trends, m.lang, CHART_WIDTH)) out.push({ t: 'chart', chart, title: t.trendPanel(12) });
  for (const r of m.rankings) out.push({ t: 'chart', chart: rankingChart(r, m.lang, CHART_WIDTH), title: t.rankingChart(r.kpi.name) });
  if (out.length === 0) out.push({ t: 'para', text: t.noCharts, italic: true });
  return out;
}

function behind(m: ReportModel): Block[] {
  const t = TEXT[m.lang];
  const c = t.cols;
  const n = (v: number) => formatNumber(v, m.lang);
  if (!m.hasChildren) return [{ t: 'para', text: t.noChildren, italic: true }];
  if (!m.hasData) return [{ t: 'para', text: t.noData(m.periodLabel), italic: true }];
  if (m.targets.length === 0) return [{ t: 'para', text: t.noTargetsBelow, italic: true }];
  const out: Block[] = [];
  m.targets.forEach((k, i) => {
    out.push({ t: 'para', text: `${i + 1}. ${k.kpi.name} (${k.kpi.measure})`, bold: true });
    const unreported = k.unreported > 0 ? n(k.unreported) : null;
    if (k.even) {
      out.push({ t: 'para', text: t.even(n(k.compared), k.even.low, k.even.high), indent: true });
      return;
    }
    if (k.behindCount === 0) {
      out.push({ t: 'para', text: t.behindNone(n(k.compared), unreported), indent: true });
      return;
    }
    const intro = `${t.behindIntro(n(k.behindCount), n(k.compared), k.sameTarget, unreported)} ${t.behindWorst(n(k.behind.length))}`;
    out.push({ t: 'para', text: intro, indent: true });
    // Against a target of 100 % a share is its own attainment: one column says it.
    const attainment = k.behind.some((b) => b.attainment !== b.value);
    out.push({
      t: 'table',
      table: {
        cols: [
          { header: c.no, align: 'center' },
          { header: c.unit },
          { header: c.value, align: 'right' },
          ...(k.sameTarget ? [] : [{ header: c.target, align: 'right' as const }]),
          ...(attainment ? [{ header: c.attainment, align: 'right' as const }] : []),
          { header: c.reason },
        ],
        rows: k.behind.map((b, j) => [
          String(j + 1),
          b.unit,
          b.value,
          ...(k.sameTarget ? [] : [b.target]),
          ...(attainment ? [b.attainment] : []),
          b.reason,
        ]),
      },
    });
  });
  out.push({ t: 'para', text: t.annexLists, italic: true, indent: true });
  return out;
}

function completeness(m: ReportModel): Block[] {
  const t = TEXT[m.lang];
  const c = t.cols;
  const n = (v: number) => formatNumber(v, m.lang);
  const cp = m.completeness;
  const pct = (v: number | null) => (v === null ? '–' : formatPercent(v, m.lang));
  const out: Block[] = [
    {
      t: 'table',
      table: {
        cols: [
          { header: c.level },
          ...[c.expected, c.reported, c.onTime, c.late, c.missing].map((header) => ({ header, align: 'right' as const })),
        ],
        rows: [
          ...cp.byLevel.map((l) => [
            t.levels[l.level] ?? String(l.level),
            n(l.expected),
            n(l.reported),
            n(l.onTime),
            n(l.late),
            n(l.missing),
          ]),
          // The shares go on their own line, so the counts line up above them.
          [
            'Σ',
            n(cp.expected),
            `${n(cp.reported)}\n(${pct(cp.completeness)})`,
            `${n(cp.onTime)}\n(${pct(cp.timeliness)})`,
            n(cp.late),
            n(cp.missingTotal),
          ],
        ],
      },
    },
  ];
  if (cp.missingTotal === 0) out.push({ t: 'para', text: cp.expected === 0 ? t.noData(m.periodLabel) : t.allReported, italic: true });
  else if (cp.reported === 0) out.push({ t: 'para', text: t.noReports, italic: true });
  else {
    // Grouped by commune, the communes with most units missing first: whom to call after the meeting.
    const groups = new Map<string, MissingUnit[]>();
    for (const u of m.missing) groups.set(u.group, [...(groups.get(u.group) ?? []), u]);
    // Teams of communes merged in 2025 kept their names: two "Thôn 2" in one commune are told apart by code.
    const named = (units: MissingUnit[]) =>
      units.map((u) =>
        u.group === u.name ? t.itself : units.filter((o) => o.name === u.name).length > 1 ? `${u.name} (${u.code})` : u.name,
      );
    const sorted = [...groups.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0], 'vi'));
    const shown = sorted.slice(0, MISSING_GROUPS_SHOWN);
    out.push({ t: 'para', text: t.missingSummary(n(cp.missingTotal), n(groups.size)), indent: true });
    out.push({
      t: 'table',
      table: {
        cols: [{ header: c.no, align: 'center' }, { header: c.group }, { header: c.count, align: 'right' }, { header: c.missingUnits }],
        rows: shown.map(([group, units], i) => [String(i + 1), group, n(units.length), named(units).join('; ')]),
      },
    });
    const rest = sorted.slice(MISSING_GROUPS_SHOWN);
    const restUnits = rest.reduce((s, [, units]) => s + units.length, 0) + (cp.missingTotal - m.missing.length);
    if (restUnits > 0) out.push({ t: 'para', text: t.missingMore(n(restUnits), n(rest.length)), italic: true, indent: true });
  }
  return out;
}

function notes(m: ReportModel): Block[] {
  const t = TEXT[m.lang];
  const proposals = m.followup.proposals.slice(0, PROPOSALS_SHOWN);
  // A recommendation sent as a proposal is listed once, with how it was handled, in the table below.
  const asProposal = new Set(m.followup.proposals.map((p) => p.text.trim()));
  const entries = m.notes
    .flatMap((g) => g.entries)
    .map((e) => ({ ...e, recommendations: asProposal.has(e.recommendations.trim()) ? '' : e.recommendations }))
    .filter((e) => e.difficulties || e.recommendations);
  if (entries.length === 0 && proposals.length === 0) return [{ t: 'para', text: t.noNotes, italic: true }];
  const out: Block[] = entries.length === 0 ? [{ t: 'para', text: t.noDifficulties, italic: true }] : [];
  for (const e of entries.slice(0, NOTES_SHOWN)) {
    out.push({ t: 'para', text: `${e.name}:`, bold: true });
    if (e.difficulties) out.push({ t: 'para', text: `${t.difficulties}: ${e.difficulties}`, indent: true });
    if (e.recommendations) out.push({ t: 'para', text: `${t.recommendations}: ${e.recommendations}`, indent: true });
  }
  if (entries.length > NOTES_SHOWN)
    out.push({ t: 'para', text: t.notesMore(formatNumber(entries.length - NOTES_SHOWN, m.lang)), italic: true, indent: true });
  if (proposals.length > 0) {
    const c = t.cols;
    out.push({ t: 'para', text: t.proposalsHeading, bold: true });
    out.push({
      t: 'table',
      table: {
        cols: [{ header: c.no, align: 'center' }, { header: c.unit }, { header: c.proposal }, { header: c.handling }],
        rows: proposals.map((p, i) => [String(i + 1), p.unit, p.text, p.answer ? `${p.state}: ${p.answer}` : p.state]),
      },
    });
  }
  return out;
}

/** "Kết quả thực hiện nhiệm vụ được giao tại phiên họp trước": each task, its units, its deadline and where it stands. */
function tasks(m: ReportModel): Block[] {
  const t = TEXT[m.lang];
  const c = t.cols;
  const f = m.followup;
  if (f.tasks.length === 0) return [{ t: 'para', text: t.noTasks, italic: true }];
  const n = (v: number) => formatNumber(v, m.lang);
  // The previous meeting's tasks first (what this section reports on), then older ones still
  // overdue or open; within each, overdue, then open, then done.
  const latest = f.tasks.reduce((m, r) => (r.meetingPeriod > m ? r.meetingPeriod : m), '');
  const rank = (r: (typeof f.tasks)[number]) => (r.meetingPeriod === latest ? 0 : 3) + (r.overdue ? 0 : r.done ? 2 : 1);
  const shown = [...f.tasks].sort((a, b) => rank(a) - rank(b)).slice(0, TASKS_SHOWN);
  return [
    ...(f.sources.length > 0 ? [{ t: 'para' as const, text: t.tasksFrom(f.sources.join('; ')), indent: true }] : []),
    { t: 'para', text: t.tasksCount(n(f.counts.total), n(f.counts.done), n(f.counts.overdue), n(f.counts.blocked)), indent: true },
    {
      t: 'table',
      table: {
        cols: [
          { header: c.no, align: 'center' },
          { header: c.task },
          { header: c.inCharge },
          { header: c.deadline, align: 'center' },
          { header: c.result },
        ],
        rows: shown.map((row, i) => [String(i + 1), row.content, row.units, row.deadline, row.result]),
      },
    },
    ...(f.tasks.length > shown.length
      ? [{ t: 'para' as const, text: t.tasksMore(n(f.tasks.length - shown.length)), italic: true, indent: true }]
      : []),
  ];
}

/** "Phương hướng, nhiệm vụ tháng tới": the tasks still open, and the KPIs behind target to push. */
function next(m: ReportModel): Block[] {
  const t = TEXT[m.lang];
  const lines = m.followup.next.slice(0, NEXT_SHOWN);
  if (lines.length === 0) return [{ t: 'para', text: t.nothingNext, indent: true }];
  return lines.map((text, i) => ({ t: 'para', text: `${i + 1}. ${text}`, indent: true }));
}

/** The sections in the order they are printed. */
export const SECTIONS: { key: keyof (typeof TEXT)['vi']['sections']; build: (m: ReportModel) => Block[] }[] = [
  { key: 'summary', build: summary },
  { key: 'kpis', build: kpis },
  { key: 'charts', build: charts },
  { key: 'behind', build: behind },
  { key: 'completeness', build: completeness },
  { key: 'notes', build: notes },
  { key: 'tasks', build: tasks },
  { key: 'next', build: next },
];

export function reportSections(m: ReportModel): Section[] {
  const t = TEXT[m.lang];
  return SECTIONS.map((s, i) => ({ key: s.key, title: `${roman(i + 1)}. ${t.sections[s.key]}`, blocks: s.build(m) }));
}

/** Every text the body prints, tables and charts included, in order (for checks of the rendering). */
export function bodyTexts(sections: Section[], withCharts = true): string[] {
  return sections.flatMap((s) => [
    s.title,
    ...s.blocks.flatMap((b) =>
      b.t === 'para'
        ? [b.text]
        : b.t === 'table'
          ? [...b.table.cols.map((c) => c.header), ...b.table.rows.flat()]
          : withCharts
            ? chartTexts(b.chart)
            : [],
    ),
  ]);
}
