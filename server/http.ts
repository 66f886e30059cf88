// The HTTP conventions every route shares: the error shape of DESIGN §5, JSON bodies parsed
// with zod, security headers, and request logs that hold nothing about the client.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Socket } from "node:net";
import { promisify } from "node:util";
import { brotliCompress, gzip as gzipCallback, constants as zlibConstants } from "node:zlib";
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import { toSchemaErrors } from "../surveys/schema";
import { originOf } from "./origin";

export interface ApiError {
  code: string;
  message: string;
  /** JSON path of the offending field, e.g. `$.ciphertext`. */
  field?: string;
}

export function apiError(c: Context, status: ContentfulStatusCode, error: ApiError): Response {
  return jsonAnswer(c, { error }, status);
}

/**
 * A JSON answer that declares its length, so that the compression middleware can leave a small
 * one alone without reading it: reading the body made @hono/node-server build a web Response and
 * stream it out (bench:ingest, with the Accept-Encoding a phone sends: 0.06 ms of a
 * submission's 0.33 ms of CPU).
 */
export function jsonAnswer(c: Context, value: unknown, status: ContentfulStatusCode): Response {
  const text = JSON.stringify(value);
  return c.body(text, status, {
    "Content-Type": "application/json",
    "Content-Length": String(Buffer.byteLength(text)),
  });
}

export type BodyResult<T> = { ok: true; value: T } | { ok: false; response: Response };

/**
 * What a request body may weigh unless its route says more: every JSON route reads through
 * readJson, which counts the bytes as they come and stops at the limit (issue 13: a 400 MB
 * login took the server from 0.53 to 1.58 GB).
 */
export const MAX_BODY_BYTES = 64 * 1024;
/** Routes taking lists of up to 500 sealed keys (a rotation: ~260 KB), or a feedback frame. */
export const LARGE_BODY_BYTES = 512 * 1024;
/** The most any route takes (a publication); the app refuses anything bigger before routing. */
export const LARGEST_BODY_BYTES = 2 * 1024 * 1024;

/**
 * How long, and for how many more bytes, a refused body may keep arriving after the 413. Node
 * destroys the socket as soon as the 413 is flushed; the sender, still writing, then gets a reset,
 * and a reset can reach it before it has read the 413 (24 of 200 refusals over loopback came back
 * as a network error instead). Lingering as Apache and nginx do lets it read the answer; the bytes
 * are thrown away as they come, so memory stays flat.
 *
 * Past the byte cap the server stops reading rather than cutting the connection: a sender that
 * keeps writing is then held by TCP's flow control, and its writes wait, so it gets to read the
 * 413; the connection is cut at the time limit. Cut at the cap, a sender that had not read its 413
 * by then was reset: 1 refusal in ~30,000 over loopback on a busy machine (one in a CI run of 20),
 * 70 MB sent and not a byte of the answer read. The cap exceeds what the kernels hold in flight
 * (Linux's loopback buffers: up to `tcp_rmem` 32 MB receiving here, and 4 MB sending), so a sender
 * that reads its answer is never held at all.
 */
const LINGER_MS = 2_000;
const LINGER_BYTES = largestReceiveBuffer() + 32 * 1024 * 1024;

/** Linux's ceiling on a TCP receive buffer (`tcp_rmem` max); its default, 6 MB, elsewhere. */
function largestReceiveBuffer(): number {
  try {
    const max = Number(readFileSync("/proc/sys/net/ipv4/tcp_rmem", "utf8").trim().split(/\s+/)[2]);
    if (Number.isSafeInteger(max) && max > 0) return max;
  } catch {
    // Not Linux, or /proc not mounted.
  }
  return 6 * 1024 * 1024;
}

/** The connection a request came on, when it came over Node's HTTP (not `app.request`). */
function socketOf(c: Context): Socket | undefined {
  return (c.env as { incoming?: { socket?: Socket } } | undefined)?.incoming?.socket;
}

