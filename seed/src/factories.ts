/**
 * Small worlds for tests: a city, a few communes and task teams, a handful of KPIs from the demo's
 * catalogue, accounts for every role and figures and reports up to the open period, as plain data
 * in the demo's shapes. The server loads a world with the very writers that load the Hanoi demo
 * (server/test/support/world.ts), so a test that needs a report workflow or an account gets it in
 * milliseconds instead of copying the 230 MiB demo.
 *
 * The codes, names and usernames are the demo's (Hà Nội `01`, Phường Hồng Hà `00097`, Phường Ba
 * Đình `00004`, Tổ dân phố số 1 `00001-01`, `hongha`, `to1.phucxa`…) so a test reads the same
 * whichever world it runs on; the figures are small round numbers, not the demo's calibration.
 */
import { addDays, addMonths, type PeriodWindow, periodRange } from '@tiendo/shared';
import { CITY, COMMUNE, DISTRICT, KPI_GROUPS, KPIS, TARGETS, TEAM } from './catalogue.ts';
import { between, mulberry32, seedOf } from './prng.ts';
import type { SeedFigure, SeedKpi, SeedKpiGroup, SeedReport, SeedTarget, SeedUnit } from './types.ts';

/** The last month of the units the 2025 reform ended (the demo's districts and merged communes). */
export const REFORM_ENDED = '2025-06';

export type SeedRole = 'reporter' | 'approver' | 'leader' | 'secretariat' | 'admin';

export interface SeedAccount {
  username: string;
  displayName: string;
  role: SeedRole;
  /** The code of the unit the account belongs to (its latest unit of that code). */
  unit: string;
  phone?: string;
  email?: string;
}

export interface SeedWorld {
  programmeStart: string;
  units: SeedUnit[];
  kpiGroups: SeedKpiGroup[];
  kpis: SeedKpi[];
  targets: SeedTarget[];
  /** Every account shares the demo's published password and is marked a demo account. */
  accounts: SeedAccount[];
  /** Own figures, each unit's months in order (running totals are built as they are written). */
  figures: (SeedFigure & { recordedAt: string })[];
  reports: SeedReport[];
}

/** What a world is built against: the calendar of the database it goes into. */
export interface WorldContext {
  /** The latest period whose cut-off has passed. */
  lastClosed: string;
  /** The period open for reporting. */
  open: string;
  windowOf: (period: string) => PeriodWindow;
}

export type WorldFactory = (ctx: WorldContext) => SeedWorld;

// ---------------------------------------------------------------------------------------------
// Units and accounts

export function city(code = '01', name = 'Hà Nội'): SeedUnit {
  return { code, name, level: CITY, type: 'thành phố', parentCode: null, sortOrder: 0 };
}

export function commune(code: string, name: string, parentCode: string, sortOrder = 0): SeedUnit {
  return { code, name, level: COMMUNE, type: 'phường', parentCode, sortOrder };
}

/** Task team `k` of a commune, coded as the demo codes them (`<commune>-NN`). */
export function team(communeCode: string, k: number, parentCode = communeCode): SeedUnit {
  return {
    code: `${communeCode}-${String(k).padStart(2, '0')}`,
    name: `Tổ dân phố số ${k}`,
    level: TEAM,
    type: 'tổ dân phố',
    parentCode,
    sortOrder: k,
  };
}

export function account(username: string, role: SeedRole, unit: string, more: Partial<SeedAccount> = {}): SeedAccount {
  return { username, displayName: more.displayName ?? `Tài khoản ${username}`, role, unit, ...more };
}

/** The demo's reporter account of a commune or team (`bc.<code>`, as the demo names them). */
export function reporterOf(unit: SeedUnit): SeedAccount {
  return account(`bc.${unit.code}`, 'reporter', unit.code, { displayName: `Cán bộ báo cáo – ${unit.name}` });
}

// ---------------------------------------------------------------------------------------------
// KPIs

