import sodium from "libsodium-wrappers";
import { describe, expect, it } from "vitest";
import { fromBase64, seal, toBase64 } from "../../client/lib/crypto";
import { looksSealed } from "../../client/lib/envelope";
import { columnsOf, storedRows } from "../../test/database";
import {
  inOneLimitWindow,
  inOneUtcDay,
  STORED_RESPONSES,
  seedSurvey,
  useSeededApp,
} from "../../test/harness";
import { createApp } from "../app";
import { publishSurveyVersion, setDailyCap, setSurveyState } from "../db/surveys";

const SLUG = "passport-access";

const t = useSeededApp();

function sealed(
  answers: Record<string, unknown> = { country: "cl", age_group: "25_34", gender: "woman" },
) {
  return seal(
    { v: 1, survey: SLUG, version: 1, answers } as never,
    t.keys[SLUG]?.publicKey ?? "",
    seedSurvey(SLUG),
  );
}

function post(body: unknown, slug = SLUG, headers: Record<string, string> = {}) {
  return t.app.request(`/api/surveys/${slug}/responses`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** What is stored, read beside the app with plain SQL on either database. */
function stored() {
  return storedRows<{ id: string; slug: string; ciphertext: string }>(
    t.dbPath,
    `select id, slug, ciphertext from (${STORED_RESPONSES}) as stored order by id`,
  );
}

describe("POST /api/surveys/:slug/responses", () => {
  it("stores a sealed response and answers 201 with a receipt", async () => {
    const body = { id: crypto.randomUUID(), ciphertext: sealed() };
    const res = await post(body);
    expect(res.status).toBe(201);
    const { receipt } = (await res.json()) as { receipt: string };
    expect(receipt).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(await stored()).toEqual([{ id: body.id, slug: SLUG, ciphertext: body.ciphertext }]);
  });

  it("replaying the same id and ciphertext returns the same receipt and stores one row", async () => {
    const body = { id: crypto.randomUUID(), ciphertext: sealed() };
    const first = await post(body);
    const second = await post(body);
    expect(second.status).toBe(first.status);
    expect(await second.json()).toEqual(await first.json());
    expect(await stored()).toHaveLength(1);
  });

  it("takes an id sent again in capitals as the same id: one row, the same receipt", async () => {
    const body = { id: crypto.randomUUID(), ciphertext: sealed() };
    const first = await post(body);
    const second = await post({ ...body, id: body.id.toUpperCase() });
    expect(second.status).toBe(first.status);
    expect(await second.json()).toEqual(await first.json());
    expect(await stored()).toEqual([{ id: body.id, slug: SLUG, ciphertext: body.ciphertext }]);
    const other = await post({ id: body.id.toUpperCase(), ciphertext: sealed() });
    expect(other.status).toBe(409);
  });

  it("gives different responses different receipts", async () => {
    const a = await (await post({ id: crypto.randomUUID(), ciphertext: sealed() })).json();
    const b = await (await post({ id: crypto.randomUUID(), ciphertext: sealed() })).json();
    expect(a).not.toEqual(b);
  });

  it("refuses another ciphertext under a stored id with 409 and keeps the first one", async () => {
    const id = crypto.randomUUID();
    const original = sealed();
    await post({ id, ciphertext: original });
    const res = await post({
      id,
      ciphertext: sealed({ country: "pe", age_group: "60_plus", gender: "man" }),
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: "id_taken", field: "$.id" } });
    expect(await stored()).toEqual([{ id, slug: SLUG, ciphertext: original }]);
  });

  it("keeps an id sent to another survey apart: ids are unique within a survey", async () => {
    // Responses are keyed by (survey, random id), with no index on the id alone (issue 13).
    const body = { id: crypto.randomUUID(), ciphertext: sealed() };
    await post(body);
    const other = seedSurvey("cso-program-awareness");
    const otherCiphertext = () =>
      seal(
        { v: 1, survey: other.slug, version: 1, answers: { registered: "no" } },
        t.keys[other.slug]?.publicKey ?? "",
        other,
      );
    const first = { id: body.id, ciphertext: otherCiphertext() };
    expect((await post(first, other.slug)).status).toBe(201);
    expect((await post({ id: body.id, ciphertext: otherCiphertext() }, other.slug)).status).toBe(
      409,
    );
    expect(await stored()).toHaveLength(2);
    expect(await stored()).toEqual(
      expect.arrayContaining([
        { ...body, slug: SLUG },
        { ...first, slug: other.slug },
      ]),
    );
  });

  it("refuses, naming $.ciphertext, a sealed envelope of any other length than the survey's", async () => {
    // Shaped like any sealed envelope (whole 256-byte blocks and the seal), as v0.1 sent them:
    // its length would tell short answers from long ones.
    const key = fromBase64(t.keys[SLUG]?.publicKey ?? "") ?? new Uint8Array();
    const envelope = { v: 1, survey: SLUG, version: 1, answers: { country: "cl" } };
    const plain = new TextEncoder().encode(JSON.stringify(envelope));
    for (const blocks of [1, 2, 40]) {
      const padded = sodium.pad(plain, 256 * blocks);
      const ciphertext = toBase64(sodium.crypto_box_seal(padded, key));
      expect(looksSealed(ciphertext)).toBe(true);
      const res = await post({ id: crypto.randomUUID(), ciphertext });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { field: "$.ciphertext" } });
    }
    // Another survey's length is not this one's.
    const other = seedSurvey("cso-program-awareness");
    const res = await post({
      id: crypto.randomUUID(),
      ciphertext: seal(
        { v: 1, survey: other.slug, version: 1, answers: { registered: "no" } },
        t.keys[SLUG]?.publicKey ?? "",
        other,
      ),
    });
    expect(res.status).toBe(400);
    expect(await stored()).toHaveLength(0);
  });

  it("gives every response to a version one length, and takes each published version's", async () => {
    const short = sealed({ country: "cl" });
    const long = sealed({
      country: "ve",
      age_group: "60_plus",
      gender: "prefer_not",
      consequences: ["regularize", "work", "health", "bank", "travel_family"],
      comments: "ñ".repeat(1000),
    });
    expect(short.length).toBe(long.length);
    // A page loaded before version 2 was published still seals to version 1.
    const v2 = { ...seedSurvey(SLUG), version: 2 };
    v2.questions = [
      ...v2.questions,
      {
        id: "extra",
        type: "text",
        maxLength: 900,
        label: { es: "Otra", en: "Other", pt: "Outra" },
      },
    ];
    expect((await publishSurveyVersion(t.db, v2, t.keys[SLUG]?.publicKey ?? "", "open")).ok).toBe(
      true,
    );
    const newer = seal(
      { v: 1, survey: SLUG, version: 2, answers: { extra: "x" } },
      t.keys[SLUG]?.publicKey ?? "",
      v2,
    );
    expect(newer.length).toBeGreaterThan(short.length);
    for (const ciphertext of [short, long, newer]) {
      expect((await post({ id: crypto.randomUUID(), ciphertext })).status).toBe(201);
    }
  });

  it("answers 404 for an unknown survey and for a draft", async () => {
    const body = { id: crypto.randomUUID(), ciphertext: sealed() };
    expect((await post(body, "no-such-survey")).status).toBe(404);
    await setSurveyState(t.db, SLUG, "draft");
    const res = await post(body);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "unknown_survey" } });
    expect(await stored()).toHaveLength(0);
  });

  it("answers 410 once the survey is closed, and stores nothing", async () => {
    await setSurveyState(t.db, SLUG, "closed");
    const res = await post({ id: crypto.randomUUID(), ciphertext: sealed() });
    expect(res.status).toBe(410);
    expect(await res.json()).toMatchObject({ error: { code: "survey_closed" } });
    expect(await stored()).toHaveLength(0);
  });

  it("answers 413 to a body over 64 KiB", async () => {
    const res = await post({ id: crypto.randomUUID(), ciphertext: "A".repeat(70_000) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: "too_large" } });
  });

  const uuid = "3f0e8a52-8c1a-4b6e-9d2f-1a2b3c4d5e6f";
  const urlSafe = (bytes: number) =>
    Buffer.alloc(bytes, 0xfb).toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
  const unpadded = (bytes: number) =>
    Buffer.alloc(bytes, 0xfb).toString("base64").replace(/=+$/, "");
  const refusals: [string, () => unknown, number, string][] = [
    ["broken JSON", () => '{"id": "x", ', 400, "$"],
    ["a JSON array", () => [], 400, "$"],
    ["a JSON string", () => '"hello"', 400, "$"],
    ["a missing id", () => ({ ciphertext: sealed() }), 400, "$.id"],
    ["an id that is a number", () => ({ id: 42, ciphertext: sealed() }), 400, "$.id"],
    ["an id that is not a UUID", () => ({ id: "not-a-uuid", ciphertext: sealed() }), 400, "$.id"],
    [
      "a UUID that is not version 4",
      () => ({ id: "3f0e8a52-8c1a-1b6e-9d2f-1a2b3c4d5e6f", ciphertext: sealed() }),
      400,
      "$.id",
    ],
    ["a missing ciphertext", () => ({ id: uuid }), 400, "$.ciphertext"],
    ["a ciphertext that is an object", () => ({ id: uuid, ciphertext: {} }), 400, "$.ciphertext"],
    [
      "a ciphertext that is not base64",
      () => ({ id: uuid, ciphertext: "%%%%" }),
      400,
      "$.ciphertext",
    ],
    // 0xfb bytes encode as "+/v7" in standard base64: every one of them needs the url-safe swap.
    [
      "a ciphertext in url-safe base64",
      () => ({ id: uuid, ciphertext: urlSafe(304) }),
      400,
      "$.ciphertext",
    ],
    // 304 bytes (one block + seal) need "==" padding in standard base64.
    [
      "a ciphertext without its padding",
      () => ({ id: uuid, ciphertext: unpadded(304) }),
      400,
      "$.ciphertext",
    ],
    [
      "a ciphertext one block short of a sealed envelope",
      () => ({ id: uuid, ciphertext: Buffer.alloc(48).toString("base64") }),
      400,
      "$.ciphertext",
    ],
    [
      "a ciphertext whose length is not whole blocks",
      () => ({ id: uuid, ciphertext: Buffer.alloc(48 + 300).toString("base64") }),
      400,
      "$.ciphertext",
    ],
    ["an unknown field", () => ({ id: uuid, ciphertext: sealed(), ip: "1.2.3.4" }), 400, "$.ip"],
  ];

  for (const [what, body, status, field] of refusals) {
    it(`refuses ${what} with ${status} naming ${field}, storing nothing`, async () => {
      const res = await post(body());
      expect(res.status).toBe(status);
      const json = (await res.json()) as {
        error: { code: string; message: string; field: string };
      };
      expect(json.error.field).toBe(field);
      expect(json.error.message.length).toBeGreaterThan(0);
      expect(await stored()).toHaveLength(0);
    });
  }

  it("refuses a body that is not declared as JSON with 415", async () => {
    const res = await post(JSON.stringify({ id: uuid, ciphertext: sealed() }), SLUG, {
      "content-type": "text/plain",
    });
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ error: { field: "content-type" } });
    expect(await stored()).toHaveLength(0);
  });

  it("keeps only the day a response arrived, and no column for anything about the client", async () => {
    await post({ id: crypto.randomUUID(), ciphertext: sealed() }, SLUG, {
      "user-agent": "Canary-Agent/1.0",
      "x-forwarded-for": "203.0.113.77",
    });
    const columns = await columnsOf(t.dbPath, "response_parts");
    expect(columns.sort()).toEqual([
      "ciphertext",
      "id",
      "key",
      "part",
      "parts",
      "received_on",
      "slug",
    ]);
    const [row] = await storedRows<{ received_on: string }>(
      t.dbPath,
      "select received_on from response_parts",
    );
    expect(row?.received_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("answers 429 with Retry-After once one client sends too many, and other clients go on", {
    timeout: 120_000,
  }, async () => {
    await inOneLimitWindow();
    let address = "203.0.113.10";
    const limited = createApp({
      db: t.db,
      log: () => {},
      clientAddress: () => address,
      submissionLimit: { limit: 2, windowMs: 60_000 },
    });
    const send = () =>
      limited.request(`/api/surveys/${SLUG}/responses`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ id: crypto.randomUUID(), ciphertext: sealed() }),
      });
    expect((await send()).status).toBe(201);
    expect((await send()).status).toBe(201);
    const refused = await send();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ error: { code: "rate_limited" } });
    address = "203.0.113.11";
    expect((await send()).status).toBe(201);
    expect(await stored()).toHaveLength(3);
  });

  it("stops at the survey's daily cap with 429, but still answers a retry of a stored response", async () => {
    await inOneUtcDay();
    await setDailyCap(t.db, SLUG, 2);
    const first = { id: crypto.randomUUID(), ciphertext: sealed() };
    expect((await post(first)).status).toBe(201);
    expect((await post({ id: crypto.randomUUID(), ciphertext: sealed() })).status).toBe(201);
    const over = await post({ id: crypto.randomUUID(), ciphertext: sealed() });
    expect(over.status).toBe(429);
    const wait = Number(over.headers.get("retry-after"));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(86_400);
    expect((await post(first)).status).toBe(201);
    expect(await stored()).toHaveLength(2);
    await setDailyCap(t.db, SLUG, null);
    expect((await post({ id: crypto.randomUUID(), ciphertext: sealed() })).status).toBe(201);
  });
});
