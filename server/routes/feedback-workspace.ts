// The feedback channel in the coordinators' workspace (issue 8). Scoped like every workspace
// route: another organization's channel and messages answer 404, as missing ones do. A sensitive
// report is visible only to safeguarding members; to everyone else it does not exist (404).
import { type Context, Hono } from "hono";
import { z } from "zod";
import { looksSealed } from "../../client/lib/envelope";
import { looksLikeReply } from "../../client/lib/feedback-format";
import { publishableMonths } from "../../client/lib/feedback-tables";
import {
  publicKeySchema as publicKey,
  sealedKeySchema as sealedKey,
} from "../../client/lib/key-format";
import type { Member } from "../db/accounts";
import type { Db } from "../db/client";
import {
  addReply,
  type Channel,
  channelMembers,
  channelOfOrg,
  createChannel,
  feedbackKeysFor,
  messagePage,
  revokeFeedbackKey,
  setFrame,
  setReplyDays,
  setSafeguarding,
  storeFeedbackKey,
  triageMessage,
  type Visibility,
  visibleMessage,
} from "../db/feedback";
import { FEEDBACK_KEY_KINDS, FEEDBACK_STATUSES } from "../db/schema";
import { apiError, LARGE_BODY_BYTES, readJson } from "../http";
import { ANY_ROLE, requireMember, type SessionEnv } from "../session";
import { lastKey, shownTo } from "./team";

const PAGE_LIMIT = 200;

const slug = z.string().regex(/^[a-z0-9-]{3,64}$/, "must be 3 to 64 of a-z, 0-9 and -");
const kind = z.enum(FEEDBACK_KEY_KINDS);
const memberKey = z.strictObject({ memberId: z.string().min(1).max(64), kind, sealedKey });
const channelBody = z.strictObject({
  slug,
  publicKey,
  sensitivePublicKey: publicKey,
  keys: z.array(memberKey).min(1).max(500),
});
const grantBody = z.strictObject({ kind, sealedKey });
const safeguardingBody = z.strictObject({ safeguarding: z.boolean() });
const triageBody = z
  .strictObject({
    status: z.enum(FEEDBACK_STATUSES).optional(),
    assignee: z.string().min(1).max(64).nullable().optional(),
    coding: z
      .string()
      .refine(looksSealed, "must be a coding sealed to the channel key")
      .nullable()
      .optional(),
  })
  .refine((b) => Object.keys(b).length > 0, "give status, assignee or coding");
const replyBody = z.strictObject({
  ciphertext: z.string().refine(looksLikeReply, "must be a reply sealed with sealReply"),
});
/** What the feedback page promises: whole days, up to a quarter; null takes the promise back. */
const replyTimeBody = z.strictObject({
  replyDays: z
    .number()
    .int("must be a whole number of days")
    .min(1, "must be at least 1 day")
    .max(90, "must be at most 90 days")
    .nullable(),
});
const frameBody = z.strictObject({
  frame: z
    .array(
      z.strictObject({
        code: z.string().regex(/^[a-z0-9_]{1,40}$/, "must be 1 to 40 of a-z, 0-9 and _"),
        label: z.record(
          z.string().regex(/^[a-z]{2,3}$/, "must be a language code"),
          z.string().trim().min(1).max(100),
        ),
      }),
    )
    .min(1)
    .max(100)
    .refine((f) => new Set(f.map((c) => c.code)).size === f.length, "codes must not repeat"),
});

/** General feedback is for owners and analysts; sensitive reports for safeguarding members. */
const visibilityOf = (member: Member): Visibility => ({
  general: member.role === "owner" || member.role === "analyst",
  sensitive: member.safeguarding,
});

const noChannel = (c: Context) =>
  apiError(c, 404, { code: "no_channel", message: "your organization has no feedback channel" });
const noMessage = (c: Context) =>
  apiError(c, 404, { code: "unknown_message", message: "no such message", field: "id" });
const unknownMember = (c: Context) =>
  apiError(c, 404, {
    code: "unknown_member",
    message: "no member of your organization with this id",
    field: "memberId",
  });
const forbidden = (c: Context) =>
  apiError(c, 403, { code: "forbidden", message: "your role does not allow this" });

/** Who may hold a key of this kind: the same rule as who may read those messages. */
function mayHold(
  member: { role: string; safeguarding: boolean },
  keyKind: (typeof FEEDBACK_KEY_KINDS)[number],
) {
  return keyKind === "sensitive"
    ? member.safeguarding
    : member.role === "owner" || member.role === "analyst";
}

