/**
 * Proposals go up the tree and come back answered; a meeting's conclusions assign tasks to units,
 * which report progress on them in their next reports; the next meeting sees what is done and
 * what is overdue.
 */
import { SMALL_WORLD_KPIS, smallWorld } from '@tiendo/seed/factories';
import { addMonths, type Conclusion, type Proposal, type ProposalsReply, type Task, type TasksReply } from '@tiendo/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyTexts, reportSections } from '../src/reports/report-body.ts';
import { buildReportModel } from '../src/reports/report-data.ts';
import { TEST_LAST_CLOSED, TEST_OPEN } from './constants.ts';
import { createTestApp, type Session, type TestContext } from './helpers.ts';

let t: TestContext;
let team: Session;
let hongha: Session;
let badinh: Session;
let thuky: Session;
let lanhdao: Session;
beforeAll(async () => {
  // The city's share of procedures integrated, a KPI a task may name.
  t = await createTestApp({ world: smallWorld({ kpis: [...SMALL_WORLD_KPIS, 'tthc_tich_hop'] }) });
  team = await t.login('to1.phucxa');
  hongha = await t.login('hongha');
  badinh = await t.login('phuongbadinh');
  thuky = await t.login('thuky');
  lanhdao = await t.login('lanhdao');
  // The month before: an earlier meeting of the year, and a proposal of Ba Đình still waiting on the city.
  const earlier = addMonths(TEST_LAST_CLOSED, -1);
  const met = await send(
    'POST',
    '/api/units/01/conclusions',
    {
      period: earlier,
      meetingDate: `${earlier}-28`,
      summary: 'Rà soát dữ liệu dân cư.',
      tasks: [
        { content: 'Làm sạch dữ liệu các hộ chưa khớp', deadline: `${TEST_LAST_CLOSED}-20`, units: ['00004'], kpi: 'lam_sach_dan_cu' },
      ],
    },
    thuky,
  );
  expect(met.statusCode, met.body).toBe(201);
  const waiting = await send(
    'POST',
    '/api/units/00004/proposals',
    { period: TEST_OPEN, text: 'Đề nghị bổ sung kinh phí số hóa hồ sơ' },
    badinh,
  );
  expect(waiting.statusCode, waiting.body).toBe(201);
});
afterAll(() => t.close());

const send = (method: 'POST' | 'PUT', url: string, payload: unknown, s: Session) =>
  t.app.inject({ method, url, payload: payload as object, headers: s.headers });
const auditCount = (action: string) => t.db.sqlite.prepare('SELECT COUNT(*) FROM audit_log WHERE action = ?').pluck().get(action) as number;
const count = (table: string) => t.db.sqlite.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;

