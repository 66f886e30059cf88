import { describe, expect, it } from "vitest";
import type { Condition, Question } from "../../surveys/schema";
import {
  atomFor,
  blankRow,
  conditionOf,
  isWellFormed,
  operatorOf,
  operatorsFor,
  type Rows,
  rowsOf,
} from "./condition-rows";

const en = (value: string) => ({ en: value });
const visa: Question = {
  id: "visa",
  type: "multi",
  label: en("Visa"),
  options: [
    { id: "work", label: en("Work") },
    { id: "study", label: en("Study") },
  ],
};
const age: Question = { id: "age", type: "number", label: en("Age") };
const comment: Question = { id: "comment", type: "text", label: en("Comment") };

describe("condition rows", () => {
  it.each<[string, Condition | undefined]>([
    ["no condition", undefined],
    ["one test", { question: "age", lt: 18 }],
    ["one test turned around", { not: { question: "visa", equals: "work" } }],
    [
      "all of several, one of them turned around",
      { all: [{ question: "age", gte: 18 }, { not: { question: "visa", includes: "work" } }] },
    ],
    [
      "any of several",
      {
        any: [
          { question: "age", lt: 5 },
          { question: "comment", answered: true },
        ],
      },
    ],
  ])("show %s and give it back unchanged", (_name, condition) => {
    const rows = rowsOf(condition);
    expect(rows).not.toBeNull();
    expect(conditionOf(rows as Rows)).toEqual(condition);
  });

  it.each<[string, Condition]>([
    [
      "any inside all",
      { all: [{ question: "age", lt: 5 }, { any: [{ question: "age", gt: 9 }] }] },
    ],
    ["not around all", { not: { all: [{ question: "age", lt: 5 }] } }],
    ["not around not", { not: { not: { question: "age", lt: 5 } } }],
  ])("leave %s to the JSON editor", (_name, condition) => {
    expect(rowsOf(condition)).toBeNull();
  });

  it("write one row as the test alone, and no rows as no condition", () => {
    const row = blankRow(age);
    expect(conditionOf({ combine: "any", rows: [row] })).toEqual(row.atom);
    expect(conditionOf({ combine: "all", rows: [] })).toBeUndefined();
  });
});

describe("tests on a question", () => {
  it("offer what the contract allows for each type", () => {
    expect(operatorsFor(visa)).toContain("includes");
    expect(operatorsFor(age)).toEqual(["lt", "lte", "gt", "gte", "answered", "unanswered"]);
    expect(operatorsFor(comment)).toEqual(["answered", "unanswered"]);
  });

  it("keep the ticked options when switching between one of and none of", () => {
    const chosen = atomFor(visa, "equals", { question: "visa", equals: ["work", "study"] });
    const none = atomFor(visa, "notEquals", chosen);
    expect(none).toEqual({ question: "visa", notEquals: ["work", "study"] });
    expect(operatorOf(none)).toBe("notEquals");
  });

  it("keep the number when switching between comparisons, and start lists empty", () => {
    expect(atomFor(age, "gte", { question: "age", lt: 18 })).toEqual({ question: "age", gte: 18 });
    expect(atomFor(visa, "equals")).toEqual({ question: "visa", equals: [] });
    expect(atomFor(visa, "includes")).toEqual({ question: "visa", includes: "work" });
    expect(atomFor(age, "unanswered")).toEqual({ question: "age", answered: false });
  });

  it("do not carry options over to another question", () => {
    expect(atomFor(visa, "equals", { question: "other", equals: "x" })).toEqual({
      question: "visa",
      equals: [],
    });
  });
});

describe("isWellFormed", () => {
  it("draws a test whose option list is still empty", () => {
    expect(isWellFormed({ question: "visa", equals: [] })).toBe(true);
    expect(rowsOf({ question: "visa", equals: [] })?.rows).toHaveLength(1);
  });

  it.each<[string, unknown]>([
    ["a string", "visa == work"],
    ["all that is not a list", { all: "x" }],
    ["a test with two operators", { question: "age", lt: 1, gt: 0 }],
    ["a comparison with text", { question: "age", lt: "18" }],
    ["a test without a question", { equals: "x" }],
    ["a list holding null", { any: [null] }],
  ])("refuses %s, which goes to the JSON editor", (_name, value) => {
    expect(isWellFormed(value)).toBe(false);
    expect(rowsOf(value as Condition)).toBeNull();
  });
});
