// biome-ignore-all lint/suspicious/noTemplateCurlyInString: XLSForm expressions name questions as ${name}, literally.
import readXlsxFile from "read-excel-file/node";
import { describe, expect, it } from "vitest";
import writeXlsxFile from "write-excel-file/node";
import { parseSurvey } from "../../surveys/schema";
import { languageCode, parseRelevant, surveyFromXlsForm } from "./xlsform";

type Row = (string | number | boolean | null)[];

/** A real .xlsx made with write-excel-file, read back as the workspace reads it. */
async function xlsx(sheets: Record<string, Row[]>) {
  const file = await writeXlsxFile(
    Object.entries(sheets).map(([sheet, rows]) => ({
      sheet,
      data: rows.map((row) => row.map((value) => (value === null ? null : { value }))),
    })),
  ).toBuffer();
  return surveyFromXlsForm(await readXlsxFile(file));
}

const TWO_LANGUAGES = {
  survey: [
    [
      "type",
      "name",
      "label::Español (es)",
      "label::English (en)",
      "hint::Español (es)",
      "hint::English (en)",
      "required",
      "relevant",
      "constraint",
    ],
    [
      "select_one yesno",
      "has_passport",
      "¿Tiene pasaporte?",
      "Do you have a passport?",
      null,
      null,
      "yes",
      null,
      null,
    ],
    [
      "select_multiple problems",
      "problems",
      "¿Qué problemas tuvo?",
      "Which problems did you have?",
      "Marque todas.",
      "Tick all.",
      null,
      "${has_passport} = 'no'",
      null,
    ],
    [
      "integer",
      "months",
      "¿Cuántos meses?",
      "How many months?",
      null,
      null,
      null,
      "selected(${problems}, 'cost') or selected(${problems}, 'delay')",
      ". >= 0 and . <= 240",
    ],
    [
      "text",
      "comments",
      "Comentarios",
      "Comments",
      "Sin nombres.",
      "No names.",
      null,
      null,
      "string-length(.) <= 500",
    ],
  ],
  choices: [
    ["list_name", "name", "label::Español (es)", "label::English (en)"],
    ["yesno", "yes", "Sí", "Yes"],
    ["yesno", "no", "No", "No"],
    ["problems", "cost", "El costo", "The cost"],
    ["problems", "delay", "La demora", "The delay"],
    ["problems", "papers", "Documentos", "Papers"],
  ],
  settings: [
    ["form_title", "form_id", "default_language"],
    ["Acceso a pasaportes", "passport-check", "Español (es)"],
  ],
} satisfies Record<string, Row[]>;

