// The coordinator's results page in real Chromium against the real server: 40 sealed responses
// with skewed answers (so some cells are small) and one unreadable; the analyst logs in,
// unlocks, watches the worker pool open everything, previews the suppression and publishes;
// the public page then shows no count between 1 and k − 1, and the CSV carries its HXL row.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeyPair } from "../../client/lib/crypto";
import { DEFAULT_K } from "../../client/lib/publication";
import { startServer, type TestServer } from "../harness";
import {
  invite,
  openSurvey,
  overHttp,
  type Person,
  readyCrypto,
  signUp,
} from "../workspace-client";
import { sendResponse } from "./analyst";
import { launchChromium } from "./chromium";

const SLUG = "water-results";
const text = (en: string) => ({ en });
const options = (...ids: string[]) => ids.map((id) => ({ id, label: text(id) }));
const DEFINITION = {
  slug: SLUG,
  version: 1,
  languages: ["en"],
  title: text("Water access"),
  breakdowns: ["region"],
  questions: [
    {
      id: "region",
      type: "single",
      required: true,
      label: text("Region"),
      options: options("north", "south", "east"),
    },
    {
      id: "water",
      type: "single",
      label: text("Drinking water at home?"),
      options: options("yes", "no"),
    },
    { id: "help", type: "multi", label: text("Help received"), options: options("food", "legal") },
    { id: "note", type: "text", label: text("Anything else?") },
  ],
};
const NOTE = "El camión no viene desde marzo.";

/** 40 respondents: 30 north, 8 south, 2 east; few without water, so crosses have small cells. */
function answers(i: number): Record<string, unknown> {
  const region = i < 30 ? "north" : i < 38 ? "south" : "east";
  return {
    region,
    water: i % 6 === 5 ? "no" : "yes",
    ...(i % 4 === 0 ? { help: i % 8 === 0 ? ["food", "legal"] : ["food"] } : {}),
    ...(i === 7 ? { note: NOTE } : {}),
  };
}

let server: TestServer;
let browser: Browser;
let analyst: Person;

/** The survey opened on `on`, 40 sealed responses and one nobody can open; its analyst. */
async function openWithResponses(on: TestServer): Promise<Person> {
  const app = overHttp(on.url);
  const owner = await signUp(app, "Agua Viva", "owner@results.example");
  const person = await invite(app, owner, "analyst", "analyst@results.example");
  const surveyKey = await openSurvey(owner, DEFINITION, [owner, person]);
  const survey = { slug: SLUG, version: 1 };
  for (let i = 0; i < 40; i++) {
    await sendResponse(on, survey, DEFINITION, surveyKey.publicKey, answers(i));
  }
  // Sealed to another key: it has the shape of a response, but nobody can open it.
  await sendResponse(on, survey, DEFINITION, generateKeyPair().publicKey, answers(0));
  return person;
}

/**
 * Logs in, then reaches the results page from the survey page in a fresh load: the key is
 * locked again (it lived only in the old page's memory) until unlocked.
 */
async function unlockResults(page: Page, on: TestServer, person: Person) {
  await page.goto(`${on.url}/c/login`);
  await page.getByLabel("Email", { exact: true }).fill(person.email);
  await page.getByLabel("Passphrase", { exact: true }).fill(person.passphrase);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { name: "Surveys" }).waitFor();
  await page.goto(`${on.url}/c/s/${SLUG}`);
  await page.getByRole("link", { name: "Results", exact: true }).click();
  await expect.poll(() => page.url()).toBe(`${on.url}/c/s/${SLUG}/results`);
  await page.getByLabel("Passphrase", { exact: true }).fill(person.passphrase);
  await page.getByRole("button", { name: "Unlock" }).click();
  await expect
    .poll(() => page.getByTestId("progress-percent").textContent(), { timeout: 30_000 })
    .toBe("100 %");
}

