// The coordinators' workspace in real Chromium against the real server: an owner signs up and
// invites an analyst, builds a survey in two languages and previews it, opens it; a respondent
// answers on a phone; the counter rises; the analyst unlocks with the passphrase and reads it.
import { readFileSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import readXlsxFile from "read-excel-file/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import writeXlsxFile from "write-excel-file/node";
import { en } from "../../client/coordinator/strings/en";
import { startServer, type TestServer } from "../harness";
import { launchChromium } from "./chromium";

const SHOTS = process.env.VOZ_SCREENSHOTS; // e.g. /tmp/voz-shots: where to keep screenshots
const SLUG = "water-access";
const COMMENT = "Sin agua desde marzo; el camión no viene.";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Person {
  page: Page;
  context: BrowserContext;
  requests: string[];
  errors: string[];
}

async function person(viewport = { width: 1366, height: 900 }): Promise<Person> {
  const context = await browser.newContext({ viewport, locale: "es-CL" });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(
        `CSP violation: ${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber} ${document.URL}`,
      );
    });
  });
  const page = await context.newPage();
  const who: Person = { page, context, requests: [], errors: [] };
  context.on("request", (request) => who.requests.push(request.url()));
  page.on("console", (m) => {
    // Asking /api/me is how the workspace learns there is no session (the cookie is HttpOnly).
    if (m.type() === "error" && !/status of 401/.test(m.text())) who.errors.push(m.text());
  });
  page.on("pageerror", (error) => who.errors.push(error.message));
  return who;
}

async function fill(page: Page | ReturnType<Page["locator"]>, label: string, value: string) {
  await page.getByLabel(label, { exact: true }).fill(value);
}

