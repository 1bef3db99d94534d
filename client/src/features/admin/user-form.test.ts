import { describe, expect, it } from 'vitest';
import { userFormProblems } from './user-form.ts';

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
