/**
 * The roll-up engine against the brute-force reference (support/rollup-reference.ts), over random
 * small worlds whose map changes (reparentings, merges, splits, the abolition of a tier): after
 * any order of writes, corrections and withdrawals, every roll-up row of every unit, KPI and
 * period equals what the reference computes from the raw figures; and so does a full rebuild.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../src/db/client.ts';
import { bumpCatalogVersion, CatalogService } from '../src/services/catalog-service.ts';
import { insertCatalogue, insertUnits } from '../src/services/demo-service.ts';
import { type FigureInput, RollupService } from '../src/services/rollup-service.ts';
import { createTestApp } from './helpers.ts';
import {
  birthOf,
  endOf,
  expectedRollup,
  expectedRunningTotal,
  type RefAmount,
  type RefFigure,
  type RefWorld,
} from './support/rollup-reference.ts';
import { describeWorld, worldArb } from './support/rollup-worlds.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tiendo-props-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let seq = 0;
/** A migrated, empty database holding the world's map and catalogue (no figures yet). */
function databaseOf(world: RefWorld): Db {
  const db = openDb(`file:${join(dir, `w${seq++}.sqlite`)}`);
  const { sqlite } = db;
  sqlite.transaction(() => {
    // The world lists its units in any order, a child before its parent: the references are
    // checked when the map is whole, at the commit.
    sqlite.pragma('defer_foreign_keys = ON');
    const unit = sqlite.prepare(
      `INSERT INTO units (id, code, name, level, type, parent_id, path, valid_from, valid_to, sort_order) VALUES (?, ?, ?, ?, 'x', ?, '/', ?, ?, ?)`,
    );
    const version = sqlite.prepare(
      `INSERT INTO unit_versions (unit_id, valid_from, valid_to, code, name, type, parent_id, sort_order) VALUES (?, ?, ?, ?, ?, 'x', ?, ?)`,
    );
    for (const u of world.units) {
      const last = u.versions.at(-1);
      unit.run(u.id, `U${u.id}`, `Unit ${u.id}`, u.tier, last?.parentId ?? null, birthOf(u), endOf(u), u.id);
    }
    for (const u of world.units) for (const v of u.versions) version.run(u.id, v.from, v.to, `U${u.id}`, `Unit ${u.id}`, v.parentId, u.id);
    const lineage = sqlite.prepare('INSERT INTO unit_lineage (predecessor_id, successor_id, share, period) VALUES (?, ?, ?, ?)');
    for (const l of world.lineage) {
      const succ = world.units.find((u) => u.id === l.successorId);
      lineage.run(l.predecessorId, l.successorId, l.share, succ ? birthOf(succ) : '2024-01');
    }
    sqlite.prepare(`INSERT INTO kpi_groups (code, name, name_en) VALUES ('g', 'g', 'g')`).run();
    const kpi = sqlite.prepare(
      `INSERT INTO kpis (id, code, name, name_en, unit, unit_en, kind, ratio_mode, report_levels, group_code)
       VALUES (?, ?, ?, ?, '', '', ?, ?, ?, 'g')`,
    );
    for (const k of world.kpis) {
      const mode = k.kind === 'ratio' ? (k.carried ? 'level' : 'flow') : null;
      kpi.run(k.id, `k${k.id}`, `k${k.id}`, `k${k.id}`, k.kind, mode, JSON.stringify(k.tiers));
    }
    bumpCatalogVersion(sqlite);
  })();
  return db;
}

const inputOf = (f: RefFigure): FigureInput => ({
  value: f.value ?? null,
  numerator: f.numerator ?? null,
  denominator: f.denominator ?? null,
  items: f.items ?? null,
});

interface Row {
  period: string;
  value: number;
  numerator: number;
  denominator: number;
  items: string | null;
  contributors: number;
  cumValue: number;
  cumNumerator: number;
  cumDenominator: number;
}

