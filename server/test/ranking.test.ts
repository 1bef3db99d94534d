/**
 * Fair rankings of the units below: ties share a rank (1, 2, 2, 4) on the figure as printed, a unit
 * that has not reported is listed last and never ranked, each row says what the unit wrote about
 * its figure, and carries what a fair comparison needs (change since last month, population).
 */
import { commune as communeOf, SMALL_WORLD_KPIS, smallWorld, team as teamOf, type WorldFactory } from '@tiendo/seed/factories';
import {
  type BreakdownReply,
  type BreakdownRow,
  type FiguresReply,
  type ReportReply,
  type ReportValue,
  roundPercent,
  type UnitReply,
} from '@tiendo/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_LAST_CLOSED, TEST_OPEN } from './constants.ts';
import { createTestApp, type Session, type TestContext } from './helpers.ts';

/** Cleaned records of each team in the last closed month, out of ten thousand. */
const CLEANED: Record<string, number> = {
  // Hồng Hà 99,93 % and Ba Đình 99,91 %: both print 99,9 %, as most of the demo's communes do.
  '00001-01': 9993,
  '00001-02': 9993,
  '00001-03': 9993,
  '00004-01': 9991,
  // Ngọc Hà behind them.
  '00008-01': 9850,
};
const HONG_HA_DIFFICULTIES = 'Thiếu cán bộ nhập liệu tại bộ phận một cửa';

/**
 * Hà Nội with three wards (a third, Ngọc Hà, behind the others), Hồng Hà with three teams, every
 * unit reporting the last closed month; the communes also report pensions paid electronically.
 */
function rankingWorld(): WorldFactory {
  const base = smallWorld({
    teams: [3, 1],
    kpis: [...SMALL_WORLD_KPIS, 'chi_tra_dien_tu'],
    units: [communeOf('00008', 'Ngọc Hà', '01', 3), teamOf('00008', 1)],
    missing: [],
  });
  return (ctx) => {
    const world = base(ctx);
    for (const f of world.figures) {
      if (f.kpi === 'lam_sach_dan_cu' && f.period === ctx.lastClosed) {
        f.numerator = CLEANED[f.unit];
        f.denominator = 10_000;
      }
      // Tổ dân phố số 3 receives far more than its neighbours every month.
      if (f.kpi === 'dinh_danh_tiep_nhan' && f.unit === '00001-03') f.value = (f.value ?? 0) + 100;
    }
    for (const r of world.reports) if (r.unit === '00097' && r.period === ctx.lastClosed) r.difficulties = HONG_HA_DIFFICULTIES;
    return world;
  };
}

let t: TestContext;
let team: Session;
let commune: Session;
let leader: Session;
beforeAll(async () => {
  t = await createTestApp({ world: rankingWorld() });
  team = await t.login('to1.phucxa');
  commune = await t.login('hongha');
  leader = await t.login('lanhdao');
});
afterAll(() => t.close());

/** Phường Hồng Hà and two of its teams: Tổ dân phố số 1 and số 2 of the former Phúc Xá. */
const HONG_HA = '00097';
const TEAM_A = '00001-01';
const TEAM_B = '00001-02';

const breakdown = async (code: string, kpi: string, period: string, extra = '') => {
  const r = await t.get<BreakdownReply>(leader, `/api/units/${code}/breakdown?kpi=${kpi}&period=${period}${extra}`);
  expect(r.status).toBe(200);
  return r.body;
};
const rowOf = (b: BreakdownReply, code: string): BreakdownRow => {
  const r = b.rows.find((x) => x.code === code);
  if (!r) throw new Error(`${code} not in the breakdown of ${b.unit.code}`);
  return r;
};
const reportUrl = (code: string, action = '') => `/api/units/${code}/reports/${TEST_OPEN}${action ? `/${action}` : ''}`;
const send = async <T = ReportReply>(s: Session, method: 'PUT' | 'POST', url: string, payload: object) => {
  const r = await t.app.inject({ method, url, payload, headers: s.headers });
  expect(r.statusCode, `${method} ${url}: ${r.body}`).toBe(200);
  return r.json() as T;
};

