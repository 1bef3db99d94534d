/**
 * The map of units changes; history must survive it. Two communes of today's map merge from
 * 2027-01, the month after the open period: the teams below move to the new commune keeping their
 * identity and codes, every earlier month stays exactly as it was reported, each code answers on
 * the map of the period asked, and the reorganisation creates and loses nothing. A refused
 * reorganisation writes nothing, from the service or from `npm run hierarchy`.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  addMonths,
  type BreakdownReply,
  type CompletenessReply,
  type FiguresReply,
  type SeriesReply,
  type UnitReply,
} from '@tiendo/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDb } from '../src/db/client.ts';
import { ValidationError } from '../src/errors.ts';
import { parseCsv } from '../src/services/csv.ts';
import { reorgRowsOf } from '../src/services/reorganisation.ts';
import { TEST_LAST_CLOSED, TEST_OPEN, TEST_TODAY } from './constants.ts';
import { createTestApp, type Session, type TestContext } from './helpers.ts';

/** The first month of the new map: after the open period, so today's map is still the old one. */
const FROM = addMonths(TEST_OPEN, 1);
/** Phường Ngọc Hà and Phường Giảng Võ, two communes under the city since 2025-07. */
const OLD = ['00008', '00025'];
const NEW = { code: '90001', name: 'Ngọc Hà – Giảng Võ', type: 'phường' };
/** A reorganisation rebuilds every roll-up of the demo: slow on a busy machine. */
const REBUILD_TIMEOUT = 300_000;

let t: TestContext;
let leader: Session;

const figures = async (code: string, period: string, map = 'period') =>
  (await t.get<FiguresReply>(leader, `/api/units/${code}/figures?period=${period}&map=${map}`)).body;
const unit = async (code: string, period: string) => (await t.get<UnitReply>(leader, `/api/units/${code}?period=${period}`)).body;
const breakdown = async (kpi: string, period: string) =>
  (await t.get<BreakdownReply>(leader, `/api/units/01/breakdown?kpi=${kpi}&period=${period}`)).body;
const completeness = async (period: string) =>
  (await t.get<CompletenessReply>(leader, `/api/units/01/completeness?period=${period}&limit=10000`)).body;
const series = async (code: string, kpi: string, from: string, to: string) =>
  (await t.get<SeriesReply>(leader, `/api/units/${code}/series?kpi=${kpi}&from=${from}&to=${to}`)).body;
const kpiOf = (r: FiguresReply, kpi: string) => r.figures.find((f) => f.kpi === kpi);
/**
 * The figures without their timestamps: a rebuild recomputes every aggregate and stamps it anew;
 * the numbers, sources, statuses and flags must not move.
 */
const numbers = (r: FiguresReply) => ({ ...r, asOf: null, figures: r.figures.map(({ updatedAt: _u, ...f }) => f) });
const rowCounts = (sqlite: TestContext['db']['sqlite']) =>
  Object.fromEntries(
    ['units', 'unit_versions', 'unit_lineage', 'audit_log'].map((table) => [
      table,
      sqlite.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get(),
    ]),
  );

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  leader = await t.login('lanhdao');
});
afterAll(() => t.close());

