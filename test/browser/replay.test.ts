// A captured response sent again, as an attacker would: the server takes any new id, so one
// person's sealed bytes (from a seized phone's outbox, or a copy of the database) can be stored
// k times between two publications. Counted, the growth between the two would be that person's
// answers k times over, published in full. The results page must count each sealed box once;
// so must the feedback channel's "you said — we did", where copies made in a quiet month would
// publish the person's category as a count of k.
import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seal } from "../../client/lib/crypto";
import { newReplyCode, replyKey, replyLookup, sealMessage } from "../../client/lib/feedback";
import { DEFAULT_K } from "../../client/lib/publication";
import { feedbackMessages } from "../../server/db/tables";
import { openChannelOn, sentIn, startServer, type TestServer } from "../harness";
import {
  openFeedbackChannel,
  openSurvey,
  overHttp,
  type Person,
  readyCrypto,
  sendFeedbackMessage,
  signUp,
} from "../workspace-client";
import { openResults } from "./analyst";
import { launchChromium } from "./chromium";

const SLUG = "replayed-results";
const text = (en: string) => ({ en });
const DEFINITION = {
  slug: SLUG,
  version: 1,
  languages: ["en"],
  title: text("Documents"),
  breakdowns: [],
  questions: [
    {
      id: "region",
      type: "single",
      required: true,
      label: text("Region"),
      options: [
        { id: "north", label: text("North") },
        { id: "east", label: text("East") },
      ],
    },
  ],
};

let server: TestServer;
let browser: Browser;
let owner: Person;
let captured = "";

async function submit(ciphertext: string) {
  const res = await fetch(`${server.url}/api/surveys/${SLUG}/responses`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ id: randomUUID(), ciphertext }),
  });
  expect(res.status).toBe(201);
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium(), readyCrypto()]);
  owner = await signUp(overHttp(server.url), "Copias", "owner@replay.example");
  const key = await openSurvey(owner, DEFINITION, [owner]);
  const sealed = (region: string) =>
    seal({ v: 1, survey: SLUG, version: 1, answers: { region } } as never, key.publicKey, {
      ...DEFINITION,
    } as never);
  for (let i = 0; i < 12; i++) await submit(sealed("north"));
  // The one person in the east; the attacker holds their sealed bytes, not their answers.
  captured = sealed("east");
  await submit(captured);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it("counts a response sent again under new ids once, and says how many copies it left out", async () => {
  for (let i = 0; i < DEFAULT_K; i++) await submit(captured);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // Waits until 13 are opened: the 12 in the north and the one in the east, once.
  await openResults(page, server, owner, SLUG, 13);
  expect(await page.getByTestId("copies-count").textContent()).toMatch(/^5 were copies/);
  // East is still one person: a count the publication must hide, not a safe 6.
  const bars = (await page.locator("#q-region ul.bars").textContent()) ?? "";
  expect(bars).toMatch(/East\D*1\b/);
  expect(bars).not.toMatch(/East\D*6\b/);
  await page.close();
});