/** Every roll-up row that differs from the reference, as readable lines. */
function differences(db: Db, world: RefWorld): string[] {
  const out: string[] = [];
  const rows = db.sqlite.prepare(
    `SELECT period, value, numerator, denominator, items, contributors, cum_value AS cumValue,
            cum_numerator AS cumNumerator, cum_denominator AS cumDenominator
     FROM rollups WHERE unit_id = ? AND kpi_id = ? ORDER BY period`,
  );
  const close = (a: number, b: number) => Math.abs(a - b) < 1e-6;
  for (const u of world.units) {
    for (const k of world.kpis) {
      const stored = rows.all(u.id, k.id) as Row[];
      for (const p of world.periods) {
        const row = k.carried ? stored.filter((r) => r.period <= p).at(-1) : stored.find((r) => r.period === p);
        const want = expectedRollup(world, u.id, k.id, p);
        const got: RefAmount | null =
          row && row.contributors !== 0
            ? {
                value: row.value,
                numerator: row.numerator,
                denominator: row.denominator,
                items: row.items ? (JSON.parse(row.items) as Record<string, number>) : {},
                contributors: row.contributors,
              }
            : null;
        const same =
          want === null
            ? got === null
            : got !== null &&
              close(got.value, want.value) &&
              close(got.numerator, want.numerator) &&
              close(got.denominator, want.denominator) &&
              // A rebuilt past counts a predecessor once however many lines of succession bring it
              // (a split whose halves merge again); the reference counts each line. Amounts agree.
              (p < birthOf(u) ? got.contributors > 0 === want.contributors > 0 : got.contributors === want.contributors) &&
              [...new Set([...Object.keys(got.items), ...Object.keys(want.items)])].every((i) =>
                close(got.items[i] ?? 0, want.items[i] ?? 0),
              );
        if (!same) out.push(`#${u.id} k${k.id} ${p}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
        if (!k.carried && row) {
          const cum = expectedRunningTotal(world, u.id, k.id, p);
          if (!close(row.cumValue, cum.value) || !close(row.cumNumerator, cum.numerator) || !close(row.cumDenominator, cum.denominator)) {
            out.push(
              `#${u.id} k${k.id} ${p}: running total ${row.cumValue}/${row.cumNumerator}/${row.cumDenominator}, want ${JSON.stringify(cum)}`,
            );
          }
        }
      }
    }
  }
  return out;
}

/**
 * The world's figures written in a shuffled order, with detours: a wrong value first and its
 * correction later, or a figure that is written and then withdrawn.
 */
function writes(world: RefWorld, noise: number[]): { figure: RefFigure; input: FigureInput | null }[] {
  const plan: { figure: RefFigure; input: FigureInput | null; key: number }[] = [];
  let n = 0;
  const next = () => noise[n++ % Math.max(1, noise.length)] ?? 0;
  for (const f of world.figures) {
    const r = next() % 4;
    if (r === 1) {
      const wrong = { ...f, value: (f.value ?? 0) + 7, numerator: f.numerator, denominator: (f.denominator ?? 0) + 3 };
      plan.push({ figure: f, input: inputOf(wrong), key: next() });
      plan.push({ figure: f, input: inputOf(f), key: next() + 1_000_000 });
    } else if (r === 2) {
      plan.push({ figure: f, input: inputOf(f), key: next() });
      plan.push({ figure: f, input: null, key: next() + 1_000_000 });
      plan.push({ figure: f, input: inputOf(f), key: next() + 2_000_000 });
    } else {
      plan.push({ figure: f, input: inputOf(f), key: next() });
    }
  }
  return plan.sort((a, b) => a.key - b.key);
}

