import {
  breakdownQuerySchema,
  breakdownReplySchema,
  completenessQuerySchema,
  completenessReplySchema,
  figuresQuerySchema,
  figuresReplySchema,
  seriesQuerySchema,
  seriesReplySchema,
  unitParamsSchema,
} from '@tiendo/shared';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AccessRule } from '../plugins/auth.ts';
import type { Services } from '../services/index.ts';
import { mapPeriodOf } from '../services/map-view.ts';

/**
 * Sends JSON that the service already encoded through the route's response schema (and
 * cached): a string payload is not serialized again.
 */
function sendJson(reply: FastifyReply, json: string): void {
  reply.type('application/json; charset=utf-8').send(json);
}

const inScope: AccessRule = { unitParam: true, may: 'read' };

export function figureRoutes(services: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/units/:code/figures',
      {
        config: { access: inScope },
        schema: {
          tags: ['public'],
          params: unitParamsSchema,
          querystring: figuresQuerySchema,
          response: { 200: figuresReplySchema },
        },
      },
      (req, reply) => {
        sendJson(reply, services.figures.figuresJson(req.params.code, req.query.period, req.query));
      },
    );

    app.get(
      '/api/units/:code/series',
      {
        config: { access: inScope },
        schema: {
          tags: ['public'],
          params: unitParamsSchema,
          querystring: seriesQuerySchema,
          response: { 200: seriesReplySchema },
        },
      },
      (req, reply) => {
        sendJson(reply, services.figures.seriesJson(req.params.code, req.query.kpi, req.query.from, req.query.to, req.query));
      },
    );

    app.get(
      '/api/units/:code/breakdown',
      {
        config: { access: inScope },
        schema: {
          tags: ['public'],
          params: unitParamsSchema,
          querystring: breakdownQuerySchema,
          response: { 200: breakdownReplySchema },
        },
      },
      (req, reply) => {
        sendJson(reply, services.figures.breakdownJson(req.params.code, req.query.kpi, req.query.period, req.query));
      },
    );

    app.get(
      '/api/units/:code/completeness',
      {
        config: { access: inScope },
        schema: {
          tags: ['public'],
          params: unitParamsSchema,
          querystring: completenessQuerySchema,
          response: { 200: completenessReplySchema },
        },
      },
      (req, reply) => {
        const mapPeriod = mapPeriodOf(req.query.period, req.query.map, services.settings.currentPeriod());
        const unit = services.catalog.unitAt(req.params.code, mapPeriod);
        sendJson(reply, services.figures.completenessJson(unit, req.query.period, req.query.limit, mapPeriod));
      },
    );
  };
}
