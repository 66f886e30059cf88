// Issue 16: an analyst exports the opened answers of a 200-response passport survey as CSV,
// Excel and Stata from the results page, in real Chromium against the real server. Each file is
// read by an independent reader (Python's csv module, openpyxl, R's haven: test/readers.ts) and
// checked against the answers the test itself sealed; no request leaves the page while the
// files are written, and free text is in a file only once the analyst asked for it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../cli";
import { startServer, type TestServer } from "../harness";
import { byHeader, type Cell, readCsv, readDta, readXlsx } from "../readers";
import { type Person, readyCrypto } from "../workspace-client";
import {
  type Answers,
  openResults,
  optionIds,
  optionLabel,
  passportAnswers,
  passportQuestion,
  passportWithResponses,
} from "./analyst";
import { launchChromium } from "./chromium";

const SLUG = "passport-export";
const RESPONSES = 200;
const EXPECTED = Array.from({ length: RESPONSES }, (_, i) => passportAnswers(i));
const question = passportQuestion;

let server: TestServer;
let browser: Browser;
let analyst: Person;
let definition: object;
let dir: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([
    // 200 submissions from one address, well over the per-client budget of a real server.
    startServer({ submissionLimit: { limit: 100_000, windowMs: 60_000 } }),
    launchChromium(),
    readyCrypto(),
  ]);
  dir = mkdtempSync(join(tmpdir(), "voz-export-"));
  ({ analyst, definition } = await passportWithResponses(server, SLUG, EXPECTED));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function download(page: Page, button: string, name: string): Promise<string> {
  const [file] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: button }).click(),
  ]);
  expect(file.suggestedFilename()).toMatch(new RegExp(`^${SLUG}-v1-es\\.`));
  const path = join(dir, name);
  await file.saveAs(path);
  return path;
}

/** The expected row of response `i` in a sheet with codes and label columns. */
function expectedRow(i: number, withText: boolean): Record<string, Cell> {
  const a = EXPECTED[i] as Answers;
  const consequences = (a.consequences as string[] | undefined) ?? null;
  const row: Record<string, Cell> = {
    country: a.country as string,
    country_label: optionLabel("country", a.country as string) as string,
    applied: (a.applied as string | undefined) ?? null,
    applied_label: a.applied ? (optionLabel("applied", a.applied as string) as string) : null,
    // Shown only to those still waiting: not asked (0) apart from asked and skipped.
    months_waiting_asked: a.applied === "waiting" ? 1 : 0,
    months_waiting: (a.months_waiting as number | undefined) ?? null,
    cost_usd: i,
    consequences: consequences ? consequences.join(" ") : null,
    consequences_label: consequences
      ? consequences.map((c) => optionLabel("consequences", c)).join("; ")
      : null,
  };
  for (const option of optionIds("consequences")) {
    row[`consequences_${option}`] = consequences ? (consequences.includes(option) ? 1 : 0) : null;
  }
  if (withText) row.comments = (a.comments as string | undefined) ?? null;
  return row;
}

/** Rows keyed by their cost_usd (= the response's index), the values compared as written. */
function byCost<T extends Record<string, unknown>>(rows: T[]): Map<number, T> {
  return new Map(rows.map((row) => [Number(row.cost_usd), row]));
}

