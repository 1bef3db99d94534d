import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { CatalogService } from './catalog-service.ts';
import { DemoService } from './demo-service.ts';
import { FigureService } from './figure-service.ts';
import { ReportStateService } from './report-state-service.ts';
import { RollupService } from './rollup-service.ts';
import { SettingsService } from './settings-service.ts';

export interface Services {
  db: Db;
  catalog: CatalogService;
  settings: SettingsService;
  reportStates: ReportStateService;
  figures: FigureService;
  rollups: RollupService;
  demo: DemoService;
}

export function createServices(db: Db, config: Pick<Config, 'today'>): Services {
  const catalog = new CatalogService(db.sqlite);
  const settings = new SettingsService(db.sqlite, config.today);
  const reportStates = new ReportStateService(db.sqlite, catalog, settings);
  const figures = new FigureService(db.sqlite, catalog, reportStates);
  const rollups = new RollupService(db.sqlite);
  const demo = new DemoService(db.sqlite, catalog, settings, rollups, config.today);
  return { db, catalog, settings, reportStates, figures, rollups, demo };
}
