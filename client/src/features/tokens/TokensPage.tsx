import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useErrorText } from '../../api/errors.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { goTo } from '../admin/use-admin-route.ts';
import { AppHeader } from '../dashboard/AppHeader.tsx';
import { type CreatedToken, useCreateToken, useRevokeToken } from './mutations.ts';
import { tokensQuery } from './queries.ts';
import './tokens.css';

/** Personal API tokens: created and revoked by their owner, shown once. */
export default function TokensPage() {
  const { t, lang } = useLang();
  const errorText = useErrorText();
  const tokens = useQuery(tokensQuery());
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [name, setName] = useState('');
  const [touched, setTouched] = useState(false);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [copied, setCopied] = useState(false);
  const nameError = touched && name.trim() === '' ? t('tokens.nameRequired') : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (name.trim() === '') return;
    create.mutate(name.trim(), {
      onSuccess: (token) => {
        setCreated(token);
        setCopied(false);
        setName('');
        setTouched(false);
      },
    });
  };

  return (
    <>
      <AppHeader view={null} />
      <main id="main" tabIndex={-1} className="tokens-page">
        <p>
          <button type="button" className="link-button" onClick={() => goTo('/')}>
            ← {t('tokens.back')}
          </button>
        </p>
        <h1>{t('tokens.title')}</h1>
        <p>{t('tokens.intro')}</p>

        <form onSubmit={submit} noValidate data-testid="token-form">
          <label htmlFor="token-name">{t('tokens.name')}</label>
          <input
            id="token-name"
            value={name}
            maxLength={100}
            onChange={(e) => setName(e.target.value)}
            onBlur={() => setTouched(true)}
            aria-invalid={nameError !== null}
            aria-describedby={nameError ? 'token-name-error' : undefined}
          />
          {nameError && (
            <p id="token-name-error" className="form-error" role="alert">
              {nameError}
            </p>
          )}
          {create.error && (
            <p className="form-error" role="alert">
              {errorText(create.error)}
            </p>
          )}
          <button type="submit" disabled={create.isPending}>
            {create.isPending ? t('tokens.creating') : t('tokens.create')}
          </button>
        </form>

        {created && (
          <section className="token-created" aria-live="polite" data-testid="token-created">
            <h2>{t('tokens.createdTitle')}</h2>
            <p>
              <code data-testid="token-value">{created.token}</code>{' '}
              <button
                type="button"
                onClick={() => {
                  void navigator.clipboard?.writeText(created.token).then(() => setCopied(true));
                }}
              >
                {copied ? t('tokens.copied') : t('tokens.copy')}
              </button>
            </p>
            <p>{t('tokens.createdHelp')}</p>
          </section>
        )}

        <h2>{t('tokens.list')}</h2>
        <QueryState query={tokens}>
          {(rows) =>
            rows.length === 0 ? (
              <p>{t('tokens.empty')}</p>
            ) : (
              <table data-testid="token-table">
                <thead>
                  <tr>
                    <th scope="col">{t('tokens.name')}</th>
                    <th scope="col">{t('tokens.created')}</th>
                    <th scope="col">{t('tokens.lastUsed')}</th>
                    <th scope="col">{t('tokens.state')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('tokens.revoke')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.id} data-token={r.id}>
                      <th scope="row">{r.name}</th>
                      <td>{formatDateTime(r.createdAt, lang)}</td>
                      <td>{r.lastUsedAt ? formatDateTime(r.lastUsedAt, lang) : t('tokens.never')}</td>
                      <td>{r.revokedAt ? t('tokens.revoked') : t('tokens.active')}</td>
                      <td>
                        {!r.revokedAt && (
                          <button
                            type="button"
                            disabled={revoke.isPending}
                            onClick={() => {
                              if (window.confirm(t('tokens.confirmRevoke', { name: r.name }))) revoke.mutate(r.id);
                            }}
                          >
                            {t('tokens.revoke')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
        </QueryState>
      </main>
    </>
  );
}
