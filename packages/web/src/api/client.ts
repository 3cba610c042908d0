import { errorMessage, isErrorCode, type ErrorCode, type Lang } from '@tianheng/core';

/** A failed API call: the server's `{ code, message, field?, details? }` and the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'network-error',
    message: string,
    readonly field?: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What the app does when the server says the session is gone or the password must change. */
interface AuthHandlers {
  onUnauthenticated(code: 'unauthenticated' | 'session-expired'): void;
  onPasswordChangeRequired(): void;
}

let handlers: AuthHandlers | null = null;
let lang: Lang = 'zh-CN';
const networkMessage: Record<Lang, string> = {
  'zh-CN': '无法连接服务器，请检查网络',
  en: 'Cannot reach the server; check the network',
};

/** Wire the client to the router (called once at start-up). */
export function configureApi(next: AuthHandlers): void {
  handlers = next;
}

/** The language the server should answer errors in. */
export function setApiLang(next: Lang): void {
  lang = next;
}

type QueryValue = string | number | boolean | null | undefined;

/** Build `path?query`, leaving out empty values. */
export function withQuery(path: string, query?: Readonly<Record<string, QueryValue>>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

function headers(extra?: Record<string, string>): Record<string, string> {
  return {
    Accept: 'application/json',
    'Accept-Language': lang === 'en' ? 'en' : 'zh-CN,zh;q=0.9',
    ...extra,
  };
}

async function send(path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(path, { credentials: 'same-origin', ...init });
  } catch (cause) {
    throw new ApiError(0, 'network-error', networkMessage[lang], undefined, {
      cause: String(cause),
    });
  }
}

/** Turn an error response into an ApiError, and send the user where the error says. */
async function failure(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    // A proxy or a crash may answer with HTML: fall back to the status below.
    body = null;
  }
  const raw = (body ?? {}) as {
    code?: unknown;
    message?: unknown;
    field?: unknown;
    details?: unknown;
  };
  const code: ErrorCode =
    typeof raw.code === 'string' && isErrorCode(raw.code)
      ? raw.code
      : response.status === 404
        ? 'not-found'
        : 'internal-error';
  const error = new ApiError(
    response.status,
    code,
    typeof raw.message === 'string' ? raw.message : errorMessage(code, lang),
    typeof raw.field === 'string' ? raw.field : undefined,
    typeof raw.details === 'object' && raw.details !== null
      ? (raw.details as Record<string, unknown>)
      : undefined,
  );
  if (code === 'unauthenticated' || code === 'session-expired') handlers?.onUnauthenticated(code);
  if (code === 'password-change-required') handlers?.onPasswordChangeRequired();
  return error;
}

/** Call the API with JSON (or a FormData upload) and return the parsed JSON answer. */
export async function request<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const init: RequestInit = { method, headers: headers() };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = headers({ 'Content-Type': 'application/json' });
  }
  const response = await send(path, init);
  if (!response.ok) throw await failure(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

function fileNameOf(response: Response, fallback: string): string {
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const star = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].replace(/"/g, ''));
    } catch {
      // A malformed encoded name: use the plain one or the fallback below.
      return fallback;
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain?.[1] ?? fallback;
}

/** Download a file from the API (with the session cookie) and hand it to the browser. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const response = await send(path, {
    method: 'GET',
    headers: headers({ Accept: 'application/octet-stream, application/json' }),
  });
  if (!response.ok) throw await failure(response);
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileNameOf(response, fallbackName);
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // Revoke later: some browsers read the blob after click() returns.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
