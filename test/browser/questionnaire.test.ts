// Issue 14 in real Chromium with the script on: the survey with every addition of the format
// (test/fixtures/surveys/every-addition.json) answered as a person taps it — a consent gate

// that ends the survey on "no", pages hidden by a combined condition, a country → region
// filter, a month, an exclusive "none", an other-specify text under its option — and an Arabic
// survey laid out right to left; every step axe clean, and the stored responses open to
// exactly what was answered.
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Answers } from "../../client/lib/answers";
import { type KeyPair, open, openKey } from "../../client/lib/crypto";
import type { Survey } from "../../surveys/schema";
import { runCli } from "../cli";
import arabic from "../fixtures/surveys/arabic-rtl.json";
import everyAddition from "../fixtures/surveys/every-addition.json";
import { FULL_WALK_ANSWERS } from "../fixtures/surveys/every-addition-answers";
import { startServer, type TestServer } from "../harness";
import { launchChromium } from "./chromium";
import { publishSurvey } from "./publish";

const NEXT = /^(Siguiente|Revisar respuestas)$/;

let server: TestServer;
let browser: Browser;
const published: Record<string, { survey: Survey; keys: KeyPair }> = {};

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  published.additions = await publishSurvey(server, everyAddition);
  published.arabic = await publishSurvey(server, arabic);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function phone(locale = "es-CL"): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
    locale,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  return { page, errors };
}

/** Opens a survey and waits until the script has taken over (it then fetches the crypto chunk). */
async function scripted(page: Page, path: string): Promise<void> {
  const hydrated = page.waitForRequest(/\/assets\/crypto-[\w-]+\.js$/);
  await page.goto(`${server.url}${path}`);
  await hydrated;
}

/** The choice of `question` whose option id is `option` (the fixture's labels are its ids). */
function choice(page: Page, question: string, option: string) {
  return page.locator(`input[name="q-${question}"][value="${option}"]`);
}