describe("coordinator workspace", () => {
  it("takes a survey from sign-up to an answer read by an invited analyst", async () => {
    const owner = await person();
    const { page } = owner;

    // Sign up: the passphrase warning is there before anything is sent.
    await page.goto(`${server.url}/c/signup`);
    await expect.poll(() => page.getByText(en.account.forgetWarning).isVisible()).toBe(true);
    await fill(page, "Organization", "Agua Viva");
    await fill(page, "Your email", "owner@agua.example");
    await fill(page, "Passphrase", "río claro bajo el puente");
    await fill(page, "Passphrase again", "río claro bajo el puente");
    await page.getByRole("button", { name: "Create workspace" }).click();
    await page.getByRole("heading", { name: "Surveys" }).waitFor();

    // Invite an analyst; they join in their own browser.
    await page.getByRole("link", { name: "Members" }).click();
    await fill(page, "Their name (shown on the invitation and the members list)", "Ana Analista");
    await page.getByLabel(/^Analyst/).check();
    await page.getByRole("button", { name: "Make an invitation link" }).click();
    const link = await page.getByLabel(/Invitation link for Ana Analista as analyst/).inputValue();
    expect(link).toMatch(new RegExp(`^${server.url}/join#[\\w-]{20,}$`));

    const analyst = await person();
    await analyst.page.goto(link);
    await fill(analyst.page, "Your email", "analyst@agua.example");
    await fill(analyst.page, "Passphrase", "lluvia de octubre en la sierra");
    await fill(analyst.page, "Passphrase again", "lluvia de octubre en la sierra");
    await analyst.page.getByRole("button", { name: "Join" }).click();
    await analyst.page.getByRole("heading", { name: "Surveys" }).waitFor();

    await page.reload();
    await expect
      .poll(() => page.locator("table.list").textContent())
      .toContain("analyst@agua.example");

    // Build three questions in two languages.
    await page.getByRole("link", { name: "Surveys" }).click();
    await page.getByRole("link", { name: "New survey" }).click();
    await fill(page, "Short name (in the link /s/…)", SLUG);
    await fill(page, "Add a language (code: es, en, pt, fr, ht…)", "en");
    await page.getByRole("button", { name: "Add language" }).click();
    await fill(page, "Title (Español)", "Acceso al agua");
    // A missing translation is flagged where it is missing.
    const titleEn = page.getByLabel("Title (English)", { exact: true });
    expect(await titleEn.getAttribute("aria-invalid")).toBe("true");
    await expect.poll(() => page.locator(".missing-warning").first().isVisible()).toBe(true);
    await titleEn.fill("Water access");

    const q1 = page.locator("#question-0");
    await fill(q1, "Question (Español)", "¿Tiene agua potable en casa?");
    await fill(q1, "Question (English)", "Do you have drinking water at home?");
    await q1.getByLabel("Required").check();
    await fill(q1, "Option 1 id", "yes");
    await fill(q1, "Option 1 (Español)", "Sí");
    await fill(q1, "Option 1 (English)", "Yes");
    await fill(q1, "Option 2 id", "no");
    await fill(q1, "Option 2 (Español)", "No");
    await fill(q1, "Option 2 (English)", "No");

    await page.getByRole("button", { name: "+ Number" }).click();
    const q2 = page.locator("#question-1");
    await fill(q2, "Question (Español)", "¿Cuántos días sin agua este mes?");
    await fill(q2, "Question (English)", "How many days without water this month?");
    await fill(q2, "Smallest allowed", "0");
    await fill(q2, "Largest allowed", "31");
    await q2.getByLabel("Show this question").selectOption("q1");
    await q2.getByLabel("No", { exact: true }).check();

    await page.getByRole("button", { name: "+ Free text" }).click();
    const q3 = page.locator("#question-2");
    await fill(q3, "Question (Español)", "¿Algo más?");
    await fill(q3, "Question (English)", "Anything else?");

    // Renaming q1 kept q2's condition pointing at it.
    await fill(q1, "Id (in the data)", "water");
    await expect.poll(() => q2.getByLabel("Show this question").inputValue()).toBe("water");

    // Reorder from the keyboard: move the text question up and back down.
    await q3.getByRole("button", { name: "Move question 3 up" }).focus();
    await page.keyboard.press("Enter");
    await expect
      .poll(() =>
        page.locator("#question-1").getByLabel("Question (English)", { exact: true }).inputValue(),
      )
      .toBe("Anything else?");
    await page
      .locator("#question-1")
      .getByRole("button", { name: "Move question 2 down" })
      .press("Enter");
    await expect
      .poll(() =>
        page.locator("#question-2").getByLabel("Question (English)", { exact: true }).inputValue(),
      )
      .toBe("Anything else?");

    await expect.poll(() => page.locator(".summary").textContent()).toContain("Ready to publish");

    // The preview is the respondent page itself, in a 360-px frame, in each language.
    const frame = page.frameLocator(".phone iframe");
    await expect.poll(() => frame.locator("h1").textContent()).toBe("Acceso al agua");
    expect(
      await page.locator(".phone iframe").evaluate((f) => f.getBoundingClientRect().width),
    ).toBe(360);
    await expect.poll(() => frame.getByText("¿Tiene agua potable en casa?").isVisible()).toBe(true);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/builder.png`, fullPage: true });
    await page.locator(".preview").getByRole("button", { name: "English", exact: true }).click();
    await expect.poll(() => frame.locator("h1").textContent()).toBe("Water access");
    await frame.getByRole("radio", { name: "No" }).check();
    await frame.getByRole("button", { name: "Next" }).click();
    await expect
      .poll(() => frame.getByText("How many days without water this month?").isVisible())
      .toBe(true);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/preview.png` });
    // Walking the preview to the end sends nothing.
    await frame.getByLabel(/How many days without water/).fill("3");
    await frame.getByRole("button", { name: "Next" }).click();
    await frame.getByRole("button", { name: "Check answers" }).click();
    await frame.getByRole("button", { name: "Send answers" }).click();
    await expect
      .poll(() => page.getByText("This is a preview: nothing was sealed or sent.").isVisible())
      .toBe(true);
    expect(owner.requests.filter((url) => url.includes("/responses"))).toEqual([]);

    // Export gives back what was built, as JSON the contract accepts.
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export JSON" }).click();
    const exported = JSON.parse(
      await (await download).createReadStream().then(async (stream) => {
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks).toString("utf8");
      }),
    );
    expect(exported).toMatchObject({
      slug: SLUG,
      languages: ["es", "en"],
      questions: [
        { id: "water", type: "single", required: true },
        { id: "q2", type: "number", min: 0, max: 31, showIf: { question: "water", equals: "no" } },
        { id: "q3", type: "text" },
      ],
    });

    // Save, then open: the survey key is made in this browser and sealed to owner and analyst.
    await page.getByRole("button", { name: "Create draft" }).click();
    await expect.poll(() => page.url()).toBe(`${server.url}/c/s/${SLUG}/edit`);
    await page.getByRole("link", { name: "Open…" }).click();
    await page.getByRole("button", { name: "Open survey" }).click();
    await page.getByRole("button", { name: "Yes, open it" }).click();
    await expect.poll(() => page.getByTestId("survey-state").textContent()).toContain("Open");
    await expect
      .poll(() => page.getByText(/sealed to .*analyst@agua\.example/).isVisible())
      .toBe(true);

    // A respondent answers on a phone.
    const respondent = await person({ width: 360, height: 740 });
    await respondent.page.goto(`${server.url}/s/${SLUG}`);
    const phone = respondent.page;
    await phone.getByRole("radio", { name: "No" }).check();
    await phone.getByRole("button", { name: "Siguiente" }).click();
    await phone.getByLabel(/¿Cuántos días sin agua este mes\?/).fill("12");
    await phone.getByRole("button", { name: "Siguiente" }).click();
    await phone.getByLabel(/¿Algo más\?/).fill(COMMENT);
    // The last question's button leads to the review.
    await phone.getByRole("button", { name: "Revisar respuestas" }).click();
    await phone.getByRole("button", { name: "Enviar respuestas" }).click();
    await phone.locator(".receipt").waitFor();

    // The counter rises to 1, today, on the survey page and in the list.
    await page.getByRole("button", { name: "Refresh" }).click();
    await expect.poll(() => page.getByTestId("response-total").textContent()).toBe("1");
    await page.getByRole("link", { name: "Surveys" }).click();
    await expect.poll(() => page.getByTestId(`today-${SLUG}`).textContent()).toBe("1");

    // The analyst reloads (the key was only in memory), unlocks and reads the answer.
    const reader = analyst.page;
    await reader.goto(`${server.url}/c/s/${SLUG}/answers`);
    await fill(reader, "Passphrase", "lluvia de octubre en la sierra");
    await reader.getByRole("button", { name: "Unlock" }).click();
    await expect.poll(() => reader.getByTestId("readable-count").textContent()).toBe("1");
    expect(await reader.getByTestId("unreadable-count").textContent()).toBe("0");
    const answer = (await reader.locator(".response").textContent()) ?? "";
    expect(answer).toContain("¿Tiene agua potable en casa?");
    expect(answer).toContain("No");
    expect(answer).toContain("12");
    expect(answer).toContain(COMMENT);
    if (SHOTS) await reader.screenshot({ path: `${SHOTS}/answers.png`, fullPage: true });

    // Nothing left this origin; no CSP violation, no uncaught error anywhere.
    const origin = new URL(server.url).origin;
    for (const who of [owner, analyst, respondent]) {
      expect(
        who.requests.filter((url) => !url.startsWith("data:") && new URL(url).origin !== origin),
      ).toEqual([]);
      expect(who.errors).toEqual([]);
    }
    // The member key never reached storage: only the public keys this browser has seen, pinned
    // to warn if one changes (client/coordinator/pins.ts), each a public key and a flag.
    for (const who of [owner, analyst]) {
      const stored = await who.page.evaluate(() => ({
        session: sessionStorage.length,
        local: Object.entries(localStorage),
      }));
      expect(stored.session).toBe(0);
      for (const [name, value] of stored.local) {
        expect(name).toMatch(/^voz\.pins\.[\w-]+\.[\w-]+$/);
        for (const pin of Object.values(JSON.parse(value) as Record<string, object>)) {
          expect(Object.keys(pin).sort()).toEqual(["publicKey", "verified"]);
        }
      }
    }
    await Promise.all([owner.context.close(), analyst.context.close(), respondent.context.close()]);
  });

  it("shows the server's refusal at its field, imports JSON and XLSForm, versions, closes and grants access", async () => {
    const owner = await person();
    const { page } = owner;
    await page.goto(`${server.url}/c/signup`);
    await fill(page, "Organization", "Otra Org");
    await fill(page, "Your email", "owner@otra.example");
    await fill(page, "Passphrase", "tres tigres tristes comen trigo");
    await fill(page, "Passphrase again", "tres tigres tristes comen trigo");
    await page.getByRole("button", { name: "Create workspace" }).click();
    await page.getByRole("heading", { name: "Surveys" }).waitFor();

    // A seed survey's file, imported as is: its slug is taken, and the server says so at the field.
    await page.getByRole("link", { name: "New survey" }).click();
    const seed = readFileSync("surveys/cso-program-awareness.json", "utf8");
    await page
      .getByLabel("Import JSON")
      .setInputFiles({ name: "cso.json", mimeType: "application/json", buffer: Buffer.from(seed) });
    await expect.poll(() => page.locator(".phone iframe").count()).toBe(1);
    await page.getByRole("button", { name: "Create draft" }).click();
    const slugField = page.getByLabel("Short name (in the link /s/…)", { exact: true });
    await expect.poll(() => slugField.getAttribute("aria-invalid")).toBe("true");
    const described = (await slugField.getAttribute("aria-describedby")) ?? "";
    const message = page.locator(`[id="${described.split(" ").at(-1)}"]`);
    expect(await message.textContent()).toMatch(/"cso-program-awareness" is taken/);

    // XLSForm: a real .xlsx, read in the browser; what Voz cannot take is listed with its row.
    const xlsx = await writeXlsxFile([
      {
        sheet: "survey",
        data: [
          ["type", "name", "label::Español (es)", "label::English (en)"],
          ["note", "hello", "Hola", "Hello"],
          ["select_one yn", "works", "¿Trabaja?", "Do you work?"],
          ["geopoint", "where", "¿Dónde?", "Where?"],
          ["integer", "hours", "¿Cuántas horas?", "How many hours?"],
        ].map((row) => row.map((value) => ({ value }))),
      },
      {
        sheet: "choices",
        data: [
          ["list_name", "name", "label::Español (es)", "label::English (en)"],
          ["yn", "yes", "Sí", "Yes"],
          ["yn", "no", "No", "No"],
        ].map((row) => row.map((value) => ({ value }))),
      },
      {
        sheet: "settings",
        data: [
          ["form_title", "form_id"],
          ["Trabajo", "trabajo"],
        ].map((row) => row.map((value) => ({ value }))),
      },
    ]).toBuffer();
    page.once("dialog", (dialog) => dialog.accept());
    await page.getByLabel("Import XLSForm").setInputFiles({
      name: "trabajo.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: xlsx,
    });
    await expect
      .poll(() => page.locator(".problems").textContent())
      .toContain("survey, row 4 (type):");
    expect(await page.locator(".problems").textContent()).toContain("for the respondent's safety");
    expect(await slugField.inputValue()).toBe("trabajo");

    // And back out, for KoboToolbox or ODK: a real .xlsx with the survey's three questions.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export XLSForm" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("trabajo.xlsx");
    const exported = await readXlsxFile(readFileSync((await download.path()) as string));
    const names = exported
      .find((s) => s.sheet === "survey")
      ?.data.slice(1)
      .map((r) => r[1]);
    expect(names).toEqual(["hello", "works", "hours"]);
    await page.getByRole("button", { name: "Create draft" }).click();
    await expect.poll(() => page.url()).toBe(`${server.url}/c/s/trabajo/edit`);

    await page.getByRole("link", { name: "Open…" }).click();
    await page.getByRole("button", { name: "Open survey" }).click();
    await page.getByRole("button", { name: "Yes, open it" }).click();
    await expect.poll(() => page.getByTestId("survey-state").textContent()).toContain("Open");

    // Edit, save, publish version 2; close and reopen.
    await page.getByRole("link", { name: "Edit questionnaire" }).click();
    // Question 1 is the imported note; question 2 the first that takes an answer.
    await fill(page.locator("#question-1"), "Question (English)", "Do you have paid work?");
    await page.getByRole("button", { name: "Save draft" }).click();
    await expect.poll(() => page.getByText("All changes saved.").isVisible()).toBe(true);
    await page.getByRole("link", { name: "Publish…" }).click();
    await page.getByRole("button", { name: "Publish version 2" }).click();
    // A label edited: the answers of both versions stay counted together (surveys/wording.ts).
    expect(await page.locator("body").textContent()).toContain(
      "Only texts changed, so results, exports and publications go on counting version 1's answers",
    );
    await page.getByRole("button", { name: "Yes, publish version 2" }).click();
    await expect.poll(() => page.getByText("Version 2 is live.").isVisible()).toBe(true);
    await page.getByRole("button", { name: "Close", exact: true }).click();
    await page.getByRole("button", { name: "Yes, close it" }).click();
    await expect.poll(() => page.getByTestId("survey-state").textContent()).toBe("Closed");
    expect((await fetch(`${server.url}/s/trabajo`)).status).toBe(410);
    await page.getByRole("button", { name: "Reopen" }).click();
    await page.getByRole("button", { name: "Yes, reopen it" }).click();
    await expect.poll(() => page.getByTestId("survey-state").textContent()).toContain("Open");
    const served = (await (await fetch(`${server.url}/api/surveys/trabajo`)).json()) as {
      survey: { version: number; questions: { label: { en: string } }[] };
    };
    expect(served.survey.version).toBe(2);
    expect(served.survey.questions[1]?.label.en).toBe("Do you have paid work?");

    // An analyst who joins after opening has no key until the owner seals one to them.
    await page.getByRole("link", { name: "Members" }).click();
    await fill(page, "Their name (shown on the invitation and the members list)", "Late");
    await page.getByRole("button", { name: "Make an invitation link" }).click();
    const link = await page.getByLabel(/Invitation link for Late as analyst/).inputValue();
    const analyst = await person();
    await analyst.page.goto(link);
    await fill(analyst.page, "Your email", "late@otra.example");
    await fill(analyst.page, "Passphrase", "llegó tarde pero llegó");
    await fill(analyst.page, "Passphrase again", "llegó tarde pero llegó");
    await analyst.page.getByRole("button", { name: "Join" }).click();
    await analyst.page.getByRole("heading", { name: "Surveys" }).waitFor();
    await analyst.page.getByRole("link", { name: "trabajo" }).click();
    await analyst.page.getByRole("link", { name: "Read answers" }).click();
    await expect
      .poll(() => analyst.page.getByText(/no access to this survey/).isVisible())
      .toBe(true);

    await page.goto(`${server.url}/c/s/trabajo`);
    await fill(page, "Passphrase", "tres tigres tristes comen trigo");
    await page.getByRole("button", { name: "Unlock" }).click();
    const row = page.locator(".access tr", { hasText: "late@otra.example" });
    await row.getByRole("button", { name: "Give access" }).click();
    await expect.poll(() => page.getByText(/Late can now read/).isVisible()).toBe(true);

    await analyst.page.reload();
    await fill(analyst.page, "Passphrase", "llegó tarde pero llegó");
    await analyst.page.getByRole("button", { name: "Unlock" }).click();
    await expect.poll(() => analyst.page.getByTestId("readable-count").textContent()).toBe("0");

    await row.getByRole("button", { name: "Remove access" }).click();
    await expect.poll(() => page.getByText("no longer has access").isVisible()).toBe(true);
    await analyst.page.getByRole("button", { name: "Fetch again" }).click();
    await expect
      .poll(() => analyst.page.getByText(/no access to this survey/).isVisible())
      .toBe(true);

    // The refusals above (409 slug taken, 403 not granted) are the browser's own log lines.
    const unexpected = (errors: string[]) =>
      errors.filter((e) => !/^Failed to load resource: .* status of 40[39]/.test(e));
    for (const who of [owner, analyst]) expect(unexpected(who.errors)).toEqual([]);
    await Promise.all([owner.context.close(), analyst.context.close()]);
  });

  it("serves the workspace shell for /c, /c/… and /join under the CSP", async () => {
    for (const path of ["/c", "/c/s/anything/edit", "/join"]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toMatch(/<script type="module" src="\/assets\/coordinator-[\w-]+\.js">/);
      expect(html).not.toMatch(/<script>|\sstyle=/);
      expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    }
  });
});
