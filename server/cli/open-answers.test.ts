// `open-answers` as an analyst runs it: a child process, a key file, exported JSON Lines, and
// the written file read back by an independent reader (test/readers.ts).
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Envelope, generateKeyPair, ready, seal } from "../../client/lib/crypto";
import { runCli } from "../../test/cli";
import { byHeader, readCsv, readDta, readXlsx } from "../../test/readers";

const text = (es: string, en: string) => ({ es, en });
const survey = {
  slug: "open-answers-example",
  version: 2,
  languages: ["es", "en"],
  title: text("Ejemplo", "Example"),
  breakdowns: [],
  questions: [
    {
      id: "passport",
      type: "single",
      label: text("¿Tiene pasaporte?", "Do you have a passport?"),
      options: [
        { id: "yes", label: text("Sí, vigente", "Yes, valid") },
        { id: "no", label: text("No", "No") },
      ],
    },
    { id: "note", type: "text", label: text("¿Algo más?", "Anything else?") },
  ],
};

let dir: string;
const path = (name: string) => join(dir, name);
const envelope = (answers: Envelope["answers"]): Envelope => ({
  v: 1,
  survey: survey.slug,
  version: survey.version,
  answers,
});

beforeAll(async () => {
  await ready();
  dir = mkdtempSync(join(tmpdir(), "voz-open-answers-"));
  const pair = generateKeyPair();
  writeFileSync(path("key.json"), JSON.stringify(pair));
  writeFileSync(path("public.json"), JSON.stringify({ publicKey: pair.publicKey }));
  writeFileSync(path("survey.json"), JSON.stringify(survey));
  const lines = [
    seal(envelope({ passport: "yes", note: "Me llamo Ana" }), pair.publicKey, survey as never),
    seal(envelope({ passport: "no" }), pair.publicKey, survey as never),
    seal(envelope({ passport: "no" }), generateKeyPair().publicKey, survey as never),
  ].map((ciphertext, i) => JSON.stringify({ id: `id-${i}`, ciphertext, receivedOn: "2026-12-01" }));
  writeFileSync(path("responses.jsonl"), `${lines.join("\n")}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `open-answers` of the export `input` into `out`, with the rest of the command line. */
const openFrom = (input: string, out: string, ...more: string[]) =>
  runCli([
    "open-answers",
    path("survey.json"),
    "--key",
    path("key.json"),
    "--in",
    path(input),
    "--out",
    path(out),
    ...more,
  ]);
const openAnswers = (out: string, ...more: string[]) => openFrom("responses.jsonl", out, ...more);

describe("open-answers", { timeout: 60_000 }, () => {
  it("writes a CSV with a BOM, codes and labels, leaves free text out and counts the unreadable", async () => {
    const result = await openAnswers("answers.csv");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("2 responses written");
    expect(result.stdout).toContain("1 unreadable");
    expect(statSync(path("answers.csv")).mode & 0o777).toBe(0o600);
    const { bom, rows } = await readCsv(path("answers.csv"));
    expect(bom).toBe(true);
    expect(rows[0]).toEqual(["response", "passport", "passport_label"]);
    expect(byHeader(rows)).toEqual([
      { response: "1", passport: "yes", passport_label: "Sí, vigente" },
      { response: "2", passport: "no", passport_label: "No" },
    ]);
  });

  it("writes a response copied under new ids once, and says how many copies it left out", async () => {
    const lines = readFileSync(path("responses.jsonl"), "utf8").trim().split("\n");
    const first = JSON.parse(lines[0] as string) as { ciphertext: string };
    const copies = [1, 2, 3].map((i) => JSON.stringify({ ...first, id: `copy-${i}` }));
    writeFileSync(path("copied.jsonl"), `${[...lines, ...copies].join("\n")}\n`);
    const result = await openFrom("copied.jsonl", "copied.csv");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("2 responses written");
    expect(result.stdout).toContain(
      "3 copies of a stored response (the same sealed bytes) counted once",
    );
    const { rows } = await readCsv(path("copied.csv"));
    expect(byHeader(rows).map((r) => r.passport)).toEqual(["yes", "no"]);
  });

  it("writes the free text only with --include-text, in an Excel workbook", async () => {
    const result = await openAnswers("answers.xlsx", "--include-text", "--language", "en");
    expect(result.code).toBe(0);
    const [answers, questionnaire] = await readXlsx(path("answers.xlsx"));
    expect(byHeader(answers?.rows ?? [])[0]).toEqual({
      response: 1,
      passport: "yes",
      passport_label: "Yes, valid",
      note: "Me llamo Ana",
    });
    expect(questionnaire?.rows).toContainEqual([null, null, null, 1, "yes", "Yes, valid"]);
  });

  it("writes a Stata file with value labels", async () => {
    expect((await openAnswers("answers.dta")).code).toBe(0);
    const file = await readDta(path("answers.dta"));
    expect(file.rows.map((row) => row.passport)).toEqual([1, 2]);
    expect(file.variables.find((v) => v.name === "passport")?.labels).toEqual({
      "Sí, vigente": 1,
      No: 2,
    });
  });

  it("refuses an unknown format, an unknown language, a public-only key and an existing file", async () => {
    const wrongFormat = await openAnswers("answers.sav");
    expect(wrongFormat.code).toBe(1);
    expect(wrongFormat.stderr).toContain("write a .csv, .xlsx or .dta file");
    const wrongLanguage = await openAnswers("fr.csv", "--language", "fr");
    expect(wrongLanguage.code).toBe(1);
    expect(wrongLanguage.stderr).toContain('"fr" is not a language');
    const publicOnly = await runCli([
      "open-answers",
      path("survey.json"),
      "--key",
      path("public.json"),
      "--in",
      path("responses.jsonl"),
      "--out",
      path("public.csv"),
    ]);
    expect(publicOnly.stderr).toContain("has no secretKey");
    writeFileSync(path("taken.csv"), "keep me");
    const taken = await openAnswers("taken.csv");
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain("refusing to overwrite");
  });
});
