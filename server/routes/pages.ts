import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { renderSurveyPage } from "../../client/respondent/page";
import type { Assets } from "../assets";
import type { Db } from "../db/client";
import { findSurvey } from "../db/surveys";

const notFoundPage = (message: string) =>
  `<!doctype html><html lang="es"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Voz</title><p>${message}</p></html>`;

export function pageRoutes(db: Db, clientDir: string, assets: Assets | null): Hono {
  const app = new Hono();

  if (assets) {
    // Vite puts a content hash in every file name under /assets, so they never change.
    app.use("/assets/*", async (c, next) => {
      await next();
      if (c.res.ok) c.header("Cache-Control", "public, max-age=31536000, immutable");
    });
    app.use("/assets/*", serveStatic({ root: clientDir }));
  }

  app.get("/s/:slug", (c) => {
    const found = findSurvey(db, c.req.param("slug"));
    if (!found || found.state === "draft") {
      return c.html(notFoundPage("Esta encuesta no existe. / This survey does not exist."), 404);
    }
    if (found.state === "closed") {
      return c.html(notFoundPage("Esta encuesta está cerrada. / This survey is closed."), 410);
    }
    if (!assets) return c.html(notFoundPage("The client is not built: run npm run build."), 503);
    c.header("Cache-Control", "no-store");
    return c.html(
      renderSurveyPage({
        survey: found.survey,
        publicKey: found.publicKey,
        assets: assets.respondent,
      }),
    );
  });

  return app;
}
