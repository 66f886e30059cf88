// Issue 15: the phone's Back and Forward move through the survey's steps with every answer kept,
// Back never leaves the survey without asking, and the top bar (quick exit, languages) never
// lies over anything at 320 and 360 px, with text at 100 % and 200 %, with JavaScript or without.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedSurvey, startServer, type TestServer } from "../harness";
import { launchChromium } from "./chromium";
import { overflow } from "./layout";
import { NEXT } from "./passport";
import { publishSurvey } from "./publish";

const TWELVE = "twelve-steps";
const FIVE = "five-languages-bar";

let server: TestServer;
let browser: Browser;

/** Twelve questions: singles, a number (4), a multi (8) and a text (12), all optional. */
function twelveQuestions() {
  const options = ["a", "b", "c"].map((id) => ({
    id,
    label: { es: `Opción ${id.toUpperCase()}` },
  }));
  return {
    slug: TWELVE,
    version: 1,
    languages: ["es"],
    title: { es: "Doce preguntas" },
    breakdowns: [],
    questions: Array.from({ length: 12 }, (_, i) => {
      const n = i + 1;
      const base = { id: `q${n}`, label: { es: `Pregunta número ${n}` } };
      if (n === 4) return { ...base, type: "number", min: 0, max: 100 };
      if (n === 8) return { ...base, type: "multi", options };
      if (n === 12) return { ...base, type: "text", maxLength: 200 };
      return { ...base, type: "single", options };
    }),
  };
}

/** The passport survey in five languages (French and Creole reuse the English texts). */
function fiveLanguages() {
  const widen = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(widen);
    if (value && typeof value === "object") {
      const record = value as Record<string, unknown>;
      if (typeof record.es === "string" && typeof record.en === "string") {
        return { ...record, fr: record.en, ht: record.en };
      }
      return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, widen(v)]));
    }
    return value;
  };
  const base = seedSurvey("passport-access");
  return { ...(widen(base) as object), slug: FIVE, languages: ["es", "en", "pt", "fr", "ht"] };
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  await publishSurvey(server, twelveQuestions());
  await publishSurvey(server, fiveLanguages());
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function phone(width = 360): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width, height: 740 },
    isMobile: true,
    hasTouch: true,
    locale: "es-CL",
  });
  return { context, page: await context.newPage() };
}

const heading = (page: Page) => page.locator("main h2").first().textContent();

/** What the respondent gives to question n, as the page shows it back. */
function answerOf(n: number): string | string[] {
  if (n === 4) return String(n * 7);
  if (n === 8) return ["a", "c"];
  if (n === 12) return "Una respuesta escrita";
  return ["a", "b", "c"][n % 3] as string;
}

async function answer(page: Page, n: number): Promise<void> {
  await expect.poll(() => heading(page)).toContain(`Pregunta número ${n}`);
  const value = answerOf(n);
  if (n === 4 || n === 12) await page.locator("main input, main textarea").fill(value as string);
  else {
    for (const id of Array.isArray(value) ? value : [value]) {
      await page.locator(`main input[value="${id}"]`).check();
    }
  }
  await page.getByRole("button", { name: NEXT }).click();
}

/** The question on screen is n and still holds its answer. */
async function expectKept(page: Page, n: number): Promise<void> {
  await expect.poll(() => heading(page)).toContain(`Pregunta número ${n}`);
  const value = answerOf(n);
  if (n === 4 || n === 12) {
    expect(await page.locator("main input, main textarea").inputValue()).toBe(value);
    return;
  }
  const ticked = await page
    .locator("main input:checked")
    .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
  expect(ticked).toEqual(Array.isArray(value) ? value : [value]);
}

