import { roleMay } from '@tiendo/shared/permissions';
import { useLang } from '../../i18n/index.ts';
import { useSession } from '../auth/session-context.ts';
import { goAdmin } from './use-admin-route.ts';

/** The way into Quản trị, shown only to the secretariat and admins (the API enforces it anyway). */
export function AdminNavLink() {
  const { t } = useLang();
  const { session } = useSession();
  if (session.state !== 'signed-in') return null;
  const { role } = session.me.user;
  if (!roleMay(role, 'users.administer')) return null;
  return (
    <a
      className="admin-nav-link"
      href="/admin/users"
      onClick={(e) => {
        e.preventDefault();
        goAdmin({ tab: 'users' });
      }}
      data-testid="admin-open"
    >
      {t('admin.nav')}
    </a>
  );
}
