import { useLang } from '../../i18n/index.ts';
import { goTo } from '../admin/use-admin-route.ts';
import { useLogout } from './mutations.ts';
import { useSession } from './session-context.ts';

export function UserMenu() {
  const { t } = useLang();
  const { session } = useSession();
  const logout = useLogout();
  const logoutEverywhere = useLogout({ everywhere: true });
  if (session.state !== 'signed-in') return null;
  const { user } = session.me;
  return (
    <details className="user-menu" data-testid="user-menu">
      <summary>
        <span aria-hidden="true" className="avatar">
          {user.displayName.slice(0, 1).toUpperCase()}
        </span>
        <span className="user-name">
          <span className="visually-hidden">{t('auth.userMenuLabel')} </span>
          {user.displayName}
        </span>
      </summary>
      <div className="user-menu-body">
        <p>
          <strong>{user.displayName}</strong>
          <br />
          {t(`auth.role.${user.role}`)} · {user.unit.name}
        </p>
        {session.me.mustChangePassword && <p className="note">{t('auth.mustChangePassword')}</p>}
        <p>
          <a
            href="/tokens"
            data-testid="nav-tokens"
            onClick={(e) => {
              e.preventDefault();
              goTo('/tokens');
            }}
          >
            {t('tokens.menu')}
          </a>
        </p>
        <p>
          <a
            href="/password"
            data-testid="nav-password"
            onClick={(e) => {
              e.preventDefault();
              goTo('/password');
            }}
          >
            {t('admin.password.menu')}
          </a>
        </p>
        <button type="button" onClick={() => logout.mutate()} disabled={logout.isPending || logoutEverywhere.isPending}>
          {t('auth.logout')}
        </button>
        {/* A form of its own: signing out everywhere is a request to the server, stated apart
            from the everyday sign-out so that it is not pressed by mistake. */}
        <form
          className="logout-everywhere"
          onSubmit={(e) => {
            e.preventDefault();
            logoutEverywhere.mutate();
          }}
        >
          <p className="muted">{t('auth.logoutEverywhereHint')}</p>
          <input
            type="submit"
            data-testid="logout-everywhere"
            value={t('auth.logoutEverywhere')}
            disabled={logout.isPending || logoutEverywhere.isPending}
          />
        </form>
      </div>
    </details>
  );
}
