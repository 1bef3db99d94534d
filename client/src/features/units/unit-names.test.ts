import { describe, expect, it } from 'vitest';
import { distinctNames } from './unit-names.ts';

describe('distinctNames', () => {
  it('adds the code to names that several units share, and only to those', () => {
    const names = distinctNames([
      { code: '00001-01', name: 'Tổ dân phố số 1' },
      { code: '00097-01', name: 'Tổ dân phố số 1' },
      { code: '00001-09', name: 'Tổ dân phố số 9' },
    ]);
    expect([...names.values()]).toEqual(['Tổ dân phố số 1 (00001-01)', 'Tổ dân phố số 1 (00097-01)', 'Tổ dân phố số 9']);
  });
});
