import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseSurvey, type Survey } from "../../surveys/schema";
import { type Answers, checkAnswers } from "./answers";
import { type CountedTable, parseCountedTables, statisticId } from "./publication";
import { binIds, binOf, crossedBy, tabulate } from "./tabulate";

const text = (en: string) => ({ en });
const options = (...ids: string[]) => ids.map((id) => ({ id, label: text(id) }));

const parsed = parseSurvey({
  slug: "small-example",
  version: 1,
  languages: ["en"],
  title: text("Small example"),
  breakdowns: ["gender"],
  questions: [
    { id: "gender", type: "single", label: text("Gender"), options: options("woman", "man") },
    {
      id: "applied",
      type: "single",
      label: text("Applied?"),
      options: options("yes", "waiting", "no"),
    },
    {
      id: "months",
      type: "number",
      min: 0,
      bins: [0, 3, 12],
      label: text("Months waiting"),
      showIf: { question: "applied", equals: "waiting" },
    },
    { id: "help", type: "multi", label: text("Help"), options: options("food", "legal", "none") },
    { id: "note", type: "text", label: text("Anything else?") },
  ],
});
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
const survey: Survey = parsed.value;

const responses: Answers[] = [
  { gender: "woman", applied: "waiting", months: 0, help: ["food", "legal"] },
  { gender: "woman", applied: "waiting", months: 3, help: ["none"] },
  { gender: "man", applied: "yes", help: ["food"] },
  { gender: "man", applied: "waiting", months: 12.5 },
  { applied: "no", note: "x" },
  { gender: "woman", applied: "waiting", months: 2.99 },
];

function tables(): CountedTable[] {
  const result = tabulate(survey, responses);
  if (!result.ok) throw new Error(result.reason);
  return result.tables;
}

const byId = (id: string) => tables().find((t) => t.id === id) as CountedTable;
const counts = (t: CountedTable) =>
  t.cells.map((c) => `${t.variables.map((v) => String(c.key[v])).join(",")}=${c.count}`);

describe("tabulate", () => {
  it("is valid input for suppression and answers only what the example needs", () => {
    for (const answers of responses) expect(checkAnswers(survey, answers)).toEqual([]);
    expect(parseCountedTables({ tables: tables() }).ok).toBe(true);
  });

  it("makes one table per variable and per variable × breakdown, never for text", () => {
    expect(tables().map((t) => t.id)).toEqual([
      "gender",
      "applied",
      "applied×gender",
      "months",
      "months×gender",
      "help.food",
      "help.food×gender",
      "help.legal",
      "help.legal×gender",
      "help.none",
      "help.none×gender",
    ]);
  });

  it("bins numbers into [lo, hi) and an open last bin, and counts a hidden question as no answer", () => {
    // 0 and 2.99 are below 3; 3 starts the second bin; 12.5 is past the last edge; two
    // respondents were never shown the question.
    expect(counts(byId("months"))).toEqual(["0-3=2", "3-12=1", "12+=1", "null=2", "*=6"]);
  });

  it("counts each option of a multi question as yes, no, or null when unanswered", () => {
    expect(counts(byId("help.food"))).toEqual(["yes=2", "no=1", "null=3", "*=6"]);
    expect(counts(byId("help.none"))).toEqual(["yes=1", "no=2", "null=3", "*=6"]);
  });

  it("lists a cross table's cells in the definition's order with null, margins and total", () => {
    expect(counts(byId("applied×gender"))).toEqual([
      "yes,woman=0",
      "yes,man=1",
      "yes,null=0",
      "yes,*=1",
      "waiting,woman=3",
      "waiting,man=1",
      "waiting,null=0",
      "waiting,*=4",
      "no,woman=0",
      "no,man=0",
      "no,null=1",
      "no,*=1",
      "null,woman=0",
      "null,man=0",
      "null,null=0",
      "null,*=0",
      "*,woman=3",
      "*,man=2",
      "*,null=1",
      "*,*=6",
    ]);
  });

  it("gives every copy of a statistic the same count across tables", () => {
    const seen = new Map<string, number>();
    for (const cell of tables().flatMap((t) => t.cells)) {
      const id = statisticId(cell.key);
      expect(seen.get(id) ?? cell.count).toBe(cell.count);
      seen.set(id, cell.count);
    }
    expect(seen.get(statisticId({}))).toBe(responses.length);
  });

  it("crosses with the breakdowns it is given instead of the survey's", () => {
    const result = tabulate(survey, responses, { breakdowns: ["applied", "gender"] });
    if (!result.ok) throw new Error(result.reason);
    const ids = result.tables.map((t) => t.id);
    // applied and gender are both breakdowns: crossed once, the earlier question first.
    expect(ids).toContain("gender×applied");
    expect(ids).not.toContain("applied×gender");
    expect(ids).toContain("months×applied");
    expect(tabulate(survey, responses, { breakdowns: ["note"] })).toMatchObject({
      ok: false,
      breakdown: "note",
    });
  });

  it("makes the same tables, all zero, from no responses", () => {
    const result = tabulate(survey, []);
    expect(result.ok && result.tables.length).toBe(11);
    if (result.ok)
      expect(result.tables.flatMap((t) => t.cells).every((c) => c.count === 0)).toBe(true);
  });
});

