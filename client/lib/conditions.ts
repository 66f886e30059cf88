// The one evaluator of survey conditions (docs/survey-format.md "Conditions"): the respondent
// page, the form without JavaScript, the answer rules, tabulation and the builder's preview all
// decide "shown" through isTrue. UI-free and pure.
import type { Condition } from "../../surveys/schema";

/** A condition on one question's answer: everything but all / any / not. */
export type Atom = Exclude<Condition, { all: unknown } | { any: unknown } | { not: unknown }>;

/** An empty string or list is no answer (DESIGN §4: an unanswered question has no key). */
export function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === "string" && value.trim() === "") ||
    (Array.isArray(value) && value.length === 0)
  );
}

const asList = (value: string | string[]) => (Array.isArray(value) ? value : [value]);

/** The options an answer chose: one for a single question, several for a multi one. */
function chosen(value: unknown): string[] | null {
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value;
  return null;
}

/**
 * Whether a condition holds. `answers` must hold only the answers of questions that are shown
 * (as envelopes do, and as answers.ts builds them in survey order), so that an atom on a
 * question that is unanswered or not shown is false — `notEquals` included, and `answered:
 * false` being the one atom that asks for exactly that. Only `not` turns false into true.
 * Answers of the wrong kind make an atom false too; this never throws on untrusted input.
 */
export function isTrue(condition: Condition, answers: Readonly<Record<string, unknown>>): boolean {
  if ("all" in condition) return condition.all.every((c) => isTrue(c, answers));
  if ("any" in condition) return condition.any.some((c) => isTrue(c, answers));
  if ("not" in condition) return !isTrue(condition.not, answers);
  // A plain lookup is safe: question ids are lower case and never "constructor" or
  // "__proto__" (surveys/schema.ts), so none names an Object.prototype member.
  const value = answers[condition.question];
  if ("answered" in condition) return isEmpty(value) !== condition.answered;
  if (isEmpty(value)) return false;
  if ("lt" in condition) return typeof value === "number" && value < condition.lt;
  if ("lte" in condition) return typeof value === "number" && value <= condition.lte;
  if ("gt" in condition) return typeof value === "number" && value > condition.gt;
  if ("gte" in condition) return typeof value === "number" && value >= condition.gte;
  const options = chosen(value);
  if (options === null) return false;
  if ("includes" in condition) return options.includes(condition.includes);
  if ("equals" in condition) {
    const wanted = asList(condition.equals);
    return options.some((o) => wanted.includes(o));
  }
  const unwanted = asList(condition.notEquals);
  return !options.some((o) => unwanted.includes(o));
}

/** The atoms of a condition in reading order: what the builder lists and the audit relates. */
export function atomsOf(condition: Condition): Atom[] {
  if ("all" in condition) return condition.all.flatMap(atomsOf);
  if ("any" in condition) return condition.any.flatMap(atomsOf);
  if ("not" in condition) return atomsOf(condition.not);
  return [condition];
}

/** The same condition with each atom replaced (renaming a question or an option). */
export function mapAtoms(condition: Condition, change: (atom: Atom) => Atom): Condition {
  if ("all" in condition) return { all: condition.all.map((c) => mapAtoms(c, change)) };
  if ("any" in condition) return { any: condition.any.map((c) => mapAtoms(c, change)) };
  if ("not" in condition) return { not: mapAtoms(condition.not, change) };
  return change(condition);
}
