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
 *
 * Kept as one file because it is the one vocabulary of test worlds: the builders (city, commune,
 * team, account, monthly figures) and the worlds made of them (smallWorld, reformedWorld) are read
 * together.
 */
import { addDays, addMonths, type PeriodWindow, periodRange } from '@tiendo/shared';
import { CITY, COMMUNE, DISTRICT, KPI_GROUPS, KPIS, TARGETS, TEAM } from './catalogue.ts';
import { DEMO_ACCOUNTS } from './demo-accounts.ts';
import { between, mulberry32, seedOf } from './prng.ts';
import type { ReorgRow } from './reorg-hanoi.ts';
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
  /** Who signs the units' meeting reports (the demo names the city's and Hồng Hà's); none unless given. */
  signers?: SeedSigner[];
  /**
   * A reorganisation applied to `units` (the map before it) by the server's own hierarchy service,
   * as the demo applies Hanoi's of 2025-07; figures, reports and targets name a unit by its code
   * on the map of their period, accounts and signers the latest unit of that code.
   */
  reorganisation?: { period: string; rows: ReorgRow[] };
}

export interface SeedSigner {
  /** The code of the unit (its latest unit of that code). */
  unit: string;
  title: string;
  name: string;
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
  /** More units beside those above (another commune, a team that came from elsewhere), with their figures and `bc.` reporters. */
  units?: readonly SeedUnit[];
  /** Who signs the meeting reports: nobody unless given. */
  signers?: readonly SeedSigner[];
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
      ...(opts.units ?? []),
    ];
    const { kpiGroups, kpis } = catalogueOf(opts.kpis ?? SMALL_WORLD_KPIS);
    // The demo's targets of the KPIs taken.
    const targets = TARGETS.filter((t) => kpis.some((k) => k.code === t.kpi));
    const accounts: SeedAccount[] = [...namedAccounts(), ...units.filter((u) => u.level >= COMMUNE && !u.validTo).map(reporterOf)];
    const from = opts.from ?? addMonths(ctx.lastClosed, -6);
    return {
      programmeStart: '2022-01',
      units,
      kpiGroups,
      kpis,
      targets,
      accounts,
      ...monthlyFigures(units, kpis, ctx, from, opts.missing ?? ['00004-01'], opts.late ?? ['00001-02']),
      ...(opts.signers ? { signers: [...opts.signers] } : {}),
    };
  };
}

/** The demo's named accounts (demo-accounts.ts), on the demo's units. */
export function namedAccounts(): SeedAccount[] {
  return DEMO_ACCOUNTS.map((a) => account(a.username, a.role, a.unit, { displayName: a.displayName }));
}

// ---------------------------------------------------------------------------------------------
// The small world across the 2025 reform

/** The first month of the map the 2025 reform made (Hanoi's communes without districts). */
export const REFORM_PERIOD = '2025-07';

export interface ReformedWorldOptions {
  /** How many task teams Phúc Xá (`00001`, to Hồng Hà) and Trúc Bạch (`00004`, to Ba Đình) have: 3 and 1 unless given. */
  teams?: [number, number];
  /** KPI codes from the demo's catalogue; SMALL_WORLD_KPIS unless given. */
  kpis?: readonly string[];
  /** First month with figures; the start of 2025, before the reform, unless given. */
  from?: string;
  /** Units that have not reported the last closed month: Ba Đình's first team unless given. */
  missing?: readonly string[];
  /** Units that report two days past the deadline every month: Hồng Hà's second team unless given. */
  late?: readonly string[];
}

