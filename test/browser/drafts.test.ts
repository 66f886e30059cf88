// Issue 16, builder: a draft with a missing translation saves, and says what is left; edits not
// yet saved are not lost to a link or the Back button without asking; Open, Close and Publish
// ask before acting and say what will happen; opening an incomplete draft names the field;
// a survey can be duplicated, and deleted while nobody has answered it.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { visasDraft } from "../fixtures/drafts";
import { startServer, type TestServer } from "../harness";
import { overHttp, type Person, readyCrypto, signUp } from "../workspace-client";
import { launchChromium } from "./chromium";
import { violations } from "./layout";

const DRAFT = visasDraft();
const SLUG = DRAFT.slug;

let server: TestServer;
let browser: Browser;
let owner: Person;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium(), readyCrypto()]);
  owner = await signUp(overHttp(server.url), "Puentes", "owner@drafts-browser.example");
  await owner.browser.json("POST", "/api/org/surveys", { definition: DRAFT });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function logIn(page: Page) {
  await page.goto(`${server.url}/c/login`);
  await page.getByLabel("Email", { exact: true }).fill(owner.email);
  await page.getByLabel("Passphrase", { exact: true }).fill(owner.passphrase);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { name: "Surveys" }).waitFor();
}

const status = (page: Page) => page.locator(".status").first().textContent();