describe(`merging two communes from ${FROM}`, () => {
  /** What the API and the database said before the merge. */
  const before = {} as {
    past: Map<string, FiguresReply>;
    breakdownOpen: BreakdownReply;
    cityFrom: FiguresReply;
    oldFrom: FiguresReply[];
    teams: string[];
    teamIds: number[];
    teamFigures: FiguresReply[];
    reported: unknown[];
    completeness: CompletenessReply;
    series: SeriesReply[];
  };
  let result: { unit: string; created: number; closed: number; moved: number };

  beforeAll(async () => {
    before.past = new Map();
    for (const [code, period] of [
      ['01', '2025-06'],
      ['01', TEST_LAST_CLOSED],
      ['01', TEST_OPEN],
      ...OLD.flatMap((c) => [
        [c, TEST_LAST_CLOSED],
        [c, TEST_OPEN],
      ]),
    ] as const) {
      before.past.set(`${code}@${period}`, await figures(code, period));
    }
    before.breakdownOpen = await breakdown('lam_sach_dan_cu', TEST_OPEN);
    before.cityFrom = await figures('01', FROM);
    before.oldFrom = await Promise.all(OLD.map((c) => figures(c, FROM)));
    before.teams = (await Promise.all(OLD.map((c) => unit(c, TEST_OPEN)))).flatMap((u) => u.children.map((c) => c.code));
    before.teamIds = before.teams.map((code) => t.app.services.catalog.unitAt(code, TEST_OPEN).id);
    before.teamFigures = await Promise.all([
      figures(before.teams[0] as string, TEST_LAST_CLOSED),
      figures(before.teams[0] as string, FROM),
    ]);
    const ids = [...OLD.map((c) => t.app.services.catalog.unitAt(c, TEST_OPEN).id), ...before.teamIds];
    before.reported = t.db.sqlite
      .prepare(`SELECT * FROM figures WHERE unit_id IN (${ids.join(',')}) ORDER BY unit_id, kpi_id, period`)
      .all();
    before.completeness = await completeness(FROM);
    before.series = await Promise.all(OLD.map((c) => series(c, 'dinh_danh_tiep_nhan', '2026-10', TEST_OPEN)));

    result = t.app.services.hierarchy.merge({ codes: OLD, into: NEW, period: FROM }, { id: null, username: 'test' });
  }, REBUILD_TIMEOUT);

  it('opens one commune and closes the two, moving every team below them', async () => {
    expect(before.teams.length).toBeGreaterThan(20);
    expect(result).toEqual({ unit: NEW.code, created: 1, closed: 2, moved: before.teams.length });
    const merged = await unit(NEW.code, FROM);
    expect(merged).toMatchObject({ ...NEW, level: 3, validFrom: FROM, validTo: null, parent: { code: '01' } });
    expect(merged.predecessors.map((p) => [p.code, p.share, p.period])).toEqual(OLD.map((c) => [c, 1, FROM]));
    expect(merged.children.map((c) => c.code).sort()).toEqual([...before.teams].sort());
    const ended = await unit(OLD[0] as string, TEST_OPEN);
    expect(ended).toMatchObject({ validTo: TEST_OPEN });
    expect(ended.successors.map((s) => [s.code, s.share])).toEqual([[NEW.code, 1]]);
  });

  it('keeps each team the same unit, with the same code and figures, under the new commune from its first month', async () => {
    const team = before.teams[0] as string;
    expect(await unit(team, TEST_OPEN)).toMatchObject({ code: team, parent: { code: OLD[0] } });
    expect(await unit(team, FROM)).toMatchObject({
      code: team,
      parent: { code: NEW.code },
      ancestors: [{ code: '01' }, { code: NEW.code }],
    });
    expect(before.teams.map((code) => t.app.services.catalog.unitAt(code, FROM).id)).toEqual(before.teamIds);
    expect(numbers(await figures(team, TEST_LAST_CLOSED))).toEqual(numbers(before.teamFigures[0] as FiguresReply));
    // Its carried level goes on into the new month as it was.
    expect(numbers(await figures(team, FROM))).toEqual(numbers(before.teamFigures[1] as FiguresReply));
  });

  it('leaves every month before it as it was reported', async () => {
    const ids = [...OLD.map((c) => t.app.services.catalog.unitAt(c, TEST_OPEN).id), ...before.teamIds];
    expect(t.db.sqlite.prepare(`SELECT * FROM figures WHERE unit_id IN (${ids.join(',')}) ORDER BY unit_id, kpi_id, period`).all()).toEqual(
      before.reported,
    );
    for (const [key, reply] of before.past) {
      const [code, period] = key.split('@') as [string, string];
      expect(numbers(await figures(code, period)), key).toEqual(numbers(reply));
    }
    expect(await breakdown('lam_sach_dan_cu', TEST_OPEN)).toEqual(before.breakdownOpen);
  });

  it('answers each code on the map of the period asked, and says where to go', async () => {
    for (const old of OLD) {
      const gone = await t.get<{ error: { code: string; details: { successors: { code: string; share: number }[] } } }>(
        leader,
        `/api/units/${old}/figures?period=${FROM}&map=period`,
      );
      expect(gone.status).toBe(404);
      expect(gone.body.error.code).toBe('unit_not_in_period');
      expect(gone.body.error.details.successors).toMatchObject([{ code: NEW.code, name: NEW.name, validFrom: FROM, share: 1 }]);
    }
    const early = await t.get<{ error: { code: string; details: { predecessors: { code: string }[] } } }>(
      leader,
      `/api/units/${NEW.code}/figures?period=${TEST_OPEN}&map=period`,
    );
    expect(early.status).toBe(404);
    expect(early.body.error.code).toBe('unit_not_in_period');
    expect(early.body.error.details.predecessors.map((p) => p.code)).toEqual(OLD);
    expect((await t.get(leader, `/api/units/${NEW.code}?period=${TEST_OPEN}`)).status).toBe(404);
    const unknown = await t.get<{ error: { code: string } }>(leader, `/api/units/99999/figures?period=${FROM}`);
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'unit_not_found', details: { unit: '99999' } } } });
  });

  it("leaves today's map alone: a reorganisation still to come is not today's map", async () => {
    // Today's map is the open period's (2026-12), where the two communes still exist.
    const today = await t.get<{ error: { code: string; details: { predecessors: { code: string }[] } } }>(
      leader,
      `/api/units/${NEW.code}/figures?period=${TEST_LAST_CLOSED}&map=today`,
    );
    expect(today.status).toBe(404);
    expect(today.body.error.details.predecessors.map((p) => p.code)).toEqual(OLD);
    const old = await figures(OLD[0] as string, TEST_LAST_CLOSED, 'today');
    expect(old.figures.some((f) => f.rebuilt)).toBe(false);
    expect(numbers(old)).toEqual(numbers(before.past.get(`${OLD[0]}@${TEST_LAST_CLOSED}`) as FiguresReply));
  });

  it("rebuilds the new commune's past from its predecessors, exactly for a merge", async () => {
    const s = await series(NEW.code, 'dinh_danh_tiep_nhan', '2026-10', FROM);
    expect(s.points.map((p) => p.period)).toEqual(['2026-10', '2026-11', '2026-12', FROM]);
    s.points.slice(0, 3).forEach((p, i) => {
      const sum = before.series.reduce((acc, o) => acc + ((o.points[i]?.value as number | null) ?? 0), 0);
      expect(p).toMatchObject({ rebuilt: true, estimated: false, value: sum });
    });
    expect(s.points[3]?.rebuilt).toBeUndefined();
  });

  it('expects the moved teams once, and the city adds up to the same totals as before', async () => {
    const c = await completeness(FROM);
    const level = (r: CompletenessReply, l: number) => r.byLevel.find((x) => x.level === l)?.expected;
    expect(c.expected).toBe(before.completeness.expected - 1);
    expect(level(c, 3)).toBe((level(before.completeness, 3) as number) - 1);
    expect(level(c, 4)).toBe(level(before.completeness, 4));
    const missing = c.missing.map((m) => m.code);
    expect(missing).toContain(NEW.code);
    for (const old of OLD) expect(missing).not.toContain(old);
    for (const team of before.teams) expect(missing.filter((m) => m === team)).toHaveLength(1);
    expect(c.missing.find((m) => m.code === before.teams[0])?.parentName).toBe(NEW.name);

    // The reorganisation moves units: the city's totals are the same after it…
    const city = await figures('01', FROM);
    expect(numbers(city)).toEqual(numbers(before.cityFrom));
    // …and still the sum of its children, the new commune holding what the two held.
    const rows = (await breakdown('lam_sach_dan_cu', FROM)).rows;
    expect(rows).toHaveLength((await unit('01', FROM)).children.length);
    const sum = (xs: { numerator?: number | null }[]) => xs.reduce((a, x) => a + (x.numerator ?? 0), 0);
    const lamSach = kpiOf(city, 'lam_sach_dan_cu');
    expect(sum(rows)).toBe(lamSach?.numerator);
    expect(rows.reduce((a, x) => a + (x.denominator ?? 0), 0)).toBe(lamSach?.denominator);
    expect(rows.find((r) => r.code === NEW.code)?.numerator).toBe(sum(before.oldFrom.map((o) => kpiOf(o, 'lam_sach_dan_cu') ?? {})));
    const received = (await breakdown('dinh_danh_tiep_nhan', FROM)).rows;
    expect(received.reduce((a, x) => a + (x.cumulative ?? 0), 0)).toBe(kpiOf(city, 'dinh_danh_tiep_nhan')?.cumulative);
  });
});

