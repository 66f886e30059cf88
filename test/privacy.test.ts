// DESIGN §9.1–9.2, tried against the real server over HTTP: plant a canary answer and
// identifying request headers, then search every byte the server keeps for them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seal } from "../client/lib/crypto";
import { storedBytes } from "./database";
import { seedSurvey, startServer, type TestServer } from "./harness";

const CANARY = `canary-${crypto.randomUUID()}`;
const AGENT = `CanaryBrowser/${crypto.randomUUID()}`;
const ADDRESS = "198.51.100.213";
const REFERRER = `https://referrer.example/${crypto.randomUUID()}`;
const COOKIE = `tracker=${crypto.randomUUID()}`;

let server: TestServer;
let ciphertext: string;
let stored: Buffer;

beforeAll(async () => {
  server = await startServer();
  const publicKey = server.keys["passport-access"]?.publicKey ?? "";
  ciphertext = seal(
    {
      v: 1,
      survey: "passport-access",
      version: 1,
      answers: { country: "pe", age_group: "35_44", gender: "woman", comments: CANARY },
    },
    publicKey,
    seedSurvey("passport-access"),
  );
  const res = await fetch(`${server.url}/api/surveys/passport-access/responses?who=${CANARY}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": AGENT,
      "x-forwarded-for": ADDRESS,
      "x-real-ip": ADDRESS,
      referer: REFERRER,
      cookie: COOKIE,
    },
    body: JSON.stringify({ id: crypto.randomUUID(), ciphertext }),
  });
  expect(res.status).toBe(201);
  expect(res.headers.get("set-cookie")).toBeNull();
  // Read while the server runs, so the write-ahead log still holds the fresh page.
  stored = await storedBytes(server.dbPath);
});
afterAll(() => server.close());

describe("what the server keeps about a respondent", () => {
  it("keeps the ciphertext, so the search below looks in the right place", () => {
    // Its beginning: a response padded to its survey's size is kept in parts
    // (server/db/responses.ts).
    expect(stored.includes(ciphertext.slice(0, 100))).toBe(true);
  });

  it("keeps no plaintext answer in the database file or its WAL", () => {
    expect(stored.includes(CANARY)).toBe(false);
  });

  it("keeps no user agent, address, referrer or cookie in the database", () => {
    for (const marker of [AGENT, ADDRESS, REFERRER, COOKIE])
      expect(stored.includes(marker)).toBe(false);
  });

  it("counts the request without the canary, the query string or anything about the client", () => {
    expect(server.logs.join("\n")).not.toContain('"route":"/api/surveys/:slug/responses"');
    server.flushLogs();
    const logs = server.logs.join("\n");
    expect(logs).toContain('"route":"/api/surveys/:slug/responses"');
    for (const marker of [CANARY, AGENT, ADDRESS, REFERRER, COOKIE, "who="]) {
      expect(logs).not.toContain(marker);
    }
  });
});
