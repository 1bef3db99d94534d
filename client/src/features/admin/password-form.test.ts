import { describe, expect, it } from 'vitest';
import { newPasswordProblem } from './password-form.ts';

describe('new password checks', () => {
  it('says what is missing, in order', () => {
    expect(newPasswordProblem({ current: 'a', next: 'short', repeat: '' }, 'to9')).toEqual({ key: 'admin.password.tooShort', n: 5 });
    expect(newPasswordProblem({ current: 'a', next: 'my-to9-password', repeat: '' }, 'to9')?.key).toBe('admin.password.containsUsername');
    expect(newPasswordProblem({ current: 'abcd-efgh-jkmn', next: 'abcd-efgh-jkmn', repeat: '' }, 'x')?.key).toBe(
      'admin.password.sameAsOld',
    );
    expect(newPasswordProblem({ current: 'a', next: 'mat-khau-moi-2026', repeat: 'mat-khau' }, 'x')?.key).toBe('admin.password.mismatch');
    expect(newPasswordProblem({ current: 'a', next: 'mat-khau-moi-2026', repeat: 'mat-khau-moi-2026' }, 'x')).toBeNull();
  });
});
