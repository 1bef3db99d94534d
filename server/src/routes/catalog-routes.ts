import { healthSchema, kpisReplySchema, periodsReplySchema, unitParamsSchema, unitReplySchema } from '@tiendo/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AccessRule } from '../plugins/auth.ts';
import { kpiReply } from '../services/catalog-service.ts';
import { unitRef } from '../services/figure-service.ts';
import type { Services } from '../services/index.ts';

const signedIn: AccessRule = {};
const inScope: AccessRule = { unitParam: true };

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
      { config: { access: inScope }, schema: { tags: ['public'], params: unitParamsSchema, response: { 200: unitReplySchema } } },
      (req) => {
        const unit = services.catalog.unit(req.params.code);
        const ancestors = services.catalog.ancestors(unit).reverse();
        const parent = ancestors.at(-1) ?? null;
        return {
          ...unitRef(unit),
          fullName: `${capitalise(unit.type)} ${unit.name}`,
          validFrom: unit.validFrom,
          validTo: unit.validTo,
          parent: parent ? unitRef(parent) : null,
          ancestors: ancestors.map(unitRef),
          children: services.catalog.childrenAt(unit, null).map(unitRef),
        };
      },
    );
  };
}

function capitalise(s: string): string {
  return s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);
}
