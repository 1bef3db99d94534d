/**
 * The one door to the API. Every query, mutation, upload and download goes through here so that
 * cookies, the CSRF token and error shapes are handled once: a refusal is always an `HttpError`
 * carrying the server's `code` and `details` (translated by `errorText` in `./errors.ts`), an
 * unreachable server always a `NetworkError`.
 */
import type { ErrorBody } from '@tiendo/shared';

export class HttpError extends Error {
  readonly status: number;
  /** The server's stable code (`period_locked`, `stale_version`, …); the HTTP status when none came. */
  readonly code: string;
  /** The server's message as sent ("tiếng Việt / English"): shown only for a code we cannot translate. */
  readonly serverMessage: string | null;
  /** The error's `details` as sent: the blanks of its message, field errors, where a unit went. */
  readonly details: unknown;

  constructor(status: number, code: string, serverMessage: string | null, details?: unknown) {
    super(serverMessage ?? `HTTP ${status}`);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.serverMessage = serverMessage;
    this.details = details;
  }
}

/** A network failure (server down, offline): no status to speak of. */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('network error', { cause });
    this.name = 'NetworkError';
  }
}

let csrfToken: string | null = null;

/** Remembered from the login or /api/me reply; sent on every write. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * The body's `{ error: { code, message, details? } }`, or null when it is not one. Checked by hand
 * rather than with `errorBodySchema`: it is our own reply shape, and zod would otherwise be part of
 * the first load only for this.
 */
export function errorBodyOf(body: unknown): ErrorBody['error'] | null {
  if (!isRecord(body) || !isRecord(body.error)) return null;
  const { code, message, details } = body.error;
  if (typeof code !== 'string' || typeof message !== 'string') return null;
  return details === undefined ? { code, message } : { code, message, details };
}

/** The error a reply stands for: the body's `{ error: { code, message, details } }` when it is one. */
export function errorFromReply(status: number, body: unknown): HttpError {
  const error = errorBodyOf(body);
  if (!error) return new HttpError(status, String(status), null);
  return new HttpError(status, error.code, error.message, error.details);
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function headersFor(method: string, json: boolean): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (json) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  return headers;
}

async function send(method: string, url: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  try {
    return await fetch(url, {
      method,
      headers: headersFor(method, body !== undefined),
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new NetworkError(e);
  }
}

async function request<T>(method: string, url: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const res = await send(method, url, body, signal);
  const parsed = parseJson(await res.text());
  if (!res.ok) throw errorFromReply(res.status, parsed);
  return parsed as T;
}

export function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  return request<T>('GET', url, undefined, signal);
}

export function postJson<T>(url: string, body?: unknown): Promise<T> {
  return request<T>('POST', url, body ?? {});
}

export function sendJson<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<T> {
  return request<T>(method, url, body);
}

/** A file the API builds (a report, a template, an issued document) and the name the server gave it. */
export async function downloadFile(url: string): Promise<{ blob: Blob; filename: string | null }> {
  const res = await send('GET', url, undefined);
  if (!res.ok) throw errorFromReply(res.status, parseJson(await res.text()));
  return { blob: await res.blob(), filename: filenameFromDisposition(res.headers.get('content-disposition')) };
}

/**
 * One file as multipart/form-data; `onProgress` gets 0…1 while the bytes go up. XHR rather than
 * fetch because only XHR reports upload progress; its errors are the same `HttpError`s.
 */
export function uploadFile<T>(url: string, file: Blob, filename: string, onProgress: (share: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    for (const [name, value] of Object.entries(headersFor('POST', false))) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new NetworkError(new Error('upload failed')));
    xhr.onload = () => {
      const body = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(body as T);
      } else reject(errorFromReply(xhr.status, body));
    };
    const form = new FormData();
    form.append('file', file, filename);
    xhr.send(form);
  });
}

/** Builds `/api/...?a=b` from parts, encoding each value. */
export function apiUrl(path: string, params?: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined) q.set(k, String(v));
  const s = q.toString();
  return s ? `/api${path}?${s}` : `/api${path}`;
}

/** The UTF-8 name (RFC 5987 `filename*`) if given, else the plain `filename`, else null. */
export function filenameFromDisposition(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the ASCII name
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(header);
  const name = (plain?.[1] ?? plain?.[2])?.trim();
  return name ? name : null;
}
