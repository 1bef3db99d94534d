import { describe, expect, it } from 'vitest';
import { fold } from './admin-unit-service.ts';
import { likePattern } from './admin-user-service.ts';

describe('search helpers', () => {
  it('folds Vietnamese so that "phuc xa" finds "Phúc Xá" and "dong da" finds "Đống Đa"', () => {
    expect(fold('Phường Phúc Xá')).toBe('phuong phuc xa');
    expect(fold('Quận Đống Đa')).toBe('quan dong da');
    expect(fold('Thôn Ỷ La')).toBe('thon y la');
  });

  it('makes % and _ typed by a user literal in LIKE', () => {
    expect(likePattern('a%b_c')).toBe('%a\\%b\\_c%');
    expect(likePattern('thuky')).toBe('%thuky%');
  });
});
