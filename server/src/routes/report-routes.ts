/**
 * `GET /api/units/:code/report?period=YYYY-MM&format=pdf|docx|xlsx&lang=vi|en`: the monthly
 * meeting report for a unit in the caller's subtree. The reply is a file, so only the errors
 * have a response schema.
 */
import { errorBodySchema, mapViewSchema, periodSchema, unitParamsSchema } from '@tiendo/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AccessRule } from '../plugins/auth.ts';
import { buildReport, REPORT_FORMATS } from '../reports/index.ts';
import { warmUpPdf } from '../reports/pdf-report.ts';
import { LANGS } from '../reports/text.ts';
import type { Services } from '../services/index.ts';

const inScope: AccessRule = { unitParam: true };

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

export function reportRoutes(services: Services): FastifyPluginAsyncZod {
  return async (app) => {
    // A listening server (not the tests' inject) prepares the PDF fonts in the background.
    app.addHook('onListen', async () => {
      setTimeout(() => {
        try {
          warmUpPdf();
        } catch (err) {
          app.log.warn({ err }, 'report fonts could not be prepared');
        }
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
        const r = await buildReport(services, req.params.code, period, format, lang, map);
        return reply
          .header('content-type', r.contentType)
          .header('content-disposition', contentDisposition(r.asciiFilename, r.filename))
          .header('cache-control', 'private, no-store')
          .send(r.data as never); // a file: no 200 schema, so the type provider knows only the error bodies
      },
    );
  };
}
