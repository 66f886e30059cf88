// What a valid set of answers to one survey version is (DESIGN §4 plaintext "answers", with
// the additions of docs/survey-format.md). Shared by the respondent page (inline messages), the
// form without JavaScript, the envelope opener and tabulation, so that "shown", "required" and
// "in range" mean one thing everywhere. UI-free.
import { MONTH } from "../../surveys/formats";
import type { ChoiceQuestion, Option, Question, Survey } from "../../surveys/schema";
import { isEmpty, isTrue } from "./conditions";

export { isEmpty };

export type AnswerValue = string | string[] | number;
export type Answers = Record<string, AnswerValue>;

export type AnswerProblem =
  | "required"
  | "not_an_option"
  | "wrong_type"
  | "too_small"
  | "too_large"
  | "too_long"
  | "not_integer"
  | "not_a_month"
  | "exclusive"
  | "not_shown"
  | "unknown_question";

/**
 * Problems for which a question's own `constraintMessage` is shown instead of the generic
 * message (min, max, integer, maxLength, an exclusive option chosen with others).
 */
export const CONSTRAINT_PROBLEMS: ReadonlySet<AnswerProblem> = new Set<AnswerProblem>([
  "too_small",
  "too_large",
  "too_long",
  "not_integer",
  "exclusive",
]);

export interface AnswerError {
  question: string;
  problem: AnswerProblem;
}

/**
 * The options of a choice question offered after the earlier answers: with `filterBy`, those
 * without `for` and those whose `for` names the parent's answer (country → region).
 */
export function offeredOptions(question: ChoiceQuestion, answers: Answers): Option[] {
  if (question.filterBy === undefined) return question.options;
  const parent = answers[question.filterBy];
  return question.options.filter((o) => {
    if (o.for === undefined) return true;
    return typeof parent === "string" && (Array.isArray(o.for) ? o.for : [o.for]).includes(parent);
  });
}

/** A question's own rule, given the answers to the questions shown before it. */
function ownConditionHolds(question: Question, earlier: Answers): boolean {
  if (question.type === "text" && question.specifies) {
    const { question: parent, option } = question.specifies;
    return isTrue({ question: parent, includes: option }, earlier);
  }
  if (question.showIf && !isTrue(question.showIf, earlier)) return false;
  // A filtered question that offers nothing for this parent answer is skipped, not a dead end.
  if ((question.type === "single" || question.type === "multi") && question.filterBy) {
    return offeredOptions(question, earlier).length > 0;
  }
  return true;
}

interface Walk {
  shown: Question[];
  /** The answers of shown questions only: what conditions after them see. */
  kept: Answers;
}

/**
 * One pass in survey order: a question is shown iff its section's condition and its own hold,
 * each evaluated on the answers of questions shown before it. A section's condition looks back
 * from its first question only, so it is evaluated once, there.
 */
function walk(survey: Survey, answers: Answers): Walk {
  const conditions = new Map((survey.sections ?? []).map((s) => [s.id, s.showIf]));
  const sectionShown = new Map<string, boolean>();
  const shown: Question[] = [];
  const kept: Answers = {};
  for (const q of survey.questions) {
    if (q.section !== undefined) {
      let open = sectionShown.get(q.section);
      if (open === undefined) {
        const condition = conditions.get(q.section);
        open = condition === undefined || isTrue(condition, kept);
        sectionShown.set(q.section, open);
      }
      if (!open) continue;
    }
    if (!ownConditionHolds(q, kept)) continue;
    shown.push(q);
    const value = answers[q.id];
    if (value !== undefined && q.type !== "note") kept[q.id] = value;
  }
  return { shown, kept };
}

export function shownQuestions(survey: Survey, answers: Answers): Question[] {
  return walk(survey, answers).shown;
}

export function isShown(survey: Survey, question: Question, answers: Answers): boolean {
  return walk(survey, answers).shown.some((q) => q.id === question.id);
}

/** Drops answers to questions that a later change made hidden, so they are never sent. */
export function pruneHidden(survey: Survey, answers: Answers): Answers {
  return walk(survey, answers).kept;
}

/**
 * One answer's problem, or null. `earlier` are the answers to earlier questions (only a
 * filtered question reads them: its answer must be offered for its parent's answer).
 */
export function checkAnswer(
  question: Question,
  value: AnswerValue | undefined,
  earlier: Answers,
): AnswerProblem | null {
  if (question.type === "note") return value === undefined ? null : "wrong_type";
  if (isEmpty(value)) return question.required ? "required" : null;
  switch (question.type) {
    case "single": {
      if (typeof value !== "string") return "wrong_type";
      return offeredOptions(question, earlier).some((o) => o.id === value) ? null : "not_an_option";
    }
    case "multi": {
      if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) return "wrong_type";
      if (new Set(value).size !== value.length) return "wrong_type";
      const offered = new Map(offeredOptions(question, earlier).map((o) => [o.id, o]));
      if (!value.every((v) => offered.has(v))) return "not_an_option";
      const alone = value.length === 1;
      return alone || !value.some((v) => offered.get(v)?.exclusive) ? null : "exclusive";
    }
    case "number": {
      if (typeof value !== "number" || !Number.isFinite(value)) return "wrong_type";
      if (question.integer && !Number.isInteger(value)) return "not_integer";
      if (question.min !== undefined && value < question.min) return "too_small";
      if (question.max !== undefined && value > question.max) return "too_large";
      return null;
    }
    case "text": {
      if (typeof value !== "string") return "wrong_type";
      return value.length > (question.maxLength ?? 10_000) ? "too_long" : null;
    }
    case "month": {
      if (typeof value !== "string") return "wrong_type";
      if (!MONTH.test(value)) return "not_a_month";
      // YYYY-MM strings order as the months they name.
      if (question.min !== undefined && value < question.min) return "too_small";
      if (question.max !== undefined && value > question.max) return "too_large";
      return null;
    }
  }
}

/**
 * Every problem with a complete set of answers. An envelope is valid only when this is
 * empty: hidden questions (and notes) carry no key, shown required ones carry a value.
 */
export function checkAnswers(survey: Survey, answers: Answers): AnswerError[] {
  const errors: AnswerError[] = [];
  const answerable = new Set(survey.questions.filter((q) => q.type !== "note").map((q) => q.id));
  for (const key of Object.keys(answers)) {
    if (!answerable.has(key)) errors.push({ question: key, problem: "unknown_question" });
  }
  const { shown, kept } = walk(survey, answers);
  const isShownNow = new Set(shown.map((q) => q.id));
  for (const q of survey.questions) {
    if (q.type === "note") continue;
    const value = answers[q.id];
    if (!isShownNow.has(q.id)) {
      if (value !== undefined) errors.push({ question: q.id, problem: "not_shown" });
      continue;
    }
    const problem = checkAnswer(q, value, kept);
    if (problem) errors.push({ question: q.id, problem });
    else if (value !== undefined && isEmpty(value)) {
      // An unanswered question has no key (DESIGN §4); an empty string or array is not an answer.
      errors.push({ question: q.id, problem: "wrong_type" });
    }
  }
  return errors;
}
