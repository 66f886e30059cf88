// Codes and daily caps from the workspace (issue 16) do what `cli codes` and
// `cli open --max-per-day` do: a code made here admits one answer, once; the cap refuses the
// answer past it; bad input names its field. The codes are in the answer and nowhere on disk.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seal } from "../../client/lib/crypto";
import type { Survey } from "../../surveys/schema";
import { inOneUtcDay, seededDatabase, seedSurvey } from "../../test/harness";
import { openSurvey, type Person, readyCrypto, signUp } from "../../test/workspace-client";
import { createApp } from "../app";

let app: ReturnType<typeof createApp>;
let dbPath: string;
let cleanup: () => void;
let owner: Person;
let surveys = 0;

beforeAll(async () => {
  await readyCrypto();
  const seeded = await seededDatabase();
  cleanup = seeded.cleanup;
  dbPath = seeded.dbPath;
  app = createApp({ db: seeded.db, log: () => {}, loginLimit: { limit: 1000, windowMs: 60_000 } });
  owner = await signUp(app, "Puerta Abierta", "owner@puerta.example");
}, 60_000);
afterAll(() => cleanup());

async function newSurvey(): Promise<string> {
  const slug = `puerta-${++surveys}`;
  await openSurvey(owner, { ...seedSurvey("cso-program-awareness"), slug }, [owner]);
  return slug;
}

async function answer(slug: string, code?: string): Promise<number> {
  const res = await app.request(`http://localhost/api/surveys/${slug}`);
  const { survey, publicKey } = (await res.json()) as { survey: Survey; publicKey: string };
  const answers = { org_country: "ar", registered: "yes", knows_program: "no" };
  const sent = await app.request(`http://localhost/api/surveys/${slug}/responses`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      id: randomUUID(),
      ciphertext: seal({ v: 1, survey: slug, version: survey.version, answers }, publicKey, survey),
      ...(code ? { code } : {}),
    }),
  });
  return sent.status;
}

describe("codes and caps from the workspace", () => {
  it("makes codes that each admit one answer, and turns the requirement on", async () => {
    const slug = await newSurvey();
    const { codes } = await owner.browser.json<{ codes: string[] }>(
      "POST",
      `/api/org/surveys/${slug}/codes`,
      { count: 2 },
    );
    expect(codes).toHaveLength(2);
    expect(await answer(slug)).not.toBe(201);
    expect(await answer(slug, codes[0])).toBe(201);
    expect(await answer(slug, codes[0])).not.toBe(201);
    const detail = await owner.browser.json<{ requiresCode: boolean; unspentCodes: number }>(
      "GET",
      `/api/org/surveys/${slug}`,
    );
    expect(detail).toMatchObject({ requiresCode: true, unspentCodes: 1 });
    // Only hashes are stored: no code is anywhere in the database file or its WAL.
    const stored = [dbPath, `${dbPath}-wal`].map((f) => {
      try {
        return readFileSync(f).toString("latin1");
      } catch {
        return "";
      }
    });
    for (const code of codes) {
      for (const bytes of stored) {
        expect(bytes).not.toContain(code);
        expect(bytes).not.toContain(code.replace("-", ""));
      }
    }
    // Turning the requirement off lets answers in without a code.
    await owner.browser.json("PUT", `/api/org/surveys/${slug}/admission`, {
      maxPerDay: null,
      requiresCode: false,
    });
    expect(await answer(slug)).toBe(201);
  });

  it("caps answers per day, and lifts the cap", async () => {
    await inOneUtcDay();
    const slug = await newSurvey();
    await owner.browser.json("PUT", `/api/org/surveys/${slug}/admission`, {
      maxPerDay: 1,
      requiresCode: false,
    });
    expect(await answer(slug)).toBe(201);
    expect(await answer(slug)).toBe(429);
    const detail = await owner.browser.json<{ maxPerDay: number | null }>(
      "GET",
      `/api/org/surveys/${slug}`,
    );
    expect(detail.maxPerDay).toBe(1);
    await owner.browser.json("PUT", `/api/org/surveys/${slug}/admission`, {
      maxPerDay: null,
      requiresCode: false,
    });
    expect(await answer(slug)).toBe(201);
  });

  it("refuses a cap of 0, a fraction or too many codes, naming the field", async () => {
    const slug = await newSurvey();
    for (const [path, method, body, field] of [
      ["admission", "PUT", { maxPerDay: 0, requiresCode: false }, "$.maxPerDay"],
      ["admission", "PUT", { maxPerDay: 1.5, requiresCode: false }, "$.maxPerDay"],
      ["admission", "PUT", { maxPerDay: 5 }, "$.requiresCode"],
      ["codes", "POST", { count: 10_001 }, "$.count"],
      ["codes", "POST", { count: 0 }, "$.count"],
    ] as const) {
      const res = await owner.browser.request(method, `/api/org/surveys/${slug}/${path}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await res.json()).toMatchObject({ error: { field } });
    }
  });
});
