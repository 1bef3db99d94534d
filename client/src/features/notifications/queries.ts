import { queryOptions } from '@tanstack/react-query';
import type { NotificationsReply } from '@tiendo/shared';
import { apiUrl, getJson } from '../../api/http.ts';
import { notificationKeys } from '../../api/keys.ts';

/** The caller's latest notifications and the unread count; polled so the bell moves without a reload. */
export const notificationsQuery = () =>
  queryOptions({
    queryKey: notificationKeys.all,
    queryFn: ({ signal }) => getJson<NotificationsReply>(apiUrl('/notifications', { limit: 30 }), signal),
    staleTime: 30_000,
    refetchInterval: 60_000,
  });
