import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseSurvey, type Survey } from "../../surveys/schema";
import {
  addLanguage,
  addQuestion,
  addSection,
  addSpecify,
  blankSurvey,
  canonicalLanguage,
  changeType,
  errorsByPath,
  missingTexts,
  moveQuestion,
  parseBins,
  parseMonthBins,
  removeLanguage,
  removeSection,
  renameOption,
  renameQuestion,
  renameSection,
  replaceQuestion,
  setLanguageName,
  setOptionalText,
  setText,
  withField,
} from "./builder";
import { exportSurveyJson, importSurvey, importSurveyJson } from "./survey-file";

/** What a designer does in the builder: three questions, two languages, a condition. */
function built(): Survey {
  let s = blankSurvey("water-access", ["es"]);
  s = addLanguage(s, "en");
  s = { ...s, title: setText(setText(s.title, "es", "Acceso al agua"), "en", "Water access") };
  s = addQuestion(addQuestion(s, "number"), "text");
  const [first, second, third] = s.questions;
  if (first?.type !== "single" || !second || !third) throw new Error("unexpected builder state");
  s = replaceQuestion(s, 0, {
    ...first,
    required: true,
    label: { es: "¿Tiene agua potable?", en: "Do you have drinking water?" },
    options: [
      { id: "o1", label: { es: "Sí", en: "Yes" } },
      { id: "o2", label: { es: "No", en: "No" } },
    ],
  });
  s = renameQuestion(s, 0, "water");
  s = renameOption(s, 0, 0, "yes");
  s = renameOption(s, 0, 1, "no");
  s = replaceQuestion(s, 1, {
    ...second,
    label: { es: "¿Cuántos días sin agua?", en: "How many days without water?" },
    showIf: { question: "water", equals: "no" },
  });
  const days = s.questions[1];
  if (days?.type !== "number") throw new Error("unexpected builder state");
  s = replaceQuestion(s, 1, { ...days, min: 0, max: 31, bins: parseBins("0, 7, 14") ?? [] });
  s = replaceQuestion(s, 2, {
    ...third,
    label: { es: "Comentarios", en: "Comments" },
    hint: setOptionalText(undefined, "es", "Sin nombres."),
  });
  return s;
}

describe("questionnaire builder", () => {
  it("builds a survey that the contract accepts", () => {
    const survey = built();
    expect(missingTexts(survey).map((m) => m.path)).toEqual(["$.questions[2].hint.en"]);
    const third = survey.questions[2];
    if (!third) throw new Error("no third question");
    const fixed = replaceQuestion(survey, 2, {
      ...third,
      hint: setOptionalText(third.hint, "en", "No names."),
    });
    const parsed = parseSurvey(fixed);
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    expect(fixed.questions[1]).toEqual({
      id: "q2",
      type: "number",
      label: { es: "¿Cuántos días sin agua?", en: "How many days without water?" },
      showIf: { question: "water", equals: "no" },
      min: 0,
      max: 31,
      bins: [0, 7, 14],
    });
  });

  it("names the missing translation where the validator does", () => {
    const survey = built();
    const parsed = parseSurvey(survey);
    expect(parsed.ok).toBe(false);
    const errors = errorsByPath(parsed.ok ? [] : parsed.errors);
    expect([...errors.keys()]).toEqual(missingTexts(survey).map((m) => m.path));
  });

  it("maps a server's $.definition path back to the builder's own", () => {
    const errors = errorsByPath([
      { path: "$.definition.questions[2].label.pt", message: "missing" },
      { path: "$.definitionish", message: "other" },
    ]);
    expect(errors.get("$.questions[2].label.pt")).toEqual(["missing"]);
    expect(errors.get("$.definitionish")).toEqual(["other"]);
  });

  it("renaming a question or option carries its conditions and breakdowns along", () => {
    let s = built();
    s = { ...s, breakdowns: ["water"] };
    s = renameQuestion(s, 0, "agua");
    s = renameOption(s, 0, 1, "nada");
    expect(s.breakdowns).toEqual(["agua"]);
    expect(s.questions[1]?.showIf).toEqual({ question: "agua", equals: "nada" });
  });

  it("reorders questions and leaves a condition that now looks forward for the validator", () => {
    const moved = moveQuestion(built(), 1, -1);
    expect(moved.questions.map((q) => q.id)).toEqual(["q2", "water", "q3"]);
    const parsed = parseSurvey(moved);
    expect(parsed.ok ? [] : parsed.errors.map((e) => e.path)).toContain(
      "$.questions[0].showIf.question",
    );
    expect(moveQuestion(moved, 0, -1)).toEqual(moved);
  });

  it("changing a type keeps the shared fields and options between single and multi", () => {
    const first = built().questions[0];
    if (!first) throw new Error("no question");
    const multi = changeType(first, "multi");
    expect(multi).toMatchObject({ id: "water", required: true, type: "multi" });
    expect(multi.type === "multi" && multi.options.map((o) => o.id)).toEqual(["yes", "no"]);
    expect(changeType(multi, "text")).toEqual({
      id: "water",
      label: first.label,
      required: true,
      type: "text",
    });
  });

  it("removing a language removes its texts; an optional text left empty disappears", () => {
    const s = removeLanguage(built(), "en");
    expect(s.languages).toEqual(["es"]);
    expect(s.title).toEqual({ es: "Acceso al agua" });
    expect(setOptionalText({ es: "x" }, "es", "")).toBeUndefined();
    expect(withField({ a: 1, b: 2 } as { a: number; b?: number }, "b", undefined)).toEqual({
      a: 1,
    });
  });

  it("reads bins and refuses what is not a list of numbers", () => {
    expect(parseBins("0, 3;6 12")).toEqual([0, 3, 6, 12]);
    expect(parseBins("")).toEqual([]);
    expect(parseBins("0, three")).toBeNull();
  });
});

