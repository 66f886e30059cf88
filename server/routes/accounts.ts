import { Hono, type MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { z } from "zod";
import {
  MIN_PASSPHRASE_LENGTH,
  publicKeySchema,
  wrappedKeySchema,
} from "../../client/lib/key-format";
import {
  acceptInvitation,
  createInvitedOrganization,
  createOrganization,
  loginRecord,
  type Member,
  organizationName,
} from "../db/accounts";
import type { Db } from "../db/client";
import { claimLoginAttempt, loginGate, recordLoginFailure, recordLoginSuccess } from "../db/logins";
import { type InvitationProblem, invitationState } from "../db/team";
import { apiError, type ClientAddress, readJson, tooMany } from "../http";
import type { ClientLimiter } from "../limits";
import { hashPassword, verifyPassword } from "../secrets";
import {
  ANY_ROLE,
  DEVICE_COOKIE,
  endSession,
  requireMember,
  type SessionEnv,
  sameOrigin,
  startSession,
} from "../session";

/**
 * Who may create an organization: anyone, whoever holds a link from `cli org create`, or nobody
 * (existing organizations invite their members). Issue 13 item 8: on a public server, open
 * sign-up lets anyone publish lookalike surveys under the trusted domain.
 */
export const SIGNUP_MODES = ["open", "invite", "closed"] as const;
export type SignupMode = (typeof SIGNUP_MODES)[number];

const email = z.email().max(254);
const password = z
  .string()
  .min(MIN_PASSPHRASE_LENGTH, `must be at least ${MIN_PASSPHRASE_LENGTH} characters`)
  .max(1024);

const newMember = {
  email,
  password,
  publicKey: publicKeySchema,
  wrappedKey: wrappedKeySchema,
};
const signUpBody = z
  .strictObject({
    organization: z.string().trim().min(1).max(120).optional(),
    /** The operator's sign-up token (`cli org create`): the organization it names. */
    invitation: z.string().min(20).max(100).optional(),
    ...newMember,
  })
  .refine((b) => b.organization !== undefined || b.invitation !== undefined, {
    message: "name the organization",
    path: ["organization"],
  })
  .refine((b) => b.wrappedKey.publicKey === b.publicKey, {
    message: "the wrapped key must belong to the public key",
    path: ["wrappedKey", "publicKey"],
  });
const joinBody = z
  .strictObject({ token: z.string().min(20).max(100), ...newMember })
  .refine((b) => b.wrappedKey.publicKey === b.publicKey, {
    message: "the wrapped key must belong to the public key",
    path: ["wrappedKey", "publicKey"],
  });
const loginBody = z.strictObject({ email: z.string().max(254), password: z.string().max(1024) });
const checkBody = z.strictObject({ token: z.string().min(20).max(100) });

/** Why an invitation link cannot be used, said the same way before the form and after it. */
const INVITATION_PROBLEMS: Record<InvitationProblem, { status: 404 | 410; message: string }> = {
  unknown: { status: 404, message: "this invitation link is not valid" },
  used: { status: 410, message: "this invitation was already used; ask for a new one" },
  revoked: { status: 410, message: "this invitation was withdrawn; ask for a new one" },
  expired: { status: 410, message: "this invitation has expired; ask for a new one" },
};

/** What a member's own browser may know about them: never the password hash. */
export const memberView = (m: Member) => ({
  id: m.id,
  email: m.email,
  role: m.role,
  publicKey: m.publicKey,
  wrappedKey: m.wrappedKey,
  safeguarding: m.safeguarding,
});

// Spent on an unknown email too, so the answer's timing does not reveal which emails exist.
const decoy = hashPassword("decoy password that matches nothing");

export interface AccountDeps {
  db: Db;
  limiter: ClientLimiter;
  clientAddress: ClientAddress;
  signup: SignupMode;
}

export function accountRoutes({
  db,
  limiter,
  clientAddress,
  signup,
}: AccountDeps): Hono<SessionEnv> {
  const app = new Hono<SessionEnv>();

  // Sign-up, login and join carry no session yet; they still refuse other sites and floods.
  const unauthenticated: MiddlewareHandler<SessionEnv> = async (c, next) => {
    if (!sameOrigin(c)) {
      return apiError(c, 403, {
        code: "csrf",
        message: "requests must come from this site",
        field: "origin",
      });
    }
    const verdict = await limiter.hit(clientAddress(c));
    if (!verdict.ok)
      return tooMany(c, verdict.retryAfterSeconds, "too many attempts; try again later");
    await next();
  };

  app.post("/api/signup", unauthenticated, async (c) => {
    const body = await readJson(c, signUpBody);
    if (!body.ok) return body.response;
    const { organization, invitation, email, password, publicKey, wrappedKey } = body.value;
    if (signup === "closed") {
      return apiError(c, 403, {
        code: "signup_closed",
        message: "this server takes no new organizations; ask an organization to invite you",
      });
    }
    if (signup === "invite" && !invitation) {
      return apiError(c, 403, {
        code: "signup_by_invitation",
        message: "new organizations need a sign-up link from whoever runs this server",
        field: "$.invitation",
      });
    }
    const owner = { email, passwordHash: await hashPassword(password), publicKey, wrappedKey };
    const result = invitation
      ? await createInvitedOrganization(db, invitation, owner, Date.now())
      : await createOrganization(db, organization ?? "", owner);
    if (!result.ok && result.reason === "unknown_invitation") {
      return apiError(c, 404, {
        code: "unknown_invitation",
        message: "this sign-up link is not valid, used or expired; ask for a new one",
        field: "$.invitation",
      });
    }
    if (!result.ok) {
      return apiError(c, 409, {
        code: "email_taken",
        message: "this email already has an account",
        field: "$.email",
      });
    }
    const csrfToken = await startSession(c, db, result.memberId);
    return c.json({ memberId: result.memberId, orgId: result.orgId, csrfToken }, 201);
  });

  app.post("/api/login", unauthenticated, async (c) => {
    const body = await readJson(c, loginBody);
    if (!body.ok) return body.response;
    const now = Date.now();
    const record = await loginRecord(db, body.value.email);
    // The email's count, or that of a browser this member logged in from before (db/logins.ts);
    // the same work and the same answers whether or not the email has an account.
    const gate = await loginGate(db, body.value.email, record?.id, getCookie(c, DEVICE_COOKIE));
    const claim = await claimLoginAttempt(db, gate, now);
    if (!claim.ok) {
      return tooMany(
        c,
        Math.max(1, Math.ceil((claim.retryAt - now) / 1000)),
        "too many failed logins; wait and try again",
      );
    }
    const valid = await verifyPassword(body.value.password, record?.passwordHash ?? (await decoy));
    if (!record || !valid) {
      await recordLoginFailure(db, gate, Date.now());
      return apiError(c, 401, { code: "bad_login", message: "the email or the password is wrong" });
    }
    await recordLoginSuccess(db, gate);
    return c.json({ csrfToken: await startSession(c, db, record.id) });
  });

  app.post("/api/join", unauthenticated, async (c) => {
    const body = await readJson(c, joinBody);
    if (!body.ok) return body.response;
    const { token, email, password, publicKey, wrappedKey } = body.value;
    const result = await acceptInvitation(
      db,
      token,
      { email, passwordHash: await hashPassword(password), publicKey, wrappedKey },
      Date.now(),
    );
    if (!result.ok) {
      if (result.reason === "email_taken") {
        return apiError(c, 409, {
          code: "email_taken",
          message: "this email already has an account",
          field: "$.email",
        });
      }
      const problem = INVITATION_PROBLEMS[result.reason];
      return apiError(c, problem.status, {
        code: `invitation_${result.reason}`,
        message: problem.message,
        field: "$.token",
      });
    }
    return c.json(
      { memberId: result.memberId, csrfToken: await startSession(c, db, result.memberId) },
      201,
    );
  });

  // The join page asks before showing its form. POST, so the token stays out of URLs and logs.
  app.post("/api/invitations/check", unauthenticated, async (c) => {
    const body = await readJson(c, checkBody);
    if (!body.ok) return body.response;
    const state = await invitationState(db, body.value.token, Date.now());
    if (!state.ok) {
      const problem = INVITATION_PROBLEMS[state.reason];
      return apiError(c, problem.status, {
        code: `invitation_${state.reason}`,
        message: problem.message,
        field: "$.token",
      });
    }
    const { organization, name, role, expiresAt } = state;
    return c.json({ organization, name, role, expiresAt });
  });

  app.post("/api/logout", requireMember(db, ANY_ROLE), async (c) => {
    await endSession(c, db);
    return c.body(null, 204);
  });

  app.get("/api/me", requireMember(db, ANY_ROLE), async (c) => {
    const member = c.get("member");
    return c.json({
      member: memberView(member),
      organization: { id: member.orgId, name: await organizationName(db, member.orgId) },
      csrfToken: c.get("csrfToken"),
    });
  });

  return app;
}
