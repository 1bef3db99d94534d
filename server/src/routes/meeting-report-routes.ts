/**
 * Issued meeting reports and who signs them. The secretariat (and admins) set a unit's signer and
 * issue a period's report; everyone in scope, API tokens included, lists them and downloads the
 * files as issued.
 */
import {
  errorBodySchema,
  meetingReportChangesReplySchema,
  meetingReportFileQuerySchema,
  meetingReportIssueBodySchema,
  meetingReportParamsSchema,
  meetingReportSchema,
  meetingReportsQuerySchema,
  meetingReportsReplySchema,
  signerBodySchema,
  signerReplySchema,
  unitParamsSchema,
} from '@tiendo/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type AccessRule, requirePrincipal } from '../plugins/auth.ts';
import type { Services } from '../services/index.ts';
import { contentDisposition } from './report-routes.ts';

const readers: AccessRule = { unitParam: true, may: 'read' };
const secretariat: AccessRule = { unitParam: true, may: 'meeting-report.issue' };
const tags = ['meeting-reports'];
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

export function meetingReportRoutes(services: Services): FastifyPluginAsyncZod {
  const { meetingReports: reports, signers } = services;
  return async (app) => {
    app.get(
      '/api/units/:code/signer',
      { config: { access: secretariat }, schema: { tags, params: unitParamsSchema, response: { 200: signerReplySchema, ...errors } } },
      (req) => signers.get(req.params.code),
    );

    app.put(
      '/api/units/:code/signer',
      {
        config: { access: secretariat },
        schema: { tags, params: unitParamsSchema, body: signerBodySchema, response: { 200: signerReplySchema, ...errors } },
      },
      (req) => signers.set(requirePrincipal(req), req.params.code, req.body, req.ip),
    );

    app.post(
      '/api/units/:code/meeting-reports',
      {
        config: { access: secretariat },
        schema: {
          tags,
          summary: 'Issue the meeting report of a period: numbered, dated today, signed, stored as issued',
          params: unitParamsSchema,
          body: meetingReportIssueBodySchema,
          response: { 201: meetingReportSchema, ...errors },
        },
      },
      async (req, reply) => {
        const issued = await reports.issue(requirePrincipal(req), req.params.code, req.body.period, req.body.lang, req.ip);
        reply.code(201);
        return issued;
      },
    );

    app.get(
      '/api/units/:code/meeting-reports',
      {
        config: { access: readers },
        schema: {
          tags,
          summary: 'Issued meeting reports of a unit, newest first',
          params: unitParamsSchema,
          querystring: meetingReportsQuerySchema,
          response: { 200: meetingReportsReplySchema, ...errors },
        },
      },
      (req) => reports.list(req.params.code, req.query.period),
    );

    app.get(
      '/api/units/:code/meeting-reports/:id',
      {
        config: { access: readers },
        schema: {
          tags,
          summary: 'An issued meeting report as stored (PDF, DOCX or XLSX): the same bytes whatever changed since',
          params: meetingReportParamsSchema,
          querystring: meetingReportFileQuerySchema,
          response: errors,
        },
      },
      async (req, reply) => {
        const f = reports.file(requirePrincipal(req), req.params.code, req.params.id, req.query.format);
        return reply
          .header('content-type', f.contentType)
          .header('content-disposition', contentDisposition(f.asciiFilename, f.filename))
          .header('cache-control', 'private, no-store')
          .send(f.data as never); // a file: no 200 schema, so the type provider knows only the error bodies
      },
    );

    app.get(
      '/api/units/:code/meeting-reports/:id/changes',
      {
        config: { access: readers },
        schema: {
          tags,
          summary: 'Figures as presented, the KPIs that changed since the issue and the report events after it',
          params: meetingReportParamsSchema,
          querystring: meetingReportsQuerySchema,
          response: { 200: meetingReportChangesReplySchema, ...errors },
        },
      },
      (req) => reports.changes(requirePrincipal(req), req.params.code, req.params.id),
    );
  };
}