/**
 * Saves and submits a team's report of the open period: `received` applications this month, the
 * other KPIs as last month; explains whatever the soft rules flag (`explanation`) and writes the
 * difficulties given.
 */
async function submitTeam(s: Session, code: string, received: number, text: { explanation?: string; difficulties?: string }) {
  const form = (await t.get<ReportReply>(s, reportUrl(code))).body;
  const previous = (k: string) => form.kpis.find((x) => x.code === k)?.previous ?? null;
  const values: Record<string, ReportValue> = {
    dinh_danh_tiep_nhan: received,
    cccd_thu_nhan: (previous('cccd_thu_nhan') as number | null) ?? 10,
    lam_sach_dan_cu: (previous('lam_sach_dan_cu') as { numerator: number; denominator: number } | null) ?? {
      numerator: 9,
      denominator: 10,
    },
  };
  const draft = await send(s, 'PUT', reportUrl(code), {
    version: form.version,
    values,
    notes: { difficulties: text.difficulties ?? '' },
  });
  // what the rules flag depends on the team's history: explain every flagged value, and the received count
  const explanations: Record<string, string> = {};
  for (const f of draft.flags) explanations[f.kpi] = text.explanation ?? CHECKED;
  if (text.explanation) explanations.dinh_danh_tiep_nhan = text.explanation;
  const explained = await send(s, 'PUT', reportUrl(code), { version: draft.version, values, explanations });
  await send(s, 'POST', reportUrl(code, 'submit'), { version: explained.version });
  return new Set(Object.keys(explanations));
}

/** The KPIs each team explained in its report of the open month. */
const explainedBy = new Map<string, Set<string>>();
const CHECKED = 'Số liệu đã kiểm tra lại';
const SHORT_OF_READERS = 'Thiếu máy đọc chip, phải mượn của phường';
/** Team B's note on a KPI: the explanation where the rules flagged its value, its difficulties elsewhere. */
const noteOfB = (kpi: string) =>
  explainedBy.get(TEAM_B)?.has(kpi) ? { source: 'flag', text: CHECKED } : { source: 'difficulties', text: SHORT_OF_READERS };

/** A row's rank is one more than the number of rows strictly ahead of it on the printed figure. */
function expectCompetitionRanks(b: BreakdownReply, key: (r: BreakdownRow) => number | null, higherIsBetter = true) {
  const ranked = b.rows.filter((r) => r.rank !== null);
  for (const r of ranked) {
    const k = key(r) as number;
    const ahead = ranked.filter((o) => (higherIsBetter ? (key(o) as number) > k : (key(o) as number) < k)).length;
    expect(r.rank, `${b.kpi} ${r.code}`).toBe(ahead + 1);
  }
  // best first, the unranked after every ranked row
  const ranks = b.rows.map((r) => r.rank);
  const firstNull = ranks.indexOf(null);
  if (firstNull >= 0) expect(ranks.slice(firstNull).every((r) => r === null)).toBe(true);
  const numbers = ranks.filter((r): r is number => r !== null);
  expect(numbers).toEqual([...numbers].sort((a, c) => a - c));
}

