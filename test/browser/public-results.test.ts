// Issue 16, public pages: the passport survey's published results at /r/:slug on a 360 px phone
// and at 1280 px — the organization named, the hidden mark explained once (not a wall of
// "oculto…" text), a chart per question, cross-tab headings that wrap instead of being cut,
// nothing wider than the viewport, no axe-core violation. The publication is the real
// pipeline's (tabulate + suppress, k = 5) over 200 responses, stored as the gate would.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FORMAT, hideSuppressed } from "../../client/lib/publication";
import { suppress } from "../../client/lib/suppress";
import { tabulate } from "../../client/lib/tabulate";
import { closeDatabase, openDatabase } from "../../server/db/client";
import { storePublication } from "../../server/db/publications";
import { seedSurvey, startServer, type TestServer } from "../harness";
import { openSurvey, overHttp, readyCrypto, signUp } from "../workspace-client";
import { passportAnswers } from "./analyst";
import { launchChromium } from "./chromium";
import { overflow, violations } from "./layout";

const SLUG = "passport-public";
const ORG = "Puentes Migrantes";

let server: TestServer;
let browser: Browser;
let hiddenCells = 0;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium(), readyCrypto()]);
  const owner = await signUp(overHttp(server.url), ORG, "owner@public-results.example");
  const survey = { ...seedSurvey("passport-access"), slug: SLUG };
  await openSurvey(owner, survey, [owner]);
  const answers = Array.from({ length: 200 }, (_, i) => passportAnswers(i));
  const tabulated = tabulate(survey, answers);
  if (!tabulated.ok) throw new Error(tabulated.reason);
  const { tables } = await suppress(tabulated.tables, 5);
  hiddenCells = tables.flatMap((t) => t.cells).filter((c) => c.suppressed).length;
  const db = await openDatabase(server.dbPath);
  try {
    const body = {
      format: FORMAT,
      survey: SLUG,
      version: 1,
      k: 5,
      responses: answers.length,
      unreadable: 0,
      tables: hideSuppressed(tables),
    };
    await storePublication(db, SLUG, body, 0);
  } finally {
    await closeDatabase(db);
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Headings whose text does not fit their box: cut off, or spilling over the next column. */
const cutHeadings = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll(".cross th, .cross summary")]
      .filter((th) => th.scrollWidth > th.clientWidth + 1)
      .map((th) => (th.textContent ?? "").slice(0, 40)),
  );

describe("the public results page", () => {
  for (const width of [360, 1280]) {
    it(`at ${width} px names the organization, explains hidden numbers once and fits the screen`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 800 } });
      const requests: string[] = [];
      context.on("request", (request) => requests.push(request.url()));
      const page = await context.newPage();
      await page.goto(`${server.url}/r/${SLUG}?lang=es`);

      expect(await page.locator("p.org").textContent()).toBe(ORG);
      expect(await page.locator(".lead").textContent()).toBe(
        "Resultados de 200 respuestas anónimas",
      );
      const closedHeight = await page.evaluate(() => document.documentElement.scrollHeight);

      // Every hidden cell is the mark alone; its meaning is written once on the page.
      expect(hiddenCells).toBeGreaterThan(0);
      const text = await page.locator("main").innerText();
      expect(text.match(/cifra oculta para proteger a quienes respondieron/g)).toHaveLength(1);
      expect(text).not.toMatch(/oculto para proteger/);

      const questions = await page.locator("section.question").count();
      expect(await page.locator("nav.contents li").count()).toBe(questions);
      expect(await page.locator("section.question figure.chart").count()).toBe(questions);

      // Unfold every table and cross-tab, as a reader looking for a number would.
      await page.evaluate(() => {
        for (const details of document.querySelectorAll("details")) details.open = true;
      });
      expect(await page.locator(".cross td.hidden").count()).toBeGreaterThan(0);
      expect((await overflow(page)).wide).toEqual([]);
      expect(await cutHeadings(page)).toEqual([]);
      expect(await violations(page)).toEqual([]);
      const openHeight = await page.evaluate(() => document.documentElement.scrollHeight);
      console.log(
        `public results at ${width} px: ${questions} questions, ${closedHeight} px folded, ${openHeight} px unfolded`,
      );

      const origin = new URL(server.url).origin;
      expect(requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
      await context.close();
    });
  }

  it("the start page at 360 px fits, is axe clean and takes a short name to its survey", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/?lang=es`);
    expect(await page.locator("h1").textContent()).toBe("Voz: encuestas anónimas");
    expect((await overflow(page)).wide).toEqual([]);
    expect(await violations(page)).toEqual([]);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    console.log(`start page at 360 px: ${height} px`);
    await page.getByLabel("Nombre corto de la encuesta").fill(SLUG);
    await page.getByRole("button", { name: "Ir a la encuesta" }).click();
    await expect.poll(() => page.url()).toBe(`${server.url}/s/${SLUG}`);
    await context.close();
  });
});
