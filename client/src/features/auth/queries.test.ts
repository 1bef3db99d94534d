import type { SessionReply } from '@tiendo/shared';
import { SESSION_BLOCK_ID } from '@tiendo/shared/page';
import { describe, expect, it } from 'vitest';
import { catalogKeys } from '../../api/keys.ts';
import { pageSession } from './queries.ts';

/** The one thing pageSession asks of the page: its data block by id (the browser's Document). */
function pageWith(text: string | null) {
  let present = text !== null;
  const doc = {
    getElementById: (id: string) =>
      present && id === SESSION_BLOCK_ID
        ? {
            textContent: text,
            remove: () => {
              present = false;
            },
          }
        : null,
  };
  return { doc: doc as unknown as Document, present: () => present };
}

function cache() {
  const data = new Map<string, unknown>();
  return { data, setQueryData: (key: readonly unknown[], value: unknown) => data.set(JSON.stringify(key), value) };
}

const signedIn: SessionReply = {
  state: 'signed-in',
  user: {
    username: 'lanhdao',
    displayName: 'Lãnh đạo BCĐ 06 Thành phố',
    role: 'leader',
    unit: { code: '01', name: 'Hà Nội', level: 1, type: 'thành phố', validFrom: null, validTo: null },
    active: true,
    mustChangePassword: false,
  } as never,
  csrfToken: 'csrf-1',
  mustChangePassword: false,
  atTop: true,
  catalog: {
    periods: [
      {
        period: '2026-11',
        from: '2026-11-01',
        to: '2026-11-25',
        deadline: '2026-11-28',
        lockAfter: '2026-12-05',
        state: 'closed',
        cutoffPassed: true,
      },
    ],
    kpis: [],
    today: '2026-12-02',
  },
};

describe('the session the page came with', () => {
  it('is read once from the page, its catalogue put in the cache, and the block removed', () => {
    const page = pageWith(JSON.stringify(signedIn));
    const c = cache();
    const s = pageSession(c, page.doc);
    expect(s).toMatchObject({ state: 'signed-in', today: '2026-12-02', me: { csrfToken: 'csrf-1', user: { username: 'lanhdao' } } });
    expect(c.data.get(JSON.stringify(catalogKeys.periods))).toEqual(signedIn.state === 'signed-in' ? signedIn.catalog?.periods : null);
    expect(c.data.get(JSON.stringify(catalogKeys.kpis))).toEqual([]);
    expect(page.present()).toBe(false);
    // a second read (a later render, another module) finds nothing and asks the server instead
    expect(pageSession(c, page.doc)).toBeNull();
  });

  it('is signed out when the page says so', () => {
    expect(pageSession(cache(), pageWith('{"state":"signed-out"}').doc)).toEqual({ state: 'signed-out' });
  });

  it('is none when the page has no block or an unreadable one: the app then asks /api/auth/session', () => {
    expect(pageSession(cache(), pageWith(null).doc)).toBeNull();
    for (const text of ['', '{"state":', '{"state":"unknown"}', 'null', '[]']) {
      const page = pageWith(text);
      expect(pageSession(cache(), page.doc), text).toBeNull();
      expect(page.present(), text).toBe(false);
    }
  });
});
