import { describe, expect, it } from 'vitest';
import { formatUrlState, mergeUrlState, parseUrlState, unitLinkPatch } from './url-state.ts';

describe('url state', () => {
  it('round-trips unit, period, KPI and slide', () => {
    const s = parseUrlState('?unit=00001-01&period=2022-09&kpi=dinh_danh_tiep_nhan&slide=2');
    expect(s).toEqual({ unit: '00001-01', period: '2022-09', map: null, kpi: 'dinh_danh_tiep_nhan', slide: 2 });
    expect(formatUrlState(s)).toBe('?unit=00001-01&period=2022-09&kpi=dinh_danh_tiep_nhan&slide=2');
  });
  it('drops values that cannot be right instead of sending them to the API', () => {
    expect(parseUrlState('?unit=../x&period=2022-13&kpi=DROP TABLE&slide=-1')).toEqual({
      unit: null,
      period: null,
      map: null,
      kpi: null,
      slide: null,
    });
  });
  it('round-trips the map a past period is read on, beside the period', () => {
    const today = parseUrlState('?unit=00097&period=2025-06&map=today');
    expect(today).toMatchObject({ unit: '00097', period: '2025-06', map: 'today' });
    expect(formatUrlState(today)).toBe('?unit=00097&period=2025-06&map=today');
    const asReported = parseUrlState('?unit=00097&period=2025-06&map=period');
    expect(asReported.map).toBe('period');
    expect(formatUrlState(asReported)).toBe('?unit=00097&period=2025-06&map=period');
  });
  it('reads only the two maps it knows, spelled exactly, and leaves a missing map unset', () => {
    for (const bad of ['Today', 'TODAY', 'now', '', 'today ', 'period,today', '1']) {
      expect(parseUrlState(`?map=${encodeURIComponent(bad)}`).map, bad).toBeNull();
    }
    expect(parseUrlState('?unit=01').map).toBeNull();
    expect(formatUrlState(parseUrlState('?unit=01'))).toBe('?unit=01');
  });
  it('drops the map with a patch that clears it', () => {
    const s = mergeUrlState(parseUrlState('?unit=01&period=2025-06&map=today'), { map: null });
    expect(formatUrlState(s)).toBe('?unit=01&period=2025-06');
  });
  it('merges a patch and leaves the rest', () => {
    const s = mergeUrlState(parseUrlState('?unit=01&period=2022-09'), { unit: '001' });
    expect(formatUrlState(s)).toBe('?unit=001&period=2022-09');
  });
});

describe('links to a unit', () => {
  it('carry the period and the map on screen, and leave the deck', () => {
    const here = parseUrlState('?unit=01&period=2025-06&map=today&kpi=lam_sach_dan_cu&slide=3');
    const link = mergeUrlState(here, unitLinkPatch('00097', { period: '2025-06', map: 'today' }));
    expect(formatUrlState(link)).toBe('?unit=00097&period=2025-06&map=today&kpi=lam_sach_dan_cu');
  });
  it('write the period shown even when the address bar had none (the default period)', () => {
    const link = mergeUrlState(parseUrlState(''), unitLinkPatch('001', { period: '2025-06', map: 'period' }));
    expect(formatUrlState(link)).toBe('?unit=001&period=2025-06&map=period');
  });
  it('keep what the address says when the place is not known yet', () => {
    const link = mergeUrlState(parseUrlState('?period=2022-09'), unitLinkPatch('001', { period: null, map: null }));
    expect(formatUrlState(link)).toBe('?unit=001&period=2022-09');
  });
});
