// Issue 14 without JavaScript, over the real app: the survey with every addition of the format
// (test/fixtures/surveys/every-addition.json) answered through the plain form's pages as a

// browser posts them — a consent gate, sections as pages, a country → region filter, a month,
// an exclusive "none", an other-specify text under its option — and every post and every page
// of the version keeps one size whichever way the walk goes (DESIGN §9.8).
import { describe, expect, it } from "vitest";
import { generateKeyPair, type KeyPair, open, openKey, ready } from "../../client/lib/crypto";
import { parseSurvey, type Survey } from "../../surveys/schema";
import { storedRows } from "../../test/database";
import everyAddition from "../../test/fixtures/surveys/every-addition.json";
import { FULL_WALK_ANSWERS } from "../../test/fixtures/surveys/every-addition-answers";
import { STORED_RESPONSES, useSeededApp } from "../../test/harness";
import { type Fill, noscriptForm, readForm, submit } from "../../test/plain-form";
import { loadAssets } from "../assets";
import { publishSurveyVersion } from "../db/surveys";

const built = loadAssets("dist/client") !== null;
const t = useSeededApp();
const parsed = parseSurvey(everyAddition);
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
const survey: Survey = parsed.value;
const SLUG = survey.slug;
const NEXT = "Siguiente";
const TO_REVIEW = "Revisar respuestas";
const SEND = "Enviar respuestas";

interface Step {
  status: number;
  html: string;
  request: number;
  response: number;
}

let keys: KeyPair;
/** The databases (one per test) where the survey is open already. */
const published = new WeakSet<object>();

/** The survey's own page (opening the survey on this test's database first). */
async function opened(): Promise<{ html: string }> {
  if (!published.has(t.db)) {
    await ready();
    keys = generateKeyPair();
    const result = await publishSurveyVersion(t.db, survey, keys.publicKey, "open");
    if (!result.ok) throw new Error(result.reason);
    published.add(t.db);
  }
  const res = await t.app.request(`http://localhost/s/${SLUG}`);
  expect(res.status).toBe(200);
  return { html: noscriptForm(await res.text()) };
}

/** The bytes a browser posts for what is typed, form-urlencoded, line breaks as CRLF. */
const typedBytes = (fill: Fill) =>
  Object.values(fill.typeAt ?? {})
    .map((text) => new URLSearchParams([["", text]]).toString().length - 1)
    .reduce((a, b) => a + b, 0);

