/**
 * Loads reference data and the Hanoi demo into the database: units, KPI catalogue, targets and
 * the generated monthly figures, then rebuilds the roll-ups once (far faster than propagating a
 * million figures one by one, and the same code path that applies a change of hierarchy).
 */

import {
  generateDemo,
  hanoiHierarchy,
  KPI_GROUPS,
  KPIS,
  type SeedKpi,
  type SeedKpiGroup,
  type SeedTarget,
  type SeedUnit,
  TARGETS,
} from '@tiendo/seed';
import { isCarriedForward, latestClosedPeriod, periodOfDate, periodWindow } from '@tiendo/shared';
import type { Sqlite } from '../db/client.ts';
import { bumpCatalogVersion, type CatalogService } from './catalog-service.ts';
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

const FIGURE_COPY_COLS =
  'unit_id, kpi_id, period, value, numerator, denominator, items, cum_value, cum_numerator, cum_denominator, recorded_by, recorded_at';

const DATA_TABLES = [
  'sessions',
  'api_tokens',
  'login_failures',
  'users',
  'rollups',
  'figures',
  'reports',
  'targets',
  'kpi_items',
  'kpis',
  'kpi_groups',
  'units',
];

export function isDatabaseEmpty(sqlite: Sqlite): boolean {
  return (sqlite.prepare('SELECT COUNT(*) FROM units').pluck().get() as number) === 0;
}

