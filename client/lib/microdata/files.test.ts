// Each exported format read back by a reader that shares no code with ours (test/readers.ts):
// R's haven for Stata, Python's openpyxl for Excel and Python's csv module for CSV.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseSurvey, type Survey } from "../../../surveys/schema";
import { byHeader, readCsv, readDta, readXlsx } from "../../../test/readers";
import type { Answers } from "../answers";
import { type MicrodataFormat, microdataFile } from "./files";

const many = Array.from({ length: 120 }, (_, i) => ({
  id: `o${i + 1}`,
  label: { es: `Opción ${i + 1}`, ht: `Chwa ${i + 1}` },
}));

const survey: Survey = (() => {
  const parsed = parseSurvey({
    slug: "tricky-labels",
    version: 3,
    languages: ["es", "ht"],
    title: { es: "Etiquetas difíciles", ht: "Etikèt difisil" },
    breakdowns: [],
    questions: [
      {
        id: "1st",
        type: "single",
        label: { es: '¿Dónde, "exactamente"?', ht: "Ki kote?" },
        options: [
          { id: "a", label: { es: '=HYPERLINK("x")', ht: "Pòtoprens" } },
          { id: "b", label: { es: "Perú, ñandú 🇵🇪", ht: "Okap" } },
        ],
      },
      { id: "many", type: "single", label: { es: "Muchas", ht: "Anpil" }, options: many },
      {
        id: "needs",
        type: "multi",
        label: { es: "Necesidades", ht: "Bezwen" },
        options: [
          { id: "food", label: { es: "Comida", ht: "Manje" } },
          { id: "work", label: { es: "Trabajo", ht: "Travay" } },
        ],
      },
      { id: "amount", type: "number", label: { es: "Monto", ht: "Kantite" } },
      { id: "story", type: "text", label: { es: "Cuéntenos", ht: "Rakonte" } },
    ],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
})();

const long = `${"ñ".repeat(1500)} fin`; // 3004 bytes: beyond Stata's str2045, so a strL
const responses: Answers[] = [
  {
    "1st": "b",
    many: "o120",
    needs: ["work"],
    amount: -2.5,
    story: '=1+1, "dijo" él\nsegunda línea',
  },
  { "1st": "a", many: "o7", needs: ["food", "work"], amount: 1e6, story: long },
  {},
];

const dir = mkdtempSync(join(tmpdir(), "voz-microdata-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function write(format: MicrodataFormat, language = "es", includeText = true) {
  const blob = await microdataFile(survey, responses, { format, language, includeText });
  const path = join(dir, `${format}-${language}-${includeText}.${format}`);
  writeFileSync(path, new Uint8Array(await blob.arrayBuffer()));
  return path;
}

describe("the Stata file, read by R's haven", () => {
  it("holds every value, the variable labels and the value labels", async () => {
    const file = await readDta(await write("dta"));
    expect(file.label).toBe("Etiquetas difíciles (v3)");
    const variable = (name: string) => file.variables.find((v) => v.name === name);
    expect(variable("q1st")?.label).toBe('¿Dónde, "exactamente"?');
    expect(variable("q1st")?.labels).toEqual({ '=HYPERLINK("x")': 1, "Perú, ñandú 🇵🇪": 2 });
    expect(variable("many")?.labels?.["Opción 120"]).toBe(120);
    expect(variable("needs_work")?.labels).toEqual({ No: 0, Sí: 1 });
    expect(variable("needs_work")?.label).toBe("Necesidades — Trabajo");
    expect(file.rows).toEqual([
      {
        response: 1,
        q1st: 2,
        many: 120,
        needs: "work",
        needs_food: 0,
        needs_work: 1,
        amount: -2.5,
        story: '=1+1, "dijo" él\nsegunda línea',
      },
      {
        response: 2,
        q1st: 1,
        many: 7,
        needs: "food work",
        needs_food: 1,
        needs_work: 1,
        amount: 1e6,
        story: long,
      },
      // haven reads an empty Stata string as "", a missing number as NA.
      {
        response: 3,
        q1st: null,
        many: null,
        needs: "",
        needs_food: null,
        needs_work: null,
        amount: null,
        story: "",
      },
    ]);
  });

  it("writes the labels of the language asked for, and no free text unless asked", async () => {
    const file = await readDta(await write("dta", "ht", false));
    expect(file.variables.map((v) => v.name)).not.toContain("story");
    expect(file.variables.find((v) => v.name === "needs_food")?.labels).toEqual({ Non: 0, Wi: 1 });
    expect(file.variables.find((v) => v.name === "q1st")?.label).toBe("Ki kote?");
  });
});

describe("the Excel workbook, read by openpyxl", () => {
  it("has a sheet of answers with codes and labels, and a sheet of the questionnaire", async () => {
    const [answers, questionnaire] = await readXlsx(await write("xlsx"));
    expect(answers?.title).toBe("Respuestas");
    const rows = byHeader(answers?.rows ?? []);
    expect(rows[0]).toMatchObject({
      q1st: "b",
      q1st_label: "Perú, ñandú 🇵🇪",
      many: "o120",
      many_label: "Opción 120",
      needs: "work",
      needs_label: "Trabajo",
      needs_food: 0,
      needs_work: 1,
      amount: -2.5,
      story: '=1+1, "dijo" él\nsegunda línea',
    });
    expect(rows[1]?.story).toBe(long);
    expect(rows[2]).toMatchObject({ response: 3, amount: null, q1st: null });
    expect(questionnaire?.title).toBe("Cuestionario");
    expect(questionnaire?.rows).toContainEqual([
      "q1st",
      "1st",
      '¿Dónde, "exactamente"?',
      null,
      null,
      null,
    ]);
    expect(questionnaire?.rows).toContainEqual([null, null, null, 2, "b", "Perú, ñandú 🇵🇪"]);
  });
});

describe("the CSV file, read by Python's csv module", () => {
  it("starts with a BOM, quotes what needs quoting and keeps formulas inert", async () => {
    const { bom, rows } = await readCsv(await write("csv"));
    expect(bom).toBe(true);
    const body = byHeader(rows);
    expect(body[0]).toMatchObject({
      q1st: "b",
      q1st_label: "Perú, ñandú 🇵🇪",
      needs_label: "Trabajo",
      amount: "-2.5",
      story: '\'=1+1, "dijo" él\nsegunda línea',
    });
    expect(body[1]?.q1st_label).toBe('\'=HYPERLINK("x")');
    expect(body[2]).toMatchObject({ response: "3", q1st: "", needs_work: "", amount: "" });
    expect(rows).toHaveLength(responses.length + 1);
  });
});
