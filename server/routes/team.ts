// Running a team (issue 16): the owner's members page — invitations with a name and a role,
// the pending list and revoking one, removing a member, changing a role — and a member's own
// new passphrase. Taking someone's reading away rotates the keys of the surveys they could
// read: the owner's browser makes the new keys and sends them with the change (access.ts).
import { type Context, Hono } from "hono";
import { getCookie } from "hono/cookie";
import { z } from "zod";
import { MIN_PASSPHRASE_LENGTH, wrappedKeySchema } from "../../client/lib/key-format";
import { surveysToRotate } from "../db/access";
import { listMembers, type Member } from "../db/accounts";
import type { Db } from "../db/client";
import type { FeedbackKeyKind } from "../db/feedback";
import { ROLES } from "../db/schema";
import {
  changePassphrase,
  changeRole,
  createNamedInvitation,
  INVITATION_MS,
  isMemberOf,
  type MemberChange,
  passwordHashOf,
  pendingInvitations,
  removeMember,
  revokeInvitation,
} from "../db/team";
import { apiError, readJson } from "../http";
import { hashPassword, hashToken, verifyPassword } from "../secrets";
import { ANY_ROLE, COOKIE, requireMember, type SessionEnv } from "../session";
import { rotationFields, rotationRefusal } from "./access";

const rotations = z
  .array(z.strictObject({ slug: z.string().min(1).max(64), ...rotationFields }))
  .max(1000);
const invitationBody = z.strictObject({
  name: z.string().trim().min(1, "say whom the invitation is for").max(120),
  role: z.enum(ROLES),
});
const removalBody = z.strictObject({ rotations });
const roleBody = z.strictObject({ role: z.enum(ROLES), rotations });
const password = z
  .string()
  .min(MIN_PASSPHRASE_LENGTH, `must be at least ${MIN_PASSPHRASE_LENGTH} characters`)
  .max(1024);
const passphraseBody = z
  .strictObject({
    password: z.string().max(1024),
    newPassword: password,
    wrappedKey: wrappedKeySchema,
  })
  .refine((b) => b.password !== b.newPassword, {
    message: "the new passphrase must differ from the old one",
    path: ["newPassword"],
  });

interface ListedMember {
  id: string;
  name: string | null;
  email: string;
  role: string;
  safeguarding?: boolean;
}

/**
 * A colleague as another member's page may show them (issue 13 item 8): owners see emails and
 * who handles safeguarding; everyone else names and roles only, and a safeguarding member also
 * sees who else handles it (they hand sensitive reports on). An email is how someone outside
 * finds and pressures a person; the safeguarding role says who reads abuse reports.
 */
export function shownTo(viewer: Member) {
  return <T extends ListedMember>(member: T) => {
    if (viewer.role === "owner") return member;
    const { email: _email, safeguarding, ...rest } = member;
    return viewer.safeguarding && safeguarding !== undefined ? { ...rest, safeguarding } : rest;
  };
}

/**
 * 409: the member holds the channel's last copy of this key kind. Losing it loses every message
 * of that kind for good, and the channel's page keeps sealing new ones to it.
 */
export function lastKey(c: Context, kind: FeedbackKeyKind, field = "memberId"): Response {
  return apiError(c, 409, {
    code: "last_key",
    message: `this member holds the channel's last copy of its ${kind} key: give it to someone else first, or every ${kind === "sensitive" ? "sensitive report" : "message"} is lost for good`,
    field,
  });
}

