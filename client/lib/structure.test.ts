import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseSurvey, type Survey } from "../../surveys/schema";
import { impliedTies, surveyStructure } from "./structure";

const en = (id: string) => ({ en: id });

function survey(questions: Record<string, unknown>[], breakdowns: string[] = []): Survey {
  const parsed = parseSurvey({
    slug: "structure-test",
    version: 1,
    languages: ["en"],
    title: en("t"),
    breakdowns,
    questions: questions.map((q) => ({ label: en(q.id as string), ...q })),
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

const options = (...ids: string[]) => ids.map((id) => ({ id, label: en(id) }));

/** The joint's sheets as `variable=category` strings, order-free. */
function sheetsOf(s: Survey): string[] | undefined {
  const joint = surveyStructure(s).joint;
  return joint?.sheets
    .map((row) => row.map((c, i) => `${joint.variables[i]}=${c}`).join(" "))
    .sort();
}

describe("the joint table of a small survey", () => {
  const followUp = survey(
    [
      { id: "b1", type: "single", required: true, options: options("g1", "g2") },
      { id: "p", type: "single", options: options("s1", "s2") },
      {
        id: "d",
        type: "single",
        options: options("x1", "x2"),
        showIf: { question: "p", equals: "s2" },
      },
    ],
    ["b1"],
  );

  it("lists every answer sheet the rules allow and no other", () => {
    const expected = ["g1", "g2"].flatMap((g) =>
      ["null null", "s1 null", "s2 x1", "s2 x2", "s2 null"].map((rest) => {
        const [p, d] = rest.split(" ");
        return `b1=${g} p=${p} d=${d}`;
      }),
    );
    expect(sheetsOf(followUp)).toEqual(expected.sort());
  });

  it("has an answered multi choose at least one option, and an exclusive one alone", () => {
    const multi = survey([
      {
        id: "m",
        type: "multi",
        required: true,
        options: [...options("o1", "o2"), { id: "none", label: en("none"), exclusive: true }],
      },
    ]);
    expect(sheetsOf(multi)).toEqual(
      [
        "m.o1=yes m.o2=no m.none=no m=answered",
        "m.o1=no m.o2=yes m.none=no m=answered",
        "m.o1=yes m.o2=yes m.none=no m=answered",
        "m.o1=no m.o2=no m.none=yes m=answered",
      ].sort(),
    );
  });

  it("is given up for a survey as large as the passport survey", () => {
    const passport = parseSurvey(
      JSON.parse(readFileSync("surveys/passport-access.json", "utf8")) as unknown,
    );
    if (!passport.ok) throw new Error("the seed survey does not parse");
    expect(surveyStructure(passport.value).joint).toBeUndefined();
  });

  it("says what a follow-up's answer implies about the question that opens it", () => {
    const implies = impliedTies(surveyStructure(followUp));
    expect(implies({ variable: "d", category: "x1" })).toEqual([{ variable: "p", category: "s2" }]);
    expect(implies({ variable: "d", category: null })).toEqual([]);
    expect(implies({ variable: "p", category: "s1" })).toEqual([{ variable: "d", category: null }]);
  });

  it("says what leaving an option out of a required multi implies about the others", () => {
    const multi = survey([
      { id: "m", type: "multi", required: true, options: options("o1", "o2") },
    ]);
    const implies = impliedTies(surveyStructure(multi));
    expect(implies({ variable: "m.o1", category: "no" })).toEqual([
      { variable: "m.o2", category: "yes" },
      { variable: "m", category: "answered" },
    ]);
    expect(implies({ variable: "m.o1", category: "yes" })).toEqual([
      { variable: "m", category: "answered" },
    ]);
  });
});
