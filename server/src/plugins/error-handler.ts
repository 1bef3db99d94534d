/**
 * One error handler: typed service errors and validation failures become
 * `{ error: { code, message } }` with their status; anything else is logged and answered with a
 * bare 500 whose details never reach the client.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../errors.ts';

function describeValidation(err: FastifyError): string {
  const issues = (err.validation ?? [])
    .map((v) => {
      const where = (v.instancePath || '').replace(/^\//, '').replaceAll('/', '.');
      return where ? `${where}: ${v.message}` : v.message;
    })
    .filter(Boolean);
  const context = err.validationContext ? `${err.validationContext}: ` : '';
  return `Dữ liệu không hợp lệ / invalid request — ${context}${issues.join('; ')}`;
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) {
      return reply.code(err.statusCode).send({
        error: { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) },
      });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      return reply.code(400).send({ error: { code: 'validation_error', message: describeValidation(err) } });
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send({
        error: { code: err.code ? err.code.toLowerCase() : 'bad_request', message: err.message },
      });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send({ error: { code: 'internal', message: 'Lỗi máy chủ / internal server error' } });
  });

  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send({
      error: { code: 'not_found', message: `Không có đường dẫn ${req.method} ${req.url} / route not found` },
    });
  });
}
