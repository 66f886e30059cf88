import { describe, expect, it } from "vitest";
import { parseSurvey, type Survey } from "../../surveys/schema";
import { decodePage, nextPage, type PostedPage } from "./nojs";

function survey(): Survey {
  const parsed = parseSurvey({
    slug: "nojs-test",
    version: 1,
    languages: ["es", "en"],
    title: { es: "Prueba", en: "Test" },
    breakdowns: [],
    questions: [
      {
        id: "applied",
        type: "single",
        required: true,
        label: { es: "¿Solicitó?", en: "Applied?" },
        options: [
          { id: "waiting", label: { es: "Esperando", en: "Waiting" } },
          { id: "no", label: { es: "No", en: "No" } },
        ],
      },
      {
        id: "months",
        type: "number",
        min: 0,
        label: { es: "Meses", en: "Months" },
        showIf: { question: "applied", equals: "waiting" },
      },
      {
        id: "problems",
        type: "multi",
        label: { es: "Problemas", en: "Problems" },
        options: [
          { id: "work", label: { es: "Trabajo", en: "Work" } },
          { id: "health", label: { es: "Salud", en: "Health" } },
        ],
      },
      { id: "comments", type: "text", maxLength: 20, label: { es: "Algo más", en: "More" } },
    ],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

function decoded(fields: [string, string][]): PostedPage {
  const result = decodePage(survey(), new URLSearchParams(fields));
  if (!result.ok) throw new Error(`${result.field}: ${result.message}`);
  return result.page;
}

describe("reading a posted page of the form without JavaScript", () => {
  it("reads answers by question, a multi question's boxes as a list, line breaks as one", () => {
    const page = decoded([
      ["lang", "en"],
      ["step", "3"],
      ["go", "next"],
      ["q-applied", "no"],
      ["q-problems", "work"],
      ["q-problems", "health"],
      ["q-comments", "uno\r\ndos"],
    ]);
    expect(page).toEqual({
      language: "en",
      step: 3,
      go: "next",
      values: { applied: "no", problems: ["work", "health"], comments: "uno\ndos" },
      code: undefined,
      id: undefined,
    });
  });

  it("falls back to the survey's first language and reads the review step", () => {
    const page = decoded([
      ["step", "review"],
      ["go", "send"],
      ["code", "  7K2QF-M9D4X "],
    ]);
    expect(page).toMatchObject({ language: "es", step: "review", code: "7K2QF-M9D4X" });
  });

  it.each([
    [
      "an unknown field",
      [
        ["step", "0"],
        ["go", "next"],
        ["extra", "x"],
      ],
      "extra",
    ],
    [
      "a step past the last question",
      [
        ["step", "4"],
        ["go", "next"],
      ],
      "step",
    ],
    [
      "a step that is not a number",
      [
        ["step", "-1"],
        ["go", "next"],
      ],
      "step",
    ],
    [
      "an unknown button",
      [
        ["step", "0"],
        ["go", "jump"],
      ],
      "go",
    ],
    [
      "a language the survey lacks",
      [
        ["lang", "pt"],
        ["step", "0"],
        ["go", "next"],
      ],
      "lang",
    ],
    [
      "a single answer twice",
      [
        ["step", "0"],
        ["go", "next"],
        ["q-applied", "no"],
        ["q-applied", "waiting"],
      ],
      "q-applied",
    ],
    ["a missing step", [["go", "next"]], "step"],
  ] as [string, [string, string][], string][])(
    "refuses %s, naming the field",
    (_, fields, field) => {
      const result = decodePage(survey(), new URLSearchParams(fields));
      expect(result.ok ? null : result.field).toBe(field);
    },
  );
});

describe("the page after a posted one", () => {
  const page = (step: PostedPage["step"], go: PostedPage["go"], values: PostedPage["values"]) => ({
    language: "es",
    step,
    go,
    values,
    code: undefined,
    id: undefined,
  });

  it("stays on a required question left empty, saying why", () => {
    expect(nextPage(survey(), page(0, "next", {}))).toEqual({
      kind: "question",
      index: 0,
      problem: "required",
    });
  });

  it("skips a question whose showIf the answers do not meet, both ways", () => {
    expect(nextPage(survey(), page(0, "next", { applied: "no" }))).toMatchObject({ index: 2 });
    expect(nextPage(survey(), page(0, "next", { applied: "waiting" }))).toMatchObject({ index: 1 });
    expect(nextPage(survey(), page(2, "back", { applied: "no" }))).toMatchObject({ index: 0 });
  });

  it("does not check the answer being left when going back", () => {
    const back = nextPage(survey(), page(1, "back", { applied: "waiting", months: "many" }));
    expect(back).toEqual({ kind: "question", index: 0, problem: null });
  });

  it("reaches the review after the last question, and back from it to the last one shown", () => {
    expect(nextPage(survey(), page(3, "next", { applied: "no" }))).toEqual({ kind: "review" });
    expect(nextPage(survey(), page("review", "back", { applied: "no" }))).toMatchObject({
      index: 3,
    });
  });

  it("sends from the review only when every shown answer holds, else returns to the first problem", () => {
    expect(nextPage(survey(), page("review", "send", { applied: "no" }))).toEqual({
      kind: "send",
    });
    // A hidden field edited by hand: the number is checked again before anything is sealed.
    expect(
      nextPage(survey(), page("review", "send", { applied: "waiting", months: "-3" })),
    ).toEqual({ kind: "question", index: 1, problem: "too_small" });
  });
});
