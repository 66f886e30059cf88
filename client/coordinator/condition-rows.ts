// The builder's view of a condition (docs/survey-format.md "Conditions"): a list of rows, each
// one test on one earlier question, possibly turned around by "not", combined by all or any.
// That covers what designers write by hand and what XLSForm imports mostly carry; a deeper
// tree (all inside any…) is edited as JSON instead. UI-free.
import type { Condition, Question } from "../../surveys/schema";
import type { Atom } from "../lib/conditions";

const OPERATORS = ["equals", "notEquals", "includes", "lt", "lte", "gt", "gte", "answered"];

/**
 * Whether the builder can walk a condition: the right kinds in the right places. Looser than
 * the contract on purpose — an empty list of options is drawable (the designer is about to
 * tick one) and the validator says what is missing.
 */
export function isWellFormed(value: unknown): value is Condition {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  if ("all" in record) return Array.isArray(record.all) && record.all.every(isWellFormed);
  if ("any" in record) return Array.isArray(record.any) && record.any.every(isWellFormed);
  if ("not" in record) return isWellFormed(record.not);
  const operators = OPERATORS.filter((key) => key in record);
  const [operator] = operators;
  if (typeof record.question !== "string" || operator === undefined || operators.length > 1) {
    return false;
  }
  const operand = record[operator];
  switch (operator) {
    case "equals":
    case "notEquals":
      return (
        typeof operand === "string" ||
        (Array.isArray(operand) && operand.every((o) => typeof o === "string"))
      );
    case "includes":
      return typeof operand === "string";
    case "answered":
      return typeof operand === "boolean";
    default:
      return typeof operand === "number";
  }
}

export interface Row {
  negated: boolean;
  atom: Atom;
}

export interface Rows {
  combine: "all" | "any";
  rows: Row[];
}

function rowOf(condition: Condition): Row | null {
  if ("not" in condition) {
    const inner = condition.not;
    return "all" in inner || "any" in inner || "not" in inner
      ? null
      : { negated: true, atom: inner };
  }
  if ("all" in condition || "any" in condition) return null;
  return { negated: false, atom: condition };
}

/** The rows of a condition, or null when it is deeper than rows can show (or malformed). */
export function rowsOf(condition: Condition | undefined): Rows | null {
  if (condition === undefined) return { combine: "all", rows: [] };
  if (!isWellFormed(condition)) return null;
  const parts = "all" in condition ? condition.all : "any" in condition ? condition.any : null;
  const combine = "any" in condition ? "any" : "all";
  const rows = (parts ?? [condition]).map(rowOf);
  return rows.every((row): row is Row => row !== null) ? { combine, rows } : null;
}

/** No rows is no condition; one row stands alone; several are combined. */
export function conditionOf({ combine, rows }: Rows): Condition | undefined {
  const parts: Condition[] = rows.map((row) => (row.negated ? { not: row.atom } : row.atom));
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return parts[0];
  return combine === "all" ? { all: parts } : { any: parts };
}

export type Operator =
  | "equals"
  | "notEquals"
  | "includes"
  | "lt"
  | "lte"
  | "gt"
  | "gte"
  | "answered"
  | "unanswered";

export function operatorOf(atom: Atom): Operator {
  if ("answered" in atom) return atom.answered ? "answered" : "unanswered";
  if ("equals" in atom) return "equals";
  if ("notEquals" in atom) return "notEquals";
  if ("includes" in atom) return "includes";
  if ("lt" in atom) return "lt";
  if ("lte" in atom) return "lte";
  if ("gt" in atom) return "gt";
  return "gte";
}

/** The tests the contract allows on a question of this type. */
export function operatorsFor(question: Question): Operator[] {
  switch (question.type) {
    case "single":
      return ["equals", "notEquals", "answered", "unanswered"];
    case "multi":
      return ["equals", "includes", "notEquals", "answered", "unanswered"];
    case "number":
      return ["lt", "lte", "gt", "gte", "answered", "unanswered"];
    default:
      return ["answered", "unanswered"];
  }
}

/** The options an atom lists, whichever form it uses. */
export function atomOptions(atom: Atom): string[] {
  const value =
    "equals" in atom
      ? atom.equals
      : "notEquals" in atom
        ? atom.notEquals
        : "includes" in atom
          ? atom.includes
          : [];
  return Array.isArray(value) ? value : [value];
}

/** One option is written as a string, several as a list (both are valid). */
export function optionList(values: readonly string[]): string | string[] {
  return values.length === 1 ? (values[0] as string) : [...values];
}

function atomNumber(atom: Atom): number | undefined {
  if ("lt" in atom) return atom.lt;
  if ("lte" in atom) return atom.lte;
  if ("gt" in atom) return atom.gt;
  if ("gte" in atom) return atom.gte;
  return undefined;
}

/**
 * The atom for `operator` on `question`, keeping what still fits of the previous one (its
 * options between equals and notEquals, its number between comparisons). Lists may start
 * empty: the validator asks for at least one option while the designer ticks.
 */
export function atomFor(question: Question, operator: Operator, previous?: Atom): Atom {
  const same = previous?.question === question.id ? previous : undefined;
  const chosen = same ? atomOptions(same) : [];
  const number = same ? (atomNumber(same) ?? 0) : 0;
  const id = question.id;
  switch (operator) {
    case "equals":
      return { question: id, equals: optionList(chosen) };
    case "notEquals":
      return { question: id, notEquals: optionList(chosen) };
    case "includes": {
      const first = chosen[0] ?? (question.type === "multi" ? (question.options[0]?.id ?? "") : "");
      return { question: id, includes: first };
    }
    case "lt":
      return { question: id, lt: number };
    case "lte":
      return { question: id, lte: number };
    case "gt":
      return { question: id, gt: number };
    case "gte":
      return { question: id, gte: number };
    case "answered":
      return { question: id, answered: true };
    case "unanswered":
      return { question: id, answered: false };
  }
}

/** A new row on `question`: its first test, nothing chosen yet. */
export function blankRow(question: Question): Row {
  return { negated: false, atom: atomFor(question, operatorsFor(question)[0] ?? "answered") };
}
