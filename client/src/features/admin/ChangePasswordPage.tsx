import { type FormEvent, useId, useState } from 'react';
import { LangSwitch } from '../../components/LangSwitch.tsx';
import { useLang } from '../../i18n/index.ts';
import { useLogout } from '../auth/mutations.ts';
import { errorText, useChangeOwnPassword } from './mutations.ts';
import { newPasswordProblem } from './password-form.ts';

/** First sign-in with a one-time password: nothing else opens until the user picks their own. */
export function ChangePasswordPage({ username }: { username: string }) {
  const { t, lang } = useLang();
  const change = useChangeOwnPassword();
  const logout = useLogout();
  const [d, setD] = useState({ current: '', next: '', repeat: '' });
  const [touched, setTouched] = useState(false);
  const id = useId();
  const problem = newPasswordProblem(d, username);
  const problemText = touched && problem ? t(problem.key, { n: problem.n }) : null;
  const serverError = errorText(change.error, lang, t('common.networkError'));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (problem || !d.current) return;
    change.mutate({ currentPassword: d.current, newPassword: d.next });
  };
  const input = (k: keyof typeof d, label: string, autoComplete: string) => (
    <>
      <label htmlFor={`${id}-${k}`}>{label}</label>
      <input
        id={`${id}-${k}`}
        name={k}
        type="password"
        autoComplete={autoComplete}
        value={d[k]}
        onChange={(e) => {
          setD((x) => ({ ...x, [k]: e.target.value }));
          if (k !== 'current') setTouched(true);
        }}
        aria-invalid={k !== 'current' && problemText ? true : undefined}
        aria-describedby={k === 'current' ? undefined : `${id}-rule ${id}-e`}
      />
    </>
  );
  return (
    <main id="main" className="login-page">
      <div className="login-card">
        <div className="login-top">
          <p className="brand">{t('app.title')}</p>
          <LangSwitch />
        </div>
        <h1>{t('admin.password.title')}</h1>
        <p>{t('admin.password.intro')}</p>
        <p className="note" data-testid="password-revokes">
          {t('admin.password.revokes')}
        </p>
        <form onSubmit={submit} noValidate data-testid="change-password">
          {input('current', t('admin.password.current'), 'current-password')}
          {input('next', t('admin.password.next'), 'new-password')}
          <span id={`${id}-rule`} className="muted">
            {t('admin.password.rule')}
          </span>
          {input('repeat', t('admin.password.repeat'), 'new-password')}
          <p id={`${id}-e`} className={problemText || serverError ? 'form-error' : 'visually-hidden'} role="alert">
            {problemText ?? serverError ?? ''}
          </p>
          <button type="submit" className="primary" disabled={change.isPending}>
            {t('admin.password.submit')}
          </button>
          <button type="button" onClick={() => logout.mutate()}>
            {t('auth.logout')}
          </button>
        </form>
      </div>
    </main>
  );
}
