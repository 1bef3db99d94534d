/**
 * Loads reference data and the Hanoi demo into the database: units, KPI catalogue, targets and
 * the generated monthly figures, then rebuilds the roll-ups once (far faster than propagating a
 * million figures one by one, and the same code path that applies a change of hierarchy).
 */

import {
  DEMO_ACCOUNTS,
  demoNow,
  generateDemo,
  HANOI_CODE,
  hanoiHierarchy,
  hanoiReorganisation,
  KPI_GROUPS,
  KPIS,
  mulberry32,
  type SeedUnit,
  seedOf,
  TARGETS,
} from '@tiendo/seed';
import { latestClosedPeriodAt, openPeriodAt, periodWindowAt } from '@tiendo/shared';
import { and, eq, getTableColumns } from 'drizzle-orm';
import { ormOf, type Sqlite } from '../db/client.ts';
import {
  figuresApproved,
  figures as figureTable,
  reports as reportTable,
  unitSigners,
  units as unitTable,
  unitVersions,
  users,
} from '../db/schema.ts';
import { bumpCatalogVersion, type Catalog, type CatalogService, childrenAt, type UnitNode, unitAtView } from './catalog-service.ts';
import { loadDemoMeeting } from './demo-meeting.ts';
import { demoAccountWriter, figureWriter, insertCatalogue, insertTargets, insertUnits, reportWriter } from './demo-writers.ts';
import type { HierarchyService } from './hierarchy-service.ts';
import { hashPassword } from './password.ts';
import type { RollupService } from './rollup-service.ts';
import { DEFAULT_PROGRAMME_START, type SettingsService } from './settings-service.ts';

export interface DemoLoadResult {
  units: number;
  figures: number;
  reports: number;
  rollups: number;
  ms: number;
}

// The writers moved to demo-writers.ts; the tests and the bench import them from here.
export { demoAccountWriter, figureWriter, insertCatalogue, insertTargets, insertUnits, reportWriter } from './demo-writers.ts';

export function isDatabaseEmpty(sqlite: Sqlite): boolean {
  return ormOf(sqlite).select({ id: unitTable.id }).from(unitTable).limit(1).get() === undefined;
}

/** The demo accounts (DEMO_ACCOUNTS, from the seed) all share the published password DEMO_PASSWORD. */
export const DEMO_PASSWORD = 'tiendo-demo';

/**
 * Every task team and every commune of today's map also gets a reporter account, so the late list
 * names whom to call: `bc.<unit code>` ("báo cáo"), e.g. `bc.00001-01`, `bc.00097`. Unit codes are
 * unique on one map and the named accounts above never start with `bc.`, so nothing collides.
 */
export const DEMO_REPORTER_PREFIX = 'bc.';

/**
 * A demo phone number: `09` and 8 digits drawn from the unit's code, so every seed gives the same
 * numbers; fake, but shaped like the mobile numbers the late list will show.
 */
