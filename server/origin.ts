// The one origin Voz answers as (DESIGN §6 `VOZ_PUBLIC_ORIGIN`): links, QR codes and posters are
// made from it, and state changes must come from it. Never from the request's Host header, which
// anyone can set (issue 13: `Host: evil.example` put evil.example in a poster's QR code).
import type { Context, MiddlewareHandler } from "hono";

export interface PublicOrigin {
  /** `scheme://host[:port]`, no path: what links and QR codes start with. */
  url: string;
  /** https: cookies are `Secure` and every response carries HSTS. */
  secure: boolean;
  /** Whether a request's `Origin` header is this origin. */
  accepts(origin: string | undefined): boolean;
}

/** The origin of `url` when it is an http(s) origin and nothing more (no path, query, user). */
export function parseOrigin(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const bare =
    (parsed.protocol === "https:" || parsed.protocol === "http:") &&
    parsed.username === "" &&
    parsed.password === "" &&
    parsed.search === "" &&
    parsed.hash === "" &&
    (parsed.pathname === "/" || parsed.pathname === "") &&
    !url.endsWith("/");
  return bare ? parsed.origin : null;
}

/** The configured public origin, e.g. `https://voz.example.org`. */
export function publicOrigin(url: string): PublicOrigin {
  const origin = parseOrigin(url);
  if (!origin) throw new Error(`not an http(s) origin: ${url}`);
  return {
    url: origin,
    secure: origin.startsWith("https:"),
    accepts: (header) => header === origin,
  };
}

/**
 * When no origin is configured and the server listens on loopback: links say
 * `http://localhost:<port>`, and the browser may have been pointed at any loopback name.
 */
export function loopbackOrigin(port: number): PublicOrigin {
  const suffix = port === 80 ? "" : `:${port}`;
  const names = ["localhost", "127.0.0.1", "[::1]"].map((host) => `http://${host}${suffix}`);
  return {
    url: names[0] as string,
    secure: false,
    accepts: (header) => header !== undefined && names.includes(header),
  };
}

export type OriginEnv = { Variables: { publicOrigin: PublicOrigin } };

/** Makes the app's origin known to every handler (`originOf`). */
export function provideOrigin(origin: PublicOrigin): MiddlewareHandler<OriginEnv> {
  return async (c, next) => {
    c.set("publicOrigin", origin);
    await next();
  };
}

export function originOf(c: Context): PublicOrigin {
  const origin = c.get("publicOrigin") as PublicOrigin | undefined;
  if (!origin) throw new Error("no public origin: createApp sets it for every request");
  return origin;
}
