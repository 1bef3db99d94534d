import { describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, passwordProblem, verifyPassword } from './password.ts';

describe('passwords', () => {
  it('hashes with a salt and verifies only the right password', async () => {
    const a = await hashPassword('một mật khẩu dài');
    const b = await hashPassword('một mật khẩu dài');
    expect(a).not.toBe(b);
    expect(a.startsWith('scrypt$')).toBe(true);
    expect(a).not.toContain('một');
    expect(await verifyPassword('một mật khẩu dài', a)).toBe(true);
    expect(await verifyPassword('một mật khẩu dàI', a)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });

  it('generates readable one-time passwords that pass the rules', () => {
    const p = generatePassword();
    expect(p).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(passwordProblem(p, 'someone')).toBeNull();
  });

  it('rejects short, common and username-based passwords', () => {
    expect(passwordProblem('short', 'u')).toMatch(/10/);
    expect(passwordProblem('password123', 'u')).not.toBeNull();
    expect(passwordProblem('phucxa-2026-ok', 'phucxa')).not.toBeNull();
    expect(passwordProblem('aaaaaaaaaaaa', 'u')).not.toBeNull();
    expect(passwordProblem('ngay-mai-troi-nang', 'u')).toBeNull();
  });
});
