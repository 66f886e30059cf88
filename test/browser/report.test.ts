// Issue 16: the passport survey's results page reads as a report — a contents list, a chart
// per question, tables folded beneath, "not asked" apart from "no answer" with the
// denominators stated, labels in the survey's language — and at 1280 px and at 360 px no
// element is wider than the viewport (a wide cross-tab scrolls inside its own region).
// With VOZ_SCREENSHOTS=<dir> it saves the screenshots docs/workspace.md shows.
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../harness";
import { type Person, readyCrypto } from "../workspace-client";
import {
  openResults,
  optionLabel,
  PASSPORT_SEED,
  passportAnswers,
  passportWithResponses,
} from "./analyst";
import { launchChromium } from "./chromium";
import { overflow, violations } from "./layout";

const SLUG = "passport-report";
const RESPONSES = 200;
const ANSWERS = Array.from({ length: RESPONSES }, (_, i) => passportAnswers(i));
const SCREENSHOTS = process.env.VOZ_SCREENSHOTS;

let server: TestServer;
let browser: Browser;
let analyst: Person;

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startServer({ submissionLimit: { limit: 100_000, windowMs: 60_000 } }),
    launchChromium(),
    readyCrypto(),
  ]);
  ({ analyst } = await passportWithResponses(server, SLUG, ANSWERS));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const reported = PASSPORT_SEED.questions;
const withChart = reported.filter((q) => q.type !== "text");

describe("the results page as a report", () => {
  it.each([
    { width: 1280, height: 900, name: "1280" },
    { width: 360, height: 740, name: "360" },
  ])(
    "fits $width px with a contents list and a chart per question",
    async ({ width, height, name }) => {
      const context = await browser.newContext({ viewport: { width, height } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await openResults(page, server, analyst, SLUG, RESPONSES);

      const contents = page.getByRole("navigation", { name: "Contents" });
      const links = await contents.locator("ol a").allTextContents();
      expect(links).toEqual(reported.map((q) => q.label.es));
      expect(await page.locator("section.question figure.chart").count()).toBe(withChart.length);
      // A multi question is one chart of its options, not a table per option.
      const consequences = page.locator("#q-consequences");
      expect(await consequences.locator("figure.chart").count()).toBe(1);
      expect(await consequences.locator("ul.bars li").count()).toBe(6);

      // Not asked apart from no answer: months waiting was shown only to those still waiting.
      const waiting = ANSWERS.filter((a) => a.applied === "waiting").length;
      const months = page.locator("#q-months_waiting");
      expect(await months.getByTestId("denominators").textContent()).toBe(
        `asked ${waiting} of ${RESPONSES} · answered ${waiting} · no answer 0 · not asked ${RESPONSES - waiting}`,
      );
      // Labels in the survey's language: bins, "no answer", "not asked".
      await months.getByText("Table").click();
      const monthsTable = await months.locator("table").textContent();
      expect(monthsTable).toContain("0 a menos de 3");
      expect(monthsTable).toContain("Sin respuesta");
      expect(monthsTable).toContain("No se preguntó");
      expect(monthsTable).not.toContain("to under");

      // Every table unfolded and the widest breakdown chosen: still nothing sideways.
      await page.getByLabel("Break down by").selectOption("country");
      await expect.poll(() => page.locator(".crosstab").count()).toBeGreaterThan(0);
      expect(await page.locator("#q-passport .crosstab thead th").first().textContent()).toBe(
        optionLabel("country", "cl"),
      );
      for (const summary of await page.locator("section.question details > summary").all()) {
        const open = await summary.evaluate((s) => (s.parentElement as HTMLDetailsElement).open);
        if (!open) await summary.click();
      }
      const fit = await overflow(page);
      expect(fit.wide).toEqual([]);
      expect(fit.scrollWidth).toBeLessThanOrEqual(width);
      expect(await violations(page)).toEqual([]);

      if (SCREENSHOTS) {
        await page.getByLabel("Break down by").selectOption("gender");
        await expect
          .poll(() => page.locator("#q-months_waiting .crosstab h4").textContent())
          .toBe("By ¿Con qué género se identifica?");
        await page.locator("#q-months_waiting").evaluate((section) => section.scrollIntoView());
        await page.screenshot({ path: join(SCREENSHOTS, `results-report-${name}.png`) });
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: join(SCREENSHOTS, `results-contents-${name}.png`) });
      }
      expect(errors).toEqual([]);
      await context.close();
    },
    // 200 responses opened in the page's workers, every table unfolded and an axe pass: 60 s
    // ran out once with the machine's two cores loaded twelve deep.
    180_000,
  );
});
