// Every step of the respondent page, in each of its five interface languages, has no axe-core
// violation (WCAG 2.x A and AA rules): first question, a refused "next", each question type,
// the review, "saved on this phone" and "sent". Every page a survey link opens when there is
// nothing to answer, in every interface language (Arabic right to left), fits 360 px and has none.
import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { generateKeyPair, ready } from "../../client/lib/crypto";
import { inlineStyles } from "../../client/respondent/page";
import {
  INTERFACE_LANGUAGES,
  renderUnavailablePage,
  UNAVAILABLE_STRINGS,
} from "../../client/respondent/unavailable";
import { loadAssets } from "../../server/assets";
import { closeDatabase, openDatabase } from "../../server/db/client";
import { publishSurveyVersion } from "../../server/db/surveys";
import { contentSecurityPolicy } from "../../server/http";
import { parseSurvey } from "../../surveys/schema";
import { seedSurvey, startServer, type TestServer } from "../harness";
import { launchChromium } from "./chromium";
import { overflow } from "./layout";

const SLUG = "five-languages";
const LANGUAGES = ["es", "en", "pt", "fr", "ht"];
const CLOSED = "five-languages-closed";
const DRAFT = "five-languages-draft";

let server: TestServer;
let browser: Browser;

/**
 * The passport survey in five languages: French and Haitian Creole reuse the English texts,
 * which is enough to exercise the interface strings and the page structure in those languages.
 * `extra` languages (Arabic, for the pages without a survey's words) reuse them too.
 */
