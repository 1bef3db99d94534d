import { describe, expect, it } from 'vitest';
import { getBasis, setBasis, subscribeBasis } from './basis.ts';

describe('figure basis', () => {
  it('defaults to submitted figures and notifies on change', () => {
    expect(getBasis()).toBe('submitted');
    let calls = 0;
    const off = subscribeBasis(() => {
      calls++;
    });
    setBasis('approved');
    expect(getBasis()).toBe('approved');
    off();
    setBasis('submitted');
    expect(calls).toBe(1);
  });
});
