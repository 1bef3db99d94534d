/**
 * One error handler: typed service errors and validation failures become
 * `{ error: { code, message, details? } }` with their status (a request that fails its schema says
 * where in `details.issues`, each `{ field, code, params, message }`); anything else is logged and answered with a
 * bare 500 whose details never reach the client.
 *
 * Fastify's and its plugins' own errors (a URL that does not decode, a parameter too long, a body
 * too large, a media type no route takes, malformed multipart) leave in the same shape, with a
 * bilingual message and the status that says whose fault it is: the caller's, never a 500.
 */

import type { ItemParams } from '@tiendo/shared';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, ValidationError } from '../errors.ts';
import { issueItem } from '../zod-issue.ts';

/**
 * Where each problem is (`values.x.numerator`, null for the whole part) and what it is: zod's
 * issue code and bounds (zod-issue.ts), so the SPA says it in its reader's language, and the
 * schema's bilingual message.
 */
function validationIssues(err: FastifyError): { field: string | null; code: string; params: ItemParams; message: string }[] {
  return (err.validation ?? [])
    .map((v) => ({
      field: (v.instancePath || '').replace(/^\//, '').replaceAll('/', '.') || null,
      ...issueItem({ ...(v.params as object), code: v.keyword, message: v.message ?? '' }),
    }))
    .filter((i) => i.message);
}

function describeValidation(err: FastifyError, issues: { field: string | null; message: string }[]): string {
  const listed = issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message));
  const context = err.validationContext ? `${err.validationContext}: ` : '';
  return `Dữ liệu không hợp lệ / invalid request — ${context}${listed.join('; ')}`;
}

/** Framework errors the caller caused: our code, status and words for each. */
const KNOWN: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_BAD_URL: {
    status: 400,
    code: 'bad_url',
    message: 'Đường dẫn có ký tự mã hóa sai / the URL is not validly encoded',
  },
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 414,
    code: 'param_too_long',
    message: 'Tham số trong đường dẫn quá dài / a parameter in the URL is too long',
  },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, code: 'bad_request', message: 'Yêu cầu không hợp lệ / bad request' },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'body_too_large',
    message: 'Nội dung gửi lên quá lớn / the request body is too large',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    message: 'Kiểu nội dung không được hỗ trợ / unsupported media type',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'bad_content_length',
    message: 'Độ dài nội dung không khớp / the content length does not match the body',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'invalid_json',
    message: 'Nội dung JSON trống / the JSON body is empty',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'invalid_json',
    message: 'Nội dung không phải JSON hợp lệ / the body is not valid JSON',
  },
  FST_ERR_CTP_INVALID_TYPE: { status: 400, code: 'bad_content_type', message: 'Kiểu nội dung không hợp lệ / invalid content type' },
  FST_ERR_CTP_INVALID_CONTENT_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    message: 'Kiểu nội dung không được hỗ trợ / unsupported media type',
  },
  FST_INVALID_MULTIPART_CONTENT_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    message: 'Cần gửi một tệp (multipart/form-data) / send one file as multipart/form-data',
  },
  FST_REQ_FILE_TOO_LARGE: {
    status: 413,
    code: 'file_too_large',
    message: 'Tệp quá lớn (tối đa 2 MB) / the file is too large (at most 2 MB)',
  },
  FST_FILES_LIMIT: { status: 413, code: 'too_many_files', message: 'Chỉ gửi một tệp / send one file only' },
  FST_PARTS_LIMIT: { status: 413, code: 'too_many_parts', message: 'Quá nhiều phần trong biểu mẫu / too many form parts' },
  FST_FIELDS_LIMIT: { status: 413, code: 'too_many_fields', message: 'Quá nhiều trường trong biểu mẫu / too many form fields' },
  FST_PROTO_VIOLATION: { status: 400, code: 'bad_request', message: 'Tên trường không hợp lệ / invalid field name' },
  FST_MP_PREMATURE_CLOSE: {
    status: 400,
    code: 'malformed_multipart',
    message: 'Tệp gửi lên bị cắt ngang / the upload ended before it was complete',
  },
};

