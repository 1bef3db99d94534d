import {
  healthSchema,
  kpisReplySchema,
  lineageQuerySchema,
  lineageReplySchema,
  periodsReplySchema,
  unitParamsSchema,
  unitQuerySchema,
  unitReplySchema,
} from '@tiendo/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AccessRule } from '../plugins/auth.ts';
import { type Catalog, kpiReply, type LineageLink, type UnitNode, unitAtView } from '../services/catalog-service.ts';
import { mapPeriodOf, unitRef } from '../services/figure-service.ts';
import type { Services } from '../services/index.ts';

const signedIn: AccessRule = {};
const inScope: AccessRule = { unitParam: true, may: 'read' };

export function catalogRoutes(services: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/health', { config: { access: { public: true } }, schema: { tags: ['public'], response: { 200: healthSchema } } }, () => ({
      status: 'ok' as const,
    }));

    app.get('/api/periods', { config: { access: signedIn }, schema: { tags: ['public'], response: { 200: periodsReplySchema } } }, () =>
      services.settings.periods(),
    );

    app.get('/api/kpis', { config: { access: signedIn }, schema: { tags: ['public'], response: { 200: kpisReplySchema } } }, () => {
      const { kpis, groups } = services.catalog.get();
      return kpis.map((k) => kpiReply(k, groups));
    });

    app.get(
      '/api/units/:code',
      {
        config: { access: inScope },
        schema: { tags: ['public'], params: unitParamsSchema, querystring: unitQuerySchema, response: { 200: unitReplySchema } },
      },
      (req) => {
        const period = req.query.period ?? services.settings.currentPeriod();
        const mapPeriod = mapPeriodOf(period, req.query.map, services.settings.currentPeriod());
        const unit = services.catalog.unitAt(req.params.code, mapPeriod);
        const cat = services.catalog.get();
        const ancestors = services.catalog.ancestorsAt(unit, mapPeriod).reverse();
        const parent = ancestors.at(-1) ?? null;
        const here = unitRef(unit, mapPeriod);
        return {
          ...here,
          fullName: `${capitalise(here.type)} ${here.name}`,
          period,
          map: req.query.map,
          validFrom: unit.validFrom,
          validTo: unit.validTo,
          parent: parent ? unitRef(parent, mapPeriod) : null,
          ancestors: ancestors.map((a) => unitRef(a, mapPeriod)),
          children: services.catalog.childrenAt(unit, mapPeriod).map((c) => unitRef(c, mapPeriod)),
          predecessors: unit.predecessors.map((l) => lineageRef(cat, l, unit.validFrom ?? l.period)),
          successors: unit.successors.map((l) => lineageRef(cat, l, l.period)),
        };
      },
    );

    app.get(
      '/api/units/:code/lineage',
      {
        config: { access: inScope },
        schema: { tags: ['public'], params: unitParamsSchema, querystring: lineageQuerySchema, response: { 200: lineageReplySchema } },
      },
      (req) => {
        const period = req.query.period ?? services.settings.currentPeriod();
        const unit = services.catalog.unitAt(req.params.code, period);
        const cat = services.catalog.get();
        return {
          unit: { ...unitRef(unit, period), validFrom: unit.validFrom, validTo: unit.validTo },
          predecessors: unit.predecessors.map((l) => lineageRef(cat, l, unit.validFrom ?? l.period)),
          successors: unit.successors.map((l) => lineageRef(cat, l, l.period)),
        };
      },
    );
  };
}

/** The unit on the other side of a lineage link, as it was when the link was made. */
function lineageRef(cat: Catalog, link: LineageLink, when: string) {
  const u = cat.units.get(link.unitId) as UnitNode;
  // A predecessor is shown as it was in its last month; a successor as it was in its first.
  const at = u.validTo !== null && u.validTo < when ? u.validTo : (u.validFrom ?? when);
  return { ...unitAtView(u, at), validFrom: u.validFrom, validTo: u.validTo, share: link.share, period: link.period };
}

function capitalise(s: string): string {
  return s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);
}