describe("tables for fewer breakdowns than were tabulated", () => {
  it("are exactly what tabulating by those breakdowns alone gives, crosses turned round included", () => {
    const two = { ...survey, breakdowns: ["gender", "applied"] };
    const by = (breakdowns: string[]) => {
      const result = tabulate(two, responses, { breakdowns });
      if (!result.ok) throw new Error(result.reason);
      return result.tables;
    };
    const all = by(["gender", "applied"]);
    expect(all.map((t) => t.id)).toContain("gender×applied");
    for (const chosen of [["gender"], ["applied"], ["gender", "applied"], []]) {
      expect(crossedBy(all, chosen), chosen.join(",")).toEqual(by(chosen));
    }
    // Gender alone: the applied question crossed by gender, not gender crossed by applied.
    const ids = crossedBy(all, ["gender"]).map((t) => t.id);
    expect(ids).toContain("applied×gender");
    expect(ids).not.toContain("gender×applied");
  });

  it('keeps an option whose id is "null" apart from no answer when it turns a cross round', () => {
    const [gender, applied, ...rest] = survey.questions;
    const withNull = {
      ...survey,
      breakdowns: ["gender", "applied"],
      questions: [
        gender,
        { ...applied, options: [...options("yes", "waiting", "no"), ...options("null")] },
        ...rest,
      ],
    } as Survey;
    const answers = [...responses, { gender: "man", applied: "null" }, { gender: "woman" }];
    const by = (breakdowns: string[]) => {
      const result = tabulate(withNull, answers, { breakdowns });
      if (!result.ok) throw new Error(result.reason);
      return result.tables;
    };
    expect(crossedBy(by(["gender", "applied"]), ["gender"])).toEqual(by(["gender"]));
  });
});

describe("bins", () => {
  it("names bins by their edges and counts a value below the first edge in the first bin", () => {
    expect(binIds([0, 50, 100, 200, 400])).toEqual([
      "0-50",
      "50-100",
      "100-200",
      "200-400",
      "400+",
    ]);
    expect(binIds([-1.5, 0])).toEqual(["-1.5-0", "0+"]);
    expect([-3, 0, 49.9, 50, 399, 400, 1e6].map((v) => binOf([0, 50, 100, 200, 400], v))).toEqual([
      0, 0, 0, 1, 3, 4, 4,
    ]);
  });
});

describe("tabulating the survey format's additions", () => {
  const additions = parseSurvey(
    JSON.parse(
      readFileSync(
        new URL("../../test/fixtures/surveys/every-addition.json", import.meta.url),
        "utf8",
      ),
    ),
  );
  if (!additions.ok) throw new Error(JSON.stringify(additions.errors));
  const adult = {
    consent: "yes",
    country: "co",
    region: "bogota",
    age: 34,
    documents: ["id_card", "other"],
    documents_other: "Permiso",
    follow_up: "yes",
  };
  const answered: Answers[] = [
    { ...adult, arrived: "2017-05" },
    { ...adult, arrived: "2019-12" },
    { ...adult, arrived: "2020-01" },
    { ...without(adult, "documents_other"), arrived: "2025-12", documents: ["none"] },
    { consent: "no" },
  ];
  const result = tabulate(additions.value, answered);
  function without(answers: Answers, id: string): Answers {
    const { [id]: _, ...rest } = answers;
    return rest;
  }
  if (!result.ok) throw new Error(result.reason);
  const table = (id: string) => result.tables.find((t) => t.id === id) as CountedTable;

  it("tabulates choices, binned numbers and months, never notes or specify texts", () => {
    for (const answers of answered) expect(checkAnswers(additions.value, answers)).toEqual([]);
    expect(result.tables.filter((t) => t.variables.length === 1).map((t) => t.id)).toEqual([
      "consent",
      "country",
      "region",
      "age",
      "arrived",
      "documents.passport",
      "documents.id_card",
      "documents.other",
      "documents.none",
      "follow_up",
    ]);
  });

  it("bins months into [lo, hi) with '/' between the edges, earlier months in the first bin", () => {
    expect(counts(table("arrived"))).toEqual(["2018-01/2020-01=2", "2020-01+=2", "null=1", "*=5"]);
    expect(binIds(["2018-01", "2020-01"], "/")).toEqual(["2018-01/2020-01", "2020-01+"]);
  });

  it("counts everyone a section hid in the null category, so margins still agree", () => {
    expect(counts(table("country"))).toEqual(["co=4", "pe=0", "cl=0", "null=1", "*=5"]);
    expect(counts(table("documents.none"))).toEqual(["yes=1", "no=3", "null=1", "*=5"]);
    expect(counts(table("region"))).toEqual(["bogota=4", "lima=0", "elsewhere=0", "null=1", "*=5"]);
  });

  it("crosses a month with a breakdown like any binned variable", () => {
    expect(counts(table("arrived×country"))).toContain("2020-01+,co=2");
  });
});