function fiveLanguageSurvey(extra: string[] = []) {
  const widen = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(widen);
    if (value && typeof value === "object") {
      const record = value as Record<string, unknown>;
      if (typeof record.es === "string" && typeof record.en === "string") {
        const copies = Object.fromEntries(["fr", "ht", ...extra].map((code) => [code, record.en]));
        return { ...record, ...copies };
      }
      return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, widen(v)]));
    }
    return value;
  };
  const base = seedSurvey("passport-access");
  const parsed = parseSurvey({
    ...(widen(base) as object),
    slug: SLUG,
    languages: [...LANGUAGES, ...extra],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

beforeAll(async () => {
  await ready();
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  const db = await openDatabase(server.dbPath);
  const published = await publishSurveyVersion(
    db,
    fiveLanguageSurvey(),
    generateKeyPair().publicKey,
    "open",
  );
  const unavailable = await Promise.all(
    (
      [
        [CLOSED, "closed"],
        [DRAFT, "draft"],
      ] as const
    ).map(([slug, state]) =>
      publishSurveyVersion(
        db,
        { ...fiveLanguageSurvey(INTERFACE_LANGUAGES.filter((l) => !LANGUAGES.includes(l))), slug },
        generateKeyPair().publicKey,
        state,
      ),
    ),
  );
  await closeDatabase(db);
  for (const stored of [published, ...unavailable]) if (!stored.ok) throw new Error(stored.reason);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function violations(page: Page, step: string): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  return results.violations.map(
    (v) => `${step}: ${v.id} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
  );
}

/**
 * Contexts a test opened, closed after it whatever happened: a test that timed out on a loaded
 * machine left its context (offline, its service worker retrying) to slow every test after it
 * past its own timeout (CI, 5 December: one timeout, then six).
 */
const opened: BrowserContext[] = [];
const newContext = async (options: Parameters<Browser["newContext"]>[0]) => {
  const context = await browser.newContext(options);
  opened.push(context);
  return context;
};
afterEach(async () => {
  await Promise.all(opened.splice(0).map((context) => context.close().catch(() => {})));
});

describe("the respondent page is accessible", () => {
  it.each(LANGUAGES)("in %s, on every step", { timeout: 120_000 }, async (language) => {
    const context = await newContext({
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    // Listening before navigating: the crypto chunk may be requested before `goto` returns.
    const crypto = page.waitForResponse(/\/assets\/crypto-[\w-]+\.js$/);
    await page.goto(`${server.url}/s/${SLUG}?lang=${language}`);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
    await crypto;
    const found: string[] = [];
    found.push(...(await violations(page, "first question")));

    const next = page.locator(".actions button.primary");
    await next.click();
    await page.locator(".error").first().waitFor();
    found.push(...(await violations(page, "refused next")));

    // Through every question: the first option of a required choice, the rest left empty.
    const seen = new Set<string>();
    for (let step = 0; step < 30; step += 1) {
      if ((await page.locator("dl.review").count()) > 0) break;
      const kind = await page.locator("main").evaluate((main) => {
        if (main.querySelector('input[type="radio"]')) return "single";
        if (main.querySelector('input[type="checkbox"]')) return "multi";
        if (main.querySelector("textarea")) return "text";
        return "number";
      });
      if (!seen.has(kind)) {
        seen.add(kind);
        found.push(...(await violations(page, `${kind} question`)));
      }
      if (kind === "single") await page.locator('input[type="radio"]').first().check();
      await next.click();
    }
    await page.locator("dl.review").waitFor();
    found.push(...(await violations(page, "review")));

    await context.setOffline(true);
    await page.locator(".actions button.primary").click();
    await page.locator(".sent h2").waitFor();
    found.push(...(await violations(page, "saved on this phone")));
    await context.setOffline(false);
    await page.locator(".receipt strong").waitFor({ timeout: 30_000 });
    found.push(...(await violations(page, "sent")));

    expect(found).toEqual([]);
    await context.close();
  });
});

describe("the pages a survey link opens when there is nothing to answer are accessible", () => {
  it("cover every interface language, Arabic included", () => {
    expect([...INTERFACE_LANGUAGES].sort()).toEqual(["ar", "en", "es", "fr", "ht", "pt"]);
  });

  it.each(INTERFACE_LANGUAGES)(
    "in %s: unknown, not open yet, closed, too many from here — at 360 px",
    async (language) => {
      const context = await newContext({ viewport: { width: 360, height: 740 } });
      const page = await context.newPage();
      // No route answers "too many" with this page today (the no-JS form keeps the answers and
      // says so on its review), so it is served here as the server renders it, under its CSP.
      const assets = loadAssets("dist/client");
      if (!assets) throw new Error("the client is not built");
      await page.route(`${server.url}/s/too-many-here*`, (route) =>
        route.fulfill({
          status: 429,
          contentType: "text/html; charset=utf-8",
          headers: {
            "content-security-policy": contentSecurityPolicy(inlineStyles(assets.respondent)),
          },
          body: renderUnavailablePage({
            reason: "too_many",
            language,
            results: null,
            assets: assets.respondent,
          }),
        }),
      );
      const strings = UNAVAILABLE_STRINGS[language as keyof typeof UNAVAILABLE_STRINGS];
      const problems: string[] = [];
      for (const [path, status, heading] of [
        ["/s/no-such-survey", 404, strings.unknown[0]],
        [`/s/${DRAFT}`, 404, strings.not_open[0]],
        [`/s/${CLOSED}`, 410, strings.closed[0]],
        ["/s/too-many-here", 429, strings.too_many[0]],
      ] as const) {
        const response = await page.goto(`${server.url}${path}?lang=${language}`);
        expect(response?.status(), path).toBe(status);
        expect(await page.locator("html").getAttribute("lang")).toBe(language);
        expect(await page.locator("html").getAttribute("dir")).toBe(
          language === "ar" ? "rtl" : "ltr",
        );
        expect(await page.locator("h1").textContent()).toBe(heading);
        expect(await page.locator("h1").isVisible()).toBe(true);
        // Styled: the inline style sheet ran under the CSP (not the browser's serif default).
        expect(
          await page.locator("main").evaluate((main) => getComputedStyle(main).fontFamily),
        ).not.toMatch(/^"?Times/);
        const wide = await overflow(page);
        expect(wide.scrollWidth, `${path} in ${language}`).toBeLessThanOrEqual(wide.width);
        expect(wide.wide, `${path} in ${language}`).toEqual([]);
        problems.push(...(await violations(page, `${path} in ${language}`)));
      }
      expect(problems).toEqual([]);
      await context.close();
    },
  );
});
