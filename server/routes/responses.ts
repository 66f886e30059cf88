import { Hono } from "hono";
import { z } from "zod";
import { ciphertextLength, looksSealed } from "../../client/lib/envelope";
import type { Survey } from "../../surveys/schema";
import type { Db } from "../db/client";
import type { ResponseWriter } from "../db/responses";
import { surveyForSubmission } from "../db/surveys";
import {
  apiError,
  type ClientAddress,
  jsonAnswer,
  limitBody,
  readJson,
  submissionId,
  tooMany,
} from "../http";
import { type ClientLimiter, secondsUntilTomorrow } from "../limits";
import { receiptFor } from "../receipt";

/**
 * A survey's responses are padded to its largest possible answers (client/lib/envelope.ts): the
 * seed surveys' are 5 and 29 KB of base64. A survey whose texts allow more than about 16,000
 * characters in all would need more than this.
 */
export const MAX_BODY_BYTES = 64 * 1024;

const responseBody = z.strictObject({
  id: submissionId("must be a random UUID (version 4)"),
  ciphertext: z
    .string()
    .refine(looksSealed, "must be a standard-base64 sealed envelope (DESIGN §4)"),
  code: z.string().min(1).max(40).optional(),
});

/** Decoded definitions are shared and never change (server/db/surveys.ts), so each is measured once. */
const lengths = new WeakMap<Survey, number>();
const lengthOf = (survey: Survey) => {
  let length = lengths.get(survey);
  if (length === undefined) {
    length = ciphertextLength(survey);
    lengths.set(survey, length);
  }
  return length;
};

/**
 * Every response to a version is padded to that version's one size (DESIGN §9.8), so the only
 * lengths a page can send are those of the survey's versions: a page loaded before a new version
 * was published still seals to the one it shows.
 */
const acceptedLengths = (versions: Survey[]) => [...new Set(versions.map(lengthOf))];

export interface ResponseDeps {
  db: Db;
  /** Shared by every route that stores responses, so they commit together (group commit). */
  writer: ResponseWriter;
  limiter: ClientLimiter;
  clientAddress: ClientAddress;
}

export function responseRoutes({ db, writer, limiter, clientAddress }: ResponseDeps): Hono {
  return new Hono().post("/api/surveys/:slug/responses", limitBody(MAX_BODY_BYTES), async (c) => {
    const verdict = await limiter.hit(clientAddress(c));
    if (!verdict.ok) {
      return tooMany(c, verdict.retryAfterSeconds, "too many responses from here; try again later");
    }
    const slug = c.req.param("slug");
    const survey = await surveyForSubmission(db, slug);
    if (!survey || survey.state === "draft") {
      return apiError(c, 404, { code: "unknown_survey", message: `no survey "${slug}"` });
    }
    if (survey.state === "closed") {
      return apiError(c, 410, { code: "survey_closed", message: "this survey is closed" });
    }
    const body = await readJson(c, responseBody);
    if (!body.ok) return body.response;
    const { id, ciphertext, code } = body.value;
    const accepted = acceptedLengths(survey.versions);
    if (!accepted.includes(ciphertext.length)) {
      return apiError(c, 400, {
        code: "invalid_field",
        message: `must be ${accepted.join(" or ")} characters long: every response to this survey is padded to one size`,
        field: "$.ciphertext",
      });
    }
    const result = await writer.store({ id, slug, ciphertext, code });
    if (result === "unknown_survey") {
      return apiError(c, 404, { code: "unknown_survey", message: `no survey "${slug}"` });
    }
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
    return jsonAnswer(c, { receipt: receiptFor(id, ciphertext) }, 201);
  });
}
