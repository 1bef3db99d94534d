/**
 * The meeting report's follow-up: "Kết quả thực hiện nhiệm vụ được giao tại phiên họp trước" (the
 * tasks of earlier meetings and how each unit in charge is getting on), "Phương hướng, nhiệm vụ
 * tháng tới" (what stays open, and the KPIs behind target to push) and the proposals of the month
 * with their answers. Built from the same replies as the API's, for the PDF and the DOCX alike.
 */
import type { Proposal, ProposalsReply, Task, TasksReply, UnitRef } from '@tiendo/shared';
import type { KpiLine } from './report-data.ts';
import { dateLabel, type Lang } from './text.ts';

export interface FollowupTaskRow {
  content: string;
  /** "Phường Hồng Hà; Phường Ba Đình" */
  units: string;
  deadline: string;
  /** Each unit's status and note, one per line: "Hồng Hà: đang thực hiện – Đã tích hợp 9/15 thủ tục". */
  result: string;
  overdue: boolean;
  done: boolean;
  /** The period of the meeting that assigned it. */
  meetingPeriod: string;
}

export interface FollowupSection {
  /** The meetings the tasks come from: "Thông báo kết luận số 10/TB-BCĐ06 ngày 20/10/2026". */
  sources: string[];
  tasks: FollowupTaskRow[];
  counts: { total: number; done: number; overdue: number; blocked: number };
  /** Sentences of "Phương hướng, nhiệm vụ tháng tới". */
  next: string[];
  proposals: { unit: string; text: string; state: string; answer: string | null }[];
}

const WORDS = {
  vi: {
    status: { not_started: 'chưa thực hiện', in_progress: 'đang thực hiện', done: 'đã hoàn thành', blocked: 'vướng mắc' },
    overdue: 'quá hạn',
    source: (number: string, date: string) => `Thông báo kết luận số ${number} ngày ${date}`,
    carryOn: (content: string, deadline: string, overdue: boolean) =>
      `Tiếp tục thực hiện: ${lowerFirst(content)} (hạn ${deadline}${overdue ? ', đã quá hạn' : ''}).`,
    push: (name: string, attainment: string) => `Tập trung đẩy nhanh tiến độ chỉ tiêu "${name}" (mới đạt ${attainment} chỉ tiêu giao).`,
    waiting: (unit: string, days: number) => `chờ ${unit} trả lời (${days} ngày)`,
    answered: (unit: string) => `${unit} đã trả lời`,
    closed: 'đã đóng',
  },
  en: {
    status: { not_started: 'not started', in_progress: 'in progress', done: 'done', blocked: 'blocked' },
    overdue: 'overdue',
    source: (number: string, date: string) => `Notice of conclusions no. ${number} of ${date}`,
    carryOn: (content: string, deadline: string, overdue: boolean) =>
      `Carry on: ${lowerFirst(content)} (due ${deadline}${overdue ? ', overdue' : ''}).`,
    push: (name: string, attainment: string) => `Speed up "${name}" (${attainment} of the target so far).`,
    waiting: (unit: string, days: number) => `waiting for ${unit} (${days} days)`,
    answered: (unit: string) => `answered by ${unit}`,
    closed: 'closed',
  },
} as const;

function lowerFirst(s: string): string {
  return s.charAt(0).toLocaleLowerCase('vi') + s.slice(1);
}

function upperFirst(s: string): string {
  return s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);
}

/**
 * Where a task stands, briefly: the units done on one line, each other unit with its status and
 * note (a note that only repeats the status is left out).
 */
