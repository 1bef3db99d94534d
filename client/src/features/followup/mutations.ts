import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Conclusion, Proposal, RecordConclusionBody, Task } from '@tiendo/shared';
import { apiUrl, postJson, sendJson } from '../../api/http.ts';
import { followupKeys } from '../../api/keys.ts';
import { conclusionsPath, progressPath, proposalsPath } from './queries.ts';

/** Every write here moves lists on other screens too (the inbox above, the meeting's tasks): refetch them all. */
function useRefresh() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: followupKeys.all });
}

export function useRaiseProposal(unit: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: { period: string; text: string }) => postJson<Proposal>(apiUrl(proposalsPath(unit)), body),
    onSuccess: refresh,
  });
}

export type ProposalAction = 'answer' | 'forward' | 'close';

export function useDecideProposal() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, action, text }: { id: number; action: ProposalAction; text: string }) =>
      postJson<Proposal>(apiUrl(`/proposals/${id}/${action}`), text.trim() === '' && action !== 'answer' ? {} : { text }),
    onSuccess: refresh,
  });
}

export function useTaskProgress(unit: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ task, ...body }: { task: number; period: string; status: 'in_progress' | 'done' | 'blocked'; note: string }) =>
      sendJson<Task>('PUT', apiUrl(progressPath(unit, task)), body),
    onSuccess: refresh,
  });
}

export function useRecordConclusion(unit: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: RecordConclusionBody) => postJson<Conclusion>(apiUrl(conclusionsPath(unit)), body),
    onSuccess: refresh,
  });
}
