import fc from "fast-check";
import { describe, expect, it } from "vitest";
import passport from "../../surveys/passport-access.json";
import { parseSurvey, type Question, type Survey } from "../../surveys/schema";
import additions from "../../test/fixtures/surveys/every-addition.json";
import type { Answers } from "./answers";
import { crossTab, summarizeQuestion as summarize, withAsked } from "./report";

const summarizeQuestion = (q: Question, responses: Answers[]) =>
  summarize(q, withAsked(survey, responses));

const survey: Survey = (() => {
  const parsed = parseSurvey(passport);
  if (!parsed.ok) throw new Error("the seed survey is invalid");
  return parsed.value;
})();
const question = (id: string) => survey.questions.find((q) => q.id === id) as Question;

describe("a question's summary", () => {
  it("counts people never shown a conditional question as not asked, not as no answer", () => {
    const responses: Answers[] = [
      { applied: "waiting", months_waiting: 4 },
      { applied: "waiting" },
      { applied: "rejected" },
      {},
    ];
    const months = summarizeQuestion(question("months_waiting"), responses);
    expect(months).toMatchObject({ responses: 4, asked: 2, answered: 1 });
    expect(months.categories).toEqual([
      { id: "0-3", count: 0 },
      { id: "3-6", count: 1 },
      { id: "6-12", count: 0 },
      { id: "12-24", count: 0 },
      { id: "24+", count: 0 },
    ]);
    // Unconditional: everyone was asked, whoever skipped it gave no answer.
    expect(summarizeQuestion(question("applied"), responses)).toMatchObject({
      asked: 4,
      answered: 3,
    });
  });

  it("counts each chosen option of a multi question among those who answered it", () => {
    const summary = summarizeQuestion(question("consequences"), [
      { consequences: ["work", "health"] },
      { consequences: ["work"] },
      {},
    ]);
    expect(summary).toMatchObject({ kind: "multi", asked: 3, answered: 2 });
    expect(summary.categories.find((c) => c.id === "work")?.count).toBe(2);
    expect(summary.categories.find((c) => c.id === "health")?.count).toBe(1);
  });

  it("gives the median of a number question", () => {
    const summary = summarizeQuestion(question("cost_usd"), [
      { cost_usd: 10 },
      { cost_usd: 400 },
      { cost_usd: 30 },
      { cost_usd: 20 },
    ]);
    expect(summary.statistics).toEqual({ min: 10, median: 25, max: 400 });
  });

  it("always adds up: asked ≤ responses, answered ≤ asked, single categories sum to answered", () => {
    const applied = (question("applied") as { options: { id: string }[] }).options.map((o) => o.id);
    const response = fc
      .record(
        {
          applied: fc.constantFrom(...applied),
          months_waiting: fc.integer({ min: 0, max: 240 }),
        },
        { requiredKeys: [] },
      )
      .map((a) => {
        const answers: Answers = { ...a };
        if (answers.applied !== "waiting") delete answers.months_waiting;
        return answers;
      });
    fc.assert(
      fc.property(fc.array(response, { maxLength: 60 }), (responses) => {
        const months = summarizeQuestion(question("months_waiting"), responses);
        const waiting = responses.filter((r) => r.applied === "waiting").length;
        expect(months.asked).toBe(waiting);
        expect(months.answered).toBe(
          responses.filter((r) => r.months_waiting !== undefined).length,
        );
        const sum = months.categories.reduce((total, c) => total + c.count, 0);
        expect(sum).toBe(months.answered);
        const appliedSummary = summarizeQuestion(question("applied"), responses);
        expect(appliedSummary.asked).toBe(responses.length);
        expect(appliedSummary.categories.reduce((t, c) => t + c.count, 0)).toBe(
          appliedSummary.answered,
        );
      }),
    );
  });
});

describe("a cross-tab", () => {
  it("summarizes the question within each group, and keeps those without a group apart", () => {
    const table = crossTab(
      question("passport"),
      question("gender"),
      withAsked(survey, [
        { gender: "woman", passport: "valid" },
        { gender: "woman", passport: "never" },
        { gender: "man" },
        { passport: "valid" },
      ]),
    );
    expect(table.groups).toEqual(["woman", "man", "another", "prefer_not", null]);
    expect(table.columns.map((c) => [c.asked, c.answered])).toEqual([
      [2, 2],
      [1, 0],
      [0, 0],
      [0, 0],
      [1, 1],
    ]);
    expect(table.columns[0]?.categories.find((c) => c.id === "never")?.count).toBe(1);
  });
});

describe("a survey with sections", () => {
  const parsed = parseSurvey(additions);
  if (!parsed.ok) throw new Error("the fixture is invalid");
  const withSections = parsed.value;
  const q = (id: string) => withSections.questions.find((x) => x.id === id) as Question;
  const responses = withAsked(withSections, [
    { consent: "yes", age: 30, arrived: "2019-05", documents: ["passport"] },
    { consent: "yes", age: 15 },
    { consent: "no" },
  ]);

  it("counts those whose section was hidden as not asked", () => {
    // "about" is shown on consent; "papers" also needs an age of 18 or more.
    expect(summarize(q("age"), responses)).toMatchObject({ asked: 2, answered: 2 });
    expect(summarize(q("documents"), responses)).toMatchObject({ asked: 1, answered: 1 });
  });

  it("puts month answers into the month bins", () => {
    const arrived = summarize(q("arrived"), responses);
    expect(arrived.kind).toBe("bins");
    expect(arrived.categories).toEqual([
      { id: "2018-01/2020-01", count: 1 },
      { id: "2020-01+", count: 0 },
    ]);
  });
});
