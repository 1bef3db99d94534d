import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BehindCandidate,
  competitionRanks,
  figureSourceAt,
  followsKpi,
  isBehind,
  isUnreported,
  rankKey,
  reportedBelow,
  targetMeasure,
  unitsBehindOn,
} from './figure-rules.ts';
import { FIGURE_STATUSES } from './status.ts';

describe('what a target measures', () => {
  it('is the running total for a count and the month’s figure for every other kind', () => {
    expect(targetMeasure('count', { value: 12, cumulative: 3400 })).toBe(3400);
    expect(targetMeasure('count', { value: 12 })).toBeNull();
    expect(targetMeasure('stock', { value: 12, cumulative: 3400 })).toBe(12);
    expect(targetMeasure('ratio', { value: 99.5, cumulative: 97 })).toBe(99.5);
    expect(targetMeasure('checklist', { value: 3, cumulative: null })).toBe(3);
  });
});

describe('own figure or aggregate', () => {
  const communesAndTeams = { reportLevels: [3, 4] };
  it('is the unit’s own where its tier reports, the sum of the units below where only lower tiers do', () => {
    expect(figureSourceAt(communesAndTeams, 3)).toBe('own');
    expect(figureSourceAt(communesAndTeams, 4)).toBe('own');
    expect(figureSourceAt(communesAndTeams, 1)).toBe('aggregate');
    expect(figureSourceAt({ reportLevels: [3] }, 4)).toBeNull();
    expect(followsKpi({ reportLevels: [3] }, 4)).toBe(false);
    expect(followsKpi({ reportLevels: [3] }, 2)).toBe(true);
    expect(reportedBelow(communesAndTeams, 3)).toBe(true);
    expect(reportedBelow(communesAndTeams, 4)).toBe(false);
  });

  it('follows a KPI exactly when some tier at or below reports it', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 4 }), { maxLength: 4 }), fc.integer({ min: 1, max: 4 }), (levels, level) => {
        const kpi = { reportLevels: levels };
        expect(followsKpi(kpi, level)).toBe(levels.some((l) => l >= level));
        if (figureSourceAt(kpi, level) === 'aggregate') expect(reportedBelow(kpi, level)).toBe(true);
      }),
    );
  });
});

const row = (
  code: string,
  status: BehindCandidate['status'],
  attainment: number | null,
  extra: Partial<BehindCandidate> = {},
): BehindCandidate => ({
  code,
  value: attainment,
  status,
  attainment,
  reportState: 'on_time',
  ...extra,
});

describe('units behind', () => {
  it('are those off track or at risk, furthest from the target first, ties by code', () => {
    const rows = [
      row('c', 'off_track', 40),
      row('a', 'achieved', 120),
      row('b', 'at_risk', 85),
      row('e', 'off_track', 40),
      row('d', 'on_track', 70),
      row('f', 'no_target', null),
    ];
    expect(unitsBehindOn(rows).map((r) => r.code)).toEqual(['c', 'e', 'b']);
    expect(unitsBehindOn(rows, (a, b) => b.code.localeCompare(a.code)).map((r) => r.code)).toEqual(['e', 'c', 'b']);
  });

  it('never counts a unit that did not report as behind, even when its running total is', () => {
    const silent = row('s', 'off_track', 30, { value: null, reportState: 'missing' });
    expect(isUnreported(silent)).toBe(true);
    expect(isBehind(silent)).toBe(false);
    expect(unitsBehindOn([silent, row('t', 'off_track', 50)]).map((r) => r.code)).toEqual(['t']);
    // a level carried from an earlier month is a figure: the unit is behind on it
    expect(isBehind(row('l', 'at_risk', 60, { reportState: 'missing' }))).toBe(true);
  });

  it('chooses every behind row once, in attainment order, whatever order the rows come in', () => {
    const arb = fc.array(
      fc.record({
        code: fc.string({ minLength: 1, maxLength: 3 }),
        value: fc.option(fc.double({ min: 0, max: 200, noNaN: true })),
        status: fc.constantFrom(...FIGURE_STATUSES),
        attainment: fc.option(fc.double({ min: 0, max: 200, noNaN: true })),
        reportState: fc.constantFrom('on_time', 'late', 'missing'),
      }),
    );
    fc.assert(
      fc.property(arb, (rows) => {
        const chosen = unitsBehindOn(rows);
        expect(chosen.length).toBe(rows.filter(isBehind).length);
        const attainments = chosen.map((r) => r.attainment);
        expect(attainments).toEqual([...attainments].sort((a, b) => a - b));
        expect(unitsBehindOn([...rows].reverse()).map((r) => r.attainment)).toEqual(attainments);
      }),
    );
  });
});

describe('ranks', () => {
  it('rank a count on its running total and a percentage on the number as printed', () => {
    expect(rankKey('count', { value: 5, cumulative: 900, target: null })).toBe(900);
    expect(rankKey('count', { value: null, cumulative: 900, target: null })).toBeNull();
    expect(rankKey('ratio', { value: 99.94, target: null })).toBe(99.9);
    expect(rankKey('ratio', { value: 99.96, target: null })).toBe(99.96);
    expect(rankKey('ratio', { value: 69.97, target: 70 })).toBe(69.97);
    expect(rankKey('stock', { value: 12, target: 20 })).toBe(12);
  });

  it('share a rank when equal (1, 2, 2, 4), keep the order they came in, and leave out the unranked', () => {
    const units = [
      { u: 'a', k: 10 },
      { u: 'b', k: 30 },
      { u: 'c', k: null },
      { u: 'd', k: 20 },
      { u: 'e', k: 20 },
    ];
    const ranked = competitionRanks(units, (x) => x.k, true);
    expect(ranked.map((r) => [r.item.u, r.rank])).toEqual([
      ['b', 1],
      ['d', 2],
      ['e', 2],
      ['a', 4],
    ]);
    expect(competitionRanks(units, (x) => x.k, false).map((r) => [r.item.u, r.rank])).toEqual([
      ['a', 1],
      ['d', 2],
      ['e', 2],
      ['b', 4],
    ]);
  });

  it('give each rank as one more than the number strictly ahead', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: 0, max: 5 }))), fc.boolean(), (keys, higher) => {
        const ranked = competitionRanks(keys, (k) => k, higher);
        expect(ranked.length).toBe(keys.filter((k) => k !== null).length);
        for (const r of ranked) {
          const ahead = ranked.filter((o) => (higher ? o.key > r.key : o.key < r.key)).length;
          expect(r.rank).toBe(ahead + 1);
        }
      }),
    );
  });
});
