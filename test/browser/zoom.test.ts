// The respondent page on the narrowest screens and with large text (issue 6 item 6; WCAG 2.2
// 1.4.10 reflow, 1.4.4 resize text, 2.5.8 target size — we hold targets to 44 px, DESIGN §1).
//
// Which "200 %" is honest: 1.4.10 asks for content that reflows at 320 CSS px, which is what a
// 640 px window at 200 % zoom gives, so the 320 px case covers both. Browser zoom on a 320 px
// phone would leave 160 CSS px, which WCAG does not ask for and no phone browser does: Chrome on
// Android enlarges text instead. So 200 % is tested as the browser's own text size setting
// (CDP Page.setFontSizes, the default font size doubled) on a 360 px phone, and the test checks
// the text really did grow: a page sized in px would not, and would pass without it.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../harness";
import { launchChromium } from "./chromium";
import { answerRequiredOnly, PASSPORT, passportLabel, sendAndWaitForReceipt } from "./passport";

/** Chromium's default font sizes, and the minimum side of a touch target (DESIGN §1). */
const DEFAULT_FONT_PX = 16;
const DEFAULT_FIXED_FONT_PX = 13;
const TARGET_PX = 44;

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Layout {
  /** How far the page scrolls sideways: 0 when it reflows. */
  overflow: number;
  /** Every visible control whose target is under 44 × 44 px, described. */
  smallTargets: string[];
}

/**
 * Measures the page as it is on screen. A radio or checkbox is tapped through its label, so the
 * label row is its target; every other button, field, link and label is measured itself.
 */
function layout(page: Page, minimum: number): Promise<Layout> {
  return page.evaluate((minimum) => {
    const scroller = document.scrollingElement ?? document.documentElement;
    const smallTargets: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>(
      "button, input, select, textarea, a[href], label",
    )) {
      if (!element.checkVisibility()) continue;
      const input = element instanceof HTMLInputElement ? element : null;
      const target =
        input && (input.type === "radio" || input.type === "checkbox")
          ? (input.closest("label") ?? input.labels?.[0] ?? input)
          : element;
      const { width, height } = target.getBoundingClientRect();
      if (width < minimum || height < minimum) {
        const name =
          (target.textContent ?? "").trim().slice(0, 40) || target.outerHTML.slice(0, 80);
        smallTargets.push(
          `${target.tagName.toLowerCase()} "${name}": ${Math.round(width)}×${Math.round(height)}`,
        );
      }
    }
    return { overflow: scroller.scrollWidth - scroller.clientWidth, smallTargets };
  }, minimum);
}

async function expectUsable(page: Page): Promise<void> {
  expect(await layout(page, TARGET_PX)).toEqual({ overflow: 0, smallTargets: [] });
}

/** Every question, the review and "sent": each without sideways scrolling, with big targets. */
async function answerAndSend(page: Page): Promise<void> {
  await page.goto(`${server.url}/s/${PASSPORT}`);
  await page.getByRole("heading", { name: passportLabel("country") }).waitFor();
  await answerRequiredOnly(page, expectUsable);
  await expectUsable(page);
  await sendAndWaitForReceipt(page);
  await expectUsable(page);
}

async function phone(width: number): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width, height: 640 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: "es-CL",
  });
}

describe("the respondent page on narrow screens and with large text", () => {
  it("reflows at 320 CSS px, keeps 44 px targets and still sends", async () => {
    const context = await phone(320);
    await answerAndSend(await context.newPage());
    await context.close();
  });

  it("with text at 200 % on a 360 px phone, reflows, keeps 44 px targets and still sends", async () => {
    const context = await phone(360);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Page.enable");
    await cdp.send("Page.setFontSizes", {
      fontSizes: { standard: 2 * DEFAULT_FONT_PX, fixed: 2 * DEFAULT_FIXED_FONT_PX },
    });
    const labelSize = async () =>
      page
        .getByRole("heading", { name: passportLabel("country") })
        .evaluate((heading) => Number.parseFloat(getComputedStyle(heading).fontSize));
    await answerAndSend(page);
    // The setting took: the survey's own heading is twice what it is at the default size.
    await page.goto(`${server.url}/s/${PASSPORT}`);
    const enlarged = await labelSize();
    await cdp.send("Page.setFontSizes", {
      fontSizes: { standard: DEFAULT_FONT_PX, fixed: DEFAULT_FIXED_FONT_PX },
    });
    await page.reload();
    expect(enlarged).toBeCloseTo(2 * (await labelSize()), 0);
    await context.close();
  });
});
