// A captured response sent again, as an attacker would: the server takes any new id, so one
// person's sealed bytes (from a seized phone's outbox, or a copy of the database) can be stored
// k times between two publications. Counted, the growth between the two would be that person's
// answers k times over, published in full. The results page must count each sealed box once.
import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seal } from "../../client/lib/crypto";
import { DEFAULT_K } from "../../client/lib/publication";
import { startServer, type TestServer } from "../harness";
import { openSurvey, overHttp, type Person, readyCrypto, signUp } from "../workspace-client";
import { openResults } from "./analyst";
import { launchChromium } from "./chromium";

const SLUG = "replayed-results";
const text = (en: string) => ({ en });
const DEFINITION = {
  slug: SLUG,
  version: 1,
  languages: ["en"],
  title: text("Documents"),
  breakdowns: [],
  questions: [
    {
      id: "region",
      type: "single",
      required: true,
      label: text("Region"),
      options: [
        { id: "north", label: text("North") },
        { id: "east", label: text("East") },
      ],
    },
  ],
};

let server: TestServer;
let browser: Browser;
let owner: Person;
let captured = "";

async function submit(ciphertext: string) {
  const res = await fetch(`${server.url}/api/surveys/${SLUG}/responses`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ id: randomUUID(), ciphertext }),
  });
  expect(res.status).toBe(201);
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium(), readyCrypto()]);
  owner = await signUp(overHttp(server.url), "Copias", "owner@replay.example");
  const key = await openSurvey(owner, DEFINITION, [owner]);
  const sealed = (region: string) =>
    seal({ v: 1, survey: SLUG, version: 1, answers: { region } } as never, key.publicKey, {
      ...DEFINITION,
    } as never);
  for (let i = 0; i < 12; i++) await submit(sealed("north"));
  // The one person in the east; the attacker holds their sealed bytes, not their answers.
  captured = sealed("east");
  await submit(captured);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it("counts a response sent again under new ids once, and says how many copies it left out", async () => {
  for (let i = 0; i < DEFAULT_K; i++) await submit(captured);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // Waits until 13 are opened: the 12 in the north and the one in the east, once.
  await openResults(page, server, owner, SLUG, 13);
  expect(await page.getByTestId("copies-count").textContent()).toMatch(/^5 were copies/);
  // East is still one person: a count the publication must hide, not a safe 6.
  const bars = (await page.locator("#q-region ul.bars").textContent()) ?? "";
  expect(bars).toMatch(/East\D*1\b/);
  expect(bars).not.toMatch(/East\D*6\b/);
  await page.close();
});
