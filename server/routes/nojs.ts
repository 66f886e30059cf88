// POST /s/:slug/nojs — the respondent form without JavaScript (issue 6 item 4). Each page posts
// every answer so far in its own state field; nothing is kept between pages. Posts and pages
// have one size per survey version (client/respondent/nojs-wire.ts, nojs-size.tsx). On "send" the answers
// are checked with the rules the opener applies, sealed in memory with the survey's public key
// by the envelope code the browser uses (DESIGN §4), and stored like any sealed response:
// same rate limit, daily cap and invitation codes. The plaintext is never stored or logged.
import { randomUUID } from "node:crypto";
import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { checkAnswers } from "../../client/lib/answers";
import { ready, seal } from "../../client/lib/crypto";
import { toAnswers } from "../../client/respondent/form";
import { decodePage, nextPage } from "../../client/respondent/nojs";
import type { PlainFailure, PlainScreen } from "../../client/respondent/nojs-form";
import { STATE_FIELD } from "../../client/respondent/nojs-wire";
import { inlineStyles, renderPlainPage } from "../../client/respondent/page";
import type { Assets } from "../assets";
import type { Db } from "../db/client";
import type { ResponseWriter } from "../db/responses";
import { findSurvey } from "../db/surveys";
import {
  apiError,
  type ClientAddress,
  contentSecurityPolicy,
  limitBody,
  messagePage,
  NOT_BUILT,
  readFormFields,
} from "../http";
import { type ClientLimiter, secondsUntilTomorrow } from "../limits";
import { receiptFor } from "../receipt";
import { sameOrigin } from "../session";
import { surveyUnavailable } from "./pages";
import { MAX_BODY_BYTES } from "./responses";

export interface NojsDeps {
  db: Db;
  /** Shared by every route that stores responses, so they commit together (group commit). */
  writer: ResponseWriter;
  assets: Assets | null;
  /** The same limiter as POST /api/surveys/:slug/responses: one budget per client. */
  limiter: ClientLimiter;
  clientAddress: ClientAddress;
}

/**
 * The form carries no cookie and no authority, so a post from another site could only do what
 * its sender can do directly; refusing one still keeps other sites from spending visitors'
 * connections against the rate limit. Under our no-referrer policy Chrome sends our own form
 * with `Origin: null` (old browsers with none), which says nothing; `Sec-Fetch-Site`, where
 * sent, does say whether the form was ours.
 */
function postedFromOurPage(c: Context): boolean {
  const origin = c.req.header("origin");
  if (origin !== undefined && origin !== "null" && !sameOrigin(c)) return false;
  const site = c.req.header("sec-fetch-site");
  return site === undefined || site === "same-origin";
}

/** 403 for a form posted from another site's page (postedFromOurPage), else null. */
export function refuseForeignForm(c: Context): Response | null {
  if (postedFromOurPage(c)) return null;
  return apiError(c, 403, {
    code: "cross_origin",
    message: "this form can only be sent from this site",
    field: "origin",
  });
}

export function nojsRoutes({ db, writer, assets, limiter, clientAddress }: NojsDeps): Hono {
  const policy = assets ? contentSecurityPolicy(inlineStyles(assets.respondent)) : null;

  return new Hono().post("/s/:slug/nojs", limitBody(MAX_BODY_BYTES, "the form"), async (c) => {
    const foreign = refuseForeignForm(c);
    if (foreign) return foreign;
    const slug = c.req.param("slug");
    const found = await findSurvey(db, slug);
    if (found?.state !== "open") return surveyUnavailable(c, found, db, assets);
    const { survey, publicKey, requiresCode } = found;
    if (survey.withoutJavaScript === false) {
      return apiError(c, 403, {
        code: "javascript_required",
        message: "this survey takes answers only from its page with JavaScript",
        field: "$.withoutJavaScript",
      });
    }
    if (!assets || !policy) return messagePage(c, 503, NOT_BUILT);
    const fields = await readFormFields(c, MAX_BODY_BYTES);
    if (!fields.ok) return fields.response;
    const decoded = decodePage(survey, fields.value);
    if (!decoded.ok) {
      return apiError(c, 400, {
        code: "invalid_field",
        message: decoded.message,
        field: decoded.field,
      });
    }
    const posted = decoded.page;
    const show = (screen: PlainScreen, status: ContentfulStatusCode) => {
      // no-transform: compressed, the padded pages would differ in size again (nojs-size.tsx).
      c.header("Cache-Control", "no-store, no-transform");
      c.header("Content-Security-Policy", policy);
      return c.html(
        renderPlainPage({
          survey,
          assets: assets.respondent,
          language: posted.language,
          values: posted.values,
          screen,
          requiresCode,
        }),
        status,
      );
    };
    // Minted when the review is first shown and posted back with it: sending twice stores once.
    const id = posted.id ?? randomUUID();
    const review = (failure: PlainFailure | null): PlainScreen => ({
      kind: "review",
      id,
      failure,
      code: posted.code ?? "",
    });

    const next = nextPage(survey, posted);
    if (next.kind === "question") return show(next, next.checked ? 400 : 200);
    if (next.kind === "review") return show(review(null), 200);

    const verdict = await limiter.hit(clientAddress(c));
    if (!verdict.ok) {
      c.header("Retry-After", String(verdict.retryAfterSeconds));
      return show(review("rate_limited"), 429);
    }
    const answers = toAnswers(survey, posted.values);
    // The rule every opened envelope must pass (../../client/lib/crypto.ts `open`).
    const invalid = checkAnswers(survey, answers)[0];
    if (invalid) {
      return apiError(c, 400, {
        code: "invalid_field",
        message: `the answer to ${invalid.question} is ${invalid.problem.replace(/_/g, " ")}`,
        field: STATE_FIELD,
      });
    }
    await ready();
    const ciphertext = seal(
      { v: 1, survey: slug, version: survey.version, answers },
      publicKey,
      survey,
    );
    const result = await writer.store({ id, slug, ciphertext, code: posted.code });
    switch (result) {
      case "stored":
      case "duplicate":
        return show({ kind: "sent", receipt: receiptFor(id, ciphertext) }, 201);
      // Sealing is randomized, so the same id again is this review page sent a second time.
      case "conflict":
        return show({ kind: "already_sent" }, 200);
      case "over_cap":
        c.header("Retry-After", String(secondsUntilTomorrow()));
        return show(review("rate_limited"), 429);
      case "unknown_survey":
        return surveyUnavailable(c, undefined, db, assets);
      default:
        return show(review(result), 403);
    }
  });
}
