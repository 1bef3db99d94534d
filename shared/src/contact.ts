/**
 * Phone numbers and e-mail addresses of accounts: whom to call when a unit is late, where
 * reminders are mailed. Only Vietnamese numbers are taken (the programme's users are
 * Vietnamese officials); they are stored in one national form (`0912345678`) so a `tel:` link
 * and a duplicate check see the same digits however the number was typed.
 */
import { z } from 'zod';

/** Mobile (`0912 345 678`: 0 + 3/5/7/8/9 + 8 digits) or landline (`024 3825 1234`: 02 + 9 digits). */
const NATIONAL = /^(0[35789]\d{8}|02\d{9})$/;

/**
 * The national form of a Vietnamese number as people and spreadsheets write it, or null when it
 * is not one: spaces, dots, dashes and brackets are ignored; `+84`/`0084`/`84` stands for the
 * leading 0; a number whose leading 0 a spreadsheet dropped (`912345678`) gets it back.
 */
export function normalizePhone(input: string): string | null {
  let d = input.trim().replace(/[\s.\-()]/g, '');
  if (d.startsWith('+84')) d = `0${d.slice(3)}`;
  else if (d.startsWith('0084')) d = `0${d.slice(4)}`;
  else if (/^84\d{9,10}$/.test(d)) d = `0${d.slice(2)}`;
  else if (/^([35789]\d{8}|2\d{9})$/.test(d)) d = `0${d}`;
  return NATIONAL.test(d) ? d : null;
}

/** As people read it: `0912 345 678`, `024 3825 1234`, `0203 382 5123`. */
export function formatPhone(national: string): string {
  const d = national.replace(/\D/g, '');
  if (d.length === 10) return `${d.slice(0, 4)} ${d.slice(4, 7)} ${d.slice(7)}`;
  if (d.length === 11 && /^02[48]/.test(d)) return `${d.slice(0, 3)} ${d.slice(3, 7)} ${d.slice(7)}`;
  if (d.length === 11) return `${d.slice(0, 4)} ${d.slice(4, 7)} ${d.slice(7)}`;
  return national;
}

export const PHONE_MESSAGE =
  'Số điện thoại không hợp lệ (ví dụ 0912 345 678 hoặc +84 912 345 678) / not a Vietnamese phone number (e.g. 0912 345 678 or +84 912 345 678)';
export const EMAIL_MESSAGE = 'Địa chỉ email không hợp lệ (ví dụ ten@donvi.gov.vn) / not an e-mail address (e.g. name@agency.gov.vn)';

/** A phone number as typed, stored in its national form; refused when it is not Vietnamese. */
export const phoneSchema = z
  .string()
  .max(40, { message: PHONE_MESSAGE })
  .transform((s, ctx) => {
    const n = normalizePhone(s);
    if (n === null) ctx.addIssue({ code: 'custom', message: PHONE_MESSAGE });
    return n ?? s;
  });

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, { message: EMAIL_MESSAGE })
  .pipe(z.email({ message: EMAIL_MESSAGE }));

/** An optional contact field of a form or a file: empty (or null) means "none". */
export function optionalContact<T extends z.ZodType<string, string>>(schema: T) {
  return z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), schema.nullable().optional());
}
