// The builder makes every construct of the survey format (docs/survey-format.md) in real
// Chromium against the real server: a consent gate whose "no" hides the next page, a note, an
// option that asks to specify, an exclusive "none". What the server stored is read back from
// its API and checked against the contract; the builder's page has no axe violation.
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSurvey, type Survey } from "../../surveys/schema";
import { startServer, type TestServer } from "../harness";
import { launchChromium } from "./chromium";

const SHOTS = process.env.VOZ_SCREENSHOTS; // e.g. /tmp/voz-shots: where to keep screenshots
const SLUG = "consent-gate";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function fill(scope: Page | ReturnType<Page["locator"]>, label: string, value: string) {
  await scope.getByLabel(label, { exact: true }).fill(value);
}

describe("the questionnaire builder", () => {
  it("builds a consent gate, a note, a specify text and an exclusive option, and saves them", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" && !/status of 401/.test(m.text())) errors.push(m.text());
    });
    page.on("pageerror", (error) => errors.push(error.message));

    await page.goto(`${server.url}/c/signup`);
    await fill(page, "Organization", "Puentes");
    await fill(page, "Your email", "owner@puentes.example");
    await fill(page, "Passphrase", "un puente de cuerda sobre el río");
    await fill(page, "Passphrase again", "un puente de cuerda sobre el río");
    await page
      .getByRole("button", { name: /Create/ })
      .first()
      .click();
    await page.getByRole("link", { name: "Surveys" }).click();
    await page.getByRole("link", { name: "New survey" }).click();
    await fill(page, "Short name (in the link /s/…)", SLUG);
    await fill(page, "Title (Español)", "Documentos");

    // Question 1 becomes the note that opens the survey.
    const q1 = page.locator("#question-0");
    await q1.getByLabel("Type").selectOption("note");
    await expect.poll(() => q1.getByLabel("Required").count()).toBe(0);
    await fill(q1, "Note (Español)", "No escriba nombres ni números de documento.");

    // Question 2: the consent.
    await page.getByRole("button", { name: "+ One choice" }).click();
    const q2 = page.locator("#question-1");
    await fill(q2, "Id (in the data)", "consent");
    await fill(q2, "Question (Español)", "¿Acepta responder?");
    await q2.getByLabel("Required").check();
    await fill(q2, "Option 1 id", "yes");
    await fill(q2, "Option 1 (Español)", "Sí");
    await fill(q2, "Option 2 id", "no");
    await fill(q2, "Option 2 (Español)", "No");

    // Question 3: documents, with an exclusive "none".
    await page.getByRole("button", { name: "+ Several choices" }).click();
    const q3 = page.locator("#question-2");
    await fill(q3, "Id (in the data)", "documents");
    await fill(q3, "Question (Español)", "¿Qué documentos tiene?");
    await fill(q3, "Option 1 id", "passport");
    await fill(q3, "Option 1 (Español)", "Pasaporte");
    await fill(q3, "Option 2 id", "other");
    await fill(q3, "Option 2 (Español)", "Otro");
    await q3.getByRole("button", { name: "Add option" }).click();
    await fill(q3, "Option 3 id", "none");
    await fill(q3, "Option 3 (Español)", "Ninguno");
    await q3.getByLabel(/^Option 3 goes alone/).check();

    // Two pages: the gate, and the documents page shown only after a "yes".
    await page.getByRole("button", { name: "Add a page" }).click();
    await page.getByRole("button", { name: "Add a page" }).click();
    await fill(page.locator("#section-0"), "Page 1 id", "gate");
    await q1.getByLabel("Page", { exact: true }).selectOption("gate");
    await q2.getByLabel("Page", { exact: true }).selectOption("gate");
    await q3.getByLabel("Page", { exact: true }).selectOption("page2");
    const page2 = page.locator("#section-1");
    await fill(page2, "Page 2 title (Español)", "Sus documentos");
    await page2.getByLabel("Show page 2").selectOption("consent");
    await page2.getByLabel("Sí", { exact: true }).check();

    // "Other" asks to specify: a text question right after, on the same page.
    await q3.getByRole("button", { name: "Ask to specify option 2" }).click();
    const q4 = page.locator("#question-3");
    await expect.poll(() => q4.getByLabel("Asks to specify").inputValue()).toContain("documents");
    await fill(q4, "Question (Español)", "¿Qué otro documento?");
    expect(await q4.getByLabel("Page", { exact: true }).inputValue()).toBe("page2");

    await expect.poll(() => page.locator(".summary").textContent()).toContain("Ready to publish");
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/builder-additions.png`, fullPage: true });
    const axe = await new AxeBuilder({ page })
      .include(".builder-main")
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
      .analyze();
    expect(
      axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`),
    ).toEqual([]);

    await page.getByRole("button", { name: "Create draft" }).click();
    await expect.poll(() => page.url()).toBe(`${server.url}/c/s/${SLUG}/edit`);

    const stored = (await page.evaluate(async (slug) => {
      const response = await fetch(`/api/org/surveys/${slug}`);
      return response.json();
    }, SLUG)) as { draft: Survey | null };
    const parsed = parseSurvey(stored.draft);
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    const draft = stored.draft as Survey;
    expect(draft.sections).toEqual([
      { id: "gate" },
      {
        id: "page2",
        title: { es: "Sus documentos" },
        showIf: { question: "consent", equals: "yes" },
      },
    ]);
    expect(draft.questions.map((q) => `${q.id}:${q.type}:${q.section}`)).toEqual([
      "q1:note:gate",
      "consent:single:gate",
      "documents:multi:page2",
      "documents_other:text:page2",
    ]);
    expect(draft.questions[3]).toMatchObject({
      specifies: { question: "documents", option: "other" },
      label: { es: "¿Qué otro documento?" },
    });
    const documents = draft.questions[2];
    expect(documents?.type === "multi" && documents.options.map((o) => o.exclusive)).toEqual([
      undefined,
      undefined,
      true,
    ]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
