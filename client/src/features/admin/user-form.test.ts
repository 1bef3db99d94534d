import { describe, expect, it } from 'vitest';
import { passwordsCsv, patchOf, sameUnit, userFormProblems } from './user-form.ts';

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

describe('phone and e-mail', () => {
  const ok = { username: 'to9.phucxa', displayName: 'Tổ 9', unit: '00001-09', role: 'reporter' as const };
  it('takes Vietnamese numbers however they are typed, and no number at all', () => {
    for (const phone of ['', '0912 345 678', '+84 912 345 678', '024 3825 1234']) {
      expect(userFormProblems({ ...ok, phone }, 'secretariat', true), phone).toEqual({});
    }
  });
  it('names a bad number and a bad address', () => {
    expect(userFormProblems({ ...ok, phone: '12345', email: 'a@' }, 'secretariat', true)).toEqual({
      phone: 'admin.users.phoneRule',
      email: 'admin.users.emailRule',
    });
  });
  it('keeps a task team to reporters', () => {
    expect(userFormProblems({ ...ok, role: 'approver', unitLevel: 4 }, 'secretariat', true)).toEqual({
      role: 'admin.users.roleNotForTier',
    });
    expect(userFormProblems({ ...ok, role: 'approver', unitLevel: 3 }, 'secretariat', true)).toEqual({});
  });
  it('sends a contact only when it changed, and empty as none', () => {
    const user = {
      displayName: 'Tổ 9',
      role: 'reporter' as const,
      unit: { code: '00001-09', name: 'Tổ 9' },
      phone: '0912345678',
      email: null,
    };
    expect(patchOf(user, { ...user, phone: '0912 345 678', email: '' })).toEqual({ displayName: 'Tổ 9', role: 'reporter' });
    expect(patchOf(user, { ...user, phone: '', email: 'To9@PhucXa.vn' })).toEqual({
      displayName: 'Tổ 9',
      role: 'reporter',
      phone: null,
      email: 'To9@PhucXa.vn',
    });
  });
});

describe('the passwords sheet of an import', () => {
  it('lists every account with its one-time password, safe to open in Excel', () => {
    const csv = passwordsCsv(
      [
        {
          username: 'bc.00001-02',
          displayName: 'Tổ dân phố số 2, "Phúc Xá"',
          unit: { code: '00001-02', name: 'Tổ dân phố số 2' },
          role: 'reporter',
          phone: '0912345678',
          email: null,
          temporaryPassword: 'abcd-efgh-jkmn-pqrs',
        },
        {
          username: '-x',
          displayName: '=HYPERLINK("x")',
          unit: { code: '00097', name: 'Hồng Hà' },
          role: 'approver',
          phone: null,
          email: 'a@b.vn',
          temporaryPassword: 'zzzz-yyyy-xxxx-wwww',
        },
      ],
      {
        header: ['Tên đăng nhập', 'Họ tên', 'Mã đơn vị', 'Đơn vị', 'Vai trò', 'Số điện thoại', 'Email', 'Mật khẩu dùng một lần'],
        role: (r) => (r === 'reporter' ? 'Người báo cáo' : 'Người duyệt'),
        phone: (p) => `${p.slice(0, 4)} ${p.slice(4, 7)} ${p.slice(7)}`,
      },
    );
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe(
      'bc.00001-02,"Tổ dân phố số 2, ""Phúc Xá""",00001-02,Tổ dân phố số 2,Người báo cáo,0912 345 678,,abcd-efgh-jkmn-pqrs',
    );
    expect(lines[2]).toBe(`'-x,"'=HYPERLINK(""x"")",00097,Hồng Hà,Người duyệt,,a@b.vn,zzzz-yyyy-xxxx-wwww`);
  });
});