export const MALFORMED_MULTIPART = {
  status: 400,
  code: 'malformed_multipart',
  message: 'Dữ liệu multipart/form-data bị lỗi (thiếu hoặc sai boundary, hoặc bị cắt ngang) / malformed multipart/form-data',
};

/**
 * Errors the multipart parser (busboy) raises as plain Errors for a body that is not what its
 * headers say: no boundary, a wrong one, a part cut short.
 */
export function isMalformedMultipart(err: unknown): boolean {
  const e = err as { statusCode?: unknown; message?: unknown };
  if (!(err instanceof Error) || e.statusCode !== undefined) return false;
  return /multipart|boundary|part header|unexpected end of form|terminated early/i.test(String(e.message));
}

const body = (code: string, message: string) => ({ error: { code, message } });

/** Fastify's `frameworkErrors`: the errors raised before a route is found. */
export function frameworkError(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const known = KNOWN[err.code] ?? { status: err.statusCode ?? 400, code: 'bad_request', message: 'Yêu cầu không hợp lệ / bad request' };
  reply.code(known.status).header('cache-control', 'no-store').send(body(known.code, known.message));
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    // an error body is JSON as it is, whatever the reply it replaces was going to be sent in
    reply.removeHeader('content-encoding');
    if (err instanceof AppError) {
      if (err.statusCode === 429 || err.statusCode === 503) {
        const retry = (err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
        if (retry !== undefined) reply.header('retry-after', String(retry));
      }
      return reply.code(err.statusCode).send({
        error: { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) },
      });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = validationIssues(err);
      return reply.code(400).send({
        error: {
          code: 'validation_error',
          message: describeValidation(err, issues),
          // `issues`, not `errors`: the report form lists `errors` under its fields by KPI
          details: { in: err.validationContext ?? null, issues },
        },
      });
    }
    const known = typeof err.code === 'string' ? KNOWN[err.code] : undefined;
    if (known) return reply.code(known.status).send(body(known.code, known.message));
    if (isMalformedMultipart(err))
      return reply.code(MALFORMED_MULTIPART.status).send(body(MALFORMED_MULTIPART.code, MALFORMED_MULTIPART.message));
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send(body(err.code ? err.code.toLowerCase() : 'bad_request', err.message));
    }
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send({ error: { code: 'internal', message: 'Lỗi máy chủ / internal server error' } });
  });

  app.setNotFoundHandler((req, reply) => {
    // The path is the caller's own text: echoed only in part.
    const path = req.url.length > 120 ? `${req.url.slice(0, 120)}…` : req.url;
    reply.code(404).send(body('not_found', `Không có đường dẫn ${req.method} ${path} / route not found`));
  });
}

/**
 * The one file of a multipart upload, read whole (the multipart plugin's size limit applies). A
 * request that is not multipart, or a body that is not the multipart its headers announce (no
 * boundary, another boundary, cut short), is the caller's error: 400, never a 500.
 */
export async function readOneUpload(req: FastifyRequest): Promise<{ filename: string; buffer: Buffer }> {
  if (!req.isMultipart()) throw new ValidationError('Cần gửi một tệp (multipart/form-data) / send one file as multipart/form-data');
  let upload: { filename: string; buffer: Buffer } | null;
  try {
    const file = await req.file();
    upload = file ? { filename: file.filename, buffer: await file.toBuffer() } : null;
  } catch (err) {
    if (isMalformedMultipart(err)) throw new AppError(MALFORMED_MULTIPART.status, MALFORMED_MULTIPART.code, MALFORMED_MULTIPART.message);
    throw err;
  }
  if (!upload) throw new ValidationError('Chưa có tệp / no file', undefined, 'no_file');
  return upload;
}
