import {
  lateQuerySchema,
  notificationIdParamsSchema,
  notificationSchema,
  notificationsQuerySchema,
  notificationsReplySchema,
  readAllReplySchema,
  remindLateBodySchema,
  remindLateReplySchema,
  unitParamsSchema,
} from '@tiendo/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type AccessRule, requirePrincipal } from '../plugins/auth.ts';
import type { Services } from '../services/index.ts';

/** Every signed-in user has a bell; each reads and marks only their own. */
const own: AccessRule = {};
/** Whoever may read the late list of the unit may chase it (the same rule as `GET …/late`). */
const chase: AccessRule = { unitParam: true, may: 'late.remind' };

export function notificationRoutes(services: Services): FastifyPluginAsyncZod {
  const { notifications, late } = services;
  return async (app) => {
    const tags = ['notifications'];

    app.get(
      '/api/notifications',
      { config: { access: own }, schema: { tags, querystring: notificationsQuerySchema, response: { 200: notificationsReplySchema } } },
      (req) => notifications.list(requirePrincipal(req), req.query.unread === '1', req.query.limit),
    );

    app.post(
      '/api/notifications/:id/read',
      { config: { access: own }, schema: { tags, params: notificationIdParamsSchema, response: { 200: notificationSchema } } },
      (req) => notifications.markRead(requirePrincipal(req), req.params.id),
    );

    app.post('/api/notifications/read-all', { config: { access: own }, schema: { tags, response: { 200: readAllReplySchema } } }, (req) =>
      notifications.markAllRead(requirePrincipal(req)),
    );

    app.post(
      '/api/units/:code/late/remind',
      {
        config: { access: chase },
        schema: {
          tags: ['reporting'],
          params: unitParamsSchema,
          querystring: lateQuerySchema,
          body: remindLateBodySchema,
          response: { 200: remindLateReplySchema },
        },
      },
      (req) => late.remind(requirePrincipal(req), req.params.code, req.query.period, req.body.units, req.ip),
    );
  };
}