describe('a refused reorganisation changes nothing', () => {
  function refusal(apply: () => unknown): { message: string; errors: string[] } {
    const counts = rowCounts(t.db.sqlite);
    try {
      apply();
    } catch (err) {
      expect(rowCounts(t.db.sqlite)).toEqual(counts);
      if (!(err instanceof ValidationError)) throw err;
      return { message: err.message, errors: (err.details as { errors?: string[] } | undefined)?.errors ?? [] };
    }
    throw new Error('the reorganisation was applied');
  }
  const merge = (codes: string[], code: string, period = FROM) =>
    refusal(() => t.app.services.hierarchy.merge({ codes, into: { code, name: 'Thử', type: 'phường' }, period }, null));

  it('refuses an unknown code, and a unit that has already ended', () => {
    expect(merge(['nope'], '90002').errors).toEqual([expect.stringContaining(`old code "nope" names no unit in ${TEST_OPEN}`)]);
    // Phường Phúc Xá ended on 2025-06-30.
    expect(merge(['00001'], '90002').errors).toEqual([expect.stringContaining(`old code "00001" names no unit in ${TEST_OPEN}`)]);
  });

  it('refuses a new code taken by a unit that continues', () => {
    // `00004` is Phường Ba Đình, which is not part of this reorganisation.
    expect(merge(['00103'], '00004').errors).toEqual([expect.stringContaining('new code "00004" is used by a unit that continues')]);
  });

  it('refuses shares of an old unit that do not add up to 1', () => {
    const split = (share: number, code: string) => ({ oldCode: '00103', newCode: code, newName: 'Thử', newType: 'phường', share });
    const r = refusal(() => t.app.services.hierarchy.reorganise([split(0.5, '90003'), split(0.25, '90004')], FROM, null));
    expect(r.message).toMatch(/the table has 1 errors/);
    expect(r.errors).toEqual([expect.stringContaining('shares of "00103" add up to 0.75, not 1')]);
  });

  it('refuses a period that is not YYYY-MM, and units of different tiers', () => {
    for (const period of ['2027-1', '2027-13', 'next month'])
      expect(merge(['00103'], '90005', period).message).toMatch(/period must be YYYY-MM/);
    expect(merge(['00103', '00001-01'], '90006').errors).toEqual([expect.stringContaining('"90006" mixes tiers')]);
  });
});