describe("exporting the answers on the analyst's machine", () => {
  it("writes CSV, Excel and Stata files that independent readers open with the right values and labels", async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    const errors: string[] = [];
    const page = await context.newPage();
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (m) => {
      if (m.type() === "error" && !/status of 401/.test(m.text())) errors.push(m.text());
    });

    await openResults(page, server, analyst, SLUG, RESPONSES);
    // The writers arrive with the page; once the buttons work, saving needs the network no more.
    const csvButton = page.getByRole("button", { name: "CSV" });
    await expect.poll(() => csvButton.isEnabled()).toBe(true);
    const requests: string[] = [];
    page.on("request", (request) => {
      if (!/^(blob|data):/.test(request.url())) requests.push(request.url());
    });

    const csvPath = await download(page, "CSV", "answers.csv");
    await page.getByLabel(/Include free-text answers/).check();
    const xlsxPath = await download(page, "Excel (.xlsx)", "answers.xlsx");
    const dtaPath = await download(page, "Stata (.dta)", "answers.dta");
    expect(requests).toEqual([]);

    // CSV (before free text was asked for): BOM, codes and labels, no comments column.
    const csv = await readCsv(csvPath);
    expect(csv.bom).toBe(true);
    expect(csv.rows[0]).not.toContain("comments");
    const csvRows = byCost(byHeader(csv.rows));
    expect(csvRows.size).toBe(RESPONSES);
    for (let i = 0; i < RESPONSES; i++) {
      const asText = Object.fromEntries(
        Object.entries(expectedRow(i, false)).map(([k, v]) => [k, v === null ? "" : String(v)]),
      );
      expect(csvRows.get(i)).toMatchObject(asText);
    }

    // Excel: the answers sheet with free text, and the questionnaire with every label.
    const [answersSheet, questionnaire] = await readXlsx(xlsxPath);
    const xlsxRows = byCost(byHeader(answersSheet?.rows ?? []));
    expect(xlsxRows.size).toBe(RESPONSES);
    for (let i = 0; i < RESPONSES; i++) expect(xlsxRows.get(i)).toMatchObject(expectedRow(i, true));
    expect(questionnaire?.rows).toContainEqual([
      "country",
      "country",
      question("country").label.es,
      null,
      null,
      null,
    ]);
    optionIds("country").forEach((id, n) => {
      expect(questionnaire?.rows).toContainEqual([
        null,
        null,
        null,
        n + 1,
        id,
        optionLabel("country", id),
      ]);
    });

    // Stata: numeric codes with value labels, variable labels, free text, empty = missing.
    const dta = await readDta(dtaPath);
    const variable = (name: string) => dta.variables.find((v) => v.name === name);
    expect(variable("country")?.label).toBe(question("country").label.es);
    expect(variable("country")?.labels).toEqual(
      Object.fromEntries(optionIds("country").map((id, n) => [optionLabel("country", id), n + 1])),
    );
    expect(variable("consequences_work")?.labels).toEqual({ No: 0, Sí: 1 });
    const dtaRows = byCost(dta.rows);
    expect(dtaRows.size).toBe(RESPONSES);
    for (let i = 0; i < RESPONSES; i++) {
      const a = EXPECTED[i] as Answers;
      const row = dtaRows.get(i);
      expect(row?.country).toBe(optionIds("country").indexOf(a.country as string) + 1);
      expect(row?.applied).toBe(
        a.applied ? optionIds("applied").indexOf(a.applied as string) + 1 : null,
      );
      expect(row?.months_waiting).toBe((a.months_waiting as number | undefined) ?? null);
      expect(row?.months_waiting_asked).toBe(a.applied === "waiting" ? 1 : 0);
      expect(row?.consequences_health).toBe(
        a.consequences ? Number((a.consequences as string[]).includes("health")) : null,
      );
      // haven reads an empty Stata string as "".
      expect(row?.comments).toBe((a.comments as string | undefined) ?? "");
    }

    // The key file, downloaded after the warning, lets the command line write the same CSV
    // from the server's ciphertexts.
    await page.getByText("The survey key file, for the command line").click();
    const keyButton = page.getByRole("button", { name: "Download the key file" });
    expect(await keyButton.isDisabled()).toBe(true);
    await page.getByLabel(/I understand/).check();
    const [keyDownload] = await Promise.all([page.waitForEvent("download"), keyButton.click()]);
    const keyPath = join(dir, "key.json");
    await keyDownload.saveAs(keyPath);
    const exported = await runCli(["export", SLUG, "--db", server.dbPath]);
    expect(exported.code).toBe(0);
    writeFileSync(join(dir, "responses.jsonl"), exported.stdout);
    writeFileSync(join(dir, "survey.json"), JSON.stringify(definition));
    const cli = await runCli([
      "open-answers",
      join(dir, "survey.json"),
      "--key",
      keyPath,
      "--in",
      join(dir, "responses.jsonl"),
      "--out",
      join(dir, "cli.csv"),
    ]);
    expect(cli.stderr).toBe("");
    expect(readFileSync(join(dir, "cli.csv"))).toEqual(readFileSync(csvPath));

    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