describe("the builder keeps a designer's work", () => {
  it("saves an incomplete draft, asks before unsaved edits are left, and names what blocks opening", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const dialogs: string[] = [];
    let answer = false;
    page.on("dialog", (dialog) => {
      dialogs.push(`${dialog.type()}:${dialog.message()}:${page.url()}`);
      void (answer ? dialog.accept() : dialog.dismiss());
    });
    await logIn(page);
    // Through the workspace's own links, so Back below stays inside the page.
    await page.getByRole("link", { name: "Visas" }).click();
    await page.getByRole("link", { name: "Edit questionnaire" }).click();
    const title = page.getByLabel(/^Title/).first();
    await title.waitFor();

    await page.getByRole("button", { name: "Save draft" }).click();
    await expect.poll(() => status(page)).toContain("still to translate");
    expect(await status(page)).toMatch(/question 1 \(visa\): the hint in Kreyòl/);

    // An unsaved edit, then a link away: the page asks, and staying keeps the edit.
    await title.fill("Visas 2027");
    await page.getByRole("link", { name: "Surveys", exact: true }).click();
    await expect.poll(() => dialogs.length).toBe(1);
    expect(dialogs[0]).toContain("unsaved changes");
    expect(page.url()).toBe(`${server.url}/c/s/${SLUG}/edit`);
    expect(await title.inputValue()).toBe("Visas 2027");

    // Back asks too; staying puts the address back and keeps the edit.
    await page.evaluate(() => history.back());
    await expect.poll(() => dialogs.length).toBe(2);
    await expect.poll(() => page.url()).toBe(`${server.url}/c/s/${SLUG}/edit`);
    expect(await title.inputValue()).toBe("Visas 2027");

    // Leaving on purpose works, and the edit is gone only then.
    answer = true;
    await page.getByRole("link", { name: "Surveys", exact: true }).click();
    await expect.poll(() => page.url()).toBe(`${server.url}/c/`);
    // The list drawn means the builder is gone, and its guard with it (a layout effect's
    // cleanup: the next test tries that frame); the address changes before the redraw.
    await page.getByRole("heading", { name: "Surveys" }).waitFor();

    // Opening asks first and says what will happen; confirming names the missing text.
    await page.goto(`${server.url}/c/s/${SLUG}`);
    await page.getByRole("button", { name: "Open survey" }).click();
    expect(await page.locator(".confirm").textContent()).toContain("anyone with the link");
    expect(await page.getByTestId("survey-state").textContent()).toContain("Draft");
    await page.getByRole("button", { name: "Cancel" }).click();
    expect(await page.locator(".confirm").count()).toBe(0);
    await page.getByRole("button", { name: "Open survey" }).click();
    await page.getByRole("button", { name: "Yes, open it" }).click();
    await expect.poll(() => status(page)).toContain('the hint in "ht"');
    expect(await page.getByTestId("survey-state").textContent()).toContain("Draft");
    expect(dialogs, JSON.stringify(dialogs)).toHaveLength(3);
    await context.close();
  });

  // The CI counted a 4th dialog, a beforeunload on the list's address: Preact 11 runs an
  // effect's cleanup after the next paint, so the builder's guard outlived it for a frame, and
  // was set only a frame after an edit. Here each is tried in that frame on purpose: when the
  // drawing lands in the DOM (a mutation observer's microtask), before the effects after paint.
  it("guards an unsaved edit from the drawing that shows it to the one that removes the builder", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on("dialog", (dialog) => void dialog.accept());
    await logIn(page);
    await page.getByRole("link", { name: "Visas" }).click();
    await page.getByRole("link", { name: "Edit questionnaire" }).click();
    const title = await page
      .getByLabel(/^Title/)
      .first()
      .elementHandle();
    /** Whether a reload would be asked, the moment `selector` first reads `text` after `act`. */
    const guardedWhen = (act: "edit" | "leave", selector: string, text: string) =>
      page.evaluate(
        ([act, selector, text, title]) =>
          new Promise<boolean>((resolve) => {
            const observer = new MutationObserver(() => {
              if (document.querySelector(selector)?.textContent !== text) return;
              observer.disconnect();
              const unload = new Event("beforeunload", { cancelable: true });
              window.dispatchEvent(unload);
              resolve(unload.defaultPrevented);
            });
            observer.observe(document.body, {
              childList: true,
              subtree: true,
              characterData: true,
            });
            if (act === "edit") {
              const input = title as HTMLInputElement;
              input.value = `${input.value} 2027`;
              input.dispatchEvent(new Event("input", { bubbles: true }));
            } else {
              (document.querySelector('header nav a[href="/c/"]') as HTMLAnchorElement).click();
            }
          }),
        [act, selector, text, title] as const,
      );
    expect(await guardedWhen("edit", "main p.muted", "Unsaved changes.")).toBe(true);
    expect(await guardedWhen("leave", "main h1", "Surveys")).toBe(false);
    await context.close();
  });

  it("duplicates a survey as a new draft and deletes one nobody answered", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await logIn(page);
    await page.goto(`${server.url}/c/s/${SLUG}`);
    await page.getByRole("button", { name: "Duplicate…" }).click();
    const name = page.getByLabel("Short name of the copy");
    expect(await name.inputValue()).toBe(`${SLUG}-copy`);
    await page.getByRole("button", { name: "Make the copy" }).click();
    await expect.poll(() => page.url()).toBe(`${server.url}/c/s/${SLUG}-copy/edit`);
    const copy = await owner.browser.json<{ draft: { title: object; questions: unknown[] } }>(
      "GET",
      `/api/org/surveys/${SLUG}-copy`,
    );
    expect(copy.draft.title).toEqual(DRAFT.title);
    expect(copy.draft.questions).toEqual(DRAFT.questions);

    await page.goto(`${server.url}/c/s/${SLUG}-copy`);
    await page.getByRole("button", { name: "Delete survey" }).click();
    expect(await page.locator(".confirm").textContent()).toContain("for good");
    await page.getByRole("button", { name: "Yes, delete it" }).click();
    await expect.poll(() => page.url()).toBe(`${server.url}/c`);
    expect((await owner.browser.request("GET", `/api/org/surveys/${SLUG}-copy`)).status).toBe(404);
    await context.close();
  });

  it("speaks the chosen language on the surveys pages, each axe clean at 360 px", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await logIn(page);
    const axe = () => violations(page);
    const words = {
      es: { list: "Encuestas", open: "Abrir la encuesta", yes: "Sí, abrirla" },
      pt: { list: "Pesquisas", open: "Abrir a pesquisa", yes: "Sim, abrir" },
      fr: { list: "Enquêtes", open: "Ouvrir l'enquête", yes: "Oui, l'ouvrir" },
    };
    for (const [code, w] of Object.entries(words)) {
      await page.getByRole("combobox").first().selectOption(code);
      await page.getByRole("heading", { name: w.list, level: 1 }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(code);
      expect(await axe(), `${code} list`).toEqual([]);
      await page.getByRole("link", { name: "Visas", exact: true }).click();
      await page.getByRole("button", { name: w.open }).click();
      await page.getByRole("button", { name: w.yes }).waitFor();
      expect(await axe(), `${code} survey page`).toEqual([]);
      await page.getByRole("link", { name: w.list, exact: true }).click();
    }
    // The choice stays on this device: a reload keeps French.
    await page.reload();
    await page.getByRole("heading", { name: "Enquêtes", level: 1 }).waitFor();
    await context.close();
  });

  // The CI once saw the list stay Portuguese after French was picked: the list page, drawn
  // just before the change, listened for it only from its effect. Here the change is made in
  // that window on purpose: when the list's first drawing lands in the DOM (a mutation
  // observer's microtask), before the effects that come after the frame.
  it("speaks the language picked while a page is being drawn", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await logIn(page);
    await page.getByRole("combobox", { name: "Language" }).selectOption("pt");
    await page.getByRole("heading", { name: "Pesquisas", level: 1 }).waitFor();
    await page.getByRole("link", { name: "Visas", exact: true }).click();
    await page.getByRole("button", { name: "Abrir a pesquisa" }).waitFor();
    const drawn = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const main = document.querySelector("main") as HTMLElement;
          const observer = new MutationObserver(() => {
            const heading = main.querySelector("h1")?.textContent ?? "";
            if (heading !== "Pesquisas") return;
            observer.disconnect();
            const select = document.querySelector("header select") as HTMLSelectElement;
            select.value = "fr";
            select.dispatchEvent(new Event("change", { bubbles: true }));
            resolve(heading);
          });
          observer.observe(main, { childList: true, subtree: true, characterData: true });
          (document.querySelector('header nav a[href="/c/"]') as HTMLAnchorElement).click();
        }),
    );
    expect(drawn).toBe("Pesquisas");
    await page.getByRole("heading", { name: "Enquêtes", level: 1 }).waitFor({ timeout: 5_000 });
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("fr");
    await context.close();
  });
});
