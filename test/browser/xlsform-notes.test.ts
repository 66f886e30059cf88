// What an XLSForm import could not keep is listed in the builder in the workspace's language
// (checks.ts localNote): a Spanish workspace reads the importer's English notes in Spanish,
// with the form's own names, columns and expressions as written.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGLISH } from "../english";
import { xlsxBytes } from "../fixtures/xlsform";
import { startServer, type TestServer } from "../harness";
import { overHttp, type Person, readyCrypto, signUp } from "../workspace-client";
import { launchChromium } from "./chromium";
import { go, logIn } from "./walk";

let server: TestServer;
let browser: Browser;
let owner: Person;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium(), readyCrypto()]);
  owner = await signUp(overHttp(server.url), "Notas", "owner@notes.example");
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const FORM = {
  survey: [
    ["type", "name", "label::Español (es)", "appearance", "constraint"],
    ["geopoint", "donde", "¿Dónde vive?"],
    ["integer", "edad", "Edad", "minimal", "regex(., '^[0-9]+$')"],
    ["select_one sn", "Trabaja", "¿Trabaja?"],
  ],
  choices: [
    ["list_name", "name", "label::Español (es)"],
    ["sn", "Si", "Sí"],
    ["sn", "no", "No"],
  ],
};

describe("the notes of an XLSForm import", () => {
  it("are in Spanish in a Spanish workspace", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(() => {
      if (location.protocol.startsWith("http")) {
        localStorage.setItem("voz.workspace.language", "es");
      }
    });
    const page = await context.newPage();
    page.on("dialog", (dialog) => void dialog.accept());
    await logIn(page, server.url, owner);
    await go(page, "/c/new");
    await page.locator(".builder .question-card").waitFor();
    await page.locator('input[type="file"][accept=".xlsx"]').setInputFiles({
      name: "trabajo.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: await xlsxBytes(FORM),
    });
    const notes = page.locator(".problems li");
    await expect.poll(() => notes.count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(4);
    const texts = await notes.allTextContents();
    const all = texts.join("\n");
    expect(all).toContain("se deja fuera por la seguridad de quien responde");
    expect(all).toContain("la forma de mostrar la pregunta (appearance) se deja fuera");
    expect(all).toContain("usa regex(), que Voz no puede comprobar; la restricción se deja fuera");
    expect(all).toContain(
      "los nombres pasaron a ser identificadores de Voz (a–z, 0–9 y _, como máximo 40 caracteres): Trabaja → trabaja",
    );
    expect(all).toContain(
      "pasaron a ser identificadores de Voz (a–z, 0–9 y _, como máximo 40 caracteres): Si → si",
    );
    // What follows the construct is the note; none is left in English.
    const english = texts
      .map((text) => text.split(" — ").slice(1).join(" — "))
      .filter((note) => new RegExp(ENGLISH.source, "iu").test(note));
    expect(english).toEqual([]);
    await context.close();
  }, 300_000);
});
