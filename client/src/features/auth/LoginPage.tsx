import { type FormEvent, useId, useState } from 'react';
import { useErrorText } from '../../api/errors.ts';
import { HttpError } from '../../api/http.ts';
import { LangSwitch } from '../../components/LangSwitch.tsx';
import { useLang } from '../../i18n/index.ts';
import { useLogin } from './mutations.ts';

export function LoginPage({ expired }: { expired?: boolean }) {
  const { t } = useLang();
  const text = useErrorText();
  const login = useLogin();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState(false);
  const errorId = useId();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!username.trim() || !password) {
      setMissing(true);
      return;
    }
    setMissing(false);
    login.mutate({ username: username.trim(), password });
  };

  let error: string | null = missing ? t('auth.required') : null;
  if (!error && login.error) {
    const e = login.error;
    if (e instanceof HttpError && e.status === 429) {
      error = e.serverMessage ? text(e) : t('auth.tooMany');
    } else if (e instanceof HttpError && (e.status === 401 || e.status === 400)) {
      error = e.serverMessage ? text(e) : t('auth.invalid');
    } else error = t('auth.failed');
  }

  return (
    <main id="main" className="login-page">
      <div className="login-card">
        <div className="login-top">
          <p className="brand">{t('app.title')}</p>
          <LangSwitch />
        </div>
        <h1>{t('auth.title')}</h1>
        <p>{expired ? t('auth.sessionEnded') : t('auth.intro')}</p>
        <form onSubmit={submit} noValidate aria-describedby={error ? errorId : undefined}>
          <label htmlFor="login-username">{t('auth.username')}</label>
          <input
            id="login-username"
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            aria-invalid={error ? true : undefined}
            required
          />
          <label htmlFor="login-password">{t('auth.password')}</label>
          <input
            id="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={error ? true : undefined}
            required
          />
          {error && (
            <p id={errorId} className="form-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="primary" disabled={login.isPending}>
            {login.isPending ? t('auth.submitting') : t('auth.submit')}
          </button>
        </form>
      </div>
    </main>
  );
}
