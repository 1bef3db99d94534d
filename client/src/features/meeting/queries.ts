import { queryOptions } from '@tanstack/react-query';
import type { ProposalsReply, TasksReply } from '@tiendo/shared';
import { apiUrl, getJson, HttpError } from '../../api/http.ts';
import { meetingKeys } from '../../api/keys.ts';

const u = (code: string) => `/units/${encodeURIComponent(code)}`;

/**
 * A server without the route (`not_found`, as an older server answers) has recorded nothing:
 * the slide says so. A unit that is not in the period answers another 404 and stays an error.
 */
async function unlessNoRoute<T>(reply: Promise<T>): Promise<T | null> {
  try {
    return await reply;
  } catch (e) {
    if (e instanceof HttpError && e.status === 404 && e.code === 'not_found') return null;
    throw e;
  }
}

/** The tasks this unit's meetings assigned before the period, still open then or done in it. */
export const tasksQuery = (code: string, period: string) =>
  queryOptions({
    queryKey: meetingKeys.tasks(code, period),
    queryFn: ({ signal }) => unlessNoRoute(getJson<TasksReply>(apiUrl(`${u(code)}/tasks`, { period }), signal)),
  });

/** Proposals raised below the unit and waiting for its answer (the unit named on the period's map). */
export const proposalsQuery = (code: string, period: string) =>
  queryOptions({
    queryKey: meetingKeys.proposals(code, period),
    queryFn: ({ signal }) => unlessNoRoute(getJson<ProposalsReply>(apiUrl(`${u(code)}/proposals`, { period, state: 'open' }), signal)),
  });
