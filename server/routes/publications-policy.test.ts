// The publication policies of DESIGN §8 over HTTP, each written as the attack that worked on
// v0.1 (issue 12): withdrawing fell back to the earlier publication; the same tables at k = 3
// after k = 5 were accepted; N = 3 with its zeros shown was accepted; a republication one
// response later let anyone subtract the new person's answers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Survey } from "../../surveys/schema";
import { safePublication, seededDatabase, seedSurvey } from "../../test/harness";
import {
  invite,
  openFeedbackChannel,
  openSurvey,
  type Person,
  readyCrypto,
  signUp,
} from "../../test/workspace-client";
import { createApp } from "../app";

let app: ReturnType<typeof createApp>;
let owner: Person;
let analyst: Person;
let cleanup: () => void;
let made = 0;
const CHANNEL = "policy-feedback";

beforeAll(async () => {
  await readyCrypto();
  const seeded = await seededDatabase();
  cleanup = seeded.cleanup;
  app = createApp({
    db: seeded.db,
    log: () => {},
    publicationLimit: { limit: 1000, windowMs: 60_000 },
  });
  owner = await signUp(app, "Policy Org", "owner@policy.example");
  analyst = await invite(app, owner, "analyst", "analyst@policy.example");
  await openFeedbackChannel(owner, CHANNEL, [analyst]);
}, 60_000);
afterAll(() => cleanup());

/** A fresh CSO-survey copy of the organization's, version 1, with no publication yet. */
async function newSurvey(): Promise<string> {
  const slug = `policy-survey-${++made}`;
  await openSurvey(owner, { ...seedSurvey("cso-program-awareness"), slug }, [owner, analyst]);
  return slug;
}

const publish = (slug: string, body: unknown) =>
  analyst.browser.request("POST", `/api/org/surveys/${slug}/publications`, body);
const withdraw = (slug: string) =>
  analyst.browser.request("DELETE", `/api/org/surveys/${slug}/publications/current`);

describe("withdrawing (attack 2)", () => {
  it("leaves the public page, JSON and CSV with no results, never the publication before", async () => {
    const slug = await newSurvey();
    expect((await publish(slug, safePublication(slug, 20))).status).toBe(201);
    expect((await publish(slug, safePublication(slug, 25))).status).toBe(201);
    expect((await withdraw(slug)).status).toBe(200);

    for (const download of [`/r/${slug}.json`, `/r/${slug}.csv`]) {
      const res = await app.request(download);
      expect(res.status, download).toBe(404);
      expect((await res.json()).error.code, download).toBe("withdrawn");
    }
    const page = await (await app.request(`/r/${slug}?lang=en`)).text();
    expect(page).toContain("withdrew the results");
    expect(page).not.toMatch(/20 responses|<table/);
    // Nothing is shown now, so there is nothing more to withdraw.
    expect((await withdraw(slug)).status).toBe(404);
  });

  it("leaves the feedback channel's public results empty too", async () => {
    const statement = (text: string) => [{ text: { en: text }, month: "2026-10" }];
    const first = {
      publication: { ...safePublication(CHANNEL, 20), tables: [] },
      statements: statement("We open on Saturdays now."),
    };
    const second = {
      publication: { ...safePublication(CHANNEL, 25), tables: [] },
      statements: statement("We added interpreters."),
    };
    for (const body of [first, second]) {
      const res = await analyst.browser.request("POST", "/api/org/feedback/publications", body);
      expect(res.status, await res.clone().text()).toBe(201);
    }
    const page = async () => (await app.request(`/f/${CHANNEL}/results?lang=en`)).text();
    expect(await page()).toContain("We added interpreters.");
    const res = await analyst.browser.request("DELETE", "/api/org/feedback/publications/current");
    expect(res.status).toBe(200);
    const after = await page();
    expect(after).toContain("withdrew what it had published");
    expect(after).not.toContain("We open on Saturdays now.");
    expect(after).not.toContain("We added interpreters.");
  });
});

describe("k per survey, stored by the server", () => {
  it("refuses the same tables at k = 3 after k = 5, naming $.k and the stored k", async () => {
    const slug = await newSurvey();
    expect((await publish(slug, safePublication(slug, 20, 5))).status).toBe(201);
    const lower = await publish(slug, safePublication(slug, 20, 3));
    expect(lower.status).toBe(422);
    const body = await lower.json();
    expect(body.error).toMatchObject({ code: "k_below_floor", field: "$.k" });
    expect(body.error.message).toContain("at least 5");
    // Growth is not what refused it: with plenty more responses k = 3 is still refused.
    expect((await publish(slug, safePublication(slug, 60, 3))).status).toBe(422);
  });

  it("lets a later publication raise k, and holds every later one to the raised k", async () => {
    const slug = await newSurvey();
    expect((await publish(slug, safePublication(slug, 20, 5))).status).toBe(201);
    expect((await publish(slug, safePublication(slug, 30, 7))).status).toBe(201);
    const six = await publish(slug, safePublication(slug, 40, 6));
    expect(six.status).toBe(422);
    expect((await six.json()).error.message).toContain("at least 7");
    const facts = await analyst.browser.json<{ storedK: number }>(
      "GET",
      `/api/org/surveys/${slug}/publications`,
    );
    expect(facts.storedK).toBe(7);
  });

  it("keeps the stored k after a withdrawal: the withdrawn tables may have been saved", async () => {
    const slug = await newSurvey();
    expect((await publish(slug, safePublication(slug, 20, 6))).status).toBe(201);
    expect((await withdraw(slug)).status).toBe(200);
    const res = await publish(slug, safePublication(slug, 40, 5));
    expect(res.status).toBe(422);
    expect((await res.json()).error.code).toBe("k_below_floor");
  });

  it("holds a feedback channel to its stored k, under $.publication.k", async () => {
    const body = (responses: number, k: number) => ({
      publication: { ...safePublication(CHANNEL, responses, k), tables: [] },
      statements: [],
    });
    const send = (b: unknown) =>
      analyst.browser.request("POST", "/api/org/feedback/publications", b);
    expect((await send(body(100, 8))).status).toBe(201);
    const res = await send(body(200, 5));
    expect(res.status).toBe(422);
    expect((await res.json()).error).toMatchObject({
      code: "k_below_floor",
      field: "$.publication.k",
    });
  });
});

