// "Check them all" on the results page, in real Chromium against the real server: 150 passport
// responses with small cells everywhere, so the prune's budget (PRUNE_WORK) runs out before it
// has tried every cell hidden as cover. The preview says how many it did not try; checking them
// all publishes more cells, a stop keeps the quick preview, and the gate accepts the result.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSurveyFile, syntheticAnswers } from "../../bench/synthetic";
import { startServer, type TestServer } from "../harness";
import { readyCrypto } from "../workspace-client";
import { type Answers, openResults, passportWithResponses } from "./analyst";
import { launchChromium } from "./chromium";

const SLUG = "passport-check-all";
const RESPONSES = 150;
const K = 5;

let server: TestServer;
let browser: Browser;
let analyst: Awaited<ReturnType<typeof passportWithResponses>>["analyst"];

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startServer({ submissionLimit: { limit: 100_000, windowMs: 60_000 } }),
    launchChromium(),
    readyCrypto(),
  ]);
  const survey = readSurveyFile("surveys/passport-access.json");
  const answers = syntheticAnswers(survey, RESPONSES, 1) as Answers[];
  ({ analyst } = await passportWithResponses(server, SLUG, answers));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** "… and 387 more so that those cannot be worked out": the cells hidden as cover. */
async function secondaries(page: Page): Promise<number> {
  const summary = (await page.getByTestId("suppression-summary").textContent()) ?? "";
  const found = /and (\d+) more/.exec(summary);
  if (!found) throw new Error(`no count of cover cells in "${summary}"`);
  return Number(found[1]);
}

/** "…, 324 of the cells hidden as cover were not checked again…", or 0 when it is not shown. */
async function untried(page: Page): Promise<number> {
  const note = page.getByTestId("untried");
  if ((await note.count()) === 0) return 0;
  const found = /(\d+) of the cells hidden as cover/.exec((await note.textContent()) ?? "");
  if (!found) throw new Error("the untried note gives no number");
  return Number(found[1]);
}

describe("checking every cell hidden as cover", () => {
  it("publishes more cells when asked, keeps the quick preview when stopped, and the gate accepts it", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await openResults(page, server, analyst, SLUG, RESPONSES);

    await page.getByRole("button", { name: "Preview publication" }).click();
    const summary = page.getByTestId("suppression-summary");
    await expect.poll(() => summary.isVisible(), { timeout: 120_000 }).toBe(true);
    const quick = await secondaries(page);
    const notTried = await untried(page);
    expect(notTried).toBeGreaterThan(0);
    expect(notTried).toBeLessThanOrEqual(quick);
    const checkAll = page.getByRole("button", { name: "Check them all" });

    // Stopped: nothing changes, and the quick preview is still there to publish.
    await checkAll.click();
    const progress = page.getByTestId("preview-progress");
    await progress.waitFor({ state: "visible" });
    expect(await checkAll.isDisabled()).toBe(true);
    // The preview shown is about to be replaced: it cannot be published meanwhile.
    const publish = page.getByRole("button", { name: "Publish", exact: true });
    expect(await publish.isDisabled()).toBe(true);
    await progress.getByRole("button", { name: "Stop" }).click();
    await expect
      .poll(() => page.getByTestId("publish-outcome").textContent())
      .toBe("Preview stopped. Nothing was sent.");
    expect(await secondaries(page)).toBe(quick);
    expect(await untried(page)).toBe(notTried);
    expect(await publish.isEnabled()).toBe(true);

    await checkAll.click();
    await progress.waitFor({ state: "visible" });
    // Past the suppression, it says how far it is through the cells it tries again.
    await expect
      .poll(() => progress.getByRole("status").textContent(), { timeout: 120_000 })
      .toBe("Checking the cells hidden as cover again, to publish those that are safe…");
    const through = /(\d+) of (\d+) checked/.exec((await progress.textContent()) ?? "");
    expect(Number(through?.[2])).toBeGreaterThanOrEqual(notTried);
    expect(Number(through?.[1])).toBeLessThanOrEqual(Number(through?.[2]));
    await expect.poll(() => progress.count(), { timeout: 300_000 }).toBe(0);
    expect(await untried(page)).toBe(0);
    const thorough = await secondaries(page);
    expect(thorough).toBeLessThan(quick);
    expect(await page.getByTestId("gate-forecast").textContent()).toContain(
      "it will accept this publication",
    );

    await publish.click();
    await expect
      .poll(() => page.getByTestId("publish-outcome").textContent(), { timeout: 120_000 })
      .toBe("Published as publication 1.");
    // What the public reads: the thorough tables, with no count between 1 and k − 1.
    const published = (await (await fetch(`${server.url}/r/${SLUG}.json`)).json()) as {
      responses: number;
      tables: { cells: { count: number | null }[] }[];
    };
    expect(published.responses).toBe(RESPONSES);
    const counts = published.tables.flatMap((t) => t.cells.map((c) => c.count));
    expect(counts.filter((c) => c !== null && c > 0 && c < K)).toEqual([]);
    await context.close();
    // Two suppressions and a stopped one of 150 responses in the page: minutes on a loaded machine.
  }, 600_000);
});
