import { describe, expect, it } from "vitest";
import passport from "../../../surveys/passport-access.json";
import { parseSurvey, type Survey } from "../../../surveys/schema";
import additions from "../../../test/fixtures/surveys/every-addition.json";
import type { Answers } from "../answers";
import { toDataset, valueLabel, variableNames } from "./dataset";

const survey = (() => {
  const parsed = parseSurvey(passport);
  if (!parsed.ok) throw new Error("the seed survey is invalid");
  return parsed.value;
})();

const options = {
  language: "es",
  includeText: false,
  flagLabels: { no: "No", yes: "Sí" },
  responseLabel: "Número de respuesta",
  askedLabel: "se preguntó",
};

describe("variable names", () => {
  it("are valid Stata names: no leading digit, no reserved word, at most 32 characters", () => {
    const names = variableNames(["18_plus", "in", "str12", "a".repeat(40), "ok"]);
    expect(names).toEqual(["q18_plus", "in_", "str12_", "a".repeat(32), "ok"]);
    for (const name of names) expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_]{0,31}$/);
  });

  it("never repeat, even when cutting makes two long ids alike", () => {
    const long = "x".repeat(35);
    const names = variableNames([`${long}_a`, `${long}_b`, `${long}_c`]);
    expect(new Set(names).size).toBe(3);
    expect(names.every((n) => n.length <= 32)).toBe(true);
  });
});

describe("the dataset of opened answers", () => {
  const answers: Answers[] = [
    {
      country: "pe",
      age_group: "25_34",
      gender: "woman",
      applied: "waiting",
      months_waiting: 7,
      consequences: ["work", "health"],
      comments: "Mi vecino se llama Juan",
    },
    { country: "co", age_group: "18_24", gender: "man", applied: "rejected" },
  ];
  const dataset = toDataset(survey, answers, options);
  const column = (name: string) => dataset.columns.findIndex((c) => c.name === name);
  const cell = (row: number, name: string) => dataset.rows[row]?.[column(name)];

  it("numbers the responses in its first column", () => {
    expect(dataset.columns[0]?.name).toBe("response");
    expect(dataset.rows.map((row) => row[0])).toEqual([1, 2]);
  });

  it("codes a single answer by the option's position and names its label column", () => {
    const country = dataset.columns[column("country")];
    expect(country?.labelName).toBe("country_label");
    expect(cell(0, "country")).toBe(3);
    expect(country && valueLabel(country, 3)).toBe("Perú");
  });

  it("gives a multi question a list column and one 0/1 column per option, empty when unanswered", () => {
    expect(cell(0, "consequences")).toBe("work health");
    expect(cell(0, "consequences_work")).toBe(1);
    expect(cell(0, "consequences_bank")).toBe(0);
    expect(cell(1, "consequences_work")).toBeNull();
    expect(dataset.columns[column("consequences_work")]?.label).toBe(
      "¿Qué consecuencias ha tenido para usted no tener pasaporte? — No puedo trabajar formalmente",
    );
  });

  it("leaves a question nobody was shown empty, not zero", () => {
    expect(cell(0, "months_waiting")).toBe(7);
    expect(cell(1, "months_waiting")).toBeNull();
  });

  it("tells not asked from no answer in an asked column beside each conditional question", () => {
    expect(cell(0, "months_waiting_asked")).toBe(1);
    expect(cell(1, "months_waiting_asked")).toBe(0);
    const skipped = toDataset(
      survey,
      [{ country: "pe", age_group: "25_34", gender: "woman", applied: "waiting" }],
      options,
    );
    const at = (name: string) => skipped.columns.findIndex((c) => c.name === name);
    // Shown and skipped: asked, no answer.
    expect(skipped.rows[0]?.[at("months_waiting_asked")]).toBe(1);
    expect(skipped.rows[0]?.[at("months_waiting")]).toBeNull();
    expect(skipped.columns[at("months_waiting_asked")]?.label).toMatch(/ — se preguntó$/);
    // It sits right before the question's own column; unconditional questions have none.
    expect(at("months_waiting_asked")).toBe(at("months_waiting") - 1);
    expect(at("country_asked")).toBe(-1);
  });

  it("leaves free text out unless it is asked for", () => {
    expect(column("comments")).toBe(-1);
    const withText = toDataset(survey, answers, { ...options, includeText: true });
    const at = withText.columns.findIndex((c) => c.name === "comments");
    expect(withText.columns[at]?.freeText).toBe(true);
    expect(withText.rows[0]?.[at]).toBe("Mi vecino se llama Juan");
  });

  it("writes labels in the chosen survey language", () => {
    const english = toDataset(survey, answers, { ...options, language: "en" });
    const country = english.columns.find((c) => c.name === "country");
    expect(country?.label).toBe("In which country do you live now?");
    expect(country && valueLabel(country, 3)).toBe("Peru");
  });

  it("renames a label column that would clash with a question id", () => {
    const clash = {
      ...survey,
      questions: [
        ...survey.questions,
        { id: "country_label", type: "number", label: { es: "x", en: "x", pt: "x" } },
      ],
    } as Survey;
    const names = toDataset(clash, [], options).columns.flatMap((c) =>
      c.labelName ? [c.name, c.labelName] : [c.name],
    );
    expect(new Set(names).size).toBe(names.length);
  });

  it("keeps a question's id as its column's name when an option's column would take it", () => {
    const followUp = {
      ...survey,
      questions: [
        {
          id: "motivos",
          type: "multi",
          label: { es: "m", en: "m", pt: "m" },
          options: [
            { id: "costo", label: { es: "c", en: "c", pt: "c" } },
            { id: "otro", label: { es: "o", en: "o", pt: "o" } },
          ],
        },
        {
          id: "motivos_otro",
          type: "text",
          label: { es: "¿Cuál?", en: "Which?", pt: "Qual?" },
          showIf: { question: "motivos", includes: "otro" },
        },
      ],
    } as Survey;
    const columns = toDataset(followUp, [], { ...options, includeText: true }).columns;
    const named = (question: string, kind: string) =>
      columns.filter((c) => c.question === question && c.kind === kind).map((c) => c.name);
    expect(named("motivos_otro", "text")).toEqual(["motivos_otro"]);
    expect(named("motivos_otro", "flag")).toEqual(["motivos_otro_asked"]);
    expect(named("motivos", "flag")).toEqual(["motivos_costo", "motivos_otro_2"]);
  });
});

