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
import type { Role } from "./db/schema";
import { apiError } from "./http";

export const COOKIE = "voz_session";

export type SessionEnv = { Variables: { member: Member; csrfToken: string } };

const isHttps = (c: Context) => new URL(c.req.url).protocol === "https:";

export async function startSession(c: Context, db: Db, memberId: string): Promise<string> {
  const { token, csrfToken } = await createSession(db, memberId, Date.now());
  setCookie(c, COOKIE, token, {
    httpOnly: true,
    sameSite: "Strict",
    secure: isHttps(c),
    path: "/",
    maxAge: SESSION_ABSOLUTE_MS / 1000,
  });
  return csrfToken;
}

export async function endSession(c: Context, db: Db): Promise<void> {
  const token = getCookie(c, COOKIE);
  if (token) await deleteSession(db, token);
  deleteCookie(c, COOKIE, { path: "/", secure: isHttps(c) });
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** True when a state-changing request names our own host as its origin. */
export function sameOrigin(c: Context): boolean {
  const origin = c.req.header("origin");
  if (!origin) return false;
  try {
    return new URL(origin).host === (c.req.header("host") ?? new URL(c.req.url).host);
  } catch {
    return false;
  }
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
