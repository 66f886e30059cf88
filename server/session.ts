// Coordinator sessions (issue 4): an HttpOnly SameSite=Strict cookie holding a random token
// whose hash is stored; state-changing requests must also come from our own origin and carry
// the session's CSRF token. Respondent routes never read or set a cookie (DESIGN §9.2).
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import {
  createSession,
  deleteSession,
  findSession,
  type Member,
  SESSION_ABSOLUTE_MS,
} from "./db/accounts";
import type { Db } from "./db/client";
import { rememberDevice } from "./db/logins";
import type { Role } from "./db/schema";
import { apiError } from "./http";
import { originOf } from "./origin";

export const COOKIE = "voz_session";

export type SessionEnv = { Variables: { member: Member; csrfToken: string } };

/** Behind a TLS proxy the last hop is plain http: the configured origin says what users see. */
const isHttps = (c: Context) => originOf(c).secure;

/**
 * Marks a browser its member logged in from (db/logins.ts): sent only to the login route, where
 * it gives that browser a count of wrong passwords of its own.
 */
export const DEVICE_COOKIE = "voz_device";
/** The longest a browser keeps a cookie (Chrome caps Max-Age at 400 days). */
const DEVICE_MAX_AGE_S = 400 * 24 * 60 * 60;

export async function startSession(c: Context, db: Db, memberId: string): Promise<string> {
  const now = Date.now();
  const { token, csrfToken } = await createSession(db, memberId, now);
  const cookie = { httpOnly: true, sameSite: "Strict", secure: isHttps(c) } as const;
  setCookie(c, COOKIE, token, { ...cookie, path: "/", maxAge: SESSION_ABSOLUTE_MS / 1000 });
  const device = await rememberDevice(db, memberId, getCookie(c, DEVICE_COOKIE), now);
  if (device) {
    setCookie(c, DEVICE_COOKIE, device, {
      ...cookie,
      path: "/api/login",
      maxAge: DEVICE_MAX_AGE_S,
    });
  }
  return csrfToken;
}

export async function endSession(c: Context, db: Db): Promise<void> {
  const token = getCookie(c, COOKIE);
  if (token) await deleteSession(db, token);
  deleteCookie(c, COOKIE, { path: "/", secure: isHttps(c) });
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * True when a state-changing request names our configured origin as its own. Never compared
 * with Host: a page at a rebinding domain sends a matching Origin and Host of its own.
 */
export function sameOrigin(c: Context): boolean {
  return originOf(c).accepts(c.req.header("origin"));
}

/**
 * Lets the request through only for a logged-in member whose role is listed: 401 without a
 * valid session, 403 for another role or a cross-site / token-less state change.
 */
export function requireMember(db: Db, roles: readonly Role[]): MiddlewareHandler<SessionEnv> {
  return async (c, next) => {
    const token = getCookie(c, COOKIE);
    const session = token ? await findSession(db, token, Date.now()) : undefined;
    if (!session) return apiError(c, 401, { code: "not_logged_in", message: "log in first" });
    if (UNSAFE.has(c.req.method)) {
      if (!sameOrigin(c) || c.req.header("x-csrf-token") !== session.csrfToken) {
        return apiError(c, 403, {
          code: "csrf",
          message: "state changes must come from this site with its CSRF token",
          field: "x-csrf-token",
        });
      }
    }
    if (!roles.includes(session.member.role)) {
      return apiError(c, 403, { code: "forbidden", message: "your role does not allow this" });
    }
    c.set("member", session.member);
    c.set("csrfToken", session.csrfToken);
    await next();
  };
}

export const ANY_ROLE = ["owner", "designer", "analyst"] as const;