describe("building the survey format's additions", () => {
  /** The consent gate, a filtered region and a specified option, made with the builder's edits. */
  function withAdditions(): Survey {
    let s = built();
    s = addQuestion(s, "note");
    s = moveQuestion(moveQuestion(moveQuestion(s, 3, -1), 2, -1), 1, -1);
    s = replaceQuestion(s, 0, { id: "q4", type: "note", label: { es: "Hola", en: "Hello" } });
    s = addSection(addSection(s));
    s = renameSection(s, 0, "gate");
    s = {
      ...s,
      questions: s.questions.map((q, i) =>
        withField(q, "section", i < 2 ? "gate" : (s.sections?.[1]?.id as string)),
      ),
    };
    s = {
      ...s,
      sections: s.sections?.map((section, k) =>
        k === 1 ? { ...section, showIf: { question: "water", equals: "yes" } } : section,
      ),
    };
    s = addSpecify(s, 1, "no");
    return s;
  }

  it("makes pages, a consent-style gate and a specify text the contract accepts", () => {
    const s = withAdditions();
    expect(s.sections?.map((section) => section.id)).toEqual(["gate", "page2"]);
    expect(s.questions.map((q) => `${q.id}:${q.type}:${q.section}`)).toEqual([
      "q4:note:gate",
      "water:single:gate",
      "water_no:text:gate",
      "q2:number:page2",
      "q3:text:page2",
    ]);
    const filled = replaceQuestion(s, 2, {
      ...(s.questions[2] as Survey["questions"][number]),
      label: { es: "¿Por qué no?", en: "Why not?" },
    });
    const fixed = replaceQuestion(filled, 4, {
      ...(filled.questions[4] as Survey["questions"][number]),
      hint: { es: "Sin nombres.", en: "No names." },
    });
    const parsed = parseSurvey(
      withField(
        fixed,
        "questions",
        fixed.questions.map((q) => (q.id === "q2" ? withField(q, "showIf", undefined) : q)),
      ),
    );
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
  });

  it("renames a question everywhere it is named: deep conditions, pages, specify, filter", () => {
    let s = withAdditions();
    s = {
      ...s,
      questions: s.questions.map((q) =>
        q.id === "q3"
          ? { ...q, showIf: { any: [{ not: { question: "water", notEquals: ["no"] } }] } }
          : q,
      ),
    };
    s = addQuestion(s, "single");
    const last = s.questions.length - 1;
    const region = s.questions[last];
    if (region?.type !== "single") throw new Error("unexpected builder state");
    s = replaceQuestion(s, last, {
      ...region,
      filterBy: "water",
      options: [
        { id: "o1", label: {}, for: "no" },
        { id: "o2", label: {}, for: ["yes", "no"] },
      ],
    });
    s = renameQuestion(s, 1, "agua");
    s = renameOption(s, 1, 1, "nada");
    expect(s.sections?.[1]?.showIf).toEqual({ question: "agua", equals: "yes" });
    expect(s.questions.find((q) => q.id === "q3")?.showIf).toEqual({
      any: [{ not: { question: "agua", notEquals: ["nada"] } }],
    });
    const specify = s.questions.find((q) => q.id === "water_no");
    expect(specify?.type === "text" && specify.specifies).toEqual({
      question: "agua",
      option: "nada",
    });
    const filtered = s.questions[last];
    expect(filtered?.type === "single" && filtered.filterBy).toBe("agua");
    expect(filtered?.type === "single" && filtered.options.map((o) => o.for)).toEqual([
      "nada",
      ["yes", "nada"],
    ]);
  });

  it("leaves a malformed condition alone when renaming, for the validator to name", () => {
    const s = replaceQuestion(built(), 2, {
      ...(built().questions[2] as Survey["questions"][number]),
      showIf: { all: "water" } as unknown as Survey["questions"][number]["showIf"],
    });
    expect(renameQuestion(s, 0, "agua").questions[2]?.showIf).toEqual({ all: "water" });
  });

  it("removes a page but keeps its questions, each on a page of its own", () => {
    const s = removeSection(removeSection(withAdditions(), 1), 0);
    expect(s.sections).toBeUndefined();
    expect(s.questions.every((q) => q.section === undefined)).toBe(true);
  });

  it("puts a second specify text after the first, with an id of its own", () => {
    let s = addSpecify(withAdditions(), 1, "yes");
    s = addSpecify(s, 1, "yes");
    expect(s.questions.map((q) => q.id).slice(1, 5)).toEqual([
      "water",
      "water_no",
      "water_yes",
      "water_yes_1",
    ]);
  });

  it("a note keeps no required flag; texts of pages and constraint messages count as missing", () => {
    const first = built().questions[0];
    if (!first) throw new Error("no question");
    expect(changeType(first, "note")).toEqual({ id: "water", label: first.label, type: "note" });
    let s = withAdditions();
    s = {
      ...s,
      sections: s.sections?.map((section) => ({ ...section, title: { es: "Página" } })),
    };
    const number = s.questions.findIndex((q) => q.type === "number");
    s = replaceQuestion(s, number, {
      ...(s.questions[number] as Survey["questions"][number]),
      constraintMessage: { en: "From 0 to 31" },
    } as Survey["questions"][number]);
    const missing = missingTexts(s).map((m) => m.path);
    expect(missing).toContain("$.sections[0].title.en");
    expect(missing).toContain(`$.questions[${number}].constraintMessage.es`);
    const spanishOnly = removeLanguage(s, "en");
    expect(spanishOnly.sections?.[0]?.title).toEqual({ es: "Página" });
    expect(spanishOnly.questions[number]).not.toHaveProperty("constraintMessage");
  });

  it("takes any BCP 47 tag in its canonical case, with a name of its own", () => {
    expect(canonicalLanguage(" FA-af ")).toBe("fa-AF");
    expect(canonicalLanguage("zh-hant-tw")).toBe("zh-Hant-TW");
    expect(canonicalLanguage("prs")).toBe("prs");
    expect(canonicalLanguage("iw")).toBe("iw");
    expect(canonicalLanguage("sr_latn_rs")).toBe("sr-Latn-RS");
    expect(canonicalLanguage("ES-419")).toBe("es-419");
    let s = addLanguage(built(), canonicalLanguage("prs"));
    s = setLanguageName(s, "prs", "دری");
    expect(s.languageNames).toEqual({ prs: "دری" });
    expect(setLanguageName(s, "prs", " ").languageNames).toBeUndefined();
    expect(removeLanguage(s, "prs")).not.toHaveProperty("languageNames");
  });

  it("reads month bins and refuses anything but YYYY-MM", () => {
    expect(parseMonthBins("2018-01, 2020-01")).toEqual(["2018-01", "2020-01"]);
    expect(parseMonthBins("2018-1")).toBeNull();
  });
});

