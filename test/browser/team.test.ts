// Running a team in real Chromium (issues 13 and 16): named invitations, a revoked link refused
// before the form, safety words compared on two screens, access revoked and a member removed
// from the workspace's own buttons — the survey key rotating in the owner's browser — and the
// people who lost access unable to fetch, or open, the answers that arrive after.
import { blake2b } from "@noble/hashes/blake2.js";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { open, openKey, ready } from "../../client/lib/crypto";
import { openSurveyKey, readyKeyring, unwrapMemberKey } from "../../client/lib/keyring";
import type { Survey } from "../../surveys/schema";
import { seedSurvey, startServer, type TestServer } from "../harness";
import { sendResponse } from "./analyst";
import { launchChromium } from "./chromium";

const SLUG = "red-norte-salud";
const NAME_FIELD = "Their name (shown on the invitation and the members list)";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  await Promise.all([ready(), readyKeyring()]);
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Person {
  page: Page;
  context: BrowserContext;
  errors: string[];
}

async function person(): Promise<Person> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const who: Person = { page, context, errors: [] };
  page.on("pageerror", (error) => who.errors.push(error.message));
  return who;
}

/** Waits for a condition on a loaded 2-core machine: Argon2id in a page takes seconds there. */
const until = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 30_000 });

async function fill(page: Page, label: string, value: string) {
  await page.getByLabel(label, { exact: true }).fill(value);
}

