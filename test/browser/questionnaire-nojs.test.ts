// Issue 14 in real Chromium with JavaScript off: the survey with every addition of the format
// (test/fixtures/surveys/every-addition.json) answered through the plain form's pages as a

// person taps them — a consent gate that ends the survey on "no", a section hidden by a combined
// condition, a country → region filter, a month, an exclusive "none", an other-specify text
// under its option — and an Arabic survey laid out right to left; every page axe clean, every
// post and page of one size, and the stored responses open to exactly what was answered.
import type { Browser, BrowserContext, Page } from "playwright-core";
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
import { plainButton, plainChoice, plainMark, plainViolations } from "./plain";
import { publishSurvey } from "./publish";

let server: TestServer;
let browser: Browser;
/** A context with scripts on, where axe checks copies of the pages (plainViolations). */
let checker: BrowserContext;
const published: Record<string, { survey: Survey; keys: KeyPair }> = {};

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  checker = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
  published.additions = await publishSurvey(server, everyAddition);
  published.arabic = await publishSurvey(server, arabic);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A 360 px phone with JavaScript off, and the sizes of what it posts and gets back. */
async function phone(locale = "es-CL") {
  const context = await browser.newContext({
    javaScriptEnabled: false,
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
    locale,
  });
  const page = await context.newPage();
  const sizes = { requests: new Set<number>(), responses: new Set<number>() };
  const problems: string[] = [];
  /** Presses a button of the page's form; `typed`: what was typed on it, as posted. */
  const press = async (words: string, typed: string[] = []) => {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.waitForNavigation(),
      plainButton(page, words).click(),
    ]);
    const typedBytes = typed
      .map((text) => new URLSearchParams([["", text]]).toString().length - 1)
      .reduce((a, b) => a + b, 0);
    sizes.requests.add((response.request().postDataBuffer()?.length ?? 0) - typedBytes);
    sizes.responses.add((await response.body()).length);
    return response.status();
  };
  const check = async (step: string) => {
    problems.push(...(await plainViolations(checker, page, step)));
  };
  return { context, page, press, sizes, problems, check };
}

/** The ids of the questions the page asks, in order. */
function asks(page: Page) {
  return page
    .locator("form .question h2[id^='nojs-q-']")
    .evaluateAll((headings) =>
      headings.map((h) => h.id.replace(/^nojs-q-/, "").replace(/-label$/, "")),
    );
}

/** The one response stored since `before`, opened with the survey key. */
async function storedSince(which: string, before: Set<string>): Promise<Answers> {
  const { survey, keys } = published[which] as { survey: Survey; keys: KeyPair };
  const added = (await exported(survey.slug)).filter((row) => !before.has(row.id));
  expect(added).toHaveLength(1);
  const key = openKey(keys);
  if (!key || !added[0]) throw new Error("no key or no response");
  const opened = open(added[0].ciphertext, key, survey);
  if (!opened.ok) throw new Error(`response did not open: ${JSON.stringify(opened)}`);
  return opened.envelope.answers;
}

async function exported(slug: string) {
  return (await runCli(["export", slug, "--db", server.dbPath])).stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as { id: string; ciphertext: string });
}

const ids = async (slug: string) => new Set((await exported(slug)).map((row) => row.id));