describe('proposals (kiến nghị) up the tree', () => {
  let raised: Proposal;

  it('a team raises one in the open period: it waits on its commune, on the map of today', async () => {
    const r = await send(
      'POST',
      '/api/units/00001-01/proposals',
      { period: TEST_OPEN, text: 'Đề nghị cấp thêm đầu đọc thẻ CCCD cho tổ' },
      team,
    );
    expect(r.statusCode, r.body).toBe(201);
    raised = r.json() as Proposal;
    expect(raised).toMatchObject({
      unit: { code: '00001-01' },
      period: TEST_OPEN,
      state: 'open',
      waitingOn: { code: '00097', name: 'Hồng Hà' },
      ageDays: 0,
      answer: null,
    });
    expect(raised.events.map((e) => e.action)).toEqual(['raised']);
    const mine = await t.get<ProposalsReply>(team, '/api/units/00001-01/proposals');
    expect(mine.body.raised.map((p) => p.id)).toContain(raised.id);
    const inbox = await t.get<ProposalsReply>(hongha, '/api/units/00097/proposals');
    expect(inbox.body.waiting.map((p) => p.id)).toContain(raised.id);
    expect(auditCount('proposal.raise')).toBeGreaterThanOrEqual(1);
  });

  it('refuses what cannot be: the top of the tree, a closed period, a blank text, a unit out of scope', async () => {
    const before = count('proposals');
    const top = await send('POST', '/api/units/01/proposals', { period: TEST_OPEN, text: 'Kiến nghị của thành phố' }, thuky);
    expect(top.statusCode).toBe(400);
    const closed = await send('POST', '/api/units/00001-01/proposals', { period: TEST_LAST_CLOSED, text: 'Kiến nghị kỳ đã khóa' }, team);
    expect(closed.statusCode).toBe(400);
    const blank = await send('POST', '/api/units/00001-01/proposals', { period: TEST_OPEN, text: '  ' }, team);
    expect(blank.statusCode).toBe(400);
    expect((blank.json() as { error: { message: string } }).error.message).toMatch(/[a-z]/);
    // A peer commune is known to Hồng Hà (403); a team under it is not, and answers like an unknown code (404).
    const peer = await send('POST', '/api/units/00004/proposals', { period: TEST_OPEN, text: 'Không thuộc phạm vi' }, hongha);
    expect(peer.statusCode).toBe(403);
    const outside = await send('POST', '/api/units/00004-01/proposals', { period: TEST_OPEN, text: 'Không thuộc phạm vi' }, hongha);
    expect(outside.statusCode).toBe(404);
    expect(count('proposals')).toBe(before);
  });

  it('only the unit it waits on decides: the team cannot answer its own, another commune cannot either', async () => {
    expect((await send('POST', `/api/proposals/${raised.id}/answer`, { text: 'Tự trả lời' }, team)).statusCode).toBe(403);
    expect((await send('POST', `/api/proposals/${raised.id}/answer`, { text: 'Không phải của tôi' }, badinh)).statusCode).toBe(403);
  });

  it('the commune forwards it to the city, which answers; the team reads the answer', async () => {
    const fwd = await send('POST', `/api/proposals/${raised.id}/forward`, { text: 'Vượt thẩm quyền phường' }, hongha);
    expect(fwd.statusCode, fwd.body).toBe(200);
    expect((fwd.json() as Proposal).waitingOn).toMatchObject({ code: '01' });
    // Once forwarded it is no longer the commune's to answer; it is the city's.
    expect((await send('POST', `/api/proposals/${raised.id}/answer`, { text: 'Đã chuyển' }, hongha)).statusCode).toBe(403);
    const cityInbox = await t.get<ProposalsReply>(lanhdao, '/api/units/01/proposals');
    expect(cityInbox.body.waiting.map((p) => p.id)).toContain(raised.id);
    const ans = await send(
      'POST',
      `/api/proposals/${raised.id}/answer`,
      { text: 'Công an thành phố cấp bổ sung 20 đầu đọc trong tháng 12' },
      thuky,
    );
    expect(ans.statusCode, ans.body).toBe(200);
    const answered = ans.json() as Proposal;
    expect(answered).toMatchObject({ state: 'answered', waitingOn: null, answer: { unit: { code: '01' }, text: /20 đầu đọc/ } });
    expect(answered.events.map((e) => e.action)).toEqual(['raised', 'forwarded', 'answered']);
    const mine = await t.get<ProposalsReply>(team, '/api/units/00001-01/proposals?state=all');
    expect(mine.body.raised.find((p) => p.id === raised.id)?.answer?.text).toMatch(/20 đầu đọc/);
    // No longer open: not in the open lists any more, and nothing more can be done with it.
    expect((await t.get<ProposalsReply>(lanhdao, '/api/units/01/proposals')).body.waiting.map((p) => p.id)).not.toContain(raised.id);
    expect((await send('POST', `/api/proposals/${raised.id}/close`, {}, thuky)).statusCode).toBe(400);
    expect(auditCount('proposal.forward')).toBeGreaterThanOrEqual(1);
    expect(auditCount('proposal.answer')).toBeGreaterThanOrEqual(1);
  });

  it('the raising unit may withdraw its own proposal', async () => {
    const r = await send('POST', '/api/units/00001-01/proposals', { period: TEST_OPEN, text: 'Kiến nghị sẽ rút lại' }, team);
    const id = (r.json() as Proposal).id;
    const closed = await send('POST', `/api/proposals/${id}/close`, { text: 'Đã tự giải quyết' }, team);
    expect(closed.statusCode, closed.body).toBe(200);
    expect((closed.json() as Proposal).state).toBe('closed');
  });

  it('is readable with a read-only API token, and not writable with it', async () => {
    const tok = await send('POST', '/api/tokens', { name: 'kiến nghị' }, lanhdao);
    const token = (tok.json() as { token: string }).token;
    const read = await t.app.inject({ url: '/api/units/01/proposals?state=all', headers: { authorization: `Bearer ${token}` } });
    expect(read.statusCode).toBe(200);
    expect((read.json() as ProposalsReply).waiting.length).toBeGreaterThan(0);
    const write = await t.app.inject({
      method: 'POST',
      url: `/api/proposals/${raised.id}/close`,
      payload: {},
      headers: { authorization: `Bearer ${token}` },
    });
    expect(write.statusCode).toBe(403);
  });
});