export function demoPhone(code: string, attempt = 0): string {
  const rand = mulberry32(seedOf(`phone:${code}${attempt ? `#${attempt}` : ''}`));
  return `09${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`;
}

/** The reporter accounts of every commune (tier 3) and task team (tier 4) on the map of `period`. */
export function demoReporters(cat: Catalog, city: UnitNode, period: string) {
  const out: { username: string; displayName: string; unitId: number; phone: string }[] = [];
  const phones = new Set<string>();
  const phoneOf = (code: string) => {
    let n = 0;
    let p = demoPhone(code);
    while (phones.has(p)) p = demoPhone(code, ++n);
    phones.add(p);
    return p;
  };
  for (const c of childrenAt(cat, city, period)) {
    const commune = unitAtView(c, period);
    const committee = `BCĐ 06 ${commune.type.toLowerCase()} ${commune.name}`;
    out.push({
      username: `${DEMO_REPORTER_PREFIX}${commune.code}`,
      displayName: `Cán bộ báo cáo – ${committee}`,
      unitId: c.id,
      phone: phoneOf(commune.code),
    });
    for (const t of childrenAt(cat, c, period)) {
      const team = unitAtView(t, period);
      out.push({
        username: `${DEMO_REPORTER_PREFIX}${team.code}`,
        displayName: `Tổ công tác 06 – ${team.name}, ${commune.name}`,
        unitId: t.id,
        phone: phoneOf(team.code),
      });
    }
  }
  return out;
}

/**
 * Who signs the demo's meeting reports. The names are invented placeholders, not the real
 * office-holders: a deployment sets its own in Quản trị › Người ký.
 */
export const DEMO_SIGNERS = [
  { unit: '01', title: 'PHÓ TRƯỞNG BAN', name: 'Nguyễn Văn A' },
  { unit: '00097', title: 'TRƯỞNG BAN', name: 'Trần Thị B' },
] as const;

/** The Hanoi reorganisation of July 2025: districts abolished, 579 communes become 126. */
export const HANOI_REFORM_PERIOD = '2025-07';

export function hasDemoAccounts(sqlite: Sqlite): boolean {
  const demo = and(eq(users.demo, true), eq(users.active, true));
  return ormOf(sqlite).select({ id: users.id }).from(users).where(demo).limit(1).get() !== undefined;
}

/** Why the server must not start: demo accounts with a published password on a production server. */
export function startupProblem(config: { env: string; allowDemoAccounts: boolean }, sqlite: Sqlite): string | null {
  if (config.env !== 'production' || config.allowDemoAccounts || !hasDemoAccounts(sqlite)) return null;
  return (
    `Refusing to start in production: the demo accounts (password "${DEMO_PASSWORD}") are present and active. ` +
    'Disable them with "npm run user -- disable <username>", or set ALLOW_DEMO_ACCOUNTS=1 for a demo server.'
  );
}

export class DemoService {
  constructor(
    private readonly sqlite: Sqlite,
    private readonly catalog: CatalogService,
    private readonly settings: SettingsService,
    private readonly rollups: RollupService,
    private readonly hierarchy: HierarchyService,
    private readonly today: () => string,
  ) {}

  /**
   * Load the Hanoi demo into an empty database, in one transaction: all or nothing. (`npm run seed
   * -- --reset` builds a fresh database file and swaps it in, so nothing here ever deletes.)
   */
  async load(): Promise<DemoLoadResult> {
    const started = performance.now();
    const hashes = await Promise.all(DEMO_ACCOUNTS.map(() => hashPassword(DEMO_PASSWORD)));
    // The five thousand reporter accounts share one hash of the published password: scrypt costs
    // ~100 ms a hash, so one each would add minutes to the seed. Their password is public anyway,
    // and the server refuses to start in production while demo accounts are active.
    const reporterHash = await hashPassword(DEMO_PASSWORD);
    const now = new Date().toISOString();
    const today = this.today();
    const calendar = this.settings.calendar();
    const open = openPeriodAt(today, calendar);
    let figures = 0;
    let reports = 0;
    let unitCount = 0;
    if (!isDatabaseEmpty(this.sqlite)) throw new Error('The demo loads into an empty database only (use npm run seed -- --reset).');
    // A million figures go into indexes ordered otherwise than they arrive (by period): with the
    // default 2 MB page cache every insert would evict a page. A larger cache for the load only.
    const cacheSize = this.sqlite.pragma('cache_size', { simple: true }) as number;
    this.sqlite.pragma('cache_size = -524288');
    let rollupRows = 0;
    const orm = ormOf(this.sqlite);
    const load = this.sqlite.transaction(() => {
      this.settings.setProgrammeStart(DEFAULT_PROGRAMME_START);
      const { units } = hanoiHierarchy();
      const unitIds = insertUnits(this.sqlite, units);
      const kpiIds = insertCatalogue(this.sqlite, KPI_GROUPS, KPIS);
      insertTargets(this.sqlite, TARGETS, kpiIds, unitIds, now);
      // Today's map: the July 2025 reorganisation, applied by the same code as any other.
      const rows = hanoiReorganisation();
      const reorg = this.hierarchy.reorganise(rows, HANOI_REFORM_PERIOD, { id: null, username: 'seed' }, { rebuild: false });
      unitCount = units.length + reorg.created;
      const idAt = unitIdsByPeriod(this.sqlite);
      const cat = this.catalog.get();
      const teamCommune = new Map<string, string>();
      const newCommunes: SeedUnit[] = [];
      const city = cat.unitsByCode.get(HANOI_CODE)?.at(-1) as UnitNode;
      for (const c of childrenAt(cat, city, HANOI_REFORM_PERIOD)) {
        newCommunes.push({ code: c.code, name: c.name, level: c.level, type: c.type, parentCode: HANOI_CODE, sortOrder: c.sortOrder });
        for (const t of childrenAt(cat, c, HANOI_REFORM_PERIOD)) teamCommune.set(t.code, c.code);
      }
      const predecessors = new Map<string, { code: string; share: number }[]>();
      for (const r of rows) predecessors.set(r.newCode, [...(predecessors.get(r.newCode) ?? []), { code: r.oldCode, share: r.share }]);
      const writeFigure = figureWriter(this.sqlite, KPIS, kpiIds);
      const writeReport = reportWriter(this.sqlite);
      generateDemo(
        {
          units,
          start: DEFAULT_PROGRAMME_START,
          lastClosed: latestClosedPeriodAt(today, calendar),
          open,
          today,
          windowOf: (p) => periodWindowAt(p, calendar),
          now: demoNow(today, now),
          reorg: { period: HANOI_REFORM_PERIOD, communes: newCommunes, teamCommune, predecessors },
        },
        {
          figure: (f) => {
            writeFigure(idAt(f.unit, f.period), f);
            figures++;
          },
          report: (r) => {
            writeReport(idAt(r.unit, r.period), r);
            reports++;
          },
        },
      );
      const writeAccount = demoAccountWriter(this.sqlite, now);
      // An account belongs to the unit its code names last (00004 is Phường Ba Đình today).
      DEMO_ACCOUNTS.forEach((a, i) => {
        writeAccount({ ...a, unitId: cat.unitsByCode.get(a.unit)?.at(-1)?.id as number, passwordHash: hashes[i] as string });
      });
      for (const r of demoReporters(cat, city, open)) writeAccount({ ...r, role: 'reporter', passwordHash: reporterHash });
      for (const s of DEMO_SIGNERS) {
        const unitId = cat.unitsByCode.get(s.unit)?.at(-1)?.id as number;
        orm.insert(unitSigners).values({ unitId, title: s.title, name: s.name, updatedAt: now, updatedBy: 'seed' }).run();
      }
      bumpCatalogVersion(this.sqlite);
      loadDemoMeeting(this.sqlite, this.catalog.get(), city, {
        lastClosed: latestClosedPeriodAt(today, calendar),
        open,
        now: demoNow(today, now),
        windowOf: (p) => periodWindowAt(p, calendar),
      });
      // Reports of every month before the last closed one are approved in the demo. CROSS JOIN
      // keeps figures as the outer loop (one pass in key order, a primary-key probe of reports
      // each); the other order scans every figure of a unit for each of its reports.
      orm
        .insert(figuresApproved)
        .select(
          orm
            .select(getTableColumns(figureTable))
            .from(figureTable)
            .crossJoin(reportTable)
            .where(
              and(
                eq(reportTable.unitId, figureTable.unitId),
                eq(reportTable.period, figureTable.period),
                eq(reportTable.state, 'approved'),
              ),
            ),
        )
        .run();
      rollupRows = this.rollups.rebuildRollups('submitted', this.catalog.get(), now).rows;
      this.rollups.rebuildRollups('approved', this.catalog.get(), now);
    });
    try {
      load();
    } finally {
      this.sqlite.pragma(`cache_size = ${cacheSize}`);
    }
    // Fold the bulk load into the database file now rather than at the first request's checkpoint.
    this.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    return { units: unitCount, figures, reports, rollups: rollupRows, ms: Math.round(performance.now() - started) };
  }
}

/** The unit a code names in a period, for loading figures keyed by code (codes are reused). */
function unitIdsByPeriod(sqlite: Sqlite): (code: string, period: string) => number {
  const v = unitVersions;
  const rows = ormOf(sqlite).select({ id: v.unitId, code: v.code, from: v.validFrom, to: v.validTo }).from(v).all();
  const byCode = new Map<string, (typeof rows)[number][]>();
  for (const r of rows) {
    byCode.set(r.code, [...(byCode.get(r.code) ?? []), r]);
  }
  return (code, period) => {
    const hit = byCode.get(code)?.find((v) => (v.from === null || v.from <= period) && (v.to === null || v.to >= period));
    if (!hit) throw new Error(`demo: no unit "${code}" in ${period}`);
    return hit.id;
  };
}
