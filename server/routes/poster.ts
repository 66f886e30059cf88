// GET /s/:slug/poster — the printable A4 poster of an open survey (issue 4, distribution).
// Public: it shows only what the respondent page shows anyway (titles and the link).
import { Hono } from "hono";
import QRCode from "qrcode";
import { renderPosterPage } from "../../client/coordinator/poster";
import type { Assets } from "../assets";
import type { Db } from "../db/client";
import { findSurvey } from "../db/surveys";
import { unavailablePage } from "./pages";

export function posterRoutes(db: Db, assets: Assets | null): Hono {
  return new Hono().get("/s/:slug/poster", async (c) => {
    const slug = c.req.param("slug");
    const found = await findSurvey(db, slug);
    if (found?.state !== "open") return unavailablePage(c, found);
    const url = `${new URL(c.req.url).origin}/s/${slug}`;
    // Error correction "M" survives a crease or a smudge on a printed sheet.
    const qrSvg = await QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
    return c.html(
      renderPosterPage({
        survey: found.survey,
        url,
        qrSvg,
        styles: assets?.coordinator.styles ?? [],
      }),
    );
  });
}
