import { describe, expect, it } from 'vitest';
import { formatUrlState, mergeUrlState, parseUrlState } from './url-state.ts';

describe('url state', () => {
  it('round-trips unit, period, KPI and slide', () => {
    const s = parseUrlState('?unit=00001-01&period=2022-09&kpi=dinh_danh_tiep_nhan&slide=2');
    expect(s).toEqual({ unit: '00001-01', period: '2022-09', kpi: 'dinh_danh_tiep_nhan', slide: 2 });
    expect(formatUrlState(s)).toBe('?unit=00001-01&period=2022-09&kpi=dinh_danh_tiep_nhan&slide=2');
  });
  it('drops values that cannot be right instead of sending them to the API', () => {
    expect(parseUrlState('?unit=../x&period=2022-13&kpi=DROP TABLE&slide=-1')).toEqual({
      unit: null,
      period: null,
      kpi: null,
      slide: null,
    });
  });
  it('merges a patch and leaves the rest', () => {
    const s = mergeUrlState(parseUrlState('?unit=01&period=2022-09'), { unit: '001' });
    expect(formatUrlState(s)).toBe('?unit=001&period=2022-09');
  });
});