describe('npm run hierarchy, run as a command', () => {
  const CLI = fileURLToPath(new URL('../src/cli/hierarchy.ts', import.meta.url));
  const ROOT = fileURLToPath(new URL('../..', import.meta.url));
  let dir: string;
  let dbPath: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tiendo-cli-'));
    dbPath = join(dir, 'db.sqlite');
    copyFileSync(inject('demoDb'), dbPath);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (...args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: `file:${dbPath}`, TIENDO_TODAY: TEST_TODAY },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => {
        stdout += d;
      });
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  const inDb = <T>(read: (sqlite: TestContext['db']['sqlite']) => T): T => {
    const db = openDb(`file:${dbPath}`);
    try {
      return read(db.sqlite);
    } finally {
      db.close();
    }
  };
  const csv = (name: string, rows: string[]) => {
    const path = join(dir, name);
    writeFileSync(path, `old_code,new_code,new_name,new_type,share\n${rows.join('\n')}\n`);
    return path;
  };

  it('prints a template that it reads back: the header and one example row', async () => {
    const r = await run('template');
    expect(r.code).toBe(0);
    expect(r.stdout.split(/\r?\n/)[0]).toBe('old_code,new_code,new_name,new_type,share');
    expect(reorgRowsOf(parseCsv(r.stdout))).toEqual([
      { oldCode: '00001', newCode: '00097', newName: 'Hồng Hà', newType: 'phường', share: 1 },
    ]);
  });

  it('refuses a table with one bad row: exit 1, the row named, nothing written', async () => {
    const counts = inDb(rowCounts);
    const file = csv('bad.csv', [
      `00008,90001,${NEW.name},phường,1`,
      `00025,90001,${NEW.name},phường,1`,
      `nope,90001,${NEW.name},phường,1`,
    ]);
    const r = await run('reorganise', '--file', file, '--period', FROM);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the table has 1 errors');
    expect(r.stderr).toContain(
      `Dòng 4 / row 4: mã cũ "nope" không có trong kỳ ${TEST_OPEN} / old code "nope" names no unit in ${TEST_OPEN}`,
    );
    expect(inDb(rowCounts)).toEqual(counts);
    expect(inDb((s) => s.prepare("SELECT COUNT(*) FROM unit_versions WHERE code = '90001'").pluck().get())).toBe(0);
  }, 120_000);

  it('keeps merge as a shortcut, refusing a bad period with exit 1 and a wrong call with its usage', async () => {
    const counts = inDb(rowCounts);
    const bad = await run(
      'merge',
      '--from',
      '00008,00025',
      '--into',
      '90001',
      '--name',
      NEW.name,
      '--type',
      'phường',
      '--period',
      '2027-1',
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/period must be YYYY-MM/);
    const usage = await run('reorganise', '--period', FROM);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('old_code,new_code,new_name,new_type,share');
    expect(inDb(rowCounts)).toEqual(counts);
  }, 120_000);

  it(
    'applies a good table: exit 0, and the new commune exists with its lineage and its teams',
    async () => {
      const file = csv('good.csv', [`00008,90001,${NEW.name},phường,1`, `00025,90001,${NEW.name},phường,1`]);
      const r = await run('reorganise', '--file', file, '--period', FROM);
      expect(r.code, r.stderr).toBe(0);
      const moved = Number(/1 units opened, 2 closed, (\d+) moved from 2027-01/.exec(r.stdout)?.[1]);
      expect(moved).toBeGreaterThan(20);
      inDb((s) => {
        const created = s.prepare("SELECT unit_id AS id, valid_from AS validFrom, name FROM unit_versions WHERE code = '90001'").all();
        expect(created).toEqual([{ id: expect.any(Number), validFrom: FROM, name: NEW.name }]);
        const id = (created[0] as { id: number }).id;
        const lineage = s.prepare(
          'SELECT p.code, l.share, l.period FROM unit_lineage l JOIN units p ON p.id = l.predecessor_id WHERE l.successor_id = ? ORDER BY p.code',
        );
        expect(lineage.all(id)).toEqual(OLD.map((code) => ({ code, share: 1, period: FROM })));
        expect(s.prepare('SELECT COUNT(*) FROM unit_versions WHERE parent_id = ? AND valid_from = ?').pluck().get(id, FROM)).toBe(moved);
        expect(s.prepare(`SELECT valid_to FROM units WHERE code IN ('00008', '00025') AND valid_from = '2025-07'`).pluck().all()).toEqual([
          TEST_OPEN,
          TEST_OPEN,
        ]);
        expect(s.prepare("SELECT after FROM audit_log WHERE action = 'unit.reorganise' AND actor = 'cli'").pluck().all()).toHaveLength(1);
      });
    },
    REBUILD_TIMEOUT,
  );
});
