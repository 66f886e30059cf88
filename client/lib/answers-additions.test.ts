// The answer rules of the survey contract's additions (docs/survey-format.md): sections,
// conditions on hidden questions, other-specify, exclusive options, whole numbers, months,
// choice filters and notes, on the shared fixture that uses them all.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSurvey, type Question, type Survey } from "../../surveys/schema";
import {
  type Answers,
  type AnswerValue,
  checkAnswer,
  checkAnswers,
  isShown,
  offeredOptions,
  pruneHidden,
  shownQuestions,
} from "./answers";

function parsed(input: unknown): Survey {
  const result = parseSurvey(input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

const survey = parsed(
  JSON.parse(
    readFileSync(
      new URL("../../test/fixtures/surveys/every-addition.json", import.meta.url),
      "utf8",
    ),
  ),
);
function questionIn(s: Survey, id: string): Question {
  const found = s.questions.find((x) => x.id === id);
  if (!found) throw new Error(`no question ${id}`);
  return found;
}
const q = (id: string) => questionIn(survey, id);
const shownIds = (s: Survey, answers: Answers) => shownQuestions(s, answers).map((x) => x.id);

/** A complete answer from an adult who consented, with "other" documents specified. */
const adult: Answers = {
  consent: "yes",
  country: "co",
  region: "bogota",
  age: 34,
  arrived: "2019-06",
  documents: ["id_card", "other"],
  documents_other: "Permiso por Protección Temporal",
  follow_up: "yes",
};

describe("sections", () => {
  it("a consent gate that says no ends the survey: only the gate's page and the closing note", () => {
    expect(shownIds(survey, { consent: "no" })).toEqual(["intro", "consent", "thanks"]);
    expect(checkAnswers(survey, { consent: "no" })).toEqual([]);
    expect(checkAnswers(survey, { consent: "no", country: "co" })).toEqual([
      { question: "country", problem: "not_shown" },
    ]);
  });

  it("a combined section condition hides the documents page from a minor", () => {
    const minor = { consent: "yes", country: "pe", age: 16 };
    expect(shownIds(survey, minor)).not.toContain("documents");
    expect(checkAnswers(survey, minor)).toEqual([]);
    expect(checkAnswers(survey, { ...minor, documents: ["passport"] })).toEqual([
      { question: "documents", problem: "not_shown" },
    ]);
  });

  it("shows the documents page when the age is not given: not (age < 18) holds then", () => {
    expect(shownIds(survey, { consent: "yes" })).toContain("documents");
  });

  it("accepts a complete answer from an adult, and keeps it as it is", () => {
    expect(checkAnswers(survey, adult)).toEqual([]);
    expect(pruneHidden(survey, adult)).toEqual(adult);
  });

  it("drops a whole page's answers when the gate is changed to no", () => {
    expect(pruneHidden(survey, { ...adult, consent: "no" })).toEqual({ consent: "no" });
  });
});

describe("conditions on questions that are not shown", () => {
  const chain = parsed({
    slug: "chain",
    version: 1,
    languages: ["en"],
    title: { en: "Chain" },
    breakdowns: [],
    questions: [
      {
        id: "works",
        type: "single",
        label: { en: "Do you work?" },
        options: [
          { id: "yes", label: { en: "Yes" } },
          { id: "no", label: { en: "No" } },
        ],
      },
      {
        id: "hours",
        type: "number",
        label: { en: "Hours" },
        showIf: { question: "works", equals: "yes" },
      },
      { id: "long", type: "text", label: { en: "Why?" }, showIf: { question: "hours", gt: 48 } },
      {
        id: "unanswered",
        type: "text",
        label: { en: "?" },
        showIf: { question: "hours", answered: false },
      },
    ],
  });

  it("treat the hidden question's leftover answer as no answer", () => {
    const stale = { works: "no", hours: 60 };
    expect(shownIds(chain, stale)).toEqual(["works", "unanswered"]);
    expect(isShown(chain, questionIn(chain, "long"), stale)).toBe(false);
    expect(checkAnswers(chain, stale)).toEqual([{ question: "hours", problem: "not_shown" }]);
    expect(pruneHidden(chain, stale)).toEqual({ works: "no" });
  });

  it("see the answer once its question is shown", () => {
    expect(shownIds(chain, { works: "yes", hours: 60 })).toEqual(["works", "hours", "long"]);
  });
});

describe("other, specify", () => {
  it("is shown exactly when its option is chosen", () => {
    expect(shownIds(survey, adult)).toContain("documents_other");
    const passportOnly = { ...adult, documents: ["passport"] };
    expect(shownIds(survey, passportOnly)).not.toContain("documents_other");
    expect(checkAnswers(survey, passportOnly)).toEqual([
      { question: "documents_other", problem: "not_shown" },
    ]);
    expect(pruneHidden(survey, passportOnly)).not.toHaveProperty("documents_other");
  });

  it("keeps its own maxLength", () => {
    expect(checkAnswers(survey, { ...adult, documents_other: "x".repeat(201) })).toEqual([
      { question: "documents_other", problem: "too_long" },
    ]);
  });
});

describe("exclusive options", () => {
  it("are accepted alone and refused beside another option", () => {
    expect(checkAnswer(q("documents"), ["none"], {})).toBeNull();
    expect(checkAnswer(q("documents"), ["passport", "none"], {})).toBe("exclusive");
    expect(checkAnswer(q("documents"), ["passport", "id_card"], {})).toBeNull();
  });
});

describe("whole numbers", () => {
  it("refuse a fraction, and still check the range", () => {
    expect(checkAnswer(q("age"), 34, {})).toBeNull();
    expect(checkAnswer(q("age"), 34.5, {})).toBe("not_integer");
    expect(checkAnswer(q("age"), 121, {})).toBe("too_large");
    expect(checkAnswer(q("age"), -1, {})).toBe("too_small");
  });
});

describe("months", () => {
  it.each<[AnswerValue, string | null]>([
    ["2019-06", null],
    ["2015-01", null],
    ["2025-12", null],
    ["2014-12", "too_small"],
    ["2026-01", "too_large"],
    ["2019-6", "not_a_month"],
    ["2019-13", "not_a_month"],
    ["2019-06-01", "not_a_month"],
    ["junio 2019", "not_a_month"],
    [201906, "wrong_type"],
  ])("%j gives %s", (value, problem) => {
    expect(checkAnswer(q("arrived"), value, {})).toBe(problem);
  });
});

describe("choice filters", () => {
  it("offer the options for the parent's answer and those without a for", () => {
    const region = q("region");
    if (region.type !== "single") throw new Error("region is a single question");
    expect(offeredOptions(region, { country: "co" }).map((o) => o.id)).toEqual([
      "bogota",
      "elsewhere",
    ]);
    expect(offeredOptions(region, { country: "pe" }).map((o) => o.id)).toEqual([
      "lima",
      "elsewhere",
    ]);
    expect(offeredOptions(region, {}).map((o) => o.id)).toEqual(["elsewhere"]);
  });

  it("refuse an option not offered for the parent's answer", () => {
    expect(checkAnswers(survey, { ...adult, region: "lima" })).toEqual([
      { question: "region", problem: "not_an_option" },
    ]);
    expect(checkAnswers(survey, { ...adult, region: "elsewhere" })).toEqual([]);
  });

  it("skip the question when nothing is offered for the parent's answer", () => {
    const strict = structuredClone(survey);
    const region = strict.questions.find((x) => x.id === "region");
    if (region?.type !== "single") throw new Error("region is a single question");
    region.options = region.options.filter((o) => o.id !== "elsewhere");
    const inChile = { consent: "yes", country: "cl" };
    expect(shownIds(strict, inChile)).not.toContain("region");
    expect(checkAnswers(strict, { ...inChile, region: "lima" })).toEqual([
      { question: "region", problem: "not_shown" },
    ]);
    expect(shownIds(strict, { consent: "yes", country: "pe" })).toContain("region");
  });
});

describe("notes", () => {
  it("are shown but never answered: an answer to one names no question", () => {
    expect(shownIds(survey, {})).toContain("intro");
    expect(checkAnswers(survey, { consent: "no", intro: "x" })).toEqual([
      { question: "intro", problem: "unknown_question" },
    ]);
    expect(pruneHidden(survey, { consent: "no", intro: "x" })).toEqual({ consent: "no" });
  });
});

describe("pruneHidden on the fixture, for any answers", () => {
  const value: fc.Arbitrary<AnswerValue> = fc.oneof(
    fc.constantFrom("yes", "no", "co", "pe", "cl", "bogota", "lima", "elsewhere", "2019-06"),
    fc.subarray(["passport", "id_card", "other", "none"], { minLength: 1 }),
    fc.integer({ min: -1, max: 130 }),
    fc.string({ minLength: 1, maxLength: 5 }),
  );
  const answers: fc.Arbitrary<Answers> = fc.dictionary(
    fc.constantFrom(...survey.questions.map((x) => x.id), "extra"),
    value,
  );

  it("leaves no answer that checkAnswers calls hidden or unknown, and is idempotent", () => {
    fc.assert(
      fc.property(answers, (given) => {
        const pruned = pruneHidden(survey, given);
        const problems = checkAnswers(survey, pruned).map((error) => error.problem);
        expect(problems).not.toContain("not_shown");
        expect(problems).not.toContain("unknown_question");
        expect(pruneHidden(survey, pruned)).toEqual(pruned);
        for (const [id, kept] of Object.entries(pruned)) expect(kept).toBe(given[id]);
      }),
    );
  });
});
