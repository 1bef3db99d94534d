/**
 * The words of notifications and their mail: dates, periods and unit names as written in Vietnam,
 * the mail subjects, and the link to a unit's report.
 */
import type { NotificationKind } from '@tiendo/shared';

/** `2026-12-15` → `15/12/2026`, as dates are written in Vietnam. */
export function viDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** `2026-12` → `tháng 12/2026`. */
export function viPeriod(period: string): string {
  const [y, m] = period.split('-');
  return `tháng ${Number(m)}/${y}`;
}

export const SUBJECTS: Record<NotificationKind, string> = {
  report_returned: 'Báo cáo bị trả lại',
  deadline_near: 'Sắp đến hạn gửi báo cáo',
  task_assigned: 'Nhiệm vụ mới được giao',
  reports_waiting: 'Báo cáo chờ duyệt',
  period_complete: 'Đã đủ số liệu tháng',
  late_reminder: 'Nhắc gửi báo cáo',
};

/** "phường" + "Hồng Hà" → "Phường Hồng Hà"; "Tổ dân phố số 1" already says what it is. */
export function fullName(view: { name: string; type: string }): string {
  if (!view.type || view.name.toLowerCase().startsWith(view.type.toLowerCase())) return view.name;
  return `${view.type.charAt(0).toUpperCase()}${view.type.slice(1)} ${view.name}`;
}

export const reportLink = (code: string, period: string) => `/report?unit=${encodeURIComponent(code)}&period=${period}`;
