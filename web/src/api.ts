// api.ts - the one way the app talks to /api/v1.
// JSON in and out; X-CSRF-Token on every write; every failure becomes an
// ApiError whose message exists in both languages and names its field
// (details.field) so a form can show it next to that field.
import { msg, type Msg } from './i18n';

export const API = '/api/v1';

export class ApiError extends Error {
  status: number;
  code: string;
  field?: string;
  msg: Msg;
  details: Record<string, unknown>;
  constructor(status: number, code: string, msg: Msg, details: Record<string, unknown> = {}) {
    super(msg.en || msg.vi || code);
    this.status = status;
    this.code = code;
    this.msg = msg;
    this.details = details;
    const f = details.field;
    if (typeof f === 'string' && f) this.field = f;
  }
  /** true when the route itself does not exist on this server (a feature not built yet). */
  get missingRoute(): boolean {
    return this.status === 404 && this.code === 'not_found' && !this.field;
  }
}

let csrf: string | null = null;
export function setCsrf(token: string | null): void {
  csrf = token;
}

export interface Options {
  signal?: AbortSignal;
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined | null>;
}

export function qs(query?: Options['query']): string {
  if (!query) return '';
  const p = new URLSearchParams();
  for (const k in query) {
    const v = query[k];
    if (v !== undefined && v !== null && v !== '' && v !== false) p.set(k, String(v));
  }
  const s = p.toString();
  return s ? '?' + s : '';
}

export async function api<T>(method: string, path: string, body?: unknown, opt: Options = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opt.headers };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrf) headers['X-CSRF-Token'] = csrf;
  let res: Response;
  try {
    res = await fetch(API + path + qs(opt.query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal: opt.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network', msg('error.network'));
  }
  const text = await res.text();
  if (res.ok) return parse(text) as T;
  throw toApiError(res.status, text);
}

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** The ApiError of a failed answer (status and body text); also used by uploads (XMLHttpRequest). */
export function toApiError(status: number, text: string): ApiError {
  const data = parse(text);
  const err = (data as { error?: { code?: string; message?: string; message_en?: string; details?: Record<string, unknown> } })
    ?.error;
  if (err && (err.message || err.message_en)) {
    return new ApiError(status, err.code || 'error', { vi: err.message || err.message_en || '', en: err.message_en || err.message || '' },
      err.details || {});
  }
  return new ApiError(status, err?.code || 'http_' + status, msg('error.generic'), err?.details || {});
}

export const csrfToken = () => csrf;

export const get = <T>(path: string, opt?: Options) => api<T>('GET', path, undefined, opt);
export const post = <T>(path: string, body: unknown, opt?: Options) => api<T>('POST', path, body, opt);
export const put = <T>(path: string, body: unknown, opt?: Options) => api<T>('PUT', path, body, opt);
export const del = <T>(path: string, opt?: Options) => api<T>('DELETE', path, undefined, opt);

/** A list answer: {items, next_cursor, total} (docs/api.md), tolerant of page-numbered lists. */
export interface List<T> {
  items: T[];
  next_cursor?: string | null;
  total?: number;
  page?: number;
  per_page?: number;
}
