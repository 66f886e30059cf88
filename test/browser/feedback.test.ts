import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Category, newReplyCode } from "../../client/lib/feedback";
import { DEFAULT_K } from "../../client/lib/publication";
import { openChannelOn, sentIn, startServer, type TestServer } from "../harness";
import {
  invite,
  openFeedbackChannel,
  overHttp,
  type Person,
  readyCrypto,
  sendFeedbackMessage,
  signUp,
} from "../workspace-client";
import { launchChromium, settled } from "./chromium";

const SLUG = "red-apoyo";
const COMPLAINT = "Canary-complaint: nos cobraron por el formulario gratuito";
const SENSITIVE = "Canary-sensitive: un voluntario pide favores a cambio de la ayuda";
const REPLY = "Canary-reply: el cobro fue indebido y lo devolvemos";
/** Logging in and unlocking run Argon2id in the page; on 2 busy shared cores that takes a while. */
const ARGON2 = 90_000;

let server: TestServer;
let browser: Browser;
let owner: Person;
let analyst: Person;
let guard: Person;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium(), readyCrypto()]);
  const app = overHttp(server.url);
  owner = await signUp(app, "Red de Apoyo", "owner@feedback.example");
  analyst = await invite(app, owner, "analyst", "analyst@feedback.example");
  guard = await invite(app, owner, "designer", "guard@feedback.example");
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Watched {
  context: BrowserContext;
  page: Page;
  requests: string[];
  errors: string[];
}

async function open(viewport = { width: 1366, height: 900 }, locale = "en-GB"): Promise<Watched> {
  const context = await browser.newContext({ viewport, locale });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  const watched: Watched = { context, page: await context.newPage(), requests: [], errors: [] };
  context.on("request", (request) => watched.requests.push(request.url()));
  watch(watched);
  return watched;
}

function watch(watched: Watched) {
  watched.page.on("console", (m) => {
    // /api/me 401 is how the workspace learns nobody is logged in; the reply page's 404 is
    // the server's answer to a wrong code, expected in this test.
    if (m.type() === "error" && !/status of (401|404)/.test(m.text()))
      watched.errors.push(m.text());
  });
  watched.page.on("pageerror", (error) => watched.errors.push(error.message));
}

/**
 * The person closes the tab. Not a navigation: Chromium's emulated offline does not hold for a
 * page while it navigates away, so a page left by `goto` may get the connection back for a
 * moment and rightly send what waits (seen in CI: the message reached the server).
 */
async function closeTab(watched: Watched) {
  await watched.page.close();
  watched.page = await watched.context.newPage();
  watch(watched);
}

function foreign(requests: string[]): string[] {
  const origin = new URL(server.url).origin;
  return requests.filter((url) => !url.startsWith("data:") && new URL(url).origin !== origin);
}

async function logIn(page: Page, who: Person) {
  await page.goto(`${server.url}/c/login`);
  await page
    .getByLabel("Email", { exact: true })
    .fill(who.email, { timeout: 5000 })
    .catch(async (e) => {
      console.log("DEBUG", await page.content());
      throw e;
    });
  await page.getByLabel("Passphrase", { exact: true }).fill(who.passphrase);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { name: "Surveys" }).waitFor({ timeout: ARGON2 });
}

/** After a new page load the member key is locked again: it lived in the old page's memory. */
async function unlock(page: Page, who: Person) {
  await page.getByLabel("Passphrase", { exact: true }).fill(who.passphrase);
  await page.getByRole("button", { name: "Unlock" }).click();
  await page.getByRole("button", { name: "Lock" }).waitFor({ timeout: ARGON2 });
}

