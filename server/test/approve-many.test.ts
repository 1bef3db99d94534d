import { smallWorld } from '@tiendo/seed/factories';
import type { DecideManyReply, ReportReply } from '@tiendo/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_LAST_CLOSED } from './constants.ts';
import { createTestApp, type Session, type TestContext } from './helpers.ts';

/**
 * Approving or returning many reports from the worklist: one answer per unit, one audit entry
 * per report, and a unit that may not be decided fails alone. In the small world, as in the demo,
 * the last closed month is submitted everywhere and approved nowhere; Hồng Hà has five teams.
 */
let t: TestContext;
/** Phường Hồng Hà (`00097`): its teams' reports wait for it. */
let commune: Session;
let secretariat: Session;
let team: Session;
let leader: Session;
beforeAll(async () => {
  t = await createTestApp({ world: smallWorld({ teams: [5, 1] }) });
  commune = await t.login('hongha');
  secretariat = await t.login('thuky');
  team = await t.login('to1.phucxa');
  leader = await t.login('lanhdao');
});
afterAll(() => t.close());

const P = TEST_LAST_CLOSED;
const url = (code: string, action = '') => `/api/units/${code}/reports/${P}${action ? `/${action}` : ''}`;
const post = async <T>(s: Session, path: string, payload: unknown) => {
  const r = await t.app.inject({ method: 'POST', url: path, payload: payload as object, headers: s.headers });
  return { status: r.statusCode, body: r.json() as T };
};
const report = async (s: Session, code: string) => (await t.get<ReportReply>(s, url(code))).body;
const audits = (action: string, code: string) =>
  (t.db.sqlite.prepare('SELECT COUNT(*) FROM audit_log WHERE action = ? AND target = ?').pluck().get(action, `${code}/${P}`) as number) ??
  0;
const submittedTeams = () =>
  t.db.sqlite
    .prepare(
      `SELECT u.code FROM reports r JOIN units u ON u.id = r.unit_id
       WHERE r.period = ? AND r.state = 'submitted' AND u.code LIKE '00001-%' ORDER BY u.code`,
    )
    .pluck()
    .all(P) as string[];

describe('the approver sees the units still waiting below a unit before approving it', () => {
  it('lists Hồng Hà’s waiting teams to whoever decides on Hồng Hà, and nothing to others', async () => {
    const waiting = submittedTeams();
    expect(waiting.length).toBeGreaterThan(3);
    const seen = await report(secretariat, '00097');
    expect(seen.canDecide).toBe(true);
    const listed = seen.waitingBelow.map((u) => u.code);
    for (const code of waiting) expect(listed).toContain(code);
    expect(seen.waitingBelow.every((u) => u.level === 4 && u.name.length > 0)).toBe(true);
    // the commune's approver has the same list as its worklist; a leader, who decides nothing, none
    expect((await report(commune, '00097')).waitingBelow.map((u) => u.code)).toEqual(listed);
    expect((await report(leader, '00097')).waitingBelow).toEqual([]);
  });
});

describe('approve-many and return-many', () => {
  it('approves each unit through the one-report path, answers per unit, and fails the others alone', async () => {
    const [a, b, c] = submittedTeams();
    if (!a || !b || !c) throw new Error('the world should have submitted teams under Hồng Hà');
    const r = await post<DecideManyReply>(commune, url('00097', 'approve-many'), {
      units: [a, b, '00004', '00004-01', 'khong-co', a],
    });
    expect(r.status).toBe(200);
    const by = new Map(r.body.results.map((x) => [x.unit, x]));
    expect(r.body.results).toHaveLength(5);
    expect(by.get(a)).toEqual({ unit: a, ok: true, state: 'approved' });
    expect(by.get(b)).toEqual({ unit: b, ok: true, state: 'approved' });
    // another commune, a team of another commune (out of Hồng Hà's scope), an unknown code
    for (const bad of ['00004', '00004-01', 'khong-co']) {
      expect(by.get(bad)?.ok).toBe(false);
      expect(by.get(bad)?.error?.length).toBeGreaterThan(5);
      expect(by.get(bad)?.state).toBeUndefined();
    }
    expect(by.get('00004')?.error).toContain('00097');
    // each failure also carries its refusal's code, for the SPA to say it in its reader's language
    expect(['00004', '00004-01', 'khong-co'].map((bad) => by.get(bad)?.code)).toEqual(['not_below', 'unit_not_found', 'unit_not_found']);
    expect((await report(commune, a)).state).toBe('approved');
    expect((await report(commune, c)).state).toBe('submitted');
    // one audit entry per report approved, as if approved one by one
    expect(audits('report.approve', a)).toBe(1);
    expect(audits('report.approve', b)).toBe(1);
    expect(audits('report.approve', '00004')).toBe(0);
    // the approved basis took them in, as the single approval does
    const approvedRows = t.db.sqlite
      .prepare(`SELECT COUNT(*) FROM figures_approved f JOIN units u ON u.id = f.unit_id WHERE u.code = ? AND f.period = ?`)
      .pluck()
      .get(a, P) as number;
    expect(approvedRows).toBeGreaterThan(0);

    // once decided, a second try fails for that unit only
    const again = await post<DecideManyReply>(commune, url('00097', 'approve-many'), { units: [a, c] });
    expect(again.body.results).toEqual([
      { unit: a, ok: false, error: expect.stringContaining('approved'), code: 'report_state', details: { state: 'approved' } },
      { unit: c, ok: true, state: 'approved' },
    ]);
    expect(audits('report.approve', a)).toBe(1);
  });

  it('returns many with one comment, each report getting it', async () => {
    const [d, e] = submittedTeams();
    if (!d || !e) throw new Error('the world should have submitted teams under Hồng Hà');
    const short = await post<{ error: { code: string } }>(commune, url('00097', 'return-many'), { units: [d], comment: 'x' });
    expect(short.status).toBe(400);
    const r = await post<DecideManyReply>(commune, url('00097', 'return-many'), { units: [d, e], comment: 'Thiếu giải trình số CCCD' });
    expect(r.status).toBe(200);
    expect(r.body.results).toEqual([
      { unit: d, ok: true, state: 'returned' },
      { unit: e, ok: true, state: 'returned' },
    ]);
    const back = await report(commune, d);
    expect(back.state).toBe('returned');
    expect(back.comment).toBe('Thiếu giải trình số CCCD');
    expect(audits('report.return', d)).toBe(1);
    expect(audits('report.return', e)).toBe(1);
  });

  it('is for approvers only, and bounded', async () => {
    const byTeam = await post<{ error: { code: string } }>(team, url('00097', 'approve-many'), { units: ['00001-01'] });
    expect(byTeam.status).toBe(403);
    const tooMany = Array.from({ length: 1001 }, (_, i) => `00001-${i}`);
    const big = await post<{ error: { code: string } }>(commune, url('00097', 'approve-many'), { units: tooMany });
    expect(big.status).toBe(400);
    const empty = await post<{ error: { code: string } }>(commune, url('00097', 'approve-many'), { units: [] });
    expect(empty.status).toBe(400);
  });
});
