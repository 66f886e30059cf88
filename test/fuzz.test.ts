// Hostile input against every route: no 5xx, every API refusal a JSON error that says what
// is wrong, the database intact and no stored row changed.
import { rmSync } from "node:fs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type KeyPair, seal } from "../client/lib/crypto";
import { createApp } from "../server/app";
import { createOrganization } from "../server/db/accounts";
import type { Db } from "../server/db/client";
import { createChannel } from "../server/db/feedback";
import { setSurveyState } from "../server/db/surveys";
import { integrityOf, storedRows } from "./database";
import { fakeClientBuild, STORED_RESPONSES, seededDatabase, seedSurvey } from "./harness";

let db: Db;
let keys: Record<string, KeyPair>;
let cleanup: () => Promise<void>;
let dbPath = "";
let clientDir = "";
let app: ReturnType<typeof createApp>;
const errors: string[] = [];

beforeAll(async () => {
  ({ db, keys, cleanup, dbPath } = await seededDatabase());
  clientDir = fakeClientBuild();
  app = createApp({
    db,
    clientDir,
    log: (entry) => entry.event === "error" && errors.push(String(entry.message)),
  });
  await setSurveyState(db, "cso-program-awareness", "closed");
  // A feedback channel named like a survey, so that fuzzed slugs reach its handlers too.
  const org = await createOrganization(db, "Fuzz", {
    email: "owner@fuzz.example",
    passwordHash: "scrypt$unused",
    publicKey: keys["passport-access"]?.publicKey ?? "",
    wrappedKey: {} as never,
  });
  if (!org.ok) throw new Error("no organization");
  const channelKey = keys["passport-access"]?.publicKey ?? "";
  await createChannel(db, org.orgId, {
    slug: "passport-access",
    publicKey: channelKey,
    sensitivePublicKey: channelKey,
    keys: [],
  });
  // Rows that must come out of the storm unchanged.
  for (let i = 0; i < 5; i++) {
    const ciphertext = seal(
      {
        v: 1,
        survey: "passport-access",
        version: 1,
        answers: { country: "cl", age_group: "60_plus", gender: "man" },
      },
      keys["passport-access"]?.publicKey ?? "",
      seedSurvey("passport-access"),
    );
    await post(
      "/api/surveys/passport-access/responses",
      JSON.stringify({ id: crypto.randomUUID(), ciphertext }),
    );
  }
});
afterAll(async () => {
  await cleanup();
  if (clientDir) rmSync(clientDir, { recursive: true, force: true });
});

function post(path: string, body: string, type = "application/json") {
  return app.request(path, { method: "POST", headers: { "content-type": type }, body });
}

async function rows(): Promise<string[]> {
  const stored = await storedRows(dbPath, `${STORED_RESPONSES} order by id`);
  return stored.map((r) => JSON.stringify(r));
}

const slug = fc.oneof(
  fc.constantFrom(
    "passport-access",
    "cso-program-awareness",
    "nope",
    "",
    "..",
    "%2e%2e",
    "a".repeat(5000),
  ),
  fc.string({ unit: "grapheme", maxLength: 80 }).map(encodeURIComponent),
  fc.constantFrom("..%2f..%2fetc%2fpasswd", "%00", "%ff%fe", "s%20p%20a%20c%20e", "%C0%AE%C0%AE"),
);

const path = fc.oneof(
  slug.map((s) => `/api/surveys/${s}/responses`),
  slug.map((s) => `/api/surveys/${s}`),
  slug.map((s) => `/s/${s}`),
  slug.map((s) => `/s/${s}/nojs`),
  slug.map((s) => `/assets/${s}`),
  slug.map((s) => `/api/feedback/${s}`),
  slug.map((s) => `/api/feedback/${s}/messages`),
  slug.map((s) => `/api/feedback/${s}/replies`),
  slug.map((s) => `/f/${s}/results`),
  fc.constantFrom("/", "/api", "/api/surveys", "/assets/../../package.json", "/s/", "//etc/passwd"),
  fc.webPath(),
);

