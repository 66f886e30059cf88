import { Hono } from "hono";
import { surveyLabels } from "../../client/lib/labels";
import { renderResultsPage } from "../../client/public/page";
import { type PublicPublication, toCsv, toPublic } from "../../client/public/publication";
import { resultsStrings } from "../../client/public/strings";
import type { Assets } from "../assets";
import type { Db } from "../db/client";
import { collectionMonths, shownPublication } from "../db/publications";
import { findSurvey, surveyVersionsOf } from "../db/surveys";
import { apiError } from "../http";
import { pickLanguage } from "./pages";

const NAME = /^([a-z0-9-]{3,64})(?:\.(csv|json))?$/;

export function resultRoutes(db: Db, assets: Assets | null): Hono {
  return new Hono().get("/r/:name", async (c) => {
    const match = c.req.param("name").match(NAME);
    const slug = match?.[1];
    const found = slug ? await findSurvey(db, slug) : undefined;
    if (!slug || !found || found.state === "draft") {
      return apiError(c, 404, { code: "unknown_survey", message: "no such survey" });
    }
    const shown = await shownPublication(db, slug);
    const stored = shown.state === "published" ? shown : null;
    const publication = stored ? toPublic(stored.body as Parameters<typeof toPublic>[0]) : null;
    const format = match?.[2];
    const survey = (await surveyFor(db, slug, publication)) ?? found.survey;
    // The page's language: ?lang=, else the reader's browser, else the survey's first.
    const language = pickLanguage(
      survey.languages,
      c.req.query("lang"),
      c.req.header("accept-language"),
    );
    c.header("Vary", "Accept-Language", { append: true });
    if (format) {
      if (!publication) {
        return apiError(
          c,
          404,
          shown.state === "withdrawn"
            ? { code: "withdrawn", message: "the results of this survey were withdrawn" }
            : { code: "not_published", message: "nothing is published for this survey" },
        );
      }
      c.header("Content-Disposition", `attachment; filename="${slug}.${format}"`);
      if (format === "json") return c.json(publication);
      const t = resultsStrings(language);
      const csv = toCsv(publication, surveyLabels(survey, language, t));
      return c.body(csv, 200, { "Content-Type": "text/csv; charset=utf-8" });
    }
    return c.html(
      renderResultsPage({
        survey,
        orgName: found.orgName,
        publication,
        withdrawn: shown.state === "withdrawn",
        language,
        publishedOn: stored?.publishedOn ?? "",
        collected: await collectionMonths(db, slug),
        styles: assets?.results.styles ?? [],
      }),
    );
  });
}

/** Labels come from the version the publication tabulated, not necessarily the newest. */
async function surveyFor(db: Db, slug: string, publication: PublicPublication | null) {
  if (!publication) return undefined;
  return (await surveyVersionsOf(db, slug)).find((s) => s.version === publication.version);
}
