// Issue 15 item 7: with JavaScript off, a person on a 360 px phone sends feedback through the
// plain form in real Chromium, the server seals it, a member opens and answers it, and the
// person reads the answer by typing the reply code into the plain reply form. Every page says
// that this way is less private, fits the phone, and is axe clean as such a browser shows it.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openKey } from "../../client/lib/crypto";
import { openMessage, replyKeyFromMessage, sealReply } from "../../client/lib/feedback";
import { openSurveyKey } from "../../client/lib/keyring";
import { startServer, type TestServer } from "../harness";
import {
  invite,
  openFeedbackChannel,
  overHttp,
  type Person,
  readyCrypto,
  signUp,
} from "../workspace-client";
import { launchChromium } from "./chromium";
import { overflow } from "./layout";
import { plainButton, plainChoice, plainPhone, plainViolations } from "./plain";

const SLUG = "red-sin-script";
const MESSAGE = "Sin script: en la oficina de Lima nos cobraron & dijeron <que es normal>.";
const REPLY = "Gracias: el cobro fue indebido y lo devolvemos en la oficina.";

let server: TestServer;
let browser: Browser;
let analyst: Person;
/** A context with scripts on, where axe checks copies of the pages (plainViolations). */
let checker: BrowserContext;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium(), readyCrypto()]);
  const app = overHttp(server.url);
  const owner = await signUp(app, "Red Sin Script", "owner@plain-feedback.example");
  analyst = await invite(app, owner, "analyst", "analyst@plain-feedback.example");
  await openFeedbackChannel(owner, SLUG, [analyst]);
  await owner.browser.json("PUT", "/api/org/feedback/reply-time", { replyDays: 3 });
  checker = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * The GET pages also hold the script's copy of the form, hidden: only what shows counts, as for
 * a person.
 */
const shownButton = (page: Page, words: string) =>
  plainButton(page, words).filter({ visible: true });
const field = (page: Page, selector: string) =>
  page.locator(`form ${selector}`).filter({ visible: true });

/** Presses a button of the page's form and waits for the page the server answers with. */
async function press(page: Page, words: string): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST"),
    page.waitForNavigation(),
    shownButton(page, words).click(),
  ]);
  return response.status();
}

/** Opens the bar's language list and presses a language's button, which posts the page's form. */
async function pickPosting(page: Page, name: string): Promise<number> {
  await page.locator("header .languages summary").click();
  const button = page.locator("header .languages button").filter({ hasText: name });
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST"),
    page.waitForNavigation(),
    button.click(),
  ]);
  return response.status();
}

async function fits(page: Page, step: string) {
  const wide = await overflow(page);
  expect(wide.scrollWidth, step).toBeLessThanOrEqual(wide.width);
  expect(wide.wide, step).toEqual([]);
}

/** The member's side, over the API: open the newest message and answer it. */
async function answerNewest(): Promise<string> {
  const keys = await analyst.browser.json<Record<string, string>>("GET", "/api/org/feedback/key");
  const pair = openSurveyKey(keys.general ?? "", analyst.keyPair);
  const key = pair && openKey(pair);
  if (!key) throw new Error("the analyst holds no general key");
  const { messages } = await analyst.browser.json<{
    messages: { id: string; ciphertext: string }[];
  }>("GET", "/api/org/feedback/messages");
  const opened = messages.map((m) => ({ id: m.id, opened: openMessage(m.ciphertext, key) }));
  const mine = opened.find((m) => m.opened.ok && m.opened.message.message === MESSAGE);
  if (!mine?.opened.ok) throw new Error("the message did not arrive as written");
  expect(mine.opened.message).toMatchObject({ category: "complaint", country: "pe" });
  const replyKey = replyKeyFromMessage(mine.opened.message);
  if (!replyKey) throw new Error("no reply key in the message");
  await analyst.browser.json("POST", `/api/org/feedback/messages/${mine.id}/replies`, {
    ciphertext: sealReply(REPLY, replyKey),
  });
  return mine.id;
}

