import { describe, expect, it } from 'vitest';
import { basisParams, getBasis, setBasis, subscribeBasis } from './basis.ts';

describe('figure basis', () => {
  it('defaults to submitted figures and notifies on change', () => {
    expect(getBasis()).toBe('submitted');
    expect(basisParams()).toEqual({});
    let calls = 0;
    const off = subscribeBasis(() => {
      calls++;
    });
    setBasis('approved');
    expect(basisParams()).toEqual({ basis: 'approved' });
    off();
    setBasis('submitted');
    expect(calls).toBe(1);
  });
});
