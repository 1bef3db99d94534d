import { describe, expect, it } from 'vitest';
import { buildSlides, slideAfterKey } from './meeting-data.ts';

describe('meeting deck', () => {
  it('has an overview, a slide per group, then laggards and completeness when there are units below', () => {
    expect(buildSlides(['a', 'b'], true).map((s) => s.kind)).toEqual(['overview', 'group', 'group', 'lagging', 'completeness']);
    expect(buildSlides(['a'], false).map((s) => s.kind)).toEqual(['overview', 'group']);
  });
  it('moves with arrows and clicker keys, stops at the ends, leaves on Esc', () => {
    expect(slideAfterKey('PageDown', 0, 3)).toBe(1);
    expect(slideAfterKey('ArrowRight', 2, 3)).toBe(2);
    expect(slideAfterKey('PageUp', 0, 3)).toBe(0);
    expect(slideAfterKey('Escape', 1, 3)).toBe('exit');
    expect(slideAfterKey('x', 1, 3)).toBeNull();
  });
});
