// The feedback channel without JavaScript (issue 15 item 7): POST /f/:slug/nojs takes the message
// form, makes the reply code and seals the message in memory to the channel's key (the sensitive
// key for a sensitive report) with the code the browser runs (client/lib/feedback.ts), exactly as
// the survey form without JavaScript seals answers (./nojs.ts); POST /f/:slug/reply/nojs opens the
// replies to a typed code in memory. Neither the message, the code nor a reply is stored or
// logged in the clear: only what the script's path stores (ciphertext, lookup). Same rate limits
// as the script's routes. Every page they answer has one length per channel and language
// (client/feedback/plain.tsx).
import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import { type PlainFeedbackScreen, renderPlainFeedbackPage } from "../../client/feedback/plain";
import {
  CATEGORY_TOKENS,
  CODE_MAX_LENGTH,
  COUNTRY_TOKENS,
  categoryOf,
  GO_TOKENS,
  languageOfToken,
  NO_COUNTRY,
  PROGRAM_MAX_LENGTH,
} from "../../client/feedback/plain-wire";
import { type Channel, type Draft, writtenOf } from "../../client/feedback/send";
import { FEEDBACK_LANGUAGES, feedbackStrings } from "../../client/feedback/strings";
import { problemsOf } from "../../client/feedback/write";
import {
  normalizeReplyCode,
  openReply,
  ready,
  replyKey,
  replyLookup,
  sealNewMessage,
} from "../../client/lib/feedback";
import { CATEGORIES, MESSAGE_MAX_LENGTH } from "../../client/lib/feedback-format";
import type { Assets } from "../assets";
import { publicChannel, repliesByLookup, storeMessage } from "../db/feedback";
import { limitBody, messagePage, NOT_BUILT, readForm, submissionId } from "../http";
import type { FeedbackDeps } from "./feedback";
import { refuseForeignForm } from "./nojs";

/** A message of 4000 characters in any script, percent-encoded (9 bytes each), with room. */
const MESSAGE_FORM_BYTES = 64 * 1024;
const REPLY_FORM_BYTES = 1024;

/** A browser posts a text area's line breaks as CRLF; its maxlength counted them as one. */
const typedText = z.string().transform((text) => text.replace(/\r\n/g, "\n"));

const messageForm = z.strictObject({
  lang: z.enum(FEEDBACK_LANGUAGES),
  id: submissionId("must be the random UUID (version 4) of the form"),
  category: z.enum(CATEGORY_TOKENS),
  country: z.enum(COUNTRY_TOKENS),
  program: typedText.pipe(z.string().max(PROGRAM_MAX_LENGTH)),
  message: typedText.pipe(z.string().max(MESSAGE_MAX_LENGTH)),
  go: z.enum(GO_TOKENS, { message: "is not a button of this form" }),
});

const replyForm = z.strictObject({
  lang: z.enum(FEEDBACK_LANGUAGES),
  code: z.string().max(CODE_MAX_LENGTH),
  go: z.enum(GO_TOKENS, { message: "is not a button of this form" }),
});

type Found = NonNullable<Awaited<ReturnType<typeof publicChannel>>>;

function channelOf({ slug, orgName, publicKey, sensitivePublicKey, replyDays }: Found): Channel {
  return { slug, orgName, publicKey, sensitivePublicKey, categories: [...CATEGORIES], replyDays };
}

