import { Hono } from "hono";
import { z } from "zod";
import { looksSealed } from "../../client/lib/envelope";
import type { Db } from "../db/client";
import type { ResponseWriter } from "../db/responses";
import { surveyState } from "../db/surveys";
import { apiError, type ClientAddress, limitBody, readJson, tooMany } from "../http";
import { type ClientLimiter, secondsUntilTomorrow } from "../limits";
import { receiptFor } from "../receipt";

/** A survey's answers padded to 256-byte blocks stay far below this; anything bigger is abuse. */
export const MAX_BODY_BYTES = 64 * 1024;

const responseBody = z.strictObject({
  id: z.uuid({ version: "v4", message: "must be a random UUID (version 4)" }),
  ciphertext: z
    .string()
    .refine(looksSealed, "must be a standard-base64 sealed envelope (DESIGN §4)"),
  code: z.string().min(1).max(40).optional(),
});

export interface ResponseDeps {
  db: Db;
  /** Shared by every route that stores responses, so they commit together (group commit). */
  writer: ResponseWriter;
  limiter: ClientLimiter;
  clientAddress: ClientAddress;
}

export function responseRoutes({ db, writer, limiter, clientAddress }: ResponseDeps): Hono {
  return new Hono().post("/api/surveys/:slug/responses", limitBody(MAX_BODY_BYTES), async (c) => {
    const verdict = limiter.hit(clientAddress(c));
    if (!verdict.ok) {
      return tooMany(c, verdict.retryAfterSeconds, "too many responses from here; try again later");
    }
    const slug = c.req.param("slug");
    const state = await surveyState(db, slug);
    if (!state || state === "draft") {
      return apiError(c, 404, { code: "unknown_survey", message: `no survey "${slug}"` });
    }
    if (state === "closed") {
      return apiError(c, 410, { code: "survey_closed", message: "this survey is closed" });
    }
    const body = await readJson(c, responseBody);
    if (!body.ok) return body.response;
    const { id, ciphertext, code } = body.value;
    const result = await writer.store({ id, slug, ciphertext, code });
    if (result === "conflict") {
      return apiError(c, 409, {
        code: "id_taken",
        message: "another response was already stored under this id",
        field: "$.id",
      });
    }
    if (result === "code_required" || result === "code_invalid") {
      return apiError(c, 403, {
        code: result,
        message:
          result === "code_required"
            ? "this survey needs the invitation code you were given"
            : "this invitation code is not valid or was already used",
        field: "$.code",
      });
    }
    if (result === "over_cap") {
      return tooMany(c, secondsUntilTomorrow(), "this survey takes no more responses today");
    }
    // A retry gets exactly the answer the first attempt got (DESIGN §5).
    return c.json({ receipt: receiptFor(id, ciphertext) }, 201);
  });
}
