// The HTTP conventions every route shares: the error shape of DESIGN §5, JSON bodies parsed
// with zod, security headers, and request logs that hold nothing about the client.
import type { Context, MiddlewareHandler } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";
import { toSchemaErrors } from "../surveys/schema";

export interface ApiError {
  code: string;
  message: string;
  /** JSON path of the offending field, e.g. `$.ciphertext`. */
  field?: string;
}

export function apiError(c: Context, status: ContentfulStatusCode, error: ApiError): Response {
  return c.json({ error }, status);
}

export type BodyResult<T> = { ok: true; value: T } | { ok: false; response: Response };

/** Reads a JSON body and validates it; any failure is a 4xx naming the field, never a throw. */
export async function readJson<T>(c: Context, schema: z.ZodType<T>): Promise<BodyResult<T>> {
  const fail = (status: ContentfulStatusCode, error: ApiError) => ({
    ok: false as const,
    response: apiError(c, status, error),
  });
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    return fail(415, {
      code: "unsupported_media_type",
      message: "send the body as application/json",
      field: "content-type",
    });
  }
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    return fail(400, { code: "malformed_json", message: "the body is not valid JSON", field: "$" });
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  const first = toSchemaErrors(parsed.error)[0];
  return fail(400, {
    code: parsed.error.issues[0]?.code === "unrecognized_keys" ? "unknown_field" : "invalid_field",
    message: first?.message ?? "invalid body",
    field: first?.path ?? "$",
  });
}

/**
 * DESIGN §9.3: nothing from another origin. libsodium needs WebAssembly compilation
 * ('wasm-unsafe-eval'); no inline script and no inline style are allowed.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
  c.header("Referrer-Policy", "no-referrer");
  c.header("X-Content-Type-Options", "nosniff");
  c.header("X-Frame-Options", "DENY");
  c.header("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
  c.header("Cross-Origin-Opener-Policy", "same-origin");
  if (new URL(c.req.url).protocol === "https:") {
    c.header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  }
};

export interface LogEntry {
  event: string;
  [field: string]: string | number | boolean | undefined;
}
export type Log = (entry: LogEntry) => void;

export const jsonLog: Log = (entry) => process.stdout.write(`${JSON.stringify(entry)}\n`);

/**
 * DESIGN §9.2: a request log keeps the route pattern (not the path, never the query), the
 * method, the status and the duration — no address, user agent, referrer or clock time.
 */
export function requestLog(log: Log): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    log({
      event: "request",
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    });
  };
}

export type ClientAddress = (c: Context) => string;

/**
 * The peer address, used only as rate-limit input (see server/limits.ts). Behind a reverse
 * proxy the peer is the proxy, so `trustProxy` takes the last X-Forwarded-For hop instead.
 */
export function clientAddress(trustProxy: boolean): ClientAddress {
  return (c) => {
    if (trustProxy) {
      const hops = c.req.header("x-forwarded-for")?.split(",");
      const last = hops?.[hops.length - 1]?.trim();
      if (last) return last;
    }
    const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)
      ?.incoming;
    return incoming?.socket?.remoteAddress ?? "unknown";
  };
}

export function tooMany(c: Context, retryAfterSeconds: number, message: string): Response {
  c.header("Retry-After", String(retryAfterSeconds));
  return apiError(c, 429, { code: "rate_limited", message });
}
