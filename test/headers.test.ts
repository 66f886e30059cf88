// Issue 7 §5: the security headers on every kind of answer the app gives.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../server/app";
import type { Db } from "../server/db/client";
import { storePublication } from "../server/db/publications";
import { publicOrigin } from "../server/origin";
import { seededDatabase } from "./harness";

let app: ReturnType<typeof createApp>;
let db: Db;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const seeded = await seededDatabase();
  cleanup = seeded.cleanup;
  await storePublication(
    seeded.db,
    "passport-access",
    {
      format: "voz.publication/1",
      survey: "passport-access",
      version: 1,
      k: 5,
      responses: 0,
      unreadable: 0,
      tables: [],
    },
    0,
  );
  db = seeded.db;
  app = createApp({ db, log: () => {} });
});
afterAll(() => cleanup());

const answers: [string, string, RequestInit?][] = [
  ["respondent page", "/s/passport-access"],
  ["missing respondent page", "/s/nope"],
  ["public results page", "/r/passport-access"],
  ["results CSV", "/r/passport-access.csv"],
  ["results JSON", "/r/passport-access.json"],
  ["survey API", "/api/surveys/passport-access"],
  ["refused submission", "/api/surveys/passport-access/responses", { method: "POST", body: "{" }],
  [
    "form without JavaScript",
    "/s/passport-access/nojs",
    {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "step=0&go=next",
    },
  ],
  ["coordinator API without a session", "/api/me"],
  ["unknown route", "/nothing/here"],
  ["missing asset", "/assets/nothing.js"],
];

describe("security headers", () => {
  for (const [kind, path, init] of answers) {
    it(`are on the ${kind}`, async () => {
      const res = await app.request(`http://localhost${path}`, init);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("base-uri 'none'");
      expect(csp).not.toContain("unsafe-inline");
      expect(csp).not.toMatch(/https?:/);
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("permissions-policy")).toContain("camera=()");
      expect(res.headers.get("strict-transport-security")).toBeNull();
      expect(res.headers.get("set-cookie")).toBeNull();
    });
  }

  it("add HSTS when the configured origin is https, and only then", async () => {
    const tls = createApp({ db, log: () => {}, publicOrigin: publicOrigin("https://voz.example") });
    const res = await tls.request("http://127.0.0.1:8787/api/surveys/passport-access");
    expect(res.headers.get("strict-transport-security")).toMatch(/max-age=\d{8}/);
    // The request's own scheme says nothing: behind a proxy, it is whatever the last hop was.
    const plain = await app.request("https://voz.example/api/surveys/passport-access");
    expect(plain.headers.get("strict-transport-security")).toBeNull();
  });
});
