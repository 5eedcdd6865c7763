// The one way the console talks to abonado: same-origin fetch with the
// session cookie, TMF error bodies turned into ApiError, and a 401 reported to
// the session (which sends the agent to the login page and back).

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly serverMessage: string,
    readonly field?: string,
    /** The error body, for the facts beside the message (attemptsLeft, retryAt). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(`${status} ${code}: ${serverMessage}`);
  }
}

export interface ApiResult<T> {
  data: T;
  status: number;
  /** X-Total-Count of list answers, when the server sent one. */
  total?: number;
  location?: string;
}

export interface RequestOptions {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as Idempotency-Key: the same key replays the first answer. */
  idempotencyKey?: string;
  signal?: AbortSignal;
  contentType?: string;
}

type UnauthorizedHandler = () => void;
let onUnauthorized: UnauthorizedHandler = () => {};

/** The session registers what a 401 means (back to login). */
export function setUnauthorizedHandler(handler: UnauthorizedHandler): void {
  onUnauthorized = handler;
}

const kLoginPath = "/api/v1/auth/login";

export function withQuery(path: string, query?: RequestOptions["query"]): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== "") params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { Accept: "application/json" };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) {
    body = opts.body;
  } else if (opts.body !== undefined) {
    headers["Content-Type"] = opts.contentType ?? "application/json";
    body = JSON.stringify(opts.body);
  }
  if (opts.idempotencyKey) headers["Idempotency-Key"] = opts.idempotencyKey;

  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method: opts.method ?? (body === undefined ? "GET" : "POST"),
      headers,
      body,
      credentials: "same-origin",
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiError(0, "NETWORK_ERROR", e instanceof Error ? e.message : String(e));
  }

  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!res.ok) {
    const err = (typeof data === "object" && data !== null ? data : {}) as Record<string, unknown>;
    const error = new ApiError(
      res.status,
      typeof err.code === "string" ? err.code : `HTTP_${res.status}`,
      typeof err.message === "string" ? err.message : typeof data === "string" ? data : res.statusText,
      typeof err.field === "string" ? err.field : undefined,
      err,
    );
    if (res.status === 401 && path !== kLoginPath) onUnauthorized();
    throw error;
  }
  const total = res.headers.get("X-Total-Count");
  return {
    data: data as T,
    status: res.status,
    total: total === null ? undefined : Number(total),
    location: res.headers.get("Location") ?? undefined,
  };
}

export async function get<T>(path: string, query?: RequestOptions["query"], signal?: AbortSignal): Promise<T> {
  return (await request<T>(path, { query, signal })).data;
}

export async function post<T>(path: string, body: unknown, idempotencyKey?: string): Promise<T> {
  return (await request<T>(path, { method: "POST", body, idempotencyKey })).data;
}

export async function patch<T>(path: string, body: unknown): Promise<T> {
  return (await request<T>(path, { method: "PATCH", body, contentType: "application/merge-patch+json" }))
    .data;
}

/** A random key for Idempotency-Key (crypto.randomUUID needs a secure context; this does not). */
export function newKey(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}
