/**
 * Who reported, as completeness and the breakdowns' report states read it: a commune's few teams
 * are looked up one by one, a larger subtree reads the period's reports once and keeps them until
 * the period's data version moves. Whatever path answers, the answer is what the reports table
 * says now: after a commit in this process or in another, and after a transaction that was
 * rolled back (nothing read inside one is kept).
 */
import { smallWorld } from '@tiendo/seed/factories';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../src/db/client.ts';
import type { UnitNode } from '../src/services/catalog-service.ts';
import { bumpDataVersion } from '../src/services/data-version.ts';
import { createServices, type Services } from '../src/services/index.ts';
import { ONE_BY_ONE } from '../src/services/report-state-service.ts';
import { TEST_LAST_CLOSED, TEST_TODAY } from './constants.ts';
import { createTestApp, type TestContext } from './helpers.ts';

const PERIOD = TEST_LAST_CLOSED;
/** Hồng Hà takes Phúc Xá's teams in 2025: more than are looked up one by one. */
const BIG = '00097';
/** Ba Đình keeps one team. */
const SMALL = '00004';

let t: TestContext;
let here: Services;
let other: { services: Services; close(): void };

beforeAll(async () => {
  t = await createTestApp({ world: smallWorld({ teams: [ONE_BY_ONE + 5, 1], missing: [], late: [] }) });
  here = createServices(t.db, { today: () => TEST_TODAY });
  const db = openDb(`file:${t.path}`);
  other = { services: createServices(db, { today: () => TEST_TODAY }), close: () => db.close() };
});
afterAll(async () => {
  other?.close();
  await t?.close();
});

const unit = (s: Services, code: string) => s.catalog.unitAt(code, PERIOD);
const teamsOf = (s: Services, code: string): UnitNode[] => s.catalog.childrenAt(unit(s, code), PERIOD);
const reported = (s: Services, code: string) => s.reportStates.completeness(unit(s, code), PERIOD, 0).reported;

/** Every unit below `code` in the period, at any depth. */
function below(code: string): UnitNode[] {
  const out: UnitNode[] = [];
  const walk = (u: UnitNode) => {
    for (const c of here.catalog.childrenAt(u, PERIOD)) {
      out.push(c);
      walk(c);
    }
  };
  walk(unit(here, code));
  return out;
}

/** What the reports table says: the units below `code` with a counted report of the period. */
function counted(code: string): number {
  const ids = below(code).map((u) => u.id);
  return t.db.sqlite
    .prepare(
      `SELECT COUNT(*) FROM reports WHERE period = ? AND state IN ('submitted', 'approved') AND unit_id IN (${ids.map(() => '?').join(',')})`,
    )
    .pluck()
    .get(PERIOD, ...ids) as number;
}

/** A report's state changed as a transition changes it: its row, and its period's data version. */
function setState(s: Services, team: UnitNode, state: 'submitted' | 'returned' | 'draft') {
  const r = s.db.sqlite.prepare('UPDATE reports SET state = ? WHERE unit_id = ? AND period = ?').run(state, team.id, PERIOD);
  expect(r.changes).toBe(1);
  bumpDataVersion(s.db.sqlite, PERIOD);
}

describe('who reported, looked up one by one or read for the whole period', () => {
  it('counts what the reports table says on both paths', () => {
    expect(teamsOf(here, BIG).length).toBeGreaterThan(ONE_BY_ONE);
    expect(teamsOf(here, SMALL).length).toBeLessThanOrEqual(ONE_BY_ONE);
    expect(counted(BIG)).toBe(ONE_BY_ONE + 5);
    expect(reported(here, BIG)).toBe(counted(BIG));
    expect(reported(here, SMALL)).toBe(counted(SMALL));
    // the communes report too
    expect(counted('01')).toBe(counted(BIG) + counted(SMALL) + 2);
    expect(reported(here, '01')).toBe(counted('01'));
  });

  it("sees another process's commit, in completeness and in the breakdowns' report states", () => {
    const before = reported(here, BIG);
    const teams = teamsOf(here, BIG);
    const team = teams[3] as UnitNode;
    expect(here.reportStates.statesFor(teams, PERIOD).get(team.id)).toBe('on_time');

    other.services.db.sqlite.transaction(() => setState(other.services, team, 'returned'))();
    expect(reported(here, BIG)).toBe(before - 1);
    expect(reported(here, '01')).toBe(counted('01'));
    expect(here.reportStates.statesFor(teams, PERIOD).get(team.id)).toBe('missing');

    const small = teamsOf(here, SMALL)[0] as UnitNode;
    other.services.db.sqlite.transaction(() => setState(other.services, small, 'returned'))();
    expect(reported(here, SMALL)).toBe(0);
    expect(here.reportStates.statesFor([small], PERIOD).get(small.id)).toBe('missing');
  });

  it('keeps nothing read inside a transaction that was rolled back', () => {
    const teams = teamsOf(here, BIG);
    const [rolledBack, committed] = [teams[10] as UnitNode, teams[11] as UnitNode];
    const before = reported(here, BIG);
    expect(() =>
      here.db.sqlite.transaction(() => {
        setState(here, rolledBack, 'draft');
        // read inside: the uncommitted change shows, under the version it would have had
        expect(reported(here, BIG)).toBe(before - 1);
        throw new Error('rolled back');
      })(),
    ).toThrow('rolled back');

    // Another commit, read next, moves the period's version to the number the rolled-back one had.
    other.services.db.sqlite.transaction(() => setState(other.services, committed, 'returned'))();
    expect(reported(here, BIG)).toBe(before - 1);
    expect(reported(here, BIG)).toBe(counted(BIG));
    const states = here.reportStates.statesFor(teams, PERIOD);
    expect(states.get(rolledBack.id)).toBe('on_time');
    expect(states.get(committed.id)).toBe('missing');
  });
});