describe("feedback without JavaScript on a 360 px phone", () => {
  it("sends a message the server seals and reads the reply with the code", async () => {
    const context = await plainPhone(browser);
    const page = await context.newPage();
    const requests: string[] = [];
    page.on("request", (request) => requests.push(request.url()));
    const found: string[] = [];

    await page.goto(`${server.url}/f/${SLUG}`);
    // One line, in words a person knows, says this way is less private; the script's copy is
    // hidden by the <noscript> style the CSP allows by hash, so the form shows once.
    const notice = page.locator("main .plain-notice");
    expect(await notice.isVisible()).toBe(true);
    expect(await notice.textContent()).toBe("Versión sencilla: menos privada. ¿Por qué?");
    expect(await page.locator("#voz").isVisible()).toBe(false);
    expect(await page.locator("form:visible").count()).toBe(1);
    const shown = (await page.locator("body").innerText()) ?? "";
    expect(shown).not.toMatch(/javascript/i);
    expect(shown).not.toContain("Su mensaje se cifra en este teléfono");
    expect(shown).toContain("una respuesta suele tardar 3 días");
    // The link leads to the explanation on the same page.
    await page.locator("main .plain-notice a").click();
    expect(await page.locator("#why").isVisible()).toBe(true);
    expect(await page.locator("#why").textContent()).toContain(
      "su mensaje llega a nuestro servidor sin cifrar",
    );
    await fits(page, "form");
    found.push(...(await plainViolations(checker, page, "form")));

    // Sent with nothing chosen: the form again, the problem at its field.
    await field(page, "textarea").fill(MESSAGE);
    expect(await press(page, "Enviar")).toBe(400);
    expect(await page.locator("form .error").first().textContent()).toBe(
      "Elija qué quiere enviar.",
    );
    expect(await field(page, "textarea").inputValue()).toBe(MESSAGE);
    await fits(page, "refused");
    found.push(...(await plainViolations(checker, page, "refused")));

    await plainChoice(page, "Una queja").filter({ visible: true }).check();
    await field(page, "select").selectOption({ label: "Perú" });
    expect(await press(page, "Enviar")).toBe(201);
    expect(await page.locator(".sent h2").textContent()).toBe("Mensaje enviado");
    const code = (await page.locator(".reply-code strong").getAttribute("data-code")) ?? "";
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    expect(await page.locator(".reply-code strong").innerText()).toContain(code.slice(0, 4));
    expect(await page.locator(".sent").innerText()).toContain("una respuesta suele tardar 3 días");
    await fits(page, "sent");
    found.push(...(await plainViolations(checker, page, "sent")));

    await answerNewest();

    await page.locator(".sent .reply-link a").click();
    await page.waitForURL(`${server.url}/f/${SLUG}/reply`);
    expect(await page.locator("main .plain-notice").isVisible()).toBe(true);
    await fits(page, "reply form");
    found.push(...(await plainViolations(checker, page, "reply form")));
    // Typed by hand: lower case, spaces for dashes.
    await field(page, "input[name=code]").fill(code.toLowerCase().replace(/-/g, " "));
    expect(await press(page, "Leer")).toBe(200);
    expect(await page.locator(".replies .reply p").textContent()).toBe(REPLY);
    await fits(page, "replies");
    found.push(...(await plainViolations(checker, page, "replies")));

    // A code nobody has reads nothing.
    await field(page, "input[name=code]").fill("0000-0000-0000-0000-0000");
    expect(await press(page, "Leer")).toBe(404);
    expect(await page.locator("form .error").textContent()).toBe(
      "No hay ningún mensaje con este código.",
    );
    expect(await page.locator(".replies").count()).toBe(0);
    // The bar's languages post the code typed back, in the language picked.
    expect(await pickPosting(page, "English")).toBe(200);
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await field(page, "input[name=code]").inputValue()).toBe("0000-0000-0000-0000-0000");
    expect(await page.locator("form .error").count()).toBe(0);

    const origin = new URL(server.url).origin;
    expect(
      requests.filter((url) => !url.startsWith("data:") && new URL(url).origin !== origin),
    ).toEqual([]);
    // No script ran: nothing asked for the script's chunks or the crypto.
    expect(requests.filter((url) => /\.js$/.test(url))).toEqual([]);
    expect(found).toEqual([]);
    await context.close();
  });

  it("offers the page's languages without JavaScript, from the forms and from a refused post", async () => {
    const context = await plainPhone(browser);
    const page = await context.newPage();
    const notice = page.locator("main .plain-notice");
    /** Opens the bar's language list (a <details>: no script) and follows one language. */
    const pick = async (name: string) => {
      await page.locator("header .languages summary").filter({ visible: true }).click();
      const link = page.locator("header .languages a").filter({ visible: true, hasText: name });
      await Promise.all([page.waitForNavigation(), link.click()]);
    };

    await page.goto(`${server.url}/f/${SLUG}`);
    await fits(page, "form with languages");
    expect(await plainViolations(checker, page, "form with languages")).toEqual([]);
    await pick("Português");
    expect(page.url()).toBe(`${server.url}/f/${SLUG}?lang=pt`);
    expect(await page.locator("html").getAttribute("lang")).toBe("pt");
    expect(await notice.textContent()).toBe("Versão simples: menos privada. Por quê?");

    // A refused post answers at the form's own address, which takes posts only: its languages
    // are buttons of the form, which post the draft back in the language picked.
    await field(page, "textarea").fill(MESSAGE);
    expect(await press(page, "Enviar")).toBe(400);
    expect(await page.locator("html").getAttribute("lang")).toBe("pt");
    await fits(page, "refused with languages");
    expect(await plainViolations(checker, page, "refused with languages")).toEqual([]);
    expect(await pickPosting(page, "English")).toBe(200);
    expect(page.url()).toBe(`${server.url}/f/${SLUG}/nojs`);
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await notice.textContent()).toBe("Simple version: less private. Why?");
    expect(await field(page, "textarea").inputValue()).toBe(MESSAGE);
    expect(await page.locator("form .error").count()).toBe(0);
    // Enter in a field sends, as on any form, rather than press the bar's first language.
    const [entered] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.waitForNavigation(),
      field(page, "input[name=program]").press("Enter"),
    ]);
    expect(entered.status()).toBe(400);
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await page.locator("form .error").first().textContent()).toBe(
      "Choose what you would like to send.",
    );

    await page.goto(`${server.url}/f/${SLUG}/reply`);
    await pick("Français");
    expect(page.url()).toBe(`${server.url}/f/${SLUG}/reply?lang=fr`);
    expect(await notice.textContent()).toBe("Version simple : moins privée. Pourquoi ?");
    expect(await plainViolations(checker, page, "reply form with languages")).toEqual([]);
    await context.close();
  });

  it("lays the plain form out right to left in Arabic, axe clean at 360 px", async () => {
    const context = await plainPhone(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/f/${SLUG}?lang=ar`);
    expect(await page.locator("html").getAttribute("dir")).toBe("rtl");
    expect(await page.locator("main .plain-notice").textContent()).toBe(
      "نسخة مبسطة: أقل خصوصية. لماذا؟",
    );
    await fits(page, "ar form");
    expect(await plainViolations(checker, page, "ar form")).toEqual([]);
    // The language rides on the post: the refused form answers in Arabic.
    expect(await press(page, "إرسال")).toBe(400);
    expect(await page.locator("html").getAttribute("lang")).toBe("ar");
    expect(await page.locator("form .error").first().textContent()).toBe("اختر ما تريد إرساله.");
    await fits(page, "ar refused");
    expect(await plainViolations(checker, page, "ar refused")).toEqual([]);
    await context.close();
  });
});
