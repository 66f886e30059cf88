// Issue 16, builder: a draft saves while a translation is missing; opening or publishing it is
// refused with a message naming the question, the field and the language; a survey nobody has
// answered can be deleted, one with answers cannot.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeyPair, seal } from "../../client/lib/crypto";
import { sealSurveyKey } from "../../client/lib/keyring";
import { seededDatabase, seedSurvey } from "../../test/harness";
import { invite, type Person, readyCrypto, signUp } from "../../test/workspace-client";
import { createApp } from "../app";

let app: ReturnType<typeof createApp>;
let cleanup: () => Promise<void>;
let owner: Person;
let analyst: Person;
let other: Person;

beforeAll(async () => {
  await readyCrypto();
  const seeded = await seededDatabase();
  cleanup = seeded.cleanup;
  app = createApp({ db: seeded.db, log: () => {} });
  owner = await signUp(app, "Red de Apoyo", "owner@drafts.example");
  analyst = await invite(app, owner, "analyst", "analyst@drafts.example");
  other = await signUp(app, "Otra", "owner@other-drafts.example");
}, 60_000);
afterAll(() => cleanup());

/** The CSO survey in es and ht, with question 2's hint and one option label not yet in ht. */
function withCreole(slug: string) {
  const survey = structuredClone({ ...seedSurvey("cso-program-awareness"), slug });
  const creole = (text: Record<string, string> | undefined) =>
    text ? { es: text.es as string, ht: `${text.es} (ht)` } : undefined;
  survey.languages = ["es", "ht"];
  survey.title = creole(survey.title) as never;
  survey.intro = creole(survey.intro);
  for (const q of survey.questions) {
    q.label = creole(q.label) as never;
    q.hint = creole(q.hint);
    if ("options" in q) for (const o of q.options) o.label = creole(o.label) as never;
  }
  const second = survey.questions[1] as { id: string; hint?: Record<string, string> };
  second.hint = { es: "Una pista solo en español." };
  const first = survey.questions[0] as { options: { label: Record<string, string> }[] };
  (first.options[0] as { label: Record<string, string> }).label.ht = "";
  return survey;
}

const open = (person: Person, slug: string) => {
  const key = generateKeyPair();
  return person.browser.request("POST", `/api/org/surveys/${slug}/versions`, {
    publicKey: key.publicKey,
    sealedKeys: [{ memberId: owner.id, sealedKey: sealSurveyKey(key, owner.keyPair.publicKey) }],
  });
};

