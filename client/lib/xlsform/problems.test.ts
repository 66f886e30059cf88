import { describe, expect, it } from "vitest";
import { ProblemList } from "./problems";

describe("the import's problem list", () => {
  it("names the first three things a line is about, each once, then …", () => {
    const problems = new ProblemList();
    const names = ["A → a", "B → b", "A → a", "C → c", "D → d"];
    names.forEach((named, i) => {
      problems.addNamed("survey", i + 2, "name", "name changed", named, (shown) => `ids: ${shown}`);
    });
    expect(problems.list()).toEqual([
      {
        sheet: "survey",
        rows: [2, 3, 4, 5, 6],
        column: "name",
        construct: "name changed",
        message: "ids: A → a, B → b, C → c, …",
      },
    ]);
  });

  it("lists every name when there are three or fewer", () => {
    const problems = new ProblemList();
    problems.addNamed("choices", 2, "name", "name changed", "Yes → yes", (s) => `ids: ${s}`);
    problems.addNamed("choices", 3, "name", "name changed", "No → no", (s) => `ids: ${s}`);
    expect(problems.list()[0]?.message).toBe("ids: Yes → yes, No → no");
  });
});
