import { describe, expect, it } from 'vitest';
import { tierName, unitKindName } from './tier.ts';

describe('tiers by name', () => {
  it('names every tier of the map, the nation above the provinces included, in both languages', () => {
    expect([0, 1, 2, 3, 4].map((l) => tierName(l, 'vi'))).toEqual([
      'Trung ương',
      'Thành phố',
      'Quận/Huyện',
      'Phường/Xã',
      'Tổ dân phố/Thôn',
    ]);
    expect([0, 1, 2, 3, 4].map((l) => tierName(l, 'en'))).toEqual([
      'National',
      'City/Province',
      'District',
      'Ward/Commune',
      'Residential group/Village',
    ]);
    // a tier no map has is still named, never blank
    expect(tierName(7, 'vi')).toBe('Đơn vị bậc 7');
    expect(tierName(7, 'en')).toBe('Tier 7');
  });

  it("names a unit by its type where it has one, the nation's too", () => {
    expect(unitKindName({ level: 0, type: 'quốc gia' }, 'vi')).toBe('Quốc gia');
    expect(unitKindName({ level: 0, type: 'quốc gia' }, 'en')).toBe('Country');
    expect(unitKindName({ level: 3, type: 'phường' }, 'en')).toBe('Ward');
    expect(unitKindName({ level: 4, type: null }, 'vi')).toBe('Tổ dân phố/Thôn');
    expect(unitKindName({ level: 1, type: 'đặc khu' }, 'en')).toBe('City/Province');
  });
});
