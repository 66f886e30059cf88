// Issue 7 §7: a full run of the real server process, then its whole log output is searched
// for anything about the clients: addresses, user agents, query strings, bodies.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeyPair, ready, seal } from "../client/lib/crypto";
import { createOrganization } from "../server/db/accounts";
import { closeDatabase, openDatabase } from "../server/db/client";
import { createChannel } from "../server/db/feedback";
import { publishSurveyVersion } from "../server/db/surveys";
import { seedSurvey } from "./harness";
import { spawnServer } from "./server-process";

const AGENT = `LogCanary/${crypto.randomUUID()}`;
const FORWARDED = "192.0.2.199";
const QUERY = `q${crypto.randomUUID().slice(0, 8)}`;
const PASSWORD = `password-${crypto.randomUUID()}`;
/** A reply lookup stands for the person's reply code: it must never reach a log. */
const LOOKUP = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("hex");
let dir: string;
let output = "";
let ciphertext: string;

beforeAll(async () => {
  await ready();
  dir = mkdtempSync(join(tmpdir(), "voz-logs-"));
  const dbPath = join(dir, "voz.db");
  const { publicKey } = generateKeyPair();
  const db = await openDatabase(dbPath);
  await publishSurveyVersion(db, seedSurvey("passport-access"), publicKey, "open");
  const org = await createOrganization(db, "Logs", {
    email: "owner@logs.example",
    passwordHash: "scrypt$unused",
    publicKey,
    wrappedKey: {} as never,
  });
  if (!org.ok) throw new Error("no organization");
  await createChannel(db, org.orgId, {
    slug: "logs-feedback",
    publicKey,
    sensitivePublicKey: publicKey,
    keys: [],
  });
  await closeDatabase(db);
  const server = await spawnServer({ VOZ_DB: dbPath });
  const url = server.url;

  const headers = {
    "user-agent": AGENT,
    "x-forwarded-for": FORWARDED,
    referer: `https://ref.example/?${QUERY}`,
  };
  ciphertext = seal(
    {
      v: 1,
      survey: "passport-access",
      version: 1,
      answers: { country: "cl", age_group: "25_34", gender: "man" },
    },
    publicKey,
    seedSurvey("passport-access"),
  );
  const calls: [string, RequestInit?][] = [
    [`/s/passport-access?${QUERY}=1`],
    [`/api/surveys/passport-access?${QUERY}=1`],
    [
      `/api/surveys/passport-access/responses?${QUERY}=1`,
      { method: "POST", body: JSON.stringify({ id: crypto.randomUUID(), ciphertext }) },
    ],
    [`/api/surveys/passport-access/responses`, { method: "POST", body: `{"id": "${QUERY}"` }],
    [
      `/api/login`,
      { method: "POST", body: JSON.stringify({ email: "a@b.example", password: PASSWORD }) },
    ],
    [
      `/api/feedback/logs-feedback/messages`,
      {
        method: "POST",
        body: JSON.stringify({
          id: crypto.randomUUID(),
          ciphertext,
          sensitive: false,
          lookup: LOOKUP,
        }),
      },
    ],
    [
      `/api/feedback/logs-feedback/replies`,
      { method: "POST", body: JSON.stringify({ lookup: LOOKUP }) },
    ],
    [`/?survey=passport-access&${QUERY}=1`, { redirect: "manual" }],
    [`/r/passport-access.csv?${QUERY}`],
    [`/no/such/${QUERY}`],
  ];
  for (const [path, init] of calls) {
    const res = await fetch(`${url}${path}`, {
      ...init,
      headers: { ...headers, "content-type": "application/json", origin: url },
    });
    await res.arrayBuffer();
  }
  server.child.kill("SIGTERM");
  await new Promise((resolve) => server.child.once("exit", resolve));
  output = server.output();
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the server's log output of a full run", () => {
  const lines = () =>
    output
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  it("has one line per coordinator or public request, so the search below has something to search", () => {
    const requests = lines().filter((l) => l.event === "request");
    expect(requests.map((l) => `${l.method} ${l.route}`).sort()).toEqual([
      "GET /*",
      "GET /r/:name",
      "POST /api/login",
    ]);
  });

  it("writes no line per respondent request, only counts per minute, flushed when it stops", () => {
    // Any log collector stamps each line with the time: one line per submission would date it.
    const counts = lines().filter((l) => l.event === "respondent_requests");
    expect(counts.reduce((sum, l) => sum + Number(l.count), 0)).toBe(7);
    // The start page, where a short name off a poster is typed, is a respondent's too.
    expect(counts).toContainEqual({
      event: "respondent_requests",
      method: "GET",
      route: "/",
      status: 303,
      count: 1,
    });
    expect(counts).toContainEqual({
      event: "respondent_requests",
      method: "POST",
      route: "/api/surveys/:slug/responses",
      status: 201,
      count: 1,
    });
    // The lookup found its message: the search below covers a real reply lookup.
    expect(counts).toContainEqual({
      event: "respondent_requests",
      method: "POST",
      route: "/api/feedback/:slug/replies",
      status: 200,
      count: 1,
    });
  });

  it("holds no address, user agent, referrer, query string or body", () => {
    for (const marker of [
      AGENT,
      FORWARDED,
      "127.0.0.1",
      "::1",
      QUERY,
      PASSWORD,
      ciphertext,
      "a@b.example",
      LOOKUP,
    ]) {
      expect(output).not.toContain(marker);
    }
  });

  it("holds no clock time", () => {
    expect(output).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    expect(output).not.toMatch(/"(time|timestamp|date)"/);
  });
});
