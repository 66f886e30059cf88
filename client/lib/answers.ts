// What a valid set of answers to one survey version is (DESIGN §4 plaintext "answers").
// Shared by the respondent page (inline messages), the envelope opener and tabulation,
// so that "shown", "required" and "in range" mean one thing everywhere. UI-free.
import type { Question, Survey } from "../../surveys/schema";

export type AnswerValue = string | string[] | number;
export type Answers = Record<string, AnswerValue>;

export type AnswerProblem =
  | "required"
  | "not_an_option"
  | "wrong_type"
  | "too_small"
  | "too_large"
  | "too_long"
  | "not_shown"
  | "unknown_question";

export interface AnswerError {
  question: string;
  problem: AnswerProblem;
}

/** DESIGN §3: shown when the earlier answer is (or, for multi, includes) any listed option. */
export function isShown(question: Question, answers: Answers): boolean {
  if (!question.showIf) return true;
  const wanted = question.showIf.equals;
  const accepted = Array.isArray(wanted) ? wanted : [wanted];
  const given = answers[question.showIf.question];
  if (typeof given === "string") return accepted.includes(given);
  if (Array.isArray(given)) return given.some((value) => accepted.includes(value));
  return false;
}

export function shownQuestions(survey: Survey, answers: Answers): Question[] {
  return survey.questions.filter((q) => isShown(q, answers));
}

/** Drops answers to questions that a later change made hidden, so they are never sent. */
export function pruneHidden(survey: Survey, answers: Answers): Answers {
  const kept: Answers = {};
  for (const q of survey.questions) {
    const value = answers[q.id];
    if (value !== undefined && isShown(q, kept)) kept[q.id] = value;
  }
  return kept;
}

export function isEmpty(value: AnswerValue | undefined): boolean {
  return (
    value === undefined ||
    (typeof value === "string" && value.trim() === "") ||
    (Array.isArray(value) && value.length === 0)
  );
}

export function checkAnswer(
  question: Question,
  value: AnswerValue | undefined,
): AnswerProblem | null {
  if (isEmpty(value)) return question.required ? "required" : null;
  switch (question.type) {
    case "single": {
      if (typeof value !== "string") return "wrong_type";
      return question.options.some((o) => o.id === value) ? null : "not_an_option";
    }
    case "multi": {
      if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) return "wrong_type";
      if (new Set(value).size !== value.length) return "wrong_type";
      const ids = new Set(question.options.map((o) => o.id));
      return value.every((v) => ids.has(v)) ? null : "not_an_option";
    }
    case "number": {
      if (typeof value !== "number" || !Number.isFinite(value)) return "wrong_type";
      if (question.min !== undefined && value < question.min) return "too_small";
      if (question.max !== undefined && value > question.max) return "too_large";
      return null;
    }
    case "text": {
      if (typeof value !== "string") return "wrong_type";
      return value.length > (question.maxLength ?? 10_000) ? "too_long" : null;
    }
  }
}

/**
 * Every problem with a complete set of answers. An envelope is valid only when this is
 * empty: hidden questions carry no key, shown required ones carry a value.
 */
export function checkAnswers(survey: Survey, answers: Answers): AnswerError[] {
  const errors: AnswerError[] = [];
  const known = new Set(survey.questions.map((q) => q.id));
  for (const key of Object.keys(answers)) {
    if (!known.has(key)) errors.push({ question: key, problem: "unknown_question" });
  }
  for (const q of survey.questions) {
    const value = answers[q.id];
    if (!isShown(q, answers)) {
      if (value !== undefined) errors.push({ question: q.id, problem: "not_shown" });
      continue;
    }
    const problem = checkAnswer(q, value);
    if (problem) errors.push({ question: q.id, problem });
    else if (value !== undefined && isEmpty(value)) {
      // An unanswered question has no key (DESIGN §4); an empty string or array is not an answer.
      errors.push({ question: q.id, problem: "wrong_type" });
    }
  }
  return errors;
}
