import { matchQuery } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { completenessQuery, figuresQuery } from '../features/units/queries.ts';
import { followupKeys, meetingKeys, type Reading, reportKeys, unitKeys } from './keys.ts';

const distinct = (keys: readonly (readonly unknown[])[]) => new Set(keys.map((k) => JSON.stringify(k))).size;
/** Whether invalidating `prefix` reaches the query of `key`. */
const reaches = (prefix: readonly unknown[], key: readonly unknown[]) =>
  matchQuery({ queryKey: prefix }, { queryKey: key, queryHash: JSON.stringify(key) } as never);

describe('query keys', () => {
  const base: Reading = { period: '2025-06', map: 'period', basis: 'submitted' };
  const readings: Reading[] = [base, { ...base, period: '2025-07' }, { ...base, map: 'today' }, { ...base, basis: 'approved' }];

  it('hold every parameter of a figure reading: period, map and basis', () => {
    expect(distinct(readings.map((r) => unitKeys.figures('01', r)))).toBe(4);
    expect(distinct(readings.map((r) => unitKeys.series('01', 'k', '2022-01', r)))).toBe(4);
    expect(distinct(readings.map((r) => unitKeys.breakdown('01', 'k', r)))).toBe(4);
    expect(
      distinct([unitKeys.info('01', '2025-06', 'period'), unitKeys.info('01', '2025-06', 'today'), unitKeys.info('01', null, 'period')]),
    ).toBe(3);
  });

  it('are the ones the queries use', () => {
    expect(figuresQuery('01', base).queryKey).toEqual(unitKeys.figures('01', base));
    expect(completenessQuery('01', base, 50).queryKey).toEqual(unitKeys.completeness('01', '2025-06', 'period', 50));
  });

  it('put every reading of a resource under one prefix, so a write refreshes every screen that shows it', () => {
    for (const r of readings) expect(reaches(unitKeys.all, unitKeys.figures('01', r))).toBe(true);
    expect(reaches(reportKeys.lateAll, reportKeys.late('00097', '2026-12'))).toBe(true);
    // the meeting slides and the home page read tasks and proposals too: a progress report reaches them
    expect(reaches(followupKeys.all, meetingKeys.tasks('00097', '2026-12'))).toBe(true);
    expect(reaches(followupKeys.all, meetingKeys.proposals('00097', '2026-12'))).toBe(true);
    // …without sharing an entry with the follow-up page, whose reply is never "nothing recorded"
    expect(meetingKeys.tasks('00097', '2026-12')).not.toEqual(followupKeys.tasks('00097', '2026-12'));
  });
});
