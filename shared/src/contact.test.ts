import { describe, expect, it } from 'vitest';
import { emailSchema, formatPhone, normalizePhone, phoneSchema } from './contact.ts';

describe('Vietnamese phone numbers', () => {
  it('takes a number as people and spreadsheets write it, in one national form', () => {
    for (const [typed, national] of [
      ['0912 345 678', '0912345678'],
      ['0912.345.678', '0912345678'],
      ['0912-345-678', '0912345678'],
      ['+84 912 345 678', '0912345678'],
      ['+84912345678', '0912345678'],
      ['0084 912 345 678', '0912345678'],
      ['84912345678', '0912345678'],
      // a spreadsheet dropped the leading 0
      ['912345678', '0912345678'],
      ['0356 789 012', '0356789012'],
      ['(024) 3825 1234', '02438251234'],
      ['+84 24 3825 1234', '02438251234'],
      ['2438251234', '02438251234'],
      ['0203 382 5123', '02033825123'],
    ] as const) {
      expect(normalizePhone(typed), typed).toBe(national);
    }
  });

  it('refuses what is not a Vietnamese number', () => {
    for (const bad of [
      '',
      '12345',
      '0112 345 678',
      '0412345678',
      '091234567',
      '09123456789',
      '+1 202 555 0100',
      'không có',
      '0912 345 67a',
    ]) {
      expect(normalizePhone(bad), bad).toBeNull();
    }
    expect(phoneSchema.safeParse('12345').success).toBe(false);
    expect(phoneSchema.parse(' 0912 345 678 ')).toBe('0912345678');
  });

  it('reads back grouped as people say it', () => {
    expect(formatPhone('0912345678')).toBe('0912 345 678');
    expect(formatPhone('02438251234')).toBe('024 3825 1234');
    expect(formatPhone('02033825123')).toBe('0203 382 5123');
  });
});

describe('e-mail addresses', () => {
  it('are trimmed and lower-cased, and must be addresses', () => {
    expect(emailSchema.parse('  To2@PhucXa.gov.vn ')).toBe('to2@phucxa.gov.vn');
    for (const bad of ['a@', 'khong-phai-email', 'a b@c.vn']) expect(emailSchema.safeParse(bad).success, bad).toBe(false);
  });
});
