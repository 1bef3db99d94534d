import {
  breakdownQuerySchema,
  breakdownReplySchema,
  breakdownsQuerySchema,
  breakdownsReplySchema,
  completenessQuerySchema,
  completenessReplySchema,
  figuresQuerySchema,
  figuresReplySchema,
  seriesQuerySchema,
  seriesReplySchema,
  trendsQuerySchema,
  trendsReplySchema,
  unitParamsSchema,
} from '@tiendo/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type EncodedBody, sendEncoded } from '../http-encoding.ts';
import type { AccessRule } from '../plugins/auth.ts';
import type { Services } from '../services/index.ts';
import { mapPeriodOf } from '../services/map-view.ts';

/**
 * Sends JSON that the service already encoded through the route's response schema (and
 * cached as bytes, compressed once as asked): a Buffer payload is neither serialized nor encoded again.
 */
function sendJson(req: FastifyRequest, reply: FastifyReply, json: EncodedBody): void {
  sendEncoded(req, reply, json, 'application/json; charset=utf-8');
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
        sendJson(req, reply, services.figures.figuresJson(req.params.code, req.query.period, req.query));
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
        sendJson(req, reply, services.figures.seriesJson(req.params.code, req.query.kpi, req.query.from, req.query.to, req.query));
      },
    );

    app.get(
      '/api/units/:code/trends',
      {
        config: { access: inScope },
        schema: {
          tags: ['public'],
          description: "Every KPI's series for the unit (those it follows in `to`), as `/series` gives each one.",
          params: unitParamsSchema,
          querystring: trendsQuerySchema,
          response: { 200: trendsReplySchema },
        },
      },
      (req, reply) => {
        sendJson(req, reply, services.figures.trendsJson(req.params.code, req.query.from, req.query.to, req.query));
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
        sendJson(req, reply, services.figures.breakdownJson(req.params.code, req.query.kpi, req.query.period, req.query));
      },
    );

    app.get(
      '/api/units/:code/breakdowns',
      {
        config: { access: inScope },
        schema: {
          tags: ['public'],
          description: 'The breakdown of every KPI the units below follow, as `/breakdown` gives each one.',
          params: unitParamsSchema,
          querystring: breakdownsQuerySchema,
          response: { 200: breakdownsReplySchema },
        },
      },
      (req, reply) => {
        sendJson(req, reply, services.figures.breakdownsJson(req.params.code, req.query.period, req.query));
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
        sendJson(req, reply, services.figures.completenessJson(unit, req.query.period, req.query.limit, mapPeriod));
      },
    );
  };
}
