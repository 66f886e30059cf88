// Every workspace page but the builder's states and the feedback views with messages
// (workspace-builder.test.ts), in each of the workspace's languages, at a phone's 360 px and a
// laptop's 1280 px: axe clean, nothing wider than the screen, no English left (walk.ts).
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../harness";
import { openSurvey, overHttp, type Person, readyCrypto, signUp } from "../workspace-client";
import { PASSPORT_SEED, passportAnswers, sendResponse } from "./analyst";
import { launchChromium } from "./chromium";
import { go, LANGUAGES, logIn, type Stop, walk } from "./walk";

const SLUG = "walk-passport";
const RESPONSES = 12;

let server: TestServer;
let browser: Browser;
let owner: Person;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium(), readyCrypto()]);
  owner = await signUp(overHttp(server.url), "Puentes", "owner@walk.example");
  const definition = { ...PASSPORT_SEED, slug: SLUG };
  const surveyKey = await openSurvey(owner, definition, [owner]);
  for (let i = 0; i < RESPONSES; i += 1) {
    await sendResponse(
      server,
      { slug: SLUG, version: 1 },
      definition,
      surveyKey.publicKey,
      passportAnswers(i),
    );
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const SIGNED_IN: Stop[] = [
  { name: "surveys", path: "/c/", ready: (p) => p.locator("table a").first().waitFor() },
  {
    name: "survey",
    path: `/c/s/${SLUG}`,
    ready: (p) => p.locator('[data-testid="unspent-codes"]').waitFor(),
  },
  {
    name: "answers",
    path: `/c/s/${SLUG}/answers`,
    ready: (p) =>
      expect
        .poll(() => p.getByTestId("readable-count").textContent(), { timeout: 60_000 })
        .toBe(String(RESPONSES)),
  },
  {
    name: "results",
    path: `/c/s/${SLUG}/results`,
    ready: async (p) => {
      await expect
        .poll(() => p.getByTestId("opened-count").textContent(), { timeout: 60_000 })
        .toBe(String(RESPONSES));
      // Each question's table, folded by default, open so that its columns are measured too.
      await p.evaluate(() => {
        for (const d of document.querySelectorAll(".question details")) d.setAttribute("open", "");
      });
    },
  },
  { name: "edit", path: `/c/s/${SLUG}/edit`, ready: (p) => p.locator(".builder").waitFor() },
  {
    name: "members",
    path: "/c/members",
    ready: (p) => p.locator('[data-testid="key-status"]').first().waitFor(),
  },
  {
    name: "account",
    path: "/c/account",
    ready: (p) => p.locator('[data-testid="safety-words"] li').first().waitFor(),
  },
  { name: "feedback", path: "/c/feedback", ready: (p) => p.locator("main h1").waitFor() },
];

const SIGNED_OUT: Stop[] = [
  { name: "login", path: "/c/login", ready: (p) => p.locator("form.account").waitFor() },
  { name: "signup", path: "/c/signup", ready: (p) => p.locator("form.account").waitFor() },
  { name: "join", path: "/join", ready: (p) => p.locator(".account h1").waitFor() },
  {
    name: "join-refused",
    path: "/join#not-a-real-invitation",
    ready: (p) => p.getByTestId("invitation-problem").waitFor(),
  },
];

describe("every workspace page, in every language, at 360 px and 1280 px", () => {
  it.each(LANGUAGES)(
    "signed out, in %s: axe clean, fits, in its language",
    (language) =>
      walk(browser, language, SIGNED_OUT, async (page, stop) => {
        // A new document each time: going from /join to /join#… would only change the fragment.
        await page.goto("about:blank");
        await page.goto(`${server.url}${stop.path}`);
      }),
    300_000,
  );

  it.each(LANGUAGES)(
    "signed in, in %s: axe clean, fits, in its language",
    (language) =>
      walk(
        browser,
        language,
        SIGNED_IN,
        (page, stop) => go(page, stop.path),
        (page) => logIn(page, server.url, owner),
      ),
    300_000,
  );
});
