import { describe, expect, it } from 'vitest';
import { patchOf, sameUnit, userFormProblems } from './user-form.ts';

describe('account form checks', () => {
  const ok = { username: 'to9.phucxa', displayName: 'Tổ 9', unit: '00001-09', role: 'reporter' as const };
  it('accepts a good draft', () => {
    expect(userFormProblems(ok, 'secretariat', true)).toEqual({});
  });
  it('names each problem', () => {
    expect(userFormProblems({ ...ok, username: 'Có Dấu', displayName: ' ', unit: null, role: 'admin' }, 'secretariat', true)).toEqual({
      username: 'admin.users.usernameRule',
      displayName: 'admin.users.displayNameRequired',
      unit: 'admin.users.unitRequired',
      role: 'admin.users.roleTooHigh',
    });
  });
  it('does not check the username of an existing account', () => {
    expect(userFormProblems({ ...ok, username: '' }, 'admin', false)).toEqual({});
  });
});

describe('moving an account', () => {
  const phucxa = { displayName: 'BCĐ 06 phường Phúc Xá', role: 'approver' as const, unit: { code: '00001', name: 'Phúc Xá' } };

  it('sends the unit only when it changed, so an account of an ended unit can still be renamed', () => {
    expect(patchOf(phucxa, { ...phucxa, displayName: 'Phúc Xá (cũ)' })).toEqual({ displayName: 'Phúc Xá (cũ)', role: 'approver' });
  });

  it('sends the successor’s code when the account moves to it', () => {
    expect(patchOf(phucxa, { ...phucxa, unit: { code: '00097', name: 'Hồng Hà' } })).toEqual({
      displayName: phucxa.displayName,
      role: 'approver',
      unit: '00097',
    });
  });

  it('tells a reused code’s units apart by name (00004: Trúc Bạch, then Phường Ba Đình)', () => {
    expect(sameUnit({ code: '00004', name: 'Trúc Bạch' }, { code: '00004', name: 'Ba Đình' })).toBe(false);
    const trucBach = { displayName: 'Trúc Bạch', role: 'approver' as const, unit: { code: '00004', name: 'Trúc Bạch' } };
    expect(patchOf(trucBach, { ...trucBach, unit: { code: '00004', name: 'Ba Đình' } }).unit).toBe('00004');
  });
});
