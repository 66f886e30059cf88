import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { type Envelope, open, openKey } from "../../client/lib/crypto";
import { storedRows } from "../../test/database";
import {
  STORED_RESPONSES,
  seedSurvey,
  startServer,
  type TestServer,
  useSeededApp,
} from "../../test/harness";
import { createApp } from "../app";
import { loadAssets } from "../assets";
import { createCodes } from "../db/codes";
import { publishSurveyVersion, setDailyCap } from "../db/surveys";

const SLUG = "passport-access";
const built = loadAssets("dist/client") !== null;
const t = useSeededApp();

/** Answers as the form's fields carry them: `q-<id>`, one field per ticked box. */
type Fields = [string, string][];

/** A whole passport survey, every shown question answered; `months_waiting` shows for "waiting". */
const COMPLETE: Fields = [
  ["q-country", "pe"],
  ["q-age_group", "35_44"],
  ["q-gender", "woman"],
  ["q-applied", "waiting"],
  ["q-months_waiting", "7,5"],
  ["q-consequences", "work"],
  ["q-consequences", "health"],
  ["q-comments", "Línea uno\r\nlínea dos"],
];

const EXPECTED = {
  country: "pe",
  age_group: "35_44",
  gender: "woman",
  applied: "waiting",
  months_waiting: 7.5,
  consequences: ["work", "health"],
  comments: "Línea uno\nlínea dos",
};