describe('conclusions and assigned tasks', () => {
  let conclusion: Conclusion;

  it('the secretariat records the conclusions of the meeting on the closed period, numbered', async () => {
    const body = {
      period: TEST_LAST_CLOSED,
      meetingDate: '2026-11-25',
      summary: 'Đẩy nhanh tích hợp thủ tục hành chính lên Cổng dịch vụ công.',
      tasks: [
        { content: 'Hoàn thành tích hợp 15 thủ tục còn lại', deadline: '2026-12-10', units: ['00097', '00004'], kpi: 'tthc_tich_hop' },
        { content: 'Rà soát danh sách công dân chưa làm sạch', deadline: '2026-11-26', units: ['00097'] },
      ],
    };
    // This year's earlier conclusions are recorded: numbering goes on from them.
    const year = t.db.sqlite.prepare(
      `SELECT MAX(number) FROM conclusions c JOIN units u ON u.id = c.unit_id WHERE u.code = '01' AND c.year = 2026`,
    );
    const before = (year.pluck().get() as number | null) ?? 0;
    expect(before).toBeGreaterThan(0);
    const audited = auditCount('conclusion.record');
    const r = await send('POST', '/api/units/01/conclusions', body, thuky);
    expect(r.statusCode, r.body).toBe(201);
    conclusion = r.json() as Conclusion;
    expect(conclusion).toMatchObject({
      unit: { code: '01' },
      period: TEST_LAST_CLOSED,
      meetingDate: '2026-11-25',
      number: `${before + 1}/TB-BCĐ06`,
    });
    expect(conclusion.tasks.map((x) => [x.content, x.assignees.map((a) => a.unit.code), x.kpi])).toEqual([
      ['Hoàn thành tích hợp 15 thủ tục còn lại', ['00097', '00004'], 'tthc_tich_hop'],
      ['Rà soát danh sách công dân chưa làm sạch', ['00097'], null],
    ]);
    const second = await send('POST', '/api/units/01/conclusions', { ...body, tasks: [body.tasks[1]] }, thuky);
    expect((second.json() as Conclusion).number).toBe(`${before + 2}/TB-BCĐ06`);
    expect(auditCount('conclusion.record')).toBe(audited + 2);
    const listed = await t.get<{ conclusions: Conclusion[] }>(lanhdao, `/api/units/01/conclusions?period=${TEST_LAST_CLOSED}`);
    expect(listed.body.conclusions.slice(0, 2).map((c) => c.number)).toEqual([`${before + 2}/TB-BCĐ06`, `${before + 1}/TB-BCĐ06`]);
  });

  it('refuses bad conclusions and changes nothing', async () => {
    const before = [count('conclusions'), count('tasks'), count('task_assignees')];
    const ok = { content: 'Nhiệm vụ hợp lệ', deadline: '2026-12-31', units: ['00097'] };
    const cases: [Session, string, unknown, number][] = [
      [hongha, '01', { period: TEST_LAST_CLOSED, meetingDate: '2026-11-25', tasks: [ok] }, 403],
      [thuky, '01', { period: TEST_LAST_CLOSED, meetingDate: '2026-11-25', tasks: [] }, 400],
      [thuky, '01', { period: TEST_LAST_CLOSED, meetingDate: '2026-11-25', tasks: [{ ...ok, units: ['001'] }] }, 400],
      [thuky, '01', { period: TEST_LAST_CLOSED, meetingDate: '2026-11-25', tasks: [ok, { ...ok, units: ['00097', '00097'] }] }, 400],
      [thuky, '01', { period: TEST_LAST_CLOSED, meetingDate: '2026-13-01', tasks: [ok] }, 400],
      [thuky, '01', { period: TEST_LAST_CLOSED, meetingDate: '2026-10-01', tasks: [ok] }, 400],
      [thuky, '01', { period: TEST_LAST_CLOSED, meetingDate: '2026-11-25', tasks: [{ ...ok, kpi: 'khong_co' }] }, 404],
      [thuky, '00001-01', { period: TEST_LAST_CLOSED, meetingDate: '2026-11-25', tasks: [ok] }, 400],
    ];
    for (const [s, unit, body, status] of cases) {
      const r = await send('POST', `/api/units/${unit}/conclusions`, body, s);
      expect(r.statusCode, `${unit} ${JSON.stringify(body)} → ${r.body}`).toBe(status);
    }
    expect([count('conclusions'), count('tasks'), count('task_assignees')]).toEqual(before);
  });

  it('the units in charge see their tasks in the open period, the one past its deadline overdue', async () => {
    const r = await t.get<TasksReply>(hongha, `/api/units/00097/tasks?period=${TEST_OPEN}`);
    expect(r.status).toBe(200);
    const [first, second] = conclusion.tasks.map((x) => r.body.assigned.find((a) => a.id === x.id));
    expect(first).toMatchObject({ status: 'not_started', overdue: false, assignees: [{ unit: { code: '00097' }, status: 'not_started' }] });
    expect(second).toMatchObject({ status: 'not_started', overdue: true });
    const other = await t.get<TasksReply>(badinh, `/api/units/00004/tasks?period=${TEST_OPEN}`);
    expect(other.body.assigned.map((x) => x.id)).toContain(first?.id);
    expect(other.body.assigned.map((x) => x.id)).not.toContain(second?.id);
    // The meeting's own period is before the tasks: they are not assigned in it.
    const then = await t.get<TasksReply>(hongha, `/api/units/00097/tasks?period=${TEST_LAST_CLOSED}`);
    expect(then.body.assigned.map((x) => x.id)).not.toContain(first?.id);
  });

  it('a unit reports progress; the city sees each unit, done and overdue, and it is audited', async () => {
    const [first, second] = conclusion.tasks as [Task, Task];
    const progress = (s: Session, unit: string, task: Task, body: unknown) =>
      send('PUT', `/api/units/${unit}/tasks/${task.id}/progress`, body, s);
    expect((await progress(hongha, '00097', first, { period: TEST_OPEN, status: 'blocked' })).statusCode).toBe(400);
    expect((await progress(hongha, '00097', first, { period: TEST_LAST_CLOSED, status: 'done' })).statusCode).toBe(400);
    expect((await progress(badinh, '00004', second, { period: TEST_OPEN, status: 'done' })).statusCode).toBe(403);
    expect((await progress(team, '00097', first, { period: TEST_OPEN, status: 'done' })).statusCode).toBe(403);
    const p1 = await progress(hongha, '00097', first, { period: TEST_OPEN, status: 'in_progress', note: 'Đã tích hợp 9/15 thủ tục' });
    expect(p1.statusCode, p1.body).toBe(200);
    expect(p1.json()).toMatchObject({
      id: first.id,
      assignees: [{ unit: { code: '00097' }, status: 'in_progress', note: 'Đã tích hợp 9/15 thủ tục' }],
    });
    const p2 = await progress(hongha, '00097', second, { period: TEST_OPEN, status: 'done' });
    expect(p2.statusCode, p2.body).toBe(200);
    const city = await t.get<TasksReply>(lanhdao, `/api/units/01/tasks?period=${TEST_OPEN}`);
    const issued1 = city.body.issued.find((x) => x.id === first.id);
    expect(issued1?.status).toBe('in_progress');
    expect(issued1?.assignees.map((a) => [a.unit.code, a.status])).toEqual([
      ['00097', 'in_progress'],
      ['00004', 'not_started'],
    ]);
    const issued2 = city.body.issued.find((x) => x.id === second.id);
    expect(issued2).toMatchObject({ status: 'done', overdue: false });
    // Done in the open period: still listed there; gone from the period after.
    const next = await t.get<TasksReply>(lanhdao, '/api/units/01/tasks?period=2027-01');
    expect(next.body.issued.map((x) => x.id)).not.toContain(second.id);
    expect(next.body.issued.map((x) => x.id)).toContain(first.id);
    expect(auditCount('task.progress')).toBe(2);
  });

  it("reaches the next meeting report: each unit's progress on the previous meeting's tasks, and what is carried on", () => {
    const [first] = conclusion.tasks as [Task, Task];
    const model = buildReportModel(t.app.services, '01', TEST_OPEN, 'vi');
    const row = model.followup.tasks.find((r) => r.content === first.content);
    expect(row?.units).toBe('Hồng Hà; Ba Đình');
    expect(row?.result.split('\n')).toEqual(['Hồng Hà: đang thực hiện – Đã tích hợp 9/15 thủ tục', 'Ba Đình: chưa thực hiện']);
    expect(model.followup.sources.some((s) => s.startsWith(`Thông báo kết luận số ${conclusion.number} ngày 25/11/2026`))).toBe(true);
    expect(model.followup.next).toContain(`Tiếp tục thực hiện: hoàn thành tích hợp 15 thủ tục còn lại (hạn 10/12/2026).`);
    const texts = bodyTexts(reportSections(model), false);
    expect(texts.some((x) => /KẾT QUẢ THỰC HIỆN NHIỆM VỤ ĐƯỢC GIAO TẠI PHIÊN HỌP TRƯỚC$/.test(x))).toBe(true);
    expect(texts.some((x) => /PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG TỚI$/.test(x))).toBe(true);
    expect(texts).toContain('Hồng Hà: đang thực hiện – Đã tích hợp 9/15 thủ tục\nBa Đình: chưa thực hiện');
    // The proposals of the month, named with their commune when a team raised them, and how they were handled.
    const answered = model.followup.proposals.find((p) => p.text.startsWith('Đề nghị cấp thêm đầu đọc'));
    expect(answered).toMatchObject({ unit: 'Tổ dân phố số 1 – Hồng Hà', answer: expect.stringMatching(/20 đầu đọc/) });
  });

  it('is readable with a read-only API token', async () => {
    const tok = await send('POST', '/api/tokens', { name: 'nhiệm vụ' }, lanhdao);
    const token = (tok.json() as { token: string }).token;
    const r = await t.app.inject({ url: `/api/units/01/tasks?period=${TEST_OPEN}`, headers: { authorization: `Bearer ${token}` } });
    expect(r.statusCode).toBe(200);
    expect((r.json() as TasksReply).issued.length).toBeGreaterThan(0);
  });
});
