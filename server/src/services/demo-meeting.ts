/**
 * The demo's meetings: the city's conclusions of the last three meetings with the tasks they gave
 * the communes behind, the progress those communes reported, and the proposals that came up
 * with the communes' recent reports (their "kiến nghị"), some answered by the city, some still
 * waiting. Deterministic, relative to the demo's periods, and all before the demo's "now".
 */
import { addDays, addMonths, type PeriodWindow } from '@tiendo/shared';
import { and, asc, gte, isNotNull, ne, sql } from 'drizzle-orm';
import { ormOf, type Sqlite } from '../db/client.ts';
import { conclusions, proposalEvents, proposals, reports, taskAssignees, taskProgress, tasks } from '../db/schema.ts';
import { type Catalog, childrenAt, type UnitNode } from './catalog-service.ts';

export interface DemoMeetingOptions {
  lastClosed: string;
  open: string;
  /** The demo's "now": no stamp after it. */
  now: string;
  windowOf: (period: string) => PeriodWindow;
}

const DEMO_COMMUNE = '00097';

const TASKS: { content: string; kpi: string | null; days: number }[] = [
  { content: 'Hoàn thành tích hợp các thủ tục hành chính còn lại lên Cổng Dịch vụ công quốc gia', kpi: 'tthc_tich_hop', days: 20 },
  { content: 'Rà soát, làm sạch dữ liệu dân cư của các hộ chưa khớp với cơ sở dữ liệu quốc gia', kpi: 'lam_sach_dan_cu', days: 25 },
  { content: 'Tổ chức các đợt cao điểm thu nhận hồ sơ định danh điện tử tại tổ dân phố, thôn', kpi: 'dinh_danh_tiep_nhan', days: 15 },
  { content: 'Chi trả an sinh xã hội không dùng tiền mặt cho các đối tượng còn nhận tiền mặt', kpi: 'chi_tra_dien_tu', days: 30 },
  { content: 'Báo cáo nguyên nhân chậm tiến độ và đề xuất giải pháp tại phiên họp tới', kpi: null, days: 10 },
  { content: 'Kích hoạt tài khoản định danh điện tử mức độ 2 cho người cao tuổi tại nhà', kpi: 'dinh_danh_tiep_nhan', days: 25 },
  { content: 'Đối chiếu, cập nhật dữ liệu hộ tịch cũ với Cơ sở dữ liệu quốc gia về dân cư', kpi: 'lam_sach_dan_cu', days: 30 },
  { content: 'Bố trí điểm thu nhận dữ liệu CCCD lưu động tại các thôn vùng xa', kpi: 'cccd_thu_nhan', days: 20 },
];
/** Tasks a meeting assigns: four of the list, a different four each month. */
const PER_MEETING = 4;

const NOTES = {
  in_progress: [
    'Đã hoàn thành khoảng 60 %, dự kiến xong trước hạn',
    'Đang phối hợp với bộ phận một cửa để rà soát',
    'Đã triển khai tại 4/7 tổ dân phố',
  ],
  blocked: ['Thiếu thiết bị đọc chip, đã kiến nghị Công an thành phố bổ sung', 'Chờ hướng dẫn của Sở về dữ liệu trùng lặp'],
  done: ['Hoàn thành trước hạn 3 ngày', 'Hoàn thành, đã báo cáo kết quả bằng văn bản'],
};

const ANSWERS = [
  'Công an thành phố sẽ bổ sung thiết bị trong tháng tới; đề nghị phường tạm điều chuyển thiết bị giữa các tổ.',
  'Đã giao Sở Thông tin và Truyền thông làm việc với nhà mạng, báo cáo kết quả tại phiên họp tới.',
  'Ghi nhận; nội dung đã được đưa vào kế hoạch tập huấn quý tới của Công an thành phố.',
];

const TEAM_PROPOSALS = [
  'Đề nghị phường bố trí thêm người hỗ trợ kích hoạt tài khoản định danh cho người cao tuổi.',
  'Đề nghị cấp bổ sung 01 máy tính bảng cho tổ công tác để thu nhận hồ sơ lưu động.',
];

/** A small deterministic hash of a string, for choices that must not change between seeds. */
function pick(s: string, n: number): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0) % n;
}

