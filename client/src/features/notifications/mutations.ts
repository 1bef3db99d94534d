import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Notification, RemindLateReply } from '@tiendo/shared';
import { apiUrl, postJson } from '../../api/http.ts';
import { notificationKeys, reportKeys } from '../../api/keys.ts';

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => postJson<Notification>(apiUrl(`/notifications/${id}/read`)),
    onSettled: () => void qc.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => postJson<{ marked: number; unread: number }>(apiUrl('/notifications/read-all')),
    onSettled: () => void qc.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

/** "Nhắc nhở" from the late list: every late unit of `unit`'s list, or the ones named. */
export function useRemindLate(unit: string, period: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (units?: string[]) =>
      postJson<RemindLateReply>(apiUrl(`/units/${encodeURIComponent(unit)}/late/remind`, { period }), units ? { units } : {}),
    // the list shows when each unit was last reminded
    onSettled: () => void qc.invalidateQueries({ queryKey: reportKeys.lateAll }),
  });
}