/**
 * WCAG 2.2 AA problems of the page as it opens, scrolled to the top: a page of several questions
 * scrolls under the sticky top bar (quick exit always in reach), and axe counts a control that
 * happens to sit half under it at that moment as a target too small.
 */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(() => window.scrollTo(0, 0));
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  return results.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => `${n.target} ${n.failureSummary}`).join(", ")}`,
  );
}

function heading(page: Page) {
  return page.locator("main h2").first().textContent();
}

/** Sends from the review and returns the one response stored, opened with the survey key. */
async function sendAndOpen(page: Page, which: "additions" | "arabic"): Promise<Answers> {
  const { survey, keys } = published[which] as { survey: Survey; keys: KeyPair };
  const exported = async () =>
    (await runCli(["export", survey.slug, "--db", server.dbPath])).stdout
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as { id: string; ciphertext: string });
  const before = new Set((await exported()).map((row) => row.id));
  await page.getByRole("button", { name: "Enviar respuestas" }).click();
  await page.locator(".receipt strong").waitFor({ state: "visible" });
  const added = (await exported()).filter((row) => !before.has(row.id));
  expect(added).toHaveLength(1);
  const key = openKey(keys);
  if (!key || !added[0]) throw new Error("no key or no response");
  const opened = open(added[0].ciphertext, key, survey);
  if (!opened.ok) throw new Error(`response did not open: ${JSON.stringify(opened)}`);
  return opened.envelope.answers;
}

describe("a questionnaire with every construct, with the script", () => {
  it("ends the survey after the consent page when the person says no", async () => {
    const { page, errors } = await phone();
    await scripted(page, "/s/additions");
    // The consent wording (a note) and the consent question share the first page.
    await expect.poll(() => page.locator("main .note").count()).toBe(1);
    expect(await page.getByRole("radio").count()).toBe(2);
    expect(await axeViolations(page)).toEqual([]);
    await choice(page, "consent", "no").check();
    await page.getByRole("button", { name: NEXT }).click();
    // Only the closing note is left before the review.
    await expect.poll(() => page.locator("main .note").count()).toBe(1);
    expect(await page.getByRole("radio").count()).toBe(0);
    await page.getByRole("button", { name: NEXT }).click();
    await expect.poll(() => heading(page)).toBe("Revise sus respuestas");
    expect(await page.locator(".review dt").count()).toBe(1);
    expect(await sendAndOpen(page, "additions")).toEqual({ consent: "no" });
    expect(errors).toEqual([]);
  });

  it("filters regions by country, takes a month, hides a page by a combined condition, and keeps none alone and other specified", async () => {
    const { page, errors } = await phone();
    await scripted(page, "/s/additions");
    await choice(page, "consent", "yes").check();
    await page.getByRole("button", { name: NEXT }).click();

    // The "about" page: four questions together, under the section's title.
    await expect.poll(() => choice(page, "country", "co").count()).toBe(1);
    expect(await page.locator("main .progress").textContent()).toContain("Página 2 de 4");
    await choice(page, "country", "co").check();
    const regions = () =>
      page
        .locator('input[name="q-region"]')
        .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    await expect.poll(regions).toEqual(["bogota", "elsewhere"]);
    await choice(page, "region", "bogota").check();
    // Another country: Bogotá is no longer offered, and no longer the answer.
    await choice(page, "country", "pe").check();
    await expect.poll(regions).toEqual(["lima", "elsewhere"]);
    expect(await page.locator('input[name="q-region"]:checked').count()).toBe(0);
    await choice(page, "region", "lima").check();
    await page.locator("#q-age-input").fill("16");
    await page.locator("#q-arrived-input").fill("2019-05");
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: NEXT }).click();

    // Under 18: the documents page (consent = yes AND NOT age < 18) is skipped.
    await expect.poll(() => page.locator("main .note").count()).toBe(1);
    expect(await page.getByRole("checkbox").count()).toBe(0);
    await page.getByRole("button", { name: "Anterior" }).click();
    await expect.poll(() => page.locator("#q-age-input").count()).toBe(1);
    await page.locator("#q-age-input").fill("30");
    await page.getByRole("button", { name: NEXT }).click();

    // The documents page: "none" alone, "other" with its text right under it.
    await expect.poll(() => page.getByRole("checkbox").count()).toBe(4);
    const box = (value: string) => choice(page, "documents", value);
    const specify = page.locator(".specify textarea");
    await box("passport").check();
    await box("other").check();
    await expect.poll(() => specify.count()).toBe(1);
    // It sits in the "other" option's block, not at the end of the list.
    expect(
      await specify.evaluate((field) =>
        field.closest(".option")?.querySelector('input[value="other"]') ? "under other" : "away",
      ),
    ).toBe("under other");
    await specify.fill("Carné de refugiado");
    await box("none").check();
    await expect.poll(() => page.locator('input[name="q-documents"]:checked').count()).toBe(1);
    expect(await specify.count()).toBe(0);
    await box("passport").check();
    expect(await box("none").isChecked()).toBe(false);
    await box("other").check();
    await specify.fill("Carné de refugiado");
    // Arrived is answered, so the follow-up of the combined condition is shown.
    await choice(page, "follow_up", "yes").check();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: NEXT }).click();
    await expect.poll(() => page.locator("main .note").count()).toBe(1);
    await page.getByRole("button", { name: NEXT }).click();

    await expect.poll(() => heading(page)).toBe("Revise sus respuestas");
    expect(await page.locator(".review").textContent()).toContain("mayo de 2019");
    expect(await axeViolations(page)).toEqual([]);
    expect(await sendAndOpen(page, "additions")).toEqual(FULL_WALK_ANSWERS);
    expect(errors).toEqual([]);
  });

  it("refuses a month outside the survey's range in the survey's own words", async () => {
    const { page, errors } = await phone();
    await scripted(page, "/s/additions");
    await choice(page, "consent", "yes").check();
    await page.getByRole("button", { name: NEXT }).click();
    await expect.poll(() => page.locator("#q-arrived-input").count()).toBe(1);
    await page.locator("#q-arrived-input").fill("1990-01");
    await page.getByRole("button", { name: NEXT }).click();
    const message = page.locator("#q-arrived-error");
    await expect.poll(() => message.count()).toBe(1);
    expect(await page.locator("#q-arrived-input").getAttribute("aria-invalid")).toBe("true");
    expect(await message.textContent()).toBe("Between 2015 and 2025");
    expect(errors).toEqual([]);
  });
});

describe("a survey in Arabic", () => {
  it("is laid out right to left with Arabic interface strings, and left to right in English", async () => {
    const { page, errors } = await phone("ar");
    await scripted(page, "/s/arabic-rtl");
    expect(await page.evaluate(() => document.documentElement.dir)).toBe("rtl");
    expect(await page.locator("main").evaluate((main) => getComputedStyle(main).direction)).toBe(
      "rtl",
    );
    // The radio sits at the right of its label, where an Arabic reader starts.
    const sides = await page
      .locator(".choice")
      .first()
      .evaluate((choice) => {
        const input = choice.querySelector("input")?.getBoundingClientRect();
        const text = choice.querySelector("span")?.getBoundingClientRect();
        return input && text ? input.left > text.left : null;
      });
    expect(sides).toBe(true);
    expect(await page.getByRole("button", { name: "مراجعة الإجابات" }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("radio", { name: "نعم", exact: true }).check();
    await page.getByRole("button", { name: "مراجعة الإجابات" }).click();
    await expect.poll(() => heading(page)).toBe("راجع إجاباتك");
    expect(await axeViolations(page)).toEqual([]);

    await page.locator(".topbar .languages summary").click();
    await page.locator(".topbar .languages").getByRole("link", { name: "English" }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe("ltr");
    expect(await heading(page)).toBe("Check your answers");
    await page.getByRole("button", { name: "Send answers" }).click();
    await page.locator(".receipt strong").waitFor({ state: "visible" });
    expect(errors).toEqual([]);
  });
});
