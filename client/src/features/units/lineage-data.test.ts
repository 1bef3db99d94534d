import { describe, expect, it } from 'vitest';
import { notInPeriodModel } from './lineage-data.ts';

const hongHa = { code: '00097', name: 'Hồng Hà', validFrom: '2025-07', validTo: null, share: 1 };

describe('a code that names no unit in the period asked', () => {
  it('follows a unit merged whole into another to it, and dates the merger', () => {
    // Phường Phúc Xá in 2025-07: it went whole into Phường Hồng Hà
    const m = notInPeriodModel({ successors: [hongHa] }, '2025-07');
    expect(m).toEqual({ change: 'merged', followers: [hongHa], changeAt: '2025-07', nearest: '2025-06' });
  });

  it('calls a unit shared out between several a split, biggest share first', () => {
    const a = { code: '00160', name: 'Nghĩa Đô', validFrom: '2025-07', validTo: null, share: 0.3 };
    const b = { code: '00166', name: 'Cầu Giấy', validFrom: '2025-07', validTo: null, share: 0.7 };
    const m = notInPeriodModel({ successors: [a, b] }, '2026-11');
    expect(m?.change).toBe('split');
    expect(m?.followers.map((f) => f.code)).toEqual(['00166', '00160']);
    expect(m?.nearest).toBe('2025-06');
  });

  it('says a district abolished with nothing to follow ended, dated by what is known of it', () => {
    expect(notInPeriodModel({ successors: [] }, '2025-07')).toEqual({ change: 'ended', followers: [], changeAt: null, nearest: null });
    expect(notInPeriodModel({ successors: [] }, '2025-09', { validFrom: null, validTo: '2025-06' })).toEqual({
      change: 'ended',
      followers: [],
      changeAt: '2025-07',
      nearest: '2025-06',
    });
  });

  it('sends a reader who is too early to the units it was made from, and to its first period', () => {
    const phucXa = { code: '00001', name: 'Phúc Xá', validFrom: null, validTo: '2025-06', share: 1 };
    const m = notInPeriodModel({ predecessors: [phucXa] }, '2025-03');
    expect(m).toEqual({ change: 'formed', followers: [phucXa], changeAt: '2025-07', nearest: '2025-07' });
  });

  it('ignores details of any other shape rather than offering a wrong way out', () => {
    expect(notInPeriodModel(undefined, '2025-07')).toBeNull();
    expect(notInPeriodModel({ successors: 'x' }, '2025-07')).toBeNull();
    expect(notInPeriodModel({ successors: [{ code: 1 }] }, '2025-07')).toBeNull();
    expect(notInPeriodModel({ other: [] }, '2025-07')).toBeNull();
  });
});