export function feedbackNojsRoutes({
  db,
  assets,
  clientAddress,
  messageLimiter,
  lookupLimiter,
}: FeedbackDeps): Hono {
  /** The checks both forms start with; the channel and the built pages, or the answer. */
  async function prepare(
    c: Context,
  ): Promise<{ ok: true; channel: Channel; assets: Assets } | { ok: false; response: Response }> {
    const foreign = refuseForeignForm(c);
    if (foreign) return { ok: false, response: foreign };
    const found = await publicChannel(db, c.req.param("slug") ?? "");
    if (!found) {
      return {
        ok: false,
        response: messagePage(c, 404, "Esta página no existe. / This page does not exist."),
      };
    }
    if (!assets) return { ok: false, response: messagePage(c, 503, NOT_BUILT) };
    return { ok: true, channel: channelOf(found), assets };
  }

  function show(
    c: Context,
    prepared: { channel: Channel; assets: Assets },
    language: string,
    screen: PlainFeedbackScreen,
    status: ContentfulStatusCode,
  ): Response {
    // no-transform: compressed, the padded pages would differ in size again.
    c.header("Cache-Control", "no-store, no-transform");
    return c.html(
      renderPlainFeedbackPage({
        channel: prepared.channel,
        language,
        screen,
        assets: prepared.assets.feedback,
      }),
      status,
    );
  }

  const app = new Hono();

  app.post("/f/:slug/nojs", limitBody(MESSAGE_FORM_BYTES, "the form"), async (c) => {
    const prepared = await prepare(c);
    if (!prepared.ok) return prepared.response;
    const form = await readForm(c, messageForm, MESSAGE_FORM_BYTES);
    if (!form.ok) return form.response;
    const { lang: language, id, category, country, program, message, go } = form.value;
    const draft: Draft = {
      category: categoryOf(category),
      country: country === NO_COUNTRY ? "" : country,
      program,
      message,
    };
    // Another language: the same form, the draft as written, nothing checked or sent.
    const picked = languageOfToken(go);
    if (picked) {
      const again = { kind: "write", draft, id, checked: false, failure: null } as const;
      return show(c, prepared, picked, again, 200);
    }
    const write = (failure: "rate_limited" | "server" | null): PlainFeedbackScreen => ({
      kind: "write",
      draft,
      id,
      checked: true,
      failure,
    });
    // Slips a person makes: the form again, the message kept, each problem at its field.
    const problems = problemsOf(draft, feedbackStrings(language));
    if (problems.category || problems.message) {
      return show(c, prepared, language, write(null), 400);
    }
    const verdict = await messageLimiter.hit(clientAddress(c));
    if (!verdict.ok) {
      c.header("Retry-After", String(verdict.retryAfterSeconds));
      return show(c, prepared, language, write("rate_limited"), 429);
    }
    await ready();
    const sealed = sealNewMessage(writtenOf(draft), prepared.channel);
    if (!sealed.ok) {
      // The form's tokens and problemsOf admit only messages parseMessage takes: a bug if not.
      throw new Error(`a checked message did not parse: ${sealed.errors[0]?.field}`);
    }
    const { code, ciphertext, sensitive, lookup } = sealed;
    const slug = prepared.channel.slug;
    switch (await storeMessage(db, { slug, id, ciphertext, sensitive, lookup })) {
      case "stored":
        return show(c, prepared, language, { kind: "sent", code }, 201);
      // Sealing is randomized: the same id again is this form posted a second time.
      case "id_taken":
      case "duplicate":
        return show(c, prepared, language, { kind: "already_sent" }, 200);
      // 100-bit codes do not collide by chance; sending again makes a new one.
      case "lookup_taken":
        return show(c, prepared, language, write("server"), 409);
    }
  });

  app.post("/f/:slug/reply/nojs", limitBody(REPLY_FORM_BYTES, "the form"), async (c) => {
    const prepared = await prepare(c);
    if (!prepared.ok) return prepared.response;
    const form = await readForm(c, replyForm, REPLY_FORM_BYTES);
    if (!form.ok) return form.response;
    const { lang: language, code: typed, go } = form.value;
    // Another language: the same form, the code as typed, nothing looked up or counted.
    const picked = languageOfToken(go);
    if (picked) {
      const again = { kind: "reply", typed, problem: null, replies: null } as const;
      return show(c, prepared, picked, again, 200);
    }
    const refuse = (
      problem: PlainFeedbackScreen & { kind: "reply" },
      status: ContentfulStatusCode,
    ) => show(c, prepared, language, problem, status);
    // Every try counts, as on the script's route: each one is a guess at a code.
    const verdict = await lookupLimiter.hit(clientAddress(c));
    if (!verdict.ok) {
      c.header("Retry-After", String(verdict.retryAfterSeconds));
      const minutes = Math.max(1, Math.ceil(verdict.retryAfterSeconds / 60));
      return refuse(
        {
          kind: "reply",
          typed,
          problem: { ok: false, reason: "rate_limited", minutes },
          replies: null,
        },
        429,
      );
    }
    const code = normalizeReplyCode(typed);
    if (code === null) {
      return refuse(
        { kind: "reply", typed, problem: { ok: false, reason: "not_a_code" }, replies: null },
        400,
      );
    }
    await ready();
    const found = await repliesByLookup(db, prepared.channel.slug, replyLookup(code));
    if (!found) {
      return refuse(
        { kind: "reply", typed, problem: { ok: false, reason: "unknown" }, replies: null },
        404,
      );
    }
    const key = replyKey(code);
    const replies = found.replies.map((r) => ({ text: openReply(r.ciphertext, key), day: r.day }));
    // The code is not written back into the page: it reads what it was typed for.
    return show(c, prepared, language, { kind: "reply", typed: "", problem: null, replies }, 200);
  });

  return app;
}