export function feedbackWorkspaceRoutes(db: Db): Hono<SessionEnv> {
  const app = new Hono<SessionEnv>();
  /** The caller's organization's channel, or the 404 to send. */
  const channelOf = async (c: Context<SessionEnv>): Promise<Channel | Response> =>
    (await channelOfOrg(db, c.get("member").orgId)) ?? noChannel(c);

  app.put("/api/org/feedback", requireMember(db, ["owner"]), async (c) => {
    const body = await readJson(c, channelBody, LARGE_BODY_BYTES);
    if (!body.ok) return body.response;
    const orgId = c.get("member").orgId;
    const people = new Map((await channelMembers(db, orgId)).map((m) => [m.id, m]));
    const keys = body.value.keys;
    const bad = keys.findIndex((k) => {
      const member = people.get(k.memberId);
      return !member || !mayHold(member, k.kind);
    });
    if (bad !== -1) {
      return apiError(c, 400, {
        code: "not_eligible",
        message:
          "general keys go to owners and analysts, sensitive keys to safeguarding members of your organization",
        field: `$.keys[${bad}].memberId`,
      });
    }
    // A key pair sealed to nobody is lost for good: those messages could never be read.
    for (const needed of FEEDBACK_KEY_KINDS) {
      if (!keys.some((k) => k.kind === needed)) {
        return apiError(c, 400, {
          code: "sealed_keys_required",
          message: `seal the ${needed} key to at least one member who may read ${needed} feedback`,
          field: "$.keys",
        });
      }
    }
    const created = await createChannel(db, orgId, body.value);
    if (!created.ok) {
      return created.reason === "channel_exists"
        ? apiError(c, 409, {
            code: "channel_exists",
            message: "your organization already has a feedback channel",
          })
        : apiError(c, 409, {
            code: "slug_taken",
            message: `the short name "${body.value.slug}" is taken; choose another`,
            field: "$.slug",
          });
    }
    return c.json({ slug: body.value.slug }, 201);
  });

  app.get("/api/org/feedback", requireMember(db, ANY_ROLE), async (c) => {
    const channel = await channelOf(c);
    if (channel instanceof Response) return channel;
    const { slug, publicKey, sensitivePublicKey, frame, replyDays } = channel;
    const members = (await channelMembers(db, channel.orgId)).map(shownTo(c.get("member")));
    // The month axis a publication made now must have: the gate checks the same.
    const months = publishableMonths(channel.createdOn, new Date());
    return c.json({ slug, publicKey, sensitivePublicKey, frame, replyDays, members, months });
  });

  app.get("/api/org/feedback/key", requireMember(db, ANY_ROLE), async (c) => {
    const channel = await channelOf(c);
    if (channel instanceof Response) return channel;
    const member = c.get("member");
    const keys = await feedbackKeysFor(db, channel.slug, member.id);
    // A key kept from before a role changed is not handed out: the role decides.
    const visible = visibilityOf(member);
    if (!visible.general && !visible.sensitive) return forbidden(c);
    const granted = {
      ...(visible.general && keys.general ? { general: keys.general } : {}),
      ...(visible.sensitive && keys.sensitive ? { sensitive: keys.sensitive } : {}),
    };
    if (Object.keys(granted).length === 0) {
      return apiError(c, 403, {
        code: "not_granted",
        message: "ask an owner to give you access to the feedback",
      });
    }
    return c.json(granted);
  });

  app.put("/api/org/feedback/keys/:memberId", requireMember(db, ["owner"]), async (c) => {
    const channel = await channelOf(c);
    if (channel instanceof Response) return channel;
    const member = (await channelMembers(db, channel.orgId)).find(
      (m) => m.id === c.req.param("memberId"),
    );
    if (!member) return unknownMember(c);
    const body = await readJson(c, grantBody);
    if (!body.ok) return body.response;
    if (!mayHold(member, body.value.kind)) {
      return apiError(c, 400, {
        code: "not_eligible",
        message:
          body.value.kind === "sensitive"
            ? "give this member the safeguarding role first"
            : "only owners and analysts read general feedback",
        field: "$.kind",
      });
    }
    await storeFeedbackKey(db, channel.slug, member.id, body.value.kind, body.value.sealedKey);
    return c.json({ granted: member.id, kind: body.value.kind });
  });

  app.delete("/api/org/feedback/keys/:memberId", requireMember(db, ["owner"]), async (c) => {
    const channel = await channelOf(c);
    if (channel instanceof Response) return channel;
    const parsed = kind.safeParse(c.req.query("kind"));
    if (!parsed.success) {
      return apiError(c, 400, {
        code: "invalid_field",
        message: `kind must be ${FEEDBACK_KEY_KINDS.join(" or ")}`,
        field: "kind",
      });
    }
    const result = await revokeFeedbackKey(db, channel.slug, c.req.param("memberId"), parsed.data);
    if (result === "last_key") return lastKey(c, parsed.data);
    return result === "changed"
      ? c.body(null, 204)
      : apiError(c, 404, {
          code: "not_granted",
          message: "this member had no such key",
          field: "memberId",
        });
  });

  app.put("/api/org/members/:memberId/safeguarding", requireMember(db, ["owner"]), async (c) => {
    const body = await readJson(c, safeguardingBody);
    if (!body.ok) return body.response;
    const result = await setSafeguarding(
      db,
      c.get("member").orgId,
      c.req.param("memberId"),
      body.value.safeguarding,
    );
    if (result === "last_key") return lastKey(c, "sensitive", "$.safeguarding");
    return result === "changed"
      ? c.json({ memberId: c.req.param("memberId"), safeguarding: body.value.safeguarding })
      : unknownMember(c);
  });

  app.get("/api/org/feedback/messages", requireMember(db, ANY_ROLE), async (c) => {
    const channel = await channelOf(c);
    if (channel instanceof Response) return channel;
    const visibility = visibilityOf(c.get("member"));
    if (!visibility.general && !visibility.sensitive) return forbidden(c);
    const cursor = c.req.query("cursor") ?? "";
    if (cursor.length > 64) {
      return apiError(c, 400, {
        code: "invalid_page",
        message: "cursor is the last message id of the previous page",
        field: "cursor",
      });
    }
    const messages = await messagePage(db, channel.slug, visibility, cursor, PAGE_LIMIT);
    return c.json({
      messages,
      next: messages.length === PAGE_LIMIT ? (messages.at(-1)?.id ?? null) : null,
    });
  });

  app.patch("/api/org/feedback/messages/:id", requireMember(db, ANY_ROLE), async (c) => {
    const channel = await channelOf(c);
    if (channel instanceof Response) return channel;
    const member = c.get("member");
    const visibility = visibilityOf(member);
    if (!visibility.general && !visibility.sensitive) return forbidden(c);
    const message = await visibleMessage(db, channel.slug, c.req.param("id"), visibility);
    if (!message) return noMessage(c);
    const body = await readJson(c, triageBody);
    if (!body.ok) return body.response;
    const { assignee } = body.value;
    if (assignee) {
      const person = (await channelMembers(db, channel.orgId)).find((m) => m.id === assignee);
      // Assigned means able to read it: a sensitive report only to a safeguarding member.
      if (!person || !mayHold(person, message.sensitive ? "sensitive" : "general")) {
        return apiError(c, 400, {
          code: "not_eligible",
          message: "assign the message to a member who may read it",
          field: "$.assignee",
        });
      }
    }
    await triageMessage(db, message.id, body.value);
    return c.json({ id: message.id });
  });

  app.post("/api/org/feedback/messages/:id/replies", requireMember(db, ANY_ROLE), async (c) => {
    const channel = await channelOf(c);
    if (channel instanceof Response) return channel;
    const visibility = visibilityOf(c.get("member"));
    if (!visibility.general && !visibility.sensitive) return forbidden(c);
    const message = await visibleMessage(db, channel.slug, c.req.param("id"), visibility);
    if (!message) return noMessage(c);
    const body = await readJson(c, replyBody);
    if (!body.ok) return body.response;
    return c.json({ number: await addReply(db, message.id, body.value.ciphertext) }, 201);
  });

  app.put("/api/org/feedback/reply-time", requireMember(db, ["owner"]), async (c) => {
    const channel = await channelOf(c);
    if (channel instanceof Response) return channel;
    const body = await readJson(c, replyTimeBody);
    if (!body.ok) return body.response;
    await setReplyDays(db, channel.slug, body.value.replyDays);
    return c.json({ replyDays: body.value.replyDays });
  });

  app.put("/api/org/feedback/frame", requireMember(db, ["owner"]), async (c) => {
    const channel = await channelOf(c);
    if (channel instanceof Response) return channel;
    const body = await readJson(c, frameBody, LARGE_BODY_BYTES);
    if (!body.ok) return body.response;
    await setFrame(db, channel.slug, body.value.frame);
    return c.json({ frame: body.value.frame });
  });

  return app;
}