/** Closes the request's socket the lingering way the next time Node would close it at once. */
function lingerOnClose(c: Context): void {
  const socket = socketOf(c);
  if (!socket) return;
  socket.destroySoon = () => {
    socket.end();
    const start = socket.bytesRead;
    // Polled: the HTTP parser reads the socket without a 'data' event to count in.
    const watch = setInterval(() => {
      if (socket.bytesRead - start > LINGER_BYTES) socket.pause();
    }, 10);
    const stop = setTimeout(() => socket.destroy(), LINGER_MS);
    watch.unref();
    stop.unref();
    socket.once("close", () => {
      clearInterval(watch);
      clearTimeout(stop);
    });
  };
}

/** 413 with the DESIGN §5 error, and the connection closed: the rest of the body goes unread. */
export function tooLarge(c: Context, maxBytes: number, what = "the body"): Response {
  c.header("Connection", "close");
  lingerOnClose(c);
  return apiError(c, 413, {
    code: "too_large",
    message: `${what} must be at most ${maxBytes} bytes`,
    field: "$",
  });
}

/**
 * The body's length as its sender declared it, when that is the length read: Node's parser
 * reads exactly that many bytes then, and a chunked body (Transfer-Encoding) has none.
 */
function declaredLength(c: Context): number | undefined {
  const length = c.req.header("content-length");
  if (length === undefined || c.req.header("transfer-encoding") !== undefined) return undefined;
  return Number(length);
}

/**
 * The body as text, or null past `maxBytes`: refused at once when its declared length says so,
 * else counted as it streams in and abandoned at the limit, so no more than that is held. A
 * body of declared length is read whole, without a stream: @hono/node-server then reads it
 * straight from Node's request instead of building a web Request around it (a tenth of a
 * submission's CPU, bench:ingest profile).
 */
export async function readText(c: Context, maxBytes: number): Promise<string | null> {
  const length = declaredLength(c);
  if (length !== undefined) {
    if (!(length <= maxBytes)) return null;
    const text = await c.req.raw.text();
    return Buffer.byteLength(text) > maxBytes ? null : text;
  }
  const body = c.req.raw.body;
  if (!body) return "";
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * How deep a JSON body may nest. JSON.parse copes with any depth, but everything after it walks
 * the value recursively (the NUL check, zod, structuredClone, the gate's postMessage), and
 * 5,000 levels overflowed the stack: a 500 on every JSON route, and a publication 100,000 deep
 * killed the server process (the structured clone threw inside a worker's event handler). The
 * deepest body of ours is a survey definition whose conditions nest `all`/`any`/`not`: two levels
 * each, so 64 leaves a condition 25 deep, past any questionnaire's logic.
 */
export const MAX_JSON_DEPTH = 64;

/** Whether `text`, valid JSON, opens more than `max` arrays or objects inside one another. */
function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c)
        i++; // a backslash: the next character is escaped
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) {
      if (++depth > max) return true;
    } else if (ch === 0x5d || ch === 0x7d) depth--;
  }
  return false;
}

/**
 * The id a browser gives a response or a message, which makes a retry safe: a random UUID v4,
 * kept lower-case, since a UUID in capitals is the same UUID and SQLite compares text by case
 * (the same answer sent again with its id in capitals was stored twice).
 */
export const submissionId = (message: string) => z.uuid({ version: "v4", message }).toLowerCase();

/**
 * Reads a JSON body of at most `maxBytes` and validates it; any failure is a 4xx naming the
 * field, never a throw.
 */