/** KPIs of the demo's catalogue by code, with the groups they belong to. */
export function catalogueOf(codes: readonly string[]): { kpiGroups: SeedKpiGroup[]; kpis: SeedKpi[] } {
  const kpis = codes.map((code) => {
    const k = KPIS.find((x) => x.code === code);
    if (!k) throw new Error(`no KPI ${code} in the demo catalogue`);
    return k;
  });
  for (const k of kpis) {
    if (k.atMost && !codes.includes(k.atMost)) throw new Error(`${k.code} is bounded by ${k.atMost}: take both`);
  }
  return { kpiGroups: KPI_GROUPS.filter((g) => kpis.some((k) => k.group === g.code)), kpis };
}

/**
 * The demo's team report as it is (applications received, chip-ID records, the cleaning ratio),
 * the communes' count processed (bounded by what their teams received) and the city's checklist
 * of essential services: every kind a report handles, and a rule between two KPIs.
 */
export const SMALL_WORLD_KPIS = [
  'dinh_danh_tiep_nhan',
  'cccd_thu_nhan',
  'lam_sach_dan_cu',
  'dinh_danh_giai_quyet',
  'dvc_thiet_yeu',
] as const;

// ---------------------------------------------------------------------------------------------
// Figures and reports

/**
 * Figures of every unit reporting a KPI, every month from `from` to the last closed period, and
 * a report for each: approved before the last closed month, submitted in it (as in the demo,
 * where the last closed month waits for its approvers), bar the units `missing` it; the units
 * `late` send every month two days past the deadline. The open period has nothing yet.
 * A commune's processed count is a share of what its teams received, so the rule between the
 * two holds as it does in the demo.
 */
export function monthlyFigures(
  units: SeedUnit[],
  kpis: SeedKpi[],
  ctx: WorldContext,
  from: string,
  missing: readonly string[] = [],
  late: readonly string[] = [],
): { figures: SeedWorld['figures']; reports: SeedReport[] } {
  const figures: SeedWorld['figures'] = [];
  const reports: SeedReport[] = [];
  const periods = periodRange(from, ctx.lastClosed);
  /** What the units below a unit counted of a KPI that bounds another, by KPI, unit code and period. */
  const below = new Map<string, number>();
  const bounding = new Set(kpis.flatMap((k) => (k.atMost ? [k.atMost] : [])));
  // Lowest tier first: a commune's figures are drawn from its teams'.
  for (const u of [...units].sort((a, b) => b.level - a.level)) {
    const own = kpis.filter((k) => k.reportLevels.includes(u.level));
    if (own.length === 0) continue;
    const rand = mulberry32(seedOf(`world:${u.code}`));
    const people = Math.round(between(rand, 800, 1200));
    periods.forEach((period, m) => {
      if (period === ctx.lastClosed && missing.includes(u.code)) return;
      if ((u.validFrom && period < u.validFrom) || (u.validTo && period > u.validTo)) return;
      // The day after the cut-off (on time), or two days past the deadline for a unit that reports late.
      const w = ctx.windowOf(period);
      const at = `${late.includes(u.code) ? addDays(w.deadline, 2) : addDays(w.to, 1)}T09:00:00.000Z`;
      for (const k of own) {
        if (k.kind === 'count' && k.atMost) {
          const bound = below.get(`${k.atMost}/${u.code}/${period}`) ?? 0;
          figures.push({ unit: u.code, kpi: k.code, period, value: Math.floor(bound * 0.6), recordedAt: at });
        } else if (k.kind === 'count') {
          const value = 10 + Math.floor(rand() * 30);
          if (u.parentCode !== null && bounding.has(k.code)) {
            const key = `${k.code}/${u.parentCode}/${period}`;
            below.set(key, (below.get(key) ?? 0) + value);
          }
          figures.push({ unit: u.code, kpi: k.code, period, value, recordedAt: at });
        } else if (k.kind === 'ratio') {
          const denominator = people + m;
          const numerator = Math.round(denominator * (0.5 + (0.45 * (m + 1)) / periods.length));
          figures.push({ unit: u.code, kpi: k.code, period, numerator, denominator, recordedAt: at });
        } else if (k.kind === 'checklist') {
          const all = (k.items ?? []).map((i) => i.code);
          const live = Math.max(1, Math.round((all.length * 0.8 * (m + 1)) / periods.length));
          figures.push({ unit: u.code, kpi: k.code, period, items: all.slice(0, live), recordedAt: at });
        } else {
          figures.push({ unit: u.code, kpi: k.code, period, value: 100 + 10 * m, recordedAt: at });
        }
      }
      reports.push({ unit: u.code, period, state: period === ctx.lastClosed ? 'submitted' : 'approved', submittedAt: at });
    });
  }
  return { figures, reports };
}