export function teamRoutes(db: Db): Hono<SessionEnv> {
  const app = new Hono<SessionEnv>();
  const owners = requireMember(db, ["owner"]);

  const changed = (c: Context, result: MemberChange) => {
    if (result.ok) return c.json({ versions: result.versions });
    if (result.reason === "unknown_member") {
      return apiError(c, 404, {
        code: "unknown_member",
        message: "no such member in your organization",
        field: "memberId",
      });
    }
    if (result.reason === "last_key") return lastKey(c, result.kind);
    if (result.reason === "yourself") {
      return apiError(c, 409, {
        code: "yourself",
        message: "another owner must do this for you, so an organization always keeps an owner",
        field: "memberId",
      });
    }
    return rotationRefusal(c, result);
  };

  app.get("/api/org/members", owners, async (c) =>
    c.json({ members: await listMembers(db, c.get("member").orgId) }),
  );

  app.post("/api/org/invitations", owners, async (c) => {
    const body = await readJson(c, invitationBody);
    if (!body.ok) return body.response;
    const { name, role } = body.value;
    const { id, token } = await createNamedInvitation(
      db,
      c.get("member").orgId,
      name,
      role,
      Date.now(),
    );
    // In the fragment, the token never reaches a server log or a Referer header.
    return c.json(
      { id, token, path: `/join#${token}`, expiresInHours: INVITATION_MS / 3_600_000 },
      201,
    );
  });

  app.get("/api/org/invitations", owners, async (c) =>
    c.json({ invitations: await pendingInvitations(db, c.get("member").orgId, Date.now()) }),
  );

  app.delete("/api/org/invitations/:id", owners, async (c) => {
    const revoked = await revokeInvitation(
      db,
      c.get("member").orgId,
      c.req.param("id"),
      Date.now(),
    );
    return revoked
      ? c.body(null, 204)
      : apiError(c, 404, {
          code: "unknown_invitation",
          message: "no pending invitation with this id",
          field: "id",
        });
  });

  // What removing or demoting this member would rotate, and to whom each new key goes.
  app.get("/api/org/members/:memberId/surveys", owners, async (c) => {
    const orgId = c.get("member").orgId;
    const memberId = c.req.param("memberId");
    if (!(await isMemberOf(db, orgId, memberId))) {
      return apiError(c, 404, {
        code: "unknown_member",
        message: "no such member in your organization",
        field: "memberId",
      });
    }
    return c.json({ surveys: await surveysToRotate(db, orgId, memberId) });
  });

  app.post("/api/org/members/:memberId/removal", owners, async (c) => {
    const body = await readJson(c, removalBody);
    if (!body.ok) return body.response;
    const me = c.get("member");
    return changed(
      c,
      await removeMember(db, me.orgId, me.id, c.req.param("memberId"), body.value.rotations),
    );
  });

  app.put("/api/org/members/:memberId/role", owners, async (c) => {
    const body = await readJson(c, roleBody);
    if (!body.ok) return body.response;
    const me = c.get("member");
    const { role, rotations } = body.value;
    return changed(
      c,
      await changeRole(db, me.orgId, me.id, c.req.param("memberId"), role, rotations),
    );
  });

  // The browser proves the old passphrase with its login secret and sends the same key pair
  // wrapped under the new one; the server can check the public key did not change, nothing more.
  app.put("/api/me/passphrase", requireMember(db, ANY_ROLE), async (c) => {
    const body = await readJson(c, passphraseBody);
    if (!body.ok) return body.response;
    const member = c.get("member");
    const { password: current, newPassword, wrappedKey } = body.value;
    const hash = await passwordHashOf(db, member.id);
    if (!hash || !(await verifyPassword(current, hash))) {
      return apiError(c, 403, {
        code: "wrong_passphrase",
        message: "the current passphrase is wrong",
        field: "$.password",
      });
    }
    if (wrappedKey.publicKey !== member.publicKey) {
      return apiError(c, 400, {
        code: "key_changed",
        message: "a new passphrase wraps the same key; this one wraps another",
        field: "$.wrappedKey.publicKey",
      });
    }
    await changePassphrase(
      db,
      member.id,
      hashToken(getCookie(c, COOKIE) ?? ""),
      await hashPassword(newPassword),
      wrappedKey,
    );
    return c.json({ changed: true });
  });

  return app;
}