describe("survey JSON import and export", () => {
  it("gives back the fixture with every addition unchanged", () => {
    const text = readFileSync("test/fixtures/surveys/every-addition.json", "utf8");
    const imported = importSurveyJson(text);
    if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
    expect(imported.errors).toEqual([]);
    expect(JSON.parse(exportSurveyJson(imported.survey))).toEqual(JSON.parse(text));
  });

  for (const slug of ["passport-access", "cso-program-awareness"]) {
    it(`gives back ${slug}.json byte for byte after import and export`, () => {
      const text = readFileSync(`surveys/${slug}.json`, "utf8");
      const imported = importSurveyJson(text);
      if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
      expect(imported.errors).toEqual([]);
      const exported = exportSurveyJson(imported.survey);
      expect(JSON.parse(exported)).toEqual(JSON.parse(text));
      // Key order too: a diff of the file shows only what someone changed.
      expect(exported).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    });
  }

  it("keeps fields the validator refuses, so their errors show and nothing is lost", () => {
    const input = { ...built(), colour: "blue" };
    const imported = importSurvey(input);
    expect(imported.ok).toBe(true);
    if (!imported.ok) return;
    expect(imported.errors.map((e) => e.path)).toContain("$.colour");
    expect(JSON.parse(exportSurveyJson(imported.survey))).toEqual(input);
  });

  it("refuses what the builder could not draw, naming the path", () => {
    const imported = importSurveyJson('{"slug": "x", "questions": 3}');
    expect(imported.ok).toBe(false);
    expect(imported.errors.map((e) => e.path)).toContain("$.questions");
    expect(importSurveyJson("{").errors[0]?.message).toMatch(/not JSON/);
  });
});