// ---------------------------------------------------------------------------------------------
// The small world

export interface SmallWorldOptions {
  /** How many task teams Hồng Hà (`00097`) and Ba Đình (`00004`) have: 2 and 1 unless given. */
  teams?: [number, number];
  /** KPI codes from the demo's catalogue; SMALL_WORLD_KPIS unless given. */
  kpis?: readonly string[];
  /** First month with figures; six months before the last closed one unless given. */
  from?: string;
  /** Units that have not reported the last closed month: Ba Đình's first team unless given. */
  missing?: readonly string[];
  /** Units that report two days past the deadline every month: Hồng Hà's second team unless given. */
  late?: readonly string[];
}

/**
 * Hà Nội with two wards, Phường Hồng Hà (`00097`, teams `00001-01`, `00001-02`, as the demo's teams
 * that came over from Phúc Xá) and Phường Ba Đình (`00004`, team `00004-01`); Quận Ba Đình (`001`)
 * and Phường Phúc Xá (`00001`) below it, which ended in 2025-06 as the reform ended them; the
 * demo's named accounts of those units (`badinh`, `phucxa` of the ended ones) and a `bc.` reporter
 * for every commune and team of today.
 */
export function smallWorld(opts: SmallWorldOptions = {}): WorldFactory {
  return (ctx) => {
    const [hongHaTeams, baDinhTeams] = opts.teams ?? [2, 1];
    const ended = { validTo: REFORM_ENDED };
    const units: SeedUnit[] = [
      city(),
      { code: '001', name: 'Ba Đình', level: DISTRICT, type: 'quận', parentCode: '01', sortOrder: 0, ...ended },
      { ...commune('00001', 'Phúc Xá', '001', 0), ...ended },
      commune('00097', 'Hồng Hà', '01', 1),
      commune('00004', 'Ba Đình', '01', 2),
      ...Array.from({ length: hongHaTeams }, (_, i) => team('00001', i + 1, '00097')),
      ...Array.from({ length: baDinhTeams }, (_, i) => team('00004', i + 1)),
    ];
    const { kpiGroups, kpis } = catalogueOf(opts.kpis ?? SMALL_WORLD_KPIS);
    // The demo's targets of the KPIs taken.
    const targets = TARGETS.filter((t) => kpis.some((k) => k.code === t.kpi));
    const accounts: SeedAccount[] = [
      account('admin', 'admin', '01', { displayName: 'Quản trị hệ thống' }),
      account('lanhdao', 'leader', '01', { displayName: 'Lãnh đạo BCĐ 06 Thành phố' }),
      account('thuky', 'secretariat', '01', { displayName: 'Thường trực BCĐ 06 Thành phố (Công an TP)' }),
      account('hongha', 'approver', '00097', { displayName: 'BCĐ 06 phường Hồng Hà' }),
      account('phuongbadinh', 'approver', '00004', { displayName: 'BCĐ 06 phường Ba Đình' }),
      account('to1.phucxa', 'reporter', '00001-01', { displayName: 'Tổ công tác 06 – Tổ dân phố số 1, Phúc Xá' }),
      account('badinh', 'approver', '001', { displayName: 'BCĐ 06 quận Ba Đình' }),
      account('phucxa', 'approver', '00001', { displayName: 'BCĐ 06 phường Phúc Xá' }),
      ...units.filter((u) => u.level >= COMMUNE && !u.validTo).map(reporterOf),
    ];
    const from = opts.from ?? addMonths(ctx.lastClosed, -6);
    return {
      programmeStart: '2022-01',
      units,
      kpiGroups,
      kpis,
      targets,
      accounts,
      ...monthlyFigures(units, kpis, ctx, from, opts.missing ?? ['00004-01'], opts.late ?? ['00001-02']),
    };
  };
}
