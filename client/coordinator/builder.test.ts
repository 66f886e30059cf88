import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseSurvey, type Survey } from "../../surveys/schema";
import {
  addLanguage,
  addQuestion,
  blankSurvey,
  changeType,
  conditionEquals,
  errorsByPath,
  missingTexts,
  moveQuestion,
  parseBins,
  removeLanguage,
  renameOption,
  renameQuestion,
  replaceQuestion,
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
    showIf: { question: "water", equals: conditionEquals(["no"]) },
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

describe("survey JSON import and export", () => {
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
