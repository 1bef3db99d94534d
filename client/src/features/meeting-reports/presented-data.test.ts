import type { Figure, FiguresReply, MeetingReport, MeetingReportChangesReply } from '@tiendo/shared';
import { describe, expect, it } from 'vitest';
import {
  changedByKpi,
  figureText,
  getPresenting,
  issueDateLabel,
  presentedKey,
  reportInForce,
  setPresenting,
  shownFigures,
  subscribePresenting,
} from './presented-data.ts';

const report = (id: number, number: number, replacedBy: number | null): MeetingReport => ({
  id,
  number,
  year: 2026,
  reference: `${number}/BC-BCĐ06`,
  period: '2026-11',
  issuedAt: '2026-12-05T02:00:00.000Z',
  issueDate: '2026-12-05',
  issuedBy: 'thuky',
  lang: 'vi',
  signer: { title: 'PHÓ TRƯỞNG BAN', name: 'Nguyễn Văn A' },
  replacedBy,
  sha256: { pdf: 'a', docx: 'b', xlsx: 'c' },
});

const figure = (kpi: string, value: number, cumulative: number | null = null): Figure => ({
  kpi,
  kind: cumulative === null ? 'ratio' : 'count',
  value,
  cumulative,
  status: 'no_target',
  source: 'aggregate',
  carried: false,
  contributors: 1,
  updatedAt: null,
});

const reply = (figures: Figure[]): FiguresReply => ({
  unit: { code: '01', name: 'Hà Nội', level: 1, type: 'thành phố' },
  period: '2026-11',
  asOf: null,
  figures,
});

describe('as presented at the meeting', () => {
  it('uses the newest report that was not replaced', () => {
    expect(reportInForce(undefined)).toBeNull();
    expect(reportInForce([])).toBeNull();
    expect(reportInForce([report(3, 12, null), report(1, 10, 3)])?.number).toBe(12);
    expect(reportInForce([report(1, 10, 3)])).toBeNull();
  });

  it('writes the issue date as the report prints it', () => {
    expect(issueDateLabel('2026-12-05', 'vi')).toBe('05/12/2026');
    expect(issueDateLabel('2026-12-05', 'en')).toBe('5 Dec 2026');
  });

  it('shows the snapshot only when presenting and once it is loaded', () => {
    const live = reply([figure('a', 2)]);
    const changes: MeetingReportChangesReply = {
      report: report(1, 1, null),
      presented: reply([figure('a', 1)]),
      changed: [{ kpi: 'a', fields: ['value'], presented: figure('a', 1), current: figure('a', 2) }],
      events: [],
      eventsTotal: 0,
    };
    expect(shownFigures(live, changes, true)).toBe(changes.presented);
    expect(shownFigures(live, changes, false)).toBe(live);
    expect(shownFigures(live, undefined, true)).toBe(live);
    expect([...changedByKpi(changes).keys()]).toEqual(['a']);
    expect(changedByKpi(undefined).size).toBe(0);
  });

  it('leads with the running total of a count and the percentage of a ratio', () => {
    expect(figureText({ kind: 'count' }, figure('a', 12, 3_412_560), 'vi')).toBe('3.412.560');
    expect(figureText({ kind: 'ratio' }, figure('b', 99.5), 'vi')).toBe('99,5\u00a0%');
    expect(figureText({ kind: 'ratio' }, null, 'vi')).toBe('—');
  });

  it('remembers the choice per unit and period and tells its listeners', () => {
    let calls = 0;
    const stop = subscribePresenting(() => calls++);
    const key = presentedKey('01', '2026-11');
    setPresenting(key, true);
    setPresenting(key, true);
    expect(getPresenting().has(key)).toBe(true);
    expect(getPresenting().has(presentedKey('01', '2026-10'))).toBe(false);
    setPresenting(key, false);
    expect(getPresenting().has(key)).toBe(false);
    expect(calls).toBe(2);
    stop();
  });
});
