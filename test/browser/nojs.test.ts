// Issue 6 item 4: with JavaScript off, a respondent on a 360 px phone answers the passport
// survey through plain HTML forms in real Chromium; the server seals the answers, and the
// stored response opens with the survey key to exactly what was ticked and typed.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { open, openKey, ready } from "../../client/lib/crypto";
import type { Question, Survey } from "../../surveys/schema";
import { runCli } from "../cli";
import { seedSurvey, startServer, type TestServer } from "../harness";
import { launchChromium } from "./chromium";
import { plainButton, plainChoice, plainMark, plainPhone, plainViolations } from "./plain";

const SLUG = "passport-access";
const COMMENT = "Sin JavaScript: la cita tarda un año & más <de lo normal>.";

let server: TestServer;
let browser: Browser;
let survey: Survey;
/** A tab with scripts on, where axe checks copies of the pages (`violations`). */
let checker: BrowserContext;

beforeAll(async () => {
  await ready();
  survey = seedSurvey(SLUG);
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  checker = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

function question(id: string): Question {
  const found = survey.questions.find((q) => q.id === id);
  if (!found) throw new Error(`${SLUG} has no question "${id}"`);
  return found;
}

function optionLabel(id: string, optionId: string): string {
  const q = question(id);
  const option = (q.type === "single" || q.type === "multi" ? q.options : []).find(
    (o) => o.id === optionId,
  );
  if (!option) throw new Error(`"${id}" has no option "${optionId}"`);
  return option.label.es as string;
}

/** The heading of the page's form (or of the "sent" page). */
function heading(page: Page) {
  return page.locator("form h2, .sent h2").first().textContent();
}

/** What went over the wire for each post: the body, and the page that came back. */
interface Exchange {
  request: number;
  response: number;
  typed: number;
}

const exchanges: Exchange[] = [];

async function press(page: Page, words: string, typed = "") {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST"),
    page.waitForNavigation(),
    plainButton(page, words).click(),
  ]);
  exchanges.push({
    request: response.request().postDataBuffer()?.length ?? 0,
    response: (await response.body()).length,
    // A browser posts what is typed as typed: form-urlencoded, line breaks as CRLF.
    typed: new URLSearchParams([["", typed.replace(/\r?\n/g, "\r\n")]]).toString().length - 1,
  });
}

const choice = plainChoice;
const violations = (page: Page, step: string) => plainViolations(checker, page, step);

/** Answers the question on the page as a person would, then presses its main button. */
async function answer(page: Page, id: string, value: string | string[] | null): Promise<void> {
  expect(await heading(page)).toContain(question(id).label.es);
  const q = question(id);
  let typed = "";
  if (q.type === "single" && typeof value === "string") {
    await choice(page, optionLabel(id, value)).check();
  } else if (q.type === "multi" && Array.isArray(value)) {
    for (const option of value) {
      const legend = optionLabel(id, option);
      await plainMark(page, legend).check();
    }
  } else if (typeof value === "string") {
    typed = value;
    await page.locator("form input.number, form textarea").fill(value);
  }
  const last = id === "comments";
  const next = page.locator("form button.primary");
  expect(await next.textContent()).toBe(last ? "Revisar respuestas" : "Siguiente");
  await press(page, last ? "Revisar respuestas" : "Siguiente", typed);
}