async function violations(page: Page, step: string): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  return results.violations.map(
    (v) => `${step}: ${v.id} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
  );
}

/** Sends one message from the public page on a phone; returns the reply code it shows. */
async function sendFromPhone(phone: Page, category: string, text: string): Promise<string> {
  await phone.goto(`${server.url}/f/${SLUG}`);
  // Countries in Spanish, sorted as Spanish sorts, whatever their codes.
  const countries = await phone.locator("#feedback-country option").allTextContents();
  expect(countries.slice(1, 4)).toEqual(["Argentina", "Bolivia", "Brasil"]);
  expect(countries).toContain("Estados Unidos");
  expect(countries.indexOf("Estados Unidos")).toBeLessThan(countries.indexOf("Guyana"));
  await phone.getByRole("radio", { name: new RegExp(category) }).check();
  await phone.getByLabel("Su mensaje").fill(text);
  await phone.getByRole("button", { name: "Enviar" }).click();
  await phone.getByRole("heading", { name: "Mensaje enviado" }).waitFor();
  const code = await phone.locator("[data-code]").getAttribute("data-code");
  expect(code).toMatch(/^([0-9A-Z]{4}-){4}[0-9A-Z]{4}$/);
  // One tap copies it, to keep it somewhere safe.
  await phone.context().grantPermissions(["clipboard-read", "clipboard-write"], {
    origin: server.url,
  });
  await phone.getByRole("button", { name: "Copiar el código" }).click();
  await expect.poll(() => phone.getByText("Código copiado.").isVisible()).toBe(true);
  expect(await phone.evaluate(() => navigator.clipboard.readText())).toBe(code);
  return code as string;
}

/** Posts a sealed message as a person's browser would, for counts big enough to publish. */
const seed = (category: Category, publicKey: string) =>
  sendFeedbackMessage(
    overHttp(server.url),
    SLUG,
    { category, message: `seeded ${category}` },
    publicKey,
  );

describe("feedback channel", () => {
  it(
    "carries a complaint to a reply only its code opens, keeps sensitive reports to safeguarding, and publishes no small count",
    async () => {
      // The owner opens the channel in the browser and makes the designer a safeguarding member.
      const ownerTab = await open();
      await logIn(ownerTab.page, owner);
      await ownerTab.page.getByRole("link", { name: "Feedback", exact: true }).click();
      await ownerTab.page.getByLabel("Address of the public page: /f/…").fill(SLUG);
      await ownerTab.page.getByRole("button", { name: "Open the channel" }).click();
      await ownerTab.page.getByRole("heading", { name: "Who reads feedback" }).waitFor();
      await ownerTab.page.getByLabel(`Safeguarding for ${guard.email}`).check();
      await expect
        .poll(() => ownerTab.page.getByRole("status").last().textContent())
        .toBe(`${guard.email} now reads sensitive reports.`);
      // The organization adds a code of its own to the default humanitarian frame.
      await ownerTab.page.getByLabel("New code").fill("transport");
      await ownerTab.page.getByRole("button", { name: "Add code" }).click();
      await ownerTab.page
        .getByRole("textbox", { name: "Label (en) transport" })
        .fill("Transport to the centre");
      await ownerTab.page.getByRole("button", { name: "Save frame" }).click();
      await expect.poll(() => ownerTab.page.getByText("Frame saved.").isVisible()).toBe(true);
      // And says how long a reply usually takes, which the person's page repeats.
      await ownerTab.page.getByLabel("Days a reply usually takes").fill("5");
      await ownerTab.page.getByRole("button", { name: "Save reply time" }).click();
      await expect
        .poll(() => ownerTab.page.locator("#reply-days-outcome").textContent())
        .toBe("Saved: the feedback page says a reply usually takes 5 days.");

      // A person on a phone sends a complaint and a sensitive report.
      const phone = await open({ width: 360, height: 740 }, "es-CL");
      const a11y: string[] = [];
      await phone.page.goto(`${server.url}/f/${SLUG}`);
      await phone.page.getByRole("button", { name: "Enviar" }).click();
      expect(await phone.page.getByText("Elija qué quiere enviar.").isVisible()).toBe(true);
      expect(await phone.page.getByText("Escriba su mensaje.").isVisible()).toBe(true);
      a11y.push(...(await violations(phone.page, "refused send")));
      const comeBack = "Vuelva a esta página con su código: una respuesta suele tardar 5 días.";
      expect(await phone.page.getByText(comeBack).isVisible()).toBe(true);
      const code = await sendFromPhone(phone.page, "Una queja", COMPLAINT);
      a11y.push(...(await violations(phone.page, "sent")));
      const note = phone.page.getByText(
        /Anote este código: es la única forma de leer la respuesta/,
      );
      expect(await note.isVisible()).toBe(true);
      expect(await phone.page.getByText(comeBack).isVisible()).toBe(true);
      await phone.page.goto(`${server.url}/f/${SLUG}`);
      await phone.page.getByRole("radio", { name: /Un reporte delicado/ }).check();
      expect(
        await phone.page
          .getByText(/Solo lo leen las personas .* a cargo de la protección/)
          .isVisible(),
      ).toBe(true);
      await sendFromPhone(phone.page, "Un reporte delicado", SENSITIVE);

      // Offline, the sealed message waits on the phone and leaves when the connection returns.
      await phone.page.goto(`${server.url}/f/${SLUG}`, { waitUntil: "networkidle" });
      await phone.context.setOffline(true);
      await phone.page.getByRole("radio", { name: "Una sugerencia" }).check();
      await phone.page.getByLabel("Su mensaje").fill("Canary-offline: más horarios por la tarde");
      await phone.page.getByRole("button", { name: "Enviar" }).click();
      await phone.page.getByRole("heading", { name: "Mensaje guardado para enviar" }).waitFor();
      expect(await phone.page.locator("[data-code]").getAttribute("data-code")).toMatch(/^\w{4}-/);
      await phone.context.setOffline(false);
      await phone.page.getByRole("heading", { name: "Mensaje enviado" }).waitFor();

      // A message queued here is this page's to send: a survey page on the same phone leaves it.
      const waiting = () =>
        phone.page.evaluate(async () =>
          (await indexedDB.databases()).some((db) => db.name === "voz-outbox"),
        );
      await phone.page.goto(`${server.url}/f/${SLUG}`, { waitUntil: "networkidle" });
      await phone.context.setOffline(true);
      await phone.page.getByRole("radio", { name: "Una sugerencia" }).check();
      await phone.page.getByLabel("Su mensaje").fill("Canary-offline: agua en la fila");
      await phone.page.getByRole("button", { name: "Enviar" }).click();
      await phone.page.getByRole("heading", { name: "Mensaje guardado para enviar" }).waitFor();
      // Left before the connection returns, so only the survey page could send it now.
      await closeTab(phone);
      await phone.context.setOffline(false);
      await phone.page.goto(`${server.url}/s/passport-access`, { waitUntil: "networkidle" });
      // Once the survey page has sent whatever it would send of its own, the message still waits.
      await settled(phone.page);
      expect(await waiting()).toBe(true);
      await phone.page.goto(`${server.url}/f/${SLUG}`, { waitUntil: "networkidle" });
      await expect.poll(waiting).toBe(false);

      // Enough other general feedback that some categories reach k and others do not.
      const { publicKey } = (await (await fetch(`${server.url}/api/feedback/${SLUG}`)).json()) as {
        publicKey: string;
      };
      for (let i = 0; i < 7; i++) await seed("question", publicKey);
      for (let i = 0; i < 6; i++) await seed("suggestion", publicKey);
      for (let i = 0; i < 2; i++) await seed("thanks", publicKey);

      // The analyst (no safeguarding) sees the general messages and not the sensitive report.
      const analystTab = await open();
      const a = analystTab.page;
      await logIn(a, analyst);
      await a.getByRole("link", { name: "Feedback", exact: true }).click();
      await a.getByRole("heading", { name: "Inbox" }).waitFor();
      expect(await a.locator("tr[data-message]").count()).toBe(18);
      expect(await a.locator("table.inbox").textContent()).not.toContain("Sensitive report");

      // Triage: status, assignee, a code from the default frame; then a reply.
      await a.getByRole("link", { name: "Complaint" }).click();
      expect(await a.getByTestId("message-text").textContent()).toBe(COMPLAINT);
      await a.getByLabel("Status").selectOption("referred");
      // Colleagues' emails are the owner's to see: the analyst picks by the invitation's name.
      await a.getByLabel("Assigned to").selectOption({ label: `Invited as ${analyst.email}` });
      await a.getByLabel("Staff or volunteer conduct").check();
      await a.getByLabel("Transport to the centre").check();
      await a.getByRole("button", { name: "Save triage" }).click();
      await expect.poll(() => a.getByRole("status").textContent()).toBe("Triage saved.");
      await a.getByLabel("Reply to the person").fill(REPLY);
      await a.getByRole("button", { name: "Send reply" }).click();
      await expect.poll(() => a.getByRole("status").textContent()).toContain("Reply sent.");

      // What was saved comes back from the server after a fresh unlock: the coding opens again.
      await a.goto(`${server.url}/c/feedback`);
      await unlock(a, analyst);
      await a.getByRole("heading", { name: "Inbox" }).waitFor();
      const row = a.locator("tr[data-message]", { hasText: "Complaint" });
      // Referred before the reply, referred after it: a reply marks only a new or in-progress
      // message answered.
      expect(await row.textContent()).toContain("Referred");
      expect(await row.textContent()).toContain(analyst.email);
      await row.getByRole("link").click();
      expect(await a.getByLabel("Staff or volunteer conduct").isChecked()).toBe(true);
      expect(await a.getByLabel("Transport to the centre").isChecked()).toBe(true);
      expect(await a.getByLabel("Request for information").isChecked()).toBe(false);

      // The safeguarding member opens the sensitive report.
      const guardTab = await open();
      const g = guardTab.page;
      await logIn(g, guard);
      await g.getByRole("link", { name: "Feedback", exact: true }).click();
      await g.getByRole("heading", { name: "Inbox" }).waitFor();
      await g.getByRole("link", { name: "Sensitive report" }).click();
      expect(await g.getByTestId("message-text").textContent()).toBe(SENSITIVE);

      // The person: a wrong code shows only that no message has it; theirs opens the reply.
      await phone.page.goto(`${server.url}/f/${SLUG}/reply`);
      await phone.page.getByLabel("Código de respuesta").fill(newReplyCode());
      await phone.page.getByRole("button", { name: "Leer" }).click();
      await expect
        .poll(() => phone.page.getByRole("alert").textContent())
        .toBe("No hay ningún mensaje con este código.");
      expect(await phone.page.locator(".replies").count()).toBe(0);
      a11y.push(...(await violations(phone.page, "wrong code")));
      // Typed the way people copy codes: lower case, spaces for dashes, O for zero.
      const typed = code.toLowerCase().replace(/-/g, " ").replace(/0/g, "o");
      await phone.page.getByLabel("Código de respuesta").fill(typed);
      await phone.page.getByRole("button", { name: "Leer" }).click();
      await expect.poll(() => phone.page.locator(".reply p").textContent()).toBe(REPLY);
      a11y.push(...(await violations(phone.page, "reply")));
      expect(a11y).toEqual([]);

      // Past the server's limit on guesses, the page says when to try again, and nothing else.
      await phone.page.route(`${server.url}/api/feedback/${SLUG}/replies`, (route) =>
        route.fulfill({ status: 429, headers: { "retry-after": "120" }, body: "{}" }),
      );
      await phone.page.getByRole("button", { name: "Leer" }).click();
      await expect
        .poll(() => phone.page.getByRole("alert").textContent())
        .toBe("Demasiados intentos. Inténtelo de nuevo en 2 minutos.");
      expect(await phone.page.locator(".replies").count()).toBe(0);

      // "You said — we did": preview at k, a statement, publish; the public page hides small counts.
      // Only closed months are published: the channel opened in September, the messages came
      // in November.
      await openChannelOn(server.db, SLUG, "2026-09-01");
      await sentIn(server.db, SLUG, "2026-11");
      await ownerTab.page.goto(`${server.url}/c/feedback/publish`);
      await unlock(ownerTab.page, owner);
      await ownerTab.page.getByRole("button", { name: "Preview publication" }).click();
      await ownerTab.page.getByTestId("suppression-summary").waitFor();
      expect(
        await ownerTab.page.locator('.preview td[data-suppressed="primary"]').count(),
      ).toBeGreaterThan(0);
      expect(await ownerTab.page.getByTestId("hidden-reasons").textContent()).toContain(
        `Hidden: fewer than ${DEFAULT_K} people.`,
      );
      // The gate's own audit ran in the preview's worker, within the budget the server named.
      expect(await ownerTab.page.getByTestId("gate-forecast").textContent()).toContain(
        "it will accept this publication",
      );
      const month = new Date().toISOString().slice(0, 7);
      await ownerTab.page.getByLabel("Month").fill(month);
      await ownerTab.page.getByLabel("What you changed").fill("Quitamos el cobro del formulario.");
      // Languages by name, not code ("es" before).
      expect(await ownerTab.page.locator("#statement-language option:checked").textContent()).toBe(
        "Español",
      );
      await ownerTab.page.getByRole("button", { name: "Add statement" }).click();
      expect(await ownerTab.page.locator("ul.statements li").first().textContent()).toContain(
        "(Español): Quitamos el cobro",
      );
      await ownerTab.page.getByRole("button", { name: "Publish", exact: true }).click();
      // The gate starts its worker on the first publication: seconds on a loaded machine.
      await expect
        .poll(() => ownerTab.page.getByTestId("publish-outcome").textContent(), {
          timeout: 30_000,
        })
        .toBe("Published as number 1.");

      const pub = await open({ width: 360, height: 740 }, "es-CL");
      await pub.page.goto(`${server.url}/f/${SLUG}/results`);
      const shown = (await pub.page.locator("td.num").allTextContents()).map((t) =>
        Number(t.trim()),
      );
      expect(shown.length).toBeGreaterThan(0);
      expect(shown.filter((n) => n !== 0 && n < DEFAULT_K)).toEqual([]);
      expect(await pub.page.locator("td.hidden").count()).toBeGreaterThan(0);
      const body = await pub.page.locator("body").textContent();
      expect(body).toContain("Quitamos el cobro del formulario.");
      for (const secret of [COMPLAINT, SENSITIVE, REPLY]) expect(body).not.toContain(secret);

      for (const tab of [ownerTab, phone, analystTab, guardTab, pub]) {
        expect(foreign(tab.requests)).toEqual([]);
        // The phone was offline on purpose, and was answered 429 on purpose.
        expect(
          tab.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|status of 429/.test(e)),
        ).toEqual([]);
        await tab.context.close();
      }
    },
    8 * ARGON2,
  );
});

describe("a feedback publication the gate has no budget to check", () => {
  it("is refused in the preview, in words, and Publish stays disabled", async () => {
    // A server whose gate may spend 1 unit of LP work: any hidden count needs more.
    const stingy = await startServer({ gate: { work: 1 } });
    const context = await browser.newContext();
    try {
      const app = overHttp(stingy.url);
      const person = await signUp(app, "Red Tacaña", "owner@stingy.example");
      const keys = await openFeedbackChannel(person, "red-tacana");
      // Seven messages, so more than k: fewer would publish only their number, with no LP at all.
      const categories = ["question", "question", "question", "question", "question"] as const;
      for (const category of [...categories, "suggestion", "suggestion"] as const) {
        await sendFeedbackMessage(
          app,
          "red-tacana",
          { category, message: "hola" },
          keys.general.publicKey,
        );
      }
      await openChannelOn(stingy.db, "red-tacana", "2026-09-01");
      await sentIn(stingy.db, "red-tacana", "2026-11");
      const page = await context.newPage();
      const posted: string[] = [];
      page.on("request", (r) => {
        if (r.method() === "POST" && r.url().includes("/publications")) posted.push(r.url());
      });
      await page.goto(`${stingy.url}/c/login`);
      await page.getByLabel("Email", { exact: true }).fill(person.email);
      await page.getByLabel("Passphrase", { exact: true }).fill(person.passphrase);
      await page.getByRole("button", { name: "Log in" }).click();
      await page.getByRole("heading", { name: "Surveys" }).waitFor({ timeout: ARGON2 });
      await page.goto(`${stingy.url}/c/feedback/publish`);
      await page.getByLabel("Passphrase", { exact: true }).fill(person.passphrase);
      await page.getByRole("button", { name: "Unlock" }).click();
      await page.getByRole("button", { name: "Lock" }).waitFor({ timeout: ARGON2 });
      await page.getByRole("button", { name: "Preview publication" }).click();
      const forecast = page.getByTestId("gate-forecast");
      await forecast.waitFor({ timeout: 30_000 });
      expect(await forecast.getAttribute("role")).toBe("alert");
      expect(await forecast.textContent()).toContain(
        "The server will refuse this publication: checking it against the 0 earlier publication(s)",
      );
      const publish = page.getByRole("button", { name: "Publish", exact: true });
      expect(await publish.isDisabled()).toBe(true);
      expect(posted).toEqual([]);
    } finally {
      await context.close();
      await stingy.close();
    }
  });
});
