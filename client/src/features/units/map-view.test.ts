import type { UnitReply } from '@tiendo/shared';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../api/http.ts';
import { effectiveMap, getMap, mapParams, mapsDiffer, otherMap, setMap, subscribeMap } from './map-view.ts';

const ref = (code: string, name = code) => ({ code, name, level: 3, type: 'phường' });
const unit = (extra: Partial<UnitReply> = {}): UnitReply => ({
  ...ref('01', 'Hà Nội'),
  level: 1,
  type: 'thành phố',
  fullName: 'Thành phố Hà Nội',
  period: '2025-06',
  map: 'period',
  validFrom: null,
  validTo: null,
  parent: null,
  ancestors: [],
  children: [ref('001'), ref('002')],
  predecessors: [],
  successors: [],
  ...extra,
});
const notInPeriod = new HttpError(404, 'unit_not_in_period', 'không tồn tại / did not exist', { successors: [] });

describe('the remembered map', () => {
  it('defaults to the map of the period and notifies on change', () => {
    expect(getMap()).toBe('period');
    expect(mapParams(getMap())).toEqual({});
    let calls = 0;
    const off = subscribeMap(() => {
      calls++;
    });
    setMap('today');
    expect(getMap()).toBe('today');
    expect(mapParams(getMap())).toEqual({ map: 'today' });
    off();
    setMap('period');
    expect(calls).toBe(1);
    expect(otherMap('period')).toBe('today');
  });

  it('lets the URL decide, then the remembered choice — never today’s map for an account whose unit ended', () => {
    expect(effectiveMap('period', 'today', false)).toBe('period');
    expect(effectiveMap(null, 'today', false)).toBe('today');
    expect(effectiveMap(null, 'today', true)).toBe('period');
    expect(effectiveMap('today', 'period', true)).toBe('today');
  });
});

describe('mapsDiffer', () => {
  const asReported = { data: unit(), error: null };
  it('is false from the current period on: there is one map', () => {
    expect(mapsDiffer('2026-12', '2026-12', asReported, { data: unit({ children: [ref('00097')] }), error: null })).toBe(false);
  });
  it('is true for the city before the reform: districts on the period’s map, communes on today’s', () => {
    expect(mapsDiffer('2025-06', '2026-12', asReported, { data: unit({ children: [ref('00004'), ref('00097')] }), error: null })).toBe(
      true,
    );
  });
  it('is true when the code names another unit on the other map (00097: Tứ Liên, then Hồng Hà)', () => {
    const tuLien = unit({ ...ref('00097', 'Tứ Liên'), validTo: '2025-06', children: [] });
    const hongHa = unit({ ...ref('00097', 'Hồng Hà'), validFrom: '2025-07', children: [] });
    expect(mapsDiffer('2025-06', '2026-12', { data: tuLien, error: null }, { data: hongHa, error: null })).toBe(true);
  });
  it('is true for a team whose commune was merged: the same team, under another commune', () => {
    const before = unit({ ...ref('00001-01'), children: [], ancestors: [ref('01'), ref('001'), ref('00001')] });
    const after = unit({ ...ref('00001-01'), children: [], ancestors: [ref('01'), ref('00097')] });
    expect(mapsDiffer('2025-06', '2026-12', { data: before, error: null }, { data: after, error: null })).toBe(true);
  });
  it('is true when the unit is on one map only, either way round', () => {
    expect(mapsDiffer('2025-06', '2026-12', asReported, { data: undefined, error: notInPeriod })).toBe(true);
    expect(mapsDiffer('2025-06', '2026-12', { data: undefined, error: notInPeriod }, asReported)).toBe(true);
  });
  it('is false while undecided, when nothing changed, or when the other map is not readable', () => {
    expect(mapsDiffer('2025-06', '2026-12', asReported, { data: undefined, error: null })).toBe(false);
    expect(mapsDiffer('2025-08', '2026-12', asReported, { data: unit(), error: null })).toBe(false);
    expect(mapsDiffer('2025-06', '2026-12', asReported, { data: undefined, error: new HttpError(403, 'forbidden', null) })).toBe(false);
    expect(mapsDiffer('2025-06', '2026-12', { data: undefined, error: notInPeriod }, { data: undefined, error: notInPeriod })).toBe(false);
  });
});
