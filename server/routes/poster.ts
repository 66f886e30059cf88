// GET /s/:slug/poster — the printable A4 poster of an open survey (issue 4, distribution).
// Public: it shows only what the respondent page shows anyway (titles and the link).
import { Hono } from "hono";
import QRCode from "qrcode";
import { renderPosterPage } from "../../client/coordinator/poster";
import { ready } from "../../client/lib/crypto";
import { linkWithFingerprint } from "../../client/lib/fingerprint";
import type { Assets } from "../assets";
import type { Db } from "../db/client";
import { findSurvey } from "../db/surveys";
import { originOf } from "../origin";
import { surveyUnavailable } from "./pages";

export function posterRoutes(db: Db, assets: Assets | null): Hono {
  return new Hono().get("/s/:slug/poster", async (c) => {
    const slug = c.req.param("slug");
    const found = await findSurvey(db, slug);
    if (found?.state !== "open") return surveyUnavailable(c, found, db, assets);
    const url = `${originOf(c).url}/s/${slug}`;
    await ready();
    // The QR code carries the key's fingerprint (DESIGN §9.9): a phone that scans it refuses to
    // seal to any other key. The printed link stays short enough to type, and goes unchecked.
    const scanned = linkWithFingerprint(url, found.publicKey);
    // Error correction "M" survives a crease or a smudge on a printed sheet.
    const qrSvg = await QRCode.toString(scanned, {
      type: "svg",
      errorCorrectionLevel: "M",
      margin: 2,
    });
    return c.html(
      renderPosterPage({
        survey: found.survey,
        orgName: found.orgName,
        url,
        qrSvg,
        styles: assets?.coordinator.styles ?? [],
      }),
    );
  });
}