function taskRow(t: Task, lang: Lang, label: (u: UnitRef) => string): FollowupTaskRow {
  const w = WORDS[lang];
  const done = t.assignees.filter((a) => a.status === 'done');
  const rest = t.assignees.filter((a) => a.status !== 'done');
  const one = t.assignees.length === 1;
  const lines = rest.map((a) => {
    const status = `${w.status[a.status]}${a.overdue ? ` (${w.overdue})` : ''}`;
    const head = one ? upperFirst(status) : `${label(a.unit)}: ${status}`;
    const note = a.note && a.note.trim().toLocaleLowerCase('vi') !== w.status[a.status] ? a.note : null;
    return note ? `${head} – ${note}` : head;
  });
  if (done.length > 0) {
    const doneNote = one && done[0]?.note ? ` – ${done[0].note}` : '';
    lines.unshift(
      one ? `${upperFirst(w.status.done)}${doneNote}` : `${upperFirst(w.status.done)}: ${done.map((a) => label(a.unit)).join(', ')}`,
    );
  }
  return {
    content: t.content,
    units: t.assignees.map((a) => label(a.unit)).join('; '),
    deadline: dateLabel(t.deadline),
    result: lines.join('\n'),
    overdue: t.overdue,
    done: t.status === 'done',
    meetingPeriod: t.meetingPeriod,
  };
}

function proposalRow(p: Proposal, lang: Lang, label: (u: UnitRef) => string): FollowupSection['proposals'][number] {
  const w = WORDS[lang];
  const state =
    p.state === 'answered' && p.answer
      ? w.answered(label(p.answer.unit))
      : p.state === 'closed'
        ? w.closed
        : w.waiting(p.waitingOn ? label(p.waitingOn) : '', p.ageDays);
  return { unit: label(p.unit), text: p.text, state, answer: p.answer?.text ?? null };
}

/**
 * The follow-up of a unit's report for a period: the tasks its meetings assigned before the period
 * and those it was given, as they stand then; the proposals raised in the period or still open.
 */
export function buildFollowup(
  tasks: TasksReply,
  proposals: ProposalsReply,
  conclusions: { id: number; number: string; meetingDate: string }[],
  lines: readonly KpiLine[],
  period: string,
  lang: Lang,
  label: (u: UnitRef) => string = (u) => u.name,
): FollowupSection {
  const w = WORDS[lang];
  const seen = new Set<number>();
  const all = [...tasks.issued, ...tasks.assigned].filter((t) => !seen.has(t.id) && seen.add(t.id));
  const rows = all.map((t) => taskRow(t, lang, label));
  // The latest meeting's open tasks first, then older ones still open, each by deadline; the same
  // task given at two meetings is carried on once.
  const open = new Map<string, Task>();
  const byMeeting = (a: Task, b: Task) => b.meetingPeriod.localeCompare(a.meetingPeriod) || a.deadline.localeCompare(b.deadline);
  for (const t of all.filter((x) => x.status !== 'done').sort(byMeeting)) {
    if (!open.has(t.content)) open.set(t.content, t);
  }
  const from = new Set(all.map((t) => t.conclusionId));
  const sources = conclusions.filter((c) => from.has(c.id)).map((c) => w.source(c.number, dateLabel(c.meetingDate)));
  const next = [
    ...[...open.values()].map((t) => w.carryOn(t.content, dateLabel(t.deadline), t.overdue)),
    ...lines
      .filter((l) => l.figure.status === 'off_track' || l.figure.status === 'at_risk')
      .map((l) => w.push(l.kpi.name, l.cells.attainment)),
  ];
  const relevant = (p: Proposal) => p.period <= period && (p.state === 'open' || p.period === period);
  const props = [...proposals.waiting, ...proposals.raised].filter(relevant);
  const shownProps = props.filter((p, i) => props.findIndex((q) => q.id === p.id) === i);
  return {
    sources,
    tasks: rows,
    counts: {
      total: all.length,
      done: all.filter((t) => t.status === 'done').length,
      overdue: all.filter((t) => t.overdue).length,
      blocked: all.filter((t) => t.status === 'blocked').length,
    },
    next,
    proposals: shownProps.map((p) => proposalRow(p, lang, label)),
  };
}
