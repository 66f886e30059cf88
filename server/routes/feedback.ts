// The feedback channel's public side (issue 8): what the person's page needs, sending a sealed
// message, reading the sealed replies with a reply code, and "you said — we did". Like the
// respondent routes these read and set no cookie and log nothing of the body (server/http.ts).
import { randomUUID } from "node:crypto";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { FEEDBACK_INLINE_STYLES, renderFeedbackPage } from "../../client/feedback/page";
import { FEEDBACK_LANGUAGES } from "../../client/feedback/strings";
import { looksSealed } from "../../client/lib/envelope";
import { CATEGORIES, LOOKUP } from "../../client/lib/feedback-format";
import {
  type FeedbackPublished,
  renderFeedbackResultsPage,
} from "../../client/public/feedback-page";
import { FEEDBACK_RESULTS_LANGUAGES } from "../../client/public/feedback-strings";
import type { Assets } from "../assets";
import type { Db } from "../db/client";
import { publicChannel, repliesByLookup, storeMessage } from "../db/feedback";
import { shownFeedbackPublication } from "../db/publications";
import {
  apiError,
  type ClientAddress,
  contentSecurityPolicy,
  limitBody,
  messagePage,
  NOT_BUILT,
  readJson,
  submissionId,
  tooMany,
} from "../http";
import type { ClientLimiter } from "../limits";
import { receiptFor } from "../receipt";
import { pickLanguage } from "./pages";

/** A message of 4000 characters in any script, padded and sealed, stays below this. */
const MAX_BODY_BYTES = 64 * 1024;

const messageBody = z.strictObject({
  id: submissionId("must be a random UUID (version 4)"),
  ciphertext: z
    .string()
    .refine(looksSealed, "must be a standard-base64 sealed envelope (DESIGN §4)"),
  sensitive: z.boolean(),
  lookup: z.string().regex(LOOKUP, "must be the 64 hex digits of replyLookup(code)"),
});
const lookupBody = z.strictObject({
  lookup: z.string().regex(LOOKUP, "must be the 64 hex digits of replyLookup(code)"),
});

export interface FeedbackDeps {
  db: Db;
  assets: Assets | null;
  clientAddress: ClientAddress;
  /** Messages per client, as survey submissions. */
  messageLimiter: ClientLimiter;
  /** Reply lookups per client: strict, since each one is a guess at a code. */
  lookupLimiter: ClientLimiter;
}

export function feedbackRoutes({
  db,
  assets,
  clientAddress,
  messageLimiter,
  lookupLimiter,
}: FeedbackDeps): Hono {
  const app = new Hono();
  const unknownChannel = (c: Parameters<typeof apiError>[0]) =>
    apiError(c, 404, { code: "unknown_channel", message: "no such feedback channel" });

  const page = (view: "send" | "reply") => async (c: Context) => {
    const channel = await publicChannel(db, c.req.param("slug") ?? "");
    if (!channel) {
      return messagePage(c, 404, "Esta página no existe. / This page does not exist.");
    }
    if (!assets) return messagePage(c, 503, NOT_BUILT);
    const { slug, orgName, publicKey, sensitivePublicKey, replyDays } = channel;
    c.header("Cache-Control", "no-store");
    c.header("Content-Security-Policy", contentSecurityPolicy(FEEDBACK_INLINE_STYLES));
    c.header("Vary", "Accept-Language", { append: true });
    return c.html(
      renderFeedbackPage({
        plainId: randomUUID(),
        channel: {
          slug,
          orgName,
          publicKey,
          sensitivePublicKey,
          categories: [...CATEGORIES],
          replyDays,
        },
        view,
        language: pickLanguage(
          FEEDBACK_LANGUAGES,
          c.req.query("lang"),
          c.req.header("accept-language"),
        ),
        ...assets.feedback,
      }),
    );
  };
  app.get("/f/:slug", page("send"));
  app.get("/f/:slug/reply", page("reply"));

  app.get("/api/feedback/:slug", async (c) => {
    const channel = await publicChannel(db, c.req.param("slug"));
    if (!channel) return unknownChannel(c);
    const { slug, orgName, publicKey, sensitivePublicKey, replyDays } = channel;
    return c.json({
      slug,
      orgName,
      publicKey,
      sensitivePublicKey,
      categories: CATEGORIES,
      replyDays,
    });
  });

  app.post("/api/feedback/:slug/messages", limitBody(MAX_BODY_BYTES), async (c) => {
    const verdict = await messageLimiter.hit(clientAddress(c));
    if (!verdict.ok) {
      return tooMany(c, verdict.retryAfterSeconds, "too many messages from here; try later");
    }
    const slug = c.req.param("slug");
    if (!(await publicChannel(db, slug))) return unknownChannel(c);
    const body = await readJson(c, messageBody);
    if (!body.ok) return body.response;
    const result = await storeMessage(db, { slug, ...body.value });
    if (result === "id_taken") {
      return apiError(c, 409, {
        code: "id_taken",
        message: "another message was already stored under this id",
        field: "$.id",
      });
    }
    if (result === "lookup_taken") {
      // 100-bit codes do not collide by chance: this is a reused code. Make a new one.
      return apiError(c, 409, {
        code: "lookup_taken",
        message: "this reply code is already in use; make a new one",
        field: "$.lookup",
      });
    }
    // The receipt commits to the id and the bytes, so a retry gets the same one.
    return c.json({ receipt: receiptFor(body.value.id, body.value.ciphertext) }, 201);
  });

  // POST, not GET: the lookup stands for the code and must never sit in a URL or a log.
  app.post("/api/feedback/:slug/replies", async (c) => {
    const verdict = await lookupLimiter.hit(clientAddress(c));
    if (!verdict.ok) {
      return tooMany(c, verdict.retryAfterSeconds, "too many tries from here; wait a moment");
    }
    const slug = c.req.param("slug");
    if (!(await publicChannel(db, slug))) return unknownChannel(c);
    const body = await readJson(c, lookupBody);
    if (!body.ok) return body.response;
    const found = await repliesByLookup(db, slug, body.value.lookup);
    if (!found) {
      return apiError(c, 404, { code: "unknown_code", message: "no message has this reply code" });
    }
    c.header("Cache-Control", "no-store");
    return c.json(found);
  });

  app.get("/f/:slug/results", async (c) => {
    const channel = await publicChannel(db, c.req.param("slug"));
    if (!channel) return unknownChannel(c);
    const shown = await shownFeedbackPublication(db, channel.slug);
    const language = pickLanguage(
      FEEDBACK_RESULTS_LANGUAGES,
      c.req.query("lang"),
      c.req.header("accept-language"),
    );
    return c.html(
      renderFeedbackResultsPage({
        slug: channel.slug,
        orgName: channel.orgName,
        published:
          shown.state === "published"
            ? { ...(shown.body as FeedbackPublished), publishedOn: shown.publishedOn }
            : null,
        withdrawn: shown.state === "withdrawn",
        language,
        styles: assets?.results.styles ?? [],
      }),
    );
  });

  return app;
}
