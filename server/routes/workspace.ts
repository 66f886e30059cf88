// The coordinators' workspace API (issue 4). Every route is scoped to the member's own
// organization: another organization's survey answers 404, exactly like a missing one.
import { type Context, Hono } from "hono";
import { z } from "zod";
import {
  publicKeySchema as publicKey,
  sealedKeySchema as sealedKey,
} from "../../client/lib/key-format";
import { describeMissing, type MissingTranslation, parseDraft } from "../../surveys/draft";
import { checkLimits, SURVEY_LIMITS } from "../../surveys/limits";
import type { Survey } from "../../surveys/schema";
import { storeFirstKey } from "../db/access";
import type { Db } from "../db/client";
import { unspentCodes } from "../db/codes";
import { responsePage, responsesByDay } from "../db/response-pages";
import { setSurveyState } from "../db/surveys";
import {
  analystsOf,
  createDraft,
  deleteSurvey,
  listOrgSurveys,
  orgSurvey,
  publishDraft,
  saveDraft,
} from "../db/workspace";
import { apiError, LARGE_BODY_BYTES, readJson } from "../http";
import { ANY_ROLE, requireMember } from "../session";
import { requireSurveyKey, type SurveyEnv } from "./access";
import { shownTo } from "./team";

const DESIGNERS = ["owner", "designer"] as const;
const ANALYSTS = ["owner", "analyst"] as const;

const definitionBody = z.strictObject({ definition: z.unknown() });
const versionBody = z.strictObject({
  publicKey: publicKey.optional(),
  sealedKeys: z
    .array(z.strictObject({ memberId: z.string(), sealedKey }))
    .max(500)
    .optional(),
});
const stateBody = z.strictObject({ state: z.enum(["open", "closed"]) });
const PAGE_LIMIT = 500;
const pageQuery = z.object({
  after: z.string().max(64, "must be a response id").default(""),
  limit: z.coerce
    .number()
    .int()
    .min(1, `must be 1 to ${PAGE_LIMIT}`)
    .max(PAGE_LIMIT, `must be 1 to ${PAGE_LIMIT}`)
    .default(PAGE_LIMIT),
});
/** A definition at the cap, in its envelope. */
const DEFINITION_BODY_BYTES = SURVEY_LIMITS.bytes + 1024;

function notFound(c: Context) {
  return apiError(c, 404, {
    code: "unknown_survey",
    message: "no such survey in your organization",
  });
}

/**
 * Parses a draft from a body (translations may be missing), answering 400 with the JSON path
 * inside `definition` for anything else.
 */
function draftOrError(
  c: Context,
  input: unknown,
): { survey: Survey; missing: MissingTranslation[] } | { response: Response } {
  // Within the caps (surveys/limits.ts), which hold for every definition coming in.
  const drafted = parseDraft(input);
  const capped = drafted.ok ? checkLimits(drafted.value) : [];
  const parsed = capped.length > 0 ? { ok: false as const, errors: capped } : drafted;
  if (parsed.ok) return { survey: parsed.value, missing: parsed.missing };
  const first = parsed.errors[0];
  return {
    response: apiError(c, 400, {
      code: "invalid_survey",
      message: parsed.errors.map((e) => `${e.path}: ${e.message}`).join("; "),
      field: first ? first.path.replace(/^\$/, "$.definition") : "$.definition",
    }),
  };
}

/** What a saved draft still lacks before it can be opened, said for the designer. */
const missingOf = (survey: Survey, missing: readonly MissingTranslation[]) =>
  missing.map((m) => ({ ...m, message: describeMissing(survey, m) }));

/** 409 naming every text still missing, the first one as the field. */
function incomplete(c: Context, draft: Survey, missing: readonly MissingTranslation[]) {
  const described = missingOf(draft, missing);
  const shown = described.slice(0, 5).map((m) => m.message);
  const more = described.length > 5 ? ` and ${described.length - 5} more` : "";
  return apiError(c, 409, {
    code: "missing_translations",
    message: `Translations are missing: ${shown.join("; ")}${more}. Fill them in, save, then open or publish.`,
    field: described[0]?.path ?? "$",
  });
}

