import { blake2b } from "@noble/hashes/blake2.js";
import QRCode from "qrcode";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ANONYMITY } from "../../client/coordinator/poster";
import { seededDatabase, seedSurvey } from "../../test/harness";
import { createApp } from "../app";
import { publishSurveyVersion, setSurveyState } from "../db/surveys";
import { publicOrigin } from "../origin";

let seeded: Awaited<ReturnType<typeof seededDatabase>>;
let app: ReturnType<typeof createApp>;

beforeEach(async () => {
  seeded = await seededDatabase();
  // The poster's link comes from the configured origin (server/origin.ts), not the request.
  app = createApp({
    db: seeded.db,
    log: () => {},
    publicOrigin: publicOrigin("http://voz.example"),
  });
});
afterEach(() => seeded.cleanup());

describe("GET /s/:slug/poster", () => {
  it("shows the title in every survey language, the QR code of the link, the link and one anonymity line per language", async () => {
    const res = await app.request("http://voz.example/s/passport-access/poster");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    const survey = seedSurvey("passport-access");
    for (const language of survey.languages) {
      expect(html).toContain(`lang="${language}"`);
      expect(html).toContain(escapeHtml(survey.title[language] as string));
      expect(html).toContain(escapeHtml(ANONYMITY[language] as string));
    }
    expect(html).toContain("voz.example/s/passport-access");
    // The QR code encodes exactly the respondents' link and its key's fingerprint, as inline SVG.
    const key = Buffer.from(seeded.keys["passport-access"]?.publicKey ?? "", "base64");
    const fingerprint = Buffer.from(blake2b(key, { dkLen: 32 }).subarray(0, 16)).toString(
      "base64url",
    );
    expect(html).not.toContain(fingerprint);
    const qr = await QRCode.toString(`http://voz.example/s/passport-access#k=${fingerprint}`, {
      type: "svg",
      errorCorrectionLevel: "M",
      margin: 2,
    });
    expect(html).toContain(qr);
  });

  it("runs under the CSP: no script, no inline style, nothing from another origin", async () => {
    const res = await app.request("http://voz.example/s/cso-program-awareness/poster");
    const html = await res.text();
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/<style/i);
    expect(html.match(/(?:src|href)="https?:\/\/[^"]*"/g) ?? []).toEqual([]);
  });

  it("escapes a hostile title instead of running it", async () => {
    const survey = seedSurvey("cso-program-awareness");
    const hostile = {
      ...survey,
      version: 2,
      title: { en: "<img src=x onerror=alert(1)>", es: "ok" },
    };
    const published = await publishSurveyVersion(
      seeded.db,
      hostile,
      seeded.keys["cso-program-awareness"]?.publicKey ?? "",
      "open",
    );
    expect(published.ok).toBe(true);
    const html = await (
      await app.request("http://voz.example/s/cso-program-awareness/poster")
    ).text();
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;img src=x onerror=alert(1)>");
  });

  it("answers 404 for an unknown survey and a draft, 410 for a closed one", async () => {
    expect((await app.request("/s/nothing-here/poster")).status).toBe(404);
    await setSurveyState(seeded.db, "passport-access", "draft");
    expect((await app.request("/s/passport-access/poster")).status).toBe(404);
    await setSurveyState(seeded.db, "passport-access", "closed");
    expect((await app.request("/s/passport-access/poster")).status).toBe(410);
  });
});

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}
