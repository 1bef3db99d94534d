/** No demo report is stamped after the demo's "now", whatever the hour the seed runs at. */
import { periodWindow } from '@tiendo/shared';
import { describe, expect, it } from 'vitest';
import { CITY, COMMUNE, DISTRICT, TEAM } from './catalogue.ts';
import { type DemoOptions, demoNow, generateDemo } from './demo.ts';
import type { SeedFigure, SeedReport, SeedUnit } from './types.ts';

const S = { cutoffDay: 14, deadlineDays: 3, graceDays: 7 };

/** A small world: one district, two communes, 60 teams each (enough for a few early reporters). */
function world(): SeedUnit[] {
  const units: SeedUnit[] = [
    { code: '01', name: 'Hà Nội', level: CITY, type: 'thành phố', parentCode: null, sortOrder: 0 },
    { code: '002', name: 'Hoàn Kiếm', level: DISTRICT, type: 'quận', parentCode: '01', sortOrder: 0 },
  ];
  for (const [i, c] of ['00037', '00040'].entries()) {
    units.push({ code: c, name: `Phường ${i}`, level: COMMUNE, type: 'phường', parentCode: '002', sortOrder: i });
    for (let t = 1; t <= 60; t++) {
      units.push({ code: `${c}-${String(t).padStart(2, '0')}`, name: `Tổ ${t}`, level: TEAM, type: 'tổ', parentCode: c, sortOrder: t });
    }
  }
  return units;
}

function run(now: string, today = '2026-11-27') {
  const opts: DemoOptions = {
    units: world(),
    start: '2022-01',
    lastClosed: '2026-11',
    open: '2026-12',
    today,
    now,
    windowOf: (p) => periodWindow(p, S),
  };
  const figures: (SeedFigure & { recordedAt: string })[] = [];
  const reports: SeedReport[] = [];
  generateDemo(opts, { figure: (f) => figures.push(f), report: (r) => reports.push(r) });
  return { figures, reports };
}

describe("the demo's now", () => {
  it('is the real moment on the real day, the end of the day when today is pinned', () => {
    expect(demoNow('2026-11-27', '2026-11-27T06:15:00.000Z')).toBe('2026-11-27T06:15:00.000Z');
    // 22:00 in UTC is already the next day in Hà Nội: the real moment still.
    expect(demoNow('2026-11-28', '2026-11-27T22:00:00.000Z')).toBe('2026-11-27T22:00:00.000Z');
    // Pinned in the past (the tests' TEST_TODAY) or ahead: the end of that day, whatever the hour.
    expect(demoNow('2026-11-27', '2027-03-02T10:00:00.000Z')).toBe('2026-11-27T23:59:59.999Z');
    expect(demoNow('2027-06-10', '2026-11-27T09:30:00.000Z')).toBe('2027-06-10T23:59:59.999Z');
  });

  it('stamps no report and no figure after it, even early in the morning of the open period', () => {
    const now = '2026-11-27T06:00:00.000Z';
    const { figures, reports } = run(now);
    const open = reports.filter((r) => r.period === '2026-12');
    // Some teams have reported the open period already; before the fix they were stamped 08:00 today.
    expect(open.length).toBeGreaterThan(0);
    expect(open.some((r) => r.submittedAt === now)).toBe(true);
    expect(reports.filter((r) => (r.submittedAt ?? '') > now)).toEqual([]);
    expect(figures.filter((f) => f.recordedAt > now)).toEqual([]);
  });

  it('moves only the stamps: the figures and who reported are the same at any hour', () => {
    const early = run('2026-11-27T06:00:00.000Z');
    const late = run('2026-11-27T23:59:59.999Z');
    const strip = <T extends { recordedAt?: string; submittedAt?: string }>(xs: T[]) =>
      xs.map(({ recordedAt: _r, submittedAt: _s, ...rest }) => rest);
    expect(strip(early.figures)).toEqual(strip(late.figures));
    expect(strip(early.reports)).toEqual(strip(late.reports));
    // At the end of the day nothing needed clamping: every open-period stamp is an 08:00 of a day up to today.
    for (const r of late.reports.filter((x) => x.period === '2026-12')) expect(r.submittedAt).toMatch(/^2026-11-2[4-7]T08:00:00\.000Z$/);
  });

  it('keeps last month clear of now when the seed runs just after its cut-off', () => {
    // On 16 Nov, 2026-11 closed two days ago: its on-time and late stamps would fall on later days.
    const now = '2026-11-16T03:00:00.000Z';
    const { reports } = run(now, '2026-11-16');
    expect(reports.filter((r) => r.period === '2026-11').length).toBeGreaterThan(0);
    expect(reports.filter((r) => (r.submittedAt ?? '') > now)).toEqual([]);
  });
});
