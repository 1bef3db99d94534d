import {
  auditQuerySchema,
  auditReplySchema,
  changePasswordBodySchema,
  loginBodySchema,
  meReplySchema,
  type SessionCatalog,
  type SessionReply,
  sessionReplySchema,
  signedInReplySchema,
  tokenCreateBodySchema,
  tokenCreatedSchema,
  tokensReplySchema,
} from '@tiendo/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AccessRule, requirePrincipal, requireScope, SESSION_COOKIE, unitForCaller } from '../plugins/auth.ts';
import { isTopAdmin } from '../services/admin-scope.ts';
import type { Principal } from '../services/auth-service.ts';
import { kpiReply } from '../services/catalog-service.ts';
import type { Services } from '../services/index.ts';
import { atTop } from '../services/scope.ts';

const okSchema = z.object({ ok: z.literal(true) });
const anyone: AccessRule = {};

function setSessionCookie(req: FastifyRequest, reply: FastifyReply, cookie: string, maxAgeSeconds: number) {
  reply.setCookie(SESSION_COOKIE, cookie, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: req.protocol === 'https',
    maxAge: maxAgeSeconds,
  });
}

// What every page needs first: the same replies as GET /api/periods and /api/kpis
// (catalog-routes.ts), and the server's date; not to an account that must change its password.
function bootstrap(services: Services, p: Principal): { catalog?: SessionCatalog } {
  if (p.mustChangePassword) return {};
  const { kpis, groups } = services.catalog.get();
  return {
    catalog: { periods: services.settings.periods(), kpis: kpis.map((k) => kpiReply(k, groups)), today: services.settings.today() },
  };
}

function meOf(services: Services, p: Principal) {
  return {
    user: services.auth.toUser(p),
    csrfToken: p.csrfToken ?? '',
    mustChangePassword: p.mustChangePassword,
    atTop: atTop(p.unit),
  };
}

/** A signed-in account as the sign-in and the session answer it: who, and what every page needs first. */
function signedInOf(services: Services, p: Principal) {
  return { ...meOf(services, p), ...bootstrap(services, p) };
}

/**
 * Who the request's session cookie says is looking, as GET /api/auth/session answers it (a cookie
 * that names no live session is cleared). The page itself carries the same answer (plugins/spa.ts).
 */
export function sessionAnswer(services: Services): (req: FastifyRequest, reply: FastifyReply) => SessionReply {
  return (req, reply) => {
    const cookie = req.cookies[SESSION_COOKIE];
    const p = cookie ? services.auth.fromSession(cookie) : null;
    if (!p) {
      if (cookie) reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { state: 'signed-out' };
    }
    return { state: 'signed-in', ...signedInOf(services, p) };
  };
}

export function authRoutes(services: Services): FastifyPluginAsyncZod {
  const { auth } = services;
  const me = (p: Principal) => meOf(services, p);
  const session = sessionAnswer(services);
  const maxAge = auth.settings.absoluteHours * 3600;

  return async (app) => {
    app.post(
      '/api/auth/login',
      {
        config: { access: { public: true } },
        schema: { tags: ['auth'], body: loginBodySchema, response: { 200: signedInReplySchema } },
      },
      async (req, reply) => {
        const { principal, cookie } = await auth.login(req.body.username, req.body.password, req.ip, req.headers['user-agent'] ?? null);
        setSessionCookie(req, reply, cookie, maxAge);
        return signedInOf(services, principal);
      },
    );

    app.post(
      '/api/auth/logout',
      { config: { access: { pendingPassword: true } }, schema: { tags: ['auth'], response: { 200: okSchema } } },
      (req, reply) => {
        auth.logout(requirePrincipal(req), req.ip);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return { ok: true as const };
      },
    );

    // "Sign out everywhere": ends every session of the account, this one too (API tokens stay:
    // they are listed and revoked one by one on the tokens page).
    app.post(
      '/api/auth/logout-everywhere',
      {
        config: { access: { pendingPassword: true } },
        schema: { tags: ['auth'], response: { 200: z.object({ ok: z.literal(true), sessionsEnded: z.number().int() }) } },
      },
      (req, reply) => {
        const sessionsEnded = auth.logoutEverywhere(requirePrincipal(req), req.ip);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return { ok: true as const, sessionsEnded };
      },
    );

    // Asked by the SPA on every load, signed in or not: signed out is a 200 answer, so the login
    // page makes no failed request. Public, so it reads the cookie itself; a bearer token is for
    // scripts, which ask /api/me. Every other route still answers 401 without a session.
    app.get(
      '/api/auth/session',
      { config: { access: { public: true } }, schema: { tags: ['auth'], response: { 200: sessionReplySchema } } },
      session,
    );

    app.get(
      '/api/me',
      { config: { access: { pendingPassword: true } }, schema: { tags: ['auth'], response: { 200: meReplySchema } } },
      (req) => me(requirePrincipal(req)),
    );

    app.post(
      '/api/me/password',
      {
        config: { access: { pendingPassword: true } },
        schema: { tags: ['auth'], body: changePasswordBodySchema, response: { 200: meReplySchema } },
      },
      async (req, reply) => {
        const { principal, cookie } = await auth.changePassword(
          requirePrincipal(req),
          req.body.currentPassword,
          req.body.newPassword,
          req.ip,
        );
        setSessionCookie(req, reply, cookie, maxAge);
        return me(principal);
      },
    );

    app.get('/api/tokens', { config: { access: anyone }, schema: { tags: ['auth'], response: { 200: tokensReplySchema } } }, (req) =>
      auth.listTokens(requirePrincipal(req)),
    );

    app.post(
      '/api/tokens',
      { config: { access: anyone }, schema: { tags: ['auth'], body: tokenCreateBodySchema, response: { 201: tokenCreatedSchema } } },
      (req, reply) => {
        reply.code(201);
        return auth.createToken(requirePrincipal(req), req.body.name, req.ip);
      },
    );

    app.delete(
      '/api/tokens/:id',
      {
        config: { access: anyone },
        schema: { tags: ['auth'], params: z.object({ id: z.coerce.number().int().positive() }), response: { 200: okSchema } },
      },
      (req) => {
        auth.revokeToken(requirePrincipal(req), req.params.id, req.ip);
        return { ok: true as const };
      },
    );

    app.get(
      '/api/audit',
      {
        config: { access: { may: 'audit.read' } },
        schema: { tags: ['auth'], querystring: auditQuerySchema, response: { 200: auditReplySchema } },
      },
      (req) => {
        const p = requirePrincipal(req);
        const q = req.query;
        let unitPath: string | null = null;
        if (q.unit) {
          // On the map of the period asked, else the unit the code names today (or last named).
          const unit = q.period ? unitForCaller(p, q.unit, q.period, services) : services.catalog.unit(q.unit);
          requireScope(p, unit, q.period ?? unit.validTo ?? services.settings.currentPeriod(), services, q.unit);
          unitPath = unit.path;
        }
        return services.audit.query({
          scope: p.role === 'admin' ? null : { path: p.unit.path, actorId: p.id, programmeWide: isTopAdmin(p) },
          unitPath,
          actor: q.actor ?? q.user ?? null,
          action: q.action ?? null,
          period: q.period ?? null,
          from: q.from ?? null,
          to: q.to ?? null,
          cursor: q.cursor ?? null,
          limit: q.limit,
          offset: q.offset,
        });
      },
    );
  };
}