function post(
  fields: Fields,
  { slug = SLUG, headers = {} as Record<string, string>, app = t.app } = {},
) {
  return app.request(`http://localhost/s/${slug}/nojs`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

/** What is stored, read beside the app with plain SQL on either database. */
function stored() {
  return storedRows<{ id: string; slug: string; ciphertext: string }>(
    t.dbPath,
    `select id, slug, ciphertext from (${STORED_RESPONSES}) as stored`,
  );
}

function opened(ciphertext: string): Envelope {
  const key = openKey(t.keys[SLUG] ?? { publicKey: "", secretKey: "" });
  if (!key) throw new Error("no key");
  const result = open(ciphertext, key, seedSurvey(SLUG));
  if (!result.ok) throw new Error(`unreadable: ${result.detail}`);
  return result.envelope;
}

/** Every hidden field of a rendered page, as a form would post them back. */
function hiddenFields(html: string): Fields {
  return [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [
    m[1] ?? "",
    (m[2] ?? "")
      .replace(/&amp;/g, "&")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, "<"),
  ]);
}

const send = (fields: Fields, extra: Fields = []) =>
  post([["lang", "es"], ["step", "review"], ["go", "send"], ...fields, ...extra]);

describe.skipIf(!built)("POST /s/:slug/nojs, the form without JavaScript", () => {
  it("a complete submission stores exactly one response that opens with the survey key", async () => {
    const res = await send(COMPLETE);
    expect(res.status).toBe(201);
    const html = await res.text();
    const receipt = /<strong>([0-9A-Z-]{19})<\/strong>/.exec(html)?.[1];
    expect(receipt).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    const rows = await stored();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.ciphertext).not.toContain("Línea");
    expect(opened(rows[0]?.ciphertext ?? "")).toEqual({
      v: 1,
      survey: SLUG,
      version: 1,
      answers: EXPECTED,
    });
  });

  it("walks one question a page, carrying the answers in hidden fields, with showIf honoured", async () => {
    // Question 4 is "applied"; "no_cost" hides months_waiting, so the next page is cost_usd.
    const before: Fields = [
      ["q-country", "cl"],
      ["q-age_group", "18_24"],
      ["q-gender", "man"],
    ];
    const res = await post([
      ["lang", "en"],
      ["step", "4"],
      ["go", "next"],
      ...before,
      ["q-applied", "no_cost"],
    ]);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("set-cookie")).toBeNull();
    const html = await res.text();
    expect(html).toContain('<input type="hidden" name="step" value="6"/>');
    expect(hiddenFields(html)).toEqual([
      ["lang", "en"],
      ["step", "6"],
      ...before,
      ["q-applied", "no_cost"],
    ]);
    expect(html).toContain('name="q-cost_usd"');
    expect(html).toContain("less private");
    expect(await stored()).toEqual([]);
  });

  it("going back keeps the answer being left and shows the previous shown question filled in", async () => {
    const res = await post([
      ["step", "6"],
      ["go", "back"],
      ["q-country", "cl"],
      ["q-applied", "no_cost"],
      ["q-cost_usd", "120"],
    ]);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<input type="hidden" name="step" value="4"/>');
    expect(html).toMatch(/<input type="radio" name="q-applied" value="no_cost"[^>]*checked/);
    expect(hiddenFields(html)).toContainEqual(["q-cost_usd", "120"]);
  });

  it("the last question leads to a review with a fresh response id and the send button", async () => {
    const res = await post([["step", "13"], ["go", "next"], ...COMPLETE]);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<input type="hidden" name="step" value="review"/>');
    expect(html).toMatch(/name="id" value="[0-9a-f-]{36}"/);
    expect(html).toContain('name="go" value="send"');
    expect(html).toContain("Línea uno");
  });

  it("refuses a missing required answer with 400, the message tied to the field, storing nothing", async () => {
    const res = await post([
      ["step", "1"],
      ["go", "next"],
      ["q-country", "cl"],
    ]);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('<p class="error" id="nojs-q-age_group-error">');
    expect(html).toMatch(/<fieldset class="question" aria-describedby="nojs-q-age_group-error"/);
    expect(html).toContain("Por favor, responda esta pregunta.");
    expect(await stored()).toEqual([]);
  });

  it("sends back to the first missing required answer when the review is sent without it", async () => {
    const res = await send(COMPLETE.filter(([name]) => name !== "q-gender"));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('<input type="hidden" name="step" value="2"/>');
    expect(html).toContain('id="nojs-q-gender-error"');
    expect(await stored()).toEqual([]);
  });

  it("drops an answer that a later change hid before sealing", async () => {
    const res = await send([
      ...COMPLETE.filter(([name]) => name !== "q-applied"),
      ["q-applied", "no_cost"],
    ]);
    expect(res.status).toBe(201);
    const { answers } = opened((await stored())[0]?.ciphertext ?? "");
    expect(answers.applied).toBe("no_cost");
    expect(answers).not.toHaveProperty("months_waiting");
  });

  it.each([
    ["an unknown field", [["colour", "red"]], "colour"],
    ["a question the survey does not have", [["q-nope", "x"]], "q-nope"],
    [
      "a single answer given twice",
      [
        ["q-passport", "valid"],
        ["q-passport", "never"],
      ],
      "q-passport",
    ],
    ["a response id that is not a random UUID", [["id", "1234"]], "id"],
  ] as [string, Fields, string][])(
    "refuses %s with 400 JSON naming the field",
    async (_, extra, field) => {
      const res = await send(COMPLETE, extra);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { field: string } }).error.field).toBe(field);
      expect(await stored()).toEqual([]);
    },
  );

  it("refuses an option that does not exist where it is asked, naming it on the page", async () => {
    const res = await post([
      ["step", "0"],
      ["go", "next"],
      ["q-country", "atlantis"],
    ]);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('id="nojs-q-country-error"');
  });

  it("refuses a body that is not a form with 415", async () => {
    const res = await t.app.request(`/s/${SLUG}/nojs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(415);
  });

  it("refuses a post from another site's page with 403, however its Origin is hidden, and takes ours", async () => {
    const evil = await post([["step", "review"], ["go", "send"], ...COMPLETE], {
      headers: { origin: "https://evil.example" },
    });
    expect(evil.status).toBe(403);
    expect(await evil.json()).toEqual({
      error: {
        code: "cross_origin",
        message: "this form can only be sent from this site",
        field: "origin",
      },
    });
    const nulled = await post([["step", "review"], ["go", "send"], ...COMPLETE], {
      headers: { origin: "null", "sec-fetch-site": "cross-site" },
    });
    expect(nulled.status).toBe(403);
    expect(await stored()).toEqual([]);
    for (const headers of [
      { origin: "http://localhost" },
      { origin: "null", "sec-fetch-site": "same-origin" },
      {},
    ] as Record<string, string>[]) {
      const ours = await post([["step", "review"], ["go", "send"], ...COMPLETE], { headers });
      expect(ours.status, JSON.stringify(headers)).toBe(201);
    }
    expect(await stored()).toHaveLength(3);
  });

  it("answers 403 naming $.withoutJavaScript when the survey switches the form off", async () => {
    const survey = { ...seedSurvey(SLUG), slug: "script-only", withoutJavaScript: false };
    const published = await publishSurveyVersion(
      t.db,
      survey,
      t.keys[SLUG]?.publicKey ?? "",
      "open",
    );
    expect(published.ok).toBe(true);
    const res = await post([["step", "review"], ["go", "send"], ...COMPLETE], {
      slug: "script-only",
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe(
      "$.withoutJavaScript",
    );
    expect(await stored()).toEqual([]);
    const page = await (await t.app.request("/s/script-only")).text();
    expect(page).toContain("active JavaScript en su navegador");
    expect(page).not.toContain("/nojs");
  });

  it("answers 404 for an unknown survey", async () => {
    expect((await post(COMPLETE, { slug: "nope" })).status).toBe(404);
  });

  it("asks for the invitation code on the review, refuses a wrong one, and spends a right one", async () => {
    const [code] = (await createCodes(t.db, SLUG, 1)) ?? [];
    const missing = await send(COMPLETE);
    expect(missing.status).toBe(403);
    const page = await missing.text();
    expect(page).toContain('id="invitation-code"');
    expect(await stored()).toEqual([]);
    const retry = hiddenFields(page);
    const wrong = await post([...retry, ["go", "send"], ["code", "AAAAA-AAAAA"]]);
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).toContain('aria-invalid="true"');
    const right = await post([...retry, ["go", "send"], ["code", code ?? ""]]);
    expect(right.status).toBe(201);
    expect(await stored()).toHaveLength(1);
  });

  it("sending the same review page twice stores it once", async () => {
    const review = await post([["step", "13"], ["go", "next"], ...COMPLETE]);
    const fields = hiddenFields(await review.text());
    expect((await post([...fields, ["go", "send"]])).status).toBe(201);
    const again = await post([...fields, ["go", "send"]]);
    expect(again.status).toBe(200);
    expect(await again.text()).toContain("ya se enviaron");
    expect(await stored()).toHaveLength(1);
  });

  it("shares the per-client limit with the JSON path, and keeps the answers on the page when over", async () => {
    const app = createApp({
      db: t.db,
      log: () => {},
      clientAddress: () => "198.51.100.7",
      submissionLimit: { limit: 1, windowMs: 60_000 },
    });
    const json = await app.request(`/api/surveys/${SLUG}/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(json.status).toBe(400);
    const res = await post([["step", "review"], ["go", "send"], ...COMPLETE], { app });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(hiddenFields(await res.text())).toContainEqual(["q-country", "pe"]);
    expect(await stored()).toEqual([]);
  });

  it("stops at the survey's daily cap with 429", async () => {
    await setDailyCap(t.db, SLUG, 1);
    expect((await send(COMPLETE)).status).toBe(201);
    expect((await send(COMPLETE)).status).toBe(429);
    expect(await stored()).toHaveLength(1);
  });
});

describe.skipIf(!built)("the form without JavaScript over real HTTP", () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("leaves no answer text in the logs or the database file", async () => {
    server = await startServer();
    const canary = "canary-nojs-7f3a9c";
    const res = await fetch(`${server.url}/s/${SLUG}/nojs`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams([
        ["step", "review"],
        ["go", "send"],
        ...COMPLETE.filter(([name]) => name !== "q-comments"),
        ["q-comments", canary],
      ]).toString(),
    });
    expect(res.status).toBe(201);
    server.flushLogs();
    expect(server.logs.length).toBeGreaterThan(0);
    expect(server.logs.join("\n")).not.toContain(canary);
    for (const file of [server.dbPath, `${server.dbPath}-wal`]) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch {
        continue;
      }
      expect(bytes.includes(canary), file).toBe(false);
    }
  });
});