describe('ranking of the units below', () => {
  it('ranks percentages as printed: communes that read the same share a rank, 1, 2, 2, 4', async () => {
    const b = await breakdown('01', 'lam_sach_dan_cu', TEST_LAST_CLOSED);
    const communes = (await t.get<UnitReply>(leader, `/api/units/01?period=${TEST_LAST_CLOSED}`)).body.children;
    expect(b.rows).toHaveLength(communes.length);
    const printed = (r: BreakdownRow) =>
      r.value === null ? null : roundPercent(r.value, 1, [100, ...(r.target === null ? [] : [r.target])]);
    expectCompetitionRanks(b, printed);
    // Hồng Hà and Ba Đình read 99,9 %: they tie, whatever their second decimal
    const shared = new Map<number, Set<number>>();
    for (const r of b.rows) shared.set(r.rank as number, (shared.get(r.rank as number) ?? new Set()).add(printed(r) as number));
    for (const values of shared.values()) expect(values.size).toBe(1);
    // a tie of units whose exact figures differ: equal only as printed
    const exactByRank = new Map<number, Set<number>>();
    for (const r of b.rows) exactByRank.set(r.rank as number, (exactByRank.get(r.rank as number) ?? new Set()).add(r.value as number));
    expect([...exactByRank.values()].some((v) => v.size > 1)).toBe(true);
    // the rank after a tie skips the places the tie took
    const first = b.rows.filter((r) => r.rank === 1).length;
    expect(b.rows.find((r) => (r.rank as number) > 1)?.rank).toBe(first + 1);
    const chi = await breakdown('01', 'chi_tra_dien_tu', TEST_LAST_CLOSED);
    expectCompetitionRanks(chi, (r) =>
      r.value === null ? null : roundPercent(r.value, 1, [100, ...(r.target === null ? [] : [r.target])]),
    );
  });

  it('never ranks a team that has not reported; two teams with equal running totals share first place', async () => {
    const before = await breakdown(HONG_HA, 'dinh_danh_tiep_nhan', TEST_OPEN);
    // nobody has reported in the open month: every row unranked, though each has a running total
    expect(before.rows.every((r) => r.rank === null && r.value === null && r.reportState === 'missing')).toBe(true);
    expect(before.rows.every((r) => (r.cumulative ?? 0) > 0)).toBe(true);
    const cumA = rowOf(before, TEAM_A).cumulative as number;
    const cumB = rowOf(before, TEAM_B).cumulative as number;
    const total = Math.max(cumA, cumB) + 20;
    explainedBy.set(
      TEAM_A,
      await submitTeam(team, TEAM_A, total - cumA, { explanation: 'Đợt cao điểm cấp tài khoản định danh tại nhà văn hóa' }),
    );
    explainedBy.set(TEAM_B, await submitTeam(commune, TEAM_B, total - cumB, { difficulties: SHORT_OF_READERS }));

    const after = await breakdown(HONG_HA, 'dinh_danh_tiep_nhan', TEST_OPEN);
    const a = rowOf(after, TEAM_A);
    const b = rowOf(after, TEAM_B);
    expect([a.cumulative, b.cumulative]).toEqual([total, total]);
    expect([a.rank, b.rank]).toEqual([1, 1]);
    expect(after.rows.slice(0, 2).map((r) => r.code)).toEqual([TEAM_A, TEAM_B]);
    // the silent teams come last, unranked, even those with a larger running total
    const silent = after.rows.slice(2);
    expect(silent).toHaveLength(after.rows.length - 2);
    expect(silent.every((r) => r.rank === null && r.reportState === 'missing')).toBe(true);
    expect(silent.some((r) => (r.cumulative ?? 0) > total)).toBe(true);
    expectCompetitionRanks(after, (r) => r.cumulative ?? null);

    // the city's communes on a flow reported by communes: none has reported the open month
    const city = await breakdown('01', 'chi_tra_dien_tu', TEST_OPEN);
    expect(city.rows.every((r) => r.rank === null)).toBe(true);
  });

  it('gives each row what its unit wrote: the explanation of a flagged value, else its difficulties', async () => {
    const received = await breakdown(HONG_HA, 'dinh_danh_tiep_nhan', TEST_OPEN);
    expect(rowOf(received, TEAM_A).note).toEqual({ source: 'flag', text: 'Đợt cao điểm cấp tài khoản định danh tại nhà văn hóa' });
    expect(rowOf(received, TEAM_B).note).toEqual(noteOfB('dinh_danh_tiep_nhan'));
    expect(received.rows.filter((r) => r.note).map((r) => r.code)).toEqual([TEAM_A, TEAM_B]);
    // on another KPI an explanation of the received count does not apply: team A wrote nothing
    // else; team B's difficulties stand wherever it explained no flagged value
    const cards = await breakdown(HONG_HA, 'cccd_thu_nhan', TEST_OPEN);
    expect(rowOf(cards, TEAM_A).note).toEqual(
      explainedBy.get(TEAM_A)?.has('cccd_thu_nhan') ? { source: 'flag', text: CHECKED } : undefined,
    );
    expect(rowOf(cards, TEAM_B).note).toEqual(noteOfB('cccd_thu_nhan'));
    expect(explainedBy.get(TEAM_B)?.has('cccd_thu_nhan')).toBe(false);
    // the team's own figures say the same on its card
    const own = await t.get<FiguresReply>(leader, `/api/units/${TEAM_A}/figures?period=${TEST_OPEN}`);
    expect(own.body.figures.find((f) => f.kpi === 'dinh_danh_tiep_nhan')?.note).toEqual(rowOf(received, TEAM_A).note);
    // figures approved only: a report not yet approved has said nothing on that basis
    const approved = await breakdown(HONG_HA, 'dinh_danh_tiep_nhan', TEST_OPEN, '&basis=approved');
    expect(approved.rows.some((r) => r.note)).toBe(false);

    // the city's communes, last closed month: the notes are those of the reports sent up
    const city = await breakdown('01', 'chi_tra_dien_tu', TEST_LAST_CLOSED);
    const written = t.db.sqlite
      .prepare(
        `SELECT u.code, r.difficulties FROM reports r JOIN units u ON u.id = r.unit_id
         WHERE r.period = ? AND r.state IN ('submitted', 'approved') AND u.level = 3 AND TRIM(COALESCE(r.difficulties, '')) <> ''`,
      )
      .all(TEST_LAST_CLOSED) as { code: string; difficulties: string }[];
    expect(written.length).toBeGreaterThan(0);
    const noted = city.rows.filter((r) => r.note);
    expect(noted.map((r) => r.code).sort()).toEqual(written.map((w) => w.code).sort());
    for (const w of written)
      expect(rowOf(city, w.code).note).toEqual({ source: 'difficulties', text: w.difficulties.replace(/\s+/g, ' ').trim() });
  });

  it('gives each row its change since last month and its population, as the unit’s own figures say', async () => {
    for (const [code, kpi, period] of [
      ['01', 'chi_tra_dien_tu', TEST_LAST_CLOSED],
      ['01', 'dinh_danh_tiep_nhan', TEST_LAST_CLOSED],
      [HONG_HA, 'dinh_danh_tiep_nhan', TEST_OPEN],
    ] as const) {
      const b = await breakdown(code, kpi, period);
      // every row of the city's communes, every row of a commune's teams that reported
      const sample = b.rows.filter((r) => code === '01' || r.rank !== null);
      expect(sample.length).toBeGreaterThan(1);
      for (const r of sample) {
        const f = (await t.get<FiguresReply>(leader, `/api/units/${r.code}/figures?period=${period}`)).body.figures;
        const own = f.find((x) => x.kpi === kpi);
        expect(r.change, `${code} ${kpi} ${r.code} change`).toBe(own?.change ?? null);
        const records = f.find((x) => x.kpi === 'lam_sach_dan_cu');
        expect(r.population, `${code} ${r.code} population`).toBe(records?.value == null ? null : (records.denominator ?? null));
        expect(r.population).toBeGreaterThan(0);
      }
    }
    // a change is this month minus last month: a team that reported both months
    const teams = await breakdown(HONG_HA, 'dinh_danh_tiep_nhan', TEST_LAST_CLOSED);
    const moved = teams.rows.find((r) => r.change !== null && r.change !== 0);
    expect(moved).toBeDefined();
  });
});
