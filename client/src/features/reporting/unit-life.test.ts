import { describe, expect, it } from 'vitest';
import { HttpError } from '../../api/http.ts';
import {
  defaultReportPeriod,
  endedBefore,
  formerParents,
  fullName,
  monthYear,
  notInPeriodOf,
  ownPeriodFrom,
  periodFor,
  periodsWithin,
} from './unit-life.ts';

const periods = [
  { period: '2025-06', state: 'closed' as const },
  { period: '2025-07', state: 'closed' as const },
  { period: '2026-11', state: 'closed' as const },
  { period: '2026-12', state: 'open' as const },
  { period: '2027-01', state: 'upcoming' as const },
];
// Phúc Xá (00001) ended on 2025-06-30; Hồng Hà (00097 from 2025-07) took it whole
const phucXa = { validFrom: null, validTo: '2025-06' };
const hongHa = { validFrom: '2025-07', validTo: null };
const notInPeriod = (details: unknown) =>
  new HttpError(
    404,
    'unit_not_in_period',
    'Đơn vị "00001" không tồn tại trong kỳ 2026-12 / Unit "00001" did not exist in 2026-12',
    details,
  );

describe('an account whose unit ended', () => {
  it('opens on the unit’s last month; other accounts on the open month', () => {
    expect(defaultReportPeriod(periods, phucXa)).toBe('2025-06');
    expect(defaultReportPeriod(periods, hongHa)).toBe('2026-12');
    expect(defaultReportPeriod(periods, null)).toBe('2026-12');
    expect(defaultReportPeriod(periods.slice(0, 3), null)).toBe('2026-11');
  });

  it('is offered no month after the end', () => {
    expect(periodsWithin(periods, phucXa).map((p) => p.period)).toEqual(['2025-06']);
    expect(periodsWithin(periods, hongHa)).toHaveLength(periods.length);
  });

  it('has ended before a month after its last, not in it', () => {
    expect(endedBefore(phucXa, '2025-07')).toBe(true);
    expect(endedBefore(phucXa, '2025-06')).toBe(false);
    expect(endedBefore(hongHa, '2026-12')).toBe(false);
    expect(endedBefore(null, '2026-12')).toBe(false);
  });
});

describe('a code that names no unit in the period', () => {
  it('reads the successors of a 404 unit_not_in_period and the code’s last month', () => {
    const nip = notInPeriodOf(
      notInPeriod({ successors: [{ code: '00097', name: 'Hồng Hà', validFrom: '2025-07', validTo: null, share: 1 }] }),
    );
    expect(nip).toMatchObject({ direction: 'successors', units: [{ code: '00097', name: 'Hồng Hà', share: 1 }] });
    expect(nip && ownPeriodFrom(nip)).toBe('2025-06');
  });

  it('reads predecessors and the code’s first month', () => {
    const nip = notInPeriodOf(
      notInPeriod({
        predecessors: [
          { code: '00001', name: 'Phúc Xá', validFrom: null, validTo: '2025-06', share: 1 },
          { code: '00037', name: 'Phúc Tân', validFrom: null, validTo: '2025-06', share: 0.4 },
        ],
      }),
    );
    expect(nip?.direction).toBe('predecessors');
    expect(nip?.units.map((u) => [u.code, u.share])).toEqual([
      ['00001', 1],
      ['00037', 0.4],
    ]);
    expect(nip && ownPeriodFrom(nip)).toBe('2025-07');
  });

  it('says nothing of other errors', () => {
    expect(notInPeriodOf(new HttpError(404, 'not_found', 'no unit', undefined))).toBeNull();
    expect(notInPeriodOf(new HttpError(403, 'forbidden', null, undefined))).toBeNull();
    expect(notInPeriodOf(new Error('x'))).toBeNull();
  });

  it('has no month of its own to offer when nobody took it over', () => {
    const nip = notInPeriodOf(notInPeriod({ successors: [] }));
    expect(nip?.units).toEqual([]);
    expect(nip && ownPeriodFrom(nip)).toBeNull();
  });

  it('opens a follower in the month asked when it lived then, else the nearest it did', () => {
    expect(periodFor(hongHa, '2026-12')).toBe('2026-12');
    expect(periodFor(hongHa, '2025-03')).toBe('2025-07');
    expect(periodFor(phucXa, '2026-12')).toBe('2025-06');
  });
});

describe('names and months of the reform', () => {
  it('writes months as the decisions do', () => {
    expect(monthYear('2025-07', 'vi')).toBe('tháng 7/2025');
    expect(monthYear('2025-06', 'en')).toBe('Jun 2025');
  });

  it('puts the unit’s type before its name, once', () => {
    expect(fullName({ name: 'Hồng Hà', type: 'phường' })).toBe('Phường Hồng Hà');
    expect(fullName({ name: 'Ba Đình', type: 'quận' })).toBe('Quận Ba Đình');
    expect(fullName({ name: 'Tổ dân phố số 1', type: 'tổ dân phố' })).toBe('Tổ dân phố số 1');
    expect(fullName({ name: 'Hà Nội' })).toBe('Hà Nội');
  });
});

describe('the units below a merged commune', () => {
  it('are told apart by the former commune each one sat under', () => {
    const m = formerParents([
      { name: 'Phúc Xá', children: [{ code: '00001-01' }, { code: '00001-02' }] },
      { name: 'Tứ Liên', children: [{ code: '00097-01' }] },
    ]);
    expect(m.get('00001-01')).toBe('Phúc Xá');
    expect(m.get('00097-01')).toBe('Tứ Liên');
    expect(m.get('00004-01')).toBeUndefined();
  });
});
