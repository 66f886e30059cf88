// What the layout and accessibility checks of the results, public and workspace pages share.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";

/**
 * Every laid-out element whose box leaves the viewport sideways, and the page's own scroll
 * width. Inside a scrolling region only the region itself counts: its content may be wider,
 * and scrolls there.
 */
export function overflow(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide: string[] = [];
    for (const element of document.querySelectorAll("body *")) {
      const region = element.closest("[data-scroll-region]");
      if (region && region !== element) continue;
      const box = element.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (box.right > width + 0.5 || box.left < -0.5) {
        const text = (element.textContent ?? "").trim().slice(0, 40);
        wide.push(
          `${element.tagName.toLowerCase()}.${element.className} ${Math.round(box.right)}px "${text}"`,
        );
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, width, wide: wide.slice(0, 10) };
  });
}

/**
 * Words of the results' row labels and of the workspace's other tables (in a scroll region:
 * surveys, days, members, access, inbox, feedback readers and preview) on screen, or of other
 * `cells` (the walk's buttons and labels), that are split across lines ("Ho/mb/re", "Pesqu/isa",
 * "Remo/ver"): each word's text is measured as a range, and a word whose pieces sit at more
 * than one height is broken. A column squeezed that narrow still fits the screen, so `overflow`
 * cannot see it.
 */
export function brokenWords(
  page: Page,
  cells = ".results table tbody th, .scroll-region table th, .scroll-region table td",
) {
  return page.evaluate((selector) => {
    const broken: string[] = [];
    for (const cell of document.querySelectorAll(selector)) {
      if (!cell.checkVisibility({ visibilityProperty: true })) continue;
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const word of (node.textContent ?? "").matchAll(/\S{2,}/g)) {
          const range = document.createRange();
          range.setStart(node, word.index);
          range.setEnd(node, word.index + word[0].length);
          const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          if (tops.size > 1) broken.push(word[0]);
        }
      }
    }
    return [...new Set(broken)].slice(0, 10);
  }, cells);
}

/**
 * Text fields on screen too narrow to show 8 characters of what is typed in them: the coding
 * frame's five columns once left its label fields 3 characters wide at 360 px ("Req", "Pedi").
 * Fields only; a number field is narrow by design.
 */
export function narrowFields(page: Page) {
  return page.evaluate(() => {
    const narrow: string[] = [];
    const context = document.createElement("canvas").getContext("2d");
    if (!context) return ["no canvas to measure text with"];
    const fields = document.querySelectorAll(
      'main input:not([type]), main input[type="text"], main input[type="email"], main input[type="search"], main input[type="url"], main input[type="password"], main textarea',
    );
    for (const field of fields) {
      if (!field.checkVisibility({ visibilityProperty: true })) continue;
      const style = getComputedStyle(field);
      context.font = style.font;
      const needed = context.measureText("0").width * 8;
      const inside =
        field.clientWidth -
        Number.parseFloat(style.paddingLeft) -
        Number.parseFloat(style.paddingRight);
      if (inside < needed) {
        const name =
          field.getAttribute("aria-label") ?? (field as HTMLInputElement).labels?.[0]?.textContent;

        narrow.push(
          `"${name ?? field.id}" ${Math.round(inside)} px (8 characters: ${Math.round(needed)} px)`,
        );
      }
    }
    return narrow.slice(0, 10);
  });
}

/** axe-core's WCAG 2.2 AA violations, each with the elements it found. */
export async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  return results.violations.map(
    (v) => `${v.id} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
  );
}
