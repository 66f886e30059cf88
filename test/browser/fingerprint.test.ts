// Issue 13 item 5, the respondent's side: a survey link carries its key's fingerprint (#k=,
// DESIGN §9.9); the page checks it against the key it was served before sealing. Someone who
// swapped the key in the database gets nothing: no request leaves, nothing waits on the phone.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeyPair, type KeyPair, ready } from "../../client/lib/crypto";
import { surveyKeyFingerprint } from "../../client/lib/fingerprint";
import { startServer, type TestServer } from "../harness";
import { launchChromium } from "./chromium";
import { publishSurvey } from "./publish";

const SLUG = "key-check";

let server: TestServer;
let browser: Browser;
let keys: KeyPair;

beforeAll(async () => {
  await ready();
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  ({ keys } = await publishSurvey(server, {
    slug: SLUG,
    version: 1,
    languages: ["es", "en"],
    title: { es: "Clave", en: "Key" },
    breakdowns: [],
    questions: [
      {
        id: "where",
        type: "single",
        required: true,
        label: { es: "¿Dónde vive?", en: "Where do you live?" },
        options: [
          { id: "city", label: { es: "Ciudad", en: "City" } },
          { id: "country", label: { es: "Campo", en: "Countryside" } },
        ],
      },
    ],
  }));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens `fragment`'s link, answers, presses send; the posts it made and what it queued. */
async function answerAndSend(fragment: string, language = "es") {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const posts: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST") posts.push(request.url());
  });
  await page.goto(`${server.url}/s/${SLUG}?lang=${language}${fragment}`);
  await page.locator('main input[value="city"]').check();
  await page.locator("main .actions button.primary").click();
  await page.locator("dl.review").waitFor();
  await page.locator("main .actions button.primary").click();
  return { context, page, posts };
}

const databases = (page: Page) =>
  page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name));

describe("the survey link's key fingerprint", () => {
  it("lets the answers go when it matches the page's key", async () => {
    const { context, page, posts } = await answerAndSend(
      `#k=${surveyKeyFingerprint(keys.publicKey)}`,
    );
    await page.locator(".receipt strong").waitFor();
    expect(posts).toEqual([`${server.url}/api/surveys/${SLUG}/responses`]);
    await context.close();
  });

  it.each([
    ["es", "No enviamos nada"],
    ["en", "Nothing was sent"],
  ])(
    "in %s, refuses to seal to a key the link does not name, and sends and keeps nothing",
    async (language, message) => {
      // The link was made for another key: the one in the database was swapped after.
      const other = surveyKeyFingerprint(generateKeyPair().publicKey);
      const { context, page, posts } = await answerAndSend(`#k=${other}`, language);
      const shown = page.locator("#send-message");
      await shown.waitFor();
      expect(await shown.textContent()).toContain(message);
      // Final: no "try again", and the crypto chunk had arrived (it was not a download failure).
      expect(await page.locator("main .actions button.primary").count()).toBe(0);
      expect(posts).toEqual([]);
      expect(await databases(page)).toEqual([]);
      await context.close();
    },
  );

  it("refuses a malformed fingerprint the same way", async () => {
    const { context, page, posts } = await answerAndSend("#k=not-a-fingerprint");
    await page.locator("#send-message").waitFor();
    expect(posts).toEqual([]);
    await context.close();
  });
});
