import { describe, expect, it } from 'vitest';
import { gaugeGeometry, gaugeVerdict } from './gauge-data.ts';

describe('gaugeGeometry', () => {
  it('runs the arc from the left end towards the value', () => {
    expect(gaugeGeometry(50, null).valuePath).toBe('M 20 100 A 80 80 0 0 1 100 20');
    expect(gaugeGeometry(0, null).valuePath).toBe('');
  });
  it('puts the 70 % tick on the right of the top', () => {
    const tick = gaugeGeometry(58, 70).targetTick;
    expect(tick && tick.x1 > 100).toBe(true);
  });
});

describe('gaugeVerdict', () => {
  it('projects to the deadline while it is ahead', () => {
    expect(gaugeVerdict({ status: 'at_risk', projection: 64, deadline: '2022-12' }, '2022-09')).toEqual({
      kind: 'projection',
      value: 64,
      deadline: '2022-12',
    });
  });
  it('says achieved or missed once it is settled', () => {
    expect(gaugeVerdict({ status: 'achieved', projection: 88, deadline: '2022-12' }, '2026-11')).toEqual({ kind: 'achieved' });
    expect(gaugeVerdict({ status: 'off_track', projection: 99.9, deadline: '2022-12' }, '2026-11')).toEqual({
      kind: 'missed',
      deadline: '2022-12',
    });
  });
});
