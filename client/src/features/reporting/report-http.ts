/**
 * Writes the reporting screens need beyond the shared http module (`api/http.ts` has GET and
 * POST without error details): PUT, the `details` of 400/409/422 replies, and a file upload
 * with progress. Errors are `HttpError`s, so the app's 401 handling applies to them too.
 */
import type { FieldError } from '@tiendo/shared';
import { HttpError, NetworkError } from '../../api/http.ts';

/** An API error with the body's `details` (field errors, the 409's changes, import errors). */
export class ApiError extends HttpError {
  constructor(status: number, code: string, message: string | null, details: unknown) {
    super(status, code, message, details);
    this.name = 'ApiError';
  }
}

/** Details of a 409 on save; not in `@tiendo/shared` because the server builds it ad hoc. */
export interface ConflictDetails {
  currentVersion: number;
  updatedBy: string | null;
  updatedAt: string | null;
  changes: { kpi: string; yours: unknown; theirs: unknown }[];
}

export function errorFrom(status: number, body: unknown): ApiError {
  const err = body && typeof body === 'object' && 'error' in body ? (body as { error?: Record<string, unknown> }).error : undefined;
  const code = typeof err?.code === 'string' ? err.code : String(status);
  const message = typeof err?.message === 'string' ? err.message : null;
  return new ApiError(status, code, message, err?.details);
}

/** `details.errors` of a 400 (per field) or a 422 (per row), when the server sent them. */
export function detailErrors<T = FieldError>(e: unknown): T[] {
  if (!(e instanceof ApiError)) return [];
  const d = e.details as { errors?: unknown } | undefined;
  return Array.isArray(d?.errors) ? (d.errors as T[]) : [];
}

export function conflictDetails(e: unknown): ConflictDetails | null {
  if (!(e instanceof ApiError) || e.status !== 409) return null;
  const d = e.details as Partial<ConflictDetails> | undefined;
  if (!d || typeof d.currentVersion !== 'number' || !Array.isArray(d.changes)) return null;
  return { currentVersion: d.currentVersion, updatedBy: d.updatedBy ?? null, updatedAt: d.updatedAt ?? null, changes: d.changes };
}

function parse(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export async function sendJson<T>(method: 'PUT' | 'POST', url: string, body: unknown, csrf: string | null): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json' };
  if (csrf) headers['x-csrf-token'] = csrf;
  let res: Response;
  try {
    res = await fetch(url, { method, headers, credentials: 'same-origin', body: JSON.stringify(body ?? {}) });
  } catch (e) {
    throw new NetworkError(e);
  }
  const parsed = parse(await res.text());
  if (!res.ok) throw errorFrom(res.status, parsed);
  return parsed as T;
}

/** One file as multipart/form-data; `onProgress` gets 0…1 while the bytes go up. */
export function uploadFile<T>(
  url: string,
  file: Blob,
  filename: string,
  csrf: string | null,
  onProgress: (share: number) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new NetworkError(new Error('upload failed')));
    xhr.onload = () => {
      const body = parse(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(body as T);
      } else reject(errorFrom(xhr.status, body));
    };
    const form = new FormData();
    form.append('file', file, filename);
    xhr.send(form);
  });
}