async function press(page: { html: string }, fill: Fill): Promise<Step> {
  const body = submit(readForm(page.html), fill);
  const res = await t.app.request(`http://localhost/s/${SLUG}/nojs`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: body.toString(),
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return {
    status: res.status,
    html: new TextDecoder().decode(bytes),
    request: body.toString().length - typedBytes(fill),
    response: bytes.length,
  };
}

/** Posts each fill on the page the one before led to; every step made. */
async function walk(fills: Fill[]): Promise<Step[]> {
  let page: { html: string } = await opened();
  const steps: Step[] = [];
  for (const fill of fills) {
    const step = await press(page, fill);
    steps.push(step);
    page = step;
  }
  return steps;
}

/** The ids of the questions a page asks, in order. */
const asks = (html: string) =>
  [...html.matchAll(/id="nojs-q-([a-z0-9_]+)-label"/g)].map((m) => m[1]);

async function storedAnswers() {
  const rows = await storedRows<{ ciphertext: string }>(
    t.dbPath,
    `select ciphertext from (${STORED_RESPONSES}) as stored where slug = '${SLUG}'`,
  );
  const key = openKey(keys);
  if (!key) throw new Error("no key");
  return rows.map((row) => {
    const result = open(row.ciphertext, key, survey);
    if (!result.ok) throw new Error(`unreadable: ${result.detail}`);
    return result.envelope.answers;
  });
}

const yes = (legend: string) => ({ words: "Sí", legend });

const FULL: Fill[] = [
  { choose: [{ words: "yes" }], press: NEXT },
  { choose: [{ words: "pe" }], press: NEXT },
  {
    choose: [{ words: "lima" }],
    typeAt: { Age: "30", "Month you arrived": "2019-05" },
    press: NEXT,
  },
  {
    choose: [yes("passport"), yes("other")],
    typeAt: { "Which other document?": "Carné de refugiado" },
    press: NEXT,
  },
  { choose: [{ words: "yes" }], press: NEXT },
  { press: TO_REVIEW },
  { press: SEND },
];

describe.skipIf(!built)("every construct in the form without JavaScript", () => {
  it("ends the survey after the consent page when the person says no", async () => {
    const steps = await walk([
      { choose: [{ words: "no" }], press: NEXT },
      { press: TO_REVIEW },
      { press: SEND },
    ]);
    expect(asks(steps[0]?.html ?? "")).toEqual(["thanks"]);
    expect(steps.at(-1)?.status).toBe(201);
    expect(await storedAnswers()).toEqual([{ consent: "no" }]);
  });

  it("shows a section's questions together, regions of the chosen country only, and other-specify under its option", async () => {
    const first = await opened();
    // The consent wording (a note) and the consent question share the first page.
    expect(asks(first.html)).toEqual(["intro", "consent"]);
    expect(first.html).toContain("Bienvenida");
    const country = await press(first, { choose: [{ words: "yes" }], press: NEXT });
    expect(asks(country.html)).toEqual(["country"]);
    const region = await press(country, { choose: [{ words: "pe" }], press: NEXT });
    // The region waits for the country's page: without a script, nothing changes in place.
    expect(asks(region.html)).toEqual(["region", "age", "arrived"]);
    const regions = readForm(region.html).filter((c) => c.kind === "radio" && c.words !== "");
    expect(regions.map((c) => c.words)).toEqual(["lima", "elsewhere"]);
    expect(region.html).toMatch(/type="month"[^>]*min="2015-01"[^>]*max="2025-12"/);
    const documents = await press(region, {
      choose: [{ words: "lima" }],
      typeAt: { Age: "30", "Month you arrived": "5/2019" },
      press: NEXT,
    });
    expect(asks(documents.html)).toEqual(["documents", "documents_other"]);
    expect(documents.html).toContain("About your documents");
    // The specify text sits inside the "other" option's block, right after its yes/no.
    const other =
      /<div class="option"><fieldset class="yesno"><legend>other<\/legend>[\s\S]*?<\/fieldset><div class="specify">[\s\S]*?nojs-q-documents_other-input/;
    expect(documents.html).toMatch(other);
  });

  it("refuses an exclusive none with another option, and a month out of range, in the survey's own words", async () => {
    const steps = await walk([
      { choose: [{ words: "yes" }], press: NEXT },
      { choose: [{ words: "co" }], press: NEXT },
      {
        choose: [{ words: "bogota" }],
        typeAt: { Age: "30", "Month you arrived": "1990-01" },
        press: NEXT,
      },
    ]);
    const month = steps.at(-1) as Step;
    expect(month.status).toBe(400);
    expect(month.html).toContain(
      '<p class="error" id="nojs-q-arrived-error">Between 2015 and 2025</p>',
    );
    const documents = await press(month, {
      typeAt: { Age: "30", "Month you arrived": "2019-05" },
      press: NEXT,
    });
    expect(asks(documents.html)).toEqual(["documents", "documents_other"]);
    const both = await press(documents, { choose: [yes("passport"), yes("none")], press: NEXT });
    expect(both.status).toBe(400);
    expect(/id="nojs-q-documents-error">([^<]*)</.exec(both.html)?.[1]).toMatch(
      /None.* goes alone/,
    );
    const fixed = await press(both, {
      choose: [{ words: "No", legend: "passport" }],
      press: NEXT,
    });
    expect(asks(fixed.html)).toEqual(["follow_up"]);
  });

  it("stores what was answered, the specify text only with its option, the month as written", async () => {
    const steps = await walk(FULL);
    expect(steps.map((s) => s.status)).toEqual([200, 200, 200, 200, 200, 200, 201]);
    expect(await storedAnswers()).toEqual([FULL_WALK_ANSWERS]);
  });

  it("every post and every page has one length, whichever pages, questions and options a walk shows", async () => {
    const walks: Fill[][] = [
      FULL,
      [
        { choose: [{ words: "no" }], press: NEXT },
        { press: TO_REVIEW },
        { press: "Anterior" },
        { press: TO_REVIEW },
        { press: SEND },
      ],
      [
        { choose: [{ words: "yes" }], press: NEXT },
        { choose: [{ words: "cl" }], press: NEXT },
        {
          choose: [{ words: "elsewhere" }],
          typeAt: { Age: "16", "Month you arrived": "" },
          press: NEXT,
        },
        { press: TO_REVIEW },
        { press: SEND },
      ],
      [
        { choose: [{ words: "yes" }], press: NEXT },
        { choose: [{ words: "co" }], press: NEXT },
        {
          choose: [{ words: "bogota" }],
          typeAt: { Age: "x", "Month you arrived": "13/2019" },
          press: NEXT,
        },
        {
          choose: [{ words: "bogota" }],
          typeAt: { Age: "70", "Month you arrived": "" },
          press: NEXT,
        },
        { choose: [yes("none"), yes("other")], press: NEXT },
        {
          choose: [{ words: "No", legend: "other" }],
          typeAt: { "Which other document?": "" },
          press: NEXT,
        },
        { press: NEXT },
        { press: TO_REVIEW },
        { press: SEND },
      ],
    ];
    const requests = new Set<number>();
    const responses = new Set<number>();
    let posts = 0;
    for (const fills of walks) {
      for (const step of await walk(fills)) {
        requests.add(step.request);
        responses.add(step.response);
        posts++;
      }
    }
    expect(posts).toBe(FULL.length + 5 + 5 + 9);
    expect([...requests]).toHaveLength(1);
    expect([...responses]).toHaveLength(1);
    expect(await storedAnswers()).toHaveLength(walks.length);
  });
});
