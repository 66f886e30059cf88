import { Hono } from "hono";
import type { Db } from "../db/client";
import { findSurvey } from "../db/surveys";
import { apiError } from "../http";

export function surveyRoutes(db: Db): Hono {
  return new Hono().get("/api/surveys/:slug", async (c) => {
    const found = await findSurvey(db, c.req.param("slug"));
    if (!found || found.state === "draft") {
      return apiError(c, 404, { code: "unknown_survey", message: "no such survey" });
    }
    if (found.state === "closed") {
      return apiError(c, 410, { code: "survey_closed", message: "this survey is closed" });
    }
    const { survey, publicKey, requiresCode } = found;
    return c.json({ survey, publicKey, requiresCode });
  });
}
