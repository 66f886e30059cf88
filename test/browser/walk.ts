// How the workspace walks (workspace-pages.test.ts, workspace-builder.test.ts) check one page
// in one language at a phone's 360 px and a laptop's 1280 px (issue 16): no axe-core violation
// (WCAG 2.x A and AA), no element wider than the viewport, no word broken mid-token in a table,
// a button or a label, no text field too narrow to read, and — in Spanish, Portuguese and
// French — no English sentence left. The English render is the check's own control: there,
// every page must trip the English detector, so a detector that finds nothing cannot pass the
// other languages.
import type { Browser, Page } from "playwright-core";
import { expect } from "vitest";
import { ENGLISH } from "../english";
import type { Person } from "../workspace-client";
import { brokenWords, narrowFields, overflow, violations } from "./layout";

export const LANGUAGES = ["en", "es", "pt", "fr"] as const;
export const WIDTHS = [360, 1280] as const;

export interface Stop {
  name: string;
  path: string;
  /** What shows once the page has loaded what it shows (and, for a state, brings it about). */
  ready: (page: Page) => Promise<unknown>;
}

/** A page of the signed-in workspace, reached as its own links do (the key stays in memory). */
export async function go(page: Page, path: string) {
  await page.evaluate((to) => {
    history.pushState(null, "", to);
    dispatchEvent(new PopStateEvent("popstate"));
  }, path);
}

/** axe, width at both sizes and English words of one loaded page. */
async function check(page: Page, language: string, stop: Stop): Promise<string[]> {
  const problems: string[] = [];
  const where = `${language} ${stop.name}`;
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    const fit = await overflow(page);
    if (fit.scrollWidth > fit.width || fit.wide.length > 0) {
      problems.push(`${where} at ${width} px: ${fit.scrollWidth} px wide; ${fit.wide.join("; ")}`);
    }
    const broken = await brokenWords(page);
    if (broken.length > 0) {
      problems.push(
        `${where} at ${width} px: words broken across lines in a table: ${broken.join(", ")}`,
      );
    }
    const controls = await brokenWords(page, "main button, main label");
    if (controls.length > 0) {
      problems.push(
        `${where} at ${width} px: words broken across lines in a button or label: ${controls.join(", ")}`,
      );
    }
    const narrow = await narrowFields(page);
    if (narrow.length > 0) {
      problems.push(`${where} at ${width} px: fields too narrow to read: ${narrow.join("; ")}`);
    }
    // axe once, on the phone: what it checks (names, contrast, structure) does not change with
    // the width, and each run costs seconds on a loaded machine.
    if (width === 360) {
      for (const v of await violations(page)) problems.push(`${where} at ${width} px: ${v}`);
    }
  }
  expect(await page.evaluate(() => document.documentElement.lang), where).toBe(language);
  const text = [await page.locator("body").innerText(), ...(await unrenderedTexts(page))].join(
    "\n",
  );
  const english = [...new Set(text.match(ENGLISH) ?? [])];
  if (language === "en") {
    if (english.length === 0) problems.push(`${where}: the English detector found no English`);
  } else if (english.length > 0) {
    const lines = text.split("\n").filter((line) => new RegExp(ENGLISH.source, "iu").test(line));
    problems.push(
      `${where}: English left (${english.join(", ")}): ${lines.slice(0, 5).join(" | ")}`,
    );
  }
  return problems;
}

/**
 * What a person reads or hears that innerText leaves out (Chromium's gives an option's text but
 * not a `label` written in its place, nor an option group's label): those labels, placeholders,
 * names given as attributes, titles and alternative texts — of elements on screen, as innerText.
 */
function unrenderedTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const onScreen = (e: Element) => e.checkVisibility({ visibilityProperty: true });
    const texts: string[] = [];
    for (const select of document.querySelectorAll("select")) {
      if (!onScreen(select)) continue;
      for (const o of select.querySelectorAll("option, optgroup")) {
        texts.push(o instanceof HTMLOptionElement ? o.label : (o as HTMLOptGroupElement).label);
      }
    }
    for (const e of document.querySelectorAll("[placeholder], [aria-label], [title], [alt]")) {
      if (!onScreen(e)) continue;
      for (const name of ["placeholder", "aria-label", "title", "alt"]) {
        const value = e.getAttribute(name);
        if (value) texts.push(value);
      }
    }
    return texts;
  });
}

async function inLanguage(browser: Browser, language: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript((chosen) => {
    // Also runs in about:blank, which has no storage of its own.
    if (location.protocol.startsWith("http"))
      localStorage.setItem("voz.workspace.language", chosen);
  }, language);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  return { context, page, errors };
}

/** Reaches each stop with `reach`, waits for it and checks it; no page may throw. */
export async function walk(
  browser: Browser,
  language: string,
  stops: Stop[],
  reach: (page: Page, stop: Stop) => Promise<unknown>,
  before: (page: Page) => Promise<unknown> = async () => {},
) {
  const { context, page, errors } = await inLanguage(browser, language);
  await before(page);
  const problems: string[] = [];
  for (const stop of stops) {
    await reach(page, stop);
    await stop.ready(page);
    problems.push(...(await check(page, language, stop)));
  }
  expect(problems).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
}

/** Logs `who` in through the form; the key their passphrase unlocks stays in the page. */
export async function logIn(page: Page, url: string, who: Person) {
  await page.goto(`${url}/c/login`);
  await page.locator('input[type="email"]').fill(who.email);
  await page.locator('input[type="password"]').fill(who.passphrase);
  await page.locator('form.account button[type="submit"]').click();
  await page.locator("header.top nav").waitFor({ timeout: 60_000 });
}
