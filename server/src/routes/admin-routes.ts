/**
 * Administration: accounts (secretariat within its subtree, admin everywhere), the KPI catalogue,
 * targets and the reporting calendar (secretariat of the top unit, admin). Each handler is one
 * service call; the services check scope and audit every change.
 */
import {
  kpiCodeParamsSchema,
  kpiCreateBodySchema,
  kpiDetailSchema,
  kpiPatchBodySchema,
  openPeriodBodySchema,
  passwordResetReplySchema,
  periodsReplySchema,
  reportingSettingsBodySchema,
  reportingSettingsReplySchema,
  targetCorrectionBodySchema,
  targetsPutBodySchema,
  targetsReplySchema,
  templateQuerySchema,
  unitsQuerySchema,
  unitsReplySchema,
  userCreateBodySchema,
  userCreatedSchema,
  userImportReplySchema,
  usernameParamsSchema,
  userPatchBodySchema,
  usersQuerySchema,
  usersReplySchema,
} from '@tiendo/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type AccessRule, requirePrincipal } from '../plugins/auth.ts';
import { readOneUpload } from '../plugins/error-handler.ts';
import type { Services } from '../services/index.ts';

/** Accounts within the caller's subtree (the service checks the subtree). */
const accounts: AccessRule = { may: 'users.administer' };
/** What the whole programme shares (the service checks the top of the tree: requireTopAdmin). */
const programme: AccessRule = { may: 'programme.administer' };
const signedIn: AccessRule = {};
const tags = ['admin'];

export function adminRoutes(services: Services): FastifyPluginAsyncZod {
  const { users, userImport, kpis, targets, settings, units } = services.admin;
  return async (app) => {
    // ——— accounts ———
    app.get(
      '/api/users',
      { config: { access: accounts }, schema: { tags, querystring: usersQuerySchema, response: { 200: usersReplySchema } } },
      (req) => users.list(requirePrincipal(req), req.query),
    );

    app.post(
      '/api/users',
      { config: { access: accounts }, schema: { tags, body: userCreateBodySchema, response: { 201: userCreatedSchema } } },
      async (req, reply) => {
        const created = await users.create(requirePrincipal(req), req.body, req.ip);
        reply.code(201);
        return created;
      },
    );

    app.patch(
      '/api/users/:username',
      {
        config: { access: accounts },
        schema: { tags, params: usernameParamsSchema, body: userPatchBodySchema, response: { 200: userCreatedSchema.shape.user } },
      },
      (req) => users.update(requirePrincipal(req), req.params.username, req.body, req.ip),
    );

    app.post(
      '/api/users/:username/reset-password',
      { config: { access: accounts }, schema: { tags, params: usernameParamsSchema, response: { 200: passwordResetReplySchema } } },
      async (req) => ({ temporaryPassword: await users.resetPassword(requirePrincipal(req), req.params.username, req.ip) }),
    );

    // ——— accounts in bulk ———
    app.get(
      '/api/admin/users/import/template',
      { config: { access: accounts }, schema: { tags, querystring: templateQuerySchema } },
      async (req, reply) => {
        const file = await userImport.template(req.query.format);
        reply
          .header('content-type', file.contentType)
          .header('content-disposition', `attachment; filename="${file.filename}"`)
          .send(file.body);
      },
    );

    app.post(
      '/api/admin/users/import',
      { config: { access: accounts }, schema: { tags, response: { 201: userImportReplySchema } } },
      async (req, reply) => {
        const upload = await readOneUpload(req);
        const created = await userImport.import(requirePrincipal(req), upload.filename, upload.buffer, req.ip);
        reply.code(201);
        return created;
      },
    );

    // ——— units, for pickers ———
    app.get(
      '/api/units',
      { config: { access: signedIn }, schema: { tags, querystring: unitsQuerySchema, response: { 200: unitsReplySchema } } },
      (req) => units.list(requirePrincipal(req), req.query),
    );

    // ——— KPI catalogue and targets ———
    app.get(
      '/api/kpis/:code',
      { config: { access: signedIn }, schema: { tags, params: kpiCodeParamsSchema, response: { 200: kpiDetailSchema } } },
      (req) => kpis.kpiDetail(req.params.code),
    );

    app.post(
      '/api/kpis',
      { config: { access: programme }, schema: { tags, body: kpiCreateBodySchema, response: { 201: kpiDetailSchema } } },
      (req, reply) => {
        const created = kpis.createKpi(requirePrincipal(req), req.body, req.ip);
        reply.code(201);
        return created;
      },
    );

    app.patch(
      '/api/kpis/:code',
      {
        config: { access: programme },
        schema: { tags, params: kpiCodeParamsSchema, body: kpiPatchBodySchema, response: { 200: kpiDetailSchema } },
      },
      (req) => kpis.updateKpi(requirePrincipal(req), req.params.code, req.body, req.ip),
    );

    app.get(
      '/api/kpis/:code/targets',
      { config: { access: signedIn }, schema: { tags, params: kpiCodeParamsSchema, response: { 200: targetsReplySchema } } },
      (req) => targets.targets(req.params.code, requirePrincipal(req)),
    );

    app.put(
      '/api/kpis/:code/targets',
      {
        config: { access: programme },
        schema: { tags, params: kpiCodeParamsSchema, body: targetsPutBodySchema, response: { 200: targetsReplySchema } },
      },
      (req) => targets.replaceTargets(requirePrincipal(req), req.params.code, req.body, req.ip),
    );

    app.post(
      '/api/kpis/:code/targets/corrections',
      {
        config: { access: programme },
        schema: { tags, params: kpiCodeParamsSchema, body: targetCorrectionBodySchema, response: { 201: targetsReplySchema } },
      },
      (req, reply) => {
        const corrected = targets.correctTarget(requirePrincipal(req), req.params.code, req.body, req.ip);
        reply.code(201);
        return corrected;
      },
    );

    // ——— reporting calendar ———
    app.get(
      '/api/settings/reporting',
      { config: { access: signedIn }, schema: { tags, response: { 200: reportingSettingsReplySchema } } },
      () => settings.reporting(),
    );

    app.put(
      '/api/settings/reporting',
      {
        config: { access: programme },
        schema: { tags, body: reportingSettingsBodySchema, response: { 200: reportingSettingsReplySchema } },
      },
      (req) => settings.setReporting(requirePrincipal(req), req.body, req.ip),
    );

    app.post(
      '/api/periods/open',
      { config: { access: programme }, schema: { tags, body: openPeriodBodySchema, response: { 200: periodsReplySchema } } },
      (req) => settings.openPeriod(requirePrincipal(req), req.body.period, req.ip),
    );
  };
}