describe("the dataset of a survey with sections, months, notes and other-specify", () => {
  const parsed = parseSurvey(additions);
  if (!parsed.ok) throw new Error("the fixture is invalid");
  const answers: Answers[] = [
    {
      consent: "yes",
      age: 30,
      arrived: "2019-05",
      documents: ["other"],
      documents_other: "Carnet de refugiado",
    },
  ];

  it("gives a note no column and a month its YYYY-MM, and keeps other-specify with free text", () => {
    const plain = toDataset(parsed.value, answers, options);
    const names = plain.columns.map((c) => c.name);
    expect(names).not.toContain("intro");
    expect(names).not.toContain("thanks");
    expect(plain.columns.filter((c) => c.question === "documents_other")).toEqual([]);
    const arrived = names.indexOf("arrived");
    expect(plain.rows[0]?.[arrived]).toBe("2019-05");
    const withText = toDataset(parsed.value, answers, { ...options, includeText: true });
    // The specify text keeps its question's id; the option's flag, made up, gets the next free
    // name, in both exports.
    const other = withText.columns.findIndex(
      (c) => c.question === "documents_other" && c.kind === "text",
    );
    expect(withText.columns[other]?.name).toBe("documents_other");
    const flag = (d: typeof plain) =>
      d.columns.find(
        (c) => c.question === "documents" && c.kind === "flag" && c.codes?.[0] === "other",
      )?.name;
    expect([flag(plain), flag(withText)]).toEqual(["documents_other_2", "documents_other_2"]);
    // Shown only when "other" is chosen: asked here.
    const asked = withText.columns.findIndex((c) => c.name === "documents_other_asked");
    expect(withText.rows[0]?.[asked]).toBe(1);
    expect(withText.rows[0]?.[other]).toBe("Carnet de refugiado");
    expect(
      withText.rows[0]?.[withText.columns.findIndex((c) => c.name === "documents_other_2")],
    ).toBe(1);
  });
});