/** The API as this person's browser session sees it (same cookies, our Origin, the CSRF token). */
async function api(who: Person, method: string, path: string, body?: unknown) {
  const me = await who.context.request.get(`${server.url}/api/me`);
  const csrf = me.ok() ? ((await me.json()) as { csrfToken: string }).csrfToken : "";
  return who.context.request.fetch(`${server.url}${path}`, {
    method,
    headers: { origin: server.url, "x-csrf-token": csrf, "content-type": "application/json" },
    data: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** The survey respondents are served now, and an answer sealed to its key. */
async function respond(country: string): Promise<{ version: number; publicKey: string }> {
  const served = (await (await fetch(`${server.url}/api/surveys/${SLUG}`)).json()) as {
    survey: Survey;
    publicKey: string;
  };
  const answers = { org_country: country, registered: "yes", knows_program: "no" };
  await sendResponse(server, served.survey, served.survey, served.publicKey, answers);
  return { version: served.survey.version, publicKey: served.publicKey };
}

/** SPEC §B with another BLAKE2b: what the link's #k= must be for this key. */
const fingerprint = (publicKey: string) =>
  Buffer.from(blake2b(Buffer.from(publicKey, "base64"), { dkLen: 32 }).subarray(0, 16)).toString(
    "base64url",
  );

async function join(link: string, email: string, passphrase: string): Promise<Person> {
  const who = await person();
  await who.page.goto(link);
  await fill(who.page, "Your email", email);
  await fill(who.page, "Passphrase", passphrase);
  await fill(who.page, "Passphrase again", passphrase);
  await who.page.getByRole("button", { name: "Join" }).click();
  await who.page.getByRole("heading", { name: "Surveys" }).waitFor();
  return who;
}

async function invite(owner: Page, name: string, role: "Analyst" | "Designer"): Promise<string> {
  await owner.getByRole("link", { name: "Members" }).click();
  await fill(owner, NAME_FIELD, name);
  await owner.getByLabel(new RegExp(`^${role}`)).check();
  await owner.getByRole("button", { name: "Make an invitation link" }).click();
  return owner.getByLabel(new RegExp(`Invitation link for ${name} as`)).inputValue();
}

async function readableCount(who: Page, passphrase: string): Promise<string> {
  await who.goto(`${server.url}/c/s/${SLUG}/answers`);
  await fill(who, "Passphrase", passphrase);
  await who.getByRole("button", { name: "Unlock" }).click();
  await until(() => who.getByTestId("readable-count").isVisible()).toBe(true);
  return (await who.getByTestId("readable-count").textContent()) ?? "";
}

describe("running a team", () => {
  it("invites by name, compares safety words, revokes access and removes a member; both lose the answers that arrive after", async () => {
    const owner = await person();
    const page = owner.page;
    await page.goto(`${server.url}/c/signup`);
    await fill(page, "Organization", "Red Norte");
    await fill(page, "Your email", "owner@norte.example");
    await fill(page, "Passphrase", "el norte también existe");
    await fill(page, "Passphrase again", "el norte también existe");
    await page.getByRole("button", { name: "Create workspace" }).click();
    await page.getByRole("heading", { name: "Surveys" }).waitFor();

    // A withdrawn invitation says so before any form; the pending list forgets it.
    const withdrawn = await invite(page, "Pedro Diseño", "Designer");
    const pending = page.locator("li", { hasText: "Pedro Diseño" });
    await pending.getByRole("button", { name: "Revoke" }).click();
    await until(() => pending.count()).toBe(0);
    const pedro = await person();
    await pedro.page.goto(withdrawn);
    await until(() => pedro.page.getByTestId("invitation-problem").textContent()).toMatch(
      /withdrawn/,
    );
    expect(await pedro.page.getByLabel("Your email").count()).toBe(0);

    // Marta's invitation names the organization and her role before she types anything.
    const martaLink = await invite(page, "Marta Analista", "Analyst");
    await until(() => page.locator("li", { hasText: "Marta Analista" }).count()).toBe(1);
    const marta = await person();
    await marta.page.goto(martaLink);
    await until(() => marta.page.getByTestId("invitation").textContent()).toBe(
      "Invitation for Marta Analista to join Red Norte as analyst (reads the answers of surveys they are given).",
    );
    await marta.context.close();
    const martaPassphrase = "mar de fondo en antofagasta";
    const analyst = await join(martaLink, "marta@norte.example", martaPassphrase);

    // Safety words: the owner's screen (from the server's copy of her public key) and Marta's
    // own (from the key she unlocked) show the same six words; then it is marked verified.
    await page.reload();
    const row = page.locator("tr", { hasText: "marta@norte.example" });
    await until(() => row.getByTestId("key-status").textContent()).toBe("Not verified");
    await row.getByRole("button", { name: "Compare words" }).click();
    await until(() => row.locator("ol.words li").count()).toBe(6);
    const ownerSees = await row.locator("ol.words li").allTextContents();
    // Her key is still unlocked from joining: the account page shows her words at once.
    await analyst.page.getByRole("link", { name: /marta@norte\.example/ }).click();
    await until(() => analyst.page.locator("ol.words li").count()).toBe(6);
    expect(await analyst.page.locator("ol.words li").allTextContents()).toEqual(ownerSees);
    await row.getByRole("button", { name: "The words match: mark verified" }).click();
    await until(() => row.getByTestId("key-status").textContent()).toBe("Verified in this browser");

    // A survey, opened from its page: the key is made in the owner's browser and sealed.
    const definition = { ...seedSurvey("cso-program-awareness"), slug: SLUG };
    expect((await api(owner, "POST", "/api/org/surveys", { definition })).status()).toBe(201);
    await page.goto(`${server.url}/c/s/${SLUG}`);
    await page.getByRole("button", { name: "Open survey" }).click();
    await page.getByRole("button", { name: "Yes, open it" }).click();
    await until(() => page.getByTestId("survey-state").textContent()).toContain("Open");
    const first = await respond("ar");
    // The link the workspace shows carries the fingerprint of the key respondents are served.
    await until(() => page.getByTestId("respondent-link").textContent()).toBe(
      `${server.url}/s/${SLUG}#k=${fingerprint(first.publicKey)}`,
    );
    expect(await readableCount(analyst.page, martaPassphrase)).toBe("1");

    // Luis joins later and is given access from the survey page.
    const luisPassphrase = "luis llega con lluvia";
    const luis = await join(
      await invite(page, "Luis Lector", "Analyst"),
      "luis@norte.example",
      luisPassphrase,
    );
    await page.goto(`${server.url}/c/s/${SLUG}`);
    await fill(page, "Passphrase", "el norte también existe");
    await page.getByRole("button", { name: "Unlock" }).click();
    const access = (email: string) => page.locator(".access tr", { hasText: email });
    await access("luis@norte.example").getByRole("button", { name: "Give access" }).click();
    await until(() => access("luis@norte.example").getByTestId("access").textContent()).toBe(
      "Has access",
    );
    // He was never compared: sealing to him says so.
    await until(() => page.getByText(/key you have not verified: Luis Lector/).count()).toBe(1);

    // Marta's access is revoked: the key rotates in this browser, version 2 under a new key.
    await access("marta@norte.example").getByRole("button", { name: "Remove access" }).click();
    await until(() => page.getByText(/no longer has access/).isVisible()).toBe(true);
    const second = await respond("bs");
    expect(second.version).toBe(2);
    expect(second.publicKey).not.toBe(first.publicKey);
    await until(() => page.getByTestId("respondent-link").textContent()).toBe(
      `${server.url}/s/${SLUG}#k=${fingerprint(second.publicKey)}`,
    );

    await analyst.page.goto(`${server.url}/c/s/${SLUG}/answers`);
    await fill(analyst.page, "Passphrase", martaPassphrase);
    await analyst.page.getByRole("button", { name: "Unlock" }).click();
    await until(() => analyst.page.getByText(/no access to this survey/).isVisible()).toBe(true);
    for (const path of ["responses", "key"]) {
      const res = await api(analyst, "GET", `/api/org/surveys/${SLUG}/${path}`);
      expect(res.status(), path).toBe(403);
    }
    // Luis and the owner hold both keys: both answers open in their browsers.
    expect(await readableCount(luis.page, luisPassphrase)).toBe("2");

    // What Luis can keep: his copies of both keys, opened with his passphrase, as his own
    // browser could do before he is removed.
    const me = (await (await api(luis, "GET", "/api/me")).json()) as {
      member: { wrappedKey: unknown };
    };
    const luisKey = unwrapMemberKey(me.member.wrappedKey, luisPassphrase);
    if (!luisKey.ok) throw new Error("Luis's key did not unwrap");
    const copies = (await (await api(luis, "GET", `/api/org/surveys/${SLUG}/key`)).json()) as {
      keys: { sealedKey: string }[];
    };
    const kept = copies.keys.flatMap((k) => {
      const pair = openSurveyKey(k.sealedKey, luisKey.keyPair);
      const key = pair && openKey(pair);
      return key ? [key] : [];
    });
    expect(kept).toHaveLength(2);

    // The owner removes Luis: his sessions end, and the key rotates again (version 3).
    await page.getByRole("link", { name: "Members" }).click();
    await page
      .locator("tr", { hasText: "luis@norte.example" })
      .getByRole("button", { name: "Remove" })
      .click();
    await page.getByRole("button", { name: "Remove for good" }).click();
    await until(() => page.getByText("Luis Lector is no longer a member.").isVisible()).toBe(true);
    for (const path of ["/api/me", `/api/org/surveys/${SLUG}/responses`, "/api/org/surveys"]) {
      const res = await api(luis, "GET", path);
      expect(res.status(), path).toBe(401);
    }
    await luis.page.reload();
    await luis.page.getByRole("heading", { name: "Log in" }).waitFor();
    const third = await respond("bb");
    expect(third.version).toBe(3);

    // The owner, holding all three keys, reads all three answers; Luis's keys open the two
    // from before his removal and not the one after.
    expect(await readableCount(page, "el norte también existe")).toBe("3");
    const stored = (await (
      await api(owner, "GET", `/api/org/surveys/${SLUG}/responses`)
    ).json()) as { responses: { ciphertext: string }[] };
    const versions = [1, 2, 3].map((version) => ({ ...definition, version }));
    const opened = stored.responses.map((r) => {
      const envelope = kept.map((key) => open(r.ciphertext, key, versions)).find((o) => o.ok);
      return envelope?.ok ? envelope.envelope.answers.org_country : "unreadable";
    });
    expect(opened.sort()).toEqual(["ar", "bs", "unreadable"]);
    expect(third.publicKey).not.toBe(second.publicKey);

    for (const who of [owner, analyst, luis, pedro]) expect(who.errors).toEqual([]);
    await Promise.all([owner, analyst, luis, pedro].map((p) => p.context.close()));
  }, 240_000);
});
