// Issue 6 item 3: a survey may let respondents resume on this device. With `resumeOnDevice`
// the unsent answers survive closing the page and are gone once sent; without it (the
// default) nothing of the answers ever reaches the phone's storage.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ready } from "../../client/lib/crypto";
import { closeDatabase, openDatabase } from "../../server/db/client";
import { publishSurveyVersion } from "../../server/db/surveys";
import type { Survey } from "../../surveys/schema";
import { seedSurvey, startServer, type TestServer } from "../harness";
import { launchChromium } from "./chromium";
import { NEXT, quickExit } from "./passport";

const RESUMABLE = "resume-here";

let server: TestServer;
let browser: Browser;
let survey: Survey;

beforeAll(async () => {
  await ready();
  survey = { ...seedSurvey("passport-access"), slug: RESUMABLE, resumeOnDevice: true };
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  // A second connection to the server's own file (WAL): the survey opens like any other.
  const db = await openDatabase(server.dbPath);
  const publicKey = server.keys["passport-access"]?.publicKey ?? "";
  const published = await publishSurveyVersion(db, survey, publicKey, "open");
  await closeDatabase(db);
  if (!published.ok) throw new Error(`could not open ${RESUMABLE}: ${published.reason}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

function optionLabel(id: string, optionId: string): string {
  const q = survey.questions.find((question) => question.id === id);
  const option = q && "options" in q ? q.options.find((o) => o.id === optionId) : undefined;
  if (!option) throw new Error(`"${id}" has no option "${optionId}"`);
  return option.label.es as string;
}

async function heading(page: Page): Promise<string> {
  return (await page.locator("main h2").first().textContent()) ?? "";
}

async function choose(page: Page, id: string, optionId: string): Promise<void> {
  await page.getByRole("radio", { name: optionLabel(id, optionId), exact: true }).check();
  await page.getByRole("button", { name: "Siguiente" }).click();
}

/** Everything the origin keeps in storage, as text; "" when nothing. */
function storage(page: Page): Promise<string> {
  return page.evaluate(() =>
    [...Object.values(localStorage), ...Object.values(sessionStorage)].join("\n"),
  );
}

async function phone() {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    isMobile: true,
    locale: "es-CL",
  });
  return { context, page: await context.newPage() };
}

describe("resuming on this device", () => {
  it("brings back the answers and the question after the page is closed, and forgets them once sent", async () => {
    const { context, page } = await phone();
    await page.goto(`${server.url}/s/${RESUMABLE}`);
    expect(await page.locator("main").textContent()).toContain(
      "Sus respuestas se guardan en este teléfono",
    );
    await choose(page, "country", "pe");
    await choose(page, "age_group", "45_59");
    await expect.poll(() => heading(page)).toContain("género");
    expect(await storage(page)).toContain("45_59");

    // The tab is closed; later the respondent opens the link again.
    await page.close();
    const later = await context.newPage();
    await later.goto(`${server.url}/s/${RESUMABLE}`);
    await expect.poll(() => heading(later)).toContain("género");
    await later.getByRole("button", { name: "Anterior" }).click();
    await expect
      .poll(() => later.getByRole("radio", { name: optionLabel("age_group", "45_59") }).isChecked())
      .toBe(true);

    await choose(later, "age_group", "45_59");
    await choose(later, "gender", "another");
    // The rest are optional: skip through to the review and send.
    while ((await heading(later)) !== "Revise sus respuestas") {
      await later.getByRole("button", { name: NEXT }).click();
    }
    await later.getByRole("button", { name: "Enviar respuestas" }).click();
    await later.locator(".receipt strong").waitFor();
    expect(await storage(later)).toBe("");
    await context.close();
  });

  it("quick exit forgets the saved answers too", async () => {
    const { context, page } = await phone();
    await page.goto(`${server.url}/s/${RESUMABLE}`);
    await choose(page, "country", "cl");
    await expect.poll(() => storage(page)).toContain('"cl"');
    await quickExit(page);
    expect(await storage(page)).toBe("");
    await context.close();
  });

  it("keeps nothing in storage for a survey that does not ask for it", async () => {
    const { context, page } = await phone();
    await page.goto(`${server.url}/s/passport-access`);
    expect(await page.locator("main").textContent()).not.toContain("se guardan en este teléfono");
    await choose(page, "country", "cl");
    await choose(page, "age_group", "18_24");
    await expect.poll(() => heading(page)).toContain("género");
    expect(await storage(page)).toBe("");
    await page.reload();
    await expect.poll(() => heading(page)).toContain("¿En qué país");
    await context.close();
  });
});