describe("below k respondents (attack 6)", () => {
  it("refuses N = 3 with zeros shown, naming the cells, and accepts the count alone", async () => {
    const slug = await newSurvey();
    // All three registered: the published zeros for "no" and no answer say so.
    const zerosShown = {
      ...safePublication(slug, 3),
      tables: [
        {
          id: "registered",
          variables: ["registered"],
          cells: [
            { key: { registered: "yes" }, count: null, suppressed: "primary" },
            { key: { registered: "no" }, count: 0, suppressed: false },
            { key: { registered: null }, count: 0, suppressed: false },
            { key: { registered: "*" }, count: 3, suppressed: false },
          ],
        },
      ],
    };
    const res = await publish(slug, zerosShown);
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error).toMatchObject({ code: "below_k", field: "$.tables" });
    expect(body.cells).toEqual([
      { table: "registered", key: { registered: "no" } },
      { table: "registered", key: { registered: null } },
    ]);
    expect((await publish(slug, safePublication(slug, 3))).status).toBe(201);
  });
});

describe("republishing a version (attack 1's policy)", () => {
  it("needs N to grow by k, and says how many more responses are needed", async () => {
    const slug = await newSurvey();
    expect((await publish(slug, safePublication(slug, 20))).status).toBe(201);
    const oneMore = await publish(slug, safePublication(slug, 21));
    expect(oneMore.status).toBe(422);
    const body = await oneMore.json();
    expect(body.error).toMatchObject({ code: "needs_growth", field: "$.responses" });
    expect(body.needed).toBe(4);
    expect(body.error.message).toContain(
      "4 more responses are needed before version 1 can be published again",
    );
    expect((await publish(slug, safePublication(slug, 25))).status).toBe(201);
  });

  it("counts a withdrawn publication as previous", async () => {
    const slug = await newSurvey();
    expect((await publish(slug, safePublication(slug, 20))).status).toBe(201);
    expect((await withdraw(slug)).status).toBe(200);
    const again = await publish(slug, safePublication(slug, 22));
    expect(again.status).toBe(422);
    expect((await again.json()).needed).toBe(3);
  });

  /** Publishes the seed, edited by `edit` unless it is a key rotation, as version 2. */
  async function secondVersion(slug: string, edit?: (seed: Survey) => Survey) {
    if (edit) {
      const definition = edit({ ...seedSurvey("cso-program-awareness"), slug });
      await owner.browser.json("PUT", `/api/org/surveys/${slug}/draft`, { definition });
    }
    const version = await owner.browser.json<{ version: number }>(
      "POST",
      `/api/org/surveys/${slug}/versions`,
      {},
    );
    expect(version.version).toBe(2);
  }

  it("lets the first publication of a version that asks something else through: it counts other respondents", async () => {
    const slug = await newSurvey();
    expect((await publish(slug, safePublication(slug, 20))).status).toBe(201);
    await secondVersion(slug, (seed) => ({
      ...seed,
      questions: seed.questions.filter((q) => q.id !== "suggestions"),
    }));
    const second = { ...safePublication(slug, 6), version: 2 };
    expect((await publish(slug, second)).status).toBe(201);
    expect((await publish(slug, { ...safePublication(slug, 8), version: 2 })).status).toBe(422);
  });

  // The results page tabulates such versions together (surveys/wording.ts): version 2's 21
  // responses are version 1's 20 and one more person, whose answers a subtraction would read off.
  it.each([
    ["the same apart from its number (a key rotation)", undefined],
    [
      "that changed only texts",
      (seed: Survey) => ({ ...seed, title: { ...seed.title, en: "Round two" } }),
    ],
  ])("counts a version %s as the same respondents", async (_, edit) => {
    const slug = await newSurvey();
    expect((await publish(slug, safePublication(slug, 20))).status).toBe(201);
    await secondVersion(slug, edit);
    const again = await publish(slug, { ...safePublication(slug, 21), version: 2 });
    expect(again.status).toBe(422);
    expect(await again.json()).toMatchObject({
      error: { code: "needs_growth" },
      needed: 4,
      since: { number: 1, responses: 20 },
    });
    expect((await publish(slug, { ...safePublication(slug, 25), version: 2 })).status).toBe(201);
  });

  it("lists every publication, withdrawn ones included, for the workspace to say what is needed", async () => {
    const slug = await newSurvey();
    await publish(slug, safePublication(slug, 20));
    await withdraw(slug);
    await publish(slug, safePublication(slug, 26, 6));
    const facts = await analyst.browser.json<Record<string, unknown>>(
      "GET",
      `/api/org/surveys/${slug}/publications`,
    );
    const month = new Date().toISOString().slice(0, 7);
    expect(facts).toEqual({
      storedK: 6,
      versionGroups: { "1": 1 },
      history: [
        { number: 1, version: 1, k: 5, responses: 20, withdrawn: true, publishedOn: month },
        { number: 2, version: 1, k: 6, responses: 26, withdrawn: false, publishedOn: month },
      ],
    });
  });
});