const ciphertextLike = fc.oneof(
  fc.base64String({ maxLength: 2000 }),
  fc.string({ maxLength: 500 }),
  fc.integer({ min: 0, max: 4000 }).map((n) => Buffer.alloc(n, 7).toString("base64")),
  fc.constant("===="),
  fc.constant("A".repeat(70_000)),
);

const idLike = fc.oneof(
  fc.uuid(),
  fc.uuid({ version: 4 }),
  fc.string({ maxLength: 60 }),
  fc.integer(),
  fc.constant(null),
);

const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

const body = fc.oneof(
  fc.record({ id: idLike, ciphertext: ciphertextLike }).map((o) => JSON.stringify(o)),
  fc
    .record({ id: idLike, ciphertext: ciphertextLike, extra: fc.jsonValue() })
    .map((o) => JSON.stringify(o)),
  fc
    .record({
      id: idLike,
      ciphertext: ciphertextLike,
      sensitive: fc.oneof(fc.boolean(), fc.jsonValue()),
      lookup: fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/), fc.string({ maxLength: 80 })),
    })
    .map((o) => JSON.stringify(o)),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.integer({ min: 1, max: 200_000 }).map(nested),
  fc.constantFrom('{"id":', "{}", "null", "\u0000", '{"__proto__":{"x":1}}', '{"id":"\ud800"}'),
  fc.integer({ min: 60_000, max: 300_000 }).map((n) => `"${"x".repeat(n)}"`),
);

/** The no-JavaScript form's fields, known and not, with hostile values. */
const formBody = fc
  .dictionary(
    fc.constantFrom(
      "step",
      "go",
      "lang",
      "id",
      "code",
      "q-country",
      "q-consequences",
      "q-months_waiting",
    ),
    fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom("cl", "next", "send", "review", "0", "1e309", "-1", ""),
    ),
  )
  .map((fields) => new URLSearchParams(fields).toString());

const request = fc.record({
  method: fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"),
  path,
  type: fc.constantFrom(
    "application/json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "",
    "application/json; charset=latin1",
  ),
  body,
});

describe("hostile requests", () => {
  it("never get a 5xx, and API refusals are JSON errors that name the problem", async () => {
    const before = await rows();
    await fc.assert(
      fc.asyncProperty(request, async ({ method, path, type, body }) => {
        const hasBody = method !== "GET" && method !== "HEAD";
        const res = await app.request(path, {
          method,
          headers: type ? { "content-type": type } : {},
          body: hasBody ? body : undefined,
        });
        expect(res.status, `${method} ${path.slice(0, 80)}`).toBeLessThan(500);
        if (res.status >= 400 && path.startsWith("/api/") && method !== "HEAD") {
          const json = (await res.json()) as { error: { code: string; message: string } };
          expect(json.error.code).toMatch(/^[a-z_]+$/);
          expect(json.error.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 400 },
    );
    expect(errors).toEqual([]);
    const after = new Set(await rows());
    for (const row of before) expect(after.has(row)).toBe(true);
    expect(await integrityOf(dbPath)).toBe("ok");
  }, 120_000);

  it("never get a 5xx from the no-JavaScript form, whatever its fields", async () => {
    const before = await rows();
    await fc.assert(
      fc.asyncProperty(slug, formBody, async (survey, body) => {
        const res = await app.request(`/s/${survey}/nojs`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body,
        });
        expect(res.status, body.slice(0, 120)).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
    expect(errors).toEqual([]);
    const after = new Set(await rows());
    for (const row of before) expect(after.has(row)).toBe(true);
  }, 120_000);

  it("refuse a NUL character in a JSON field with a 400 naming it, and in a path with a 404", async () => {
    // PostgreSQL cannot store or even compare text holding NUL; SQLite can. Both answer alike.
    const login = await app.request("http://localhost/api/login", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost" },
      body: JSON.stringify({ email: "owner\u0000@fuzz.example", password: "x" }),
    });
    expect(login.status).toBe(400);
    expect((await login.json()).error).toMatchObject({ field: "$.email" });
    for (const path of ["/api/surveys/%00", "/s/pass%00port-access", "/r/%00.csv"]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(404);
    }
  });
});
