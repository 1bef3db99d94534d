/**
 * What the meeting runs on besides the figures: proposals going up the tree with their answers,
 * and the conclusions of a meeting with the tasks it assigned and their progress. Everyone in
 * scope reads them, API tokens included.
 */
import {
  answerProposalBodySchema,
  closeProposalBodySchema,
  conclusionSchema,
  conclusionsQuerySchema,
  conclusionsReplySchema,
  errorBodySchema,
  forwardProposalBodySchema,
  proposalIdParamsSchema,
  proposalSchema,
  proposalsQuerySchema,
  proposalsReplySchema,
  raiseProposalBodySchema,
  recordConclusionBodySchema,
  taskParamsSchema,
  taskProgressBodySchema,
  taskSchema,
  tasksQuerySchema,
  tasksReplySchema,
  unitParamsSchema,
} from '@tiendo/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type AccessRule, requirePrincipal } from '../plugins/auth.ts';
import type { Services } from '../services/index.ts';

const readers: AccessRule = { unitParam: true, may: 'read' };
const raisers: AccessRule = { unitParam: true, may: 'proposal.raise' };
const progress: AccessRule = { unitParam: true, may: 'task.progress' };
const secretariat: AccessRule = { unitParam: true, may: 'conclusions.record' };
/** The unit it waits on answers, the raising unit withdraws: the service checks which, the route has no unit code. */
const deciders: AccessRule = { may: ['proposal.answer', 'proposal.raise'] };
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

export function meetingRoutes(services: Services): FastifyPluginAsyncZod {
  const { proposals, tasks } = services;
  return async (app) => {
    // ——— proposals ———
    app.get(
      '/api/units/:code/proposals',
      {
        config: { access: readers },
        schema: {
          tags: ['proposals'],
          summary: "Proposals (kiến nghị) a unit raised, and those waiting for the unit's answer, with their age",
          params: unitParamsSchema,
          querystring: proposalsQuerySchema,
          response: { 200: proposalsReplySchema, ...errors },
        },
      },
      (req) => proposals.list(req.params.code, req.query.period, req.query.state),
    );

    app.post(
      '/api/units/:code/proposals',
      {
        config: { access: raisers },
        schema: {
          tags: ['proposals'],
          summary: 'Raise a proposal in an open report period; it waits on the unit above',
          params: unitParamsSchema,
          body: raiseProposalBodySchema,
          response: { 201: proposalSchema, ...errors },
        },
      },
      (req, reply) => {
        const out = proposals.raise(requirePrincipal(req), req.params.code, req.body.period, req.body.text, req.ip);
        reply.code(201);
        return out;
      },
    );

    for (const [action, body, summary] of [
      ['answer', answerProposalBodySchema, 'Answer a proposal waiting on your unit'],
      ['forward', forwardProposalBodySchema, "Forward a proposal waiting on your unit to your unit's level above"],
      ['close', closeProposalBodySchema, 'Close a proposal without an answer (or withdraw your own)'],
    ] as const) {
      app.post(
        `/api/proposals/:id/${action}`,
        {
          config: { access: deciders },
          schema: { tags: ['proposals'], summary, params: proposalIdParamsSchema, body, response: { 200: proposalSchema, ...errors } },
        },
        (req) => {
          const p = requirePrincipal(req);
          const text = (req.body as { text?: string }).text;
          if (action === 'answer') return proposals.answer(p, req.params.id, text as string, req.ip);
          if (action === 'forward') return proposals.forward(p, req.params.id, text, req.ip);
          return proposals.close(p, req.params.id, text, req.ip);
        },
      );
    }

    // ——— conclusions and tasks ———
    app.get(
      '/api/units/:code/conclusions',
      {
        config: { access: readers },
        schema: {
          tags: ['tasks'],
          summary: "A unit's recorded meeting conclusions (Thông báo kết luận) with their tasks, newest first",
          params: unitParamsSchema,
          querystring: conclusionsQuerySchema,
          response: { 200: conclusionsReplySchema, ...errors },
        },
      },
      (req) => tasks.conclusions(req.params.code, req.query.period),
    );

    app.post(
      '/api/units/:code/conclusions',
      {
        config: { access: secretariat },
        schema: {
          tags: ['tasks'],
          summary: "Record the conclusions of the unit's meeting on a period, with the tasks it assigned",
          params: unitParamsSchema,
          body: recordConclusionBodySchema,
          response: { 201: conclusionSchema, ...errors },
        },
      },
      (req, reply) => {
        const out = tasks.record(requirePrincipal(req), req.params.code, req.body, req.ip);
        reply.code(201);
        return out;
      },
    );

    app.get(
      '/api/units/:code/tasks',
      {
        config: { access: readers },
        schema: {
          tags: ['tasks'],
          summary: 'Tasks the unit is in charge of and tasks its meetings assigned, with progress, as they stand in a period',
          params: unitParamsSchema,
          querystring: tasksQuerySchema,
          response: { 200: tasksReplySchema, ...errors },
        },
      },
      (req) => tasks.tasksOf(req.params.code, req.query.period),
    );

    app.put(
      '/api/units/:code/tasks/:id/progress',
      {
        config: { access: progress },
        schema: {
          tags: ['tasks'],
          summary: 'Report progress on a task your unit is in charge of: done, in progress with a note, blocked with a reason',
          params: taskParamsSchema,
          body: taskProgressBodySchema,
          response: { 200: taskSchema, ...errors },
        },
      },
      (req) => tasks.progress(requirePrincipal(req), req.params.code, req.params.id, req.body, req.ip),
    );
  };
}