describe("answering without JavaScript on a 360 px phone", () => {
  it("stores one response, sealed by the server, that opens to exactly the answers given", async () => {
    const context = await plainPhone(browser);
    const page = await context.newPage();
    const requests: string[] = [];
    const statuses: number[] = [];
    page.on("request", (request) => requests.push(request.url()));
    page.on("response", (response) => {
      if (response.request().isNavigationRequest()) statuses.push(response.status());
    });
    await page.goto(`${server.url}/s/${SLUG}`);

    // One line says plainly that this way is less private, with a link to why, in words a
    // respondent knows; its inline styles ran under the CSP: the script's copy is hidden
    // (noscript style), the form is styled (inline CSS). The question comes first: its first
    // option is on screen without scrolling.
    expect(await page.locator("form").count()).toBe(1);
    const note = page.locator("main .plain-notice");
    expect(await note.isVisible()).toBe(true);
    expect(await note.textContent()).toBe("Versión sencilla: menos privada. ¿Por qué?");
    const line = await page.evaluate(() => {
      const notice = document.querySelector("main .plain-notice") as HTMLElement;
      return (
        notice.getBoundingClientRect().height /
        Number.parseFloat(getComputedStyle(notice).lineHeight)
      );
    });
    expect(line).toBeLessThan(1.5);
    const shown = (await page.locator("main:has(form)").textContent()) ?? "";
    expect(shown).not.toMatch(/javascript/i);
    // The intro says the answers are encrypted on the phone: not true of this version.
    expect(shown).not.toContain(survey.intro?.es ?? "no intro");
    expect(shown).not.toContain("Sus respuestas se cifran en este teléfono");
    expect(await page.locator("#voz").isVisible()).toBe(false);
    const first = await choice(page, optionLabel("country", "cl")).boundingBox();
    expect((first?.y ?? 999) + (first?.height ?? 0)).toBeLessThanOrEqual(740);
    const next = page.locator("form button.primary");
    expect((await next.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44);
    // Nothing but the page itself before the first question shows: no style sheet, no script.
    expect(requests).toEqual([`${server.url}/s/${SLUG}`]);
    const problems = await violations(page, "first page");

    // A required question sends the respondent back with the message tied to the field.
    await press(page, "Siguiente");
    expect(statuses.at(-1)).toBe(400);
    const message = page.locator("form .error");
    expect(await message.textContent()).toBe("Por favor, responda esta pregunta.");
    expect(await message.isVisible()).toBe(true);
    const describedBy = await page.locator("form fieldset").getAttribute("aria-describedby");
    expect(describedBy?.split(" ")).toContain(await message.getAttribute("id"));
    problems.push(...(await violations(page, "required answer missing")));

    await answer(page, "country", "co");
    await answer(page, "age_group", "25_34");
    await answer(page, "gender", "woman");
    await answer(page, "passport", "expired");
    await answer(page, "applied", "waiting");
    // "Anterior" comes back to the question before, with its answer still ticked.
    await press(page, "Anterior");
    expect(await choice(page, optionLabel("applied", "waiting")).isChecked()).toBe(true);
    await answer(page, "applied", "waiting");
    await answer(page, "months_waiting", "14"); // shown only because of "waiting"
    await answer(page, "cost_usd", "120,5");
    await answer(page, "visa", "no"); // "no" hides visa_stamped
    await answer(page, "children_undocumented", "1");
    await answer(page, "ethnicity", null);
    await answer(page, "disability", "prefer_not");
    await answer(page, "consequences", ["work", "health"]);
    await answer(page, "comments", COMMENT);

    expect(await heading(page)).toBe("Revise sus respuestas");
    const review = (await page.locator("dl").textContent()) ?? "";
    expect(review).toContain(COMMENT);
    expect(review).toContain("120,5");
    expect(review).toContain(
      `${optionLabel("consequences", "work")}, ${optionLabel("consequences", "health")}`,
    );
    expect(review).not.toContain(question("visa_stamped").label.es);
    // "Cambiar" per answer: to the question, then straight back to the review.
    await press(page, `Cambiar la respuesta a: ${question("passport").label.es}`);
    expect(await heading(page)).toContain(question("passport").label.es);
    expect(await choice(page, optionLabel("passport", "expired")).isChecked()).toBe(true);
    await choice(page, optionLabel("passport", "lost_stolen")).check();
    await press(page, "Volver a la revisión");
    expect(await heading(page)).toBe("Revise sus respuestas");
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(360);
    problems.push(...(await violations(page, "review")));

    const before = await exported();
    await press(page, "Enviar respuestas");
    expect(statuses.at(-1)).toBe(201);
    const receipt = (await page.locator(".receipt strong").textContent()) ?? "";
    expect(receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    // Sizes on the wire: every post and page the same, typed text aside (issue 13 item 6).
    expect(exchanges.length).toBeGreaterThan(15);
    expect(new Set(exchanges.map((e) => e.request - e.typed)).size).toBe(1);
    expect(new Set(exchanges.map((e) => e.response)).size).toBe(1);
    // No page can clear the browser's history of posted forms; the respondent is told so.
    expect(await page.locator(".sent").textContent()).toContain("Cierre ahora esta pestaña");
    problems.push(...(await violations(page, "sent")));
    expect(problems).toEqual([]);

    const known = new Set(before.map((row) => row.ciphertext));
    const added = (await exported()).filter((row) => !known.has(row.ciphertext));
    expect(added).toHaveLength(1);
    const key = openKey(server.keys[SLUG] ?? { publicKey: "", secretKey: "" });
    if (!key || !added[0]) throw new Error("no key or no response");
    const opened = open(added[0].ciphertext, key, survey);
    if (!opened.ok) throw new Error(`unreadable: ${opened.detail}`);
    expect(opened.envelope).toStrictEqual({
      v: 1,
      survey: SLUG,
      version: survey.version,
      answers: {
        country: "co",
        age_group: "25_34",
        gender: "woman",
        passport: "lost_stolen",
        applied: "waiting",
        months_waiting: 14,
        cost_usd: 120.5,
        visa: "no",
        children_undocumented: 1,
        disability: "prefer_not",
        consequences: ["work", "health"],
        comments: COMMENT,
      },
    });
    // Nothing about the respondent is kept on the phone or in the server's log.
    expect(await context.cookies()).toEqual([]);
    expect(server.logs.join("\n")).not.toContain("cita tarda");
    await context.close();
  });
});

describe("switching language without JavaScript", () => {
  it("links on the first page, buttons of the form after it: the same page in Portuguese, its answer kept; Enter still goes on", async () => {
    const context = await plainPhone(browser);
    const page = await context.newPage();
    /** Opens the bar's language list: a <details>, no script. */
    const openList = () =>
      page.locator("header .languages summary").filter({ visible: true }).click();
    /** Follows a link or presses a button of the open list. */
    const pick = async (name: string) => {
      const entry = page
        .locator("header .languages a, header .languages button")
        .filter({ visible: true, hasText: name });
      await Promise.all([page.waitForNavigation(), entry.click()]);
    };
    const language = () => page.locator("html").getAttribute("lang");
    await page.goto(`${server.url}/s/${SLUG}`);
    await openList();
    const problems = await violations(page, "first page, languages open");
    await pick("English");
    expect(page.url()).toBe(`${server.url}/s/${SLUG}?lang=en`);
    expect(await language()).toBe("en");
    await choice(page, "Colombia").check();
    await Promise.all([page.waitForNavigation(), plainButton(page, "Next").click()]);
    expect(await heading(page)).toContain(question("age_group").label.en);

    // A page answering a post: its languages are buttons of its form, the answer ticked rides on.
    await choice(page, "25 to 34").check();
    await openList();
    problems.push(...(await violations(page, "page after a post, languages open")));
    await pick("Português");
    expect(await language()).toBe("pt");
    expect(await heading(page)).toContain(question("age_group").label.pt);
    expect(await choice(page, "25 a 34 anos").isChecked()).toBe(true);
    expect(await page.locator("header .languages [aria-current]").textContent()).toBe("Português");

    // The bar's buttons come first in the document; Enter still presses the page's own.
    await choice(page, "25 a 34 anos").press("Enter");
    await expect.poll(() => heading(page)).toContain(question("gender").label.pt);
    // And Back shows the answers given before the switch, in Portuguese.
    await Promise.all([page.waitForNavigation(), plainButton(page, "Anterior").click()]);
    expect(await choice(page, "25 a 34 anos").isChecked()).toBe(true);
    expect(problems).toEqual([]);
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });
});

/** The coordinator's side: `voz export`, as a child process. */
async function exported(): Promise<{ ciphertext: string }[]> {
  const { stdout } = await runCli(["export", SLUG, "--db", server.dbPath]);
  return stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as { ciphertext: string });
}