async function preview(page: Page) {
  await page.getByRole("button", { name: "Preview publication" }).click();
  await expect
    .poll(() => page.getByTestId("suppression-summary").isVisible(), { timeout: 30_000 })
    .toBe(true);
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium(), readyCrypto()]);
  analyst = await openWithResponses(server);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const numbers = (texts: string[]) => texts.map((t) => Number(t.trim()));

describe("coordinator results page", () => {
  it("opens 40 responses in workers, publishes suppressed tables and the public page shows no small cell", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    await context.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    const requests: string[] = [];
    const errors: string[] = [];
    context.on("request", (request) => requests.push(request.url()));
    const watch = (page: Page) => {
      page.on("console", (m) => {
        if (m.type() === "error" && !/status of 401/.test(m.text())) errors.push(m.text());
      });
      page.on("pageerror", (error) => errors.push(error.message));
    };
    // Workers report CSP violations and errors on their own console.
    context.on("page", watch);
    const page = await context.newPage();
    page.on("worker", (worker) => {
      worker.on("console", (m) => {
        if (m.type() === "error") errors.push(`worker: ${m.text()}`);
      });
    });

    await unlockResults(page, server, analyst);
    expect(await page.getByTestId("opened-count").textContent()).toBe("40");
    expect(await page.getByTestId("unreadable-count").textContent()).toBe("1");
    console.log(
      `results page: opened 40 responses in ${await page.getByTestId("open-seconds").textContent()} s`,
    );
    // True counts and free text, here only.
    expect(await page.locator("#q-region ul.bars").textContent()).toContain("30");
    expect(await page.locator(".free-texts").textContent()).toContain(NOTE);

    await preview(page);
    expect(await page.locator('.preview td[data-suppressed="primary"]').count()).toBeGreaterThan(0);
    // The region question has its one-way table only (it is the breakdown): "1 table".
    const folds = (await page.locator(".preview details > summary").allTextContents()).join("\n");
    expect(folds).toMatch(/· 1 table ·/);
    expect(folds).not.toMatch(/\b1 (tables|hidden cells)\b/);
    // The summary counts numbers (a total shown in several tables is one), the folds count
    // cells: each says which, so the two do not read as a disagreement.
    const summary = (await page.getByTestId("suppression-summary").textContent()) ?? "";
    expect(summary).toMatch(
      /^\d+ numbers hidden because .* counts once here and is hidden in each table below/,
    );
    expect(folds).toMatch(/· \d+ hidden cells?/);
    // The gate's own audit, run in the preview within the budget the server named.
    expect(await page.getByTestId("gate-forecast").textContent()).toMatch(
      /^Checked as the server will check it: it will accept this publication\. The check took [1-9]\d* % of the work/,
    );
    // Each question says in words why its cells are hidden, never "primary" or "secondary".
    const reasons = (await page.getByTestId("hidden-reasons").allTextContents()).join("\n");
    expect(reasons).toContain(`Hidden: fewer than ${DEFAULT_K} people.`);
    expect(reasons).not.toMatch(/primary|secondary/);
    expect(await page.getByTestId("publishing-rules").textContent()).toContain(
      "k is not fixed yet",
    );
    await page.getByRole("button", { name: "Publish" }).click();
    // The gate starts its worker on the first publication: seconds on a loaded machine.
    await expect
      .poll(() => page.getByTestId("publish-outcome").textContent(), { timeout: 30_000 })
      .toBe("Published as publication 1.");
    // Before anyone tries again, the page says what the server would refuse.
    await expect
      .poll(() => page.getByTestId("growth-warning").textContent())
      .toContain("5 more responses are needed before this version can be published again.");
    expect(await page.getByTestId("publishing-rules").textContent()).toContain("at least 5");

    // The public page: every visible count is 0 or at least k, apart from the response count.
    const pub = await context.newPage();
    await pub.goto(`${server.url}/r/${SLUG}`);
    const shown = numbers(await pub.locator("td.num").allTextContents());
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.filter((n) => n !== 0 && n < DEFAULT_K)).toEqual([]);
    expect(await pub.locator("td.hidden").count()).toBeGreaterThan(0);
    expect(await pub.locator(".lead").textContent()).toContain("40");
    expect(await pub.locator("body").textContent()).not.toContain(NOTE);

    const csv = await (await fetch(`${server.url}/r/${SLUG}.csv`)).text();
    const [header, hxl, ...rows] = csv.trim().split(/\r?\n/);
    expect(header).toMatch(/^table,/);
    expect(hxl).toMatch(/^#meta\+table,/);
    expect(rows.length).toBeGreaterThan(0);
    expect(csv).not.toContain(NOTE);

    // Withdrawing leaves the public page without results.
    await page.getByRole("button", { name: "Withdraw the current publication" }).click();
    await expect
      .poll(() => page.getByTestId("publish-outcome").textContent())
      .toContain("Withdrawn");
    expect((await fetch(`${server.url}/r/${SLUG}.json`)).status).toBe(404);
    await pub.reload();
    expect(await pub.locator("main").textContent()).toContain("withdrew the results");

    const origin = new URL(server.url).origin;
    expect(
      requests.filter((url) => !url.startsWith("data:") && new URL(url).origin !== origin),
    ).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

/** HiGHS's wasm: the preview's worker waits on it before it can solve anything. */
const SOLVER = /\/assets\/highs[^/]*\.wasm$/;
/** The earlier publications the preview reads before it starts its worker. */
const EARLIER = /\/publications\/earlier\?/;

/**
 * A page whose requests to `held` are held back, as on a slow network, until `release`: the
 * test acts while a preview waits on them, however fast the machine. `seen` counts the held
 * requests and the suppression workers started and closed.
 */
async function pageHolding(held: RegExp) {
  const context = await browser.newContext();
  const page = await context.newPage();
  let letThrough = () => {};
  const gate = new Promise<void>((resolve) => {
    letThrough = resolve;
  });
  const seen = { waiting: 0, started: 0, closed: 0 };
  await context.route(held, async (route) => {
    seen.waiting++;
    await gate;
    await route.continue().catch(() => undefined);
  });
  page.on("worker", (worker) => {
    if (!worker.url().includes("suppress-worker")) return;
    seen.started++;
    worker.on("close", () => seen.closed++);
  });
  const release = async () => {
    await context.unroute(held);
    letThrough();
  };
  return { context, page, seen, release };
}

describe("a preview that takes long", () => {
  it("says what it is doing, stops when asked, and previews again after", async () => {
    const { context, page, seen, release } = await pageHolding(SOLVER);
    const posted: string[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST" && r.url().endsWith("/publications")) posted.push(r.url());
    });
    await unlockResults(page, server, analyst);

    await page.getByRole("button", { name: "Preview publication" }).click();
    const progress = page.getByTestId("preview-progress");
    // Only the phase is announced; the seconds beside it are not a live region.
    await expect
      .poll(() => progress.getByRole("status").textContent())
      .toBe("Hiding small counts and the cells that would give them away…");
    expect(await progress.textContent()).toMatch(/\d+ s so far; with several earlier/);
    await expect.poll(() => seen.waiting).toBe(1);
    await progress.getByRole("button", { name: "Stop" }).click();
    await expect
      .poll(() => page.getByTestId("publish-outcome").textContent())
      .toBe("Preview stopped. Nothing was sent.");
    expect(await progress.count()).toBe(0);
    await expect.poll(() => seen.closed).toBe(1);
    expect(await page.getByTestId("suppression-summary").count()).toBe(0);

    await release();
    await preview(page);
    expect(await page.getByTestId("gate-forecast").textContent()).toContain(
      "it will accept this publication",
    );
    expect(posted).toEqual([]);
    await context.close();
  });

  it("stops when k changes while it runs, so no preview of the old k can be published", async () => {
    const { context, page, seen, release } = await pageHolding(SOLVER);
    await unlockResults(page, server, analyst);

    await page.getByRole("button", { name: "Preview publication" }).click();
    await expect.poll(() => seen.waiting).toBe(1);
    await page.getByLabel("Smallest count shown (k)").fill("7");
    await expect
      .poll(() => page.getByTestId("publish-outcome").textContent())
      .toBe("Preview stopped. Nothing was sent.");
    await expect.poll(() => seen.closed).toBe(1);
    // Let the held wasm through: the stopped worker is gone, so nothing of k = 5 comes back.
    await release();
    expect(await page.getByTestId("suppression-summary").count()).toBe(0);
    await preview(page);
    expect(await page.getByRole("heading", { name: "Preview at k = 7" }).count()).toBe(1);
    await context.close();
  });

  it("stops when k changes while the earlier publications are still on their way", async () => {
    const { context, page, seen, release } = await pageHolding(EARLIER);
    await unlockResults(page, server, analyst);
    const before = seen.started;

    await page.getByRole("button", { name: "Preview publication" }).click();
    await expect.poll(() => seen.waiting).toBe(1);
    await page.getByLabel("Smallest count shown (k)").fill("6");
    await release();
    await expect
      .poll(() => page.getByTestId("publish-outcome").textContent())
      .toBe("Preview stopped. Nothing was sent.");
    expect(seen.started).toBe(before);
    expect(await page.getByTestId("suppression-summary").count()).toBe(0);
    await preview(page);
    expect(await page.getByRole("heading", { name: "Preview at k = 6" }).count()).toBe(1);
    await context.close();
  });
});

describe("a publication with fewer breakdowns", () => {
  it("previews and publishes the one-way tables alone when no breakdown is ticked", async () => {
    const own = await startServer();
    try {
      const person = await openWithResponses(own);
      const context = await browser.newContext();
      const page = await context.newPage();
      await unlockResults(page, own, person);
      const region = page.getByRole("group", { name: "Break down each question by" });
      await region.getByLabel("Region").uncheck();
      await preview(page);
      const previewed = await page
        .locator(".preview table.counts")
        .evaluateAll((tables) => tables.map((t) => t.getAttribute("data-table")));
      expect(previewed).toEqual(["region", "water", "help.food", "help.legal"]);
      expect(await page.getByTestId("gate-forecast").textContent()).toContain(
        "it will accept this publication",
      );
      await page.getByRole("button", { name: "Publish", exact: true }).click();
      await expect
        .poll(() => page.getByTestId("publish-outcome").textContent(), { timeout: 30_000 })
        .toBe("Published as publication 1.");
      const published = (await (await fetch(`${own.url}/r/${SLUG}.json`)).json()) as {
        tables: { id: string; variables: string[] }[];
      };
      expect(published.tables.map((t) => t.id)).toEqual(previewed);
      await context.close();
    } finally {
      await own.close();
    }
  });
});

describe("a publication the gate has no budget to check", () => {
  it("is refused in the preview, in words, before anything is sent", async () => {
    // A server whose gate may spend 1 unit of LP work: any hidden cell needs more.
    const stingy = await startServer({ gate: { work: 1 } });
    try {
      const person = await openWithResponses(stingy);
      const context = await browser.newContext();
      const page = await context.newPage();
      const posted: string[] = [];
      page.on("request", (r) => {
        if (r.method() === "POST" && r.url().endsWith("/publications")) posted.push(r.url());
      });
      await unlockResults(page, stingy, person);
      await preview(page);
      const forecast = page.getByTestId("gate-forecast");
      expect(await forecast.getAttribute("role")).toBe("alert");
      expect(await forecast.textContent()).toContain(
        "The server will refuse this publication: checking it against the 0 earlier publication(s) of these respondents needs more work than the server allows one publication.",
      );
      expect(await page.getByRole("button", { name: "Publish", exact: true }).isDisabled()).toBe(
        true,
      );
      expect(posted).toEqual([]);
      await context.close();
    } finally {
      await stingy.close();
    }
  });
});