export function workspaceRoutes(db: Db): Hono<SurveyEnv> {
  const app = new Hono<SurveyEnv>();
  // Answers, and publications made from them, only for members holding the current key.
  const keyHolders = [requireMember(db, ANALYSTS), requireSurveyKey(db)] as const;

  app.get("/api/org/surveys", requireMember(db, ANY_ROLE), async (c) =>
    c.json({ surveys: await listOrgSurveys(db, c.get("member").orgId) }),
  );

  app.post("/api/org/surveys", requireMember(db, DESIGNERS), async (c) => {
    const body = await readJson(c, definitionBody, DEFINITION_BODY_BYTES);
    if (!body.ok) return body.response;
    const result = draftOrError(c, body.value.definition);
    if ("response" in result) return result.response;
    const created = await createDraft(db, c.get("member").orgId, result.survey);
    if (!created.ok) {
      return apiError(c, 409, {
        code: "slug_taken",
        message: `the short name "${result.survey.slug}" is taken; choose another`,
        field: "$.definition.slug",
      });
    }
    return c.json(
      { slug: result.survey.slug, missing: missingOf(result.survey, result.missing) },
      201,
    );
  });

  app.get("/api/org/surveys/:slug", requireMember(db, ANY_ROLE), async (c) => {
    const survey = await orgSurvey(db, c.get("member").orgId, c.req.param("slug"));
    if (!survey) return notFound(c);
    return c.json({
      ...survey,
      unspentCodes: await unspentCodes(db, survey.slug),
      counts: await responsesByDay(db, survey.slug),
    });
  });

  app.put("/api/org/surveys/:slug/draft", requireMember(db, DESIGNERS), async (c) => {
    const survey = await orgSurvey(db, c.get("member").orgId, c.req.param("slug"));
    if (!survey) return notFound(c);
    const body = await readJson(c, definitionBody, DEFINITION_BODY_BYTES);
    if (!body.ok) return body.response;
    const result = draftOrError(c, body.value.definition);
    if ("response" in result) return result.response;
    if (result.survey.slug !== survey.slug) {
      return apiError(c, 400, {
        code: "slug_changed",
        message: "a survey's short name cannot change once created",
        field: "$.definition.slug",
      });
    }
    await saveDraft(db, survey.slug, result.survey);
    return c.json({ slug: survey.slug, missing: missingOf(result.survey, result.missing) });
  });

  app.delete("/api/org/surveys/:slug", requireMember(db, DESIGNERS), async (c) => {
    const survey = await orgSurvey(db, c.get("member").orgId, c.req.param("slug"));
    if (!survey) return notFound(c);
    const deleted = await deleteSurvey(db, survey.slug);
    if (!deleted.ok) {
      return apiError(c, 409, {
        code: "has_responses",
        message: "people have answered this survey, so it cannot be deleted; close it instead",
      });
    }
    return c.body(null, 204);
  });

  app.post("/api/org/surveys/:slug/versions", requireMember(db, DESIGNERS), async (c) => {
    const orgId = c.get("member").orgId;
    const survey = await orgSurvey(db, orgId, c.req.param("slug"));
    if (!survey) return notFound(c);
    const body = await readJson(c, versionBody, LARGE_BODY_BYTES);
    if (!body.ok) return body.response;
    // Before any key is stored: a draft that cannot be opened leaves nothing behind.
    const draft = survey.draft ? parseDraft(survey.draft) : null;
    if (survey.draft && draft?.ok && draft.missing.length > 0) {
      return incomplete(c, survey.draft, draft.missing);
    }
    const key = survey.publicKey ?? body.value.publicKey;
    if (!key) {
      return apiError(c, 400, {
        code: "key_required",
        message: "the first version needs the survey's public key, made in your browser",
        field: "$.publicKey",
      });
    }
    if (survey.publicKey && body.value.publicKey && body.value.publicKey !== survey.publicKey) {
      return apiError(c, 409, {
        code: "key_exists",
        message: "this survey already has a key; new versions keep it",
        field: "$.publicKey",
      });
    }
    if (!survey.publicKey) {
      // Without a sealed copy for someone who may analyse, nobody could ever read an answer.
      const analysts = new Set((await analystsOf(db, orgId)).map((m) => m.id));
      const sealed = body.value.sealedKeys ?? [];
      if (sealed.length === 0 || sealed.some((s) => !analysts.has(s.memberId))) {
        return apiError(c, 400, {
          code: "sealed_keys_required",
          message: "seal the survey key to at least one owner or analyst of your organization",
          field: "$.sealedKeys",
        });
      }
      await storeFirstKey(db, survey.slug, key, sealed);
    }
    const published = await publishDraft(db, survey.slug, key);
    if (!published.ok && published.reason === "no_draft")
      return apiError(c, 409, { code: "no_draft", message: "there is no draft to publish" });
    if (!published.ok) return incomplete(c, published.draft, published.missing);
    if (survey.state === "draft") await setSurveyState(db, survey.slug, "open");
    return c.json({ version: published.version }, 201);
  });

  app.post("/api/org/surveys/:slug/state", requireMember(db, DESIGNERS), async (c) => {
    const survey = await orgSurvey(db, c.get("member").orgId, c.req.param("slug"));
    if (!survey) return notFound(c);
    const body = await readJson(c, stateBody);
    if (!body.ok) return body.response;
    if (survey.versions.length === 0) {
      return apiError(c, 409, {
        code: "no_version",
        message: "publish a version before opening the survey",
      });
    }
    await setSurveyState(db, survey.slug, body.value.state);
    return c.json({ state: body.value.state });
  });

  app.get("/api/org/analysts", requireMember(db, ANY_ROLE), async (c) =>
    c.json({
      analysts: (await analystsOf(db, c.get("member").orgId)).map(shownTo(c.get("member"))),
    }),
  );

  app.get("/api/org/surveys/:slug/responses", ...keyHolders, async (c) => {
    const survey = c.get("survey");
    const query = pageQuery.safeParse({ after: c.req.query("after"), limit: c.req.query("limit") });
    if (!query.success) {
      const issue = query.error.issues[0];
      return apiError(c, 400, {
        code: "invalid_page",
        message: issue?.message ?? "invalid page",
        field: String(issue?.path[0] ?? "after"),
      });
    }
    const { after, limit } = query.data;
    const page = await responsePage(db, survey.slug, after, limit);
    return c.json({ responses: page, next: page.length === limit ? page.at(-1)?.id : null });
  });

  return app;
}
