import { useQuery } from '@tanstack/react-query';
import { useRef } from 'react';
import { formatDateTime, formatNumber } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { goTo } from '../reporting/routes.ts';
import { useMarkAllRead, useMarkRead } from './mutations.ts';
import { notificationsQuery } from './queries.ts';
import './notifications.css';

/** The bell in the header: the unread count, and the list it opens; a click reads and follows one. */
export function NotificationBell() {
  const { t, lang } = useLang();
  const q = useQuery(notificationsQuery());
  const read = useMarkRead();
  const readAll = useMarkAllRead();
  const details = useRef<HTMLDetailsElement>(null);
  const unread = q.data?.unread ?? 0;
  const items = q.data?.items ?? [];
  return (
    <details className="notif" ref={details} data-testid="notif-bell">
      <summary aria-label={t('notifications.bell', { n: unread })} title={t('notifications.title')}>
        <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" focusable="false">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"
          />
        </svg>
        {unread > 0 && (
          <span className="notif-count" data-testid="notif-count" aria-hidden="true">
            {unread > 99 ? '99+' : formatNumber(unread, lang)}
          </span>
        )}
      </summary>
      <div className="notif-body">
        <div className="notif-head">
          <strong>{t('notifications.title')}</strong>
          {unread > 0 && (
            <button type="button" className="link-button" onClick={() => readAll.mutate()} disabled={readAll.isPending}>
              {t('notifications.readAll')}
            </button>
          )}
        </div>
        {items.length === 0 ? (
          <p className="muted">{q.isLoading ? t('common.loading') : t('notifications.none')}</p>
        ) : (
          <ul className="notif-list" data-testid="notif-list">
            {items.map((n) => (
              <li key={n.id} className={n.readAt ? 'read' : 'unread'}>
                <button
                  type="button"
                  data-testid={`notif-${n.kind}`}
                  onClick={() => {
                    if (!n.readAt) read.mutate(n.id);
                    if (details.current) details.current.open = false;
                    if (n.link) goTo(n.link);
                  }}
                >
                  {!n.readAt && <span className="visually-hidden">{t('notifications.unreadMark')} </span>}
                  <span className="notif-message">{n.message}</span>
                  <span className="notif-time muted">{formatDateTime(n.createdAt, lang)}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </details>
  );
}