describe("Back and Forward on the phone", () => {
  it("move through a 12-question survey keeping every answer and the position", async () => {
    const { context, page } = await phone();
    await page.goto(`${server.url}/home`);
    await page.goto(`${server.url}/s/${TWELVE}`);
    for (let n = 1; n <= 12; n++) await answer(page, n);
    await expect.poll(() => heading(page)).toBe("Revise sus respuestas");

    // Back from the review, six times: question 7, as it was answered.
    for (let i = 0; i < 6; i++) await page.goBack();
    await expectKept(page, 7);
    await page.goForward();
    await page.goForward();
    await expectKept(page, 9);
    // The page's own "Anterior" is the same step back.
    await page.getByRole("button", { name: "Anterior" }).click();
    await expectKept(page, 8);
    for (let n = 7; n >= 1; n--) {
      await page.goBack();
      await expectKept(page, n);
    }

    // Below the first question Back asks; the survey, its address and the answers stay.
    await page.goBack();
    await expect.poll(() => heading(page)).toBe("¿Salir de la encuesta?");
    expect(page.url()).toBe(`${server.url}/s/${TWELVE}`);
    await page.getByRole("button", { name: "Seguir respondiendo" }).click();
    await expectKept(page, 1);

    // Onward again: every answer is still there, to the review.
    for (let n = 1; n <= 11; n++) {
      await expectKept(page, n);
      await page.getByRole("button", { name: "Siguiente" }).click();
    }
    await expectKept(page, 12);
    await page.getByRole("button", { name: "Revisar respuestas" }).click();
    await expect.poll(() => heading(page)).toBe("Revise sus respuestas");
    const review = (await page.locator("dl.review").textContent()) ?? "";
    expect(review).toContain("28");
    expect(review).toContain("Opción A, Opción C");
    expect(review).toContain("Una respuesta escrita");

    // "Cambiar" is a step too: Back returns to the review.
    await page.getByRole("button", { name: "Cambiar la respuesta a: Pregunta número 5" }).click();
    await expectKept(page, 5);
    await page.goBack();
    await expect.poll(() => heading(page)).toBe("Revise sus respuestas");

    // Sent: nothing is left to lose, and Back leaves the survey for the page before it.
    await page.getByRole("button", { name: "Enviar respuestas" }).click();
    await page.locator(".receipt strong").waitFor();
    await page.goBack();
    await page.waitForURL(`${server.url}/home`);
    await context.close();
  });

  it("asks before leaving from the first question, and leaves when told to", async () => {
    const { context, page } = await phone();
    await page.goto(`${server.url}/home`);
    await page.goto(`${server.url}/s/${TWELVE}`);
    await page.locator('main input[value="b"]').check();
    await page.goBack();
    await expect.poll(() => heading(page)).toBe("¿Salir de la encuesta?");
    expect(await page.locator(".leaving").textContent()).toContain("todavía no se enviaron");
    await page.getByRole("button", { name: "Salir de la encuesta" }).click();
    await page.waitForURL(`${server.url}/home`);
    await context.close();
  });

  it("lets Back leave at once when nothing was answered", async () => {
    const { context, page } = await phone();
    await page.goto(`${server.url}/home`);
    await page.goto(`${server.url}/s/${TWELVE}`);
    await page.locator("main h2").waitFor();
    await page.goBack();
    await page.waitForURL(`${server.url}/home`);
    await context.close();
  });
});

interface Overlap {
  a: string;
  b: string;
}

/**
 * Every pair of visible boxes that overlap where one is part of the top bar: its controls among
 * themselves, and the bar against everything else on the page, at the current scroll.
 */
function overlaps(page: Page): Promise<Overlap[]> {
  return page.evaluate(() => {
    const name = (element: Element) =>
      `${element.tagName.toLowerCase()}.${element.className} "${(element.textContent ?? "").trim().slice(0, 30)}"`;
    const visible = (element: Element) => {
      const box = element.getBoundingClientRect();
      return element.checkVisibility() && box.width > 0 && box.height > 0;
    };
    const meet = (a: DOMRect, b: DOMRect) =>
      a.left < b.right - 0.5 &&
      b.left < a.right - 0.5 &&
      a.top < b.bottom - 0.5 &&
      b.top < a.bottom - 0.5;
    // Without JavaScript the script's bar is still in the document, hidden: the one shown counts.
    const bar = [...document.querySelectorAll(".topbar")].find(visible);
    if (!bar) return [{ a: "no top bar", b: "" }];
    const found: Overlap[] = [];
    const controls = [
      ...bar.querySelectorAll(".quick-exit, .languages summary, .languages a, .languages button"),
    ];
    const shown = controls.filter(visible);
    for (let i = 0; i < shown.length; i++) {
      for (let j = i + 1; j < shown.length; j++) {
        const [a, b] = [shown[i] as Element, shown[j] as Element];
        if (meet(a.getBoundingClientRect(), b.getBoundingClientRect())) {
          found.push({ a: name(a), b: name(b) });
        }
      }
    }
    const barBox = bar.getBoundingClientRect();
    for (const element of document.querySelectorAll("main *")) {
      if (visible(element) && meet(barBox, element.getBoundingClientRect())) {
        found.push({ a: "top bar", b: name(element) });
      }
    }
    return found;
  });
}

