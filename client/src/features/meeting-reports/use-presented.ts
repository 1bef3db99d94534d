import { useQuery } from '@tanstack/react-query';
import type { MeetingReport, MeetingReportChange, MeetingReportChangesReply } from '@tiendo/shared';
import { useSyncExternalStore } from 'react';
import type { DashboardView } from '../dashboard/view.ts';
import { changedByKpi, getPresenting, presentedKey, reportInForce, subscribePresenting } from './presented-data.ts';
import { meetingReportChangesQuery, meetingReportsQuery } from './queries.ts';

export interface Presented {
  /** The report in force for the unit and period on screen, if one was issued. */
  report: MeetingReport | null;
  changes: MeetingReportChangesReply | undefined;
  /** The cards show the figures as presented at the meeting. */
  presenting: boolean;
  key: string;
  changed: Map<string, MeetingReportChange>;
}

/**
 * The issued report of the period on screen and the reader's choice between its figures and
 * today's. Reports are issued on the period's own map: where today's map reads the code as
 * another unit, there is nothing to compare.
 */
export function usePresented(view: DashboardView): Presented {
  const enabled = Boolean(view.period && view.unit) && (view.map === 'period' || !view.mapDiffers);
  const list = useQuery({ ...meetingReportsQuery(view.unitCode, view.period), enabled });
  const report = enabled ? reportInForce(list.data) : null;
  const changes = useQuery({ ...meetingReportChangesQuery(view.unitCode, report?.id ?? 0), enabled: report !== null });
  const key = presentedKey(view.unitCode, view.period);
  const chosen = useSyncExternalStore(subscribePresenting, getPresenting, getPresenting).has(key);
  const data = report ? changes.data : undefined;
  return { report, changes: data, presenting: chosen && report !== null, key, changed: changedByKpi(data) };
}