export async function readJson<T>(
  c: Context,
  schema: z.ZodType<T>,
  maxBytes = MAX_BODY_BYTES,
): Promise<BodyResult<T>> {
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
  const text = await readText(c, maxBytes);
  if (text === null) return { ok: false, response: tooLarge(c, maxBytes) };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return fail(400, { code: "malformed_json", message: "the body is not valid JSON", field: "$" });
  }
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
    return fail(400, {
      code: "too_deep",
      message: `the body nests arrays and objects more than ${MAX_JSON_DEPTH} deep`,
      field: "$",
    });
  }
  // PostgreSQL's text cannot hold a NUL character (SQLite's can), and no field of ours needs one:
  // refused here, naming the field, rather than failing in the database.
  const nul = text.includes("\\u0000") ? pathOfNul(body, "$") : undefined;
  if (nul) {
    return fail(400, { code: "invalid_field", message: "text may not contain NUL", field: nul });
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

const FORM = /^application\/x-www-form-urlencoded\s*(;|$)/i;

/** The fields of a form-encoded body of at most `maxBytes` (the pages without JavaScript). */
export async function readFormFields(
  c: Context,
  maxBytes = MAX_BODY_BYTES,
): Promise<BodyResult<URLSearchParams>> {
  if (!FORM.test(c.req.header("content-type") ?? "")) {
    return {
      ok: false,
      response: apiError(c, 415, {
        code: "unsupported_media_type",
        message: "send the form as application/x-www-form-urlencoded",
        field: "content-type",
      }),
    };
  }
  const text = await readText(c, maxBytes);
  if (text === null) return { ok: false, response: tooLarge(c, maxBytes, "the form") };
  return { ok: true, value: new URLSearchParams(text) };
}

/**
 * A form a page of ours posts, each field once, validated: any failure is a 4xx naming the
 * field by its name in the form. Our pages never post such a form, so a person never sees this
 * JSON; their own slips (nothing chosen, nothing written) are the route's to show on the page.
 */
export async function readForm<T>(
  c: Context,
  schema: z.ZodType<T>,
  maxBytes = MAX_BODY_BYTES,
): Promise<BodyResult<T>> {
  const fields = await readFormFields(c, maxBytes);
  if (!fields.ok) return fields;
  const fail = (error: ApiError) => ({ ok: false as const, response: apiError(c, 400, error) });
  const seen = new Set<string>();
  for (const [name, value] of fields.value) {
    if (seen.has(name)) {
      return fail({
        code: "repeated_field",
        message: "the form has this field twice",
        field: name,
      });
    }
    seen.add(name);
    // As readJson: no field of ours holds a NUL, which PostgreSQL could not store anyway.
    if (value.includes("\0")) {
      return fail({ code: "invalid_field", message: "text may not contain NUL", field: name });
    }
  }
  const parsed = schema.safeParse(Object.fromEntries(fields.value));
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const unknown = issue?.code === "unrecognized_keys";
  return fail({
    code: unknown ? "unknown_field" : "invalid_field",
    message: issue?.message ?? "invalid form",
    field: unknown ? (issue.keys[0] ?? "$") : String(issue?.path[0] ?? "$"),
  });
}

/** The JSON path of the first string (or key) in `value` that holds a NUL character. */
function pathOfNul(value: unknown, path: string): string | undefined {
  if (typeof value === "string") return value.includes("\0") ? path : undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = pathOfNul(item, `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value === null || typeof value !== "object") return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = key.includes("\0") ? `${path}.${key}` : pathOfNul(item, `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}

/** No name in Voz (slug, id, file) holds a NUL, and PostgreSQL cannot be asked about one. */
export const refuseNulPaths: MiddlewareHandler = async (c, next) => {
  // Parsed only when the URL holds "%00" somewhere, not for every request.
  const url = c.req.url;
  if (c.req.path.includes("\0") || (url.includes("%00") && /%00/.test(new URL(url).pathname))) {
    return apiError(c, 404, { code: "not_found", message: "no such route" });
  }
  await next();
};

/**
 * DESIGN §9.3: nothing from another origin. libsodium needs WebAssembly compilation
 * ('wasm-unsafe-eval'). No inline script, and no inline style but the exact texts given here,
 * allowed by their SHA-256 (the respondent page inlines its own built CSS: issue 6 item 1).
 */
export function contentSecurityPolicy(
  inlineStyles: readonly string[] = [],
  inlineScripts: readonly string[] = [],
): string {
  const hash = (text: string) =>
    `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
  return [
    "default-src 'self'",
    ["script-src 'self' 'wasm-unsafe-eval'", ...inlineScripts.map(hash)].join(" "),
    ["style-src 'self'", ...inlineStyles.map(hash)].join(" "),
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/**
 * Set before the route runs, so the response the route makes carries them from the start: set
 * after, each header rebuilt the finished response (a new Response and body stream per header,
 * seven per request). A route that sets its own policy replaces this one; a route that returns
 * a Response of its own making gets them after.
 */
const SECURITY_HEADERS: readonly [string, string][] = [
  ["Content-Security-Policy", CONTENT_SECURITY_POLICY],
  ["Referrer-Policy", "no-referrer"],
  ["X-Content-Type-Options", "nosniff"],
  ["X-Frame-Options", "DENY"],
  ["Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"],
  ["Cross-Origin-Opener-Policy", "same-origin"],
];
const SECURE_SECURITY_HEADERS: readonly [string, string][] = [
  ...SECURITY_HEADERS,
  ["Strict-Transport-Security", "max-age=31536000; includeSubDomains"],
];

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  // From the configured origin, not the request: behind a TLS proxy the last hop is plain http.
  const headers = originOf(c).secure ? SECURE_SECURITY_HEADERS : SECURITY_HEADERS;
  for (const [name, value] of headers) c.header(name, value);
  await next();
  for (const [name, value] of headers) {
    if (!c.res.headers.has(name)) c.header(name, value);
  }
};

export interface LogEntry {
  event: string;
  [field: string]: string | number | boolean | undefined;
}
export type Log = (entry: LogEntry) => void;

export const jsonLog: Log = (entry) => process.stdout.write(`${JSON.stringify(entry)}\n`);

/**
 * Respondents' routes (survey and feedback pages, their APIs, the quick exit's page, the start
 * page where a survey's short name from a poster is typed): any log collector stamps each line
 * with the time, so one line per submission would date every response (DESIGN §9.7). Their
 * requests are counted instead.
 */
export function isRespondentRoute(route: string): boolean {
  return /^\/(s|f|api\/surveys|api\/feedback)\/|^\/(home|sw\.js)?$/.test(route);
}

/** At most this long between a respondent request and the line that counts it. */
export const COUNT_WINDOW_MS = 60_000;

/**
 * DESIGN §9.2: a request log keeps the route pattern (not the path, never the query), the
 * method, the status and the duration — no address, user agent, referrer or clock time.
 * Respondents' requests get no line of their own: they are counted by method, route and status,
 * and the counts written once per window (and when the server stops: `flush`).
 */
export class RequestLog {
  private counts = new Map<
    string,
    { method: string; route: string; status: number; count: number }
  >();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly log: Log,
    private readonly windowMs = COUNT_WINDOW_MS,
  ) {}

  readonly middleware: MiddlewareHandler = async (c, next) => {
    const started = performance.now();
    await next();
    const method = c.req.method;
    const route = c.req.routePath;
    const status = c.res.status;
    if (!isRespondentRoute(route)) {
      this.log({
        event: "request",
        method,
        route,
        status,
        ms: Math.round(performance.now() - started),
      });
      return;
    }
    const key = `${method} ${route} ${status}`;
    const counted = this.counts.get(key) ?? { method, route, status, count: 0 };
    counted.count++;
    this.counts.set(key, counted);
    // A timer only while there is something to write; it never keeps the process alive.
    this.timer ??= setTimeout(() => this.flush(), this.windowMs).unref();
  };

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const counted of this.counts.values())
      this.log({ event: "respondent_requests", ...counted });
    this.counts.clear();
  }
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
    return socketOf(c)?.remoteAddress ?? "unknown";
  };
}

export function tooMany(c: Context, retryAfterSeconds: number, message: string): Response {
  c.header("Retry-After", String(retryAfterSeconds));
  return apiError(c, 429, { code: "rate_limited", message });
}

/**
 * Refuses a body over `maxSize` bytes before the route reads it, with the error shape of
 * DESIGN §5: at once by its declared length, or, sent without one, after at most `maxSize`.
 * A declared length is checked without touching the body, which stays unread for the route
 * (readText); hono's bodyLimit would build a web Request to look at it.
 */
export function limitBody(maxSize: number, what = "the body"): MiddlewareHandler {
  const streamed = bodyLimit({ maxSize, onError: (c) => tooLarge(c, maxSize, what) });
  return async (c, next) => {
    const length = declaredLength(c);
    if (length === undefined) {
      // Without a declared length, a GET or HEAD has no body to count.
      if (c.req.method === "GET" || c.req.method === "HEAD") return next();
      return streamed(c, next);
    }
    if (length > maxSize) return tooLarge(c, maxSize, what);
    await next();
  };
}

/**
 * A one-line HTML page for people, not scripts: a survey that is gone, closed, or a client
 * that is not built yet. Messages are ours, never user input, so they are not escaped.
 */
export function messagePage(c: Context, status: ContentfulStatusCode, message: string): Response {
  c.header("Cache-Control", "no-store");
  return c.html(
    `<!doctype html><html lang="es"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Voz</title><p>${message}</p></html>`,
    status,
  );
}

export const NOT_BUILT = "The client is not built: run npm run build.";

const brotli = promisify(brotliCompress);
const gzip = promisify(gzipCallback);

const COMPRESSIBLE = /^(text\/|application\/(json|javascript|manifest\+json|xml)|image\/svg\+xml)/i;
/** Below this, compression costs more round-trip bytes (headers, framing) than it saves. */
const COMPRESS_MIN_BYTES = 512;

/** The encoding to use for an `Accept-Encoding` header: brotli when accepted, else gzip. */
export function pickEncoding(accept: string | undefined): Encoding | null {
  const accepted = new Map<string, number>();
  for (const part of (accept ?? "").split(",")) {
    const [name = "", ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    accepted.set(name.trim(), q ? Number(q.slice(2)) || 0 : 1);
  }
  const wants = (name: string) => (accepted.get(name) ?? accepted.get("*") ?? 0) > 0;
  if (wants("br")) return "br";
  if (wants("gzip")) return "gzip";
  return null;
}

export type Encoding = "br" | "gzip";

/** The bytes compressed as `encoding`, as the compression middleware sends them. */
export function encode(bytes: Buffer, encoding: Encoding): Promise<Buffer> {
  return encoding === "br"
    ? brotli(bytes, {
        params: {
          // Quality 9: within a few percent of 11 on pages this size, several times faster.
          [zlibConstants.BROTLI_PARAM_QUALITY]: 9,
          [zlibConstants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        },
      })
    : gzip(bytes, { level: 9 });
}

/**
 * Compresses HTML, JSON, scripts and styles the routes produce (DESIGN §1: prepaid data, 2G).
 * Files that were compressed at build time arrive with Content-Encoding set and pass through.
 */
export const compression: MiddlewareHandler = async (c, next) => {
  await next();
  const res = c.res;
  const type = res.headers.get("content-type") ?? "";
  if (!COMPRESSIBLE.test(type)) return;
  // On the response itself: `c.header` after the route has answered builds a new Response
  // around the body, on every JSON answer of every route.
  res.headers.append("Vary", "Accept-Encoding");
  const declared = res.headers.get("content-length");
  if (
    c.req.method === "HEAD" ||
    res.status === 204 ||
    res.status === 304 ||
    (declared !== null && Number(declared) < COMPRESS_MIN_BYTES) ||
    res.headers.has("content-encoding") ||
    /no-transform/i.test(res.headers.get("cache-control") ?? "")
  ) {
    return;
  }
  const encoding = pickEncoding(c.req.header("accept-encoding"));
  // Only now the body: touching it turns @hono/node-server's answer of a string into a web
  // Response streamed out, several times the CPU of the answer itself (jsonAnswer).
  if (!encoding || !res.body) return;
  const bytes = Buffer.from(await res.arrayBuffer());
  // Hono copies the old response's headers onto the new one: drop the stale length first.
  res.headers.delete("content-length");
  if (bytes.length < COMPRESS_MIN_BYTES) {
    c.res = new Response(bytes, res);
    return;
  }
  const compressed = await encode(bytes, encoding);
  c.res = new Response(new Uint8Array(compressed), res);
  c.res.headers.set("Content-Encoding", encoding);
  c.res.headers.set("Content-Length", String(compressed.length));
};