/** The quick exit is what a tap on its middle reaches, wherever the page is scrolled. */
function exitOnTop(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const exit = [...document.querySelectorAll(".quick-exit")].find((e) => e.checkVisibility());
    if (!exit) return false;
    const box = exit.getBoundingClientRect();
    return document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2) === exit;
  });
}

describe("the top bar", () => {
  it.each([
    [320, 1],
    [320, 2],
    [360, 1],
    [360, 2],
  ])("never overlaps anything at %i px with text at ×%i", async (width, scale) => {
    const { context, page } = await phone(width);
    const cdp = await context.newCDPSession(page);
    await cdp.send("Page.enable");
    // The browser's own text size setting, as in zoom.test.ts.
    await cdp.send("Page.setFontSizes", { fontSizes: { standard: 16 * scale, fixed: 13 * scale } });
    await page.goto(`${server.url}/s/${FIVE}`);
    await page.locator("main h2").waitFor();
    const found: Overlap[] = [];
    found.push(...(await overlaps(page)));
    await page.locator(".topbar .languages summary").click();
    await page.locator(".topbar .languages a").first().waitFor();
    found.push(...(await overlaps(page)));
    // Scrolled to the end of a long question, the quick exit is still there and on top.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    expect(await exitOnTop(page)).toBe(true);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator(".topbar .languages a", { hasText: "Kreyòl" }).click();
    await expect
      .poll(() => heading(page))
      .toContain(seedSurvey("passport-access").questions[0]?.label.en ?? "?");
    found.push(...(await overlaps(page)));
    expect(found).toEqual([]);
    await context.close();
  });

  it.each([
    [320, 1],
    [320, 2],
    [360, 1],
    [360, 2],
  ])(
    "without JavaScript, never overlaps anything at %i px with text at ×%i, its languages links or buttons",
    async (width, scale) => {
      const context = await browser.newContext({
        viewport: { width, height: 740 },
        isMobile: true,
        hasTouch: true,
        locale: "es-CL",
        javaScriptEnabled: false,
      });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send("Page.enable");
      await cdp.send("Page.setFontSizes", {
        fontSizes: { standard: 16 * scale, fixed: 13 * scale },
      });
      const summary = page.locator(".topbar .languages summary").filter({ visible: true });
      const entries = page
        .locator(".topbar .languages a, .topbar .languages button")
        .filter({ visible: true });
      const follow = (name: string) =>
        Promise.all([page.waitForNavigation(), entries.filter({ hasText: name }).click()]);
      await page.goto(`${server.url}/s/${FIVE}`);
      const found: Overlap[] = [];
      found.push(...(await overlaps(page)));
      await summary.click();
      found.push(...(await overlaps(page)));
      await follow("Kreyòl");
      // A page answering a post (the required first question, refused): its languages are buttons.
      await Promise.all([
        page.waitForNavigation(),
        page.locator("form button.primary").filter({ visible: true }).click(),
      ]);
      found.push(...(await overlaps(page)));
      await summary.click();
      expect(
        await page.locator(".topbar .languages button").filter({ visible: true }).count(),
      ).toBe(5);
      found.push(...(await overlaps(page)));
      // Nothing leaves the screen sideways either: the hidden copy of the main button included.
      const wide = await overflow(page);
      expect(wide.scrollWidth).toBeLessThanOrEqual(wide.width);
      expect(wide.wide).toEqual([]);
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      expect(await exitOnTop(page)).toBe(true);
      await page.evaluate(() => window.scrollTo(0, 0));
      await follow("Français");
      expect(await page.locator("html").getAttribute("lang")).toBe("fr");
      found.push(...(await overlaps(page)));
      expect(found).toEqual([]);
      await context.close();
    },
  );
});
