/**
 * `GET /api/units/:code/report?period=YYYY-MM&format=pdf|docx|xlsx&lang=vi|en`: the monthly
 * meeting report for a unit in the caller's subtree. The reply is a file, so only the errors
 * have a response schema.
 *
 * The report is built and drawn in a worker thread (render-pool.ts), a few at a time: thirty
 * city exports at once queue there instead of holding the event loop for seconds each.
 */
import { errorBodySchema, mapViewSchema, periodSchema, unitParamsSchema } from '@tiendo/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AccessRule } from '../plugins/auth.ts';
import { type BuiltReport, buildReport, REPORT_FORMATS } from '../reports/index.ts';
import { LANGS } from '../reports/text.ts';
import type { Services } from '../services/index.ts';
import { asBuffer, databaseFile, pools, ServerBusyError, WorkerFailure } from '../services/render-pool.ts';

const inScope: AccessRule = { unitParam: true, may: 'read' };

export const reportQuerySchema = z.object({
  period: periodSchema,
  format: z.enum(REPORT_FORMATS).default('pdf'),
  lang: z.enum(LANGS).default('vi'),
  map: mapViewSchema,
});

/** RFC 6266 / 5987: an ASCII fallback and the UTF-8 name. */
export function contentDisposition(asciiName: string, utf8Name: string): string {
  const ascii = asciiName.replace(/["\\\r\n]/g, '_');
  const encoded = encodeURIComponent(utf8Name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** The report, drawn by a worker on its own read-only connection (in-process for an in-memory database). */
export async function renderReport(
  services: Services,
  today: string,
  q: { code: string; period: string; format: (typeof REPORT_FORMATS)[number]; lang: (typeof LANGS)[number]; map: 'period' | 'today' },
): Promise<BuiltReport> {
  const db = databaseFile(services.db.sqlite);
  if (db === null) return buildReport(services, q.code, q.period, q.format, q.lang, q.map);
  try {
    const r = await pools.reports.run<BuiltReport & { data: Uint8Array }>({ kind: 'report', db, today, ...q });
    return { ...r, data: asBuffer(r.data) };
  } catch (err) {
    // Out of time or memory: the server is overloaded, not the request wrong.
    if (err instanceof WorkerFailure) throw new ServerBusyError();
    throw err;
  }
}

export function reportRoutes(services: Services, today: () => string): FastifyPluginAsyncZod {
  return async (app) => {
    // A listening server (not the tests' inject) starts a report worker and its PDF fonts early.
    app.addHook('onListen', async () => {
      setTimeout(() => {
        pools.reports.run({ kind: 'warm-up' }).catch((err) => app.log.warn({ err }, 'report fonts could not be prepared'));
      }, 500).unref();
    });
    app.get(
      '/api/units/:code/report',
      {
        config: { access: inScope },
        schema: {
          tags: ['public'],
          summary: 'Monthly meeting report (PDF, DOCX) or its annex (XLSX)',
          params: unitParamsSchema,
          querystring: reportQuerySchema,
          response: { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema },
        },
      },
      async (req, reply) => {
        const { period, format, lang, map } = req.query;
        const r = await renderReport(services, today(), { code: req.params.code, period, format, lang, map });
        return reply
          .header('content-type', r.contentType)
          .header('content-disposition', contentDisposition(r.asciiFilename, r.filename))
          .header('cache-control', 'private, no-store')
          .send(r.data as never); // a file: no 200 schema, so the type provider knows only the error bodies
      },
    );
  };
}
