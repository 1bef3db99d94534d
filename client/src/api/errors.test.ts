import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en.ts';
import { vi } from '../i18n/vi.ts';
import { bilingualPart, conflictDetails, detailErrors, errorText, translatorOf } from './errors.ts';
import { errorFromReply, HttpError, NetworkError } from './http.ts';

function translator(lng: 'vi' | 'en') {
  const i18n = i18next.createInstance();
  void i18n.init({
    resources: { vi: { translation: vi }, en: { translation: en } },
    lng,
    fallbackLng: 'vi',
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return translatorOf(i18n);
}
const viT = translator('vi');
const enT = translator('en');

describe('error text', () => {
  it('says a known code in the reader’s language, whatever the server’s words', () => {
    const e = errorFromReply(403, { error: { code: 'period_locked', message: 'Kỳ báo cáo đã khóa / the period is locked' } });
    expect(errorText(e, enT)).toBe('The period is locked; ask the secretariat to reopen it if a figure must change.');
    expect(errorText(e, viT)).toBe('Kỳ báo cáo đã khóa; đề nghị Thường trực mở lại nếu cần sửa số liệu.');
  });

  it('fills the blanks from details: a state and a period in words, a row, a count of errors, minutes to wait', () => {
    const waiting = new HttpError(409, 'report_not_waiting', 'x / y', { state: 'draft' });
    expect(errorText(waiting, enT)).toBe('The report is “Draft”, not waiting for review.');
    expect(errorText(waiting, viT)).toBe('Báo cáo đang ở trạng thái “Bản nháp”, không phải đang chờ duyệt.');
    expect(errorText(new HttpError(400, 'period_not_started', 'x / y', { period: '2027-01' }), enT)).toBe('Jan 2027 has not started yet.');
    expect(errorText(new HttpError(400, 'csv_broken', 'x / y', { row: 12 }), enT)).toBe(
      'The CSV file is broken from row 12 (a quote left open?).',
    );
    const invalid = new HttpError(400, 'invalid_figures', 'x / y', { errors: [{ kpi: 'a', field: 'value', message: 'm' }, { kpi: 'b' }] });
    expect(errorText(invalid, enT)).toBe('2 figures are not valid; see the marked fields.');
    expect(errorText(new HttpError(429, 'too_many_attempts', 'x / y', { retryAfterSeconds: 61 }), viT)).toBe(
      'Đăng nhập sai quá nhiều lần, vui lòng thử lại sau 2 phút.',
    );
  });

  it('shows the server’s message, whole, only for a code it cannot translate', () => {
    const e = new HttpError(400, 'validation_error', 'Hai mục trùng mã / two items with the same code');
    expect(errorText(e, enT)).toBe('Hai mục trùng mã / two items with the same code');
  });

  it('never shows the words of a 5xx, but says a busy server', () => {
    expect(errorText(new HttpError(500, 'internal', 'stack trace'), enT)).toBe('The server had a problem (500).');
    expect(errorText(new HttpError(503, 'busy', 'Bận / busy', { retryAfterSeconds: 60 }), enT)).toBe(
      'The server is busy; try again in a few minutes.',
    );
  });

  it('says an unreachable server as such', () => {
    expect(errorText(new NetworkError(new TypeError('Failed to fetch')), enT)).toBe(
      'Cannot reach the server. Check the connection and try again.',
    );
  });

  it('has every code in both languages', () => {
    expect(Object.keys(en.apiErrors).sort()).toEqual(Object.keys(vi.apiErrors).sort());
    for (const [code, text] of Object.entries(en.apiErrors)) {
      // the same blanks in both languages, or a translation would show a raw {{name}}
      const blanks = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      expect(blanks(text), code).toEqual(blanks(vi.apiErrors[code as keyof typeof vi.apiErrors]));
    }
  });
});

describe('error details', () => {
  it('keeps the field errors of a 400 and the changes of a stale version', () => {
    const bad = errorFromReply(400, {
      error: { code: 'invalid_figures', message: 'x / y', details: { errors: [{ kpi: 'a', field: 'value', message: 'm' }] } },
    });
    expect(detailErrors(bad)).toEqual([{ kpi: 'a', field: 'value', message: 'm' }]);
    expect(conflictDetails(bad)).toBeNull();
    const clash = errorFromReply(409, {
      error: {
        code: 'stale_version',
        message: 'c',
        details: { currentVersion: 2, updatedBy: 'phucxa', updatedAt: 't', changes: [{ kpi: 'a', yours: 1, theirs: 2 }] },
      },
    });
    expect(conflictDetails(clash)).toMatchObject({ currentVersion: 2, updatedBy: 'phucxa', changes: [{ kpi: 'a' }] });
    // a report in another state answers 409 without changes: nothing to compare
    expect(conflictDetails(errorFromReply(409, { error: { code: 'report_state', message: 'approved' } }))).toBeNull();
    expect(detailErrors(new Error('x'))).toEqual([]);
  });

  it('reads the reader’s half of an item’s bilingual message', () => {
    expect(bilingualPart('Chưa nhập / missing', 'en')).toBe('missing');
    expect(bilingualPart('Chưa nhập / missing', 'vi')).toBe('Chưa nhập');
    expect(bilingualPart('plain', 'en')).toBe('plain');
  });
});
