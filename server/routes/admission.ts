// Who may answer a survey and how many per day, from the workspace (issue 16): one-time
// invitation codes (shown once, only their hashes kept) and a daily cap against floods — what
// `cli codes` and `cli open --max-per-day` do from files.
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { Db } from "../db/client";
import { createCodes, setCodesRequired } from "../db/codes";
import { setDailyCap } from "../db/surveys";
import { orgSurvey } from "../db/workspace";
import { apiError, readJson } from "../http";
import { requireMember, type SessionEnv } from "../session";

const DESIGNERS = ["owner", "designer"] as const;
/** More at once is a print run for another tool; the CLI takes up to 100,000. */
const MAX_CODES = 10_000;

const codesBody = z.strictObject({ count: z.number().int().min(1).max(MAX_CODES) });
const admissionBody = z.strictObject({
  maxPerDay: z.number().int().min(1).max(1_000_000_000).nullable(),
  requiresCode: z.boolean(),
});

export function admissionRoutes(db: Db): Hono<SessionEnv> {
  const app = new Hono<SessionEnv>();
  const designers = requireMember(db, DESIGNERS);
  const notFound = (c: Context) =>
    apiError(c, 404, { code: "unknown_survey", message: "no such survey in your organization" });

  // The codes are in this answer and nowhere else: only their hashes are stored.
  app.post("/api/org/surveys/:slug/codes", designers, async (c) => {
    const survey = await orgSurvey(db, c.get("member").orgId, c.req.param("slug"));
    if (!survey) return notFound(c);
    const body = await readJson(c, codesBody);
    if (!body.ok) return body.response;
    const codes = await createCodes(db, survey.slug, body.value.count);
    if (!codes) return notFound(c);
    return c.json({ codes }, 201);
  });

  app.put("/api/org/surveys/:slug/admission", designers, async (c) => {
    const survey = await orgSurvey(db, c.get("member").orgId, c.req.param("slug"));
    if (!survey) return notFound(c);
    const body = await readJson(c, admissionBody);
    if (!body.ok) return body.response;
    const { maxPerDay, requiresCode } = body.value;
    await setDailyCap(db, survey.slug, maxPerDay);
    await setCodesRequired(db, survey.slug, requiresCode);
    return c.json({ maxPerDay, requiresCode });
  });

  return app;
}
