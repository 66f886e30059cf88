// Debian's Chromium driven by playwright-core. Never a downloaded browser build: tests run
// against the browser people can audit and update through their distribution.
import { type Browser, chromium, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * Waits until the page has nothing left to start: the browser reports an idle moment (effects,
 * hydration and whatever a page schedules on load have run) and then no request is in flight.
 * What a page would fetch or send of its own accord has been fetched or sent by then.
 */
export async function settled(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => resolve())));
  await page.waitForLoadState("networkidle");
}
