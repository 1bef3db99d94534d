import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { LangSwitch } from '../../components/LangSwitch.tsx';
import { useLang } from '../../i18n/index.ts';
import { useLogout } from '../auth/mutations.ts';
import { errorText, useChangeOwnPassword } from './mutations.ts';
import { newPasswordProblem } from './password-form.ts';
import { goTo } from './use-admin-route.ts';

/**
 * First sign-in with a one-time password: nothing else opens until the user picks their own.
 * `voluntary`: the same form opened from the user menu (`/password`), with a way back instead of
 * signing out, and a confirmation that says what the change ended (sessions, API tokens).
 */
export function ChangePasswordPage({ username, voluntary = false }: { username: string; voluntary?: boolean }) {
  const { t, lang } = useLang();
  const change = useChangeOwnPassword();
  const logout = useLogout();
  const [d, setD] = useState({ current: '', next: '', repeat: '' });
  const [touched, setTouched] = useState(false);
  const id = useId();
  const problem = newPasswordProblem(d, username);
  const problemText = touched && problem ? t(problem.key, { n: problem.n }) : null;
  const serverError = errorText(change.error, lang, t('common.networkError'));
  if (voluntary && change.isSuccess) {
    return (
      <PasswordCard>
        <p role="status" data-testid="password-changed">
          {t('admin.password.done')}
        </p>
        <p>
          <a
            href="/"
            onClick={(e) => {
              e.preventDefault();
              goTo('/');
            }}
          >
            {t('admin.password.toDashboard')}
          </a>
        </p>
      </PasswordCard>
    );
  }
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
    <PasswordCard>
      <p>{voluntary ? t('admin.password.voluntaryIntro', { username }) : t('admin.password.intro')}</p>
      <p className="note" data-testid="password-revokes">
        {t('admin.password.revokes')}
      </p>
      <form onSubmit={submit} noValidate data-testid="change-password">
        {input('current', t(voluntary ? 'admin.password.voluntaryCurrent' : 'admin.password.current'), 'current-password')}
        {input('next', t('admin.password.next'), 'new-password')}
        <span id={`${id}-rule`} className="muted">
          {t('admin.password.rule')}
        </span>
        {input('repeat', t('admin.password.repeat'), 'new-password')}
        <p id={`${id}-e`} className={problemText || serverError ? 'form-error' : 'visually-hidden'} role="alert">
          {problemText ?? serverError ?? ''}
        </p>
        <button type="submit" className="primary" disabled={change.isPending}>
          {t(voluntary ? 'admin.password.voluntarySubmit' : 'admin.password.submit')}
        </button>
        {voluntary ? (
          <button type="button" onClick={() => window.history.back()}>
            {t('admin.password.back')}
          </button>
        ) : (
          <button type="button" onClick={() => logout.mutate()}>
            {t('auth.logout')}
          </button>
        )}
      </form>
    </PasswordCard>
  );
}

/** The page both forms sit on: the sign-in card with its title, as at sign-in. */
function PasswordCard({ children }: { children: ReactNode }) {
  const { t } = useLang();
  return (
    <main id="main" className="login-page">
      <div className="login-card">
        <div className="login-top">
          <p className="brand">{t('app.title')}</p>
          <LangSwitch />
        </div>
        <h1>{t('admin.password.title')}</h1>
        {children}
      </div>
    </main>
  );
}
