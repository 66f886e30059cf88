import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { KeyPair } from "../../client/lib/crypto";
import { seededDatabase, seedSurvey } from "../../test/harness";
import { createApp } from "../app";
import type { Db } from "../db/client";
import { setSurveyState } from "../db/surveys";

let db: Db;
let keys: Record<string, KeyPair>;
let cleanup: () => void;
let app: ReturnType<typeof createApp>;

beforeEach(async () => {
  ({ db, keys, cleanup } = await seededDatabase());
  app = createApp({ db, log: () => {} });
});
afterEach(() => cleanup());

describe("GET /api/surveys/:slug", () => {
  it("serves an open survey's newest definition with its public key, never more", async () => {
    const res = await app.request("/api/surveys/passport-access");
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({
      survey: seedSurvey("passport-access"),
      publicKey: keys["passport-access"]?.publicKey,
      requiresCode: false,
    });
    expect(JSON.stringify(body)).not.toContain(keys["passport-access"]?.secretKey);
  });

  it("answers 404 for an unknown slug and for a draft, 410 for a closed survey", async () => {
    expect((await app.request("/api/surveys/nope")).status).toBe(404);
    setSurveyState(db, "passport-access", "draft");
    expect((await app.request("/api/surveys/passport-access")).status).toBe(404);
    setSurveyState(db, "passport-access", "closed");
    const closed = await app.request("/api/surveys/passport-access");
    expect(closed.status).toBe(410);
    expect(await closed.json()).toMatchObject({ error: { code: "survey_closed" } });
  });

  it("answers unknown routes with a JSON 404, never an HTML error", async () => {
    const res = await app.request("/api/nothing/here");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it("sends the security headers on API answers too", async () => {
    const res = await app.request("/api/surveys/passport-access");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
