// A respondent on a small phone answers the passport survey in real Chromium against the real
// server; the coordinator's export, opened with the survey key, holds exactly those answers.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Answers } from "../../client/lib/answers";
import { open, openKey, ready } from "../../client/lib/crypto";
import type { Question, Survey } from "../../surveys/schema";
import { runCli } from "../cli";
import { seedSurvey, startServer, type TestServer } from "../harness";
import { launchChromium } from "./chromium";
import { NEXT, pickLanguage } from "./passport";

const SLUG = "passport-access";

let server: TestServer;
let browser: Browser;
let survey: Survey;

beforeAll(async () => {
  await ready();
  survey = seedSurvey(SLUG);
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Phone {
  page: Page;
  context: BrowserContext;
  /** Every URL the page requested. */
  requests: string[];
  /** Bodies of the responses the page posted, in order. */
  posts: string[];
  /** Console errors (CSP violations included), uncaught exceptions. */
  errors: string[];
}

/** A fresh phone: 360 px wide, touch, nothing stored; records what the page asks for and says. */
async function phone(): Promise<Phone> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: "es-CL",
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  const page = await context.newPage();
  const phone: Phone = { page, context, requests: [], posts: [], errors: [] };
  page.on("request", (request) => {
    phone.requests.push(request.url());
    if (request.method() === "POST") phone.posts.push(request.postData() ?? "");
  });
  page.on("console", (message) => {
    if (message.type() === "error") phone.errors.push(message.text());
  });
  page.on("pageerror", (error) => phone.errors.push(error.message));
  return phone;
}

function question(id: string): Question {
  const found = survey.questions.find((q) => q.id === id);
  if (!found) throw new Error(`${SLUG} has no question "${id}"`);
  return found;
}

/** Texts straight from the survey file, so the test follows its wording. */
function label(id: string, language = "es"): string {
  return question(id).label[language] as string;
}

function optionLabel(id: string, optionId: string, language = "es"): string {
  const q = question(id);
  const option = (q.type === "single" || q.type === "multi" ? q.options : []).find(
    (o) => o.id === optionId,
  );
  if (!option) throw new Error(`"${id}" has no option "${optionId}"`);
  return option.label[language] as string;
}

/** Holds the page's entry script back, as a slow link would; returns what lets it through. */
async function holdEntryScript(page: Page): Promise<() => void> {
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route("**/assets/respondent-*.js", async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

async function heading(page: Page): Promise<string> {
  return (await page.locator("main h2").first().textContent()) ?? "";
}

/** What a person types or taps for each question; null leaves it unanswered. */
type Plan = [id: string, value: string | string[] | null][];

/** Answers the question on screen as a person would, then taps "Siguiente" (the last one: "Revisar respuestas"). */
async function answer(page: Page, [id, value]: Plan[number]): Promise<void> {
  await expect.poll(() => heading(page)).toContain(label(id));
  const q = question(id);
  if (q.type === "single" && typeof value === "string") {
    await page.getByRole("radio", { name: optionLabel(id, value), exact: true }).check();
  } else if (q.type === "multi" && Array.isArray(value)) {
    for (const option of value) {
      await page.getByRole("checkbox", { name: optionLabel(id, option), exact: true }).check();
    }
  } else if (typeof value === "string") {
    await page.getByRole("textbox").fill(value);
  }
  await page.getByRole("button", { name: NEXT }).click();
}

/** Answers every question as it comes up, and arrives at the review. */
async function walk(page: Page, plan: Plan): Promise<void> {
  for (const step of plan) await answer(page, step);
  await expect.poll(() => heading(page)).toBe("Revise sus respuestas");
}

interface Exported {
  id: string;
  ciphertext: string;
  receivedOn: string;
}

/** The coordinator's side: `voz export`, as a child process. */
async function exported(): Promise<Exported[]> {
  const { stdout } = await runCli(["export", SLUG, "--db", server.dbPath]);
  return stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Exported);
}

/** Runs `send`, then returns the one response it stored, opened with the survey's secret key. */
async function storedBy(send: () => Promise<void>): Promise<Answers> {
  const before = new Set((await exported()).map((row) => row.id));
  await send();
  const added = (await exported()).filter((row) => !before.has(row.id));
  expect(added).toHaveLength(1);
  const key = openKey(server.keys[SLUG] ?? { publicKey: "", secretKey: "" });
  if (!key || !added[0]) throw new Error("no key or no response");
  const result = open(added[0].ciphertext, key, survey);
  if (!result.ok) throw new Error(`unreadable response: ${result.detail}`);
  expect(result.envelope).toMatchObject({ v: 1, survey: SLUG, version: survey.version });
  return result.envelope.answers;
}

async function receipt(page: Page): Promise<string> {
  const shown = page.locator(".receipt strong");
  await shown.waitFor();
  return (await shown.textContent()) ?? "";
}

const COMMENT = "No consigo cita en el consulado desde hace un año.";

describe("answering the passport survey on a 360 px phone", () => {
  it("sends exactly the answers given, sealed, and leaves nothing behind", async () => {
    const { page, context, requests, errors } = await phone();
    const response = await page.goto(`${server.url}/s/${SLUG}`);
    const html = (await response?.text()) ?? "";
    // The first question arrives with the HTML; libsodium is not part of the first load.
    expect(html).toContain(label("country"));
    expect(html).not.toMatch(/crypto-[\w-]+\.js/);

    // A required question does not let people move on, and says why next to the field.
    await page.getByRole("button", { name: "Siguiente" }).click();
    const message = page.getByText("Por favor, responda esta pregunta.");
    await expect.poll(() => message.isVisible()).toBe(true);
    const describedBy = await page.locator("fieldset").getAttribute("aria-describedby");
    expect(describedBy?.split(" ")).toContain(await message.getAttribute("id"));
    expect(await page.getByRole("radio").first().getAttribute("aria-invalid")).toBe("true");

    const answers = await storedBy(async () => {
      await walk(page, [
        ["country", "co"],
        ["age_group", "25_34"],
        ["gender", "woman"],
        ["passport", "expired"],
        ["applied", "waiting"],
        ["months_waiting", "14"], // shown only because of "waiting"
        ["cost_usd", "120,5"], // a decimal comma, as people write it here
        ["visa", "no"],
        ["children_undocumented", "1"],
        ["ethnicity", null],
        ["disability", "prefer_not"],
        ["consequences", ["work", "health"]],
        ["comments", COMMENT],
      ]);
      const review = (await page.locator("dl").textContent()) ?? "";
      expect(review).toContain(COMMENT);
      expect(review).toContain("120,5");
      expect(review).toContain(
        `${optionLabel("consequences", "work")}, ${optionLabel("consequences", "health")}`,
      );
      expect(review).not.toContain(label("visa_stamped"));
      await page.getByRole("button", { name: "Enviar respuestas" }).click();
      expect(await receipt(page)).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    });

    expect(answers).toStrictEqual({
      country: "co",
      age_group: "25_34",
      gender: "woman",
      passport: "expired",
      applied: "waiting",
      months_waiting: 14,
      cost_usd: 120.5,
      visa: "no",
      children_undocumented: 1,
      disability: "prefer_not",
      consequences: ["work", "health"],
      comments: COMMENT,
    });

    // Nothing of the answers on the screen, in the page's history entry or in any storage.
    expect(await page.locator("body").textContent()).not.toContain(COMMENT);
    expect(
      await page.evaluate(() => ({
        local: localStorage.length,
        session: sessionStorage.length,
        cookie: document.cookie,
        fields: document.querySelectorAll("input, textarea").length,
      })),
    ).toEqual({ local: 0, session: 0, cookie: "", fields: 0 });
    // The history entry says only which step this is: the receipt, never an answer.
    expect(await page.evaluate(() => history.state?.voz)).toEqual({ kind: "done" });
    const indexedDb = await page.evaluate(async () => (await indexedDB.databases()).length);
    expect(indexedDb).toBe(0);
    expect((await context.storageState()).origins).toEqual([]);

    const origin = new URL(server.url).origin;
    expect(requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
    expect(requests.filter((url) => /\/assets\/crypto-[\w-]+\.js$/.test(url))).toHaveLength(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("never sends an answer to a question a later change hid", async () => {
    const { page, context, errors } = await phone();
    await page.goto(`${server.url}/s/${SLUG}`);
    const answers = await storedBy(async () => {
      await walk(page, [
        ["country", "pe"],
        ["age_group", "45_59"],
        ["gender", "man"],
        ["passport", null],
        ["applied", null],
        ["cost_usd", null],
        ["visa", "yes"],
        ["visa_stamped", "no_passport"],
        ["children_undocumented", null],
        ["ethnicity", null],
        ["disability", null],
        ["consequences", null],
        ["comments", null],
      ]);
      await page.getByRole("button", { name: `Cambiar la respuesta a: ${label("visa")}` }).click();
      await page
        .getByRole("radio", { name: optionLabel("visa", "dont_know"), exact: true })
        .check();
      await page.getByRole("button", { name: "Volver a la revisión" }).click();
      await expect.poll(() => heading(page)).toBe("Revise sus respuestas");
      expect(await page.locator("dl").textContent()).not.toContain(label("visa_stamped"));
      await page.getByRole("button", { name: "Enviar respuestas" }).click();
      await receipt(page);
    });
    expect(answers).toStrictEqual({
      country: "pe",
      age_group: "45_59",
      gender: "man",
      visa: "dont_know",
    });
    expect(errors).toEqual([]);
    await context.close();
  });

  it("retries a send whose reply was lost with the same id and ciphertext, stored once", async () => {
    const { page, context, posts, errors } = await phone();
    let attempts = 0;
    let firstReceipt = "";
    await page.route("**/api/surveys/*/responses", async (route) => {
      attempts += 1;
      if (attempts > 1) return route.continue();
      // The server stores the response, then the connection drops before the reply arrives.
      const reply = await route.fetch();
      firstReceipt = ((await reply.json()) as { receipt: string }).receipt;
      await route.abort("internetdisconnected");
    });
    await page.goto(`${server.url}/s/${SLUG}`);
    const answers = await storedBy(async () => {
      await walk(page, [
        ["country", "cl"],
        ["age_group", "18_24"],
        ["gender", "another"],
        ...survey.questions
          .slice(3)
          .filter((q) => !q.showIf)
          .map((q): Plan[number] => [q.id, null]),
      ]);
      await page.getByRole("button", { name: "Enviar respuestas" }).click();
      const retry = page.getByRole("button", { name: "Intentar de nuevo" });
      await retry.waitFor();
      // Sealed already and waiting as ciphertext: the answers can no longer change under the id.
      expect(await page.getByText("Guardado en este teléfono").isVisible()).toBe(true);
      expect(await page.getByRole("button", { name: /^Cambiar/ }).count()).toBe(0);
      await retry.click();
      expect(await receipt(page)).toBe(firstReceipt);
    });
    expect(answers).toStrictEqual({ country: "cl", age_group: "18_24", gender: "another" });
    expect(posts).toHaveLength(2);
    expect(posts[1]).toBe(posts[0]);
    expect(errors.filter((e) => !e.includes("ERR_INTERNET_DISCONNECTED"))).toEqual([]);
    await context.close();
  });

  it("keeps an answer tapped before the script arrived", async () => {
    const { page, context, errors } = await phone();
    const release = await holdEntryScript(page);
    await page.goto(`${server.url}/s/${SLUG}`, { waitUntil: "commit" });
    await page.getByRole("radio", { name: optionLabel("country", "ec"), exact: true }).check();
    const hydrated = page.waitForRequest(/\/assets\/crypto-[\w-]+\.js$/);
    release();
    await hydrated;
    await page.getByRole("button", { name: "Siguiente" }).click();
    await expect.poll(() => heading(page)).toContain(label("age_group"));
    expect(errors).toEqual([]);
    await context.close();
  });

  it("moves on to question 2 on a tap made before the script ran, on a slow phone, and the app carries on from there with the answers", async () => {
    const { page, context, errors } = await phone();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 6 });
    const release = await holdEntryScript(page);
    const running = () => page.evaluate(() => (window as { vozReady?: boolean }).vozReady === true);
    await page.goto(`${server.url}/s/${SLUG}`, { waitUntil: "commit" });
    await page.getByRole("radio", { name: optionLabel("country", "pe"), exact: true }).check();
    await page.getByRole("button", { name: "Siguiente" }).click();
    // The next question, at once, while the script is still held back.
    await expect.poll(() => heading(page)).toContain(label("age_group"));
    await page.getByRole("radio", { name: optionLabel("age_group", "25_34"), exact: true }).check();
    expect(await running()).toBe(false);
    const hydrated = page.waitForRequest(/\/assets\/crypto-[\w-]+\.js$/);
    release();
    await hydrated;
    expect(await running()).toBe(true);
    expect(await heading(page)).toContain(label("age_group"));
    // The rest is the app's ordinary walk, tested elsewhere: at full speed on this shared machine.
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
    // The phone's Back and Forward walk the steps the page took before the app ran.
    await page.goBack();
    await expect.poll(() => heading(page)).toContain(label("country"));
    const peru = page.getByRole("radio", { name: optionLabel("country", "pe"), exact: true });
    expect(await peru.isChecked()).toBe(true);
    await page.goForward();
    await expect.poll(() => heading(page)).toContain(label("age_group"));
    const age = page.getByRole("radio", { name: optionLabel("age_group", "25_34"), exact: true });
    expect(await age.isChecked()).toBe(true);
    const answers = await storedBy(async () => {
      await page.getByRole("button", { name: "Siguiente" }).click();
      await walk(page, [
        ["gender", "woman"],
        ["passport", null],
        ["applied", null],
        ["cost_usd", null],
        ["visa", null],
        ["children_undocumented", null],
        ["ethnicity", null],
        ["disability", null],
        ["consequences", null],
        ["comments", null],
      ]);
      await page.getByRole("button", { name: "Enviar respuestas" }).click();
      await receipt(page);
    });
    expect(answers).toStrictEqual({ country: "pe", age_group: "25_34", gender: "woman" });
    expect(errors).toEqual([]);
    await context.close();
  });

  it("lets a first step begun before the script ran finish before the app starts", async () => {
    const { page, context, errors } = await phone();
    // When the app makes the page its own, and when question 2 is first on screen.
    await page.addInitScript(`{
      const order = {};
      window.vozOrder = order;
      let ready;
      Object.defineProperty(window, "vozReady", {
        get: () => ready,
        set: (value) => { order.app ??= performance.now(); ready = value; },
      });
      new MutationObserver(() => {
        if (order.next === undefined && document.querySelector("main h2")?.textContent.startsWith(${JSON.stringify(label("age_group"))})) order.next = performance.now();
      }).observe(document, { childList: true, subtree: true });
    }`);
    const release = await holdEntryScript(page);
    await page.goto(`${server.url}/s/${SLUG}`, { waitUntil: "commit" });
    await page.getByRole("radio", { name: optionLabel("country", "pe"), exact: true }).check();
    release();
    // The entry script has run (a module runs before the document's parsing ends) and found a
    // choice ticked: the app waits for the step instead of taking the main thread before it.
    await page.waitForFunction(() => document.readyState !== "loading");
    await page.getByRole("button", { name: "Siguiente" }).click();
    await expect.poll(() => heading(page)).toContain(label("age_group"));
    await page.waitForFunction(() => (window as { vozReady?: boolean }).vozReady === true);
    const order = await page.evaluate(
      () => (window as unknown as { vozOrder: { app: number; next: number } }).vozOrder,
    );
    expect(order.app).toBeGreaterThan(order.next);
    // The app carries on from the page shown, with the answer given.
    await page.goBack();
    await expect.poll(() => heading(page)).toContain(label("country"));
    const peru = page.getByRole("radio", { name: optionLabel("country", "pe"), exact: true });
    expect(await peru.isChecked()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("marks a tap it cannot act on before the script ran as taken, and acts on it once it runs", async () => {
    const { page, context, errors } = await phone();
    const release = await holdEntryScript(page);
    await page.goto(`${server.url}/s/${SLUG}`, { waitUntil: "commit" });
    // Nothing ticked: only the app can say what is missing.
    const next = page.getByRole("button", { name: "Siguiente" });
    await next.click();
    expect(await next.getAttribute("aria-busy")).toBe("true");
    expect(await heading(page)).toContain(label("country"));
    release();
    const message = page.getByText("Por favor, responda esta pregunta.");
    await expect.poll(() => message.isVisible()).toBe(true);
    expect(await next.getAttribute("aria-busy")).toBeNull();
    expect(await heading(page)).toContain(label("country"));
    expect(errors).toEqual([]);
    await context.close();
  });

  it("acts on a tap on the second page's button made before the script ran", async () => {
    const { page, context, errors } = await phone();
    const release = await holdEntryScript(page);
    await page.goto(`${server.url}/s/${SLUG}`, { waitUntil: "commit" });
    // FIRST_STEP (inline, parsed by now) takes the first step on its own; the second it can
    // only mark as taken.
    await page.waitForFunction(() => document.readyState !== "loading");
    await page.getByRole("radio", { name: optionLabel("country", "pe"), exact: true }).check();
    await page.getByRole("button", { name: "Siguiente" }).click();
    // The first page is kept, hidden, for the app to read its answers from.
    const shown = () => page.locator("main h2:visible").first().textContent();
    await expect.poll(shown).toContain(label("age_group"));
    await page.getByRole("radio", { name: optionLabel("age_group", "25_34"), exact: true }).check();
    const next = page.getByRole("button", { name: "Siguiente" });
    await next.click();
    expect(await next.getAttribute("aria-busy")).toBe("true");
    release();
    await expect.poll(() => heading(page)).toContain(label("gender"));
    await page.getByRole("button", { name: "Anterior" }).click();
    await expect.poll(() => heading(page)).toContain(label("age_group"));
    const age = page.getByRole("radio", { name: optionLabel("age_group", "25_34"), exact: true });
    expect(await age.isChecked()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("switches language without losing the answers given", async () => {
    const { page, context, errors } = await phone();
    await page.goto(`${server.url}/s/${SLUG}`);
    await answer(page, ["country", "br"]);
    await expect.poll(() => heading(page)).toContain(label("age_group"));
    await pickLanguage(page, "English");
    await expect.poll(() => heading(page)).toContain(label("age_group", "en"));
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe("en");
    await page.getByRole("button", { name: "Back" }).click();
    const brazil = page.getByRole("radio", {
      name: optionLabel("country", "br", "en"),
      exact: true,
    });
    expect(await brazil.isChecked()).toBe(true);
    await pickLanguage(page, "Português");
    await expect.poll(() => heading(page)).toContain(label("country", "pt"));
    // The language picked is in the address: a reload keeps it, not the phone's Spanish.
    expect(new URL(page.url()).searchParams.get("lang")).toBe("pt");
    await page.reload();
    await expect.poll(() => heading(page)).toContain(label("country", "pt"));
    expect(errors).toEqual([]);
    await context.close();
  });
});
