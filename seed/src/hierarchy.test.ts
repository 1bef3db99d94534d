import { describe, expect, it } from 'vitest';
import { hanoiHierarchy } from './hierarchy.ts';

describe('Hanoi hierarchy', () => {
  const { units } = hanoiHierarchy();
  const count = (level: number) => units.filter((u) => u.level === level).length;

  it('has 1 city, 30 districts, 579 communes and 5,247 task teams', () => {
    expect([count(1), count(2), count(3), count(4)]).toEqual([1, 30, 579, 5247]);
    const communes = units.filter((u) => u.level === 3);
    expect(communes.filter((c) => c.type === 'phường')).toHaveLength(175);
    expect(communes.filter((c) => c.type === 'xã')).toHaveLength(383);
    expect(communes.filter((c) => c.type === 'thị trấn')).toHaveLength(21);
  });

  it('uses the statistics office codes and names teams as the programme does', () => {
    const byCode = new Map(units.map((u) => [u.code, u]));
    expect(byCode.get('001')).toMatchObject({ name: 'Ba Đình', parentCode: '01', type: 'quận' });
    expect(byCode.get('00001')).toMatchObject({ name: 'Phúc Xá', parentCode: '001', type: 'phường' });
    expect(byCode.get('00001-01')).toMatchObject({ name: 'Tổ dân phố số 1', parentCode: '00001', type: 'tổ dân phố' });
    const rural = units.find((u) => u.level === 4 && u.type === 'thôn');
    expect(rural?.name).toMatch(/^Thôn \d+$/);
    for (const u of units) if (u.parentCode) expect(byCode.has(u.parentCode)).toBe(true);
  });

  it('is the same on every run', () => {
    expect(hanoiHierarchy().units.map((u) => u.code)).toEqual(units.map((u) => u.code));
  });
});
