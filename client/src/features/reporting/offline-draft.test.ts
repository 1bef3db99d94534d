import { describe, expect, it } from 'vitest';
import { clearDraft, type DraftStorage, draftKey, type LocalDraft, readDraft, retryDelay, writeDraft } from './offline-draft.ts';

function memory(): DraftStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}

const draft: LocalDraft = {
  form: {
    values: { a: { value: '12' }, b: { numerator: '1', denominator: '2' }, c: { items: ['dv01'] } },
    notes: { difficulties: 'mất mạng', recommendations: '' },
    explanations: { a: 'đợt cao điểm' },
  },
  baseVersion: 4,
  savedAt: '2026-11-27T03:00:00.000Z',
  queued: true,
};

describe('the unsent draft kept in the browser', () => {
  it('is keyed per user, unit and period, so two people on one phone never see each other’s figures', () => {
    expect(draftKey('to1.phucxa', '00001-01', '2026-12')).not.toBe(draftKey('phucxa', '00001-01', '2026-12'));
    expect(draftKey('to1.phucxa', '00001-01', '2026-12')).not.toBe(draftKey('to1.phucxa', '00001-01', '2026-11'));
  });

  it('round-trips, and is gone once cleared', () => {
    const s = memory();
    const key = draftKey('u', '01', '2026-12');
    expect(writeDraft(s, key, draft)).toBe(true);
    expect(readDraft(s, key)).toEqual(draft);
    clearDraft(s, key);
    expect(readDraft(s, key)).toBeNull();
  });

  it('ignores what it did not write: garbage, another shape, a missing store', () => {
    const s = memory();
    s.map.set('k1', '{not json');
    s.map.set('k2', JSON.stringify({ form: { values: { a: { value: 3 } } }, baseVersion: 1, savedAt: 'x' }));
    s.map.set('k3', JSON.stringify({ ...draft, baseVersion: '4' }));
    expect(readDraft(s, 'k1')).toBeNull();
    expect(readDraft(s, 'k2')).toBeNull();
    expect(readDraft(s, 'k3')).toBeNull();
    expect(readDraft(null, 'k1')).toBeNull();
  });

  it('says so when the browser refuses to store (private mode, full quota)', () => {
    const full: DraftStorage = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('quota', 'QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    expect(writeDraft(full, 'k', draft)).toBe(false);
    expect(writeDraft(null, 'k', draft)).toBe(false);
  });

  it('retries sooner at first, then backs off to two minutes', () => {
    expect(retryDelay(0)).toBe(5_000);
    expect(retryDelay(1)).toBe(10_000);
    expect(retryDelay(3)).toBe(40_000);
    expect(retryDelay(10)).toBe(120_000);
  });
});
