/**
 * Cached replies follow the period they are about: a write for the open month leaves every reply
 * about an earlier month cached (the same object is served again), and a write for a month makes
 * that month's replies and every later one's be computed again, in this process and in another
 * that shares the database file. What is served is always what a fresh computation gives.
 */
import { smallWorld } from '@tiendo/seed/factories';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../src/db/client.ts';
import type { FigureView } from '../src/services/figure-service.ts';
import { createServices, type Services } from '../src/services/index.ts';
import { TEST_LAST_CLOSED, TEST_OPEN, TEST_TODAY } from './constants.ts';
import { createTestApp, type TestContext } from './helpers.ts';

/** The dashboards' default view: figures as submitted, on the period's map. */
const SUBMITTED: FigureView = { basis: 'submitted', map: 'period' };

let t: TestContext;
let here: Services;
let other: { services: Services; close(): void };

beforeAll(async () => {
  t = await createTestApp({ world: smallWorld() });
  here = createServices(t.db, { today: () => TEST_TODAY });
  const db = openDb(`file:${t.path}`);
  other = { services: createServices(db, { today: () => TEST_TODAY }), close: () => db.close() };
});
afterAll(async () => {
  other?.close();
  await t?.close();
});

/** A team's own count for a month, written as the submission path writes it (own row and roll-up). */
function write(services: Services, period: string, value: number) {
  const cat = services.catalog.get();
  const team = services.catalog.unitAt('00001-01', period);
  const kpi = services.catalog.kpi('dinh_danh_tiep_nhan');
  services.db.sqlite.transaction(() =>
    services.rollups.applyFigures('submitted', cat, [{ unit: team, kpi, period, input: { value } }], null, new Date().toISOString()),
  )();
}

const cityValue = (services: Services, period: string) =>
  services.figures.figures('01', period, SUBMITTED).figures.find((f) => f.kpi === 'dinh_danh_tiep_nhan')?.value;

describe('figure replies cached by the period they are about', () => {
  it('keeps earlier months cached across a write for a later one, and recomputes from the month written', () => {
    const closed = here.figures.figures('01', TEST_LAST_CLOSED, SUBMITTED);
    expect(here.figures.figures('01', TEST_LAST_CLOSED, SUBMITTED)).toBe(closed);
    const openBefore = cityValue(here, TEST_OPEN) ?? 0;
    const teamOpen = (here.figures.figures('00001-01', TEST_OPEN, SUBMITTED).figures.find((f) => f.kpi === 'dinh_danh_tiep_nhan')?.value ??
      0) as number;

    write(here, TEST_OPEN, teamOpen + 11);
    expect(here.figures.figures('01', TEST_LAST_CLOSED, SUBMITTED)).toBe(closed);
    expect(cityValue(here, TEST_OPEN)).toBe(openBefore + 11);

    // The same from another connection: the other process's commit shows through SQLite.
    write(other.services, TEST_OPEN, teamOpen + 20);
    expect(here.figures.figures('01', TEST_LAST_CLOSED, SUBMITTED)).toBe(closed);
    expect(cityValue(here, TEST_OPEN)).toBe(openBefore + 20);

    // A correction of the closed month: that month and the open one are computed again.
    const closedBefore = cityValue(here, TEST_LAST_CLOSED) ?? 0;
    const teamClosed = (here.figures.figures('00001-01', TEST_LAST_CLOSED, SUBMITTED).figures.find((f) => f.kpi === 'dinh_danh_tiep_nhan')
      ?.value ?? 0) as number;
    write(other.services, TEST_LAST_CLOSED, teamClosed + 5);
    const recomputed = here.figures.figures('01', TEST_LAST_CLOSED, SUBMITTED);
    expect(recomputed).not.toBe(closed);
    expect(cityValue(here, TEST_LAST_CLOSED)).toBe(closedBefore + 5);

    // What is served equals a computation from scratch in a third set of services.
    const fresh = createServices(t.db, { today: () => TEST_TODAY });
    for (const period of [TEST_LAST_CLOSED, TEST_OPEN, '2026-06']) {
      expect(JSON.parse(here.figures.figuresJson('01', period, SUBMITTED).bytes.toString())).toEqual(
        JSON.parse(fresh.figures.figuresJson('01', period, SUBMITTED).bytes.toString()),
      );
    }
  });
});