export function loadDemoMeeting(sqlite: Sqlite, cat: Catalog, city: UnitNode, opts: DemoMeetingOptions): void {
  const stamp = (date: string, hour = 9) => {
    const at = `${date}T${String(hour).padStart(2, '0')}:00:00.000Z`;
    return at > opts.now ? opts.now : at;
  };
  const kpiId = new Map(cat.kpis.map((k) => [k.code, k.id]));
  const communes = childrenAt(cat, city, opts.lastClosed);
  if (communes.length === 0) return;
  // The communes that wrote recommendations in their recent reports are the ones the meetings discuss.
  const orm = ormOf(sqlite);
  const r = reports;
  const wrote = orm
    // Both are set on every sent report that wrote a recommendation (the filter below).
    .select({ unitId: r.unitId, period: r.period, text: sql<string>`${r.recommendations}`, at: sql<string>`${r.submittedAt}` })
    .from(r)
    .where(and(gte(r.period, addMonths(opts.lastClosed, -2)), isNotNull(r.recommendations), ne(r.recommendations, '')))
    .orderBy(asc(r.period), asc(r.unitId))
    .all();
  const communeIds = new Set(communes.map((c) => c.id));
  const behind = [...new Set(wrote.filter((w) => communeIds.has(w.unitId)).map((w) => w.unitId))].map(
    (id) => cat.units.get(id) as UnitNode,
  );
  // Phường Hồng Hà (the demo's commune to try things with) is among them.
  const hongha = communes.find((c) => c.code === DEMO_COMMUNE);
  const others = behind.length >= 6 ? behind : [...behind, ...communes.filter((c) => !behind.includes(c))].slice(0, 8);
  const pool = hongha ? [hongha, ...others.filter((c) => c !== hongha)] : others;

  const ph = (name: string) => sql.placeholder(name);
  const conclusion = orm
    .insert(conclusions)
    .values({
      unitId: ph('unitId'),
      period: ph('period'),
      meetingDate: ph('meetingDate'),
      year: ph('year'),
      number: ph('number'),
      summary: ph('summary'),
      recordedAt: ph('recordedAt'),
      recordedBy: ph('recordedBy'),
    })
    .returning({ id: conclusions.id })
    .prepare();
  const task = orm
    .insert(tasks)
    .values({
      conclusionId: ph('conclusionId'),
      content: ph('content'),
      deadline: ph('deadline'),
      kpiId: ph('kpiId'),
      sortOrder: ph('sortOrder'),
    })
    .returning({ id: tasks.id })
    .prepare();
  const assignee = orm
    .insert(taskAssignees)
    .values({ taskId: ph('taskId'), unitId: ph('unitId') })
    .prepare();
  const progress = orm
    .insert(taskProgress)
    .values({
      taskId: ph('taskId'),
      unitId: ph('unitId'),
      period: ph('period'),
      status: ph('status'),
      note: ph('note'),
      at: ph('at'),
      by: ph('by'),
    })
    .prepare();

  // The city's meetings on the last three closed periods, held a few days after each cut-off.
  for (const back of [3, 2, 1]) {
    const period = addMonths(opts.lastClosed, -back + 1);
    const meetingDate = addDays(opts.windowOf(period).to, 6);
    if (meetingDate > opts.now.slice(0, 10)) continue;
    // The committee meets monthly: the notice of a meeting in month m is the m-th of its year.
    const year = Number(meetingDate.slice(0, 4));
    const number = Number(meetingDate.slice(5, 7));
    const { id: cid } = conclusion.get({
      unitId: city.id,
      period,
      meetingDate,
      year,
      number,
      summary: 'Các đơn vị tập trung hoàn thành các chỉ tiêu còn chậm của Đề án 06; báo cáo kết quả tại phiên họp tháng sau.',
      recordedAt: stamp(meetingDate, 16),
      recordedBy: 'Thường trực BCĐ 06 Thành phố (Công an TP)',
    }) as { id: number };
    Array.from({ length: PER_MEETING }, (_, i) => TASKS[(back * PER_MEETING + i) % TASKS.length] as (typeof TASKS)[number]).forEach(
      (t, i) => {
        const deadline = addDays(meetingDate, t.days);
        const kpi = t.kpi === null ? null : (kpiId.get(t.kpi) ?? null);
        const { id: tid } = task.get({ conclusionId: cid, content: t.content, deadline, kpiId: kpi, sortOrder: i }) as { id: number };
        const units = [0, 1, 2].map((k) => pool[(i * 2 + k + back - 1) % pool.length] as UnitNode).filter((u, k, a) => a.indexOf(u) === k);
        for (const u of units) {
          assignee.run({ taskId: tid, unitId: u.id });
          // Progress in the reports after the meeting: older meetings' tasks mostly done.
          for (let p = addMonths(period, 1); p <= opts.lastClosed; p = addMonths(p, 1)) {
            const roll = pick(`${tid}:${u.id}:${p}`, 10);
            const older = p < opts.lastClosed;
            const status = older
              ? roll < 7
                ? 'done'
                : 'in_progress'
              : roll < 4
                ? 'done'
                : roll < 8
                  ? 'in_progress'
                  : roll < 9
                    ? 'blocked'
                    : null;
            if (status === null) continue;
            const notes = NOTES[status];
            const at = stamp(addDays(opts.windowOf(p).to, 1 + pick(`${u.id}${p}`, 3)), 10);
            progress.run({
              taskId: tid,
              unitId: u.id,
              period: p,
              status,
              note: status === 'done' && roll % 2 ? '' : (notes[roll % notes.length] as string),
              at,
              by: `Cán bộ ${u.name}`,
            });
            if (status === 'done') break;
          }
        }
      },
    );
  }

  // Proposals: the communes' recommendations go to the city; the older ones are answered.
  const proposal = orm
    .insert(proposals)
    .values({
      unitId: ph('unitId'),
      period: ph('period'),
      text: ph('text'),
      state: ph('state'),
      waitingOnId: ph('waitingOnId'),
      raisedAt: ph('raisedAt'),
      raisedBy: ph('raisedBy'),
      answer: ph('answer'),
      answerUnitId: ph('answerUnitId'),
      answeredAt: ph('answeredAt'),
      answeredBy: ph('answeredBy'),
    })
    .returning({ id: proposals.id })
    .prepare();
  const eventRow = orm
    .insert(proposalEvents)
    .values({
      proposalId: ph('proposalId'),
      action: ph('action'),
      unitId: ph('unitId'),
      actor: ph('actor'),
      at: ph('at'),
      text: ph('text'),
    })
    .prepare();
  const event = {
    run: (proposalId: number, action: string, unitId: number, actor: string, at: string, text: string | null) =>
      eventRow.run({ proposalId, action, unitId, actor, at, text }),
  };
  for (const w of wrote) {
    const u = cat.units.get(w.unitId) as UnitNode;
    if (!communeIds.has(u.id) || w.at > opts.now) continue;
    const answered = w.period < opts.lastClosed && pick(`${u.id}:${w.period}`, 3) > 0;
    const answer = ANSWERS[pick(w.text, ANSWERS.length)] as string;
    const answeredAt = stamp(addDays(w.at.slice(0, 10), 9), 15);
    const by = `Cán bộ ${u.name}`;
    const { id } = proposal.get({
      unitId: u.id,
      period: w.period,
      text: w.text,
      state: answered ? 'answered' : 'open',
      waitingOnId: answered ? null : city.id,
      raisedAt: w.at,
      raisedBy: by,
      answer: answered ? answer : null,
      answerUnitId: answered ? city.id : null,
      answeredAt: answered ? answeredAt : null,
      answeredBy: answered ? 'Thường trực BCĐ 06 Thành phố (Công an TP)' : null,
    }) as { id: number };
    event.run(id, 'raised', u.id, by, w.at, w.text);
    if (answered) event.run(id, 'answered', city.id, 'Thường trực BCĐ 06 Thành phố (Công an TP)', answeredAt, answer);
  }
  // A few teams raise theirs with their commune; one commune has already sent one up to the city.
  for (const [i, c] of pool.slice(0, 4).entries()) {
    const team = childrenAt(cat, c, opts.lastClosed)[0];
    if (!team) continue;
    const raisedAt = stamp(addDays(opts.windowOf(opts.lastClosed).to, 1 + i), 8);
    const text = TEAM_PROPOSALS[i % TEAM_PROPOSALS.length] as string;
    // The first (Hồng Hà's team) waits on its commune; the second has already gone up to the city.
    const forwarded = i === 1;
    const { id } = proposal.get({
      unitId: team.id,
      period: opts.lastClosed,
      text,
      state: 'open',
      waitingOnId: forwarded ? city.id : c.id,
      raisedAt,
      raisedBy: `Tổ trưởng ${team.name}`,
      answer: null,
      answerUnitId: null,
      answeredAt: null,
      answeredBy: null,
    }) as { id: number };
    event.run(id, 'raised', team.id, `Tổ trưởng ${team.name}`, raisedAt, text);
    if (forwarded)
      event.run(
        id,
        'forwarded',
        c.id,
        `Cán bộ ${c.name}`,
        stamp(addDays(raisedAt.slice(0, 10), 2), 14),
        'Vượt thẩm quyền của phường, đề nghị Thành phố xem xét.',
      );
  }
}
