// What the browser tests of the form without JavaScript share: finding its controls by the words
// on screen, and axe on what such a browser shows.
import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";

/** A 360 px phone with JavaScript off, in Chilean Spanish unless told otherwise. */
export function plainPhone(browser: Browser, locale = "es-CL"): Promise<BrowserContext> {
  return browser.newContext({
    javaScriptEnabled: false,
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
    locale,
  });
}

// Playwright's text and role engines skip whatever sits in <noscript>, where page one's form
// lives; so these helpers find controls by XPath over the words on screen, as a person would.

/** A button of the page's form, by its words or its aria-label. */
export const plainButton = (page: Page, words: string) =>
  page.locator(`xpath=//form//button[normalize-space()="${words}" or @aria-label="${words}"]`);

/** A choice of the page's form, by the words beside it. */
export const plainChoice = (page: Page, words: string) =>
  page.locator(`xpath=//form//label[span[normalize-space()="${words}"]]/input`);

/** A multi question's "Sí"/"No" (`mark`) for the option with these words. */
export const plainMark = (page: Page, option: string, mark = "Sí") =>
  page.locator(
    `xpath=//form//fieldset[legend[normalize-space()="${option}"]]//label[span="${mark}"]/input`,
  );

/**
 * WCAG 2.2 AA problems on the page. axe cannot run where scripts are off (it never returns),
 * so it checks a copy of the page's document in `checker`, a context with scripts on, with the
 * <noscript> content in place and the script's hidden copy gone: what a browser without
 * JavaScript shows.
 */
export async function plainViolations(
  checker: BrowserContext,
  page: Page,
  step: string,
): Promise<string[]> {
  const html = await page.content();
  const copy = await checker.newPage();
  // Linked style sheets (the feedback pages') load from the page's own origin.
  const base = `<head><base href="${new URL(page.url()).origin}/">`;
  await copy.setContent(html.replace(/<script[\s\S]*?<\/script>/g, "").replace("<head>", base));
  await copy.evaluate(() => {
    document.getElementById("voz")?.remove();
    for (const noscript of document.querySelectorAll("noscript")) {
      noscript.replaceWith(
        document.createRange().createContextualFragment(noscript.textContent ?? ""),
      );
    }
  });
  expect(await copy.locator("main").count(), step).toBe(1);
  expect(await copy.locator("main").isVisible(), step).toBe(true);
  const results = await new AxeBuilder({ page: copy })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  await copy.close();
  return results.violations.map(
    (v) => `${step}: ${v.id} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
  );
}
