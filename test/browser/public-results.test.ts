// Issue 16, public page: the passport survey's published results at /r/:slug on a 360 px phone
// and at 1280 px — the organization named, the hidden mark explained once (not a wall of
// "oculto…" text), a chart per question, cross-tab headings that wrap instead of being cut,
// nothing wider than the viewport, no axe-core violation. The publication is the real
// pipeline's (tabulate + suppress, k = 5) over 200 responses, stored as the gate would.
import AxeBuilder from "@axe-core/playwright";
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

/** Elements leaving the viewport sideways; inside a scrolling region only the region counts. */
function overflow(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide: string[] = [];
    for (const element of document.querySelectorAll("body *")) {
      const region = element.closest("[data-scroll-region]");
      if (region && region !== element) continue;
      const box = element.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (box.right > width + 0.5 || box.left < -0.5) {
        const text = (element.textContent ?? "").trim().slice(0, 30);
        wide.push(
          `${element.tagName.toLowerCase()}.${element.className} ${Math.round(box.right)}px "${text}"`,
        );
      }
    }
    return wide.slice(0, 10);
  });
}

async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  return results.violations.map(
    (v) => `${v.id} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
  );
}

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
      expect(await overflow(page)).toEqual([]);
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
});