describe("XLSForm import", () => {
  it("turns a two-language form with selects, a number, text and conditions into a valid survey", async () => {
    const { survey, problems } = await xlsx(TWO_LANGUAGES);
    const parsed = parseSurvey(survey);
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    expect(survey.slug).toBe("passport-check");
    expect(survey.languages).toEqual(["es", "en"]);
    expect(survey.title).toEqual({ es: "Acceso a pasaportes", en: "Acceso a pasaportes" });
    expect(survey.questions.map((q) => [q.id, q.type])).toEqual([
      ["has_passport", "single"],
      ["problems", "multi"],
      ["months", "number"],
      ["comments", "text"],
    ]);
    const [passport, multi, months, comments] = survey.questions;
    expect(passport).toMatchObject({
      required: true,
      label: { es: "¿Tiene pasaporte?", en: "Do you have a passport?" },
      options: [
        { id: "yes", label: { es: "Sí", en: "Yes" } },
        { id: "no", label: { es: "No", en: "No" } },
      ],
    });
    expect(multi?.showIf).toEqual({ question: "has_passport", equals: "no" });
    expect(multi?.hint).toEqual({ es: "Marque todas.", en: "Tick all." });
    expect(months).toMatchObject({
      min: 0,
      max: 240,
      showIf: { question: "problems", equals: ["cost", "delay"] },
    });
    expect(comments).toMatchObject({ maxLength: 500 });
    expect(comments?.required).toBeUndefined();
    // The one thing that changes meaning is said, on its row.
    expect(problems).toEqual([
      { sheet: "survey", row: 4, message: expect.stringContaining("integer") },
    ]);
  });

  it("lists every unsupported construct with its sheet and row instead of dropping it", async () => {
    const { survey, problems } = await xlsx({
      survey: [
        ["type", "name", "label", "relevant", "appearance", "constraint"],
        ["start", "start", null, null, null, null],
        ["note", "welcome", "Bienvenida", null, null, null],
        ["begin group", "g1", "Grupo", null, null, null],
        ["select_one colors or_other", "color", "Color", null, "minimal", null],
        ["geopoint", "where", "¿Dónde?", null, null, null],
        ["text", "why", "¿Por qué?", "${color} != 'red'", null, null],
        ["end group", null, null, null, null, null],
        ["decimal", "weight", "Peso", null, null, ". > 0"],
        ["select_one missing_list", "lost", "Perdida", null, null, null],
      ],
      choices: [
        ["list_name", "name", "label", "filter"],
        ["colors", "Red", "Rojo", "x"],
        ["colors", "blue", "Azul", null],
      ],
      settings: [
        ["form_id", "version", "public_key"],
        ["colours_v2", "2024", "abc"],
      ],
    });
    const at = (sheet: string, row: number) =>
      problems.filter((p) => p.sheet === sheet && p.row === row).map((p) => p.message);
    expect(at("survey", 2).join()).toMatch(/"start" left out/);
    expect(at("survey", 3).join()).toMatch(/notes are not imported: Voz has no note type/);
    expect(at("survey", 4).join()).toMatch(/groups are not supported/);
    expect(at("survey", 5).join()).toMatch(/or_other/);
    expect(at("survey", 5).join()).toMatch(/"appearance" is not supported; "minimal"/);
    expect(at("survey", 6).join()).toMatch(/"geopoint" is not supported/);
    expect(at("survey", 7).join()).toMatch(/relevant "\$\{color\} != 'red'" is not supported/);
    expect(at("survey", 9).join()).toMatch(/constraint ". > 0" is not supported/);
    expect(at("survey", 10).join()).toMatch(/"missing_list" is not in the choices sheet/);
    expect(at("choices", 2).join()).toMatch(/"Red" became "red"/);
    expect(at("choices", 2).join()).toMatch(/"filter" is not supported/);
    expect(at("settings", 2).join()).toMatch(/"version" left out/);
    expect(at("settings", 2).join()).toMatch(/"public_key" left out/);
    expect(at("settings", 2).join()).toMatch(/"colours_v2" became the short name "colours-v2"/);
    expect(at("survey", 1).join()).toMatch(/read as Spanish/);
    // What could be imported was: the select (without "other"), the text, the decimal.
    expect(survey.questions.map((q) => q.id)).toEqual(["color", "why", "weight"]);
    expect(survey.questions[1]?.showIf).toBeUndefined();
  });

  it("refuses a file without a survey sheet with a problem, not a throw", () => {
    const { survey, problems } = surveyFromXlsForm([{ sheet: "Sheet1", data: [["a"]] }]);
    expect(survey.questions).toEqual([]);
    expect(problems[0]?.message).toMatch(/no "survey" sheet/);
  });

  it("reads language codes from names, codes in parentheses and bare codes", () => {
    expect(languageCode("English (en)")).toBe("en");
    expect(languageCode("pt")).toBe("pt");
    expect(languageCode("Kreyòl")).toBe("ht");
    expect(languageCode("Klingon")).toBeNull();
  });

  it("accepts only the simple relevant forms", () => {
    expect(parseRelevant("${a}='x'")).toEqual({ question: "a", options: ["x"] });
    expect(parseRelevant('selected(${a}, "x")')).toEqual({ question: "a", options: ["x"] });
    expect(parseRelevant("${a} = 'x' or ${b} = 'y'")).toBeNull();
    expect(parseRelevant("${a} = 'x' and ${a} = 'y'")).toBeNull();
    expect(parseRelevant("not(selected(${a}, 'x'))")).toBeNull();
  });
});