export function insertUnits(sqlite: Sqlite, units: SeedUnit[]): Map<string, number> {
  const ids = new Map<string, number>();
  const paths = new Map<string, string>();
  const next = (sqlite.prepare('SELECT COALESCE(MAX(id), 0) FROM units').pluck().get() as number) + 1;
  const stmt = sqlite.prepare(
    `INSERT INTO units (id, code, name, level, type, parent_id, path, valid_from, valid_to, sort_order)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const parentPath = sqlite.prepare('SELECT id, path FROM units WHERE code = ?');
  [...units]
    .sort((a, b) => a.level - b.level)
    .forEach((u, i) => {
      const id = next + i;
      let parentId: number | null = null;
      let base = '/';
      if (u.parentCode !== null) {
        const known = ids.get(u.parentCode);
        if (known !== undefined) {
          parentId = known;
          base = paths.get(u.parentCode) as string;
        } else {
          const row = parentPath.get(u.parentCode) as { id: number; path: string } | undefined;
          if (!row) throw new Error(`Unknown parent ${u.parentCode} of ${u.code}`);
          parentId = row.id;
          base = row.path;
        }
      }
      const path = `${base}${id}/`;
      stmt.run(id, u.code, u.name, u.level, u.type, parentId, path, u.validFrom ?? null, u.validTo ?? null, u.sortOrder);
      ids.set(u.code, id);
      paths.set(u.code, path);
    });
  return ids;
}

export function insertCatalogue(sqlite: Sqlite, groups: SeedKpiGroup[], kpis: SeedKpi[]): Map<string, number> {
  const g = sqlite.prepare('INSERT INTO kpi_groups (code, name, name_en, sort_order) VALUES (?, ?, ?, ?)');
  for (const x of groups) g.run(x.code, x.name, x.nameEn, x.order);
  const k = sqlite.prepare(
    `INSERT INTO kpis (code, name, name_en, unit, unit_en, kind, ratio_mode, report_levels, higher_is_better, group_code, sort_order, at_most)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const it = sqlite.prepare('INSERT INTO kpi_items (kpi_id, code, name, name_en, lead, sort_order) VALUES (?, ?, ?, ?, ?, ?)');
  const ids = new Map<string, number>();
  for (const x of kpis) {
    const id = Number(
      k.run(
        x.code,
        x.name,
        x.nameEn,
        x.unit,
        x.unitEn,
        x.kind,
        x.ratioMode,
        JSON.stringify(x.reportLevels),
        x.higherIsBetter ? 1 : 0,
        x.group,
        x.order,
        x.atMost ?? null,
      ).lastInsertRowid,
    );
    ids.set(x.code, id);
    (x.items ?? []).forEach((item, i) => {
      it.run(id, item.code, item.name, item.nameEn ?? null, item.lead ?? null, i + 1);
    });
  }
  return ids;
}

export function insertTargets(
  sqlite: Sqlite,
  targets: SeedTarget[],
  kpiIds: Map<string, number>,
  unitIds: Map<string, number>,
  now: string,
): void {
  const t = sqlite.prepare('INSERT INTO targets (kpi_id, unit_id, level, value, deadline, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  for (const x of targets) {
    t.run(kpiIds.get(x.kpi), x.unit ? unitIds.get(x.unit) : null, x.level ?? null, x.value, x.deadline, now);
  }
}

/** The demo accounts; all share the published password DEMO_PASSWORD. */
export const DEMO_PASSWORD = 'tiendo-demo';
export const DEMO_ACCOUNTS = [
  { username: 'admin', displayName: 'Quản trị hệ thống', role: 'admin', unit: '01' },
  { username: 'lanhdao', displayName: 'Lãnh đạo BCĐ 06 Thành phố', role: 'leader', unit: '01' },
  { username: 'thuky', displayName: 'Thường trực BCĐ 06 Thành phố (Công an TP)', role: 'secretariat', unit: '01' },
  { username: 'badinh', displayName: 'BCĐ 06 quận Ba Đình', role: 'approver', unit: '001' },
  { username: 'phucxa', displayName: 'BCĐ 06 phường Phúc Xá', role: 'approver', unit: '00001' },
  { username: 'to1.phucxa', displayName: 'Tổ công tác 06 – Tổ dân phố số 1, Phúc Xá', role: 'reporter', unit: '00001-01' },
] as const;

export function hasDemoAccounts(sqlite: Sqlite): boolean {
  return (sqlite.prepare('SELECT COUNT(*) FROM users WHERE demo = 1 AND active = 1').pluck().get() as number) > 0;
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
    private readonly approvedRollups: RollupService,
    private readonly today: () => string,
  ) {}

  /** Wipe the programme data and load the Hanoi demo. One transaction: all or nothing. */
  async load(): Promise<DemoLoadResult> {
    const started = performance.now();
    const hashes = await Promise.all(DEMO_ACCOUNTS.map(() => hashPassword(DEMO_PASSWORD)));
    const now = new Date().toISOString();
    const today = this.today();
    const reporting = this.settings.reporting();
    const open = periodOfDate(today, reporting);
    let figures = 0;
    let reports = 0;
    let unitCount = 0;
    const load = this.sqlite.transaction(() => {
      for (const t of DATA_TABLES) this.sqlite.prepare(`DELETE FROM ${t}`).run();
      this.settings.setProgrammeStart(DEFAULT_PROGRAMME_START);
      const { units } = hanoiHierarchy();
      unitCount = units.length;
      const unitIds = insertUnits(this.sqlite, units);
      const kpiIds = insertCatalogue(this.sqlite, KPI_GROUPS, KPIS);
      insertTargets(this.sqlite, TARGETS, kpiIds, unitIds, now);
      const fig = this.sqlite.prepare(
        `INSERT INTO figures (unit_id, kpi_id, period, value, numerator, denominator, items, recorded_at,
                              cum_value, cum_numerator, cum_denominator)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const rep = this.sqlite.prepare(
        `INSERT INTO reports (unit_id, period, state, submitted_at, updated_at, difficulties, recommendations, decided_at, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)`,
      );
      const flows = new Set(KPIS.filter((k) => !isCarriedForward(k)).map((k) => k.code));
      const running = new Map<string, { v: number; n: number; d: number }>();
      generateDemo(
        {
          units,
          start: DEFAULT_PROGRAMME_START,
          lastClosed: latestClosedPeriod(today, reporting),
          open,
          today,
          windowOf: (p) => periodWindow(p, reporting),
        },
        {
          figure: (f) => {
            // The generator emits each unit's months in order, so running totals build as it goes.
            const key = `${f.unit}:${f.kpi}`;
            const cum = flows.has(f.kpi) ? (running.get(key) ?? { v: 0, n: 0, d: 0 }) : null;
            if (cum) {
              cum.v += f.value ?? 0;
              cum.n += f.numerator ?? 0;
              cum.d += f.denominator ?? 0;
              running.set(key, cum);
            }
            fig.run(
              unitIds.get(f.unit),
              kpiIds.get(f.kpi),
              f.period,
              f.value ?? null,
              f.numerator ?? null,
              f.denominator ?? null,
              f.items ? JSON.stringify([...f.items].sort()) : null,
              f.recordedAt,
              cum?.v ?? 0,
              cum?.n ?? 0,
              cum?.d ?? 0,
            );
            figures++;
          },
          report: (r) => {
            rep.run(
              unitIds.get(r.unit),
              r.period,
              r.state,
              r.submittedAt,
              r.submittedAt,
              r.difficulties ?? null,
              r.recommendations ?? null,
              r.state === 'approved' ? r.submittedAt : null,
            );
            reports++;
          },
        },
      );
      const user = this.sqlite.prepare(
        `INSERT INTO users (username, display_name, unit_id, role, active, password_hash, must_change_password, demo, created_at, updated_at)
         VALUES (?, ?, ?, ?, 1, ?, 0, 1, ?, ?)`,
      );
      DEMO_ACCOUNTS.forEach((a, i) => {
        user.run(a.username, a.displayName, unitIds.get(a.unit), a.role, hashes[i], now, now);
      });
      bumpCatalogVersion(this.sqlite);
    });
    load();
    // Reports of every month before the last closed one are approved in the demo.
    this.sqlite
      .prepare(
        `INSERT INTO figures_approved (${FIGURE_COPY_COLS}) SELECT ${FIGURE_COPY_COLS.replace(/(\w+)/g, 'f.$1')} FROM figures f
         JOIN reports r ON r.unit_id = f.unit_id AND r.period = f.period AND r.state = 'approved'`,
      )
      .run();
    const { rows } = this.rollups.rebuildRollups(this.catalog.get(), now);
    this.approvedRollups.rebuildRollups(this.catalog.get(), now);
    // Fold the bulk load into the database file now rather than at the first request's checkpoint.
    this.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    return { units: unitCount, figures, reports, rollups: rows, ms: Math.round(performance.now() - started) };
  }
}