describe("a questionnaire with every construct, without JavaScript", () => {
  it("ends the survey after the consent page when the person says no", async () => {
    const { context, page, press, check, problems } = await phone();
    const before = await ids("additions");
    await page.goto(`${server.url}/s/additions`);
    // The consent wording (a note) and the consent question share the first page.
    expect(await asks(page)).toEqual(["intro", "consent"]);
    await check("consent page");
    await plainChoice(page, "no").check();
    expect(await press("Siguiente")).toBe(200);
    // Only the closing note is left before the review.
    expect(await asks(page)).toEqual(["thanks"]);
    expect(await press("Revisar respuestas")).toBe(200);
    expect(await page.locator("form h2").first().textContent()).toBe("Revise sus respuestas");
    expect(await page.locator(".review dt").count()).toBe(1);
    expect(await press("Enviar respuestas")).toBe(201);
    expect(await storedSince("additions", before)).toEqual({ consent: "no" });
    expect(problems).toEqual([]);
    await context.close();
  });

  it("filters regions by country, takes a month, hides a page by a combined condition, and keeps none alone and other specified", async () => {
    const { context, page, press, sizes, check, problems } = await phone();
    const before = await ids("additions");
    await page.goto(`${server.url}/s/additions`);
    await plainChoice(page, "yes").check();
    await press("Siguiente");

    // The country first: without a script the regions wait for the page after it.
    expect(await asks(page)).toEqual(["country"]);
    await plainChoice(page, "pe").check();
    await press("Siguiente");
    expect(await asks(page)).toEqual(["region", "age", "arrived"]);
    const regions = await page
      .locator("form .choice span")
      .evaluateAll((spans) => spans.map((span) => span.textContent));
    expect(regions).toEqual(["lima", "elsewhere"]);
    await plainChoice(page, "lima").check();
    await page.locator("#nojs-q-age-input").fill("16");
    await page.locator("#nojs-q-arrived-input").fill("2019-05");
    await check("region page");
    await press("Siguiente", ["16", "2019-05"]);

    // Under 18: the documents section (consent = yes AND NOT age < 18) is skipped.
    expect(await asks(page)).toEqual(["thanks"]);
    await press("Anterior");
    expect(await asks(page)).toEqual(["region", "age", "arrived"]);
    expect(await plainChoice(page, "lima").isChecked()).toBe(true);
    expect(await page.locator("#nojs-q-arrived-input").inputValue()).toBe("2019-05");
    await page.locator("#nojs-q-age-input").fill("30");
    await press("Siguiente", ["30", "2019-05"]);

    // The documents page, under its section's title: "other" with its text right under it.
    expect(await asks(page)).toEqual(["documents", "documents_other"]);
    expect(await page.locator("form h2.section").textContent()).toBe("Documents");
    const specify = page.locator("#nojs-q-documents_other-input");
    expect(
      await specify.evaluate((field) =>
        field.closest(".option")?.querySelector("legend")?.textContent === "other"
          ? "under other"
          : "away",
      ),
    ).toBe("under other");
    await check("documents page");
    await plainMark(page, "passport").check();
    await plainMark(page, "none").check();
    await plainMark(page, "other").check();
    await specify.fill("Carné de refugiado");
    // "None" with others: refused in the survey's own words, tied to the question.
    expect(await press("Siguiente", ["Carné de refugiado"])).toBe(400);
    const message = page.locator("#nojs-q-documents-error");
    expect(await message.textContent()).toBe("'None' goes alone");
    expect(await message.isVisible()).toBe(true);
    expect(await specify.inputValue()).toBe("Carné de refugiado");
    await check("none with others");
    await plainMark(page, "none", "No").check();
    await press("Siguiente", ["Carné de refugiado"]);

    // Arrived is answered, so the follow-up of the combined condition is asked.
    expect(await asks(page)).toEqual(["follow_up"]);
    await plainChoice(page, "yes").check();
    await press("Siguiente");
    expect(await asks(page)).toEqual(["thanks"]);
    await press("Revisar respuestas");
    expect(await page.locator(".review").textContent()).toContain("mayo de 2019");
    await check("review");
    expect(await press("Enviar respuestas")).toBe(201);
    expect(await storedSince("additions", before)).toEqual(FULL_WALK_ANSWERS);
    // Sizes on the wire: every post and page the same, typed text aside (DESIGN §9.8).
    expect([...sizes.requests]).toHaveLength(1);
    expect([...sizes.responses]).toHaveLength(1);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(360);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe("a survey in Arabic, without JavaScript", () => {
  it("is laid out right to left with Arabic interface strings", async () => {
    const { context, page, press, check, problems } = await phone("ar");
    const before = await ids("arabic-rtl");
    await page.goto(`${server.url}/s/arabic-rtl`);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe("rtl");
    const form = page.locator("xpath=//form");
    expect(await form.evaluate((f) => getComputedStyle(f).direction)).toBe("rtl");
    // The radio sits at the right of its label, where an Arabic reader starts.
    const sides = await plainChoice(page, "نعم").evaluate((input) => {
      const text = input.parentElement?.querySelector("span")?.getBoundingClientRect();
      return text ? input.getBoundingClientRect().left > text.left : null;
    });
    expect(sides).toBe(true);
    expect(await plainButton(page, "مراجعة الإجابات").count()).toBe(1);
    await check("arabic question");
    await plainChoice(page, "نعم").check();
    await press("مراجعة الإجابات");
    expect(await page.evaluate(() => document.documentElement.dir)).toBe("rtl");
    expect(await page.locator("form h2").first().textContent()).toBe("راجع إجاباتك");
    await check("arabic review");
    const send = await page.locator("form button.primary").textContent();
    expect(await press(send ?? "")).toBe(201);
    expect(await storedSince("arabic", before)).toEqual({ passport: "yes" });
    expect(problems).toEqual([]);
    await context.close();
  });
});
