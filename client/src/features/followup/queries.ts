import { queryOptions } from '@tanstack/react-query';
import type { ConclusionsReply, ProposalsReply, TasksReply } from '@tiendo/shared';
import { apiUrl, getJson } from '../../api/http.ts';
import { followupKeys } from '../../api/keys.ts';

const unitPath = (unit: string, what: string) => `/units/${encodeURIComponent(unit)}/${what}`;

export const proposalsQuery = (unit: string, period: string, state: 'open' | 'all' = 'all') =>
  queryOptions({
    queryKey: followupKeys.proposals(unit, period, state),
    queryFn: ({ signal }) => getJson<ProposalsReply>(apiUrl(unitPath(unit, 'proposals'), { period, state }), signal),
    staleTime: 15_000,
  });

export const tasksQuery = (unit: string, period: string) =>
  queryOptions({
    queryKey: followupKeys.tasks(unit, period),
    queryFn: ({ signal }) => getJson<TasksReply>(apiUrl(unitPath(unit, 'tasks'), { period }), signal),
    staleTime: 15_000,
  });

export const conclusionsQuery = (unit: string, period: string | null) =>
  queryOptions({
    queryKey: followupKeys.conclusions(unit, period),
    queryFn: ({ signal }) => getJson<ConclusionsReply>(apiUrl(unitPath(unit, 'conclusions'), { period: period ?? undefined }), signal),
    staleTime: 15_000,
  });

export const proposalsPath = (unit: string) => unitPath(unit, 'proposals');
export const conclusionsPath = (unit: string) => unitPath(unit, 'conclusions');
export const progressPath = (unit: string, task: number) => unitPath(unit, `tasks/${task}/progress`);
