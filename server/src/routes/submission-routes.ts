import {
  approveManyBodySchema,
  decideManyReplySchema,
  importReplySchema,
  lateQuerySchema,
  lateReplySchema,
  reopenReportBodySchema,
  reportParamsSchema,
  reportReplySchema,
  returnManyBodySchema,
  returnReportBodySchema,
  saveReportBodySchema,
  submitReportBodySchema,
  templateQuerySchema,
  unitParamsSchema,
} from '@tiendo/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type AccessRule, requirePrincipal } from '../plugins/auth.ts';
import { readOneUpload } from '../plugins/error-handler.ts';
import type { Services } from '../services/index.ts';

const read: AccessRule = { unitParam: true, may: 'read' };
const enter: AccessRule = { unitParam: true, may: 'report.enter' };
const decide: AccessRule = { unitParam: true, may: 'report.decide' };
const importer: AccessRule = { unitParam: true, may: 'report.import' };
const reopen: AccessRule = { unitParam: true, may: 'report.reopen' };

export function submissionRoutes(services: Services): FastifyPluginAsyncZod {
  const { submissions, bulk, late } = services;
  return async (app) => {
    const base = '/api/units/:code/reports/:period';
    const schema = { tags: ['reporting'], params: reportParamsSchema, response: { 200: reportReplySchema } };

    app.get(base, { config: { access: read }, schema }, (req) =>
      submissions.get(requirePrincipal(req), req.params.code, req.params.period),
    );

    app.put(base, { config: { access: enter }, schema: { ...schema, body: saveReportBodySchema } }, (req) =>
      submissions.save(requirePrincipal(req), req.params.code, req.params.period, req.body, req.ip),
    );

    app.post(`${base}/submit`, { config: { access: enter }, schema: { ...schema, body: submitReportBodySchema } }, (req) =>
      submissions.submit(requirePrincipal(req), req.params.code, req.params.period, req.body.version, req.ip),
    );

    app.post(`${base}/approve`, { config: { access: decide }, schema }, (req) =>
      submissions.decide(requirePrincipal(req), req.params.code, req.params.period, 'approve', null, req.ip),
    );

    app.post(`${base}/return`, { config: { access: decide }, schema: { ...schema, body: returnReportBodySchema } }, (req) =>
      submissions.decide(requirePrincipal(req), req.params.code, req.params.period, 'return', req.body.comment, req.ip),
    );

    app.post(`${base}/recall`, { config: { access: enter }, schema }, (req) =>
      submissions.recall(requirePrincipal(req), req.params.code, req.params.period, req.ip),
    );

    // Many units below :code at once; each answers for itself (see SubmissionService.decideMany).
    const many = { tags: ['reporting'], params: reportParamsSchema, response: { 200: decideManyReplySchema } };
    app.post(`${base}/approve-many`, { config: { access: decide }, schema: { ...many, body: approveManyBodySchema } }, (req) =>
      submissions.decideMany(requirePrincipal(req), req.params.code, req.params.period, 'approve', req.body.units, null, req.ip),
    );
    app.post(`${base}/return-many`, { config: { access: decide }, schema: { ...many, body: returnManyBodySchema } }, (req) =>
      submissions.decideMany(requirePrincipal(req), req.params.code, req.params.period, 'return', req.body.units, req.body.comment, req.ip),
    );

    app.post(`${base}/reopen`, { config: { access: reopen }, schema: { ...schema, body: reopenReportBodySchema } }, (req) =>
      submissions.decide(requirePrincipal(req), req.params.code, req.params.period, 'reopen', req.body.reason, req.ip),
    );

    app.get(
      `${base}/template`,
      { config: { access: importer }, schema: { tags: ['reporting'], params: reportParamsSchema, querystring: templateQuerySchema } },
      async (req, reply) => {
        const file = await bulk.template(requirePrincipal(req), req.params.code, req.params.period, req.query.format);
        reply
          .header('content-type', file.contentType)
          .header('content-disposition', `attachment; filename="${file.filename}"`)
          .send(file.body);
      },
    );

    app.post(
      `${base}/import`,
      { config: { access: importer }, schema: { tags: ['reporting'], params: reportParamsSchema, response: { 200: importReplySchema } } },
      async (req) => {
        const upload = await readOneUpload(req);
        return bulk.import(requirePrincipal(req), req.params.code, req.params.period, upload.filename, upload.buffer, req.ip);
      },
    );

    app.get(
      '/api/units/:code/late',
      {
        config: { access: read },
        schema: { tags: ['reporting'], params: unitParamsSchema, querystring: lateQuerySchema, response: { 200: lateReplySchema } },
      },
      (req) => late.late(req.params.code, req.query.period),
    );
  };
}