describe('roll-up engine against the reference', () => {
  it('equals the reference after any order of writes, corrections and withdrawals, and after a rebuild', () => {
    fc.assert(
      fc.property(worldArb(), fc.array(fc.nat({ max: 999_999 }), { minLength: 1, maxLength: 64 }), (world, noise) => {
        const db = databaseOf(world);
        try {
          const catalog = new CatalogService(db.sqlite);
          const rollups = new RollupService(db.sqlite);
          const cat = catalog.get();
          const now = '2024-12-31T00:00:00.000Z';
          for (const w of writes(world, noise)) {
            const unit = cat.units.get(w.figure.unitId);
            const kpi = cat.kpisById.get(w.figure.kpiId);
            if (!unit || !kpi) throw new Error('world and database disagree');
            db.sqlite.transaction(() => rollups.applyFigure('submitted', cat, unit, kpi, w.figure.period, w.input, null, now))();
          }
          const incremental = differences(db, world);
          expect(incremental, `incremental\n${describeWorld(world)}`).toEqual([]);
          rollups.rebuildRollups('submitted', catalog.get(), now);
          expect(differences(db, world), `rebuild\n${describeWorld(world)}`).toEqual([]);
        } finally {
          db.close();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('equals the reference when the writes come in batches whose ancestors’ deltas are combined (applyFigures)', () => {
    fc.assert(
      fc.property(
        worldArb(),
        fc.array(fc.nat({ max: 999_999 }), { minLength: 1, maxLength: 64 }),
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 16 }),
        (world, noise, sizes) => {
          const db = databaseOf(world);
          try {
            const catalog = new CatalogService(db.sqlite);
            const rollups = new RollupService(db.sqlite);
            const cat = catalog.get();
            const now = '2024-12-31T00:00:00.000Z';
            const all = writes(world, noise).map((w) => {
              const unit = cat.units.get(w.figure.unitId);
              const kpi = cat.kpisById.get(w.figure.kpiId);
              if (!unit || !kpi) throw new Error('world and database disagree');
              return { unit, kpi, period: w.figure.period, input: w.input };
            });
            // Batches of varied sizes, so one batch may hold a figure, its correction and
            // another unit's figure under the same ancestors.
            for (let i = 0, b = 0; i < all.length; b++) {
              const size = sizes[b % sizes.length] as number;
              const batch = all.slice(i, i + size);
              i += size;
              db.sqlite.transaction(() => rollups.applyFigures('submitted', cat, batch, null, now))();
            }
            expect(differences(db, world), `batched\n${describeWorld(world)}`).toEqual([]);
          } finally {
            db.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('carried levels across a merge (the five-unit case)', () => {
  it("keeps a team's level in the city through the month its commune merges, incrementally and after a rebuild", async () => {
    // Before effective-dated units, a merge closed the commune with everything under it: the
    // incremental path kept carrying the closed team's 5 into the city ([15, 15, 15, 15]) while a
    // rebuild dropped it ([15, 15, 10, 10]). Now the team moves to the new commune and keeps counting.
    const t = await createTestApp();
    try {
      const { sqlite } = t.db;
      sqlite.transaction(() => {
        insertUnits(sqlite, [
          { code: 'C', name: 'City', level: 1, type: 'thành phố', parentCode: null, sortOrder: 0 },
          { code: 'D', name: 'District', level: 2, type: 'quận', parentCode: 'C', sortOrder: 0 },
          { code: 'A', name: 'A', level: 3, type: 'phường', parentCode: 'D', sortOrder: 0 },
          { code: 'B', name: 'B', level: 3, type: 'phường', parentCode: 'D', sortOrder: 1 },
          { code: 'A-1', name: 'Team a', level: 4, type: 'tổ dân phố', parentCode: 'A', sortOrder: 0 },
          { code: 'B-1', name: 'Team b', level: 4, type: 'tổ dân phố', parentCode: 'B', sortOrder: 0 },
        ]);
        insertCatalogue(
          sqlite,
          [{ code: 'g', name: 'g', nameEn: 'g', order: 0 }],
          [
            {
              code: 'stock',
              name: 'stock',
              nameEn: 'stock',
              unit: '',
              unitEn: '',
              kind: 'stock',
              ratioMode: null,
              reportLevels: [4],
              higherIsBetter: true,
              group: 'g',
              order: 0,
            },
          ],
        );
        bumpCatalogVersion(sqlite);
      })();
      const { catalog, rollups, hierarchy, figures } = t.app.services;
      const write = (code: string, period: string, value: number) => {
        const cat = catalog.get();
        sqlite.transaction(() =>
          rollups.applyFigure(
            'submitted',
            cat,
            catalog.unitAt(code, period),
            catalog.kpi('stock'),
            period,
            { value },
            null,
            '2024-01-31T00:00:00Z',
          ),
        )();
      };
      write('A-1', '2024-01', 5);
      write('B-1', '2024-01', 10);
      hierarchy.merge({ codes: ['A', 'B'], into: { code: 'E', name: 'E', type: 'phường' }, period: '2024-03' }, null);
      const city = () =>
        figures.series('C', 'stock', '2024-01', '2024-04', { basis: 'submitted', map: 'period' }).points.map((p) => p.value);
      expect(city()).toEqual([15, 15, 15, 15]);
      // A correction of the past, after the merge, goes through the old commune then the new one.
      write('A-1', '2024-02', 6);
      expect(city()).toEqual([15, 16, 16, 16]);
      expect(
        figures
          .series('E', 'stock', '2024-01', '2024-04', { basis: 'submitted', map: 'period' })
          .points.map((p) => [p.value, p.rebuilt ?? false]),
      ).toEqual([
        [15, true],
        [16, true],
        [16, false],
        [16, false],
      ]);
      rollups.rebuildRollups('submitted', catalog.get(), '2024-05-01T00:00:00Z');
      expect(city()).toEqual([15, 16, 16, 16]);
    } finally {
      await t.close();
    }
  });
});
