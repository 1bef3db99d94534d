import {
  type Basis,
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
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AccessRule } from '../plugins/auth.ts';
import type { Services } from '../services/index.ts';

const inScope: AccessRule = { unitParam: true };

export function figureRoutes(services: Services): FastifyPluginAsyncZod {
  const pick = (basis: Basis) => (basis === 'approved' ? services.approvedFigures : services.figures);
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
      (req) => pick(req.query.basis).figures(req.params.code, req.query.period),
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
      (req) => pick(req.query.basis).series(req.params.code, req.query.kpi, req.query.from, req.query.to),
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
      (req) => pick(req.query.basis).breakdown(req.params.code, req.query.kpi, req.query.period),
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
      (req) => {
        const unit = services.catalog.unit(req.params.code);
        services.figures.requireValid(unit, req.query.period);
        return services.reportStates.completeness(unit, req.query.period, req.query.limit);
      },
    );
  };
}
