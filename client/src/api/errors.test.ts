import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en.ts';
import { vi } from '../i18n/vi.ts';
import { bilingualPart, conflictDetails, detailErrors, errorText, itemText, translatorOf } from './errors.ts';
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

describe('item text', () => {
  it('says a report field’s error from its code in either language, a ratio’s part by its field', () => {
    const whole = { kpi: 'a', field: 'value', code: 'not_whole_number', params: {}, message: 'Phải là số nguyên không âm / must be…' };
    expect(itemText(whole, enT)).toBe('Must be a whole number, 0 or more.');
    expect(itemText(whole, viT)).toBe('Phải là số nguyên không âm.');
    const numerator = { ...whole, field: 'numerator' };
    expect(itemText(numerator, enT)).toBe('The numerator must be a whole number, 0 or more.');
    expect(itemText(numerator, viT)).toBe('Tử số phải là số nguyên không âm.');
    expect(itemText({ code: 'required', params: {}, message: 'Chưa nhập / missing' }, enT)).toBe('Missing.');
  });

  it('fills the blanks: numbers in the reader’s way, names in the reader’s language', () => {
    const bound = {
      code: 'above_bound_total',
      params: { total: 12345, bound: { vi: 'Hồ sơ tiếp nhận', en: 'Applications received' }, boundTotal: 9876 },
      message: 'x / y',
    };
    expect(itemText(bound, enT)).toBe('The running total (12,345) exceeds that of “Applications received” (9,876).');
    expect(itemText(bound, viT)).toBe('Lũy kế (12.345) vượt lũy kế “Hồ sơ tiếp nhận” (9.876).');
    const kpi = { code: 'kpi_not_reported', params: { kpi: { vi: 'Dữ liệu CCCD', en: 'ID card data' } }, message: 'x / y' };
    expect(itemText(kpi, enT)).toBe('This unit does not report “ID card data”.');
    expect(itemText(kpi, viT)).toBe('Đơn vị này không báo cáo chỉ tiêu “Dữ liệu CCCD”.');
  });

  it('says an unusual figure’s flag with the usual amount, or the usual percentage of a ratio', () => {
    const count = { code: 'far_from_recent', params: { usual: 1250 }, message: 'x / y' };
    expect(itemText(count, enT)).toBe('Far from recent months (usually about 1,250); please explain.');
    expect(itemText(count, viT)).toBe('Khác nhiều so với các tháng gần đây (thường vào khoảng 1.250); cần giải trình.');
    const ratio = { code: 'far_from_recent', params: { usualPercent: 87.3 }, message: 'x / y' };
    expect(itemText(ratio, enT)).toBe('Far from recent months (usually about 87.3%); please explain.');
    expect(itemText(ratio, viT)).toBe('Khác nhiều so với các tháng gần đây (thường vào khoảng 87,3\u00a0%); cần giải trình.');
  });

  it('names the cell an import row’s error is about, and says a refusal by its own code', () => {
    const cell = { row: 4, code: 'above_denominator', params: { at: { vi: 'Tỷ lệ — tử số', en: 'Share — numerator' } }, message: 'x / y' };
    expect(itemText(cell, enT)).toBe('“Share — numerator”: The numerator may not exceed the denominator.');
    expect(itemText(cell, viT)).toBe('Ô “Tỷ lệ — tử số”: Tử số không được lớn hơn mẫu số.');
    const locked = {
      code: 'entry_refused',
      params: {
        unit: 'Hồng Hà (00097)',
        kpis: { vi: '"Hồ sơ"', en: '"Applications"' },
        reason: 'period_not_started',
        period: '2027-01',
        why: { vi: 'chưa bắt đầu', en: 'not started' },
      },
      message: 'x / y',
    };
    expect(itemText(locked, enT)).toBe('Hồng Hà (00097): Jan 2027 has not started yet ("Applications")');
    // a reason the catalogue does not know: the server's words for it, in the reader's half
    expect(itemText({ ...locked, params: { ...locked.params, reason: 'something_new' } }, viT)).toBe(
      'Hồng Hà (00097): chưa bắt đầu ("Hồ sơ")',
    );
  });

  it('says an accounts row refused as a request would be by that refusal’s sentence', () => {
    const unit = { row: 3, column: 'unit_code', code: 'unit_not_found', params: { unit: '99999' }, message: 'x / y' };
    expect(itemText(unit, enT)).toBe('There is no unit “99999”.');
    expect(itemText(unit, viT)).toBe('Không tìm thấy đơn vị “99999”.');
    const repeated = { code: 'username_repeated', params: { username: 'an.nv', row: 2 }, message: 'x / y' };
    expect(itemText(repeated, enT)).toBe('Username “an.nv” repeats row 2.');
  });

  it('falls back to the reader’s half of the message for an unknown code, or none', () => {
    expect(itemText({ code: 'from_a_newer_server', params: {}, message: 'Mới / new' }, enT)).toBe('new');
    expect(itemText({ message: 'Chưa nhập / missing' }, viT)).toBe('Chưa nhập');
  });

  it('says a request that failed its schema issue by issue, from zod’s codes', () => {
    const e = errorFromReply(400, {
      error: {
        code: 'validation_error',
        message: 'Dữ liệu không hợp lệ / invalid request — …',
        details: {
          in: 'body',
          issues: [
            { field: 'comment', code: 'too_small', params: { minimum: 3, origin: 'string' }, message: 'x / y' },
            { field: 'period', code: 'invalid_format', params: { format: 'regex' }, message: 'x / y' },
          ],
        },
      },
    });
    expect(errorText(e, enT)).toBe('Invalid request — comment: At least 3 characters.; period: Not in the expected format.');
    expect(errorText(e, viT)).toBe('Dữ liệu gửi lên không hợp lệ — comment: Cần ít nhất 3 ký tự.; period: Sai định dạng.');
  });

  it('has every item code in both languages with the same blanks', () => {
    expect(Object.keys(en.itemErrors).sort()).toEqual(Object.keys(vi.itemErrors).sort());
    const blanks = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [code, text] of Object.entries(en.itemErrors))
      expect(blanks(text), code).toEqual(blanks(vi.itemErrors[code as keyof typeof vi.itemErrors]));
  });
});
