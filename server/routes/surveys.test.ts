import { describe, expect, it } from "vitest";
import { seedSurvey, useSeededApp } from "../../test/harness";
import { setSurveyState } from "../db/surveys";

const t = useSeededApp();

describe("GET /api/surveys/:slug", () => {
  it("serves an open survey's newest definition with its public key, never more", async () => {
    const res = await t.app.request("/api/surveys/passport-access");
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({
      survey: seedSurvey("passport-access"),
      publicKey: t.keys["passport-access"]?.publicKey,
      requiresCode: false,
    });
    expect(JSON.stringify(body)).not.toContain(t.keys["passport-access"]?.secretKey);
  });

  it("answers 404 for an unknown slug and for a draft, 410 for a closed survey", async () => {
    expect((await t.app.request("/api/surveys/nope")).status).toBe(404);
    await setSurveyState(t.db, "passport-access", "draft");
    expect((await t.app.request("/api/surveys/passport-access")).status).toBe(404);
    await setSurveyState(t.db, "passport-access", "closed");
    const closed = await t.app.request("/api/surveys/passport-access");
    expect(closed.status).toBe(410);
    expect(await closed.json()).toMatchObject({ error: { code: "survey_closed" } });
  });

  it("answers unknown routes with a JSON 404, never an HTML error", async () => {
    const res = await t.app.request("/api/nothing/here");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it("sends the security headers on API answers too", async () => {
    const res = await t.app.request("/api/surveys/passport-access");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
