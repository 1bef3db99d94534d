/**
 * Every route declares who may call it (`config.access`); this plugin enforces it on every
 * request: who the caller is (session cookie or API token), CSRF on cookie-authenticated writes,
 * read-only tokens, the role, and the unit subtree. A route under /api with no rule is refused,
 * and the route-matrix test fails for it.
 */
import { type Action, roleMay } from '@tiendo/shared/permissions';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError, NoAccessError, NotFoundError, RoleForbiddenError, UnauthorizedError } from '../errors.ts';
import type { Principal } from '../services/auth-service.ts';
import { type UnitNode, unitAtView } from '../services/catalog-service.ts';
import { mapPeriodOf } from '../services/figure-service.ts';
import type { Services } from '../services/index.ts';
import { couldKnowUnit, isInScopeAt, unknownUnit } from '../services/scope.ts';

export const SESSION_COOKIE = 'tiendo_session';

export type AccessRule =
  | { public: true }
  | {
      public?: false;
      /** What the route does (@tiendo/shared/permissions): the caller's role may do one of these; any signed-in account when omitted. */
      may?: Action | readonly Action[];
      /** Check that `params.code` is the caller's home unit or below it. */
      unitParam?: boolean;
      /** Reachable while the user must still replace a one-time password. */
      pendingPassword?: boolean;
    };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessRule;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyInstance {
    routeRules: { method: string; url: string; access: AccessRule | undefined }[];
  }
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a unit outside the caller's subtree on the map of `period`: 403 naming it when the
 * caller can know it exists (couldKnowUnit), else the 404 of an unknown code.
 */
export function requireScope(p: Principal, unit: UnitNode, period: string, services: Pick<Services, 'catalog'>, asked?: string): void {
  const cat = services.catalog.get();
  if (isInScopeAt(cat, p, unit, period)) return;
  if (!couldKnowUnit(cat, p, unit)) throw unknownUnit(asked ?? unitAtView(unit, period).code);
  throw new NoAccessError(`Bạn không có quyền xem đơn vị "${unit.name}" (${unit.code}) / you have no access to unit ${unit.code}`, {
    unit: unit.code,
  });
}

/**
 * The unit `code` names on the map of `period`. A code that names a unit only at other times
 * answers 404 `unit_not_in_period` with the units to follow, to a caller who can know one of
 * them; to anyone else, the 404 of an unknown code.
 */
export function unitForCaller(p: Principal, code: string, period: string, services: Pick<Services, 'catalog'>): UnitNode {
  try {
    return services.catalog.unitAt(code, period);
  } catch (err) {
    if (err instanceof NotFoundError && err.code === 'unit_not_in_period') {
      const cat = services.catalog.get();
      if (!(cat.unitsByCode.get(code) ?? []).some((u) => couldKnowUnit(cat, p, u))) throw unknownUnit(code);
    }
    throw err;
  }
}

export function requirePrincipal(req: FastifyRequest): Principal {
  if (!req.principal) throw new UnauthorizedError();
  return req.principal;
}

function bearer(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m?.[1] ?? null;
}

function ruleOf(req: FastifyRequest): AccessRule | undefined {
  const url = req.routeOptions.url;
  // The SPA, its assets and the API documentation are public; every other route states a rule.
  if (url === undefined || !url.startsWith('/api/') || url.startsWith('/api/docs')) return { public: true };
  return req.routeOptions.config.access;
}

export function registerAuth(app: FastifyInstance, services: Services): void {
  app.decorateRequest('principal', null);
  app.decorate('routeRules', []);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      app.routeRules.push({ method, url: route.url, access: (route.config as { access?: AccessRule } | undefined)?.access });
    }
  });

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    const rule = ruleOf(req);
    if (rule?.public) return;
    const cookie = req.cookies[SESSION_COOKIE];
    const token = bearer(req);
    if (token) req.principal = services.auth.fromToken(token);
    else if (cookie) req.principal = services.auth.fromSession(cookie);
    if (!rule) {
      req.log.error({ url: req.routeOptions.url }, 'route without an access rule');
      throw new ForbiddenError('Đường dẫn chưa được phân quyền / route has no access rule');
    }
    const p = req.principal;
    if (!p) {
      if (cookie && !token) reply.clearCookie(SESSION_COOKIE, { path: '/' });
      throw new UnauthorizedError(
        token
          ? 'Mã truy cập không hợp lệ hoặc đã thu hồi / invalid or revoked API token'
          : 'Chưa đăng nhập hoặc phiên đã hết hạn / not signed in or session expired',
        token ? 'invalid_token' : 'unauthorized',
      );
    }
    if (!READ_METHODS.has(req.method)) {
      if (p.via === 'token') throw new ForbiddenError('Mã truy cập chỉ được đọc / API tokens are read-only');
      if (req.headers['x-csrf-token'] !== p.csrfToken) {
        throw new ForbiddenError('Thiếu hoặc sai mã chống giả mạo (x-csrf-token) / missing or wrong x-csrf-token', undefined, 'csrf');
      }
    }
    if (p.mustChangePassword && !rule.pendingPassword) {
      throw new ForbiddenError(
        'Bạn cần đổi mật khẩu trước khi tiếp tục / you must change your password first',
        undefined,
        'password_change_required',
      );
    }
    if (rule.may !== undefined && !roleMay(p.role, rule.may)) {
      throw new RoleForbiddenError('Vai trò của bạn không được làm việc này / your role may not do this');
    }
  });

  // After validation, so params are well-formed. The code is read on the map of the period the
  // request is about; a code that names no unit then is a 404 from the catalogue.
  app.addHook('preHandler', async (req: FastifyRequest) => {
    const rule = ruleOf(req);
    if (!rule || rule.public || !rule.unitParam) return;
    const code = (req.params as { code?: string }).code;
    if (code === undefined) return;
    const period = requestPeriod(req, services.settings.currentPeriod());
    const query = (req.query ?? {}) as { map?: 'period' | 'today' };
    const mapPeriod = mapPeriodOf(period, query.map ?? 'period', services.settings.currentPeriod());
    const p = requirePrincipal(req);
    requireScope(p, unitForCaller(p, code, mapPeriod, services), mapPeriod, services, code);
  });
}

/** The period a request is about: in its path, its query (`period`, or `to` for a series), or the current one. */
export function requestPeriod(req: FastifyRequest, current: string): string {
  const params = (req.params ?? {}) as { period?: string };
  const query = (req.query ?? {}) as { period?: string; to?: string };
  return params.period ?? query.period ?? query.to ?? current;
}
