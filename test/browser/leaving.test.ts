// Shared phones and dead links (DESIGN §9.5): the quick exit leaves nothing on screen, in
// history or in storage; a response sent with no network waits on the phone as ciphertext only
// and is stored exactly once when the network returns.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ready } from "../../client/lib/crypto";
import type { Survey } from "../../surveys/schema";
import { runCli } from "../cli";
import { seedSurvey, startServer, type TestServer } from "../harness";
import { openFeedbackChannel, overHttp, readyCrypto, signUp } from "../workspace-client";
import { launchChromium } from "./chromium";
import { answerRequiredOnly, NEXT, quickExit } from "./passport";

const SLUG = "passport-access";
const CANARY = "canary-7f3a9c quiero que nadie lo sepa";

let server: TestServer;
let browser: Browser;
let survey: Survey;

beforeAll(async () => {
  await ready();
  survey = seedSurvey(SLUG);
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Whether the service worker's cache holds a copy of the page at `path`. */
async function hasPage(page: Page, path: string): Promise<boolean> {
  return page.evaluate(async (wanted) => {
    for (const name of await caches.keys()) {
      if (await (await caches.open(name)).match(wanted)) return true;
    }
    return false;
  }, path);
}

async function phone(): Promise<{ context: BrowserContext; page: Page; requests: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
    locale: "es-CL",
  });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on("request", (request) => requests.push(request.url()));
  return { context, page, requests };
}

function optionLabel(id: string, optionId: string): string {
  const q = survey.questions.find((question) => question.id === id);
  const option = q && "options" in q ? q.options.find((o) => o.id === optionId) : undefined;
  if (!option) throw new Error(`"${id}" has no option "${optionId}"`);
  return option.label.es as string;
}

async function heading(page: Page): Promise<string> {
  return (await page.locator("main h2").first().textContent()) ?? "";
}

/** Everything the origin keeps on the phone, as text. */
async function stored(page: Page): Promise<{ local: number; session: number; cookie: string }> {
  return page.evaluate(() => ({
    local: localStorage.length,
    session: sessionStorage.length,
    cookie: document.cookie,
  }));
}

/** What the quick exit must take away: service workers, caches, IndexedDB databases. */
function leftOnPhone(page: Page) {
  return page.evaluate(async () => ({
    workers: (await navigator.serviceWorker.getRegistrations()).length,
    caches: (await caches.keys()).length,
    databases: (await indexedDB.databases()).map((db) => db.name),
  }));
}

/** Every item of the offline queue, read as an attacker with the phone would. */
function outboxItems(page: Page): Promise<Record<string, string>[]> {
  return page.evaluate(
    () =>
      new Promise<Record<string, string>[]>((resolve, reject) => {
        const open = indexedDB.open("voz-outbox");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const read = open.result.transaction("outbox").objectStore("outbox").getAll();
          read.onsuccess = () => {
            open.result.close();
            resolve(read.result);
          };
        };
      }),
  );
}

async function exportedCount(): Promise<number> {
  const { stdout } = await runCli(["export", SLUG, "--db", server.dbPath]);
  return stdout.split("\n").filter((line) => line.trim() !== "").length;
}