/**
 * Hà Nội before and after the 2025 reform, in the demo's codes, for the tests that read the map of
 * another period, lineage or reused codes. Until 2025-06: Quận Ba Đình (`001`: Phúc Xá `00001` with
 * teams `00001-NN`, Trúc Bạch `00004` with `00004-NN`), Quận Hoàn Kiếm (`002`: Phúc Tân `00037`,
 * team `00037-01`) and Quận Tây Hồ (`003`: Phú Thượng `00091` and Nhật Tân `00094`, a team each).
 * From 2025-07, by the server's own reorganisation: Phường Hồng Hà (`00097`, from Phúc Xá and Phúc
 * Tân, with their teams), Phường Ba Đình (`00004`, the code Trúc Bạch carried) and Phường Phú Thượng
 * (`00091`, from Phú Thượng and Nhật Tân); no district remains. The demo's named accounts and a
 * `bc.` reporter for every commune and team of today's map.
 */
export function reformedWorld(opts: ReformedWorldOptions = {}): WorldFactory {
  return (ctx) => {
    const [phucXaTeams, trucBachTeams] = opts.teams ?? [3, 1];
    const district = (code: string, name: string, sortOrder: number): SeedUnit => ({
      code,
      name,
      level: DISTRICT,
      type: 'quận',
      parentCode: '01',
      sortOrder,
    });
    const teamsOf = (code: string, n: number) => Array.from({ length: n }, (_, i) => team(code, i + 1));
    const before: SeedUnit[] = [
      city(),
      district('001', 'Ba Đình', 0),
      district('002', 'Hoàn Kiếm', 1),
      district('003', 'Tây Hồ', 2),
      commune('00001', 'Phúc Xá', '001', 0),
      commune('00004', 'Trúc Bạch', '001', 1),
      commune('00037', 'Phúc Tân', '002', 0),
      commune('00091', 'Phú Thượng', '003', 0),
      commune('00094', 'Nhật Tân', '003', 1),
      ...teamsOf('00001', phucXaTeams),
      ...teamsOf('00004', trucBachTeams),
      ...teamsOf('00037', 1),
      ...teamsOf('00091', 1),
      ...teamsOf('00094', 1),
    ];
    const successor: Record<string, { code: string; name: string }> = {
      '00001': { code: '00097', name: 'Hồng Hà' },
      '00037': { code: '00097', name: 'Hồng Hà' },
      '00004': { code: '00004', name: 'Ba Đình' },
      '00091': { code: '00091', name: 'Phú Thượng' },
      '00094': { code: '00091', name: 'Phú Thượng' },
    };
    const rows: ReorgRow[] = Object.entries(successor).map(([oldCode, to]) => ({
      oldCode,
      newCode: to.code,
      newName: to.name,
      newType: 'phường',
      share: 1,
    }));
    // The map as figures are drawn on it: every unit of before ending in 2025-06, the new communes
    // from 2025-07, and each team twice, under its commune of either side (the server moves it,
    // keeping its identity).
    const ended = { validTo: REFORM_ENDED };
    const after = { validFrom: REFORM_PERIOD };
    const news = [...new Map(Object.values(successor).map((s) => [s.code, s])).values()].map((s, i) => ({
      ...commune(s.code, s.name, '01', i),
      ...after,
    }));
    const drawn: SeedUnit[] = [
      ...before.map((u) => (u.level === CITY ? u : { ...u, ...ended })),
      ...news,
      ...before
        .filter((u) => u.level === TEAM)
        .map((u) => ({ ...u, parentCode: successor[u.parentCode as string]?.code ?? null, ...after })),
    ];
    const { kpiGroups, kpis } = catalogueOf(opts.kpis ?? SMALL_WORLD_KPIS);
    const targets = TARGETS.filter((t) => kpis.some((k) => k.code === t.kpi));
    const today = drawn.filter((u) => u.level >= COMMUNE && u.validFrom === REFORM_PERIOD);
    return {
      programmeStart: '2022-01',
      units: before,
      reorganisation: { period: REFORM_PERIOD, rows },
      kpiGroups,
      kpis,
      targets,
      accounts: [...namedAccounts(), ...today.map(reporterOf)],
      ...monthlyFigures(drawn, kpis, ctx, opts.from ?? '2025-01', opts.missing ?? ['00004-01'], opts.late ?? ['00001-02']),
    };
  };
}