it("counts a feedback message sent again under new ids once, in the month it first came", {
  timeout: 240_000,
}, async () => {
  const channel = "replayed-feedback";
  const keys = await openFeedbackChannel(owner, channel);
  const app = overHttp(server.url);
  for (let i = 0; i < 7; i++) {
    await sendFeedbackMessage(
      app,
      channel,
      { category: "question", message: "hola" },
      keys.general.publicKey,
    );
  }
  // The one suggestion of October; the attacker holds its sealed bytes and, in a quiet
  // November, stores them 5 times more: counted, November would publish "suggestion: 5".
  const code = newReplyCode();
  const captured = sealMessage(
    {
      category: "suggestion",
      message: "una idea",
      replyKey: Buffer.from(replyKey(code)).toString("base64"),
    },
    keys.general.publicKey,
  );
  const post = async () => {
    const id = randomUUID();
    const res = await fetch(`${server.url}/api/feedback/${channel}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        id,
        ciphertext: captured,
        sensitive: false,
        lookup: replyLookup(newReplyCode()),
      }),
    });
    expect(res.status).toBe(201);
    return id;
  };
  await post();
  await openChannelOn(server.db, channel, "2026-09-01");
  await sentIn(server.db, channel, "2026-10");
  const copies = [];
  for (let i = 0; i < DEFAULT_K; i++) copies.push(await post());
  await server.db
    .update(feedbackMessages)
    .set({ month: "2026-11" })
    .where(inArray(feedbackMessages.id, copies));

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}/c/login`);
  await page.getByLabel("Email", { exact: true }).fill(owner.email);
  await page.getByLabel("Passphrase", { exact: true }).fill(owner.passphrase);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { name: "Surveys" }).waitFor({ timeout: 90_000 });
  await page.goto(`${server.url}/c/feedback/publish`);
  await page.getByLabel("Passphrase", { exact: true }).fill(owner.passphrase);
  await page.getByRole("button", { name: "Unlock" }).click();
  await page.getByRole("button", { name: "Lock" }).waitFor({ timeout: 90_000 });
  await expect
    .poll(() => page.locator(".feedback-publish > p").first().textContent())
    .toMatch(/^8 general messages counted\. 5 were copies of messages already counted/);
  await page.getByRole("button", { name: "Preview publication" }).click();
  await page.getByTestId("suppression-summary").waitFor({ timeout: 60_000 });
  // Counted here: 7 questions and 1 suggestion, all in October. The preview shows each cell's
  // true count, hidden or not ("primary (1)", "8 · 100 %"): the lone suggestion must be hidden,
  // and no count of the copies (5 in November, 6 suggestions, 13 in all) may appear.
  const counts = (await page.locator(".preview td").allTextContents()).map((t) =>
    Number(t.match(/\d+/)?.[0]),
  );
  expect(counts).toContain(7);
  expect(counts).toContain(8);
  for (const copied of [5, 6, 13]) expect(counts).not.toContain(copied);
  expect(await page.locator('.preview td[data-suppressed="primary"]').count()).toBeGreaterThan(0);
  // Rows in the workspace's words, months as their codes (they read "complaint", "2,026 to under 9").
  expect(await page.locator(".preview tbody th").allTextContents()).toEqual(
    expect.arrayContaining(["Question", "Suggestion"]),
  );
  expect(await page.locator(".preview thead th").allTextContents()).toEqual(
    expect.arrayContaining(["2026-10", "2026-11"]),
  );
  // The inbox lists every stored message, and says which are copies, so none is handled twice.
  await page.getByRole("link", { name: "Inbox" }).click();
  await expect.poll(() => page.locator("table.inbox tbody tr").count()).toBe(13);
  expect(await page.locator("table.inbox .copy-mark").allTextContents()).toEqual(
    Array(DEFAULT_K).fill("copy of an earlier message, not counted again"),
  );
  await page.close();
});

it("says before publishing that the server would refuse when a closed month's numbers changed", {
  timeout: 240_000,
}, async () => {
  // A publication that counted messages one of which goes later (a copy found after it was
  // published, as the first publications before 5 December counted copies): 8 complaints in
  // September become 7. Every count is large, so the suppression shows the 7 beside the earlier
  // 8, and only the gate's rule on closed months stands between the two.
  const app = overHttp(server.url);
  const person = await signUp(app, "Meses", "owner@months.example");
  const channel = "meses-cerrados";
  const keys = await openFeedbackChannel(person, channel);
  const ids: string[] = [];
  for (const category of [...Array(8).fill("complaint"), ...Array(6).fill("suggestion")]) {
    ids.push(
      await sendFeedbackMessage(
        app,
        channel,
        { category, message: "hola" },
        keys.general.publicKey,
      ),
    );
  }
  await openChannelOn(server.db, channel, "2026-09-01");
  await sentIn(server.db, channel, "2026-09");

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}/c/login`);
  await page.getByLabel("Email", { exact: true }).fill(person.email);
  await page.getByLabel("Passphrase", { exact: true }).fill(person.passphrase);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { name: "Surveys" }).waitFor({ timeout: 90_000 });
  const preview = async () => {
    await page.goto(`${server.url}/c/feedback/publish`);
    await page.getByLabel("Passphrase", { exact: true }).fill(person.passphrase);
    await page.getByRole("button", { name: "Unlock" }).click();
    await page.getByRole("button", { name: "Lock" }).waitFor({ timeout: 90_000 });
    await page.getByRole("button", { name: "Preview publication" }).click();
  };
  await preview();
  await page.getByTestId("suppression-summary").waitFor({ timeout: 60_000 });
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect
    .poll(() => page.getByTestId("publish-outcome").textContent(), { timeout: 30_000 })
    .toBe("Published as number 1.");

  // The first complaint stored goes (ids are random: any one of the eight).
  await server.db.delete(feedbackMessages).where(eq(feedbackMessages.id, ids[0] as string));
  await preview();
  await expect
    .poll(() => page.getByTestId("publish-outcome").textContent(), { timeout: 60_000 })
    .toMatch(
      /^4 numbers an earlier publication showed for months already closed are different now/,
    );
  expect(await page.getByTestId("suppression-summary").count()).toBe(0);
  await page.close();
});