describe("quick exit", () => {
  it("is a visible 44 px control on every step, reachable by keyboard and named for screen readers", async () => {
    const { context, page } = await phone();
    await page.goto(`${server.url}/s/${SLUG}`);
    const exit = page.getByRole("link", { name: "Salir rápido" });
    const box = await exit.boundingBox();
    expect(box?.height).toBeGreaterThanOrEqual(44);
    expect(box?.width).toBeGreaterThanOrEqual(44);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Salir rápido");
    await context.close();
  });

  it("after two answers, leaves for a neutral page with nothing in history or storage", async () => {
    const { context, page, requests } = await phone();
    await page.goto(`${server.url}/home`);
    await page.goto(`${server.url}/s/${SLUG}`);
    await page.getByRole("radio", { name: optionLabel("country", "co"), exact: true }).check();
    await page.getByRole("button", { name: "Siguiente" }).click();
    await expect.poll(() => heading(page)).not.toContain("país");
    await page.getByRole("radio", { name: optionLabel("age_group", "25_34"), exact: true }).check();
    await page.getByRole("button", { name: "Siguiente" }).click();
    // By now the service worker may keep a copy of the page: the exit must take it too.
    await expect.poll(() => hasPage(page, `/s/${SLUG}`)).toBe(true);

    await quickExit(page);
    const neutral = (await page.content()).toLowerCase();
    expect(neutral).not.toMatch(/encuesta|survey|voz|pasaporte/);

    // The survey is no longer in history, not behind Back nor ahead of it.
    await page.goBack().catch(() => null);
    const back = await page.content();
    expect(back).not.toContain(optionLabel("country", "co"));
    expect(page.url()).not.toContain("/s/");
    await page.goForward().catch(() => null);
    expect(page.url()).not.toContain("/s/");
    expect(await page.content()).not.toContain(optionLabel("country", "co"));
    expect(await stored(page)).toEqual({ local: 0, session: 0, cookie: "" });
    expect(await leftOnPhone(page)).toEqual({ workers: 0, caches: 0, databases: [] });

    const origin = new URL(server.url).origin;
    expect(requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
    await context.close();
  });
});

describe("quick exit with an answer still waiting to be sent", () => {
  it.each([
    ["Borrar y salir", []],
    ["Dejarlo y salir", ["voz-outbox"]],
  ])("asks first, then on “%s” leaves exactly what was chosen", async (choice, databases) => {
    const { context, page } = await phone();
    // The server is unreachable for this phone: the sealed answer waits in the queue.
    await page.route("**/api/surveys/*/responses", (route) =>
      route.fulfill({ status: 503, body: "" }),
    );
    await page.goto(`${server.url}/s/${SLUG}`);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await answerRequiredOnly(page);
    await page.getByRole("button", { name: "Enviar respuestas" }).click();
    await page.getByText("Guardado en este teléfono").waitFor();
    const waiting = await outboxItems(page);
    expect(waiting).toHaveLength(1);

    const loaded = page.waitForEvent("load");
    await page.getByRole("link", { name: "Salir rápido" }).click();
    const question = page.getByRole("alertdialog");
    expect(await question.textContent()).toContain("Está cifrado");
    await question.getByRole("button", { name: choice }).click();
    await loaded;
    expect(page.url()).toBe(`${server.url}/home`);

    await expect.poll(async () => (await leftOnPhone(page)).databases).toEqual(databases);
    expect(await leftOnPhone(page)).toMatchObject({ workers: 0, caches: 0 });
    expect(await stored(page)).toEqual({ local: 0, session: 0, cookie: "" });
    if (databases.length > 0) expect(await outboxItems(page)).toEqual(waiting);
    await context.close();
  });
});

describe("sending with no network", () => {
  it("keeps only the ciphertext on the phone, then stores it exactly once when back online", async () => {
    const { context, page } = await phone();
    await page.goto(`${server.url}/s/${SLUG}`);
    // The crypto chunk arrives in the background after the page becomes interactive.
    await page.waitForRequest(/\/assets\/crypto-[\w-]+\.js$/);
    await page.getByRole("radio", { name: optionLabel("country", "pe"), exact: true }).check();
    await page.getByRole("button", { name: "Siguiente" }).click();
    await page.getByRole("radio", { name: optionLabel("age_group", "18_24"), exact: true }).check();
    await page.getByRole("button", { name: "Siguiente" }).click();
    await page.getByRole("radio", { name: optionLabel("gender", "woman"), exact: true }).check();
    await page.getByRole("button", { name: "Siguiente" }).click();
    // Skip the optional questions until the comment box, then plant the canary.
    while (!(await heading(page)).includes("Revise")) {
      const box = page.locator("textarea");
      if (await box.count()) await box.fill(CANARY);
      await page.getByRole("button", { name: NEXT }).click();
    }
    const before = await exportedCount();

    await context.setOffline(true);
    await page.getByRole("button", { name: "Enviar respuestas" }).click();
    await page.getByText("Guardado en este teléfono").waitFor();
    expect(await page.locator("body").textContent()).not.toContain(CANARY);

    const outbox = await page.evaluate(
      () =>
        new Promise<unknown[]>((resolve, reject) => {
          const open = indexedDB.open("voz-outbox");
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const read = open.result.transaction("outbox").objectStore("outbox").getAll();
            read.onsuccess = () => {
              open.result.close();
              resolve(read.result);
            };
          };
        }),
    );
    expect(outbox).toHaveLength(1);
    const [item] = outbox as Record<string, string>[];
    expect(Object.keys(item ?? {}).sort()).toEqual(["ciphertext", "id", "slug"]);
    expect(JSON.stringify(outbox)).not.toContain("canary");
    expect(await stored(page)).toEqual({ local: 0, session: 0, cookie: "" });

    await context.setOffline(false);
    await page.locator(".receipt strong").waitFor({ timeout: 30_000 });
    expect(await exportedCount()).toBe(before + 1);
    await expect
      .poll(() => page.evaluate(async () => (await indexedDB.databases()).length))
      .toBe(0);
    await context.close();
  });

  it("caches the page and its hashed files after the first visit, and opens them on a dead link", async () => {
    const { context, page } = await phone();
    await page.goto(`${server.url}/s/${SLUG}`);
    const cached = await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      const names = await caches.keys();
      const cache = await caches.open(names[0] ?? "");
      return (await cache.keys()).map((request) => new URL(request.url).pathname);
    });
    expect(cached.some((path) => /^\/assets\/respondent-[\w-]+\.js$/.test(path))).toBe(true);
    expect(cached.some((path) => /^\/assets\/crypto-[\w-]+\.js$/.test(path))).toBe(true);
    // The build's files, and the page itself once the worker has activated (it may have by now).
    expect(cached.every((path) => path.startsWith("/assets/") || path === `/s/${SLUG}`)).toBe(true);
    // Nothing only the feedback pages use: their scripts, any style sheet (this page inlines its own).
    expect(cached.filter((path) => /\/feedback-[\w-]+\.js$|\.css$/.test(path))).toEqual([]);
    const worker = await page.request.get(`${server.url}/sw.js`);
    expect(worker.headers()["cache-control"]).toBe("no-cache");
    // The next visit, on a dead link: the page opens from the cache and its script runs.
    await expect.poll(() => hasPage(page, `/s/${SLUG}`)).toBe(true);
    await context.setOffline(true);
    await page.goto(`${server.url}/s/${SLUG}`);
    await page.locator(".actions button.primary").click();
    await page.locator(".error").first().waitFor();
    await context.close();
  });

  it("opens the feedback page again on a dead link, from the service worker", async () => {
    await readyCrypto();
    const owner = await signUp(overHttp(server.url), "Red Offline", "owner@offline.example");
    await openFeedbackChannel(owner, "red-offline");
    const { context, page } = await phone();
    await page.goto(`${server.url}/f/red-offline`);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    // The page itself is never cached (no-store); its scripts and styles must be.
    const [name, cached] = await page.evaluate(async () => {
      const name = (await caches.keys())[0] ?? "";
      const cache = await caches.open(name);
      return [name, (await cache.keys()).map((request) => new URL(request.url).pathname)] as const;
    });
    expect(name).toMatch(/^voz-feedback-/);
    expect(cached.some((path) => /^\/assets\/feedback-[\w-]+\.js$/.test(path))).toBe(true);
    expect(cached.some((path) => /^\/assets\/feedback-[\w-]+\.css$/.test(path))).toBe(true);
    await expect.poll(() => hasPage(page, "/f/red-offline")).toBe(true);
    await context.setOffline(true);
    await page.goto(`${server.url}/f/red-offline`);
    await page.locator("textarea").waitFor();
    await context.close();
  });
});
