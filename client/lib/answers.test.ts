import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSurvey, type Question, type Survey } from "../../surveys/schema";
import {
  type Answers,
  type AnswerValue,
  checkAnswer,
  checkAnswers,
  isShown,
  pruneHidden,
} from "./answers";

function parsed(input: unknown): Survey {
  const result = parseSurvey(input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

const passport = parsed(
  JSON.parse(readFileSync(join(import.meta.dirname, "../../surveys/passport-access.json"), "utf8")),
);

function questionOf(survey: Survey, id: string): Question {
  const found = survey.questions.find((q) => q.id === id);
  if (!found) throw new Error(`no question "${id}"`);
  return found;
}
const q = (id: string) => questionOf(passport, id);

const en = (value: string) => ({ en: value });
const options = (...ids: string[]) => ids.map((id) => ({ id, label: en(id) }));

/**
 * Conditions the seed does not use: an array `equals`, a multi target, and a chain
 * (`stamp_reason` depends on `stamped`, which itself depends on `visa`).
 */
const conditional = parsed({
  slug: "conditions",
  version: 1,
  languages: ["en"],
  title: en("Conditions"),
  breakdowns: [],
  questions: [
    { id: "visa", type: "single", label: en("Visa?"), options: options("yes", "no", "pending") },
    {
      id: "stamped",
      type: "single",
      label: en("Stamped?"),
      options: options("yes", "no"),
      showIf: { question: "visa", equals: ["yes", "pending"] },
    },
    {
      id: "stamp_reason",
      type: "text",
      required: true,
      label: en("Why not?"),
      showIf: { question: "stamped", equals: "no" },
    },
    {
      id: "consequences",
      type: "multi",
      label: en("Consequences"),
      options: options("work", "health", "bank", "none"),
    },
    {
      id: "employer",
      type: "text",
      label: en("Employer's reaction"),
      showIf: { question: "consequences", equals: ["work", "bank"] },
    },
  ],
});
const c = (id: string) => questionOf(conditional, id);

/** A complete, valid response to the passport survey from someone still waiting at SAIME. */
const waiting: Answers = {
  country: "pe",
  age_group: "25_34",
  gender: "woman",
  passport: "expired",
  applied: "waiting",
  months_waiting: 14,
  cost_usd: 230,
  visa: "yes",
  visa_stamped: "no_passport",
  children_undocumented: 1,
  ethnicity: "none",
  disability: "no",
  consequences: ["work", "bank"],
  comments: "Llevo más de un año esperando la prórroga.",
};

function without(answers: Answers, ...ids: string[]): Answers {
  return Object.fromEntries(Object.entries(answers).filter(([id]) => !ids.includes(id)));
}

describe("isShown", () => {
  it("shows a question without a condition whatever the answers", () => {
    expect(isShown(passport, q("country"), {})).toBe(true);
  });

  it("shows months_waiting only to someone whose SAIME application is still pending", () => {
    expect(isShown(passport, q("months_waiting"), { applied: "waiting" })).toBe(true);
    expect(isShown(passport, q("months_waiting"), { applied: "rejected" })).toBe(false);
    expect(isShown(passport, q("months_waiting"), {})).toBe(false);
  });

  it("shows a question whose array equals lists the answer, and hides it otherwise", () => {
    expect(isShown(conditional, c("stamped"), { visa: "yes" })).toBe(true);
    expect(isShown(conditional, c("stamped"), { visa: "pending" })).toBe(true);
    expect(isShown(conditional, c("stamped"), { visa: "no" })).toBe(false);
  });

  it("shows a question conditioned on a multi answer when that answer contains a listed option", () => {
    expect(isShown(conditional, c("employer"), { consequences: ["health", "bank"] })).toBe(true);
    expect(isShown(conditional, c("employer"), { consequences: ["health", "none"] })).toBe(false);
    expect(isShown(conditional, c("employer"), { consequences: [] })).toBe(false);
  });

  it("hides a question when the answer it depends on is not an option id", () => {
    expect(isShown(passport, q("visa_stamped"), { visa: 1 })).toBe(false);
  });
});

describe("checkAnswer", () => {
  it("accepts an option of a single question and refuses anything else", () => {
    expect(checkAnswer(q("country"), "co", {})).toBeNull();
    expect(checkAnswer(q("country"), "ve", {})).toBe("not_an_option");
    expect(checkAnswer(q("country"), ["co"], {})).toBe("wrong_type");
  });

  it("accepts a set of options for a multi question and refuses repeats or strangers", () => {
    expect(checkAnswer(q("consequences"), ["work", "health"], {})).toBeNull();
    expect(checkAnswer(q("consequences"), ["work", "work"], {})).toBe("wrong_type");
    expect(checkAnswer(q("consequences"), ["work", "school"], {})).toBe("not_an_option");
    expect(checkAnswer(q("consequences"), "work", {})).toBe("wrong_type");
  });

  it("accepts numbers within min and max inclusive and names the side that is out of range", () => {
    expect(checkAnswer(q("cost_usd"), 0, {})).toBeNull();
    expect(checkAnswer(q("cost_usd"), 5000, {})).toBeNull();
    expect(checkAnswer(q("cost_usd"), -1, {})).toBe("too_small");
    expect(checkAnswer(q("cost_usd"), 5000.5, {})).toBe("too_large");
    expect(checkAnswer(q("months_waiting"), 241, {})).toBe("too_large");
  });

  it("refuses a number given as a string or one that is not finite", () => {
    expect(checkAnswer(q("cost_usd"), "50", {})).toBe("wrong_type");
    expect(checkAnswer(q("cost_usd"), Number.NaN, {})).toBe("wrong_type");
    expect(checkAnswer(q("cost_usd"), Number.POSITIVE_INFINITY, {})).toBe("wrong_type");
  });

  it("accepts text up to maxLength and refuses one character more", () => {
    expect(checkAnswer(q("comments"), "a".repeat(1000), {})).toBeNull();
    expect(checkAnswer(q("comments"), "a".repeat(1001), {})).toBe("too_long");
    expect(checkAnswer(q("comments"), 12, {})).toBe("wrong_type");
  });

  it("reports a missing required answer, and an empty string or array as missing", () => {
    expect(checkAnswer(q("country"), undefined, {})).toBe("required");
    expect(checkAnswer(q("country"), "", {})).toBe("required");
    expect(checkAnswer(q("country"), "   ", {})).toBe("required");
    expect(checkAnswer(c("stamp_reason"), "", {})).toBe("required");
    expect(checkAnswer(q("passport"), undefined, {})).toBeNull();
  });
});

describe("checkAnswers", () => {
  it("finds nothing wrong with a complete, consistent response", () => {
    expect(checkAnswers(passport, waiting)).toEqual([]);
  });

  it("accepts a response that answers only the required questions", () => {
    expect(checkAnswers(passport, { country: "cl", age_group: "60_plus", gender: "man" })).toEqual(
      [],
    );
  });

  it("lists each required question left unanswered", () => {
    expect(checkAnswers(passport, without(waiting, "country", "gender"))).toEqual([
      { question: "country", problem: "required" },
      { question: "gender", problem: "required" },
    ]);
  });

  it("refuses an answer to a question its condition hides", () => {
    const rejected = { ...waiting, applied: "rejected" };
    expect(checkAnswers(passport, rejected)).toEqual([
      { question: "months_waiting", problem: "not_shown" },
    ]);
    expect(checkAnswers(passport, { ...without(waiting, "visa"), visa_stamped: "yes" })).toEqual([
      { question: "visa_stamped", problem: "not_shown" },
    ]);
  });

  it("does not require a required question while its condition hides it", () => {
    expect(checkAnswers(conditional, { visa: "yes", stamped: "yes" })).toEqual([]);
    expect(checkAnswers(conditional, { visa: "yes", stamped: "no" })).toEqual([
      { question: "stamp_reason", problem: "required" },
    ]);
  });

  it("refuses a question the survey does not have", () => {
    expect(checkAnswers(passport, { ...waiting, phone: "+51 999 999 999" })).toEqual([
      { question: "phone", problem: "unknown_question" },
    ]);
  });

  it("treats a key with an empty string or empty array as a malformed answer, not a blank one", () => {
    expect(checkAnswers(passport, { ...waiting, comments: "" })).toEqual([
      { question: "comments", problem: "wrong_type" },
    ]);
    expect(checkAnswers(passport, { ...waiting, consequences: [] })).toEqual([
      { question: "consequences", problem: "wrong_type" },
    ]);
    expect(checkAnswers(passport, without(waiting, "comments", "consequences"))).toEqual([]);
  });

  it("reports out-of-range and too-long answers under their own question", () => {
    const answers = {
      ...waiting,
      months_waiting: -2,
      children_undocumented: 21,
      comments: "x".repeat(1001),
    };
    expect(checkAnswers(passport, answers)).toEqual([
      { question: "months_waiting", problem: "too_small" },
      { question: "children_undocumented", problem: "too_large" },
      { question: "comments", problem: "too_long" },
    ]);
  });
});

describe("pruneHidden", () => {
  it("drops the months waited once the respondent changes the application answer", () => {
    const changed = { ...waiting, applied: "no_cost" };
    expect(pruneHidden(passport, changed)).toEqual(without(changed, "months_waiting"));
    expect(checkAnswers(passport, pruneHidden(passport, changed))).toEqual([]);
  });

  it("drops answers down a chain of conditions when the first link becomes hidden", () => {
    const answers = {
      visa: "no",
      stamped: "no",
      stamp_reason: "No passport",
      consequences: ["work"],
    };
    expect(pruneHidden(conditional, answers)).toEqual({ visa: "no", consequences: ["work"] });
  });

  it("keeps a response that is already consistent exactly as it is", () => {
    expect(pruneHidden(passport, waiting)).toEqual(waiting);
  });

  const optionIds = [conditional, passport].flatMap((survey) =>
    survey.questions.flatMap((question) =>
      question.type === "single" || question.type === "multi"
        ? question.options.map((o) => o.id)
        : [],
    ),
  );
  const value: fc.Arbitrary<AnswerValue> = fc.oneof(
    fc.constantFrom(...optionIds),
    fc.subarray(optionIds, { maxLength: 4 }),
    fc.integer({ min: -10, max: 300 }),
    fc.string({ maxLength: 5 }),
  );
  const answersTo = (survey: Survey): fc.Arbitrary<Answers> =>
    fc.dictionary(
      fc.constantFrom(...survey.questions.map((question) => question.id), "extra"),
      value,
    );

  it.each([
    ["the passport seed", passport],
    ["a survey with chained, array and multi conditions", conditional],
  ])("on %s leaves no answer that checkAnswers calls hidden or unknown", (_name, survey) => {
    fc.assert(
      fc.property(answersTo(survey), (answers) => {
        const pruned = pruneHidden(survey, answers);
        const problems = checkAnswers(survey, pruned).map((error) => error.problem);
        expect(problems).not.toContain("not_shown");
        expect(problems).not.toContain("unknown_question");
        expect(pruneHidden(survey, pruned)).toEqual(pruned);
      }),
    );
  });

  it("only removes keys, never adds or changes a value", () => {
    fc.assert(
      fc.property(answersTo(conditional), (answers) => {
        for (const [id, kept] of Object.entries(pruneHidden(conditional, answers))) {
          expect(kept).toBe(answers[id]);
        }
      }),
    );
  });
});
