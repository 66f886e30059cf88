import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSurvey, type Survey } from "../../surveys/schema";
import type { Answers } from "./answers";
import { addTabulations, tabulate } from "./tabulate";

const text = (en: string) => ({ en });
const options = (...ids: string[]) => ids.map((id) => ({ id, label: text(id) }));

const parsed = parseSurvey({
  slug: "split-example",
  version: 1,
  languages: ["en"],
  title: text("Split example"),
  breakdowns: ["gender"],
  questions: [
    { id: "gender", type: "single", label: text("Gender"), options: options("woman", "man") },
    { id: "passport", type: "single", label: text("Passport"), options: options("yes", "no") },
    { id: "help", type: "multi", label: text("Help"), options: options("food", "legal") },
  ],
});
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
const survey: Survey = parsed.value;

const answers: fc.Arbitrary<Answers> = fc.record(
  {
    gender: fc.constantFrom("woman", "man"),
    passport: fc.constantFrom("yes", "no"),
    help: fc.subarray(["food", "legal"], { minLength: 1 }),
  },
  { requiredKeys: [] },
);

const tables = (responses: Answers[]) => {
  const result = tabulate(survey, responses);
  if (!result.ok) throw new Error(result.reason);
  return result.tables;
};

describe("addTabulations", () => {
  it("adding the tabulations of any split of the responses gives the tabulation of them all", () => {
    fc.assert(
      fc.property(fc.array(answers, { maxLength: 40 }), fc.nat(), (responses, at) => {
        const cut = responses.length === 0 ? 0 : at % (responses.length + 1);
        const sum = addTabulations(tables(responses.slice(0, cut)), tables(responses.slice(cut)));
        expect(sum).toEqual(tables(responses));
      }),
    );
  });

  it("adding an empty tabulation changes nothing", () => {
    const some = tables([{ gender: "woman", passport: "no", help: ["food"] }]);
    expect(addTabulations(tables([]), some)).toEqual(some);
  });

  it("refuses tabulations of different tables, which would be a bug", () => {
    const one = tables([]);
    expect(() => addTabulations(one, one.slice(1))).toThrow(/tables added/);
    const renamed = one.map((t, i) => (i === 0 ? { ...t, id: "other" } : t));
    expect(() => addTabulations(one, renamed)).toThrow(/table other added/);
  });
});
