/**
 * Loads a small world (seed/src/factories.ts) into a migrated, empty database through the writers
 * that load the Hanoi demo: units, catalogue and targets, figures with their running totals,
 * reports, demo accounts, then the approved basis and both roll-ups rebuilt once.
 */
import type { WorldFactory } from '@tiendo/seed/factories';
import { type Db, ormOf } from '../../src/db/client.ts';
import { unitSigners } from '../../src/db/schema.ts';
import { bumpCatalogVersion, unitByCodeAt } from '../../src/services/catalog-service.ts';
import {
  DEMO_PASSWORD,
  demoAccountWriter,
  figureWriter,
  insertCatalogue,
  insertTargets,
  insertUnits,
  isDatabaseEmpty,
  reportWriter,
} from '../../src/services/demo-service.ts';
import { createServices } from '../../src/services/index.ts';
import { hashPassword } from '../../src/services/password.ts';

/** One scrypt hash of the demo password per test process: every world's accounts share it. */
let passwordHash: Promise<string> | undefined;

export interface LoadedWorld {
  units: number;
  figures: number;
  reports: number;
  accounts: number;
}

export async function loadWorld(db: Db, factory: WorldFactory, today: string): Promise<LoadedWorld> {
  if (!isDatabaseEmpty(db.sqlite)) throw new Error('A world loads into an empty database only.');
  passwordHash ??= hashPassword(DEMO_PASSWORD);
  const hash = await passwordHash;
  const services = createServices(db, { today: () => today });
  const world = factory({
    lastClosed: services.settings.defaultPeriod(),
    open: services.settings.currentPeriod(),
    windowOf: (p) => services.settings.window(p),
  });
  const now = `${today}T12:00:00.000Z`;
  db.sqlite.transaction(() => {
    services.settings.setProgrammeStart(world.programmeStart);
    const unitIds = insertUnits(db.sqlite, world.units);
    if (world.reorganisation) {
      // The map changes in the world's middle: the server's own reorganisation makes the new units
      // and moves the teams, as the demo's is applied. A code then names its latest unit.
      bumpCatalogVersion(db.sqlite);
      const { period, rows } = world.reorganisation;
      services.hierarchy.reorganise(rows, period, { id: null, username: 'seed' }, { rebuild: false });
      for (const [code, nodes] of services.catalog.get().unitsByCode) {
        const latest = nodes.at(-1);
        if (latest) unitIds.set(code, latest.id);
      }
    }
    const idOf = (code: string) => {
      const id = unitIds.get(code);
      if (id === undefined) throw new Error(`world: no unit ${code}`);
      return id;
    };
    /** The unit a code names in a period: figures and reports across a reorganisation (codes are reused). */
    const idAt = (code: string, period: string) => {
      if (!world.reorganisation) return idOf(code);
      const unit = unitByCodeAt(services.catalog.get(), code, period);
      if (!unit) throw new Error(`world: no unit ${code} in ${period}`);
      return unit.id;
    };
    const kpiIds = insertCatalogue(db.sqlite, world.kpiGroups, world.kpis);
    insertTargets(db.sqlite, world.targets, kpiIds, unitIds, now);
    const writeFigure = figureWriter(db.sqlite, world.kpis, kpiIds);
    for (const f of world.figures) writeFigure(idAt(f.unit, f.period), f);
    const writeReport = reportWriter(db.sqlite);
    for (const r of world.reports) writeReport(idAt(r.unit, r.period), r);
    const writeAccount = demoAccountWriter(db.sqlite, now);
    for (const a of world.accounts) writeAccount({ ...a, unitId: idOf(a.unit), passwordHash: hash });
    for (const s of world.signers ?? []) {
      ormOf(db.sqlite)
        .insert(unitSigners)
        .values({ unitId: idOf(s.unit), title: s.title, name: s.name, updatedAt: now, updatedBy: 'seed' })
        .run();
    }
    bumpCatalogVersion(db.sqlite);
    // The approved basis holds the figures of approved reports, as the demo's does.
    db.sqlite
      .prepare(
        `INSERT INTO figures_approved (unit_id, kpi_id, period, value, numerator, denominator, items,
                                       cum_value, cum_numerator, cum_denominator, recorded_by, recorded_at)
         SELECT f.unit_id, f.kpi_id, f.period, f.value, f.numerator, f.denominator, f.items,
                f.cum_value, f.cum_numerator, f.cum_denominator, f.recorded_by, f.recorded_at
         FROM figures f JOIN reports r ON r.unit_id = f.unit_id AND r.period = f.period AND r.state = 'approved'`,
      )
      .run();
    services.rollups.rebuildRollups('submitted', services.catalog.get(), now);
    services.rollups.rebuildRollups('approved', services.catalog.get(), now);
  })();
  return { units: world.units.length, figures: world.figures.length, reports: world.reports.length, accounts: world.accounts.length };
}
