// DESIGN §9.3 and issue 7 §5: no page makes a request to another origin, and none trips the
// Content-Security-Policy. Every kind of page is loaded in real Chromium and watched.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../cli";
import { safePublication, startServer, type TestServer } from "../harness";
import { openFeedbackChannel, overHttp, readyCrypto, signUp } from "../workspace-client";
import { launchChromium, settled } from "./chromium";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  // A published table, so the results page renders its charts.
  const publication = safePublication("cso-program-awareness", 5);
  const dir = mkdtempSync(join(tmpdir(), "voz-origins-"));
  const file = join(dir, "publication.json");
  writeFileSync(file, JSON.stringify(publication));
  const published = await runCli(["publish", file, "--db", server.dbPath]);
  rmSync(dir, { recursive: true, force: true });
  expect(published.code, published.stderr).toBe(0);
  // An open feedback channel, for its public pages.
  await readyCrypto();
  const owner = await signUp(overHttp(server.url), "Red de Apoyo", "owner@origins.example");
  await openFeedbackChannel(owner, "red-apoyo");
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const PAGES = [
  "/s/passport-access",
  "/s/cso-program-awareness?lang=es",
  "/s/passport-access/poster",
  "/r/cso-program-awareness",
  "/r/passport-access",
  "/c/",
  "/join",
  "/f/red-apoyo",
  "/f/red-apoyo/reply",
];

describe("every page", () => {
  for (const path of PAGES) {
    it(`${path} loads nothing from another origin and breaks no policy`, async () => {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
      const page = await context.newPage();
      const origin = new URL(server.url).origin;
      const requests: string[] = [];
      const problems: string[] = [];
      const failed: string[] = [];
      page.on("request", (request) => requests.push(request.url()));
      page.on("response", (res) => {
        // Asking who is logged in is how the workspace learns that nobody is: 401 is its answer.
        const expected = res.status() === 401 && new URL(res.url()).pathname === "/api/me";
        if (res.status() >= 400 && !expected) failed.push(`${res.status()} ${res.url()}`);
      });
      page.on("console", (message) => {
        if (message.type() === "error" && !message.text().includes("status of 401"))
          problems.push(message.text());
      });
      page.on("pageerror", (error) => problems.push(error.message));
      const response = await page.goto(`${server.url}${path}`, { waitUntil: "networkidle" });
      expect(response?.status()).toBe(200);
      // Lazy loads (the crypto chunk, workers) have gone wherever they go once the page settles.
      await settled(page);
      expect(requests.length).toBeGreaterThan(0);
      const foreign = requests.filter(
        (url) => !url.startsWith("data:") && new URL(url).origin !== origin,
      );
      expect(foreign).toEqual([]);
      expect(problems).toEqual([]);
      expect(failed).toEqual([]);
      await context.close();
    });
  }
});
