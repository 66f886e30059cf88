// Editing an open survey publishes a new version. In real Chromium against the real server: a
// version that only rewords the last one keeps its respondents on the results page, one that
// asks something else counts its own (surveys/wording.ts), and the page says how many
// answered an earlier version.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../harness";
import { invite, openSurvey, overHttp, type Person, signUp } from "../workspace-client";
import { openResults, sendResponse } from "./analyst";
import { launchChromium } from "./chromium";

const SLUG = "versions-results";
const text = (en: string) => ({ en });
const QUESTION = {
  id: "shelter",
  type: "single",
  label: text("Do you have shelter tonigth?"),
  options: [
    { id: "yes", label: text("Yes") },
    { id: "no", label: text("No") },
  ],
};
const DEFINITION = {
  slug: SLUG,
  version: 1,
  languages: ["en"],
  title: text("Shelter"),
  breakdowns: [],
  questions: [QUESTION],
};

let server: TestServer;
let browser: Browser;
let owner: Person;
let analyst: Person;
let publicKey: string;

/** Publishes `definition` as the survey's next version, under the same key. */
async function nextVersion(definition: object): Promise<number> {
  await owner.browser.json("PUT", `/api/org/surveys/${SLUG}/draft`, { definition });
  const made = await owner.browser.json<{ version: number }>(
    "POST",
    `/api/org/surveys/${SLUG}/versions`,
    {},
  );
  return made.version;
}

/** One respondent's answer, sealed as the page of `definition` as `version` seals it. */
const answer = (definition: object, version: number, shelter: string) =>
  sendResponse(server, { slug: SLUG, version }, { ...definition, version }, publicKey, {
    shelter,
  });

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  const app = overHttp(server.url);
  owner = await signUp(app, "Techo", "owner@versions.example");
  analyst = await invite(app, owner, "analyst", "analyst@versions.example");
  publicKey = (await openSurvey(owner, DEFINITION, [owner, analyst])).publicKey;
  for (let i = 0; i < 6; i++) await answer(DEFINITION, 1, i < 4 ? "yes" : "no");
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("results across versions", () => {
  it("tabulates a version that fixed a typo with the one before, and not one that asks more", async () => {
    const fixed = {
      ...DEFINITION,
      questions: [{ ...QUESTION, label: text("Do you have shelter tonight?") }],
    };
    expect(await nextVersion(fixed)).toBe(2);
    for (let i = 0; i < 2; i++) await answer(fixed, 2, "no");

    const page = await browser.newPage();
    await openResults(page, server, analyst, SLUG, 8);
    expect(await page.locator("body").textContent()).not.toContain("earlier version");

    const asksMore = {
      ...fixed,
      questions: [
        {
          ...QUESTION,
          label: text("Do you have shelter tonight?"),
          options: [...QUESTION.options, { id: "sometimes", label: text("Sometimes") }],
        },
      ],
    };
    expect(await nextVersion(asksMore)).toBe(3);
    await answer(asksMore, 3, "sometimes");
    await page.reload();
    await page.getByLabel("Passphrase", { exact: true }).fill(analyst.passphrase);
    await page.getByRole("button", { name: "Unlock" }).click();
    await expect
      .poll(() => page.getByTestId("opened-count").textContent(), { timeout: 60_000 })
      .toBe("1");
    await expect
      .poll(() => page.locator("body").textContent(), { timeout: 30_000 })
      .toContain("8 answered an earlier version and are not tabulated here");
    await page.close();
  });
});
