/**
 * The one door to the API. Every query and mutation goes through here so that cookies, the CSRF
 * token and error shapes are handled once.
 */

export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  /** The server's message as sent (often "tiếng Việt / English"). */
  readonly serverMessage: string | null;
  /** The error's `details` as sent (e.g. where to go from a unit that did not exist in a period). */
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

function errorFromBody(status: number, body: unknown): HttpError {
  if (body && typeof body === 'object' && 'error' in body) {
    const err = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } }).error;
    const code = typeof err?.code === 'string' ? err.code : String(status);
    const message = typeof err?.message === 'string' ? err.message : null;
    return new HttpError(status, code, message, err?.details);
  }
  return new HttpError(status, String(status), null);
}

async function request<T>(method: string, url: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new NetworkError(e);
  }
  const text = await res.text();
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  if (!res.ok) throw errorFromBody(res.status, parsed);
  return parsed as T;
}

export function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  return request<T>('GET', url, undefined, signal);
}

export function postJson<T>(url: string, body?: unknown): Promise<T> {
  return request<T>('POST', url, body ?? {});
}

export function sendJson<T>(method: 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<T> {
  return request<T>(method, url, body);
}

/** Builds `/api/...?a=b` from parts, encoding each value. */
export function apiUrl(path: string, params?: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined) q.set(k, String(v));
  const s = q.toString();
  return s ? `/api${path}?${s}` : `/api${path}`;
}

/**
 * Server messages come as "tiếng Việt / English"; show the half in the reader's language.
 */
export function localizedServerMessage(message: string, lang: string): string {
  const parts = message.split(' / ');
  if (parts.length !== 2) return message;
  return (lang === 'en' ? parts[1] : parts[0]) ?? message;
}