describe("drafts with missing translations", () => {
  it("saves the draft, says what is missing, and keeps it missing", async () => {
    const draft = withCreole("creole-draft");
    const res = await owner.browser.request("POST", "/api/org/surveys", { definition: draft });
    expect(res.status, await res.clone().text()).toBe(201);
    const body = (await res.json()) as { missing: { path: string; message: string }[] };
    expect(body.missing.map((m) => m.path).sort()).toEqual([
      "$.questions[0].options[0].label.ht",
      "$.questions[1].hint.ht",
    ]);
    const secondId = draft.questions[1]?.id;
    expect(body.missing.map((m) => m.message)).toContain(
      `question 2 (${secondId}): the hint in "ht"`,
    );

    const stored = await owner.browser.json<{ draft: { questions: { hint?: object }[] } }>(
      "GET",
      "/api/org/surveys/creole-draft",
    );
    expect(stored.draft.questions[1]?.hint).toEqual({ es: "Una pista solo en español." });

    const again = await owner.browser.request("PUT", "/api/org/surveys/creole-draft/draft", {
      definition: draft,
    });
    expect(again.status).toBe(200);
  });

  it("refuses to open it, naming the field and language, and stores no key", async () => {
    const res = await open(owner, "creole-draft");
    expect(res.status).toBe(409);
    const { error } = (await res.json()) as {
      error: { code: string; message: string; field: string };
    };
    expect(error.code).toBe("missing_translations");
    expect(error.message).toContain('the hint in "ht"');
    expect(error.message).toContain('the option 1 label in "ht"');
    expect(["$.questions[0].options[0].label.ht", "$.questions[1].hint.ht"]).toContain(error.field);
    const detail = await owner.browser.json<{ versions: unknown[]; publicKey: string | null }>(
      "GET",
      "/api/org/surveys/creole-draft",
    );
    expect(detail.versions).toEqual([]);
    expect(detail.publicKey).toBeNull();
    const access = await owner.browser.json<{ keys: unknown[] }>(
      "GET",
      "/api/org/surveys/creole-draft/access",
    );
    expect(access.keys).toEqual([]);
  });

  it("opens once the translations are filled in", async () => {
    const complete = withCreole("creole-draft");
    (complete.questions[1] as { hint: Record<string, string> }).hint.ht = "Yon endikasyon.";
    const first = complete.questions[0] as { options: { label: Record<string, string> }[] };
    (first.options[0] as { label: Record<string, string> }).label.ht = "Wi";
    const saved = await owner.browser.json<{ missing: unknown[] }>(
      "PUT",
      "/api/org/surveys/creole-draft/draft",
      { definition: complete },
    );
    expect(saved.missing).toEqual([]);
    expect((await open(owner, "creole-draft")).status).toBe(201);

    // A new language added to the open survey is saved too, but not published half-done.
    const withFrench = { ...complete, languages: ["es", "ht", "fr"] };
    expect(
      (
        await owner.browser.request("PUT", "/api/org/surveys/creole-draft/draft", {
          definition: withFrench,
        })
      ).status,
    ).toBe(200);
    const next = await owner.browser.request("POST", "/api/org/surveys/creole-draft/versions", {});
    expect(next.status).toBe(409);
    expect(((await next.json()) as { error: { field: string } }).error.field).toBe("$.title.fr");
  });

  it("still refuses a draft with any other fault, naming its path", async () => {
    const bad = withCreole("creole-bad");
    (bad.questions[0] as { id: string }).id = "Not An Id";
    const res = await owner.browser.request("POST", "/api/org/surveys", { definition: bad });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { field: string } };
    expect(error.field).toBe("$.definition.questions[0].id");
  });
});

describe("deleting a survey", () => {
  it("deletes a survey nobody answered, and frees its short name", async () => {
    const definition = { ...seedSurvey("cso-program-awareness"), slug: "to-delete" };
    await owner.browser.json("POST", "/api/org/surveys", { definition });
    expect((await open(owner, "to-delete")).status).toBe(201);
    // Another organization cannot even see it; an analyst may not delete.
    expect((await other.browser.request("DELETE", "/api/org/surveys/to-delete")).status).toBe(404);
    expect((await analyst.browser.request("DELETE", "/api/org/surveys/to-delete")).status).toBe(
      403,
    );
    expect((await owner.browser.request("DELETE", "/api/org/surveys/to-delete")).status).toBe(204);
    expect((await owner.browser.request("GET", "/api/org/surveys/to-delete")).status).toBe(404);
    expect((await app.request("/api/surveys/to-delete")).status).toBe(404);
    const again = await owner.browser.request("POST", "/api/org/surveys", { definition });
    expect(again.status).toBe(201);
  });

  it("refuses once anyone has answered, and keeps everything", async () => {
    const definition = { ...seedSurvey("cso-program-awareness"), slug: "answered" };
    await owner.browser.json("POST", "/api/org/surveys", { definition });
    const key = generateKeyPair();
    await owner.browser.json("POST", "/api/org/surveys/answered/versions", {
      publicKey: key.publicKey,
      sealedKeys: [{ memberId: owner.id, sealedKey: sealSurveyKey(key, owner.keyPair.publicKey) }],
    });
    const ciphertext = seal(
      { v: 1, survey: "answered", version: 1, answers: {} } as never,
      key.publicKey,
      { ...definition, version: 1 } as never,
    );
    const sent = await app.request("/api/surveys/answered/responses", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ id: randomUUID(), ciphertext }),
    });
    expect(sent.status).toBe(201);
    const res = await owner.browser.request("DELETE", "/api/org/surveys/answered");
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("has_responses");
    const detail = await owner.browser.json<{ versions: unknown[] }>(
      "GET",
      "/api/org/surveys/answered",
    );
    expect(detail.versions).toHaveLength(1);
    expect((await app.request("/api/surveys/answered")).status).toBe(200);
  });
});
